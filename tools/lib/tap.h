/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TAP output of the host unit tests (bondctl, gbcpd, pmipd): one
 * "ok N - what" line a check, the plan at the end, exit status 1 if any
 * check failed. Each test is a single file, so static state is enough.
 */
#ifndef HA_TAP_H
#define HA_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int n_tests, n_failed;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* the plan and a summary of failures; main()'s exit status */
static int tap_done(void)
{
	printf("1..%d\n", n_tests);
	if (n_failed)
		printf("# %d of %d failed\n", n_failed, n_tests);
	return n_failed ? 1 : 0;
}

#endif /* HA_TAP_H */
