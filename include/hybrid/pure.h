/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one bridge between "pure" code and its two homes.
 *
 * Pure files (parsers, codecs, the srTCM meter, the reorder window, the
 * binding selector) hold no kernel state and call no kernel API beyond what
 * this header provides, so the very same .c file is compiled into a module
 * and into host-side unit tests and libFuzzer targets. Anything a pure file
 * needs from its environment must be added here and in pure_host.h.
 */
#ifndef _HYBRID_PURE_H
#define _HYBRID_PURE_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/bug.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <asm/byteorder.h>
#include <asm/unaligned.h>

#else /* host build: unit tests, fuzz targets, benchmarks */

#include "pure_host.h"

#endif /* __KERNEL__ */

#define NSEC_PER_SEC_U64	1000000000ULL

#endif /* _HYBRID_PURE_H */
