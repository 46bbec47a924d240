// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd host unit test: the configuration parser, address parsing, the
 * timer heap, the protocol decisions of policy.c and the pure parts of
 * filter lists (configured items, fragmentation, reassembly, the nft
 * script). No kernel, no netlink. Prints TAP; exits non-zero on failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "gbcpd.h"
#include "tap.h"

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

/* --- filter lists ------------------------------------------------------ */

static void test_filter_conf(void)
{
	static const struct {
		const char *line;
		uint16_t type;
	} good[] = {
		{ "fqdn iptv.example.com", GBCP_F_FQDN },
		{ "dscp 46", GBCP_F_DSCP },
		{ "dst-port 5001", GBCP_F_DST_PORT },
		{ "dst-ip 192.0.2.130", GBCP_F_DST_IP },
		{ "dst-ip-port 192.0.2.130:5001", GBCP_F_DST_IP_PORT },
		{ "src-port 68", GBCP_F_SRC_PORT },
		{ "src-ip 2001:db8::/32", GBCP_F_SRC_IP },
		{ "src-ip-port [2001:db8::1]:80", GBCP_F_SRC_IP_PORT },
		{ "src-mac 00-11-22-33-44-55", GBCP_F_SRC_MAC },
		{ "protocol UDP", GBCP_F_PROTOCOL },
		{ "src-ip-range 10.0.0.1-10.0.0.9", GBCP_F_SRC_IP_RANGE },
		{ "dst-ip-range 10.1.0.0/16", GBCP_F_DST_IP_RANGE },
		{ "src-ip-range-port 10.2.0.0/24:443", GBCP_F_SRC_IP_RANGE_PORT },
		{ "dst-ip-range-port 10.3.0.1-10.3.0.2:8080",
		  GBCP_F_DST_IP_RANGE_PORT },
		{ "15 anything", 15 },
	};
	static const char *const bad[] = {
		"", "dst-ip", "bogus 1.2.3.4", "dst-ip 1.2.3.4.5",
		"dst-port 65536", "dscp 64", "src-mac 00:11:22:33:44",
		"dst-ip-port 192.0.2.1", "dst-ip-range 10.0.0.9-10.0.0.1",
		"0 x", "65536 x", "fqdn a..b", "dst-ip 1.2.3.4 \"open",
		"dst-ip 1.2.3.4 \"desc\" trailing",
	};
	struct conf_filter f;
	const char *why;
	size_t i;
	bool all = true;
	struct conf c;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		why = NULL;
		if (filter_conf_parse(good[i].line, &f, &why) ||
		    f.type != good[i].type || f.enable != 1 ||
		    strcmp(f.desc, "")) {
			all = false;
			printf("# %s: %s\n", good[i].line, why ? why : "?");
		}
		filter_conf_free_one(&f);
	}
	ok(all, "filter conf: one item of each of the 14 types, and a reserved one");
	ok(!filter_conf_parse("dst-ip 192.0.2.1 disabled \"IP TV # 2\"", &f,
			      &why) && f.enable == 0 &&
	   !strcmp(f.desc, "IP TV # 2") && !strcmp(f.value, "192.0.2.1"),
	   "filter conf: disabled, quoted description");
	filter_conf_free_one(&f);
	ok(!filter_conf_parse("dscp 34 video streams", &f, &why) &&
	   f.enable == 1 && !strcmp(f.desc, "video streams"),
	   "filter conf: unquoted description is the rest of the line");
	filter_conf_free_one(&f);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(filter_conf_parse(bad[i], &f, &why) == -EINVAL && !f.value,
		   "filter conf: refused: \"%s\"", bad[i]);

	ok(!load("haap\n  h-address4 192.0.2.1\n"
		 "  filter dst-ip-port 192.0.2.130:5001 \"server\"\n"
		 "  filter fqdn tv.example disabled\n", &c) &&
	   c.haap.n_filters == 2 && c.haap.filters[1].enable == 0 &&
	   !strcmp(c.haap.filters[0].desc, "server"),
	   "filter conf: haap section keeps the items in order");
	conf_free(&c);
	ok(load("haap\n  h-address4 192.0.2.1\n  filter dst-port x\n", &c),
	   "filter conf: a bad item fails the file");
	ok(!load("hg hab0\n  cin x\n  haap-address 192.0.2.1\n"
		 "  lte-local 192.0.2.2\n  dsl-local 192.0.2.3\n"
		 "  dsl-sync-rate 1\n  bypass-gateway 192.0.2.9\n"
		 "  bypass-mark 0x10\n  bypass-table 100\n"
		 "  bypass-nat off\n  fqdn-refresh 60\n", &c) &&
	   c.hg.bypass_gw4.family == AF_INET && c.hg.bypass_mark == 0x10 &&
	   c.hg.bypass_table == 100 && !c.hg.bypass_nat &&
	   c.hg.fqdn_refresh_s == 60, "filter conf: hg bypass keys");
	conf_free(&c);
}

/* n items, each with a description long enough to need several fragments */
static struct conf_filter *many_items(unsigned int n)
{
	struct conf_filter *it = calloc(n, sizeof(*it));
	char v[32], d[64];
	unsigned int i;

	for (i = 0; i < n; i++) {
		snprintf(v, sizeof(v), "10.%u.%u.0/24", i / 256, i % 256);
		snprintf(d, sizeof(d), "item %u with a longish description", i);
		it[i].type = GBCP_F_DST_IP;
		it[i].enable = 1;
		it[i].value = strdup(v);
		it[i].desc = strdup(d);
	}
	return it;
}

static void free_items(struct conf_filter *it, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		filter_conf_free_one(&it[i]);
	free(it);
}

static void test_filter_frag(void)
{
	const unsigned int n = 100;
	struct conf_filter *it = many_items(n);
	struct gbcp_filter_list *fr = NULL;
	static struct gbcp_msg m, d;
	static uint8_t buf[GBCP_MSG_MAX_LEN];
	struct filter_rx rx = { 0 };
	unsigned int nf = 0, i, items = 0, k;
	bool wire_ok = true, order_ok = true;
	int r, len, last = -1;

	ok(!filter_fragments(it, n, 42, &fr, &nf) && nf > 1,
	   "filter frag: 100 items need %u fragments", nf);
	for (i = 0; i < nf; i++) {
		items += fr[i].n_items;
		if (fr[i].commit_count != 42 || fr[i].packet_sum != nf ||
		    fr[i].packet_id != i + 1)
			wire_ok = false;
		gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
		m.filter = fr[i];
		gbcp_set(&m, GBCP_A_FILTER_LIST);
		len = gbcp_encode(&m, GBCP_DIALECT_RFC, buf, sizeof(buf));
		if (len < 0 || gbcp_decode(buf, (size_t)len, GBCP_DIALECT_RFC,
					   &d, NULL) ||
		    !gbcp_msg_equal(&m, &d))
			wire_ok = false;
	}
	ok(items == n, "filter frag: every item in exactly one fragment");
	ok(wire_ok, "filter frag: headers right, each fragment encodes and decodes");
	/* the last item stays last: order is kept across fragments */
	k = nf - 1;
	ok(fr[k].n_items && !memcmp(fr[k].text + fr[k].items[fr[k].n_items - 1].value_off,
				    "10.0.99.0/24", 12),
	   "filter frag: order kept");

	/* reassembly: backwards, with a duplicate */
	for (i = nf; i-- > 0;) {
		r = filter_rx_add(&rx, &fr[i]);
		if (i == nf - 2 && filter_rx_add(&rx, &fr[i]) != FRX_DUPLICATE)
			order_ok = false;
		if (i && r != FRX_PARTIAL)
			order_ok = false;
		last = r;
	}
	ok(order_ok && last == FRX_COMPLETE && rx.commit == 42 &&
	   rx.got == nf, "filter rx: complete from fragments in reverse order");
	for (i = 0, items = 0; i < rx.sum; i++)
		items += rx.frag[i].n_items;
	ok(items == n && rx.frag[0].packet_id == 1,
	   "filter rx: fragments in Packet_ID order");
	filter_rx_reset(&rx);

	/* a new commit in the middle starts over */
	filter_rx_add(&rx, &fr[0]);
	fr[1].commit_count = 43;
	ok(filter_rx_add(&rx, &fr[1]) == (nf == 1 ? FRX_COMPLETE : FRX_PARTIAL) &&
	   rx.commit == 43 && rx.got == 1, "filter rx: a new Commit_Count starts over");
	fr[1].commit_count = 42;
	filter_rx_reset(&rx);

	filter_rx_add(&rx, &fr[0]);
	fr[1].packet_sum++;
	ok(filter_rx_add(&rx, &fr[1]) == -EPROTO && !rx.active,
	   "filter rx: Packet_Sum changing within a commit refused");
	fr[1].packet_sum--;
	fr[0].packet_sum = FILTER_MAX_FRAGS + 1;
	ok(filter_rx_add(&rx, &fr[0]) == -E2BIG && !rx.active,
	   "filter rx: more than %d fragments refused", FILTER_MAX_FRAGS);
	filter_rx_reset(&rx);
	free(fr);

	ok(filter_fragments(it, 0, 1, &fr, &nf) == 0 && !fr && !nf,
	   "filter frag: no items, no fragments");
	free_items(it, n);
	it = many_items(3000);
	ok(filter_fragments(it, 3000, 1, &fr, &nf) == -E2BIG && !fr,
	   "filter frag: too many fragments refused");
	free_items(it, 3000);

	it = many_items(2);
	{
		uint64_t h1 = filter_conf_hash(it, 2), h2;

		ok(h1 == filter_conf_hash(it, 2), "filter hash: the same list, the same hash");
		it[1].enable = 0;
		h2 = filter_conf_hash(it, 2);
		ok(h1 != h2, "filter hash: changes with the list");
	}
	free_items(it, 2);

	{
		char dir[] = "/tmp/gbcpd-commit-XXXXXX", path[64];
		uint32_t c1, c2, c3, c4;

		ok(mkdtemp(dir) != NULL, "filter commit: a state dir");
		c1 = filter_commit_next(dir, 0x1234);
		c2 = filter_commit_next(dir, 0x1234);
		c3 = filter_commit_next(dir, 0x5678);
		c4 = filter_commit_next(dir, 0x5678);
		ok(c1 == 1 && c2 == 1 && c3 == 2 && c4 == 2,
		   "filter commit: kept for the same list, +1 for a changed one (%u %u %u %u)",
		   c1, c2, c3, c4);
		snprintf(path, sizeof(path), "%s/filter-commit", dir);
		unlink(path);
		rmdir(dir);
	}
}

static bool has(const char *text, const char *s)
{
	return strstr(text, s) != NULL;
}

static void test_filter_script(void)
{
	static const struct {
		uint16_t type;
		const char *value, *rule;
	} rules[] = {
		{ GBCP_F_DST_IP_PORT, "192.0.2.130:5001",
		  "ip daddr 192.0.2.130 meta l4proto { tcp, udp, udplite, sctp, dccp } th dport 5001 goto bypass" },
		{ GBCP_F_DSCP, "46", "ip dscp 46 goto bypass\n\t\tip6 dscp 46 goto bypass" },
		{ GBCP_F_DST_PORT, "53", "meta l4proto { tcp, udp, udplite, sctp, dccp } th dport 53 goto bypass" },
		{ GBCP_F_SRC_PORT, "68", "meta l4proto { tcp, udp, udplite, sctp, dccp } th sport 68 goto bypass" },
		{ GBCP_F_DST_IP, "10.1.2.3/16", "ip daddr 10.1.0.0/16 goto bypass" },
		{ GBCP_F_SRC_IP, "2001:db8::1", "ip6 saddr 2001:db8::1 goto bypass" },
		{ GBCP_F_SRC_IP_PORT, "[2001:db8::1]:80",
		  "ip6 saddr 2001:db8::1 meta l4proto { tcp, udp, udplite, sctp, dccp } th sport 80 goto bypass" },
		{ GBCP_F_SRC_IP_PORT, "2001:db8::1:80",
		  "ip6 saddr 2001:db8::1 meta l4proto { tcp, udp, udplite, sctp, dccp } th sport 80 goto bypass" },
		{ GBCP_F_SRC_MAC, "001122AABBCC", "ether saddr 00:11:22:aa:bb:cc goto bypass" },
		{ GBCP_F_SRC_MAC, "00-11-22-aa-bb-cc", "ether saddr 00:11:22:aa:bb:cc goto bypass" },
		{ GBCP_F_PROTOCOL, "UDP", "meta l4proto 17 goto bypass" },
		{ GBCP_F_PROTOCOL, "IPv6-ICMP", "meta l4proto 58 goto bypass" },
		{ GBCP_F_PROTOCOL, "47", "meta l4proto 47 goto bypass" },
		{ GBCP_F_SRC_IP_RANGE, "10.0.0.1-10.0.0.9", "ip saddr 10.0.0.1-10.0.0.9 goto bypass" },
		{ GBCP_F_DST_IP_RANGE, "2001:db8::/48", "ip6 daddr 2001:db8::/48 goto bypass" },
		{ GBCP_F_SRC_IP_RANGE_PORT, "10.2.0.0-10.2.0.255:443",
		  "ip saddr 10.2.0.0-10.2.0.255 meta l4proto { tcp, udp, udplite, sctp, dccp } th sport 443 goto bypass" },
		{ GBCP_F_DST_IP_RANGE_PORT, "[2001:db8::1]-[2001:db8::ff]:8080",
		  "ip6 daddr 2001:db8::1-2001:db8::ff meta l4proto { tcp, udp, udplite, sctp, dccp } th dport 8080 goto bypass" },
	};
	static const struct {
		uint16_t type;
		const char *value;
	} bad[] = {
		{ GBCP_F_DST_IP, "1.2.3.4; flush ruleset" },
		{ GBCP_F_DST_IP, "1.2.3.4/33" },
		{ GBCP_F_DST_IP_RANGE, "10.0.0.9-10.0.0.1" },
		{ GBCP_F_DST_IP_RANGE, "10.0.0.1-2001:db8::1" },
		{ GBCP_F_DST_PORT, "80 }" },
		{ GBCP_F_SRC_MAC, "00:11:22:33:44:5g" },
		{ GBCP_F_PROTOCOL, "tcp;drop" },
		{ GBCP_F_PROTOCOL, "no-such-protocol" },
		{ GBCP_F_DSCP, "64" },
	};
	static struct gbcp_msg m;
	struct addr ex[2];
	struct bypass_cfg cfg = {
		.bond = "hab0", .dsl_dev = "dsl0", .lte_dev = "lte0",
		.mark = 0x4742, .nat = true, .exempt = ex, .n_exempt = 2,
	};
	char rule[512], *text = NULL;
	const char *why = NULL;
	unsigned int n_rules = 0;
	size_t i, size = 0;
	uint64_t bytes = 0;
	bool all = true;
	FILE *f;
	int r;

	for (i = 0; i < ARRAY_SIZE(rules); i++) {
		r = filter_item_rule(rules[i].type, rules[i].value,
				     strlen(rules[i].value), rule, sizeof(rule));
		if (r != 1 || strcmp(rule, rules[i].rule)) {
			all = false;
			printf("# %s: %d \"%s\"\n", rules[i].value, r, rule);
		}
	}
	ok(all, "filter rule: every type, canonical values");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ok(filter_item_rule(bad[i].type, bad[i].value,
				    strlen(bad[i].value), rule,
				    sizeof(rule)) == -EINVAL,
		   "filter rule: refused: type %u \"%s\"", bad[i].type,
		   bad[i].value);
	ok(filter_item_rule(GBCP_F_FQDN, "a.example", 9, rule, sizeof(rule)) == 0 &&
	   filter_item_rule(15, "x", 1, rule, sizeof(rule)) == 0,
	   "filter rule: FQDN and reserved types have no rule of their own");

	addr_parse("198.51.100.2", &ex[0]);
	addr_parse("2001:db8::2", &ex[1]);
	gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	gbcp_filter_add(&m, GBCP_F_DST_IP_PORT, 1, "srv", "192.0.2.130:5001");
	gbcp_filter_add(&m, GBCP_F_DST_PORT, 0, "off", "7777");
	gbcp_filter_add(&m, 15, 1, "reserved", "x");
	gbcp_filter_add(&m, GBCP_F_FQDN, 1, "", "tv.example");
	f = open_memstream(&text, &size);
	r = filter_script(f, &cfg, &m.filter, 1, &n_rules, &why);
	fclose(f);
	ok(r == 0 && n_rules == 1, "filter script: 1 rule (disabled, reserved, FQDN not counted)");
	ok(has(text, "table inet gbcpd_hab0\ndelete table inet gbcpd_hab0\ntable inet gbcpd_hab0 {"),
	   "filter script: replaces the table in one transaction");
	ok(has(text, "th dport 5001 goto bypass") && !has(text, "7777"),
	   "filter script: the enabled item, not the disabled one");
	ok(has(text, "ip daddr @fqdn4 goto bypass") &&
	   has(text, "ip6 daddr @fqdn6 goto bypass"),
	   "filter script: FQDN items match the resolved sets");
	ok(has(text, "meta l4proto gre return") &&
	   has(text, "elements = { 198.51.100.2 }") &&
	   has(text, "elements = { 2001:db8::2 }") &&
	   strstr(text, "gre return") < strstr(text, "5001"),
	   "filter script: the exception list comes before the items");
	ok(has(text, "iifname \"dsl0\" ct mark 0x4742 counter name bypass_down return") &&
	   has(text, "iifname { \"dsl0\", \"hab0\", \"lte0\" } return"),
	   "filter script: downstream counter; WAN and bond input not classified");
	ok(has(text, "oifname \"dsl0\" meta mark 0x4742 masquerade"),
	   "filter script: NAT to the DSL address");
	free(text);
	text = NULL;

	cfg.nat = false;
	cfg.lte_dev = "";
	f = open_memstream(&text, &size);
	r = filter_script(f, &cfg, &m.filter, 1, &n_rules, &why);
	fclose(f);
	ok(r == 0 && !has(text, "masquerade") &&
	   has(text, "iifname { \"dsl0\", \"hab0\" } return"),
	   "filter script: without NAT and without an LTE device");
	free(text);
	text = NULL;

	cfg.dsl_dev = "dsl0\" accept";
	f = open_memstream(&text, &size);
	r = filter_script(f, &cfg, &m.filter, 1, &n_rules, &why);
	fclose(f);
	ok(r == -EINVAL, "filter script: a device name with a quote refused");
	free(text);
	text = NULL;
	cfg.dsl_dev = "dsl0";

	/* a value that passes the decoder's syntax check but means nothing */
	gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	gbcp_filter_add(&m, GBCP_F_DST_PORT, 1, "", "80");
	ok(!gbcp_filter_add(&m, GBCP_F_PROTOCOL, 1, "", "no-such-protocol"),
	   "filter script: libgbcp takes any protocol keyword");
	f = open_memstream(&text, &size);
	why = NULL;
	r = filter_script(f, &cfg, &m.filter, 1, &n_rules, &why);
	fclose(f);
	ok(r == -EINVAL && why && strstr(why, "item 2"),
	   "filter script: an unknown protocol fails the list (%s)",
	   why ? why : "no reason");
	free(text);
	text = NULL;

	f = open_memstream(&text, &size);
	ex[0].a[3] = 9;
	filter_fqdn_script(f, "hab0", ex, 2);
	fclose(f);
	ok(!strcmp(text, "flush set inet gbcpd_hab0 fqdn4\n"
		   "add element inet gbcpd_hab0 fqdn4 { 198.51.100.9 }\n"
		   "flush set inet gbcpd_hab0 fqdn6\n"
		   "add element inet gbcpd_hab0 fqdn6 { 2001:db8::2 }\n"),
	   "filter fqdn: the sets are replaced in one script");
	free(text);

	text = "table inet gbcpd_hab0 {\n\tcounter bypass_up {\n"
	       "\t\tpackets 1 bytes 20\n\t}\n\tcounter bypass_down {\n"
	       "\t\tpackets 12 bytes 34567\n\t}\n}\n";
	ok(filter_counter_bytes(text, "bypass_down", &bytes) &&
	   bytes == 34567 && filter_counter_bytes(text, "bypass_up", &bytes) &&
	   bytes == 20, "filter counter: bytes of each counter by name");
	text = NULL;
	ok(!filter_counter_bytes("Error: No such file or directory",
				 "bypass_down", &bytes),
	   "filter counter: none in an error");
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
	test_filter_conf();
	test_filter_frag();
	test_filter_script();
	test_notify_echo();
	test_lte_request();
	test_verify();
	test_timeouts();
	test_link_failure();
	test_ipv6_prefix();
	return tap_done();
}
