// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: strict parsers and small formatters (see parse.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "parse.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int parse_uint(const char *s, uint64_t max, unsigned int flags, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;
	bool overflow = false;
	int d;

	if (!s || !*s)
		return -EINVAL;
	if ((flags & PARSE_HEX) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		d = hexval(*s);
		if (d < 0 || (unsigned int)d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			overflow = true;	/* keep going: junk wins */
		else
			v = v * base + d;
	}
	if (overflow || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_u32(const char *s, unsigned int flags, uint32_t *out)
{
	uint64_t v;
	int err = parse_uint(s, UINT32_MAX, flags, &v);

	if (!err)
		*out = v;
	return err;
}

int parse_u16(const char *s, unsigned int flags, uint16_t *out)
{
	uint64_t v;
	int err = parse_uint(s, UINT16_MAX, flags, &v);

	if (!err)
		*out = v;
	return err;
}

int parse_u8(const char *s, unsigned int flags, uint8_t *out)
{
	uint64_t v;
	int err = parse_uint(s, UINT8_MAX, flags, &v);

	if (!err)
		*out = v;
	return err;
}

const char *parse_err_str(int err)
{
	switch (err) {
	case -EINVAL:
		return "not a valid value";
	case -ERANGE:
		return "out of range";
	default:
		return strerror(err < 0 ? -err : err);
	}
}

int parse_addr(const char *s, struct bc_addr *out)
{
	struct bc_addr a;

	memset(&a, 0, sizeof(a));
	if (!s || !*s)
		return -EINVAL;
	if (inet_pton(AF_INET, s, a.a) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, s, a.a) == 1)
		a.family = AF_INET6;
	else
		return -EINVAL;
	*out = a;
	return 0;
}

size_t bc_addr_len(const struct bc_addr *a)
{
	switch (a->family) {
	case AF_INET:
		return 4;
	case AF_INET6:
		return 16;
	default:
		return 0;
	}
}

const char *fmt_addr(const void *bytes, size_t len, char *buf, size_t size)
{
	int af = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;

	if (!af || !inet_ntop(af, bytes, buf, size))
		snprintf(buf, size, "?");
	return buf;
}

int parse_hex_bytes(const char *s, uint8_t *buf, size_t max, size_t *len)
{
	size_t n = 0;
	int hi, lo;

	if (!s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return -EINVAL;
	for (;;) {
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (n == max)
			return -ERANGE;
		buf[n++] = hi << 4 | lo;
		s += 2;
		if (!*s)
			break;
		if (*s == ':') {
			s++;
			if (!*s)
				return -EINVAL;	/* trailing separator */
		}
	}
	*len = n;
	return 0;
}

int parse_ifname(const char *s)
{
	const char *p;

	if (!s || !*s)
		return -EINVAL;
	if (strlen(s) >= IFNAMSIZ)
		return -ERANGE;
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return -EINVAL;
	for (p = s; *p; p++) {
		/* what the kernel's dev_valid_name() refuses */
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '\t' ||
		    *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
			return -EINVAL;
	}
	return 0;
}

int parse_hold(const char *s, bool *is_auto, uint32_t *usec)
{
	if (s && !strcmp(s, "auto")) {
		*is_auto = true;
		*usec = 0;
		return 0;
	}
	*is_auto = false;
	return parse_u32(s, 0, usec);
}

const char *fmt_time_ns(uint64_t ns, char *buf, size_t size)
{
	static const struct {
		uint64_t div;
		const char *unit;
	} units[] = {
		{ 1000000000ULL, "s" },
		{ 1000000ULL, "ms" },
		{ 1000ULL, "us" },
		{ 1ULL, "ns" },
	};
	uint64_t tenths;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(units) - 1; i++)
		if (ns >= units[i].div)
			break;
	if (units[i].div == 1) {
		snprintf(buf, size, "%llu%s", (unsigned long long)ns,
			 units[i].unit);
		return buf;
	}
	/* round to one decimal without overflowing for huge values */
	tenths = ns / units[i].div * 10 +
		 ((ns % units[i].div) * 10 + units[i].div / 2) / units[i].div;
	if (tenths % 10)
		snprintf(buf, size, "%llu.%llu%s",
			 (unsigned long long)(tenths / 10),
			 (unsigned long long)(tenths % 10), units[i].unit);
	else
		snprintf(buf, size, "%llu%s", (unsigned long long)(tenths / 10),
			 units[i].unit);
	return buf;
}

const char *fmt_time_us(uint64_t us, char *buf, size_t size)
{
	if (us > UINT64_MAX / 1000)
		us = UINT64_MAX / 1000;
	return fmt_time_ns(us * 1000, buf, size);
}

const char *fmt_hex(const uint8_t *b, size_t n, char *buf, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	bool cut = false;
	size_t i, o = 0;

	if (!size)
		return buf;
	if (n > (size - 1) / 2) {
		/* keep room for "..." and the NUL */
		n = size >= 4 ? (size - 4) / 2 : 0;
		cut = size >= 4;
	}
	for (i = 0; i < n; i++) {
		buf[o++] = digits[b[i] >> 4];
		buf[o++] = digits[b[i] & 0xf];
	}
	if (cut) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

int kw_lookup(const struct kw *tab, const char *word, int *val)
{
	for (; tab->name; tab++) {
		if (!strcmp(tab->name, word)) {
			*val = tab->val;
			return 0;
		}
	}
	return -ENOENT;
}

int kw_match(const struct kw *tab, const char *word, int *val)
{
	size_t len = strlen(word);
	bool found = false;
	int v = 0;

	if (!kw_lookup(tab, word, val))
		return 0;
	if (!len)
		return -ENOENT;
	for (; tab->name; tab++) {
		if (strncmp(tab->name, word, len))
			continue;
		if (found && tab->val != v)
			return -ENOTUNIQ;
		found = true;
		v = tab->val;
	}
	if (!found)
		return -ENOENT;
	*val = v;
	return 0;
}
