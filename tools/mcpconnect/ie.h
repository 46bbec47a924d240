/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MCPCONNECT_IE_H
#define _MCPCONNECT_IE_H

#include <stddef.h>

/*
 * mcpc_build_ie() - a destination MP_CONVERT IE (port 0: none), followed by
 * a source IE (D set, IPv4, no port) when @src4 is not NULL
 * Return: octets written to @buf, or a negative mcpw_reason.
 */
int mcpc_build_ie(int v6, const unsigned char *addr, unsigned int port,
		  const unsigned char *src4, unsigned char *buf, size_t len);

#endif
