// SPDX-License-Identifier: GPL-2.0
/*
 * pmipd host unit test: the configuration parser, the LMA's checks and
 * binding cache decisions fed decoded PBUs (lma.c), and the MAG's link
 * state machine and timer math (mag.c). No kernel, no sockets. Prints
 * TAP; exits non-zero on failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmipd.h"
#include "tap.h"

static const char lma_text[] =
	"role lma\n"
	"hnp-pool 2001:db8:1::/48 64\n"
	"max-lifetime 120\n"
	"mag-allow 2001:db8::/32\n"
	"mn mn1@example.net\n"
	"mn mn2@example.net   # no multipath for this one\n"
	"\tmultipath no\n";

static const char mag_text[] =
	"role mag\n"
	"mn-id mn1@example.net\n"
	"mag-id mag1@example.net\n"
	"access-if lan0\n"
	"lifetime 60\n"
	"link dsl0\n"
	"  pcoa 2001:db8:d51::1\n"
	"  lma 2001:db8:d51::2\n"
	"  att 3\n  label 11\n  bid 1\n"
	"link lte0\n"
	"  pcoa 2001:db8:17e::1\n"
	"  lma 2001:db8:17e::2\n"
	"  att 8\n  label 9\n  bid 2\n";

static void test_conf(void)
{
	static struct pd_conf c;

	ok(!pd_conf_parse("lma", lma_text, &c) && c.role == PD_ROLE_LMA &&
	   c.pool_plen == 64 && c.pool.len == 48 && c.n_mn == 2 &&
	   c.mn[0].multipath && !c.mn[1].multipath && c.n_mags == 1 &&
	   c.max_lifetime_s == 120 && c.timestamps && c.ts_window_ms == 300,
	   "conf: an LMA");
	ok(!pd_conf_parse("mag", mag_text, &c) && c.role == PD_ROLE_MAG &&
	   c.n_links == 2 && c.links[1].bid == 2 && c.links[1].att == 8 &&
	   c.links[0].label == 11 && c.lifetime_s == 60 &&
	   c.mn_id.len == strlen("mn1@example.net") && c.multipath &&
	   !strcmp(c.steer_dev, "pm0"), "conf: a MAG");
	ok(pd_conf_parse("x", "role lma\n", &c) == -EINVAL,
	   "conf: an LMA without a pool refused");
	ok(pd_conf_parse("x", "hnp-pool 2001:db8::/64 48\nrole lma\n", &c),
	   "conf: pool PLEN shorter than the pool refused");
	ok(pd_conf_parse("x", "role mag\nmn-id a@b\nmag-id m@b\n"
			 "access-if lan0\nlink dsl0\n bid 1\n", &c),
	   "conf: a link without pcoa/lma refused");
	ok(pd_conf_parse("x", "role mag\nlink dsl0\n bid 255\n", &c) ==
	   -ERANGE, "conf: bid 255 refused");
	ok(pd_conf_parse("x", "role lma\nbogus 1\n", &c),
	   "conf: unknown key refused");
	ok(pd_conf_parse("x", "role lma\ntimestamps maybe\n", &c),
	   "conf: a bool that is not yes/no refused");
	ok(pd_conf_parse("x", "role lma\nhnp-pool 2001:db8::/48 64\n"
			 "link dsl0\n", &c),
	   "conf: link section in an LMA refused");
	ok(pd_conf_parse("x", "role dog\n", &c), "conf: unknown role refused");
	ok(!pd_conf_parse("x", "role lma\nhnp-pool 2001:db8::/48 64\n"
			  "timestamps no\n", &c) && !c.timestamps,
	   "conf: sequence-number scheme");
}

static void test_math(void)
{
	struct pd_conf c;
	struct pmip_prefix p;
	char buf[64];
	uint32_t ms = PD_INITIAL_BINDACK_MS;
	int i;

	ok(pd_seq_newer(1, 0) && pd_seq_newer(0, 65535) &&
	   !pd_seq_newer(5, 5) && !pd_seq_newer(4, 5) &&
	   pd_seq_newer((uint16_t)(5 + 32767), 5) &&
	   !pd_seq_newer((uint16_t)(5 + 32768), 5),
	   "sequence comparison mod 2^16 (RFC 6275 §9.5.1)");
	for (i = 0; i < 10; i++)
		ms = mag_retx_next(ms);
	ok(mag_retx_next(1000) == 2000 && mag_retx_next(16000) == 32000 &&
	   mag_retx_next(32000) == 32000 && ms == 32000 &&
	   mag_retx_next(0) == 1000,
	   "retransmission: 1 s doubling, capped at 32 s (RFC 5213 §6.9.4)");
	ok(mag_refresh_after_ms(60) == 45000 &&
	   mag_refresh_after_ms(4) == 3000 &&
	   mag_refresh_after_ms(3600) == 2700000 &&
	   mag_refresh_after_ms(120) == 120000 - 64000 &&
	   mag_refresh_after_ms(0) == 1,
	   "refresh: at 3/4 of the lifetime, or leaving room for the back-off");

	pd_conf_parse("lma", lma_text, &c);
	ok(!lma_pool_prefix(&c, 0, &p) && p.len == 64 &&
	   !strcmp(inet_ntop(AF_INET6, p.addr, buf, sizeof(buf)),
		   "2001:db8:1::"), "pool: slot 0");
	ok(!lma_pool_prefix(&c, 0x123, &p) &&
	   !strcmp(inet_ntop(AF_INET6, p.addr, buf, sizeof(buf)),
		   "2001:db8:1:123::"), "pool: slot 0x123");
	ok(lma_pool_prefix(&c, PD_MAX_BCE, &p) == -ENOSPC,
	   "pool: beyond its size refused");
}

/* --- LMA ----------------------------------------------------------------- */

static struct pd_conf lconf;
static struct pd_lma lma;
static struct pmip_msg pba;
static const uint64_t T0 = 1700000000ULL * NSEC_PER_SEC;

static struct pd_rx rx_from(const char *src, const char *dst, uint64_t t)
{
	struct pd_rx rx;

	memset(&rx, 0, sizeof(rx));
	inet_pton(AF_INET6, src, &rx.src);
	inet_pton(AF_INET6, dst, &rx.dst);
	rx.real_ns = T0 + t;
	rx.mono_ns = 1000 * NSEC_PER_SEC + t;
	return rx;
}

/* a complete multipath PBU of mn (timestamp = T0 + t) */
static void pbu_init(struct pmip_msg *m, const char *mn, uint64_t t,
		     uint8_t bid, const char *hnp)
{
	uint8_t zero[16] = { 0 };
	struct pmip_timestamp ts = pmip_timestamp_from_ns(T0 + t);
	struct pmip_mmb mmb = { .if_att = 3, .if_label = 11, .bid = bid };

	pmip_msg_init(m, PMIP_MH_BU);
	m->flags = PMIP_BU_A | PMIP_BU_H | PMIP_BU_P;
	m->seq = (uint16_t)(t / NSEC_PER_MSEC);
	m->lifetime = 15;
	pmip_set_mn_id(m, PMIP_ID_NAI, mn, strlen(mn));
	if (hnp) {
		uint8_t a[16];

		inet_pton(AF_INET6, hnp, a);
		pmip_add_hnp(m, a, 64);
	} else {
		pmip_add_hnp(m, zero, 0);
	}
	pmip_set_hi(m, PMIP_HI_NEW_INTERFACE);
	pmip_set_att(m, 3);
	pmip_set_timestamp(m, ts.sec, ts.frac);
	if (bid) {
		pmip_add_mmb(m, &mmb);
		pmip_set_mag_id(m, PMIP_ID_NAI, "mag1", 4);
	}
}

static int lma_status(const struct pmip_msg *m, const struct pd_rx *rx)
{
	if (!lma_process(&lma, m, rx, &pba))
		return -1;
	return pba.status;
}

static unsigned int count_act(enum pd_act_op op)
{
	unsigned int i, n = 0;

	for (i = 0; i < lma.n_act; i++)
		n += lma.act[i].op == op;
	return n;
}

static void test_lma_checks(void)
{
	static struct pmip_msg m;
	struct pd_rx rx = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 0);
	struct pd_rx far = rx_from("2001:db9::1", "2001:db8:d51::2", 0);
	char buf[64];

	pd_conf_parse("lma", lma_text, &lconf);
	lma_init(&lma, &lconf);

	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.present[0] &= ~(1ULL << PMIP_OPT_MN_ID);
	m.hi = 0;
	ok(lma_status(&m, &rx) == PMIP_ST_MISSING_MN_ID &&
	   pmip_has(&pba, PMIP_OPT_MN_ID) && !pba.mn_id.len,
	   "LMA: no MN-ID -> 160, a zero-length MN-ID in the PBA");
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	ok(lma_status(&m, &far) == PMIP_ST_MAG_NOT_AUTHORIZED,
	   "LMA: MAG outside mag-allow -> 154");
	pbu_init(&m, "who@example.net", 0, 1, NULL);
	ok(lma_status(&m, &rx) == PMIP_ST_NOT_LMA_FOR_THIS_MN,
	   "LMA: unknown MN -> 153");
	/* order: 153 before the missing options */
	m.present[0] &= ~(1ULL << PMIP_OPT_HI);
	ok(lma_status(&m, &rx) == PMIP_ST_NOT_LMA_FOR_THIS_MN,
	   "LMA: 153 is checked before 161");
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.flags &= (uint16_t)~PMIP_BU_P;
	ok(lma_status(&m, &rx) == PMIP_ST_PROXY_REG_NOT_ENABLED &&
	   !(pba.flags & PMIP_BA_P), "LMA: P = 0 -> 152, P not set in the PBA");
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.present[0] &= ~(1ULL << PMIP_OPT_TIMESTAMP);
	ok(lma_status(&m, &rx) == PMIP_ST_TIMESTAMP_MISMATCH &&
	   pmip_has(&pba, PMIP_OPT_TIMESTAMP),
	   "LMA: no Timestamp in the timestamp scheme -> 156 with our time");
	pbu_init(&m, "mn1@example.net", 400 * NSEC_PER_MSEC, 1, NULL);
	ok(lma_status(&m, &rx) == PMIP_ST_TIMESTAMP_MISMATCH &&
	   pba.timestamp.sec == T0 / NSEC_PER_SEC,
	   "LMA: timestamp 400 ms ahead -> 156, the PBA has the LMA's time");
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.n_hnp = 0;
	ok(lma_status(&m, &rx) == PMIP_ST_MISSING_HNP, "LMA: no HNP -> 158");
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.present[0] &= ~(1ULL << PMIP_OPT_HI);
	m.present[0] &= ~(1ULL << PMIP_OPT_ATT);
	ok(lma_status(&m, &rx) == PMIP_ST_MISSING_HI && pba.hi == 0,
	   "LMA: no HI -> 161 (before ATT), HI 0 in the PBA");
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.present[0] &= ~(1ULL << PMIP_OPT_ATT);
	ok(lma_status(&m, &rx) == PMIP_ST_MISSING_ATT, "LMA: no ATT -> 162");
	pbu_init(&m, "mn2@example.net", 0, 1, NULL);
	ok(lma_status(&m, &rx) == PMIP_ST_CANNOT_SUPPORT_MULTIPATH &&
	   pba.n_mmb == 1 && pba.mmb[0].bid == 1 &&
	   !pmip_has(&pba, PMIP_OPT_MAG_ID) && lma.n_act == 0,
	   "LMA: multipath off for mn2 -> 180, MMB echoed without MAG-Id");
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.present[1] &= ~(1ULL << (PMIP_OPT_MAG_ID - 64));
	ok(lma_status(&m, &rx) == PMIP_ST_UNSPECIFIED,
	   "LMA: MMB without the MAG Identifier refused");
	ok(lma_next_expiry(&lma) == 0, "LMA: no rejection left a binding");

	/* the legacy single-path PBU of mn2 is fine */
	pbu_init(&m, "mn2@example.net", 0, 0, NULL);
	ok(lma_status(&m, &rx) == PMIP_ST_ACCEPTED && !pba.n_mmb &&
	   count_act(PD_ACT_SESSION_ADD) == 1 &&
	   count_act(PD_ACT_BIND_SET) == 1 && lma.act[1].bind.bid == 1 &&
	   !strcmp(inet_ntop(AF_INET6, pba.hnp[0].addr, buf, sizeof(buf)),
		   "2001:db8:1::") && pba.lifetime == 15,
	   "LMA: legacy PBU of mn2 accepted: session, binding 1, first HNP");
}

static void test_lma_multipath(void)
{
	static struct pmip_msg m;
	struct pd_rx dsl = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 0);
	struct pd_rx lte = rx_from("2001:db8:17e::1", "2001:db8:17e::2",
				   10 * NSEC_PER_MSEC);
	struct pd_rx later;
	char hnp[64];
	int i;

	lma_init(&lma, &lconf);
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	m.lifetime = 0xffff;
	ok(lma_status(&m, &dsl) == 0 && pba.n_mmb == 1 &&
	   !pmip_has(&pba, PMIP_OPT_MAG_ID) && pba.lifetime == 30 &&
	   count_act(PD_ACT_SESSION_ADD) == 1 &&
	   count_act(PD_ACT_BIND_SET) == 1 && (pba.flags & PMIP_BA_P) &&
	   pmip_has(&pba, PMIP_OPT_TIMESTAMP) && pba.seq == m.seq,
	   "LMA: first multipath PBU: session + binding 1, lifetime capped "
	   "at 120 s, MMB echoed");
	inet_ntop(AF_INET6, pba.hnp[0].addr, hnp, sizeof(hnp));
	i = lma.act[0].bce;

	pbu_init(&m, "mn1@example.net", 10 * NSEC_PER_MSEC, 2, hnp);
	m.mmb[0].if_att = 8;
	m.mmb[0].if_label = 9;
	ok(lma_status(&m, &lte) == 0 && lma.bce[i].n_bind == 2 &&
	   count_act(PD_ACT_SESSION_ADD) == 0 &&
	   lma.bce[i].bind[1].att == 8 && lma.bce[i].bind[1].label == 9 &&
	   !memcmp(&lma.bce[i].bind[1].pcoa, &lte.src, 16) &&
	   !memcmp(&lma.bce[i].bind[1].lmaa, &lte.dst, 16),
	   "LMA: second PBU with the learned HNP adds binding 2 (RFC 8278 §3.1)");

	pbu_init(&m, "mn1@example.net", 5 * NSEC_PER_MSEC, 2, hnp);
	ok(lma_status(&m, &lte) == PMIP_ST_TIMESTAMP_LOWER &&
	   lma.bce[i].n_bind == 2,
	   "LMA: a timestamp older than the last accepted -> 157");

	/* two paths: binding 1's newer PBU overtakes binding 2's older one */
	later = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 30 * NSEC_PER_MSEC);
	pbu_init(&m, "mn1@example.net", 30 * NSEC_PER_MSEC, 1, hnp);
	ok(lma_status(&m, &later) == 0, "LMA: refresh of binding 1 at 30 ms");
	pbu_init(&m, "mn1@example.net", 25 * NSEC_PER_MSEC, 2, hnp);
	ok(lma_status(&m, &later) == 0,
	   "LMA: binding 2's PBU of 25 ms after it is still fresh (per binding)");
	pbu_init(&m, "mn1@example.net", 25 * NSEC_PER_MSEC, 2, hnp);
	ok(lma_status(&m, &later) == PMIP_ST_TIMESTAMP_LOWER,
	   "LMA: ... but not twice");

	pbu_init(&m, "mn2@example.net", 40 * NSEC_PER_MSEC, 0, hnp);
	later = rx_from("2001:db8:d51::1", "x", 40 * NSEC_PER_MSEC);
	ok(lma_status(&m, &later) == PMIP_ST_NOT_AUTHORIZED_FOR_HNP,
	   "LMA: mn2 asking for mn1's prefix -> 155");
	pbu_init(&m, "mn1@example.net", 40 * NSEC_PER_MSEC, 1,
		 "2001:db8:1:77::");
	ok(lma_status(&m, &later) == PMIP_ST_PREFIX_SET_MISMATCH,
	   "LMA: mn1 asking for another prefix -> 159");

	/* B: one refresh renews both */
	later = rx_from("2001:db8:d51::1", "2001:db8:d51::2",
			60 * NSEC_PER_SEC);
	pbu_init(&m, "mn1@example.net", 60 * NSEC_PER_SEC, 1, hnp);
	m.mmb[0].flags = PMIP_MMB_B;
	ok(lma_status(&m, &later) == 0 && count_act(PD_ACT_BIND_SET) == 2 &&
	   lma.bce[i].bind[1].expires_ns == lma.bce[i].bind[0].expires_ns,
	   "LMA: B flag refreshes every binding of the node");

	/* expiry: nothing at 60 s + 59, everything at 60 s + 61 */
	lma_expire_bce(&lma, (unsigned int)i, later.mono_ns + 59 * NSEC_PER_SEC);
	ok(!lma.n_act && lma.bce[i].n_bind == 2, "LMA: nothing expires early");

	/* de-registration of binding 2 only */
	later = rx_from("2001:db8:d51::1", "2001:db8:d51::2",
			61 * NSEC_PER_SEC);
	pbu_init(&m, "mn1@example.net", 61 * NSEC_PER_SEC, 2, hnp);
	m.lifetime = 0;
	ok(lma_status(&m, &later) == 0 && pba.lifetime == 0 &&
	   lma.bce[i].n_bind == 1 && lma.bce[i].bind[0].bid == 1 &&
	   count_act(PD_ACT_BIND_DEL) == 1 &&
	   count_act(PD_ACT_SESSION_DEL) == 0,
	   "LMA: de-registration of BID 2 (sent over dsl) removes only it");
	later = rx_from("2001:db8:d51::1", "2001:db8:d51::2",
			62 * NSEC_PER_SEC);
	pbu_init(&m, "mn1@example.net", 62 * NSEC_PER_SEC, 2, hnp);
	m.lifetime = 0;
	ok(lma_status(&m, &later) == -1,
	   "LMA: de-registration of no binding is silently ignored");

	/* O: binding 3 replaces all */
	later = rx_from("2001:db8:17e::1", "2001:db8:17e::2",
			63 * NSEC_PER_SEC);
	pbu_init(&m, "mn1@example.net", 63 * NSEC_PER_SEC, 3, hnp);
	m.mmb[0].flags = PMIP_MMB_O;
	ok(lma_status(&m, &later) == 0 && lma.bce[i].n_bind == 1 &&
	   lma.bce[i].bind[0].bid == 3 && count_act(PD_ACT_BIND_DEL) == 1,
	   "LMA: O flag: binding 3 overwrites binding 1");

	lma_expire_bce(&lma, (unsigned int)i,
		       later.mono_ns + 121 * NSEC_PER_SEC);
	ok(count_act(PD_ACT_BIND_DEL) == 1 &&
	   count_act(PD_ACT_SESSION_DEL) == 1 && !lma.bce[i].used &&
	   lma.slot_bce[0] == -1 &&
	   lma_find(&lma, &m.mn_id) == -1, "LMA: expiry removes the binding, the entry "
	   "and gives the prefix back");

	/* after a restart of the LMA: the MAG's HNP is given back */
	lma_init(&lma, &lconf);
	later = rx_from("2001:db8:d51::1", "2001:db8:d51::2",
			70 * NSEC_PER_SEC);
	pbu_init(&m, "mn1@example.net", 70 * NSEC_PER_SEC, 1,
		 "2001:db8:1:5::");
	ok(lma_status(&m, &later) == 0 &&
	   lma.bce[lma.act[0].bce].pool_slot == 5,
	   "LMA: a pool prefix asked for is allocated (LMA restarted)");
	pbu_init(&m, "mn2@example.net", 70 * NSEC_PER_SEC, 0, "2001:db9::");
	ok(lma_status(&m, &later) == PMIP_ST_NOT_AUTHORIZED_FOR_HNP,
	   "LMA: a prefix outside the pool -> 155");
}

static void test_lma_seq(void)
{
	static struct pmip_msg m;
	struct pd_rx rx = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 0);

	pd_conf_parse("lma", "role lma\nhnp-pool 2001:db8:1::/48 64\n"
		      "timestamps no\nmn-any yes\n", &lconf);
	lma_init(&lma, &lconf);
	pbu_init(&m, "any@example.net", 0, 0, NULL);
	m.present[0] &= ~(1ULL << PMIP_OPT_TIMESTAMP);
	m.seq = 100;
	ok(lma_status(&m, &rx) == 0 && !pmip_has(&pba, PMIP_OPT_TIMESTAMP),
	   "LMA (sequence numbers): accepted, no Timestamp in the PBA");
	m.seq = 100;
	ok(lma_status(&m, &rx) == PMIP_ST_SEQ_OUT_OF_WINDOW && pba.seq == 100,
	   "LMA (sequence numbers): the same number again -> 135");
	m.seq = 101;
	ok(lma_status(&m, &rx) == 0, "LMA (sequence numbers): the next one ok");
	pbu_init(&m, "any@example.net", 0, 1, NULL);
	m.present[0] &= ~(1ULL << PMIP_OPT_TIMESTAMP);
	m.seq = 102;
	ok(lma_status(&m, &rx) == PMIP_ST_CANNOT_SUPPORT_MULTIPATH,
	   "LMA: an unlisted node (mn-any yes) gets no multipath -> 180");
	lconf.mn_any_multipath = true;
	m.seq = 103;
	ok(lma_status(&m, &rx) == 0 && pba.n_mmb == 1,
	   "LMA: with \"mn-any multipath\" it does");
	ok(!pd_conf_parse("x", "role lma\nhnp-pool 2001:db8::/48 64\n"
			  "mn-any multipath\n", &lconf) && lconf.mn_any &&
	   lconf.mn_any_multipath, "conf: mn-any multipath");
}

/* many nodes: the hash chains and pool slots stay consistent */
static void test_lma_many(void)
{
	static struct pmip_msg m;
	struct pd_rx rx = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 0);
	char id[32];
	unsigned int i, bad = 0, n = 3000;

	pd_conf_parse("lma", "role lma\nhnp-pool 2001:db8::/32 64\n"
		      "mn-any yes\n", &lconf);
	lma_init(&lma, &lconf);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "n%u", i);
		pbu_init(&m, id, 0, 0, NULL);
		bad += lma_status(&m, &rx) != 0 ||
		       lma.bce[lma.act[0].bce].pool_slot != i;
	}
	ok(!bad, "LMA: %u nodes registered, slots in order", n);
	/* de-register the even ones */
	for (i = 0; i < n; i += 2) {
		snprintf(id, sizeof(id), "n%u", i);
		pbu_init(&m, id, NSEC_PER_MSEC, 0, NULL);
		m.lifetime = 0;
		bad += lma_status(&m, &rx) != 0;
	}
	for (i = 0; i < n; i++) {
		struct pmip_ident q = { .subtype = PMIP_ID_NAI };
		int k;

		q.len = (uint8_t)snprintf((char *)q.id, sizeof(q.id), "n%u", i);
		k = lma_find(&lma, &q);
		bad += i % 2 ? k < 0 || lma.bce[k].pool_slot != i : k >= 0;
	}
	ok(!bad, "LMA: half de-registered, every lookup right");
	snprintf(id, sizeof(id), "again");
	pbu_init(&m, id, 2 * NSEC_PER_MSEC, 0, NULL);
	ok(lma_status(&m, &rx) == 0 &&
	   lma.bce[lma.act[0].bce].pool_slot % 2 == 0,
	   "LMA: a new node after the churn gets a free prefix");
}

/* random PBUs that decode: the cache stays consistent, nothing crashes */
static void test_lma_random(void)
{
	static struct pmip_msg m;
	unsigned int i, j, bad = 0, seed = 12345, n_bind, acc = 0, used = 0;
	char id[16];

	pd_conf_parse("lma", lma_text, &lconf);
	lconf.mn_any = true;
	lma_init(&lma, &lconf);
	for (i = 0; i < 20000; i++) {
		struct pd_rx rx = rx_from(i % 3 ? "2001:db8:d51::1" :
					  "2001:db8:17e::1", "2001:db8:d51::2",
					  (uint64_t)i * NSEC_PER_MSEC);
		uint8_t hnp[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };

		seed = seed * 1103515245 + 12345;
		snprintf(id, sizeof(id), seed >> 16 & 1 ? "mn1@example.net" :
			 "r%u", seed >> 20 & 15);
		pbu_init(&m, id, (uint64_t)i * NSEC_PER_MSEC -
			 (seed >> 8 & 3) * NSEC_PER_MSEC, (seed >> 4 & 7) % 5,
			 NULL);
		if (seed >> 10 & 1)
			m.lifetime = 0;
		if (m.n_mmb && (seed >> 11 & 1))
			m.mmb[0].flags = seed >> 12 & 1 && m.lifetime ?
					 PMIP_MMB_O : PMIP_MMB_B;
		if (seed >> 13 & 1) {
			hnp[7] = (uint8_t)(seed >> 14 & 3);
			m.n_hnp = 0;
			pmip_add_hnp(&m, hnp, 64);
		}
		if (!(seed >> 24 & 15))
			m.present[0] &= ~(1ULL << PMIP_OPT_HI);
		if (lma_process(&lma, &m, &rx, &pba) && !pba.status)
			acc++;
		if (!(i % 997))
			for (j = 0; j < PD_MAX_BCE; j++)
				lma_expire_bce(&lma, j, rx.mono_ns);
	}
	for (i = 0; i < PD_MAX_BCE; i++) {
		const struct pd_bce *e = &lma.bce[i];

		if (!e->used)
			continue;
		used++;
		n_bind = e->n_bind;
		bad += n_bind == 0 || n_bind > PD_MAX_BIND ||
		       lma_find(&lma, &e->mn_id) != (int)i ||
		       lma.slot_bce[e->pool_slot] != (int32_t)i;
		for (j = 0; j < n_bind; j++)
			bad += !e->bind[j].bid || (!e->multipath && n_bind > 1);
	}
	ok(!bad && acc > 1000 && used > 0,
	   "LMA: 20000 random PBUs (%u accepted, %u entries left), the cache "
	   "stays consistent", acc, used);
}

/* --- MAG ----------------------------------------------------------------- */

static struct pd_conf mconf;
static struct pd_mag mag;
static struct pd_mag_out out;

static void out_reset(void)
{
	memset(&out, 0, sizeof(out));
}

static bool has_act(enum pd_act_op op, unsigned int link)
{
	unsigned int i;

	for (i = 0; i < out.n_act; i++)
		if (out.act[i].op == op && out.act[i].link == link)
			return true;
	return false;
}

/* the LMA's answer to out.pbu[k] */
static void answer(unsigned int k, uint8_t status, bool echo, uint64_t mono)
{
	static struct pmip_msg a;
	const struct pmip_msg *p = &out.pbu[k].msg;
	uint8_t hnp[16];

	inet_pton(AF_INET6, "2001:db8:1::", hnp);
	pmip_msg_init(&a, PMIP_MH_BA);
	a.flags = PMIP_BA_P;
	a.seq = p->seq;
	a.status = status;
	a.lifetime = p->lifetime;
	pmip_add_hnp(&a, hnp, 64);
	if (echo && p->n_mmb)
		pmip_add_mmb(&a, &p->mmb[0]);
	out_reset();
	mag_pba(&mag, &a, NULL, T0, mono, &out);
}

static void test_mag(void)
{
	const uint64_t s = NSEC_PER_SEC;
	uint16_t seq;

	pd_conf_parse("mag", mag_text, &mconf);
	mag_init(&mag, &mconf, 7);
	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	mag_link_event(&mag, 1, true, T0, 0, &out);
	ok(out.n_pbu == 1 && out.pbu[0].link == 0,
	   "MAG: capability discovery: one PBU, on the first link only");
	ok(out.pbu[0].msg.n_mmb == 1 && out.pbu[0].msg.mmb[0].bid == 1 &&
	   out.pbu[0].msg.mmb[0].if_att == 3 &&
	   out.pbu[0].msg.mmb[0].if_label == 11 &&
	   pmip_has(&out.pbu[0].msg, PMIP_OPT_MAG_ID) &&
	   pmip_has(&out.pbu[0].msg, PMIP_OPT_TIMESTAMP) &&
	   out.pbu[0].msg.hi == PMIP_HI_NEW_INTERFACE &&
	   out.pbu[0].msg.att == 3 && out.pbu[0].msg.lifetime == 15 &&
	   (out.pbu[0].msg.flags & (PMIP_BU_A | PMIP_BU_P)) ==
	   (PMIP_BU_A | PMIP_BU_P) && out.pbu[0].msg.n_hnp == 1 &&
	   out.pbu[0].msg.hnp[0].len == 0 && out.pbu[0].msg.seq == 7,
	   "MAG: the PBU carries MN-ID, zero HNP, HI 1, ATT, Timestamp, MMB "
	   "and MAG-Id (RFC 8278 §4.4)");

	/* no answer: retransmissions at 1, 2, 4 s with new sequence numbers */
	seq = out.pbu[0].msg.seq;
	out_reset();
	mag_tick(&mag, T0, s - 1, &out);
	ok(out.n_pbu == 0, "MAG: no retransmission before 1 s");
	mag_tick(&mag, T0, s, &out);
	ok(out.n_pbu == 1 && out.pbu[0].msg.seq == (uint16_t)(seq + 1) &&
	   out.n_retx == 1, "MAG: retransmission after 1 s, new sequence");
	out_reset();
	mag_tick(&mag, T0, 3 * s - 1, &out);
	ok(out.n_pbu == 0, "MAG: then not before 2 s more");
	mag_tick(&mag, T0, 3 * s, &out);
	ok(out.n_pbu == 1, "MAG: the second retransmission 2 s later");

	answer(0, 0, true, 3 * s);
	ok(mag.mp == PD_MP_ON && mag.has_hnp &&
	   has_act(PD_ACT_SESSION_ADD, 0) && has_act(PD_ACT_BIND_SET, 0) &&
	   out.n_pbu == 1 && out.pbu[0].link == 1 &&
	   out.pbu[0].msg.hnp[0].len == 64 && out.pbu[0].msg.n_mmb == 1 &&
	   out.pbu[0].msg.mmb[0].bid == 2,
	   "MAG: PBA with MMB: multipath on, link 2 registers with the HNP");
	answer(0, 0, true, 3 * s);
	ok(mag.link[1].state == PD_LINK_BOUND && has_act(PD_ACT_BIND_SET, 1) &&
	   !has_act(PD_ACT_SESSION_ADD, 1), "MAG: both links bound");

	/* refresh of link 1 at 3/4 of 60 s */
	out_reset();
	mag_tick(&mag, T0, 3 * s + 45 * s - 1, &out);
	ok(out.n_pbu == 0, "MAG: no refresh before 45 s");
	mag_tick(&mag, T0, 3 * s + 45 * s, &out);
	ok(out.n_pbu == 2 && out.pbu[0].msg.hi == PMIP_HI_NOT_CHANGED &&
	   out.pbu[0].msg.lifetime == 15,
	   "MAG: refresh of both at 45 s, HI 5");
	answer(0, 0, true, 48 * s);
	ok(has_act(PD_ACT_BIND_SET, 0) && mag.link[0].state == PD_LINK_BOUND,
	   "MAG: refresh accepted: new lifetime in the kernel");

	/* lte down: de-registration of BID 2 through dsl */
	out_reset();
	mag_link_event(&mag, 1, false, T0, 50 * s, &out);
	ok(has_act(PD_ACT_BIND_DEL, 1) && out.n_pbu == 1 &&
	   out.pbu[0].link == 0 && out.pbu[0].msg.lifetime == 0 &&
	   out.pbu[0].msg.mmb[0].bid == 2 &&
	   !(out.pbu[0].msg.mmb[0].flags & PMIP_MMB_O),
	   "MAG: link down: BID 2 de-registered through the other link");
	answer(0, 0, true, 50 * s);
	ok(mag.link[1].state == PD_LINK_DOWN && !mag.link[1].pending,
	   "MAG: de-registration acknowledged");
	out_reset();
	mag_link_event(&mag, 1, true, T0, 51 * s, &out);
	ok(out.n_pbu == 1 && out.pbu[0].link == 1 &&
	   out.pbu[0].msg.hnp[0].len == 64,
	   "MAG: link back up: registers again at once");

	out_reset();
	mag_stop(&mag, T0, &out);
	ok(out.n_pbu == 2 && out.pbu[0].msg.lifetime == 0 &&
	   has_act(PD_ACT_SESSION_DEL, 0),
	   "MAG: stop de-registers and removes the session");
}

static void test_mag_fallback(void)
{
	const uint64_t s = NSEC_PER_SEC;

	/* status 180 */
	mag_init(&mag, &mconf, 1);
	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	mag_link_event(&mag, 1, true, T0, 0, &out);
	answer(0, PMIP_ST_CANNOT_SUPPORT_MULTIPATH, true, s);
	ok(mag.mp == PD_MP_OFF && out.n_pbu == 1 && out.pbu[0].link == 0 &&
	   out.pbu[0].msg.n_mmb == 0 &&
	   !pmip_has(&out.pbu[0].msg, PMIP_OPT_MAG_ID),
	   "MAG: 180: multipath off, a PBU without MMB on one link");
	answer(0, 0, false, s);
	ok(mag.link[0].state == PD_LINK_BOUND &&
	   mag.link[1].state == PD_LINK_IDLE && out.n_pbu == 0,
	   "MAG: 180: one binding, the other link stays idle");
	out_reset();
	mag_link_event(&mag, 0, false, T0, 2 * s, &out);
	ok(has_act(PD_ACT_BIND_DEL, 0) && out.n_pbu == 1 &&
	   out.pbu[0].link == 1 &&
	   out.pbu[0].msg.hi == PMIP_HI_INTERFACE_CHANGE &&
	   out.pbu[0].msg.n_mmb == 0,
	   "MAG: single path: its link down, the other takes over (HI 2)");

	/* a legacy LMA: accepted without MMB */
	mag_init(&mag, &mconf, 1);
	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	mag_link_event(&mag, 1, true, T0, 0, &out);
	answer(0, 0, false, s);
	ok(mag.mp == PD_MP_OFF && mag.link[0].state == PD_LINK_BOUND &&
	   out.n_pbu == 0, "MAG: PBA without MMB: multipath off, one binding");

	/* a rejection: back-off, no binding */
	mag_init(&mag, &mconf, 1);
	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	answer(0, PMIP_ST_ADMIN_PROHIBITED, false, 0);
	ok(mag.link[0].state == PD_LINK_REG && out.n_act == 0 &&
	   mag.link[0].retx_ms == 2000, "MAG: rejected: retry with back-off");

	/* a PBA matching nothing */
	{
		static struct pmip_msg a;

		pmip_msg_init(&a, PMIP_MH_BA);
		a.flags = PMIP_BA_P;
		a.seq = 999;
		ok(!mag_pba(&mag, &a, NULL, T0, 0, &out),
		   "MAG: a PBA of no outstanding PBU is not taken");
	}
}

/* --- RFC 5845 GRE keys -------------------------------------------------- */

/* through the codec, as it goes on the wire */
static bool wire(const struct pmip_msg *in, struct pmip_msg *out)
{
	uint8_t buf[PMIP_MSG_MAX_LEN];
	int n = pmip_encode(in, buf, sizeof(buf));

	return n > 0 && !pmip_decode(buf, (size_t)n, out, NULL);
}

static void test_gre_conf(void)
{
	static struct pd_conf c;

	ok(!pd_conf_parse("x", "role lma\nhnp-pool 2001:db8::/48 64\n"
			  "tunnel gre\ngre-required yes\n", &c) && c.gre &&
	   c.gre_required, "GRE conf: tunnel gre, gre-required on an LMA");
	ok(!pd_conf_parse("x", "role lma\nhnp-pool 2001:db8::/48 64\n", &c) &&
	   !c.gre && !c.gre_required, "GRE conf: ip6ip6 by default");
	ok(pd_conf_parse("x", "role lma\nhnp-pool 2001:db8::/48 64\n"
			 "gre-required yes\n", &c) == -EINVAL,
	   "GRE conf: gre-required without tunnel gre refused");
	ok(pd_conf_parse("x", "role lma\ntunnel vxlan\n", &c) == -EINVAL,
	   "GRE conf: unknown tunnel kind refused");
	ok(pd_conf_parse("x", "role mag\ntunnel gre\ngre-required yes\n"
			 "mn-id a@b\nmag-id m@b\naccess-if lan0\nlink dsl0\n"
			 " pcoa ::1\n lma ::2\n bid 1\n", &c) == -EINVAL,
	   "GRE conf: gre-required on a MAG refused");
}

/* the LMA's GRE Key decisions, PBUs built by hand */
static void test_gre_lma(void)
{
	static struct pd_conf gconf;
	static struct pmip_msg m;
	struct pd_rx dsl = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 0);
	struct pd_rx lte = rx_from("2001:db8:17e::1", "2001:db8:17e::2",
				   10 * NSEC_PER_MSEC);
	uint32_t k1, k2;
	int i;

	pd_conf_parse("lma", lma_text, &gconf);
	gconf.gre = true;
	lma_init(&lma, &gconf);

	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	pmip_set_gre_key(&m, true, 0xd0001);
	ok(lma_status(&m, &dsl) == PMIP_ST_ACCEPTED &&
	   pmip_has(&pba, PMIP_OPT_GRE_KEY) && pba.gre_has_key &&
	   pba.gre_key && lma.act[1].bind.encap.gre &&
	   lma.act[1].bind.encap.keyed &&
	   lma.act[1].bind.encap.ikey == pba.gre_key &&
	   lma.act[1].bind.encap.okey == 0xd0001,
	   "GRE LMA: PBA carries our uplink key, the binding both keys");
	k1 = pba.gre_key;
	pbu_init(&m, "mn1@example.net", 10 * NSEC_PER_MSEC, 2, "2001:db8:1::");
	pmip_set_gre_key(&m, true, 0xd0002);
	ok(lma_status(&m, &lte) == PMIP_ST_ACCEPTED && pba.gre_has_key &&
	   pba.gre_key != k1, "GRE LMA: the second binding gets another key");
	k2 = pba.gre_key;
	pbu_init(&m, "mn2@example.net", 0, 0, NULL);
	pmip_set_gre_key(&m, true, 0xd0001);	/* another MAG may reuse it */
	ok(lma_status(&m, &dsl) == PMIP_ST_ACCEPTED && pba.gre_has_key &&
	   pba.gre_key != k1 && pba.gre_key != k2,
	   "GRE LMA: another node's binding: a third key");

	/* a refresh keeps the uplink key; a new downlink key is taken */
	pbu_init(&m, "mn1@example.net", 20 * NSEC_PER_MSEC, 1, "2001:db8:1::");
	pmip_set_gre_key(&m, true, 0xd00ff);
	dsl.real_ns += 20 * NSEC_PER_MSEC;
	i = lma_find(&lma, &m.mn_id);
	ok(lma_status(&m, &dsl) == PMIP_ST_ACCEPTED && pba.gre_key == k1 &&
	   i >= 0 && lma.bce[i].bind[0].encap.okey == 0xd00ff,
	   "GRE LMA: a refresh keeps our key, takes the MAG's new one");

	/* a keyless GRE Key option: GRE without keys, answered in kind */
	pbu_init(&m, "mn1@example.net", 30 * NSEC_PER_MSEC, 1, "2001:db8:1::");
	pmip_set_gre_key(&m, false, 0);
	dsl.real_ns += 10 * NSEC_PER_MSEC;
	ok(lma_status(&m, &dsl) == PMIP_ST_ACCEPTED &&
	   pmip_has(&pba, PMIP_OPT_GRE_KEY) && !pba.gre_has_key &&
	   lma.bce[i].bind[0].encap.gre && !lma.bce[i].bind[0].encap.keyed,
	   "GRE LMA: option without a key: keyless GRE");

	/* no option, GRE not required: ip6ip6 for that binding */
	pbu_init(&m, "mn1@example.net", 40 * NSEC_PER_MSEC, 1, "2001:db8:1::");
	dsl.real_ns += 10 * NSEC_PER_MSEC;
	ok(lma_status(&m, &dsl) == PMIP_ST_ACCEPTED &&
	   !pmip_has(&pba, PMIP_OPT_GRE_KEY) && !lma.bce[i].bind[0].encap.gre,
	   "GRE LMA: PBU without the option: that binding falls back to ip6ip6");

	/* the key survives the round trip through the codec */
	pbu_init(&m, "mn1@example.net", 50 * NSEC_PER_MSEC, 2, "2001:db8:1::");
	pmip_set_gre_key(&m, true, 0xd0002);
	lte.real_ns += 40 * NSEC_PER_MSEC;
	{
		static struct pmip_msg got;

		ok(lma_status(&m, &lte) == PMIP_ST_ACCEPTED &&
		   wire(&pba, &got) && pmip_has(&got, PMIP_OPT_GRE_KEY) &&
		   got.gre_has_key && got.gre_key == k2,
		   "GRE LMA: the PBA's key decodes from the wire");
	}

	/* gre-required: 163, nothing installed; de-registration still works */
	gconf.gre_required = true;
	pbu_init(&m, "mn1@example.net", 60 * NSEC_PER_MSEC, 2, "2001:db8:1::");
	lte.real_ns += 10 * NSEC_PER_MSEC;
	ok(lma_status(&m, &lte) == PMIP_ST_GRE_KEY_REQUIRED &&
	   lma.n_act == 0 && !pmip_has(&pba, PMIP_OPT_GRE_KEY) &&
	   !pba.lifetime, "GRE LMA: gre-required, no option -> 163");
	pbu_init(&m, "mn1@example.net", 70 * NSEC_PER_MSEC, 2, "2001:db8:1::");
	m.lifetime = 0;
	lte.real_ns += 10 * NSEC_PER_MSEC;
	ok(lma_status(&m, &lte) == PMIP_ST_ACCEPTED &&
	   count_act(PD_ACT_BIND_DEL) == 1,
	   "GRE LMA: gre-required, a de-registration without it is taken");

	/* an LMA without GRE: accepts, answers without the option */
	lma_init(&lma, &lconf);
	pbu_init(&m, "mn1@example.net", 0, 1, NULL);
	pmip_set_gre_key(&m, true, 0xd0001);
	dsl = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 0);
	ok(lma_status(&m, &dsl) == PMIP_ST_ACCEPTED &&
	   !pmip_has(&pba, PMIP_OPT_GRE_KEY) && !lma.act[1].bind.encap.gre,
	   "GRE LMA: tunnel ip6ip6: the option is ignored, no key in the PBA");

	/* keys of many entries: all different */
	lma_init(&lma, &gconf);
	{
		static uint32_t keys[2 * 1100];
		unsigned int n = 0, a, b;
		bool dup = false;
		char mn[32];

		gconf.mn_any = gconf.mn_any_multipath = true;
		for (a = 0; a < 1100; a++) {
			struct pd_rx r = rx_from("2001:db8:d51::1",
						 "2001:db8:d51::2", 0);

			snprintf(mn, sizeof(mn), "n%u@example.net", a);
			for (b = 1; b <= 2; b++) {
				pbu_init(&m, mn, 0, (uint8_t)b, NULL);
				pmip_set_gre_key(&m, true, 7);
				if (lma_status(&m, &r) == PMIP_ST_ACCEPTED &&
				    pba.gre_has_key)
					keys[n++] = pba.gre_key;
			}
		}
		for (a = 0; a < n && !dup; a++)
			for (b = a + 1; b < n; b++)
				dup |= keys[a] == keys[b];
		ok(n == 2200 && !dup,
		   "GRE LMA: 2200 bindings (generations wrap), all keys differ");
		gconf.mn_any = gconf.mn_any_multipath = false;
	}
}

/* the MAG's side, and the two talking through the codec */
static void test_gre_mag(void)
{
	static struct pd_conf gm, gl;
	static struct pmip_msg got, a;
	const uint64_t s = NSEC_PER_SEC;
	struct pd_rx dsl = rx_from("2001:db8:d51::1", "2001:db8:d51::2", 0);
	struct pd_rx lte = rx_from("2001:db8:17e::1", "2001:db8:17e::2", 0);
	unsigned int k;
	uint16_t seq;

	pd_conf_parse("mag", mag_text, &gm);
	gm.gre = true;
	pd_conf_parse("lma", lma_text, &gl);
	gl.gre = true;
	mag_init(&mag, &gm, 100);
	lma_init(&lma, &gl);
	ok(mag_gre_key(&mag, 0) != mag_gre_key(&mag, 1) &&
	   mag_gre_key(&mag, 0) && mag_gre_key(&mag, 1),
	   "GRE MAG: each link its own non-zero downlink key");

	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	mag_link_event(&mag, 1, true, T0, 0, &out);
	ok(out.n_pbu == 1 && pmip_has(&out.pbu[0].msg, PMIP_OPT_GRE_KEY) &&
	   out.pbu[0].msg.gre_has_key &&
	   out.pbu[0].msg.gre_key == mag_gre_key(&mag, 0),
	   "GRE MAG: the PBU carries the downlink key");
	/* MAG -> LMA -> MAG, both ways through the codec */
	for (k = 0; k < 2; k++) {
		const struct pd_rx *rx = k ? &lte : &dsl;

		if (out.n_pbu != 1 || !wire(&out.pbu[0].msg, &got) ||
		    !lma_process(&lma, &got, rx, &a) || !wire(&a, &got))
			break;
		out_reset();
		mag_pba(&mag, &got, NULL, T0, s, &out);
	}
	ok(k == 2 && mag.link[0].state == PD_LINK_BOUND &&
	   mag.link[1].state == PD_LINK_BOUND,
	   "GRE MAG+LMA: both links bound");
	for (k = 0; k < 2; k++) {
		const struct pd_bce *e = &lma.bce[lma_find(&lma, &gm.mn_id)];
		const struct pd_binding *b = e->bind[0].bid == k + 1 ?
					     &e->bind[0] : &e->bind[1];
		const struct pd_encap *me = &mag.link[k].encap;

		ok(me->gre && me->keyed && b->encap.gre && b->encap.keyed &&
		   me->ikey == mag_gre_key(&mag, k) &&
		   me->okey == b->encap.ikey && b->encap.okey == me->ikey &&
		   me->ikey != me->okey,
		   "GRE MAG+LMA: binding %u: each sends with the key the other "
		   "receives with", k + 1);
	}
	ok(mag.link[0].encap.okey != mag.link[1].encap.okey,
	   "GRE MAG+LMA: the two uplink keys differ");

	/* de-registration: no GRE Key option in it */
	out_reset();
	mag_link_event(&mag, 1, false, T0, 2 * s, &out);
	ok(out.n_pbu == 1 && !out.pbu[0].msg.lifetime &&
	   !pmip_has(&out.pbu[0].msg, PMIP_OPT_GRE_KEY) &&
	   has_act(PD_ACT_BIND_DEL, 1),
	   "GRE MAG: link down: de-registration, the binding goes");

	/* an LMA that answers without the option: ip6ip6 */
	mag_init(&mag, &gm, 100);
	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	answer(0, 0, true, s);
	ok(mag.link[0].state == PD_LINK_BOUND && !mag.link[0].encap.gre &&
	   has_act(PD_ACT_BIND_SET, 0),
	   "GRE MAG: PBA without GRE Key: bound over ip6ip6 (fallback)");

	/* 163 from the LMA: a rejection, back-off */
	mag_init(&mag, &mconf, 100);
	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	ok(!pmip_has(&out.pbu[0].msg, PMIP_OPT_GRE_KEY),
	   "MAG with ip6ip6: no GRE Key option");
	answer(0, PMIP_ST_GRE_KEY_REQUIRED, false, 0);
	ok(mag.link[0].state == PD_LINK_REG && out.n_act == 0 &&
	   mag.link[0].retx_ms == 2000, "MAG: 163: not bound, back-off");

	/* the care-of address comes back: the waiting PBU goes at once */
	mag_init(&mag, &mconf, 100);
	out_reset();
	mag_link_event(&mag, 0, true, T0, 0, &out);
	seq = out.pbu[0].msg.seq;
	out_reset();
	mag_tick(&mag, T0, s, &out);
	mag_tick(&mag, T0, 3 * s, &out);
	ok(mag.link[0].retx_ms == 4000 && out.n_pbu == 2,
	   "MAG: no answer: back-off at 4 s");
	out_reset();
	mag_addr_event(&mag, 0, T0, 3 * s + s / 10, &out);
	ok(out.n_pbu == 1 && out.pbu[0].link == 0 &&
	   out.pbu[0].msg.seq == (uint16_t)(seq + 3) &&
	   mag.link[0].retx_ms == PD_INITIAL_BINDACK_MS &&
	   mag.link[0].deadline_ns == 3 * s + s / 10 + s,
	   "MAG: address ready: the PBU now, a new back-off series");
	answer(0, 0, true, 4 * s);
	out_reset();
	mag_addr_event(&mag, 0, T0, 5 * s, &out);
	mag_addr_event(&mag, 1, T0, 5 * s, &out);
	ok(out.n_pbu == 0 && mag.link[0].state == PD_LINK_BOUND,
	   "MAG: address event of a bound or down link: nothing sent");
	mag_addr_event(&mag, 99, T0, 5 * s, &out);
	ok(out.n_pbu == 0, "MAG: address event of no link: ignored");
}

int main(void)
{
	log_open(false, LOG_LVL_ERR - 1);
	test_conf();
	test_math();
	test_lma_checks();
	test_lma_multipath();
	test_lma_seq();
	test_lma_many();
	test_lma_random();
	test_mag();
	test_mag_fallback();
	test_gre_conf();
	test_gre_lma();
	test_gre_mag();
	return tap_done();
}
