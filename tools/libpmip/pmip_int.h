/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpmip internals shared by its source files; not installed.
 */
#ifndef _PMIP_INT_H
#define _PMIP_INT_H

#include "../lib/be_bytes.h"
#include "pmip.h"

#define PMIP_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* _PMIP_INT_H */
