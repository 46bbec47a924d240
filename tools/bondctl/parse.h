/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: strict parsers and small formatters. Pure: libc only, no netlink,
 * no global state, so the unit test links this file as it is.
 *
 * Parsers return 0 on success, -EINVAL for malformed input and -ERANGE for
 * values out of range; parse_err_str() turns that into words.
 */
#ifndef BONDCTL_PARSE_H
#define BONDCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PARSE_HEX	0x1	/* also accept 0x/0X followed by hex digits */

int parse_uint(const char *s, uint64_t max, unsigned int flags, uint64_t *out);
int parse_u32(const char *s, unsigned int flags, uint32_t *out);
int parse_u16(const char *s, unsigned int flags, uint16_t *out);
int parse_u8(const char *s, unsigned int flags, uint8_t *out);
const char *parse_err_str(int err);

/* an outer tunnel address */
struct bc_addr {
	int family;			/* AF_INET or AF_INET6; 0: unset */
	unsigned char a[16];		/* network order, 4 bytes used for v4 */
};

int parse_addr(const char *s, struct bc_addr *out);
size_t bc_addr_len(const struct bc_addr *a);
/* format 4 or 16 address bytes; anything else gives "?" */
const char *fmt_addr(const void *bytes, size_t len, char *buf, size_t size);

/*
 * Hex bytes: pairs of hex digits, optionally separated by ':' (one between
 * two bytes), e.g. "0102ab" or "01:02:ab". An optional leading "0x" is
 * accepted. Empty input is rejected.
 */
int parse_hex_bytes(const char *s, uint8_t *buf, size_t max, size_t *len);

/* a network interface name the kernel would accept */
int parse_ifname(const char *s);

/* "auto" or a number of microseconds */
int parse_hold(const char *s, bool *is_auto, uint32_t *usec);

/*
 * Durations for humans: "850ns", "12.5us", "12.5ms", "100ms", "1.2s".
 * One decimal at most, a trailing ".0" dropped.
 */
const char *fmt_time_ns(uint64_t ns, char *buf, size_t size);
const char *fmt_time_us(uint64_t us, char *buf, size_t size);

/* lower-case hex, no separators; truncated with "..." if buf is short */
const char *fmt_hex(const uint8_t *b, size_t n, char *buf, size_t size);

/*
 * Keyword tables. kw_lookup() finds an exact match; kw_match() also takes a
 * unique prefix (entries with the same value count once), for commands.
 */
struct kw {
	const char *name;
	int val;
};

int kw_lookup(const struct kw *tab, const char *word, int *val);
int kw_match(const struct kw *tab, const char *word, int *val);

#endif /* BONDCTL_PARSE_H */
