// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of tools/libgbcp: the RFC 8157 control message codec.
 * Round trips of every message type in both dialects, each attribute's
 * length and range checks, unknown/overrunning/repeated attributes, the
 * filter list, the DT closing attribute, and spec-digest section I's byte
 * examples.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/libgbcp/gbcp.h"
#include "tools/libgbcp/test/gbcp_samples.h"
#include "kselftest_harness.h"

#define RFC	GBCP_DIALECT_RFC
#define DT	GBCP_DIALECT_DT

static struct gbcp_msg m, m2;
static uint8_t buf[GBCP_MSG_MAX_LEN], buf2[GBCP_MSG_MAX_LEN];

/* raw message builder: header octet, then attributes */
struct raw {
	uint8_t b[2048];
	size_t len;
};

static void raw_init(struct raw *r, uint8_t first)
{
	r->b[0] = first;
	r->len = 1;
}

static void raw_attr(struct raw *r, uint8_t type, size_t len,
		     const void *val)
{
	r->b[r->len] = type;
	r->b[r->len + 1] = (uint8_t)(len >> 8);
	r->b[r->len + 2] = (uint8_t)len;
	if (len)
		memcpy(r->b + r->len + 3, val, len);
	r->len += 3 + len;
}

static void raw_u32(struct raw *r, uint8_t type, uint32_t v)
{
	uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };

	raw_attr(r, type, 4, b);
}

static int dec(const struct raw *r, enum gbcp_dialect d)
{
	const char *err = NULL;
	int rc = gbcp_decode(r->b, r->len, d, &m, &err);

	if (rc && !err)
		return -1000;	/* an error must say why */
	return rc;
}

/* hex string to bytes */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		out[n++] = (uint8_t)strtoul((char[]){ s[0], s[1], 0 }, NULL, 16);
		s += 2;
	}
	return n;
}

TEST(round_trip_every_sample_both_dialects)
{
	int d;
	unsigned int i;

	for (d = RFC; d <= DT; d++) {
		for (i = 0; i < GBCP_S_COUNT; i++) {
			const char *err = NULL;
			int len, len2;

			if (gbcp_sample(i, d, &m)) {
				EXPECT_EQ((unsigned int)GBCP_S_LINK_DETECTION, i);
				EXPECT_EQ(RFC, d);
				continue;
			}
			len = gbcp_encode_err(&m, d, buf, sizeof(buf), &err);
			ASSERT_LT(0, len) TH_LOG("%s: %s", gbcp_sample_names[i], err);
			ASSERT_EQ(0, gbcp_decode(buf, len, d, &m2, &err))
				TH_LOG("%s: %s", gbcp_sample_names[i], err);
			EXPECT_TRUE(gbcp_msg_equal(&m, &m2))
				TH_LOG("%s/%s", gbcp_dialect_name(d),
				       gbcp_sample_names[i]);
			len2 = gbcp_encode(&m2, d, buf2, sizeof(buf2));
			ASSERT_EQ(len, len2);
			EXPECT_EQ(0, memcmp(buf, buf2, len));
			EXPECT_EQ(m.type, buf[0] >> 4);
			if (d == DT) {
				EXPECT_EQ(0xff, buf[len - 3]);
				EXPECT_EQ(0, buf[len - 2] | buf[len - 1]);
			}
		}
	}
}

TEST(every_message_type_and_tunnel)
{
	static const uint8_t types[] = { 1, 2, 3, 4, 5, 6 };
	unsigned int i, t;
	int d;

	for (d = RFC; d <= DT; d++) {
		for (i = 0; i < sizeof(types); i++) {
			for (t = GBCP_TUNNEL_DSL; t <= GBCP_TUNNEL_LTE; t++) {
				int len;

				gbcp_msg_init(&m, types[i], t);
				len = gbcp_encode(&m, d, buf, sizeof(buf));
				ASSERT_EQ(d == DT ? 4 : 1, len);
				EXPECT_EQ(types[i] << 4 | gbcp_ttype(d, t), buf[0]);
				ASSERT_EQ(0, gbcp_decode(buf, len, d, &m2, NULL));
				EXPECT_EQ(types[i], m2.type);
				EXPECT_EQ(t, m2.tunnel);
				EXPECT_EQ(0ULL, m2.present);
			}
		}
	}
	/* T-Type codes of each dialect */
	EXPECT_EQ(1, gbcp_ttype(RFC, GBCP_TUNNEL_DSL));
	EXPECT_EQ(2, gbcp_ttype(RFC, GBCP_TUNNEL_LTE));
	EXPECT_EQ(8, gbcp_ttype(DT, GBCP_TUNNEL_DSL));
	EXPECT_EQ(0, gbcp_ttype(DT, GBCP_TUNNEL_LTE));
	EXPECT_EQ(-EINVAL, gbcp_ttype(RFC, GBCP_TUNNEL_OTHER));
}

TEST(reserved_ttype_is_ignored_and_kept)
{
	struct raw r;

	raw_init(&r, 0x43);	/* Hello, reserved T-Type 3 */
	ASSERT_EQ(0, dec(&r, RFC));
	EXPECT_EQ(GBCP_TUNNEL_OTHER, m.tunnel);
	EXPECT_EQ(3, m.ttype_raw);
	ASSERT_EQ(1, gbcp_encode(&m, RFC, buf, sizeof(buf)));
	EXPECT_EQ(0x43, buf[0]);
	/* RFC 1 = DSL is DT's reserved */
	raw_init(&r, 0x41);
	ASSERT_EQ(0, dec(&r, DT));
	EXPECT_EQ(GBCP_TUNNEL_OTHER, m.tunnel);
	EXPECT_EQ(1, m.ttype_raw);
	/* OTHER must not carry a code the dialect assigns */
	gbcp_msg_init(&m, GBCP_MSG_HELLO, GBCP_TUNNEL_OTHER);
	m.ttype_raw = 2;
	EXPECT_EQ(-EINVAL, gbcp_encode(&m, RFC, buf, sizeof(buf)));
	m.ttype_raw = 16;
	EXPECT_EQ(-EINVAL, gbcp_encode(&m, RFC, buf, sizeof(buf)));
}

TEST(reserved_message_types)
{
	unsigned int t;
	struct raw r;

	for (t = 0; t < 16; t++) {
		raw_init(&r, (uint8_t)(t << 4 | 1));
		if (t >= 1 && t <= 6) {
			EXPECT_EQ(0, dec(&r, RFC));
		} else {
			EXPECT_EQ(-EPROTO, dec(&r, RFC)) TH_LOG("type %u", t);
		}
		EXPECT_EQ((t >= 1 && t <= 6) || t == 10 ? 0 : -EPROTO,
			  dec(&r, DT)) TH_LOG("type %u", t);
	}
	gbcp_msg_init(&m, GBCP_MSG_LINK_DETECTION, GBCP_TUNNEL_LTE);
	EXPECT_EQ(-EINVAL, gbcp_encode(&m, RFC, buf, sizeof(buf)));
	EXPECT_EQ(4, gbcp_encode(&m, DT, buf, sizeof(buf)));
}

TEST(truncated_header_overrun_and_unknown)
{
	struct raw r;
	const char *err;
	uint8_t v[8] = { 0 };

	EXPECT_EQ(-EBADMSG, gbcp_decode(buf, 0, RFC, &m, &err));
	EXPECT_NE(NULL, err);
	EXPECT_EQ(-EINVAL, gbcp_decode(buf, 1, RFC, NULL, &err));
	EXPECT_EQ(-EINVAL, gbcp_decode(NULL, 1, RFC, &m, &err));
	EXPECT_EQ(-EINVAL, gbcp_decode(buf, 1, 7, &m, &err));

	/* one or two octets of an attribute header */
	raw_init(&r, 0x41);
	r.b[1] = 5;
	r.b[2] = 0;
	r.len = 2;
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));
	r.len = 3;
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));

	/* a length one past the end drops the message, also for unknowns */
	raw_init(&r, 0x41);
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	r.len--;
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));
	EXPECT_EQ(GBCP_A_TIMESTAMP, m.err_attr);
	raw_init(&r, 0x41);
	raw_attr(&r, 200, 4, v);
	r.len--;
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));
	raw_init(&r, 0x41);
	raw_attr(&r, 200, 0, v);
	r.b[2] = 0xff;		/* length 0x00ff, nothing follows */
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));

	/* unknown types are skipped by their length, 53..59 in RFC too */
	raw_init(&r, 0x41);
	raw_attr(&r, 36, 3, "abc");
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	raw_attr(&r, 0, 0, NULL);
	raw_attr(&r, GBCP_A_DT_DSL_LINE_TYPE, 1, v);
	raw_attr(&r, 254, 8, v);
	raw_attr(&r, 255, 0, NULL);
	ASSERT_EQ(0, dec(&r, RFC));
	EXPECT_EQ(5, m.n_unknown);
	EXPECT_EQ((uint64_t)1 << GBCP_A_TIMESTAMP, m.present);
	EXPECT_EQ(0, m.err_attr);
}

TEST(repeated_attribute_is_an_error)
{
	struct raw r;
	uint8_t v[8] = { 0 };

	raw_init(&r, 0x41);
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));
	raw_init(&r, 0x61);
	raw_attr(&r, GBCP_A_SWITCH_TO_DSL, 0, NULL);
	raw_attr(&r, GBCP_A_SWITCH_TO_DSL, 0, NULL);
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));
	/* unknown ones may repeat: they are skipped */
	raw_init(&r, 0x61);
	raw_attr(&r, 99, 0, NULL);
	raw_attr(&r, 99, 0, NULL);
	EXPECT_EQ(0, dec(&r, RFC));
}

/* the wire length of every attribute, -1 = variable */
static const int attr_len[64] = {
	[1] = 4, [2] = 16, [3] = 40, [4] = 4, [5] = 8, [6] = 4, [7] = 4,
	[8] = -1, [9] = 4, [10] = 4, [11] = 0, [12] = 0, [13] = 17, [14] = 4,
	[15] = 4, [16] = 4, [17] = 4, [18] = 0, [19] = 0, [20] = 4, [21] = 17,
	[22] = 4, [23] = 4, [24] = 4, [25] = 4, [26] = 0, [27] = 0, [28] = 0,
	[29] = 0, [30] = 5, [31] = 4, [32] = 4, [33] = 0, [34] = 0, [35] = 0,
};

/* the smallest valid value of each u32 attribute (others: 0 is valid) */
static const uint8_t u32_min[64] = {
	[10] = 10, [14] = 1, [15] = 3, [17] = 1, [24] = 1, [25] = 1,
	[31] = 100, [32] = 30,
};

/* a valid value of each fixed-length attribute */
static void good_value(unsigned int t, uint8_t *v)
{
	memset(v, 0, 64);
	if (t == GBCP_A_CIN)
		memcpy(v, "cin", 3);
	else
		v[3] = u32_min[t];
}

TEST(every_attribute_length_checked)
{
	unsigned int t;
	uint8_t v[64];
	struct raw r;

	for (t = 1; t <= 35; t++) {
		int n = attr_len[t];

		if (n < 0)
			continue;
		good_value(t, v);
		raw_init(&r, 0x61);
		raw_attr(&r, (uint8_t)t, n, v);
		ASSERT_EQ(0, dec(&r, DT)) TH_LOG("attr %u", t);
		ASSERT_EQ(0, dec(&r, RFC)) TH_LOG("attr %u", t);
		EXPECT_TRUE(gbcp_has(&m, t));
		/* encode gives the same octets back */
		ASSERT_EQ((int)r.len, gbcp_encode(&m, RFC, buf, sizeof(buf)));
		EXPECT_EQ(0, memcmp(buf, r.b, r.len)) TH_LOG("attr %u", t);
		if (n > 0) {
			raw_init(&r, 0x61);
			raw_attr(&r, (uint8_t)t, n - 1, v);
			EXPECT_EQ(-EBADMSG, dec(&r, RFC)) TH_LOG("attr %u", t);
			EXPECT_EQ(t, m.err_attr);
		}
		raw_init(&r, 0x61);
		raw_attr(&r, (uint8_t)t, n + 1, v);
		EXPECT_EQ(-EBADMSG, dec(&r, RFC)) TH_LOG("attr %u", t);
	}
	/* filter list: 8..969 */
	memset(v, 0, sizeof(v));
	v[5] = 1;
	v[7] = 1;		/* packet 1 of 1 */
	raw_init(&r, 0x61);
	raw_attr(&r, GBCP_A_FILTER_LIST, 8, v);
	EXPECT_EQ(0, dec(&r, RFC));
	EXPECT_EQ(0, m.filter.n_items);
	raw_init(&r, 0x61);
	raw_attr(&r, GBCP_A_FILTER_LIST, 7, v);
	EXPECT_EQ(-EBADMSG, dec(&r, RFC));
}

/* attribute, bad values, good values (u32 attributes) */
static const struct {
	uint8_t type;
	uint32_t good[4];
	uint32_t bad[4];
} ranges[] = {
	{ 9, { 0, 1000, 500, 1 }, { 1001, 5000, UINT32_MAX, 1001 } },
	{ 10, { 10, 300, 11, 299 }, { 0, 9, 301, UINT32_MAX } },
	{ 14, { 1, 100, 50, 2 }, { 0, 101, 1000, UINT32_MAX } },
	{ 15, { 3, 10, 4, 9 }, { 0, 2, 11, UINT32_MAX } },
	{ 16, { 0, 172800, 86400, 60 }, { 172860, 61, 1, UINT32_MAX } },
	{ 17, { 1, 12, 8, 5 }, { 0, 13, 401, 503 } },
	{ 24, { 1, 25, 3, 2 }, { 0, 26, 100, UINT32_MAX } },
	{ 25, { 1, 25, 3, 24 }, { 0, 26, 100, UINT32_MAX } },
	{ 31, { 100, 86400, 1800, 200 }, { 0, 99, 150, 86500 } },
	{ 32, { 30, 86400, 60, 31 }, { 0, 29, 86401, UINT32_MAX } },
};

static uint32_t *u32_of(struct gbcp_msg *x, unsigned int t)
{
	static const size_t off[64] = {
		[9] = offsetof(struct gbcp_msg, rtt_diff_threshold),
		[10] = offsetof(struct gbcp_msg, bypass_check_interval),
		[14] = offsetof(struct gbcp_msg, active_hello_interval),
		[15] = offsetof(struct gbcp_msg, hello_retry_times),
		[16] = offsetof(struct gbcp_msg, idle_timeout),
		[17] = offsetof(struct gbcp_msg, error_code),
		[24] = offsetof(struct gbcp_msg, rtt_violation),
		[25] = offsetof(struct gbcp_msg, rtt_compliance),
		[31] = offsetof(struct gbcp_msg, idle_hello_interval),
		[32] = offsetof(struct gbcp_msg, no_traffic_interval),
	};

	return (uint32_t *)((char *)x + off[t]);
}

TEST(u32_ranges_on_decode_and_encode)
{
	unsigned int i, k;
	struct raw r;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		unsigned int t = ranges[i].type;

		for (k = 0; k < 4; k++) {
			raw_init(&r, 0x22);
			raw_u32(&r, (uint8_t)t, ranges[i].good[k]);
			EXPECT_EQ(0, dec(&r, RFC))
				TH_LOG("attr %u value %u", t, ranges[i].good[k]);
			EXPECT_EQ(ranges[i].good[k], *u32_of(&m, t));
			raw_init(&r, 0x22);
			raw_u32(&r, (uint8_t)t, ranges[i].bad[k]);
			EXPECT_EQ(-ERANGE, dec(&r, RFC))
				TH_LOG("attr %u value %u", t, ranges[i].bad[k]);

			gbcp_msg_init(&m2, GBCP_MSG_SETUP_ACCEPT,
				      GBCP_TUNNEL_LTE);
			gbcp_set(&m2, t);
			*u32_of(&m2, t) = ranges[i].good[k];
			EXPECT_EQ(8, gbcp_encode(&m2, RFC, buf, sizeof(buf)));
			*u32_of(&m2, t) = ranges[i].bad[k];
			EXPECT_EQ(-ERANGE, gbcp_encode(&m2, RFC, buf,
						       sizeof(buf)))
				TH_LOG("attr %u value %u", t, ranges[i].bad[k]);
		}
	}
}

TEST(error_codes_per_dialect)
{
	uint32_t c;
	struct raw r;

	for (c = 0; c < 600; c++) {
		bool rfc = c >= 1 && c <= 12;
		bool dt = rfc || (c >= 401 && c <= 407) ||
			  (c >= 501 && c <= 503);

		raw_init(&r, 0x51);
		raw_u32(&r, GBCP_A_ERROR_CODE, c);
		EXPECT_EQ(rfc ? 0 : -ERANGE, dec(&r, RFC)) TH_LOG("code %u", c);
		EXPECT_EQ(dt ? 0 : -ERANGE, dec(&r, DT)) TH_LOG("code %u", c);
	}
	EXPECT_STREQ("bonding session already exists", gbcp_error_name(8));
	EXPECT_STREQ("unknown", gbcp_error_name(13));
	EXPECT_STREQ("Telekom termination (5xx)", gbcp_error_name(502));
}

TEST(other_value_checks)
{
	uint8_t v[64] = { 0 };
	struct raw r;

	/* timestamp: ms 0..999 */
	v[7] = 0xe7;
	v[6] = 0x03;		/* 999 */
	raw_init(&r, 0x41);
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	EXPECT_EQ(0, dec(&r, RFC));
	EXPECT_EQ(999U, m.timestamp.msec);
	v[7] = 0xe8;		/* 1000 */
	raw_init(&r, 0x41);
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	EXPECT_EQ(-ERANGE, dec(&r, RFC));

	/* prefixes: length 0..128 */
	memset(v, 0, sizeof(v));
	v[16] = 128;
	raw_init(&r, 0x41);
	raw_attr(&r, GBCP_A_IPV6_PREFIX_HAAP, 17, v);
	raw_attr(&r, GBCP_A_IPV6_PREFIX_HOST, 17, v);
	EXPECT_EQ(0, dec(&r, RFC));
	v[16] = 129;
	raw_init(&r, 0x41);
	raw_attr(&r, GBCP_A_IPV6_PREFIX_HOST, 17, v);
	EXPECT_EQ(-ERANGE, dec(&r, RFC));
	gbcp_msg_init(&m, GBCP_MSG_HELLO, GBCP_TUNNEL_DSL);
	m.prefix_haap.len = 129;
	gbcp_set(&m, GBCP_A_IPV6_PREFIX_HAAP);
	EXPECT_EQ(-ERANGE, gbcp_encode(&m, RFC, buf, sizeof(buf)));

	/* filter list ACK code 0..2 */
	memset(v, 0, sizeof(v));
	v[4] = 2;
	raw_init(&r, 0x62);
	raw_attr(&r, GBCP_A_FILTER_LIST_ACK, 5, v);
	EXPECT_EQ(0, dec(&r, RFC));
	v[4] = 3;
	raw_init(&r, 0x62);
	raw_attr(&r, GBCP_A_FILTER_LIST_ACK, 5, v);
	EXPECT_EQ(-ERANGE, dec(&r, RFC));

	/* CIN: non-empty UTF-8, zero padded */
	memset(v, 0, sizeof(v));
	raw_init(&r, 0x12);
	raw_attr(&r, GBCP_A_CIN, 40, v);
	EXPECT_EQ(-ERANGE, dec(&r, RFC));
	memcpy(v, "Speedport \xc3\xa4", 12);
	raw_init(&r, 0x12);
	raw_attr(&r, GBCP_A_CIN, 40, v);
	EXPECT_EQ(0, dec(&r, RFC));
	v[20] = 'x';
	raw_init(&r, 0x12);
	raw_attr(&r, GBCP_A_CIN, 40, v);
	EXPECT_EQ(-ERANGE, dec(&r, RFC));
	memset(v, 'a', 40);	/* exactly 40, no NUL: valid */
	raw_init(&r, 0x12);
	raw_attr(&r, GBCP_A_CIN, 40, v);
	EXPECT_EQ(0, dec(&r, RFC));
	v[3] = 0xc3;		/* truncated UTF-8 sequence */
	raw_init(&r, 0x12);
	raw_attr(&r, GBCP_A_CIN, 40, v);
	EXPECT_EQ(-ERANGE, dec(&r, RFC));
	gbcp_msg_init(&m, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_LTE);
	EXPECT_EQ(-EINVAL, gbcp_set_cin(&m, ""));
	EXPECT_EQ(-EINVAL, gbcp_set_cin(&m,
		"01234567890123456789012345678901234567890"));
	EXPECT_EQ(0, gbcp_set_cin(&m, "0123456789012345678901234567890123456789"));
}

TEST(dt_attributes)
{
	uint8_t v[300];
	struct raw r;

	memset(v, 0, sizeof(v));
	/* widths 1, 2, 4 kept; 3 rejected; line type 0..4 */
	v[0] = 4;
	raw_init(&r, 0x18);
	raw_attr(&r, GBCP_A_DT_DSL_LINE_TYPE, 1, v);
	ASSERT_EQ(0, dec(&r, DT));
	EXPECT_EQ(4U, m.dt_line_type);
	EXPECT_EQ(1, m.dt_line_type_len);
	EXPECT_EQ((int)r.len + 3, gbcp_encode(&m, DT, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, r.b, r.len));
	v[0] = 5;
	raw_init(&r, 0x18);
	raw_attr(&r, GBCP_A_DT_DSL_LINE_TYPE, 1, v);
	EXPECT_EQ(-ERANGE, dec(&r, DT));
	raw_init(&r, 0x18);
	raw_attr(&r, GBCP_A_DT_UP_SYNC_RATE, 3, v);
	EXPECT_EQ(-EBADMSG, dec(&r, DT));
	v[0] = 0x12;
	v[1] = 0x34;
	raw_init(&r, 0x18);
	raw_attr(&r, GBCP_A_DT_REORDER_TIME, 2, v);
	ASSERT_EQ(0, dec(&r, DT));
	EXPECT_EQ(0x1234U, m.dt_reorder_time);
	EXPECT_EQ(2, m.dt_reorder_time_len);
	ASSERT_EQ(9, gbcp_encode(&m, DT, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, r.b, r.len));
	m.dt_reorder_time = 0x10000;	/* does not fit 2 octets */
	EXPECT_EQ(-ERANGE, gbcp_encode(&m, DT, buf, sizeof(buf)));
	/* and unknown to the RFC dialect, both ways */
	EXPECT_EQ(-EINVAL, gbcp_encode(&m, RFC, buf, sizeof(buf)));
	ASSERT_EQ(0, dec(&r, RFC));
	EXPECT_EQ(1, m.n_unknown);

	/* BRAS name 1..255 octets of UTF-8 */
	memset(v, 'b', sizeof(v));
	raw_init(&r, 0x28);
	raw_attr(&r, GBCP_A_DT_BRAS_NAME, 255, v);
	ASSERT_EQ(0, dec(&r, DT));
	EXPECT_EQ(255, m.dt_bras_name_len);
	EXPECT_EQ(0, m.dt_bras_name[255]);
	raw_init(&r, 0x28);
	raw_attr(&r, GBCP_A_DT_BRAS_NAME, 256, v);
	EXPECT_EQ(-EBADMSG, dec(&r, DT));
	raw_init(&r, 0x28);
	raw_attr(&r, GBCP_A_DT_BRAS_NAME, 0, v);
	EXPECT_EQ(-EBADMSG, dec(&r, DT));
	v[1] = 0;
	raw_init(&r, 0x28);
	raw_attr(&r, GBCP_A_DT_BRAS_NAME, 4, v);
	EXPECT_EQ(-ERANGE, dec(&r, DT));
}

TEST(dt_closing_attribute)
{
	uint8_t v[8] = { 0 };
	struct raw r;
	int len;

	gbcp_msg_init(&m, GBCP_MSG_HELLO, GBCP_TUNNEL_DSL);
	m.timestamp.sec = 1;
	gbcp_set(&m, GBCP_A_TIMESTAMP);
	len = gbcp_encode(&m, DT, buf, sizeof(buf));
	ASSERT_EQ(1 + 11 + 3, len);
	EXPECT_EQ(0x48, buf[0]);
	EXPECT_EQ(0, memcmp(buf + 12, "\xff\x00\x00", 3));
	ASSERT_EQ(0, gbcp_decode(buf, len, DT, &m2, NULL));
	EXPECT_TRUE(gbcp_msg_equal(&m, &m2));
	EXPECT_EQ(0, m2.n_unknown);
	/* RFC dialect: no 255 written, and 255 read as unknown */
	EXPECT_EQ(12, gbcp_encode(&m, RFC, buf2, sizeof(buf2)));
	buf[0] = 0x41;
	ASSERT_EQ(0, gbcp_decode(buf, len, RFC, &m2, NULL));
	EXPECT_EQ(1, m2.n_unknown);

	/* 255 must be empty and last; missing is tolerated */
	raw_init(&r, 0x48);
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	EXPECT_EQ(0, dec(&r, DT));
	raw_attr(&r, 255, 1, v);
	EXPECT_EQ(-EBADMSG, dec(&r, DT));
	raw_init(&r, 0x48);
	raw_attr(&r, 255, 0, NULL);
	raw_attr(&r, GBCP_A_TIMESTAMP, 8, v);
	EXPECT_EQ(-EBADMSG, dec(&r, DT));
	raw_init(&r, 0x48);
	raw_attr(&r, 255, 0, NULL);
	r.b[r.len++] = 0;	/* one stray octet */
	EXPECT_EQ(-EBADMSG, dec(&r, DT));
	raw_init(&r, 0x48);
	raw_attr(&r, 255, 0, NULL);
	raw_attr(&r, 255, 0, NULL);
	EXPECT_EQ(-EBADMSG, dec(&r, DT));
}

/* spec-digest I: the control packets with their 8-octet GRE header */
TEST(digest_section_i_examples)
{
	uint8_t pkt[128];
	size_t n;
	int len;

	/* first LTE Setup Request, key 0, CIN "HG-TEST" */
	n = unhex("20 00 b7 ea 00 00 00 00 12 03 00 28 48 47 2d 54 45 53 54", pkt);
	memset(pkt + n, 0, 33);
	n += 33;
	ASSERT_EQ(52U, n);
	ASSERT_EQ(0, gbcp_decode(pkt + 8, n - 8, RFC, &m, NULL));
	EXPECT_EQ(GBCP_MSG_SETUP_REQUEST, m.type);
	EXPECT_EQ(GBCP_TUNNEL_LTE, m.tunnel);
	EXPECT_EQ((uint64_t)1 << GBCP_A_CIN, m.present);
	EXPECT_STREQ("HG-TEST", (char *)m.cin);
	gbcp_msg_init(&m2, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_LTE);
	ASSERT_EQ(0, gbcp_set_cin(&m2, "HG-TEST"));
	len = gbcp_encode(&m2, RFC, buf, sizeof(buf));
	ASSERT_EQ(44, len);
	EXPECT_EQ(0, memcmp(buf, pkt + 8, len));

	/* DSL Hello, timestamp 100 s + 250 ms */
	n = unhex("20 00 b7 ea 11 22 33 44 41 05 00 08 00 00 00 64 00 00 00 fa",
		  pkt);
	ASSERT_EQ(0, gbcp_decode(pkt + 8, n - 8, RFC, &m, NULL));
	EXPECT_EQ(GBCP_MSG_HELLO, m.type);
	EXPECT_EQ(GBCP_TUNNEL_DSL, m.tunnel);
	EXPECT_EQ(100U, m.timestamp.sec);
	EXPECT_EQ(250U, m.timestamp.msec);
	gbcp_msg_init(&m2, GBCP_MSG_HELLO, GBCP_TUNNEL_DSL);
	m2.timestamp.sec = 100;
	m2.timestamp.msec = 250;
	gbcp_set(&m2, GBCP_A_TIMESTAMP);
	ASSERT_EQ(12, gbcp_encode(&m2, RFC, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, pkt + 8, 12));

	/* LTE Notify, Filter List Package ACK, commit 7, code 0 */
	n = unhex("20 00 b7 ea 11 22 33 44 62 1e 00 05 00 00 00 07 00", pkt);
	ASSERT_EQ(0, gbcp_decode(pkt + 8, n - 8, RFC, &m, NULL));
	EXPECT_EQ(GBCP_MSG_NOTIFY, m.type);
	EXPECT_EQ(GBCP_TUNNEL_LTE, m.tunnel);
	EXPECT_EQ(7U, m.filter_ack.commit_count);
	EXPECT_EQ(GBCP_FACK_OK, m.filter_ack.code);
	gbcp_msg_init(&m2, GBCP_MSG_NOTIFY, GBCP_TUNNEL_LTE);
	m2.filter_ack.commit_count = 7;
	gbcp_set(&m2, GBCP_A_FILTER_LIST_ACK);
	ASSERT_EQ(9, gbcp_encode(&m2, RFC, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, pkt + 8, 9));

	/* DSL Notify "Switching to DSL Tunnel" */
	n = unhex("20 00 b7 ea 11 22 33 44 61 0b 00 00", pkt);
	ASSERT_EQ(0, gbcp_decode(pkt + 8, n - 8, RFC, &m, NULL));
	EXPECT_EQ(GBCP_MSG_NOTIFY, m.type);
	EXPECT_EQ(GBCP_TUNNEL_DSL, m.tunnel);
	EXPECT_EQ((uint64_t)1 << GBCP_A_SWITCH_TO_DSL, m.present);
	gbcp_msg_init(&m2, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	gbcp_set(&m2, GBCP_A_SWITCH_TO_DSL);
	ASSERT_EQ(4, gbcp_encode(&m2, RFC, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, pkt + 8, 4));

	/* the digest's example first octets */
	EXPECT_EQ(0x41, GBCP_MSG_HELLO << 4 | gbcp_ttype(RFC, GBCP_TUNNEL_DSL));
	EXPECT_EQ(0x42, GBCP_MSG_HELLO << 4 | gbcp_ttype(RFC, GBCP_TUNNEL_LTE));
	EXPECT_EQ(0x12, GBCP_MSG_SETUP_REQUEST << 4 |
		  gbcp_ttype(RFC, GBCP_TUNNEL_LTE));
}

TEST(filter_list_all_item_types)
{
	const struct gbcp_filter_list *fl = &m2.filter;
	unsigned int k;
	int len;

	ASSERT_EQ(0, gbcp_sample(GBCP_S_FILTER_LIST, RFC, &m));
	len = gbcp_encode(&m, RFC, buf, sizeof(buf));
	ASSERT_LT(0, len);
	ASSERT_EQ(0, gbcp_decode(buf, len, RFC, &m2, NULL));
	EXPECT_EQ(7U, fl->commit_count);
	EXPECT_EQ(2, fl->packet_sum);
	EXPECT_EQ(1, fl->packet_id);
	ASSERT_EQ(14, fl->n_items);
	for (k = 0; k < 14; k++) {
		const struct gbcp_filter_item *it = &fl->items[k];
		const char *d = gbcp_sample_filters[k][0];
		const char *v = gbcp_sample_filters[k][1];

		EXPECT_EQ(k + 1, it->type);
		EXPECT_EQ(k != 5, it->enable);
		ASSERT_EQ(strlen(d), it->desc_len);
		ASSERT_EQ(strlen(v), it->value_len);
		EXPECT_EQ(0, memcmp(d, fl->text + it->desc_off, it->desc_len));
		EXPECT_EQ(0, memcmp(v, fl->text + it->value_off,
				    it->value_len));
	}
	/* attribute 8's length = the TLV; item length = 4 + DL + VL */
	EXPECT_EQ(GBCP_A_FILTER_LIST, buf[1]);
	EXPECT_EQ(len - 4, buf[2] << 8 | buf[3]);
	EXPECT_EQ(1, buf[12] << 8 | buf[13]);		/* type FQDN */
	EXPECT_EQ(4 + 4 + 15, buf[14] << 8 | buf[15]);	/* FQDN item */
	EXPECT_EQ(1, buf[16] << 8 | buf[17]);		/* enabled */
	EXPECT_EQ(4, buf[18] << 8 | buf[19]);		/* "FQDN" */
	EXPECT_EQ(0, memcmp(buf + 20, "FQDNwww.example.com", 19));
}

static int add_item(struct raw *r, size_t at, uint16_t type, uint16_t ilen,
		    uint16_t enable, uint16_t dl, const char *text, size_t tl)
{
	uint8_t *p = r->b + at;

	p[0] = type >> 8;
	p[1] = type & 0xff;
	p[2] = ilen >> 8;
	p[3] = ilen & 0xff;
	p[4] = enable >> 8;
	p[5] = enable & 0xff;
	p[6] = dl >> 8;
	p[7] = dl & 0xff;
	memcpy(p + 8, text, tl);
	return (int)(8 + tl);
}

/* a message with one filter list attribute holding the given item bytes */
static int filter_msg(uint16_t type, uint16_t ilen, uint16_t dl,
		      const char *text, size_t tl, size_t cut)
{
	static const uint8_t hdr[8] = { 0, 0, 0, 9, 0, 1, 0, 1 };
	struct raw r;
	size_t alen;
	int n;

	raw_init(&r, 0x61);
	r.b[1] = GBCP_A_FILTER_LIST;
	memcpy(r.b + 4, hdr, 8);
	n = add_item(&r, 12, type, ilen, 1, dl, text, tl);
	alen = 8 + (size_t)n - cut;
	r.b[2] = (uint8_t)(alen >> 8);
	r.b[3] = (uint8_t)alen;
	r.len = 4 + alen;
	return dec(&r, RFC);
}

TEST(filter_list_malformed)
{
	static const uint8_t hdr_bad[][8] = {
		{ 0, 0, 0, 1, 0, 0, 0, 0 },	/* sum 0 */
		{ 0, 0, 0, 1, 0, 2, 0, 0 },	/* id 0 */
		{ 0, 0, 0, 1, 0, 2, 0, 3 },	/* id > sum */
	};
	unsigned int i;
	struct raw r;

	/* a good one first */
	EXPECT_EQ(0, filter_msg(GBCP_F_DSCP, 4 + 1 + 2, 1, "d46", 3, 0));
	EXPECT_EQ(1, m.filter.n_items);
	/* item length below Enable + DL */
	EXPECT_EQ(-EBADMSG, filter_msg(GBCP_F_DSCP, 3, 0, "", 0, 0));
	/* description overruns the item */
	EXPECT_EQ(-EBADMSG, filter_msg(GBCP_F_DSCP, 4 + 3, 4, "d46", 3, 0));
	/* item overruns the list */
	EXPECT_EQ(-EBADMSG, filter_msg(GBCP_F_DSCP, 4 + 4, 1, "d46", 3, 0));
	/* item header cut short (2 octets left) */
	EXPECT_EQ(-EBADMSG, filter_msg(GBCP_F_DSCP, 4 + 3, 1, "d46", 3, 9));
	/* bad value for the type */
	EXPECT_EQ(-ERANGE, filter_msg(GBCP_F_DSCP, 4 + 3, 1, "d64", 3, 0));
	/* description not UTF-8 */
	EXPECT_EQ(-EBADMSG, filter_msg(GBCP_F_DSCP, 4 + 3, 1, "\xff" "46", 3, 0));
	/* reserved item types are kept, not checked */
	EXPECT_EQ(0, filter_msg(15, 4 + 3, 1, "c\x01?", 3, 0));
	EXPECT_EQ(15, m.filter.items[0].type);
	ASSERT_LT(0, gbcp_encode(&m, RFC, buf, sizeof(buf)));

	for (i = 0; i < 3; i++) {
		raw_init(&r, 0x61);
		raw_attr(&r, GBCP_A_FILTER_LIST, 8, hdr_bad[i]);
		EXPECT_EQ(-ERANGE, dec(&r, RFC)) TH_LOG("header %u", i);
	}
	/* 969 is the maximum */
	{
		uint8_t v[970] = { 0, 0, 0, 1, 0, 1, 0, 1 };

		v[8] = 0;
		v[9] = 99;	/* reserved type: any content */
		v[10] = (970 - 12) >> 8;
		v[11] = (970 - 12) & 0xff;
		raw_init(&r, 0x61);
		raw_attr(&r, GBCP_A_FILTER_LIST, 970, v);
		EXPECT_EQ(-EBADMSG, dec(&r, RFC));
		v[11]--;
		raw_init(&r, 0x61);
		raw_attr(&r, GBCP_A_FILTER_LIST, 969, v);
		EXPECT_EQ(0, dec(&r, RFC));
	}
}

TEST(filter_list_size_limit_on_encode)
{
	char val[64];
	int i, rc = 0;

	gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	for (i = 0; i < 200 && !rc; i++) {
		snprintf(val, sizeof(val), "host%d.example.com", i);
		rc = gbcp_filter_add(&m, GBCP_F_FQDN, 1, "FQDN", val);
	}
	EXPECT_EQ(-EMSGSIZE, rc);
	ASSERT_LT(0, gbcp_encode(&m, RFC, buf, sizeof(buf)));
	EXPECT_GE(GBCP_FILTER_LIST_MAX, (buf[2] << 8 | buf[3]));
	EXPECT_EQ(-EINVAL, gbcp_filter_add(&m, GBCP_F_DSCP, 1, "", "64"));
	/* items at their smallest (8 octets) fill the item table exactly */
	gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	for (i = 0, rc = 0; !rc; i++)
		rc = gbcp_filter_add(&m, 99, 0, "", "");
	EXPECT_EQ(GBCP_FILTER_MAX_ITEMS, m.filter.n_items);
	ASSERT_LT(0, gbcp_encode(&m, RFC, buf, sizeof(buf)));
	ASSERT_EQ(0, gbcp_decode(buf, gbcp_encode(&m, RFC, buf, sizeof(buf)),
				 RFC, &m2, NULL));
	EXPECT_TRUE(gbcp_msg_equal(&m, &m2));
	/* a corrupted struct is refused, not read out of bounds */
	m.filter.items[3].value_off = GBCP_FILTER_TEXT_MAX;
	m.filter.items[3].value_len = 1;
	EXPECT_EQ(-EINVAL, gbcp_encode(&m, RFC, buf, sizeof(buf)));
	m.filter.n_items = GBCP_FILTER_MAX_ITEMS + 1;
	EXPECT_EQ(-EINVAL, gbcp_encode(&m, RFC, buf, sizeof(buf)));
}

TEST(filter_value_syntax)
{
	static const struct {
		uint16_t type;
		const char *v;
		bool ok;
	} t[] = {
		{ 1, "www.example.com", true }, { 1, "*.example.com", true },
		{ 1, "example.com.", true }, { 1, "a..b", false },
		{ 1, "-a.com", false }, { 1, "a b", false }, { 1, "", false },
		{ 1, "a*.com", false },
		{ 2, "0", true }, { 2, "63", true }, { 2, "64", false },
		{ 2, "EF", false }, { 2, "-1", false },
		{ 3, "65535", true }, { 3, "65536", false }, { 3, "80 ", false },
		{ 6, "0", true }, { 6, "", false },
		{ 4, "192.0.2.1", true }, { 4, "192.0.2.0/24", true },
		{ 4, "192.0.2.0/33", false }, { 4, "2001:db8::/128", true },
		{ 4, "2001:db8::/129", false }, { 4, "192.0.2", false },
		{ 7, "::1", true }, { 7, "1.2.3.4/", false },
		{ 5, "192.0.2.1:80", true }, { 5, "192.0.2.1", false },
		{ 5, "[2001:db8::1]:443", true }, { 5, "2001:db8::1:443", true },
		{ 8, "192.0.2.1:70000", false }, { 8, ":80", false },
		{ 9, "00:11:22:33:44:55", true }, { 9, "00-11-22-33-44-55", true },
		{ 9, "001122334455", true }, { 9, "00:11-22:33:44:55", false },
		{ 9, "00:11:22:33:44:5g", false }, { 9, "00:11:22:33:44", false },
		{ 10, "6", true }, { 10, "255", true }, { 10, "256", false },
		{ 10, "TCP", true }, { 10, "IPv6-ICMP", true }, { 10, "a b", false },
		{ 11, "192.0.2.1-192.0.2.9", true }, { 11, "192.0.2.0/24", true },
		{ 11, "192.0.2.9-192.0.2.1", false },
		{ 12, "192.0.2.1-2001:db8::1", false },
		{ 12, "2001:db8::1-2001:db8::2", true },
		{ 13, "192.0.2.0/24:53", true }, { 13, "192.0.2.0/24", false },
		{ 14, "2001:db8::1-2001:db8::ff:443", true },
		{ 14, "192.0.2.1-192.0.2.2:x", false },
		{ 15, "anything", true }, { 0, "", true },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *why = gbcp_filter_value_check(t[i].type, t[i].v,
							  strlen(t[i].v));

		EXPECT_EQ(t[i].ok, why == NULL)
			TH_LOG("type %u \"%s\": %s", t[i].type, t[i].v,
			       why ? why : "accepted");
	}
}

TEST(encode_buffer_bounds)
{
	int len, cap;

	ASSERT_EQ(0, gbcp_sample(GBCP_S_LTE_ACCEPT, DT, &m));
	len = gbcp_encode(&m, DT, buf, sizeof(buf));
	ASSERT_LT(0, len);
	for (cap = 0; cap < len; cap++) {
		memset(buf2, 0xa5, sizeof(buf2));
		EXPECT_EQ(-ENOSPC, gbcp_encode(&m, DT, buf2, cap));
		EXPECT_EQ(0xa5, buf2[cap]);	/* nothing past cap */
	}
	EXPECT_EQ(len, gbcp_encode(&m, DT, buf2, len));
	EXPECT_EQ(-EINVAL, gbcp_encode(NULL, DT, buf2, len));
}

TEST(largest_message_fits)
{
	unsigned int t;
	int i, rc = 0, len;
	const char *err = NULL;

	gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	for (t = 1; t <= 35; t++) {
		uint8_t v[64];

		good_value(t, v);
		if (attr_len[t] < 0)
			continue;
		/* decode each attribute alone and merge: all valid values */
		{
			struct raw r;

			raw_init(&r, 0x61);
			raw_attr(&r, (uint8_t)t, attr_len[t], v);
			ASSERT_EQ(0, gbcp_decode(r.b, r.len, DT, &m2, NULL));
		}
		gbcp_set(&m, t);
	}
	m.hello_retry_times = 3;
	m.bypass_check_interval = 10;
	m.active_hello_interval = 1;
	m.error_code = 1;
	m.rtt_violation = 1;
	m.rtt_compliance = 1;
	m.idle_hello_interval = 100;
	m.no_traffic_interval = 30;
	memcpy(m.cin, "cin", 3);
	for (i = 0; !rc; i++)
		rc = gbcp_filter_add(&m, GBCP_F_FQDN, 1, "d", "a.example.com");
	memset(m.dt_bras_name, 'n', GBCP_BRAS_NAME_MAX);
	m.dt_bras_name_len = GBCP_BRAS_NAME_MAX;
	gbcp_set(&m, GBCP_A_DT_BRAS_NAME);
	gbcp_set(&m, GBCP_A_DT_DSL_LINE_TYPE);
	m.dt_line_type_len = 4;
	gbcp_set(&m, GBCP_A_DT_REORDER_TIME);
	gbcp_set(&m, GBCP_A_DT_UP_BURST_TIME);
	gbcp_set(&m, GBCP_A_DT_UP_SYNC_RATE);
	len = gbcp_encode_err(&m, DT, buf, sizeof(buf), &err);
	ASSERT_LT(0, len) TH_LOG("%s", err);
	EXPECT_GE(GBCP_MSG_MAX_LEN, len);
	ASSERT_EQ(0, gbcp_decode(buf, len, DT, &m2, &err)) TH_LOG("%s", err);
	EXPECT_TRUE(gbcp_msg_equal(&m, &m2));
}

TEST(names_and_format)
{
	char s[2048];
	int n;

	EXPECT_STREQ("hello", gbcp_msg_type_name(GBCP_MSG_HELLO));
	EXPECT_STREQ("unknown", gbcp_msg_type_name(0));
	EXPECT_STREQ("unknown", gbcp_msg_type_name(99));
	EXPECT_STREQ("tunnel-verification", gbcp_attr_name(35));
	EXPECT_STREQ("dt-end", gbcp_attr_name(255));
	EXPECT_STREQ("unknown", gbcp_attr_name(36));
	EXPECT_STREQ("src-ip-range-port", gbcp_filter_type_name(13));
	EXPECT_STREQ("unknown", gbcp_filter_type_name(15));
	EXPECT_STREQ("acknowledged", gbcp_filter_ack_name(0));
	EXPECT_STREQ("lte", gbcp_tunnel_name(GBCP_TUNNEL_LTE));
	EXPECT_STREQ("dt", gbcp_dialect_name(DT));
	EXPECT_STREQ("VDSL2", gbcp_dt_line_type_name(3));

	ASSERT_EQ(0, gbcp_sample(GBCP_S_DSL_HELLO, RFC, &m));
	n = gbcp_msg_format(&m, s, sizeof(s));
	EXPECT_STREQ("hello(4) tunnel=dsl timestamp=100.250s "
		     "ipv6-prefix-haap=2001:db8:100::/56", s);
	EXPECT_EQ((int)strlen(s), n);
	/* truncation: same length reported, always terminated */
	memset(s, 'x', sizeof(s));
	EXPECT_EQ(n, gbcp_msg_format(&m, s, 10));
	EXPECT_EQ(9U, strlen(s));
	EXPECT_EQ(n, gbcp_msg_format(&m, NULL, 0));

	ASSERT_EQ(0, gbcp_sample(GBCP_S_FILTER_LIST, DT, &m));
	n = gbcp_msg_format(&m, s, sizeof(s));
	EXPECT_NE(NULL, strstr(s, "[fqdn(1) enable=1 desc=\"FQDN\" "
			       "value=\"www.example.com\"]"));
	ASSERT_EQ(0, gbcp_sample(GBCP_S_DENY, DT, &m));
	gbcp_msg_format(&m, s, sizeof(s));
	EXPECT_STREQ("setup-deny(3) tunnel=lte "
		     "error-code=404(Telekom setup error (4xx))", s);
}

TEST_HARNESS_MAIN
