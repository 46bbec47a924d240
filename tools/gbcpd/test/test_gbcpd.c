// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd host unit test: the configuration parser, address parsing and the
 * timer heap (no kernel, no netlink). Prints TAP; exits non-zero on failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gbcpd.h"

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

static void test_prefix(void)
{
	struct prefix p;

	ok(!prefix_parse("192.0.2.65/30", &p) && p.addr.family == AF_INET &&
	   p.len == 30, "prefix: IPv4 with length");
	ok(!prefix_parse("2001:db8::1", &p) && p.addr.family == AF_INET6 &&
	   p.len == 128, "prefix: IPv6 host");
	ok(prefix_parse("192.0.2.1/33", &p), "prefix: IPv4 length 33 refused");
	ok(prefix_parse("192.0.2.1/", &p), "prefix: empty length refused");
	ok(prefix_parse("192.0.2.1/2x", &p), "prefix: junk length refused");
	ok(prefix_parse("host.example", &p), "prefix: a name refused");
}

/* write text to a temporary file, load it; 0 or the error */
static int load(const char *text, struct conf *c)
{
	char path[] = "/tmp/gbcpd-test-XXXXXX";
	int fd = mkstemp(path), r;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -99;
	close(fd);
	r = conf_load(path, c);
	unlink(path);
	return r;
}

static const char hg_ok[] =
	"# an HG\n"
	"dialect dt\n"
	"state-dir /tmp/x\n"
	"hg hab0\n"
	"  cin \"Speedport Hybrid # 1\"   # a comment\n"
	"  haap-address 203.0.113.2\n"
	"  lte-local 203.0.113.1\n"
	"  dsl-local 198.51.100.1\n"
	"  dsl-sync-rate 20000\n"
	"  hello-interval-ms 200\n"
	"  on-deny idle\n"
	"  address 192.0.2.65/30\n"
	"  route 192.0.2.128/28\n";

static const char haap_ok[] =
	"haap\n"
	"  h-address4 198.51.100.2\n"
	"  rtt-threshold-ms 40\n"
	"  hello-retry 10\n"
	"client HG-1\n"
	"  dsl-up-kbps 1000\n"
	"client \"HG 2\"\n";

static void test_conf(void)
{
	static const struct {
		const char *text, *what;
	} bad[] = {
		{ "hg hab0\n  cin x\n  bogus 1\n", "unknown key" },
		{ "haap\n  h-address4 192.0.2.1\n  hello-retry 11\n",
		  "hello-retry above 10" },
		{ "haap\n  h-address4 192.0.2.1\n  rtt-violation 0\n",
		  "rtt-violation 0" },
		{ "haap\n  h-address4 2001:db8::1\n", "h-address4 of IPv6" },
		{ "haap\n  rtt-threshold-ms 10\n", "haap without H" },
		{ "hg hab0\n  cin x\nhaap\n", "both roles" },
		{ "hg hab0\n  haap-address 192.0.2.1\n  lte-local 192.0.2.2\n"
		  "  dsl-local 192.0.2.3\n  dsl-sync-rate 1\n", "hg without cin" },
		{ "hg hab0\n  cin x\n  haap-address 192.0.2.1\n"
		  "  lte-local 2001:db8::2\n  dsl-local 192.0.2.3\n"
		  "  dsl-sync-rate 1\n", "mixed families" },
		{ "haap\n  h-address4 192.0.2.1\nclient "
		  "12345678901234567890123456789012345678901\n",
		  "CIN of 41 octets" },
		{ "haap\n  h-address4 192.0.2.1\nclient a\nclient a\n",
		  "duplicate CIN" },
		{ "hg hab0\n  cin \"open\n", "unterminated quote" },
		{ "hg abcdefghijklmnop\n", "bond name too long" },
		{ "haap\n  h-address4 192.0.2.1\n  setup-rate -1\n",
		  "negative number" },
		{ "", "empty file" },
	};
	struct conf c;
	size_t i;

	ok(!load(hg_ok, &c), "conf: HG example loads");
	ok(c.role == ROLE_HG && c.dialect == GBCP_DIALECT_DT,
	   "conf: role and dialect");
	ok(!strcmp(c.hg.cin, "Speedport Hybrid # 1"),
	   "conf: quoted value keeps blanks and '#'");
	ok(c.hg.hello_ms == 200 && !c.hg.deny_exit && c.hg.n_addrs == 1 &&
	   c.hg.n_routes == 1 && c.hg.routes[0].len == 28,
	   "conf: HG values");
	ok(c.p.hello_retry == 3 && c.hg.setup_retry_ms == 3000,
	   "conf: defaults");
	conf_free(&c);

	ok(!load(haap_ok, &c), "conf: HAAP example loads");
	ok(c.role == ROLE_HAAP && c.p.rtt_threshold_ms == 40 &&
	   c.p.hello_retry == 10, "conf: Accept parameters");
	ok(conf_client_find(&c, "HG-1") &&
	   conf_client_find(&c, "HG-1")->dsl_up_kbps == 1000 &&
	   conf_client_find(&c, "HG 2") && !conf_client_find(&c, "HG-3"),
	   "conf: allow-list");
	conf_free(&c);

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(load(bad[i].text, &c) != 0, "conf: refused: %s", bad[i].what);
}

/* --- timers ------------------------------------------------------------ */

#define N_TIMERS	64

static struct timer timers[N_TIMERS], stop_timer;
static int fired[N_TIMERS], n_fired;

static void timer_fn(struct timer *t)
{
	fired[n_fired++] = (int)(t - timers);
}

static void stop_fn(struct timer *t)
{
	(void)t;
	loop_stop(0);
}

static void test_timers(void)
{
	uint64_t base = now_ns();
	bool sorted = true, cancelled_fired = false;
	int i, expect = 0;

	ok(loop_init() == 0, "timers: loop");
	for (i = 0; i < N_TIMERS; i++) {
		timer_init(&timers[i], timer_fn, NULL);
		/* a scrambled order, all due already */
		timer_arm(&timers[i], base - 1000000 +
			  (uint64_t)((i * 37) % N_TIMERS) * 1000);
	}
	for (i = 0; i < N_TIMERS; i += 5)
		timer_cancel(&timers[i]);
	timer_arm(&timers[3], base - 2000000);	/* re-armed: first now */
	timer_init(&stop_timer, stop_fn, NULL);
	timer_after_ms(&stop_timer, 1);
	loop_run();
	for (i = 0; i < N_TIMERS; i++)
		if (i % 5)
			expect++;
	ok(n_fired == expect, "timers: %d of %d fired (cancelled ones not)",
	   n_fired, expect);
	ok(n_fired > 0 && fired[0] == 3, "timers: re-armed timer first");
	for (i = 1; i < n_fired; i++) {
		if (timers[fired[i]].when < timers[fired[i - 1]].when)
			sorted = false;
		if (fired[i] % 5 == 0)
			cancelled_fired = true;
	}
	ok(sorted && !cancelled_fired, "timers: in deadline order");
	ok(!timer_armed(&timers[1]) && !timer_armed(&stop_timer),
	   "timers: none left armed");
}

int main(void)
{
	log_open(false, LOG_LVL_ERR - 1);
	test_prefix();
	test_conf();
	test_timers();
	printf("1..%d\n", n_tests);
	if (n_failed)
		printf("# %d of %d failed\n", n_failed, n_tests);
	return n_failed ? 1 : 0;
}
