/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcpconnect: the capability cache of draft-boucadair-mptcp-plain-mode
 * section 5.2. A host that got no echo of its MP_CONVERT IE remembers that
 * this MCP does not convert, for a time, and goes straight to the server
 * meanwhile. The cache is text, one line per MCP:
 *
 *	ADDRESS converts|direct EXPIRY
 *
 * EXPIRY in seconds since the epoch. These functions only transform text
 * (mcpconnect.c reads and writes the file), so they are unit tested.
 */
#ifndef _MCPCONNECT_CACHE_H
#define _MCPCONNECT_CACHE_H

#include <stddef.h>

enum mcpc_cap {
	MCPC_UNKNOWN,	/* no valid entry: try the conversion */
	MCPC_CONVERTS,	/* the MCP echoed: convert */
	MCPC_DIRECT,	/* a conversion failed: go to the server directly */
};

/* the longest line written; longer ones in a file are dropped as malformed */
#define MCPC_LINE_MAX	96

/*
 * mcpc_cache_lookup() - what the cache says of @mcp at @now
 * Malformed and expired lines count as absent.
 */
enum mcpc_cap mcpc_cache_lookup(const char *text, size_t len,
				const char *mcp, long long now);

/*
 * mcpc_cache_update() - @text with @mcp's entry set to @cap until @expiry
 * (MCPC_UNKNOWN removes it); expired and malformed lines are dropped.
 * Return: the length written to @out (NUL-terminated), or -1 when @mcp is
 * not a plausible address or @out is too small.
 */
int mcpc_cache_update(const char *text, size_t len, const char *mcp,
		      enum mcpc_cap cap, long long expiry, long long now,
		      char *out, size_t outlen);

#endif
