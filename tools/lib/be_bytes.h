/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Big-endian (network order) field access on octet buffers, for the
 * userspace codecs (libgbcp, libpmip) and their test generators.
 */
#ifndef _TOOLS_BE_BYTES_H
#define _TOOLS_BE_BYTES_H

#include <stdint.h>

static inline uint16_t be16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void be16_put(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void be32_put(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

#endif /* _TOOLS_BE_BYTES_H */
