// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpload: load generator and control message injector for gbcpd, on
 * libgbcp and one raw IPPROTO_GRE socket (IPv4, IP_HDRINCL, so that every
 * simulated home gateway sends from its own address and the injector can
 * send from any address).
 *
 *   gbcpload setup   N simulated HGs each do the LTE Setup Request (and,
 *                    with --dsl-base, the DSL one) against a HAAP gbcpd;
 *                    reports setups/s, failures by reason and latencies
 *   gbcpload mutate  inject randomly mutated control messages of every
 *                    type at a live tunnel (reproducible from --seed)
 *
 * Run "gbcpload --help" for the options.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "be_bytes.h"
#include "gbcp.h"

#define IP_HLEN		20
#define GRE_HLEN	8		/* K only */
#define PKT_MAX		(IP_HLEN + GRE_HLEN + GBCP_MSG_MAX_LEN)

static const char usage_text[] =
"usage: gbcpload setup  --haap ADDR --lte-base ADDR [--dsl-base ADDR] [options]\n"
"       gbcpload mutate --lte SRC,DST [--dsl SRC,DST] --key K --session-id S\n"
"                       [options]\n"
"\n"
"setup: N simulated home gateways set up with a HAAP gbcpd. HG i sends its\n"
"LTE Setup Request (CIN from --cin-fmt with i) from LTE-BASE + i to the\n"
"HAAP, with GRE key 0; on the Accept, with --dsl-base, its DSL Setup\n"
"Request (Session ID, DSL Synchronization Rate, the Accept's key) from\n"
"DSL-BASE + i to H (the Accept's attribute 1, or --h). Every address must\n"
"be local to this namespace (the HAAP answers to them). At most --window\n"
"setups are in flight; a request unanswered for --timeout-ms is sent again,\n"
"--retries times. Prints setups/s, failures by reason and latency\n"
"percentiles; exits 0 if every HG was set up.\n"
"  -n, --hgs N            simulated HGs (default 1000)\n"
"      --haap ADDR        the HAAP's LTE address (G)\n"
"      --lte-base ADDR    LTE address of HG 0\n"
"      --dsl-base ADDR    DSL address of HG 0 (enables the DSL setup)\n"
"      --h ADDR           H, if the Accept has none\n"
"      --cin-fmt FMT      printf format of the CIN, with one %%d (HG-LOAD-%%05d)\n"
"      --sync-kbps N      DSL Synchronization Rate (16000)\n"
"      --window N         setups in flight (32)\n"
"      --timeout-ms N     (1000)   --retries N (5)\n"
"\n"
"mutate: for each message type (or --type T), --count messages built from a\n"
"valid template (addressed to the tunnel SRC -> DST, with the key K) and\n"
"mutated; the mutation kinds take turns:\n"
"  bitflip   1-4 random bits flipped          \\ right key and source: to\n"
"  truncate  cut at a random length            | the parser. Re-mutated\n"
"  overrun   an attribute's Length past the end | until the result does not\n"
"  attrlen   an attribute's Length a lie       / decode (--dialect)\n"
"  wrongkey  valid message, another non-zero key (the module drops it)\n"
"  wrongsrc  valid message, right key, from a random 100.64.0.0/10 source\n"
"Templates never carry the live Session ID in a Setup Request, nor a\n"
"permitted CIN (--cin), so a well-formed one cannot take the session over.\n"
"With --dsl, messages alternate between the two tunnels. Prints what was\n"
"sent per kind and an FNV-1a digest of every packet (same seed, same\n"
"digest). \"empty\" counts the mutants without any payload octet (the\n"
"daemon drops an empty control message before decoding).\n"
"      --lte SRC,DST      the LTE tunnel: remote (sent from) and local\n"
"      --dsl SRC,DST      the DSL tunnel\n"
"      --key K            the bond's key\n"
"      --session-id S     the live Session ID\n"
"      --type T           1-6, or all (default)\n"
"      --count N          per type (200)\n"
"      --seed S           (1)\n"
"      --cin TEXT         CIN of the Setup Request template (HG-MUTANT)\n"
"      --interval-us N    pause between packets (1000)\n"
"      --dry-run          build and count, send nothing (no privileges)\n"
"\n"
"both:\n"
"      --dialect rfc|dt   (rfc)\n"
"  -v                     one line per message\n";

static enum gbcp_dialect dialect = GBCP_DIALECT_RFC;
static int verbose;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void __attribute__((noreturn)) fail(const char *what, const char *why)
{
	fprintf(stderr, "gbcpload: %s: %s\n", what, why);
	exit(2);
}

static uint32_t parse_ip4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		fail(s, "not an IPv4 address");
	return ntohl(a.s_addr);
}

static uint64_t parse_u(const char *s, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || v > max)
		fail(s, "not a number in range");
	return v;
}

static uint16_t ctrl_proto(void)
{
	return dialect == GBCP_DIALECT_DT ? GBCP_GRE_PROTO_DT :
					    GBCP_GRE_PROTO_RFC;
}

/* --- packets ------------------------------------------------------------ */

static int raw_open(void)
{
	int one = 1, fd;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_GRE);
	if (fd < 0)
		fail("socket(AF_INET, SOCK_RAW, IPPROTO_GRE)", strerror(errno));
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)))
		fail("IP_HDRINCL", strerror(errno));
	return fd;
}

/* IPv4 + GRE (K) + PAYLOAD into PKT; the kernel fills checksum and id */
static size_t pkt_build(uint8_t *pkt, uint32_t src, uint32_t dst, uint32_t key,
			const uint8_t *payload, size_t len)
{
	memset(pkt, 0, IP_HLEN + GRE_HLEN);
	pkt[0] = 0x45;
	be16_put(pkt + 2, (uint16_t)(IP_HLEN + GRE_HLEN + len));
	pkt[8] = 64;
	pkt[9] = IPPROTO_GRE;
	be32_put(pkt + 12, src);
	be32_put(pkt + 16, dst);
	pkt[IP_HLEN] = 0x20;
	be16_put(pkt + IP_HLEN + 2, ctrl_proto());
	be32_put(pkt + IP_HLEN + 4, key);
	memcpy(pkt + IP_HLEN + GRE_HLEN, payload, len);
	return IP_HLEN + GRE_HLEN + len;
}

static int pkt_send(int fd, const uint8_t *pkt, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET };

	memcpy(&to.sin_addr, pkt + 16, 4);
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		return -errno;
	return 0;
}

/*
 * A received IPv4 packet: source, destination, GRE key and the control
 * message, if it is GRE of the control protocol type with a key.
 */
static int pkt_parse(const uint8_t *p, size_t n, uint32_t *src, uint32_t *dst,
		     uint32_t *key, const uint8_t **msg, size_t *msg_len)
{
	size_t ihl, tot, off;
	uint16_t flags;

	if (n < IP_HLEN || p[0] >> 4 != 4 || p[9] != IPPROTO_GRE)
		return -1;
	ihl = (size_t)(p[0] & 0xf) * 4;
	tot = be16_get(p + 2);
	if (ihl < IP_HLEN || tot > n || tot < ihl + 4)
		return -1;
	flags = be16_get(p + ihl);
	if (!(flags & 0x2000) || (flags & 0x4007) ||
	    be16_get(p + ihl + 2) != ctrl_proto())
		return -1;
	off = ihl + 4 + (flags & 0x8000 ? 4 : 0);
	if (tot < off + 4)
		return -1;
	*key = be32_get(p + off);
	off += 4 + (flags & 0x1000 ? 4 : 0);
	if (tot < off)
		return -1;
	*src = be32_get(p + 12);
	*dst = be32_get(p + 16);
	*msg = p + off;
	*msg_len = tot - off;
	return 0;
}

static int encode(const struct gbcp_msg *m, uint8_t *buf, size_t cap)
{
	const char *why = NULL;
	int len = gbcp_encode_err(m, dialect, buf, cap, &why);

	if (len < 0)
		fail("encode", why ? why : strerror(-len));
	return len;
}

/* --- setup ---------------------------------------------------------------- */

enum hg_state { HG_IDLE, HG_LTE_WAIT, HG_DSL_WAIT, HG_DONE, HG_FAILED };

struct hg {
	uint8_t state;
	uint8_t tries;
	uint32_t key;
	uint32_t session_id;
	uint32_t h;
	uint64_t t_start;	/* first LTE request */
	uint64_t t_sent;	/* last request */
	uint64_t t_lte;		/* LTE Accept */
	uint64_t t_done;
};

struct setup_opts {
	unsigned int n, window, retries;
	unsigned int timeout_ms;
	uint32_t haap, lte_base, dsl_base, h, sync_kbps;
	const char *cin_fmt;
};

#define MAX_REASONS 32

static struct {
	char name[24];
	unsigned int count;
} reasons[MAX_REASONS];

static void reason_add(const char *name)
{
	int i;

	for (i = 0; i < MAX_REASONS && reasons[i].name[0]; i++)
		if (!strcmp(reasons[i].name, name))
			break;
	if (i == MAX_REASONS)
		i = MAX_REASONS - 1;	/* the last slot takes the rest */
	snprintf(reasons[i].name, sizeof(reasons[i].name), "%s", name);
	reasons[i].count++;
}

static void lte_request(int fd, const struct setup_opts *o, struct hg *hg,
			unsigned int i)
{
	uint8_t msg[GBCP_MSG_MAX_LEN], pkt[PKT_MAX];
	char cin[64];
	struct gbcp_msg m;
	size_t n;
	int len, r;

	gbcp_msg_init(&m, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_LTE);
	snprintf(cin, sizeof(cin), o->cin_fmt, i);
	if (gbcp_set_cin(&m, cin))
		fail(cin, "not a valid CIN");
	len = encode(&m, msg, sizeof(msg));
	n = pkt_build(pkt, o->lte_base + i, o->haap, 0, msg, (size_t)len);
	r = pkt_send(fd, pkt, n);
	if (r && verbose)
		fprintf(stderr, "HG %u: LTE request: %s\n", i, strerror(-r));
	hg->t_sent = now_ns();
}

static void dsl_request(int fd, const struct setup_opts *o, struct hg *hg,
			unsigned int i)
{
	uint8_t msg[GBCP_MSG_MAX_LEN], pkt[PKT_MAX];
	struct gbcp_msg m;
	size_t n;
	int len, r;

	gbcp_msg_init(&m, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_DSL);
	m.session_id = hg->session_id;
	gbcp_set(&m, GBCP_A_SESSION_ID);
	m.dsl_sync_rate = o->sync_kbps;
	gbcp_set(&m, GBCP_A_DSL_SYNC_RATE);
	len = encode(&m, msg, sizeof(msg));
	n = pkt_build(pkt, o->dsl_base + i, hg->h, hg->key, msg, (size_t)len);
	r = pkt_send(fd, pkt, n);
	if (r && verbose)
		fprintf(stderr, "HG %u: DSL request: %s\n", i, strerror(-r));
	hg->t_sent = now_ns();
}

/* the HG a message to DST is for, or -1 */
static long hg_of(const struct setup_opts *o, uint32_t dst, bool *dsl)
{
	if (dst - o->lte_base < o->n) {
		*dsl = false;
		return (long)(dst - o->lte_base);
	}
	if (o->dsl_base && dst - o->dsl_base < o->n) {
		*dsl = true;
		return (long)(dst - o->dsl_base);
	}
	return -1;
}

static void hg_fail(struct hg *hg, const char *why, unsigned int *active)
{
	hg->state = HG_FAILED;
	(*active)--;
	reason_add(why);
}

static void setup_recv(int fd, const struct setup_opts *o, struct hg *hgs,
		       unsigned int *active)
{
	uint8_t buf[4096];
	const uint8_t *msg;
	uint32_t src, dst, key;
	struct gbcp_msg m;
	char why[24];
	size_t len;
	struct hg *hg;
	bool dsl;
	ssize_t n;
	long i;

	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		if (pkt_parse(buf, (size_t)n, &src, &dst, &key, &msg, &len))
			continue;
		i = hg_of(o, dst, &dsl);
		if (i < 0 || gbcp_decode(msg, len, dialect, &m, NULL))
			continue;
		hg = &hgs[i];
		if (verbose) {
			char line[256];

			gbcp_msg_format(&m, line, sizeof(line));
			fprintf(stderr, "HG %ld: %s\n", i, line);
		}
		if (m.type == GBCP_MSG_SETUP_DENY &&
		    (hg->state == HG_LTE_WAIT || hg->state == HG_DSL_WAIT)) {
			snprintf(why, sizeof(why), "deny-%u",
				 gbcp_has(&m, GBCP_A_ERROR_CODE) ?
				 m.error_code : 0);
			hg_fail(hg, why, active);
		} else if (m.type == GBCP_MSG_SETUP_ACCEPT && !dsl &&
			   hg->state == HG_LTE_WAIT) {
			if (!gbcp_has(&m, GBCP_A_SESSION_ID) ||
			    !gbcp_has(&m, GBCP_A_BONDING_KEY) ||
			    !m.session_id || !m.bonding_key) {
				hg_fail(hg, "bad-accept", active);
				continue;
			}
			hg->t_lte = now_ns();
			hg->key = m.bonding_key;
			hg->session_id = m.session_id;
			hg->h = o->h;
			if (gbcp_has(&m, GBCP_A_H_IPV4) && be32_get(m.h_ipv4))
				hg->h = be32_get(m.h_ipv4);
			if (!o->dsl_base) {
				hg->state = HG_DONE;
				hg->t_done = hg->t_lte;
				(*active)--;
			} else if (!hg->h) {
				hg_fail(hg, "no-h-address", active);
			} else {
				hg->state = HG_DSL_WAIT;
				hg->tries = 0;
				dsl_request(fd, o, hg, (unsigned int)i);
			}
		} else if (m.type == GBCP_MSG_SETUP_ACCEPT && dsl &&
			   hg->state == HG_DSL_WAIT) {
			if (key != hg->key) {
				hg_fail(hg, "dsl-accept-key", active);
				continue;
			}
			hg->state = HG_DONE;
			hg->t_done = now_ns();
			(*active)--;
		}
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void print_latency(const char *name, uint64_t *v, unsigned int n)
{
	if (!n) {
		printf("gbcpload: %s_ms none\n", name);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	printf("gbcpload: %s_ms p50 %.2f p90 %.2f p99 %.2f max %.2f\n", name,
	       v[(n - 1) / 2] / 1e6, v[(n - 1) * 9 / 10] / 1e6,
	       v[(n - 1) * 99 / 100] / 1e6, v[n - 1] / 1e6);
}

static int run_setup(const struct setup_opts *o)
{
	unsigned int next = 0, active = 0, done = 0, failed = 0, i, nl = 0;
	uint64_t t0, t_end = 0, *lat_lte, *lat_all;
	struct pollfd pfd;
	struct hg *hgs;
	int fd;

	hgs = calloc(o->n, sizeof(*hgs));
	lat_lte = calloc(o->n, sizeof(*lat_lte));
	lat_all = calloc(o->n, sizeof(*lat_all));
	if (!hgs || !lat_lte || !lat_all)
		fail("calloc", strerror(ENOMEM));
	fd = raw_open();
	pfd.fd = fd;
	pfd.events = POLLIN;
	t0 = now_ns();
	while (next < o->n || active) {
		uint64_t now = now_ns(), tmo = o->timeout_ms * 1000000ULL;

		while (next < o->n && active < o->window) {
			hgs[next].state = HG_LTE_WAIT;
			hgs[next].t_start = now_ns();
			lte_request(fd, o, &hgs[next], next);
			next++;
			active++;
		}
		if (poll(&pfd, 1, 5) > 0)
			setup_recv(fd, o, hgs, &active);
		now = now_ns();
		for (i = 0; i < next; i++) {
			struct hg *hg = &hgs[i];

			if ((hg->state != HG_LTE_WAIT &&
			     hg->state != HG_DSL_WAIT) ||
			    now - hg->t_sent < tmo)
				continue;
			if (hg->tries >= o->retries) {
				hg_fail(hg, hg->state == HG_LTE_WAIT ?
					"timeout-lte" : "timeout-dsl", &active);
				continue;
			}
			hg->tries++;
			if (hg->state == HG_LTE_WAIT)
				lte_request(fd, o, hg, i);
			else
				dsl_request(fd, o, hg, i);
		}
	}
	close(fd);
	for (i = 0; i < o->n; i++) {
		if (hgs[i].state == HG_DONE) {
			lat_all[done++] = hgs[i].t_done - hgs[i].t_start;
			if (hgs[i].t_done > t_end)
				t_end = hgs[i].t_done;
		} else {
			failed++;
		}
		if (hgs[i].t_lte)
			lat_lte[nl++] = hgs[i].t_lte - hgs[i].t_start;
	}
	printf("gbcpload: hgs %u established %u failed %u elapsed_s %.3f setups_per_s %.1f\n",
	       o->n, done, failed, t_end ? (t_end - t0) / 1e9 : 0.0,
	       t_end > t0 ? done / ((t_end - t0) / 1e9) : 0.0);
	print_latency("lte_latency", lat_lte, nl);
	if (o->dsl_base)
		print_latency("setup_latency", lat_all, done);
	printf("gbcpload: failures:");
	for (i = 0; i < MAX_REASONS && reasons[i].name[0]; i++)
		printf(" %s %u", reasons[i].name, reasons[i].count);
	printf("%s\n", reasons[0].name[0] ? "" : " none");
	free(hgs);
	free(lat_lte);
	free(lat_all);
	return failed ? 1 : 0;
}

/* --- mutate --------------------------------------------------------------- */

enum mut_kind {
	MUT_BITFLIP, MUT_TRUNCATE, MUT_OVERRUN, MUT_ATTRLEN, MUT_WRONGKEY,
	MUT_WRONGSRC, N_MUT,
};

static const char *const mut_name[N_MUT] = {
	"bitflip", "truncate", "overrun", "attrlen", "wrongkey", "wrongsrc",
};

struct mutate_opts {
	uint32_t src[2], dst[2];
	unsigned int n_paths;
	uint32_t key, session_id;
	int type;		/* 0 = all */
	unsigned int count, interval_us;
	uint64_t seed;
	const char *cin;
	bool dry_run;
};

static uint64_t rng_state;

/* splitmix64: small, seedable, the same on every machine */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rng_below(uint32_t n)
{
	return n ? (uint32_t)(rng() % n) : 0;
}

/*
 * The valid message of TYPE a mutant starts from. Variant alternates
 * between two forms where the type has them (LTE/DSL Setup Request).
 */
static void template_build(const struct mutate_opts *o, int type,
			   unsigned int variant, struct gbcp_msg *m)
{
	enum gbcp_tunnel tun = variant & 1 ? GBCP_TUNNEL_DSL : GBCP_TUNNEL_LTE;

	gbcp_msg_init(m, (enum gbcp_msg_type)type, tun);
	switch (type) {
	case GBCP_MSG_SETUP_REQUEST:
		/*
		 * Never the live Session ID: a well-formed DSL request with
		 * it and the key from a new address would move the DSL
		 * tunnel there, which is what RFC 8157 lets an HG do.
		 */
		if (tun == GBCP_TUNNEL_LTE) {
			if (gbcp_set_cin(m, o->cin))
				fail(o->cin, "not a valid CIN");
		} else {
			m->session_id = o->session_id ^ 0x5a5a5a5a;
			if (!m->session_id)
				m->session_id = 1;
			gbcp_set(m, GBCP_A_SESSION_ID);
			m->dsl_sync_rate = 16000;
			gbcp_set(m, GBCP_A_DSL_SYNC_RATE);
		}
		break;
	case GBCP_MSG_SETUP_ACCEPT:
		m->h_ipv4[0] = 192;
		m->h_ipv4[1] = 0;
		m->h_ipv4[2] = 2;
		m->h_ipv4[3] = 99;
		gbcp_set(m, GBCP_A_H_IPV4);
		gbcp_set(m, GBCP_A_H_IPV6);
		m->session_id = o->session_id;
		gbcp_set(m, GBCP_A_SESSION_ID);
		m->rtt_diff_threshold = 500;
		gbcp_set(m, GBCP_A_RTT_DIFF_THRESHOLD);
		m->bypass_check_interval = 30;
		gbcp_set(m, GBCP_A_BYPASS_CHECK_INTERVAL);
		m->active_hello_interval = 10;
		gbcp_set(m, GBCP_A_ACTIVE_HELLO_INTERVAL);
		m->hello_retry_times = 3;
		gbcp_set(m, GBCP_A_HELLO_RETRY_TIMES);
		m->bonding_key = o->key ^ 0xffff;
		gbcp_set(m, GBCP_A_BONDING_KEY);
		m->dsl_up_bw = 1000;
		gbcp_set(m, GBCP_A_DSL_UP_BW);
		m->rtt_violation = 3;
		gbcp_set(m, GBCP_A_RTT_VIOLATION);
		m->rtt_compliance = 3;
		gbcp_set(m, GBCP_A_RTT_COMPLIANCE);
		m->idle_hello_interval = 1800;
		gbcp_set(m, GBCP_A_IDLE_HELLO_INTERVAL);
		m->no_traffic_interval = 60;
		gbcp_set(m, GBCP_A_NO_TRAFFIC_INTERVAL);
		break;
	case GBCP_MSG_SETUP_DENY:
		m->error_code = GBCP_ERR_CIN_NOT_PERMITTED;
		gbcp_set(m, GBCP_A_ERROR_CODE);
		break;
	case GBCP_MSG_HELLO:
		m->timestamp.sec = 1000 + variant;
		m->timestamp.msec = variant % 1000;
		gbcp_set(m, GBCP_A_TIMESTAMP);
		break;
	case GBCP_MSG_TEAR_DOWN:
		m->error_code = GBCP_ERR_LTE_TUNNEL_FAILED;
		gbcp_set(m, GBCP_A_ERROR_CODE);
		break;
	case GBCP_MSG_NOTIFY:
		gbcp_set(m, GBCP_A_SWITCH_TO_DSL);
		m->bypass_rate = 4000;
		gbcp_set(m, GBCP_A_BYPASS_RATE);
		gbcp_set(m, GBCP_A_DSL_LINK_FAILURE);
		break;
	}
}

/* offsets of the attributes' Type octets, as far as they are well-formed */
static unsigned int attr_offsets(const uint8_t *p, size_t len, size_t *off,
				 unsigned int max)
{
	unsigned int n = 0;
	size_t i = 1;

	while (i + 3 <= len && n < max) {
		off[n++] = i;
		i += 3 + be16_get(p + i + 1);
	}
	return n;
}

/* one mutation of kind K (< MUT_WRONGKEY) in place; the new length */
static size_t mutate_payload(enum mut_kind k, uint8_t *p, size_t len)
{
	size_t off[128], at, rest;
	unsigned int n, i, flips;
	uint16_t cur, lie;

	switch (k) {
	case MUT_BITFLIP:
		flips = 1 + rng_below(4);
		for (i = 0; i < flips; i++) {
			at = rng_below((uint32_t)len);
			p[at] ^= (uint8_t)(1u << rng_below(8));
		}
		return len;
	case MUT_TRUNCATE:
		return rng_below((uint32_t)len);
	case MUT_OVERRUN:
	case MUT_ATTRLEN:
		n = attr_offsets(p, len, off, 128);
		if (!n)
			return rng_below((uint32_t)len);
		at = off[rng_below(n)];
		cur = be16_get(p + at + 1);
		rest = len - at - 3;	/* octets after this Length */
		if (k == MUT_OVERRUN) {
			lie = rest + 1 + rng_below(4) >= 0xffff ? 0xffff :
			      (uint16_t)(rest + 1 + rng_below(4));
			if (rng_below(4) == 0)
				lie = 0xffff;
		} else {
			lie = (uint16_t)rng_below((uint32_t)rest + 1);
			if (lie == cur)
				lie = cur ? cur - 1 : 1;
		}
		be16_put(p + at + 1, lie);
		return len;
	default:
		return len;
	}
}

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int run_mutate(const struct mutate_opts *o)
{
	unsigned int sent[N_MUT] = { 0 }, per_type[7] = { 0 };
	unsigned int regenerated = 0, unsent = 0, errors = 0, empty = 0, i, k;
	uint64_t digest = 0xcbf29ce484222325ULL;
	uint8_t tmpl[GBCP_MSG_MAX_LEN], msg[GBCP_MSG_MAX_LEN], pkt[PKT_MAX];
	int type, fd = -1, r;

	rng_state = o->seed;
	if (!o->dry_run)
		fd = raw_open();
	for (type = 1; type <= 6; type++) {
		if (o->type && type != o->type)
			continue;
		for (i = 0; i < o->count; i++) {
			enum mut_kind kind = (enum mut_kind)(i % N_MUT);
			unsigned int path = i / N_MUT % o->n_paths;
			uint32_t src = o->src[path], key = o->key;
			struct gbcp_msg m;
			size_t len, tlen, n;
			int tries;

			template_build(o, type, i / N_MUT, &m);
			tlen = (size_t)encode(&m, tmpl, sizeof(tmpl));
			memcpy(msg, tmpl, tlen);
			len = tlen;
			if (kind < MUT_WRONGKEY) {
				/* to the parser: must not decode */
				for (tries = 0; tries < 64; tries++) {
					struct gbcp_msg d;

					memcpy(msg, tmpl, tlen);
					len = mutate_payload(kind, msg, tlen);
					if (gbcp_decode(msg, len, dialect, &d,
							NULL))
						break;
					regenerated++;
				}
				if (tries == 64) {
					unsent++;
					continue;
				}
			} else if (kind == MUT_WRONGKEY) {
				do {
					key = (uint32_t)rng();
				} while (!key || key == o->key);
			} else {
				/* 100.64.0.0/10, never an address of ours */
				src = 0x64400000u | rng_below(1u << 22);
			}
			n = pkt_build(pkt, src, o->dst[path], key, msg, len);
			digest = fnv1a(digest, pkt, n);
			if (verbose)
				fprintf(stderr, "type %d #%u %s len %zu key %08x\n",
					type, i, mut_name[kind], len, key);
			if (!o->dry_run) {
				r = pkt_send(fd, pkt, n);
				if (r) {
					errors++;
					if (verbose)
						fprintf(stderr, "send: %s\n",
							strerror(-r));
				}
				if (o->interval_us)
					usleep(o->interval_us);
			}
			sent[kind]++;
			per_type[type]++;
			empty += !len;
		}
	}
	if (fd >= 0)
		close(fd);
	printf("gbcpload: mutate seed %llu dialect %s:",
	       (unsigned long long)o->seed, gbcp_dialect_name(dialect));
	for (k = 0; k < N_MUT; k++)
		printf(" %s %u", mut_name[k], sent[k]);
	printf(" regenerated %u unsent %u send_errors %u empty %u\n",
	       regenerated, unsent, errors, empty);
	printf("gbcpload: per type:");
	for (type = 1; type <= 6; type++)
		printf(" %d:%u", type, per_type[type]);
	printf(" digest %016llx\n", (unsigned long long)digest);
	return errors ? 1 : 0;
}

/* --- main --------------------------------------------------------------- */

static void parse_pair(const char *s, uint32_t *src, uint32_t *dst)
{
	char buf[64], *comma;

	snprintf(buf, sizeof(buf), "%s", s);
	comma = strchr(buf, ',');
	if (!comma)
		fail(s, "want SRC,DST");
	*comma = '\0';
	*src = parse_ip4(buf);
	*dst = parse_ip4(comma + 1);
}

enum {
	O_HAAP = 256, O_LTE_BASE, O_DSL_BASE, O_H, O_CIN_FMT, O_SYNC, O_WINDOW,
	O_TIMEOUT, O_RETRIES, O_LTE, O_DSL, O_KEY, O_SID, O_TYPE, O_COUNT,
	O_SEED, O_CIN, O_INTERVAL, O_DRY, O_DIALECT,
};

static const struct option long_opts[] = {
	{ "hgs", required_argument, NULL, 'n' },
	{ "haap", required_argument, NULL, O_HAAP },
	{ "lte-base", required_argument, NULL, O_LTE_BASE },
	{ "dsl-base", required_argument, NULL, O_DSL_BASE },
	{ "h", required_argument, NULL, O_H },
	{ "cin-fmt", required_argument, NULL, O_CIN_FMT },
	{ "sync-kbps", required_argument, NULL, O_SYNC },
	{ "window", required_argument, NULL, O_WINDOW },
	{ "timeout-ms", required_argument, NULL, O_TIMEOUT },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "lte", required_argument, NULL, O_LTE },
	{ "dsl", required_argument, NULL, O_DSL },
	{ "key", required_argument, NULL, O_KEY },
	{ "session-id", required_argument, NULL, O_SID },
	{ "type", required_argument, NULL, O_TYPE },
	{ "count", required_argument, NULL, O_COUNT },
	{ "seed", required_argument, NULL, O_SEED },
	{ "cin", required_argument, NULL, O_CIN },
	{ "interval-us", required_argument, NULL, O_INTERVAL },
	{ "dry-run", no_argument, NULL, O_DRY },
	{ "dialect", required_argument, NULL, O_DIALECT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* the CIN format must take exactly one int and nothing else */
static bool cin_fmt_ok(const char *f)
{
	const char *p = strchr(f, '%');

	if (!p)
		return false;
	p++;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == 'd' && !strchr(p, '%');
}

int main(int argc, char **argv)
{
	struct setup_opts so = {
		.n = 1000, .window = 32, .retries = 5, .timeout_ms = 1000,
		.cin_fmt = "HG-LOAD-%05d", .sync_kbps = 16000,
	};
	struct mutate_opts mo = {
		.count = 200, .interval_us = 1000, .seed = 1,
		.cin = "HG-MUTANT",
	};
	bool have_key = false, have_sid = false;
	const char *mode;
	int c;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	mode = argv[1];
	if (strcmp(mode, "setup") && strcmp(mode, "mutate"))
		fail(mode, "unknown mode (setup, mutate)");
	optind = 2;
	while ((c = getopt_long(argc, argv, "n:vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			so.n = (unsigned int)parse_u(optarg, 1u << 20);
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case O_HAAP:
			so.haap = parse_ip4(optarg);
			break;
		case O_LTE_BASE:
			so.lte_base = parse_ip4(optarg);
			break;
		case O_DSL_BASE:
			so.dsl_base = parse_ip4(optarg);
			break;
		case O_H:
			so.h = parse_ip4(optarg);
			break;
		case O_CIN_FMT:
			if (!cin_fmt_ok(optarg))
				fail(optarg, "want one %d and no other %");
			so.cin_fmt = optarg;
			break;
		case O_SYNC:
			so.sync_kbps = (uint32_t)parse_u(optarg, UINT32_MAX);
			break;
		case O_WINDOW:
			so.window = (unsigned int)parse_u(optarg, 1u << 20);
			break;
		case O_TIMEOUT:
			so.timeout_ms = (unsigned int)parse_u(optarg, 600000);
			break;
		case O_RETRIES:
			so.retries = (unsigned int)parse_u(optarg, 255);
			break;
		case O_LTE:
			parse_pair(optarg, &mo.src[0], &mo.dst[0]);
			break;
		case O_DSL:
			parse_pair(optarg, &mo.src[1], &mo.dst[1]);
			break;
		case O_KEY:
			mo.key = (uint32_t)parse_u(optarg, UINT32_MAX);
			have_key = true;
			break;
		case O_SID:
			mo.session_id = (uint32_t)parse_u(optarg, UINT32_MAX);
			have_sid = true;
			break;
		case O_TYPE:
			mo.type = strcmp(optarg, "all") ?
				  (int)parse_u(optarg, 6) : 0;
			break;
		case O_COUNT:
			mo.count = (unsigned int)parse_u(optarg, 1000000);
			break;
		case O_SEED:
			mo.seed = parse_u(optarg, UINT64_MAX);
			break;
		case O_CIN:
			mo.cin = optarg;
			break;
		case O_INTERVAL:
			mo.interval_us = (unsigned int)parse_u(optarg, 10000000);
			break;
		case O_DRY:
			mo.dry_run = true;
			break;
		case O_DIALECT:
			if (!strcmp(optarg, "rfc"))
				dialect = GBCP_DIALECT_RFC;
			else if (!strcmp(optarg, "dt"))
				dialect = GBCP_DIALECT_DT;
			else
				fail(optarg, "dialect: rfc or dt");
			break;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind != argc)
		fail(argv[optind], "unexpected argument");
	if (!strcmp(mode, "setup")) {
		if (!so.haap || !so.lte_base || !so.n || !so.window)
			fail("setup", "needs --haap, --lte-base, -n >= 1");
		return run_setup(&so);
	}
	if (!mo.dst[0] || !have_key || !have_sid || !mo.key)
		fail("mutate", "needs --lte SRC,DST, --key (non-zero), --session-id");
	mo.n_paths = mo.dst[1] ? 2 : 1;
	if (mo.n_paths == 1 && mo.src[1])
		fail("mutate", "--dsl without --lte");
	return run_mutate(&mo);
}
