// SPDX-License-Identifier: GPL-2.0
/*
 * mcpconnect: the capability cache (cache.h), as pure text transforms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

/* an address as written by inet_ntop: hex digits, dots and colons */
static int addr_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 45)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F') || c == '.' || c == ':'))
			return 0;
	}
	return 1;
}

struct entry {
	char addr[46];
	enum mcpc_cap cap;
	long long expiry;
};

/* one line (without its newline) into @e; 0, or -1 when malformed */
static int parse_line(const char *line, size_t n, struct entry *e)
{
	char buf[MCPC_LINE_MAX + 1], word[16], *end;
	int used = 0;

	if (n > MCPC_LINE_MAX)
		return -1;
	memcpy(buf, line, n);
	buf[n] = '\0';
	if (sscanf(buf, "%45s %15s %n", e->addr, word, &used) != 2 || !used)
		return -1;
	if (!addr_ok(e->addr, strlen(e->addr)))
		return -1;
	if (!strcmp(word, "converts"))
		e->cap = MCPC_CONVERTS;
	else if (!strcmp(word, "direct"))
		e->cap = MCPC_DIRECT;
	else
		return -1;
	if (buf[used] < '0' || buf[used] > '9')
		return -1;
	e->expiry = strtoll(buf + used, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	return *end ? -1 : 0;
}

/* the next line of @text from *@off: its start and length, or NULL */
static const char *next_line(const char *text, size_t len, size_t *off,
			     size_t *n)
{
	const char *start, *nl;

	if (*off >= len)
		return NULL;
	start = text + *off;
	nl = memchr(start, '\n', len - *off);
	*n = nl ? (size_t)(nl - start) : len - *off;
	*off += *n + (nl ? 1 : 0);
	return start;
}

enum mcpc_cap mcpc_cache_lookup(const char *text, size_t len,
				const char *mcp, long long now)
{
	enum mcpc_cap cap = MCPC_UNKNOWN;
	const char *line;
	struct entry e;
	size_t off = 0, n;

	while ((line = next_line(text, len, &off, &n))) {
		if (parse_line(line, n, &e) || e.expiry <= now ||
		    strcmp(e.addr, mcp))
			continue;
		cap = e.cap;	/* the last valid line wins */
	}
	return cap;
}

int mcpc_cache_update(const char *text, size_t len, const char *mcp,
		      enum mcpc_cap cap, long long expiry, long long now,
		      char *out, size_t outlen)
{
	const char *line;
	struct entry e;
	size_t off = 0, n, w = 0;
	int k;

	if (!addr_ok(mcp, strlen(mcp)) || !outlen)
		return -1;
	while ((line = next_line(text, len, &off, &n))) {
		if (parse_line(line, n, &e) || e.expiry <= now ||
		    !strcmp(e.addr, mcp))
			continue;
		if (n + 1 >= outlen - w)
			return -1;
		memcpy(out + w, line, n);
		w += n;
		out[w++] = '\n';
	}
	out[w] = '\0';
	if (cap == MCPC_UNKNOWN)
		return w;
	k = snprintf(out + w, outlen - w, "%s %s %lld\n", mcp,
		     cap == MCPC_CONVERTS ? "converts" : "direct", expiry);
	if (k < 0 || (size_t)k >= outlen - w)
		return -1;
	return w + k;
}
