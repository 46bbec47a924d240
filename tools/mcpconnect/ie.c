// SPDX-License-Identifier: GPL-2.0
/*
 * mcpconnect: the one file that uses the MCP's wire layer. Kept apart from
 * mcpconnect.c because pure.h defines byte-order helpers that the socket
 * headers define too.
 */
#include "hybrid/pure.h"
#include "mcp_proxy/convert_wire.h"
#include "ie.h"

int mcpc_build_ie(int v6, const unsigned char *addr, unsigned int port,
		  int src_v6, const unsigned char *src, unsigned char *buf,
		  size_t len)
{
	struct mcpw_conv c;
	struct mcpw_ie *e = &c.ie[0];

	memset(&c, 0, sizeof(c));
	c.n = 1;
	e->family = v6 ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4;
	memcpy(e->addr, addr, v6 ? MCPW_ADDR6_LEN : MCPW_ADDR4_LEN);
	if (port) {
		e->has_port = 1;
		e->port = port;
	}
	if (src) {
		e = &c.ie[c.n++];
		e->family = src_v6 ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4;
		e->src = 1;
		memcpy(e->addr, src, src_v6 ? MCPW_ADDR6_LEN : MCPW_ADDR4_LEN);
	}
	return mcpw_encode(&c, buf, len);
}
