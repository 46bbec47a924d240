// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of tools/libpmip: the PMIPv6 PBU/PBA Mobility Header
 * codec with the RFC 8278 options. Round trips of every sample, two
 * bindings in one PBU, option alignment and padding, each option's length
 * limits at +-1, value ranges, unknown/overrunning/repeated options,
 * header length checks, the checksum, and spec-digest section I's bytes.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/libpmip/pmip.h"
#include "tools/libpmip/test/pmip_samples.h"
#include "kselftest_harness.h"

static struct pmip_msg m, m2;
static uint8_t buf[PMIP_MSG_MAX_LEN], buf2[PMIP_MSG_MAX_LEN];

/* raw message builder: 12-octet PBU/PBA header, then options */
struct raw {
	uint8_t b[PMIP_MSG_MAX_LEN + 16];
	size_t len;
};

static void raw_init(struct raw *r, uint8_t type)
{
	memset(r, 0, sizeof(*r));
	r->b[0] = PMIP_IPPROTO_NONE;
	r->b[2] = type;
	if (type == PMIP_MH_BU) {
		r->b[7] = 1;		/* seq 1 */
		r->b[8] = 0xc2;		/* A H P */
		r->b[11] = 100;		/* lifetime 100 */
	} else {
		r->b[7] = 0x20;		/* P */
		r->b[9] = 1;
		r->b[11] = 100;
	}
	r->len = PMIP_HDR_LEN;
}

static void raw_bytes(struct raw *r, const void *p, size_t n)
{
	memcpy(r->b + r->len, p, n);
	r->len += n;
}

/* option with @len value octets taken from @val (zeros if NULL) */
static void raw_opt(struct raw *r, uint8_t type, size_t len, const void *val)
{
	r->b[r->len] = type;
	r->b[r->len + 1] = (uint8_t)len;
	if (val)
		memcpy(r->b + r->len + 2, val, len);
	else
		memset(r->b + r->len + 2, 0, len);
	r->len += 2 + len;
}

/* PadN to a multiple of 8 (Pad1 for one octet), and set Header Len */
static void raw_finish(struct raw *r)
{
	size_t pad = (8 - r->len % 8) % 8;

	if (pad == 1)
		r->b[r->len++] = PMIP_OPT_PAD1;
	else if (pad)
		raw_opt(r, PMIP_OPT_PADN, pad - 2, NULL);
	r->b[1] = (uint8_t)(r->len / 8 - 1);
}

static int dec(const struct raw *r)
{
	const char *err = NULL;
	int rc = pmip_decode(r->b, r->len, &m, &err);

	if (rc && !err)
		return -1000;	/* an error must say why */
	if (!rc && err)
		return -1001;
	return rc;
}

/* hex string to bytes */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (*s) {
		if (*s == ' ' || *s == '\n') {
			s++;
			continue;
		}
		out[n++] = (uint8_t)strtoul((char[]){ s[0], s[1], 0 }, NULL, 16);
		s += 2;
	}
	return n;
}

/* a straightforward Internet checksum, to check pmip_checksum() against */
static uint16_t ref_csum(const uint8_t *src, const uint8_t *dst,
			 const uint8_t *mh, size_t len)
{
	uint8_t ph[40 + PMIP_MSG_MAX_LEN] = { 0 };
	uint64_t sum = 0;
	size_t i;

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	ph[34] = (uint8_t)(len >> 8);
	ph[35] = (uint8_t)len;
	ph[39] = PMIP_IPPROTO_MH;
	memcpy(ph + 40, mh, len);
	ph[44] = ph[45] = 0;
	for (i = 0; i < 40 + len; i += 2)
		sum += (uint32_t)ph[i] << 8 | ph[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

TEST(round_trip_every_sample)
{
	static const uint8_t all[] = { 8, 22, 23, 24, 25, 26, 27, 33, 63 };
	unsigned int i;

	for (i = 0; i < PMIP_S_COUNT; i++) {
		const char *err = NULL;
		int len, len2;

		ASSERT_EQ(0, pmip_sample(i, &m));
		len = pmip_encode_err(&m, buf, sizeof(buf), &err);
		ASSERT_LT(0, len) TH_LOG("%s: %s", pmip_sample_names[i], err);
		EXPECT_EQ(0, len % 8);
		EXPECT_EQ(len / 8 - 1, buf[1]);
		EXPECT_EQ(m.mh_type, buf[2]);
		EXPECT_EQ(0, buf[3] | buf[4] | buf[5]);
		ASSERT_EQ(0, pmip_decode(buf, len, &m2, &err))
			TH_LOG("%s: %s", pmip_sample_names[i], err);
		EXPECT_TRUE(pmip_msg_equal(&m, &m2))
			TH_LOG("%s", pmip_sample_names[i]);
		EXPECT_TRUE(pmip_msg_equal(&m2, &m));
		EXPECT_EQ(0, m2.n_unknown);
		len2 = pmip_encode(&m2, buf2, sizeof(buf2));
		ASSERT_EQ(len, len2);
		EXPECT_EQ(0, memcmp(buf, buf2, len));
	}
	/* every option the codec knows appears in some sample, in PBU and PBA */
	ASSERT_EQ(0, pmip_sample(PMIP_S_FULL_PBU, &m));
	ASSERT_EQ(0, pmip_sample(PMIP_S_FULL_PBA, &m2));
	for (i = 0; i < sizeof(all); i++) {
		EXPECT_TRUE(pmip_has(&m, all[i]));
		EXPECT_TRUE(pmip_has(&m2, all[i]));
	}
	EXPECT_TRUE(pmip_has(&m, PMIP_OPT_MAG_ID));
	EXPECT_FALSE(pmip_has(&m2, PMIP_OPT_MAG_ID));
}

TEST(round_trip_fields)
{
	ASSERT_EQ(0, pmip_sample(PMIP_S_FULL_PBU, &m));
	m.payload_proto = 77;	/* kept as given */
	ASSERT_LT(0, pmip_encode(&m, buf, sizeof(buf)));
	ASSERT_EQ(0, pmip_decode(buf, (buf[1] + 1) * 8, &m2, NULL));
	EXPECT_EQ(77, m2.payload_proto);
	EXPECT_EQ(PMIP_MH_BU, m2.mh_type);
	EXPECT_EQ(4242, m2.seq);
	EXPECT_EQ(150, m2.lifetime);
	EXPECT_EQ(600U, pmip_lifetime_sec(m2.lifetime));
	EXPECT_EQ(PMIP_BU_A | PMIP_BU_H | PMIP_BU_P | PMIP_BU_T, m2.flags);
	EXPECT_EQ(2, m2.n_hnp);
	EXPECT_EQ(56, m2.hnp[0].len);
	EXPECT_EQ(64, m2.hnp[1].len);
	EXPECT_EQ(0x02, m2.hnp[1].addr[6]);
	EXPECT_EQ(1700000123ULL, m2.timestamp.sec);
	EXPECT_EQ(0x4000, m2.timestamp.frac);
	EXPECT_EQ(0xfe, m2.lla[0]);
	EXPECT_TRUE(m2.gre_has_key);
	EXPECT_EQ(0x11223344U, m2.gre_key);
	EXPECT_EQ(PMIP_ID_NAI, m2.mn_id.subtype);
	EXPECT_EQ(19, m2.mn_id.len);
	EXPECT_EQ(0, memcmp("hg42@hybrid.example", m2.mn_id.id, 19));
	EXPECT_EQ(1, m2.hi);
	EXPECT_EQ(8, m2.att);
	EXPECT_EQ(6, m2.mn_llid.len);
	EXPECT_EQ(PMIP_ID_NAI, m2.mag_id.subtype);
	EXPECT_EQ(23, m2.mag_id.len);

	/* PBA: status, K R P T B S D flags, seq after status */
	pmip_msg_init(&m, PMIP_MH_BA);
	m.status = PMIP_ST_CANNOT_SUPPORT_MULTIPATH;
	m.flags = PMIP_BA_FLAGS;
	m.seq = 0xabcd;
	m.lifetime = 0x1234;
	ASSERT_EQ(16, pmip_encode(&m, buf, sizeof(buf)));
	EXPECT_EQ(180, buf[6]);
	EXPECT_EQ(0xfe, buf[7]);
	EXPECT_EQ(0xab, buf[8]);
	EXPECT_EQ(0xcd, buf[9]);
	EXPECT_EQ(0x12, buf[10]);
	EXPECT_EQ(0x34, buf[11]);
	ASSERT_EQ(0, pmip_decode(buf, 16, &m2, NULL));
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
	EXPECT_FALSE(pmip_status_accepted(m2.status));
	EXPECT_TRUE(pmip_status_accepted(PMIP_ST_GRE_KEY_NOT_REQUIRED));
}

TEST(two_bindings_in_one_pbu)
{
	struct pmip_mmb b;
	struct raw r;
	int len, i;

	ASSERT_EQ(0, pmip_sample(PMIP_S_FULL_PBU, &m));
	len = pmip_encode(&m, buf, sizeof(buf));
	ASSERT_LT(0, len);
	ASSERT_EQ(0, pmip_decode(buf, len, &m2, NULL));
	ASSERT_EQ(2, m2.n_mmb);
	EXPECT_EQ(1, m2.mmb[0].bid);
	EXPECT_EQ(PMIP_ATT_EUTRAN, m2.mmb[0].if_att);
	EXPECT_EQ(11, m2.mmb[0].if_label);
	EXPECT_EQ(PMIP_MMB_O, m2.mmb[0].flags);
	EXPECT_EQ(2, m2.mmb[1].bid);
	EXPECT_EQ(PMIP_ATT_80211, m2.mmb[1].if_att);
	EXPECT_EQ(9, m2.mmb[1].if_label);
	EXPECT_EQ(0, m2.mmb[1].flags);

	/* two MMBs naming one binding ID: contradictory */
	raw_init(&r, PMIP_MH_BU);
	raw_bytes(&r, "\x3f\x06\x08\x0b\x01\x00\x00\x00", 8);
	raw_bytes(&r, "\x3f\x06\x04\x09\x01\x00\x00\x00", 8);
	raw_finish(&r);
	EXPECT_EQ(-ERANGE, dec(&r));
	EXPECT_EQ(PMIP_OPT_MMB, m.err_opt);
	pmip_msg_init(&m, PMIP_MH_BU);
	m.lifetime = 1;
	b = (struct pmip_mmb){ 8, 11, 1, 0 };
	ASSERT_EQ(0, pmip_add_mmb(&m, &b));
	ASSERT_EQ(0, pmip_add_mmb(&m, &b));
	EXPECT_EQ(-ERANGE, pmip_encode(&m, buf, sizeof(buf)));

	/* up to PMIP_MAX_MMB bindings, one more is refused */
	raw_init(&r, PMIP_MH_BU);
	for (i = 1; i <= PMIP_MAX_MMB; i++) {
		uint8_t v[6] = { 8, 11, (uint8_t)i, 0, 0, 0 };

		raw_opt(&r, PMIP_OPT_MMB, 6, v);
	}
	raw_finish(&r);
	ASSERT_EQ(0, dec(&r));
	EXPECT_EQ(PMIP_MAX_MMB, m.n_mmb);
	EXPECT_EQ(-ENOSPC, pmip_add_mmb(&m, &b));
	raw_init(&r, PMIP_MH_BU);
	for (i = 1; i <= PMIP_MAX_MMB + 1; i++) {
		uint8_t v[6] = { 8, 11, (uint8_t)i, 0, 0, 0 };

		raw_opt(&r, PMIP_OPT_MMB, 6, v);
	}
	raw_finish(&r);
	EXPECT_EQ(-ERANGE, dec(&r));

	/* several HNPs likewise; other options may not repeat */
	raw_init(&r, PMIP_MH_BU);
	for (i = 0; i < PMIP_MAX_HNP; i++)
		raw_opt(&r, PMIP_OPT_HNP, 18, NULL);
	raw_finish(&r);
	ASSERT_EQ(0, dec(&r));
	EXPECT_EQ(PMIP_MAX_HNP, m.n_hnp);
	raw_init(&r, PMIP_MH_BU);
	for (i = 0; i <= PMIP_MAX_HNP; i++)
		raw_opt(&r, PMIP_OPT_HNP, 18, NULL);
	raw_finish(&r);
	EXPECT_EQ(-ERANGE, dec(&r));
}

TEST(repeated_option_is_an_error)
{
	static const uint8_t once[] = { 8, 23, 24, 25, 26, 27, 33, 64 };
	static const uint8_t lens[] = { 5, 2, 2, 4, 16, 8, 6, 5 };
	unsigned int i;
	struct raw r;

	for (i = 0; i < sizeof(once); i++) {
		uint8_t v[32] = { 1, 0, 0, 0 };

		raw_init(&r, PMIP_MH_BU);
		raw_opt(&r, once[i], lens[i], v);
		raw_finish(&r);
		ASSERT_EQ(0, dec(&r)) TH_LOG("type %u", once[i]);
		raw_init(&r, PMIP_MH_BU);
		raw_opt(&r, once[i], lens[i], v);
		raw_opt(&r, once[i], lens[i], v);
		raw_finish(&r);
		EXPECT_EQ(-EBADMSG, dec(&r)) TH_LOG("type %u", once[i]);
		EXPECT_EQ(once[i], m.err_opt);
	}
}

/* walk the options of an encoded message and check each one's placement */
static void check_layout(struct __test_metadata *_metadata,
			 const uint8_t *p, size_t len, const char *name)
{
	size_t off = PMIP_HDR_LEN, i;
	int prev_pad = 0;

	while (off < len) {
		uint8_t t = p[off];

		if (t == PMIP_OPT_PAD1) {
			EXPECT_FALSE(prev_pad) TH_LOG("%s: pads in a row", name);
			prev_pad = 1;
			off++;
			continue;
		}
		ASSERT_LE(off + 2, len);
		ASSERT_LE(off + 2 + p[off + 1], len);
		switch (t) {
		case PMIP_OPT_PADN:
			EXPECT_FALSE(prev_pad) TH_LOG("%s: pads in a row", name);
			for (i = 0; i < p[off + 1]; i++)
				EXPECT_EQ(0, p[off + 2 + i]);
			break;
		case PMIP_OPT_HNP:
			EXPECT_EQ(4U, off % 8) TH_LOG("%s: HNP at %zu", name, off);
			break;
		case PMIP_OPT_TIMESTAMP:
			EXPECT_EQ(2U, off % 8) TH_LOG("%s: TS at %zu", name, off);
			break;
		case PMIP_OPT_LLA:
			EXPECT_EQ(6U, off % 8) TH_LOG("%s: LLA at %zu", name, off);
			break;
		case PMIP_OPT_GRE_KEY:
			EXPECT_EQ(0U, off % 4) TH_LOG("%s: GRE at %zu", name, off);
			break;
		}
		prev_pad = t == PMIP_OPT_PADN;
		off += 2 + p[off + 1];
	}
	EXPECT_EQ(len, off);
	EXPECT_EQ(0U, len % 8);
}

TEST(alignment_and_padding)
{
	static const uint8_t zero[16];
	struct raw r;
	unsigned int i, n;
	int len;

	for (i = 0; i < PMIP_S_COUNT; i++) {
		ASSERT_EQ(0, pmip_sample(i, &m));
		len = pmip_encode(&m, buf, sizeof(buf));
		ASSERT_LT(0, len);
		check_layout(_metadata, buf, len, pmip_sample_names[i]);
	}
	/* no options: PadN(0) fills 12 to 16 */
	pmip_msg_init(&m, PMIP_MH_BA);
	ASSERT_EQ(16, pmip_encode(&m, buf, sizeof(buf)));
	EXPECT_EQ(1, buf[1]);
	EXPECT_EQ(PMIP_OPT_PADN, buf[12]);
	EXPECT_EQ(2, buf[13]);
	/* an MN-ID leaving 7 octets over: closed by a single Pad1 */
	ASSERT_EQ(0, pmip_sample(PMIP_S_PAD1_PBA, &m));
	ASSERT_EQ(24, pmip_encode(&m, buf, sizeof(buf)));
	EXPECT_EQ(PMIP_OPT_PAD1, buf[23]);
	/* each aligned option alone after the header, and every prefix count */
	pmip_msg_init(&m, PMIP_MH_BU);
	pmip_set_timestamp(&m, 1, 2);
	ASSERT_EQ(32, pmip_encode(&m, buf, sizeof(buf)));
	EXPECT_EQ(PMIP_OPT_PADN, buf[12]);
	EXPECT_EQ(4, buf[13]);
	EXPECT_EQ(PMIP_OPT_TIMESTAMP, buf[18]);
	pmip_msg_init(&m, PMIP_MH_BU);
	pmip_set_lla(&m, zero);
	ASSERT_EQ(32, pmip_encode(&m, buf, sizeof(buf)));
	EXPECT_EQ(PMIP_OPT_PADN, buf[12]);
	EXPECT_EQ(0, buf[13]);
	EXPECT_EQ(PMIP_OPT_LLA, buf[14]);
	for (n = 1; n <= PMIP_MAX_HNP; n++) {
		pmip_msg_init(&m, PMIP_MH_BU);
		for (i = 0; i < n; i++)
			ASSERT_EQ(0, pmip_add_hnp(&m, zero, (uint8_t)i));
		pmip_set_gre_key(&m, n & 1, n);
		pmip_set_lla(&m, zero);
		pmip_set_timestamp(&m, n, 0);
		ASSERT_EQ(0, pmip_set_mn_id(&m, 1, "abcdefghijklmno", n - 1));
		len = pmip_encode(&m, buf, sizeof(buf));
		ASSERT_LT(0, len);
		check_layout(_metadata, buf, len, "hnp-count");
		ASSERT_EQ(0, pmip_decode(buf, len, &m2, NULL));
		EXPECT_TRUE(pmip_msg_equal(&m, &m2));
	}
	/* the decoder does not insist on alignment */
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, PMIP_OPT_HI, 2, "\x00\x01");
	raw_opt(&r, PMIP_OPT_TIMESTAMP, 8, NULL);
	raw_opt(&r, PMIP_OPT_HNP, 18, NULL);
	raw_finish(&r);
	EXPECT_EQ(0, dec(&r));
}

/* one option of value length @len; 0 or the decode error */
static int dec_len(uint8_t type, size_t len, uint8_t fill)
{
	uint8_t v[256];
	struct raw r;

	memset(v, fill, sizeof(v));
	v[0] = 1;	/* identifier subtype NAI; reserved octets elsewhere */
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, type, len, v);
	raw_finish(&r);
	return dec(&r);
}

TEST(option_length_limits)
{
	static const struct {
		uint8_t type, len;
	} fixed[] = {
		{ PMIP_OPT_HNP, 18 }, { PMIP_OPT_HI, 2 }, { PMIP_OPT_ATT, 2 },
		{ PMIP_OPT_LLA, 16 }, { PMIP_OPT_TIMESTAMP, 8 },
		{ PMIP_OPT_MMB, 6 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		EXPECT_EQ(0, dec_len(fixed[i].type, fixed[i].len, 0x01))
			TH_LOG("type %u", fixed[i].type);
		EXPECT_EQ(-EBADMSG, dec_len(fixed[i].type, fixed[i].len - 1, 1))
			TH_LOG("type %u", fixed[i].type);
		EXPECT_EQ(-EBADMSG, dec_len(fixed[i].type, fixed[i].len + 1, 1))
			TH_LOG("type %u", fixed[i].type);
		EXPECT_EQ(fixed[i].type, m.err_opt);
	}
	/* GRE Key: 2 or 6 */
	for (i = 0; i <= 8; i++)
		EXPECT_EQ(i == 2 || i == 6 ? 0 : -EBADMSG,
			  dec_len(PMIP_OPT_GRE_KEY, i, 0))
			TH_LOG("GRE Key length %u", i);
	EXPECT_EQ(0, dec_len(PMIP_OPT_GRE_KEY, 2, 0));
	EXPECT_FALSE(m.gre_has_key);
	/* MN-ID: subtype + 0..254 */
	EXPECT_EQ(-EBADMSG, dec_len(PMIP_OPT_MN_ID, 0, 'x'));
	EXPECT_EQ(0, dec_len(PMIP_OPT_MN_ID, 1, 'x'));
	EXPECT_EQ(0, m.mn_id.len);
	EXPECT_EQ(0, dec_len(PMIP_OPT_MN_ID, 255, 'x'));
	EXPECT_EQ(254, m.mn_id.len);
	/* MAG Identifier: subtype + reserved + 0..253 */
	EXPECT_EQ(-EBADMSG, dec_len(PMIP_OPT_MAG_ID, 1, 'x'));
	EXPECT_EQ(0, dec_len(PMIP_OPT_MAG_ID, 2, 'x'));
	EXPECT_EQ(0, m.mag_id.len);
	EXPECT_EQ(0, dec_len(PMIP_OPT_MAG_ID, 255, 'x'));
	EXPECT_EQ(253, m.mag_id.len);
	/* MN-LL-ID: reserved (16) + 1..253 */
	EXPECT_EQ(-EBADMSG, dec_len(PMIP_OPT_MN_LLID, 2, 'x'));
	EXPECT_EQ(0, dec_len(PMIP_OPT_MN_LLID, 3, 'x'));
	EXPECT_EQ(1, m.mn_llid.len);
	EXPECT_EQ(0, dec_len(PMIP_OPT_MN_LLID, 255, 'x'));
	EXPECT_EQ(253, m.mn_llid.len);

	/* the setters and the encoder hold the same limits */
	memset(buf2, 'y', sizeof(buf2));
	pmip_msg_init(&m, PMIP_MH_BU);
	EXPECT_EQ(0, pmip_set_mn_id(&m, 1, buf2, 254));
	EXPECT_EQ(-EINVAL, pmip_set_mn_id(&m, 1, buf2, 255));
	EXPECT_EQ(-EINVAL, pmip_set_mn_id(&m, 0, buf2, 4));
	EXPECT_EQ(0, pmip_set_mag_id(&m, 1, buf2, 253));
	EXPECT_EQ(-EINVAL, pmip_set_mag_id(&m, 1, buf2, 254));
	EXPECT_EQ(0, pmip_set_mn_llid(&m, buf2, 253));
	EXPECT_EQ(-EINVAL, pmip_set_mn_llid(&m, buf2, 254));
	EXPECT_EQ(-EINVAL, pmip_set_mn_llid(&m, buf2, 0));
	ASSERT_LT(0, pmip_encode(&m, buf, sizeof(buf)));
	ASSERT_EQ(0, pmip_decode(buf, (buf[1] + 1) * 8, &m2, NULL));
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
	m.mag_id.len = 254;
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
	m.mag_id.len = 253;
	m.mn_llid.len = 0;
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
	m.mn_llid.len = 254;
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
}

TEST(value_ranges)
{
	struct pmip_timestamp ts;
	uint8_t v[18] = { 0 };
	struct pmip_mmb b;
	struct raw r;

	/* HNP prefix length 0..128 */
	v[1] = 128;
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, PMIP_OPT_HNP, 18, v);
	raw_finish(&r);
	EXPECT_EQ(0, dec(&r));
	r.b[15] = 129;		/* HNP at 12: type, length, reserved, plen */
	EXPECT_EQ(-ERANGE, dec(&r));
	pmip_msg_init(&m, PMIP_MH_BU);
	EXPECT_EQ(-EINVAL, pmip_add_hnp(&m, v, 129));
	ASSERT_EQ(0, pmip_add_hnp(&m, v, 128));
	m.hnp[0].len = 129;
	EXPECT_EQ(-ERANGE, pmip_encode(&m, buf, sizeof(buf)));

	/* MMB: BID 1..254, B and O exclusive, no O in a de-registration */
	static const struct {
		uint8_t type;
		uint16_t lifetime;
		uint8_t bid, flags;
		int rc;
	} mmb[] = {
		{ PMIP_MH_BU, 1, 0, 0, -ERANGE },
		{ PMIP_MH_BU, 1, 1, 0, 0 },
		{ PMIP_MH_BU, 1, 254, 0, 0 },
		{ PMIP_MH_BU, 1, 255, 0, -ERANGE },
		{ PMIP_MH_BU, 1, 5, 0x80, 0 },
		{ PMIP_MH_BU, 1, 5, 0x40, 0 },
		{ PMIP_MH_BU, 1, 5, 0xc0, -ERANGE },
		{ PMIP_MH_BU, 0, 5, 0x40, -ERANGE },
		{ PMIP_MH_BU, 0, 5, 0x80, 0 },
		{ PMIP_MH_BA, 0, 5, 0x40, 0 },
		{ PMIP_MH_BA, 0, 5, 0xc0, -ERANGE },
	};
	unsigned int i;

	for (i = 0; i < sizeof(mmb) / sizeof(mmb[0]); i++) {
		uint8_t o[6] = { 8, 11, mmb[i].bid, mmb[i].flags, 0, 0 };

		raw_init(&r, mmb[i].type);
		r.b[10] = (uint8_t)(mmb[i].lifetime >> 8);
		r.b[11] = (uint8_t)mmb[i].lifetime;
		raw_opt(&r, PMIP_OPT_MMB, 6, o);
		raw_finish(&r);
		EXPECT_EQ(mmb[i].rc, dec(&r)) TH_LOG("mmb case %u", i);

		pmip_msg_init(&m, mmb[i].type);
		m.lifetime = mmb[i].lifetime;
		b = (struct pmip_mmb){ 8, 11, mmb[i].bid, mmb[i].flags };
		ASSERT_EQ(0, pmip_add_mmb(&m, &b));
		EXPECT_EQ(mmb[i].rc ? mmb[i].rc : 24,
			  pmip_encode(&m, buf, sizeof(buf)))
			TH_LOG("mmb case %u", i);
	}
	/* MMB reserved bits are dropped on decode, refused on encode */
	raw_init(&r, PMIP_MH_BU);
	raw_bytes(&r, "\x3f\x06\x08\x0b\x01\xbf\xff\xff", 8);
	raw_finish(&r);
	ASSERT_EQ(0, dec(&r));
	EXPECT_EQ(PMIP_MMB_B, m.mmb[0].flags);
	m.mmb[0].flags = 0x81;
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));

	/* identifier subtype 0 is reserved */
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, PMIP_OPT_MN_ID, 3, "\x00xy");
	raw_finish(&r);
	EXPECT_EQ(-ERANGE, dec(&r));
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, PMIP_OPT_MAG_ID, 4, "\x00\x00xy");
	raw_finish(&r);
	EXPECT_EQ(-ERANGE, dec(&r));
	pmip_msg_init(&m, PMIP_MH_BU);
	ASSERT_EQ(0, pmip_set_mn_id(&m, 1, "x", 1));
	m.mn_id.subtype = 0;
	EXPECT_EQ(-ERANGE, pmip_encode(&m, buf, sizeof(buf)));

	/* timestamp: 48-bit seconds */
	pmip_msg_init(&m, PMIP_MH_BU);
	pmip_set_timestamp(&m, PMIP_TS_SEC_MAX, 0xffff);
	ASSERT_EQ(32, pmip_encode(&m, buf, sizeof(buf)));
	ASSERT_EQ(0, pmip_decode(buf, 32, &m2, NULL));
	EXPECT_EQ(PMIP_TS_SEC_MAX, m2.timestamp.sec);
	EXPECT_EQ(0xffff, m2.timestamp.frac);
	pmip_set_timestamp(&m, PMIP_TS_SEC_MAX + 1, 0);
	EXPECT_EQ(-ERANGE, pmip_encode(&m, buf, sizeof(buf)));
	ts = pmip_timestamp_from_ns(1700000000500000000ULL);
	EXPECT_EQ(1700000000ULL, ts.sec);
	EXPECT_EQ(0x8000, ts.frac);

	/* reserved flag bits: dropped on decode, refused on encode */
	raw_init(&r, PMIP_MH_BU);
	r.b[9] = 0x0f;
	raw_finish(&r);
	ASSERT_EQ(0, dec(&r));
	EXPECT_EQ(PMIP_BU_A | PMIP_BU_H | PMIP_BU_P, m.flags);
	m.flags |= 1;
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
	raw_init(&r, PMIP_MH_BA);
	r.b[7] = 0xff;
	r.b[3] = 0xff;	/* the MH reserved octet is ignored too */
	raw_finish(&r);
	ASSERT_EQ(0, dec(&r));
	EXPECT_EQ(PMIP_BA_FLAGS, m.flags);
	m.flags = 0x01;
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
	/* a PBU has no status; unknown option types cannot be encoded */
	pmip_msg_init(&m, PMIP_MH_BU);
	m.status = 1;
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
	pmip_msg_init(&m, PMIP_MH_BU);
	pmip_set(&m, 200);
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
	pmip_msg_init(&m, PMIP_MH_BU);
	pmip_set(&m, PMIP_OPT_HNP);	/* present, but no prefix */
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
	pmip_msg_init(&m, 7);
	EXPECT_EQ(-EINVAL, pmip_encode(&m, buf, sizeof(buf)));
}

TEST(unknown_options_and_padding_are_skipped)
{
	struct raw r;

	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, PMIP_OPT_HI, 2, "\x00\x02");
	raw_opt(&r, 200, 3, "abc");		/* unknown */
	raw_opt(&r, 44, 0, NULL);		/* unknown, empty */
	raw_bytes(&r, "\x00", 1);		/* Pad1 */
	raw_opt(&r, PMIP_OPT_PADN, 3, "\x01\x02\x03"); /* content ignored */
	raw_opt(&r, 29, 6, NULL);		/* RFC 5844 IPv4 HoA: unknown */
	raw_opt(&r, PMIP_OPT_ATT, 2, "\x00\x04");
	raw_finish(&r);
	ASSERT_EQ(0, dec(&r));
	EXPECT_EQ(3, m.n_unknown);
	EXPECT_EQ(2, m.hi);
	EXPECT_EQ(4, m.att);
	EXPECT_TRUE(pmip_has(&m, PMIP_OPT_HI));
	EXPECT_FALSE(pmip_has(&m, 200));
	EXPECT_FALSE(pmip_has(&m, PMIP_OPT_PADN));
	/* re-encoded without them */
	ASSERT_EQ(24, pmip_encode(&m, buf, sizeof(buf)));
	ASSERT_EQ(0, pmip_decode(buf, 24, &m2, NULL));
	EXPECT_EQ(0, m2.n_unknown);
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
	/* an unknown option still must not overrun */
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, 200, 2, "ab");
	raw_finish(&r);
	ASSERT_EQ(16U, r.len);
	EXPECT_EQ(0, dec(&r));
	r.b[13] = 3;		/* its Length now reaches past the end */
	EXPECT_EQ(-EBADMSG, dec(&r));
	EXPECT_EQ(200, m.err_opt);
}

TEST(truncated_overrun_and_header_length)
{
	const char *err = NULL;
	struct raw r;
	size_t len, l;

	/* arguments */
	EXPECT_EQ(-EINVAL, pmip_decode(NULL, 16, &m, &err));
	EXPECT_STREQ("invalid arguments", err);
	EXPECT_EQ(-EINVAL, pmip_decode(buf, 16, NULL, NULL));
	EXPECT_EQ(-EBADMSG, pmip_decode(NULL, 0, &m, NULL));

	ASSERT_EQ(0, pmip_sample(PMIP_S_DIGEST_PBU, &m2));
	len = (size_t)pmip_encode(&m2, buf, sizeof(buf));
	ASSERT_EQ(104U, len);
	/* every truncation is rejected: Header Len no longer matches */
	for (l = 0; l < len; l++) {
		EXPECT_EQ(-EBADMSG, pmip_decode(buf, l, &m, NULL))
			TH_LOG("truncated to %zu", l);
	}
	/* a buffer longer than the Header Len says */
	memset(buf + len, 0, 8);
	EXPECT_EQ(-EBADMSG, pmip_decode(buf, len + 8, &m, &err));
	EXPECT_STREQ("header length disagrees with the message", err);
	/* Header Len off by one either way */
	buf[1]++;
	EXPECT_EQ(-EBADMSG, pmip_decode(buf, len, &m, NULL));
	buf[1] -= 2;
	EXPECT_EQ(-EBADMSG, pmip_decode(buf, len, &m, NULL));
	buf[1]++;
	EXPECT_EQ(0, pmip_decode(buf, len, &m, NULL));

	/* Header Len 0: only the 8-octet MH header, no PBU body */
	raw_init(&r, PMIP_MH_BU);
	r.len = 8;
	r.b[1] = 0;
	EXPECT_EQ(-EBADMSG, dec(&r));
	/* other MH types are not this codec's business */
	raw_init(&r, 7);
	raw_finish(&r);
	EXPECT_EQ(-EPROTO, dec(&r));
	raw_init(&r, 0);
	raw_finish(&r);
	EXPECT_EQ(-EPROTO, dec(&r));

	/* an option whose Length runs past the end */
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, PMIP_OPT_ATT, 2, "\x00\x08");
	raw_opt(&r, PMIP_OPT_HI, 2, "\x00\x01");
	raw_finish(&r);			/* ATT, HI, PadN(0) at 20: 24 */
	ASSERT_EQ(24U, r.len);
	ASSERT_EQ(0, dec(&r));
	r.b[13] = 12;			/* ATT Length 12: 2 octets too far */
	EXPECT_EQ(-EBADMSG, dec(&r));
	EXPECT_EQ(PMIP_OPT_ATT, m.err_opt);
	r.b[13] = 2;
	r.b[21] = 3;			/* PadN Length 3: one past the end */
	EXPECT_EQ(-EBADMSG, dec(&r));
	EXPECT_EQ(PMIP_OPT_PADN, m.err_opt);
	/* an option header cut by the end of the message */
	raw_init(&r, PMIP_MH_BU);
	raw_opt(&r, PMIP_OPT_PADN, 1, NULL);	/* 12..14 */
	r.b[r.len++] = PMIP_OPT_HI;		/* type at offset 15, no length */
	r.b[1] = 1;
	ASSERT_EQ(16U, r.len);
	EXPECT_EQ(-EBADMSG, dec(&r));
	EXPECT_EQ(PMIP_OPT_HI, m.err_opt);
	r.b[15] = PMIP_OPT_PAD1;
	EXPECT_EQ(0, dec(&r));
	EXPECT_EQ(0, m.err_opt);
}

TEST(checksum)
{
	uint8_t src[16], dst[16];
	unsigned int i;
	int len;

	ASSERT_EQ(0, pmip_sample(PMIP_S_DIGEST_PBU, &m));
	len = pmip_encode_csum(&m, pmip_sample_mag, pmip_sample_lma, buf,
			       sizeof(buf));
	ASSERT_EQ(104, len);
	EXPECT_EQ(0x2f, buf[4]);
	EXPECT_EQ(0x4a, buf[5]);
	EXPECT_EQ(0x2f4a, pmip_checksum(pmip_sample_mag, pmip_sample_lma, buf,
					len));
	EXPECT_TRUE(pmip_checksum_ok(pmip_sample_mag, pmip_sample_lma, buf,
				     len));
	ASSERT_EQ(0, pmip_decode_verify(buf, len, pmip_sample_mag,
					pmip_sample_lma, &m2, NULL));
	EXPECT_EQ(0x2f4a, m2.checksum);
	/* swapped addresses sum the same; another address does not */
	EXPECT_TRUE(pmip_checksum_ok(pmip_sample_lma, pmip_sample_mag, buf,
				     len));
	memcpy(src, pmip_sample_mag, 16);
	src[15] = 3;
	EXPECT_EQ(-EILSEQ, pmip_decode_verify(buf, len, src, pmip_sample_lma,
					      &m2, NULL));
	/* any flipped bit is caught */
	for (i = 0; i < (unsigned int)len * 8; i += 13) {
		const char *err = NULL;

		buf[i / 8] ^= 1 << (i % 8);
		EXPECT_EQ(-EILSEQ, pmip_decode_verify(buf, len, pmip_sample_mag,
						      pmip_sample_lma, &m2,
						      &err)) TH_LOG("bit %u", i);
		buf[i / 8] ^= 1 << (i % 8);
	}
	/* against a plain reference, for every sample and some addresses */
	for (i = 0; i < PMIP_S_COUNT * 4; i++) {
		ASSERT_EQ(0, pmip_sample(i % PMIP_S_COUNT, &m));
		memset(src, 0x11 * (i + 1), 16);
		memset(dst, 0xff - i, 16);
		len = pmip_encode_csum(&m, src, dst, buf, sizeof(buf));
		ASSERT_LT(0, len);
		EXPECT_EQ(ref_csum(src, dst, buf, len),
			  buf[4] << 8 | buf[5]);
		EXPECT_TRUE(pmip_checksum_ok(src, dst, buf, len));
		/* pmip_encode() leaves it 0 (IPv4/UDP transport) */
		ASSERT_EQ(len, pmip_encode(&m, buf2, sizeof(buf2)));
		EXPECT_EQ(0, buf2[4] | buf2[5]);
		EXPECT_EQ(0, memcmp(buf + 6, buf2 + 6, len - 6));
	}
	EXPECT_EQ(-EINVAL, pmip_encode_csum(&m, NULL, dst, buf, sizeof(buf)));
	EXPECT_EQ(-EINVAL, pmip_decode_verify(buf, 16, NULL, dst, &m2, NULL));
}

TEST(digest_section_i_examples)
{
	static const char pbu_hex[] =
		"3b 0c 05 00 2f 4a 00 01 c2 00 03 84 16 12 00 00"
		"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
		"01 00 1b 08 00 00 65 53 f1 00 80 00 08 10 01 6d"
		"6e 31 40 65 78 61 6d 70 6c 65 2e 63 6f 6d 17 02"
		"00 01 18 02 00 08 3f 06 08 0b 01 00 00 00 40 12"
		"01 00 6d 61 67 31 40 65 78 61 6d 70 6c 65 2e 63"
		"6f 6d 01 04 00 00 00 00";
	uint8_t want[128];
	size_t n = unhex(pbu_hex, want);
	int len;

	ASSERT_EQ(104U, n);
	/* the bytes decode to what the digest describes */
	ASSERT_EQ(0, pmip_decode_verify(want, n, pmip_sample_mag,
					pmip_sample_lma, &m, NULL));
	EXPECT_EQ(PMIP_MH_BU, m.mh_type);
	EXPECT_EQ(1, m.seq);
	EXPECT_EQ(0xc200, m.flags);
	EXPECT_EQ(900, m.lifetime);
	EXPECT_EQ(3600U, pmip_lifetime_sec(m.lifetime));
	EXPECT_EQ(1, m.n_hnp);
	EXPECT_EQ(1700000000ULL, m.timestamp.sec);
	EXPECT_EQ(0x8000, m.timestamp.frac);
	EXPECT_EQ(15, m.mn_id.len);
	EXPECT_EQ(PMIP_HI_NEW_INTERFACE, m.hi);
	EXPECT_EQ(PMIP_ATT_EUTRAN, m.att);
	EXPECT_EQ(1, m.n_mmb);
	EXPECT_EQ(8, m.mmb[0].if_att);
	EXPECT_EQ(11, m.mmb[0].if_label);
	EXPECT_EQ(1, m.mmb[0].bid);
	EXPECT_EQ(16, m.mag_id.len);
	/* and the sample built from that description encodes to them */
	ASSERT_EQ(0, pmip_sample(PMIP_S_DIGEST_PBU, &m2));
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
	len = pmip_encode_csum(&m2, pmip_sample_mag, pmip_sample_lma, buf,
			       sizeof(buf));
	ASSERT_EQ(104, len);
	EXPECT_EQ(0, memcmp(want, buf, n));

	/* MMB option alone: If-ATT 8, If-Label 11, BID 1; then with B */
	pmip_msg_init(&m, PMIP_MH_BU);
	m.lifetime = 1;
	ASSERT_EQ(0, pmip_add_mmb(&m, &(struct pmip_mmb){ 8, 11, 1, 0 }));
	ASSERT_EQ(24, pmip_encode(&m, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf + 12, "\x3f\x06\x08\x0b\x01\x00\x00\x00", 8));
	m.mmb[0].flags = PMIP_MMB_B;
	ASSERT_EQ(24, pmip_encode(&m, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf + 12, "\x3f\x06\x08\x0b\x01\x80\x00\x00", 8));
}

TEST(encode_buffer_bounds)
{
	unsigned int i;
	int len;
	size_t cap;

	for (i = 0; i < PMIP_S_COUNT; i++) {
		ASSERT_EQ(0, pmip_sample(i, &m));
		len = pmip_encode(&m, buf, sizeof(buf));
		ASSERT_LT(0, len);
		for (cap = 0; cap < (size_t)len; cap++) {
			memset(buf2, 0xaa, sizeof(buf2));
			EXPECT_EQ(-ENOSPC, pmip_encode(&m, buf2, cap));
			EXPECT_EQ(0xaa, buf2[cap]);
		}
		EXPECT_EQ(len, pmip_encode(&m, buf2, len));
	}
	EXPECT_EQ(-EINVAL, pmip_encode(NULL, buf, sizeof(buf)));
	EXPECT_EQ(-EINVAL, pmip_encode(&m, NULL, 16));
}

TEST(largest_message_fits)
{
	uint8_t a[16] = { 0x20, 0x01 };
	unsigned int i;
	int len;

	pmip_msg_init(&m, PMIP_MH_BU);
	m.lifetime = 1;
	for (i = 0; i < PMIP_MAX_HNP; i++) {
		a[15] = (uint8_t)i;
		ASSERT_EQ(0, pmip_add_hnp(&m, a, 128));
	}
	for (i = 0; i < PMIP_MAX_MMB; i++)
		ASSERT_EQ(0, pmip_add_mmb(&m, &(struct pmip_mmb){
			4, 9, (uint8_t)(i + 1), 0 }));
	memset(buf2, 'z', 256);
	ASSERT_EQ(0, pmip_set_mn_id(&m, 1, buf2, 254));
	ASSERT_EQ(0, pmip_set_mag_id(&m, 1, buf2, 253));
	ASSERT_EQ(0, pmip_set_mn_llid(&m, buf2, 253));
	pmip_set_hi(&m, 4);
	pmip_set_att(&m, 13);
	pmip_set_lla(&m, a);
	pmip_set_timestamp(&m, 1, 1);
	pmip_set_gre_key(&m, true, 0xffffffff);
	len = pmip_encode(&m, buf, sizeof(buf));
	ASSERT_LT(0, len);
	EXPECT_GE(PMIP_MSG_MAX_LEN, len);
	ASSERT_EQ(0, pmip_decode(buf, len, &m2, NULL));
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
}

TEST(equal_compares_what_is_encoded)
{
	ASSERT_EQ(0, pmip_sample(PMIP_S_FULL_PBU, &m));
	memcpy(&m2, &m, sizeof(m));
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
	m2.checksum = 1;
	m2.n_unknown = 3;
	m2.status = 9;		/* not in a PBU */
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
	m2.mmb[1].if_label++;
	EXPECT_FALSE(pmip_msg_equal(&m, &m2));
	memcpy(&m2, &m, sizeof(m));
	m2.mag_id.id[0] ^= 1;
	EXPECT_FALSE(pmip_msg_equal(&m, &m2));
	memcpy(&m2, &m, sizeof(m));
	m2.hnp[1].addr[15] = 1;
	EXPECT_FALSE(pmip_msg_equal(&m, &m2));
	memcpy(&m2, &m, sizeof(m));
	m2.gre_has_key = false;
	EXPECT_FALSE(pmip_msg_equal(&m, &m2));
	memcpy(&m2, &m, sizeof(m));
	m2.hi = 9;
	EXPECT_FALSE(pmip_msg_equal(&m, &m2));
	/* an absent option's field does not count */
	pmip_msg_init(&m, PMIP_MH_BA);
	pmip_msg_init(&m2, PMIP_MH_BA);
	m2.att = 5;
	EXPECT_TRUE(pmip_msg_equal(&m, &m2));
}

TEST(names_and_format)
{
	char text[1024], small[24];
	int n;

	EXPECT_STREQ("PBU", pmip_mh_type_name(5));
	EXPECT_STREQ("PBA", pmip_mh_type_name(6));
	EXPECT_STREQ("unknown", pmip_mh_type_name(7));
	EXPECT_STREQ("mag-multipath-binding", pmip_opt_name(63));
	EXPECT_STREQ("mag-id", pmip_opt_name(64));
	EXPECT_STREQ("hnp", pmip_opt_name(22));
	EXPECT_STREQ("unknown", pmip_opt_name(255));
	EXPECT_STREQ("CANNOT_SUPPORT_MULTIPATH_BINDING", pmip_status_name(180));
	EXPECT_STREQ("TIMESTAMP_MISMATCH", pmip_status_name(156));
	EXPECT_STREQ("GRE_KEY_OPTION_REQUIRED", pmip_status_name(163));
	EXPECT_STREQ("accepted", pmip_status_name(0));
	EXPECT_STREQ("unknown", pmip_status_name(179));
	EXPECT_STREQ("3GPP E-UTRAN", pmip_att_name(8));
	EXPECT_STREQ("unknown", pmip_att_name(200));
	EXPECT_STREQ("attachment over a new interface", pmip_hi_name(1));
	EXPECT_STREQ("nai", pmip_id_subtype_name(1));

	ASSERT_EQ(0, pmip_sample(PMIP_S_FULL_PBU, &m));
	n = pmip_msg_format(&m, text, sizeof(text));
	ASSERT_LT(0, n);
	EXPECT_EQ((size_t)n, strlen(text));
	EXPECT_NE(NULL, strstr(text, "PBU seq=4242 flags=A|H|P|T"));
	EXPECT_NE(NULL, strstr(text, "lifetime=150(600s)"));
	EXPECT_NE(NULL, strstr(text, "mn-id=nai:hg42@hybrid.example"));
	EXPECT_NE(NULL, strstr(text, "hnp=2001:db8:1:200::/64"));
	EXPECT_NE(NULL, strstr(text, "mmb[bid=1 if-att=8(3GPP E-UTRAN) if-label=11 O]"));
	EXPECT_NE(NULL, strstr(text, "mn-ll-id=0x02005e102030"));
	EXPECT_NE(NULL, strstr(text, "gre-key=0x11223344"));
	EXPECT_NE(NULL, strstr(text, "mag-id=nai:mag-hg42@hybrid.example"));
	TH_LOG("%s", text);
	ASSERT_EQ(0, pmip_sample(PMIP_S_REJECT_180, &m));
	pmip_msg_format(&m, text, sizeof(text));
	EXPECT_NE(NULL, strstr(text,
			       "PBA status=180(CANNOT_SUPPORT_MULTIPATH_BINDING)"));
	/* truncation: NUL-terminated, the full length returned */
	memset(small, 0x5a, sizeof(small));
	ASSERT_EQ(0, pmip_sample(PMIP_S_FULL_PBU, &m));
	EXPECT_EQ(n, pmip_msg_format(&m, small, 16));
	EXPECT_EQ(15U, strlen(small));
	EXPECT_EQ(0x5a, (uint8_t)small[16]);
	EXPECT_EQ(n, pmip_msg_format(&m, NULL, 0));
}

TEST_HARNESS_MAIN
