/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host half of pure.h: the kernel types and helpers that pure code uses,
 * built from libc for unit tests, fuzz targets and benchmarks. Userspace
 * code, so it is not held to checkpatch (which would have it use the very
 * kernel types it defines). Include pure.h, never this file.
 */
#ifndef _HYBRID_PURE_HOST_H
#define _HYBRID_PURE_HOST_H


#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <assert.h>
#include <endian.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint64_t __be64;

#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define cpu_to_be16(x)	htobe16(x)
#define cpu_to_be32(x)	htobe32(x)
#define cpu_to_be64(x)	htobe64(x)
#define be16_to_cpu(x)	be16toh(x)
#define be32_to_cpu(x)	be32toh(x)
#define be64_to_cpu(x)	be64toh(x)
#define htons(x)	htobe16(x)
#define ntohs(x)	be16toh(x)
#define htonl(x)	htobe32(x)
#define ntohl(x)	be32toh(x)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1UL << (n))
#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min_t(t, a, b)	((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)	((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define fallthrough	__attribute__((__fallthrough__))
#define __always_unused	__attribute__((__unused__))
#define __must_check	__attribute__((__warn_unused_result__))
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* In host builds a broken invariant must stop the test, loudly. */
#define WARN_ON_ONCE(cond)	({ bool __c = !!(cond); assert(!__c); __c; })
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	return (u64)(((unsigned __int128)a * b) / c);
}

static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v;
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}


#endif /* _HYBRID_PURE_HOST_H */
