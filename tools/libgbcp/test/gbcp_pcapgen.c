// SPDX-License-Identifier: GPL-2.0
/*
 * gbcp_pcapgen: write every sample control message (test/gbcp_samples.h)
 * in both dialects as Ethernet/IPv4/GRE packets into a pcap file, and what
 * tshark's "grebonding" dissector should show for each into an expectation
 * file, one line per frame, tab-separated in the column order that
 * test/tshark.sh asks tshark for:
 *
 *   frame  msg-type  t-type  attr-types  ipv4  ipv6  error  u64-values
 *   filter-commit  filter-item-types  filter-item-values  string  time
 *   label
 *
 * "u64-values" are what the dissector shows as plain numbers: the u32
 * attributes it has no type for, the prefix length of 13 and 21, and the
 * DT attributes (the BRAS name as a big-endian number). It reads the
 * timestamp as seconds + microseconds, so 100 s 250 ms shows as
 * 100.000250000.
 *
 * Lists are comma-separated, as tshark prints repeated fields. Before
 * writing a message it checks that it decodes back to what was encoded.
 *
 *   gbcp_pcapgen OUT.pcap OUT.expect
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "be_bytes.h"
#include "gbcp.h"
#include "gbcp_samples.h"
#include "pcapgen_util.h"

#define KEY	0x11223344u

const char pcapgen_prog[] = "gbcp_pcapgen";

static uint16_t ip_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void write_packet(FILE *f, unsigned int n, uint16_t proto, uint32_t key,
			 const uint8_t *msg, size_t len)
{
	static const uint8_t eth[14] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
	};
	uint8_t pkt[14 + 20 + 8 + GBCP_MSG_MAX_LEN];
	uint8_t *ip = pkt + 14, *gre = ip + 20;
	size_t total = 14 + 20 + 8 + len;

	memcpy(pkt, eth, sizeof(eth));
	memset(ip, 0, 20);
	ip[0] = 0x45;
	be16_put(ip + 2, (uint16_t)(20 + 8 + len));
	be16_put(ip + 4, (uint16_t)n);
	ip[8] = 64;
	ip[9] = 47;	/* GRE */
	be32_put(ip + 12, 0xc000020a);	/* 192.0.2.10, the HG */
	be32_put(ip + 16, 0xc6336401);	/* 198.51.100.1, the HAAP */
	be16_put(ip + 10, ip_csum(ip, 20));
	be16_put(gre, 0x2000);		/* K */
	be16_put(gre + 2, proto);
	be32_put(gre + 4, key);
	memcpy(gre + 8, msg, len);

	pcap_write_record(f, n, pkt, total);
}

/*
 * What the dissector shows as a plain number: u32 attributes it has no
 * type of its own for.
 */
static const struct {
	uint8_t type;
	size_t off;
} u64_shown[] = {
	{ GBCP_A_SESSION_ID, offsetof(struct gbcp_msg, session_id) },
	{ GBCP_A_BYPASS_RATE, offsetof(struct gbcp_msg, bypass_rate) },
	{ GBCP_A_DSL_SYNC_RATE, offsetof(struct gbcp_msg, dsl_sync_rate) },
	{ GBCP_A_RTT_DIFF_THRESHOLD,
	  offsetof(struct gbcp_msg, rtt_diff_threshold) },
	{ GBCP_A_BYPASS_CHECK_INTERVAL,
	  offsetof(struct gbcp_msg, bypass_check_interval) },
	{ GBCP_A_ACTIVE_HELLO_INTERVAL,
	  offsetof(struct gbcp_msg, active_hello_interval) },
	{ GBCP_A_HELLO_RETRY_TIMES,
	  offsetof(struct gbcp_msg, hello_retry_times) },
	{ GBCP_A_IDLE_TIMEOUT, offsetof(struct gbcp_msg, idle_timeout) },
	{ GBCP_A_BONDING_KEY, offsetof(struct gbcp_msg, bonding_key) },
	{ GBCP_A_DSL_UP_BW, offsetof(struct gbcp_msg, dsl_up_bw) },
	{ GBCP_A_DSL_DOWN_BW, offsetof(struct gbcp_msg, dsl_down_bw) },
	{ GBCP_A_RTT_VIOLATION, offsetof(struct gbcp_msg, rtt_violation) },
	{ GBCP_A_RTT_COMPLIANCE, offsetof(struct gbcp_msg, rtt_compliance) },
	{ GBCP_A_IDLE_HELLO_INTERVAL,
	  offsetof(struct gbcp_msg, idle_hello_interval) },
	{ GBCP_A_NO_TRAFFIC_INTERVAL,
	  offsetof(struct gbcp_msg, no_traffic_interval) },
	{ GBCP_A_DT_DSL_LINE_TYPE, offsetof(struct gbcp_msg, dt_line_type) },
	{ GBCP_A_DT_REORDER_TIME, offsetof(struct gbcp_msg, dt_reorder_time) },
	{ GBCP_A_DT_UP_BURST_TIME,
	  offsetof(struct gbcp_msg, dt_up_burst_time) },
	{ GBCP_A_DT_UP_SYNC_RATE, offsetof(struct gbcp_msg, dt_up_sync_rate) },
};

static bool shown_as_u64(unsigned int t, uint32_t *v, const struct gbcp_msg *m)
{
	size_t i;

	for (i = 0; i < sizeof(u64_shown) / sizeof(u64_shown[0]); i++) {
		if (u64_shown[i].type == t) {
			memcpy(v, (const char *)m + u64_shown[i].off, sizeof(*v));
			return true;
		}
	}
	return false;
}

/* the BRAS name as the dissector shows it: a big-endian number */
static unsigned long long name_u64(const struct gbcp_msg *m)
{
	unsigned long long v = 0;
	unsigned int i;

	if (m->dt_bras_name_len > 8)
		die("bras name", "longer than 8 octets: tshark cannot show it");
	for (i = 0; i < m->dt_bras_name_len; i++)
		v = v << 8 | (uint8_t)m->dt_bras_name[i];
	return v;
}

int main(int argc, char **argv)
{
	static struct gbcp_msg m, back;
	unsigned int n = 0, i, t;
	uint8_t buf[GBCP_MSG_MAX_LEN];
	FILE *pcap, *exp;
	int d;

	pcapgen_open(argc, argv, &pcap, &exp);

	for (d = GBCP_DIALECT_RFC; d <= GBCP_DIALECT_DT; d++) {
		for (i = 0; i < GBCP_S_COUNT; i++) {
			struct list attrs = {}, ip4 = {}, ip6 = {}, err = {};
			struct list u64 = {}, ftypes = {}, fvals = {}, commit = {};
			struct list str = {}, tm = {};
			char a[INET6_ADDRSTRLEN];
			const char *why;
			uint32_t v;
			int len, rc;

			if (gbcp_sample(i, d, &m))
				continue;
			len = gbcp_encode_err(&m, d, buf, sizeof(buf), &why);
			if (len < 0)
				die(gbcp_sample_names[i], why);
			rc = gbcp_decode(buf, (size_t)len, d, &back, &why);
			if (rc)
				die(gbcp_sample_names[i], why);
			if (!gbcp_msg_equal(&m, &back))
				die(gbcp_sample_names[i], "round trip differs");
			n++;
			write_packet(pcap, n,
				     d == GBCP_DIALECT_RFC ? GBCP_GRE_PROTO_RFC :
				     GBCP_GRE_PROTO_DT,
				     i == GBCP_S_LTE_REQUEST ? 0 : KEY, buf,
				     (size_t)len);

			for (t = 0; t < 64; t++) {
				if (!gbcp_has(&m, t))
					continue;
				add(&attrs, "%u", t);
				if (shown_as_u64(t, &v, &m))
					add(&u64, "%u", v);
				if (t == GBCP_A_IPV6_PREFIX_HAAP)
					add(&u64, "%u", m.prefix_haap.len);
				if (t == GBCP_A_IPV6_PREFIX_HOST)
					add(&u64, "%u", m.prefix_host.len);
				if (t == GBCP_A_DT_BRAS_NAME)
					add(&u64, "%llu", name_u64(&m));
			}
			if (gbcp_has(&m, GBCP_A_CIN))
				add(&str, "%s", (const char *)m.cin);
			if (gbcp_has(&m, GBCP_A_TIMESTAMP))
				add(&tm, "%u.%06u000", m.timestamp.sec,
				    m.timestamp.msec);
			if (d == GBCP_DIALECT_DT)
				add(&attrs, "%u", GBCP_A_DT_END);
			if (gbcp_has(&m, GBCP_A_H_IPV4))
				add(&ip4, "%s", inet_ntop(AF_INET, m.h_ipv4, a,
							  sizeof(a)));
			if (gbcp_has(&m, GBCP_A_H_IPV6))
				add(&ip6, "%s", inet_ntop(AF_INET6, m.h_ipv6, a,
							  sizeof(a)));
			if (gbcp_has(&m, GBCP_A_IPV6_PREFIX_HAAP))
				add(&ip6, "%s", inet_ntop(AF_INET6,
							  m.prefix_haap.addr,
							  a, sizeof(a)));
			if (gbcp_has(&m, GBCP_A_IPV6_PREFIX_HOST))
				add(&ip6, "%s", inet_ntop(AF_INET6,
							  m.prefix_host.addr,
							  a, sizeof(a)));
			if (gbcp_has(&m, GBCP_A_ERROR_CODE))
				add(&err, "%u", m.error_code);
			if (gbcp_has(&m, GBCP_A_FILTER_LIST))
				add(&commit, "%u", m.filter.commit_count);
			if (gbcp_has(&m, GBCP_A_FILTER_LIST_ACK))
				add(&commit, "%u", m.filter_ack.commit_count);
			for (t = 0; gbcp_has(&m, GBCP_A_FILTER_LIST) &&
			     t < m.filter.n_items; t++) {
				const struct gbcp_filter_item *it =
					&m.filter.items[t];

				add(&ftypes, "%u", it->type);
				add(&fvals, "%.*s", it->value_len,
				    m.filter.text + it->value_off);
			}
			fprintf(exp,
				"%u\t%u\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s/%s\n",
				n, m.type, (unsigned int)(buf[0] & 0x0f),
				attrs.s, ip4.s, ip6.s, err.s, u64.s, commit.s,
				ftypes.s, fvals.s, str.s, tm.s,
				gbcp_dialect_name(d),
				gbcp_sample_names[i]);
		}
	}
	pcapgen_close(pcap, exp);
	return 0;
}
