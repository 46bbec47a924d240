/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libgbcp internals shared by its source files; not installed.
 */
#ifndef _GBCP_INT_H
#define _GBCP_INT_H

#include "gbcp.h"

static inline uint16_t gbcp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t gbcp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void gbcp_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void gbcp_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* gbcp_text.c */
bool gbcp_utf8_valid(const uint8_t *s, size_t len);

/* gbcp_filter.c */
int gbcp_filter_decode(const uint8_t *v, size_t len,
		       struct gbcp_filter_list *fl, const char **err);
int gbcp_filter_check(const struct gbcp_filter_list *fl, size_t *wire_len,
		      const char **err);
size_t gbcp_filter_encode(const struct gbcp_filter_list *fl, uint8_t *p);
bool gbcp_filter_equal(const struct gbcp_filter_list *a,
		       const struct gbcp_filter_list *b);

#endif /* _GBCP_INT_H */
