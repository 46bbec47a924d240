/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The check of the fuzz targets: a failed one names itself and aborts,
 * which libFuzzer reports as a crash.
 */
#ifndef _FUZZ_CHECK_H
#define _FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			__LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif /* _FUZZ_CHECK_H */
