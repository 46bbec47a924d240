// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd host unit test: the configuration parser, address parsing, the
 * timer heap and the protocol decisions of policy.c (no kernel, no
 * netlink). Prints TAP; exits non-zero on failure.
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
	"  route 192.0.2.128/28\n"
	"  dsl-gateway 198.51.100.2\n"
	"  idle-timeout-ms 3000\n"
	"  prefix-dev lan0\n";

static const char haap_ok[] =
	"haap\n"
	"  h-address4 198.51.100.2\n"
	"  rtt-threshold-ms 40\n"
	"  hello-retry 10\n"
	"client HG-1\n"
	"  dsl-up-kbps 1000\n"
	"  ipv6-prefix 2001:db8:100::/56\n"
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
		{ "haap\n  h-address4 192.0.2.1\nclient a\n"
		  "  ipv6-prefix 2001:db8:100::1/56\n",
		  "ipv6-prefix with host bits" },
		{ "haap\n  h-address4 192.0.2.1\nclient a\n"
		  "  ipv6-prefix 192.0.2.0/24\n", "ipv6-prefix of IPv4" },
		{ "hg hab0\n  cin x\n  idle-timeout-ms 172800001\n",
		  "idle-timeout-ms above 48 h" },
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
	ok(c.hg.idle_timeout_ms == 3000 && c.hg.dsl_gateway.family == AF_INET &&
	   !strcmp(c.hg.prefix_dev, "lan0"),
	   "conf: idle-timeout-ms, dsl-gateway, prefix-dev");
	conf_free(&c);

	ok(!load(haap_ok, &c), "conf: HAAP example loads");
	ok(c.role == ROLE_HAAP && c.p.rtt_threshold_ms == 40 &&
	   c.p.hello_retry == 10, "conf: Accept parameters");
	ok(conf_client_find(&c, "HG-1") &&
	   conf_client_find(&c, "HG-1")->dsl_up_kbps == 1000 &&
	   conf_client_find(&c, "HG 2") && !conf_client_find(&c, "HG-3"),
	   "conf: allow-list");
	ok(conf_client_find(&c, "HG-1")->v6_prefix.len == 56 &&
	   !conf_client_find(&c, "HG 2")->v6_prefix.len,
	   "conf: a client's ipv6-prefix");
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

#define BIT(a)	(1ULL << (a))

static void test_notify_echo(void)
{
	uint64_t hg_flags = BIT(GBCP_A_SWITCH_TO_DSL) |
			    BIT(GBCP_A_LTE_LINK_FAILURE) |
			    BIT(GBCP_A_DIAG_START_BONDING) |
			    BIT(GBCP_A_BYPASS_RATE) |
			    BIT(GBCP_A_IPV6_PREFIX_HOST) |
			    BIT(GBCP_A_SWITCH_IDLE_HELLO);

	ok(notify_echo_mask(ROLE_HAAP, hg_flags) == hg_flags,
	   "notify: the HAAP echoes everything the HG starts");
	ok(notify_echo_mask(ROLE_HG, hg_flags) == 0,
	   "notify: the HG never echoes its own attributes back (no ping-pong)");
	ok(notify_echo_mask(ROLE_HG, BIT(GBCP_A_TUNNEL_VERIFICATION)) ==
	   BIT(GBCP_A_TUNNEL_VERIFICATION),
	   "notify: the HG echoes Tunnel Verification");
	ok(notify_echo_mask(ROLE_HAAP, BIT(GBCP_A_TUNNEL_VERIFICATION)) == 0,
	   "notify: the HAAP takes 35 back as the echo, not a request");
	ok(notify_echo_mask(ROLE_HG, BIT(GBCP_A_FILTER_LIST)) == 0 &&
	   notify_echo_mask(ROLE_HAAP, BIT(GBCP_A_FILTER_LIST_ACK)) == 0,
	   "notify: a filter list is acknowledged by 30, and 30 not echoed");
	ok(notify_echo_mask(ROLE_HAAP, BIT(GBCP_A_SESSION_ID) |
			    BIT(GBCP_A_TIMESTAMP)) == 0,
	   "notify: attributes of other messages are not echoed");
	ok(notify_initiator(GBCP_A_DIAG_END) == ROLE_HG &&
	   notify_initiator(GBCP_A_DSL_LINK_FAILURE) == ROLE_HG &&
	   notify_initiator(GBCP_A_H_IPV4) == ROLE_NONE,
	   "notify: initiators of 29, 18; none for 1");
}

static void test_lte_request(void)
{
	struct addr a1 = { .family = AF_INET, .a = { 203, 0, 113, 1 } };
	struct addr a9 = { .family = AF_INET, .a = { 203, 0, 113, 9 } };
	struct addr g = { .family = AF_INET, .a = { 203, 0, 113, 2 } };
	struct sess s;

	memset(&s, 0, sizeof(s));
	s.session_id = 77;
	s.key = 1234;
	s.state = SS_UP;
	s.t[TUN_LTE].present = true;
	s.t[TUN_LTE].remote = a1;
	s.t[TUN_LTE].local = g;
	ok(lte_request_kind(NULL, &a1, &g, false, 0, 0) == LTE_REQ_NEW,
	   "lte request: no session, a new one");
	ok(lte_request_kind(&s, &a1, &g, false, 0, 0) == LTE_REQ_VERIFY,
	   "lte request: same addresses, session up (HG restart): verify");
	ok(lte_request_kind(&s, &a9, &g, false, 0, 0) == LTE_REQ_VERIFY,
	   "lte request: other address: verify");
	ok(lte_request_kind(&s, &a9, &g, true, 77, 1234) == LTE_REQ_REVIVE,
	   "lte request: Session ID and key of the session: revive");
	ok(lte_request_kind(&s, &a9, &g, true, 77, 0) == LTE_REQ_VERIFY,
	   "lte request: Session ID without the key: verify");
	ok(lte_request_kind(&s, &a9, &g, true, 78, 1234) == LTE_REQ_VERIFY,
	   "lte request: another Session ID: verify");
	s.state = SS_DSL_SETUP;
	ok(lte_request_kind(&s, &a1, &g, false, 0, 0) == LTE_REQ_SAME_ACCEPT,
	   "lte request: repeated before DSL setup: the same Accept");
	ok(lte_request_kind(&s, &a9, &g, false, 0, 0) == LTE_REQ_VERIFY,
	   "lte request: before DSL setup from elsewhere: verify");
}

static void test_verify(void)
{
	struct verify v = { .active = true };
	int sends = 0;
	enum verify_step st;

	while ((st = verify_tick(&v)) == VERIFY_SEND && sends < 10)
		sends++;
	ok(sends == 3 && st == VERIFY_DEAD && !v.active,
	   "verify: 3 Notify 35 (1 + 2 retries), then dead (%d)", sends);
	ok(verify_tick(&v) == VERIFY_IDLE, "verify: ended stays ended");
}

static void test_timeouts(void)
{
	ok(!idle_timeout_passed(0, 100 * NSEC_PER_SEC, NSEC_PER_SEC),
	   "idle timeout: not gone, never");
	ok(!idle_timeout_passed(NSEC_PER_SEC, 100 * NSEC_PER_SEC, 0),
	   "idle timeout: 0 means never (5.2.8)");
	ok(!idle_timeout_passed(NSEC_PER_SEC, 60 * NSEC_PER_SEC,
				60 * NSEC_PER_SEC),
	   "idle timeout: 59 s of 60 not passed");
	ok(idle_timeout_passed(NSEC_PER_SEC, 61 * NSEC_PER_SEC,
			       60 * NSEC_PER_SEC),
	   "idle timeout: 60 s of 60 passed");
	ok(idle_timeout_ns(0, 86400) == 86400ULL * NSEC_PER_SEC &&
	   idle_timeout_ns(3000, 86400) == 3000ULL * NSEC_PER_MSEC,
	   "idle timeout: the Accept's, or the configured override");
}

static void test_link_failure(void)
{
	unsigned int attr = 0;

	ok(link_failure_report(TUN_DSL, &attr) == TUN_LTE &&
	   attr == GBCP_A_DSL_LINK_FAILURE,
	   "link failure: DSL down is reported on LTE with 18");
	ok(link_failure_report(TUN_LTE, &attr) == TUN_DSL &&
	   attr == GBCP_A_LTE_LINK_FAILURE,
	   "link failure: LTE down is reported on DSL with 19");
	ok(link_failure_report(5, &attr) < 0, "link failure: no tunnel 5");
}

static void test_ipv6_prefix(void)
{
	struct gbcp_ipv6_prefix p = {
		.addr = { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00 }, .len = 56,
	};

	ok(ipv6_prefix_ok(&p), "ipv6 prefix: 2001:db8:100::/56");
	p.len = 20;
	ok(!ipv6_prefix_ok(&p), "ipv6 prefix: bits beyond /20 refused");
	p.len = 0;
	ok(!ipv6_prefix_ok(&p), "ipv6 prefix: length 0 refused");
	p.len = 129;
	ok(!ipv6_prefix_ok(&p), "ipv6 prefix: length 129 refused");
	p.len = 128;
	p.addr[15] = 1;
	ok(ipv6_prefix_ok(&p), "ipv6 prefix: a /128 host");
	p.addr[0] = 0xff;
	ok(!ipv6_prefix_ok(&p), "ipv6 prefix: multicast refused");
	memset(p.addr, 0, 16);
	p.len = 64;
	ok(!ipv6_prefix_ok(&p), "ipv6 prefix: :: refused");
}

int main(void)
{
	log_open(false, LOG_LVL_ERR - 1);
	test_prefix();
	test_conf();
	test_timers();
	test_notify_echo();
	test_lte_request();
	test_verify();
	test_timeouts();
	test_link_failure();
	test_ipv6_prefix();
	printf("1..%d\n", n_tests);
	if (n_failed)
		printf("# %d of %d failed\n", n_failed, n_tests);
	return n_failed ? 1 : 0;
}
