/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpmip internals shared by its source files; not installed.
 */
#ifndef _PMIP_INT_H
#define _PMIP_INT_H

#include "pmip.h"

#define PMIP_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static inline uint16_t pmip_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t pmip_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void pmip_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void pmip_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

#endif /* _PMIP_INT_H */
