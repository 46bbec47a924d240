/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MCPCONNECT_IE_H
#define _MCPCONNECT_IE_H

#include <stddef.h>

/*
 * mcpc_build_ie() - a destination MP_CONVERT IE (port 0: none), followed by
 * a source IE (D set, no port) when @src is not NULL: IPv6 when @src_v6,
 * else IPv4
 * Return: octets written to @buf, or a negative mcpw_reason.
 */
int mcpc_build_ie(int v6, const unsigned char *addr, unsigned int port,
		  int src_v6, const unsigned char *src, unsigned char *buf,
		  size_t len);

#endif
