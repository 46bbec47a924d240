/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MCPCONNECT_IE_H
#define _MCPCONNECT_IE_H

#include <stddef.h>

/*
 * mcpc_build_ie() - one destination MP_CONVERT IE (port 0: none)
 * Return: octets written to @buf, or a negative mcpw_reason.
 */
int mcpc_build_ie(int v6, const unsigned char *addr, unsigned int port,
		  unsigned char *buf, size_t len);

#endif
