// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of mcp_proxy/convert_wire.c: MP_CONVERT Information
 * Elements (parse, every malformed form, address checks, echo) and the
 * MP_CAPABLE and MP_PREFER_PROXY options of a SYN.
 *
 * IEs are laid out by hand from the constants of convert_layout.h, so a
 * correction of the reconstructed layout carries over; the few literal byte
 * strings below (marked) pin down the current reading of the draft.
 */

#include <stdlib.h>

#include "mcp_proxy/convert_wire.h"
#include "kselftest_harness.h"

/* ---- building IEs by hand ---- */

struct bld {
	u8 buf[512];
	unsigned int len;
	unsigned int index;	/* IEs written so far */
};

static void b_bytes(struct bld *b, const void *p, unsigned int n)
{
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void b_magic(struct bld *b)
{
	put_unaligned_be32(MCPW_MAGIC, b->buf + b->len);
	b->len += MCPW_MAGIC_LEN;
}

static unsigned int pad_of(unsigned int len)
{
	return (MCPW_ALIGN - len % MCPW_ALIGN) % MCPW_ALIGN;
}

/*
 * One IE of any type: magic (as the layout wants), Type, Length, flags,
 * then @blen octets of @body and @pad octets of @padbyte.
 */
static void b_ie_raw(struct bld *b, u8 type, u8 ielen, u16 flags,
		     const u8 *body, unsigned int blen, unsigned int pad,
		     u8 padbyte)
{
	if (b->index == 0 || MCPW_MAGIC_EVERY_IE)
		b_magic(b);
	b->index++;
	b->buf[b->len + MCPW_OFF_TYPE] = type;
	b->buf[b->len + MCPW_OFF_LEN] = ielen;
	put_unaligned_be16(flags, b->buf + b->len + MCPW_OFF_FLAGS);
	b->len += MCPW_HDR_LEN;
	b_bytes(b, body, blen);
	memset(b->buf + b->len, padbyte, pad);
	b->len += pad;
}

/* A well-formed type-0 IE. */
static void b_addr(struct bld *b, unsigned int family, const u8 *addr,
		   bool has_port, u16 port, bool d, bool m)
{
	unsigned int alen = family == MCPW_FAM_IPV4 ? 4 : 16;
	u8 body[MCPW_ADDR6_LEN + MCPW_PORT_LEN];
	unsigned int ielen;

	memcpy(body, addr, alen);
	if (has_port)
		put_unaligned_be16(port, body + alen);
	ielen = MCPW_HDR_LEN + alen + (has_port ? MCPW_PORT_LEN : 0);
	b_ie_raw(b, MCPW_TYPE_ADDR, ielen,
		 (d ? MCPW_FLAG_D : 0) | (m ? MCPW_FLAG_M : 0),
		 body, ielen - MCPW_HDR_LEN, pad_of(ielen), 0);
}

/* Parse from a heap copy of exactly @len octets, so ASan sees over-reads. */
static int parse_exact(const u8 *buf, size_t len, struct mcpw_conv *c)
{
	u8 *copy = malloc(len ? len : 1);
	int ret;

	assert(copy);
	memcpy(copy, buf, len);
	ret = mcpw_parse(copy, len, c);
	free(copy);
	return ret;
}

static int opts_exact(const u8 *buf, size_t len, unsigned int subtype,
		      struct mcpw_synopts *o)
{
	u8 *copy = malloc(len ? len : 1);
	int ret;

	assert(copy);
	memcpy(copy, buf, len);
	ret = mcpw_parse_synopts(copy, len, subtype, o);
	free(copy);
	return ret;
}

static const u8 v4a[4] = { 93, 184, 216, 34 };
static const u8 v4b[4] = { 198, 18, 0, 1 };
static const u8 v6a[16] = { 0x26, 0x06, 0x28, 0x00, 0x02, 0x20, 0x00, 0x01,
			    0x02, 0x48, 0x18, 0x93, 0x25, 0xc8, 0x19, 0x46 };
static const u8 v6b[16] = { 0x2a, 0x00, 0x14, 0x50, [15] = 0x0e };
static const u8 appdata[] = "GET / HTTP/1.1\r\n";

/* ---- valid forms ---- */

TEST(every_single_form)
{
	unsigned int fam, port, d, data;

	for (fam = 0; fam < 2; fam++)
	for (port = 0; port < 2; port++)
	for (d = 0; d < 2; d++)
	for (data = 0; data < 2; data++) {
		unsigned int family = fam ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4;
		const u8 *addr = fam ? v6a : v4a;
		unsigned int alen = fam ? 16 : 4;
		unsigned int ielen = 4 + alen + (port ? 2 : 0);
		unsigned int want = MCPW_MAGIC_LEN + ielen + pad_of(ielen);
		struct mcpw_conv c;
		struct bld b = {};

		b_addr(&b, family, addr, port, 8080, d, true);
		ASSERT_EQ(want, b.len);
		ASSERT_EQ(0U, b.len % 4);
		if (data)
			b_bytes(&b, appdata, sizeof(appdata));
		ASSERT_EQ((int)want, parse_exact(b.buf, b.len, &c));
		EXPECT_EQ(want, c.consumed);
		EXPECT_EQ(1U, c.n);
		EXPECT_EQ(0U, c.n_other);
		EXPECT_EQ(family, c.ie[0].family);
		EXPECT_EQ(d, c.ie[0].src);
		EXPECT_EQ(port, c.ie[0].has_port);
		EXPECT_EQ(port ? 8080 : 0, c.ie[0].port);
		EXPECT_EQ(0, memcmp(c.ie[0].addr, addr, alen));
		if (!fam) {
			static const u8 zero[12];

			EXPECT_EQ(0, memcmp(c.ie[0].addr + 4, zero, 12));
		}
		if (data)
			EXPECT_EQ(0, memcmp(b.buf + c.consumed, appdata,
					    sizeof(appdata)));
	}
}

TEST(lengths_and_padding)
{
	/* [V seed] 8/10 for IPv4, 20/22 for IPv6; long forms padded by 2 */
	EXPECT_EQ(8, MCPW_LEN_IPV4);
	EXPECT_EQ(10, MCPW_LEN_IPV4_PORT);
	EXPECT_EQ(20, MCPW_LEN_IPV6);
	EXPECT_EQ(22, MCPW_LEN_IPV6_PORT);
	EXPECT_EQ(0U, pad_of(8));
	EXPECT_EQ(2U, pad_of(10));
	EXPECT_EQ(0U, pad_of(20));
	EXPECT_EQ(2U, pad_of(22));
}

TEST(two_elements_then_data)
{
	unsigned int order;

	for (order = 0; order < 2; order++) {
		struct mcpw_conv c;
		struct bld b = {};
		int ret;

		/* destination IPv4 with port, source IPv6 without, any order */
		if (!order) {
			b_addr(&b, MCPW_FAM_IPV4, v4a, true, 443, false, false);
			b_addr(&b, MCPW_FAM_IPV6, v6b, false, 0, true, true);
		} else {
			b_addr(&b, MCPW_FAM_IPV6, v6b, false, 0, true, false);
			b_addr(&b, MCPW_FAM_IPV4, v4a, true, 443, false, true);
		}
		ASSERT_EQ(2 * MCPW_MAGIC_LEN + 12 + 20U, b.len);
		b_bytes(&b, appdata, sizeof(appdata));

		ret = parse_exact(b.buf, b.len, &c);
		ASSERT_EQ(2 * MCPW_MAGIC_LEN + 12 + 20, ret);
		ASSERT_EQ(2U, c.n);
		EXPECT_EQ(MCPW_FAM_IPV4, c.ie[order].family);
		EXPECT_EQ(0, c.ie[order].src);
		EXPECT_EQ(1, c.ie[order].has_port);
		EXPECT_EQ(443, c.ie[order].port);
		EXPECT_EQ(MCPW_FAM_IPV6, c.ie[!order].family);
		EXPECT_EQ(1, c.ie[!order].src);
		EXPECT_EQ(0, c.ie[!order].has_port);
		EXPECT_EQ(0, memcmp(c.ie[!order].addr, v6b, 16));
		EXPECT_EQ(0, memcmp(b.buf + ret, appdata, sizeof(appdata)));
	}
}

/* M ends the IEs: what follows is data even if it looks like an IE */
TEST(m_bit_ends_the_elements)
{
	struct mcpw_conv c;
	struct bld b = {};

	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, true);
	b_addr(&b, MCPW_FAM_IPV4, v4b, false, 0, true, true);
	ASSERT_EQ(12, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(1U, c.n);
	EXPECT_EQ(0, memcmp(c.ie[0].addr, v4a, 4));
}

TEST(reserved_bits_and_padding_content_ignored)
{
	u16 reserved = (u16)~(MCPW_FLAG_D | MCPW_FLAG_M);
	u8 body[6] = { 93, 184, 216, 34, 0x01, 0xbb };
	struct mcpw_conv c;
	struct bld b = {};

	b_ie_raw(&b, MCPW_TYPE_ADDR, MCPW_LEN_IPV4_PORT,
		 reserved | MCPW_FLAG_M, body, sizeof(body), 2, 0xee);
	ASSERT_EQ(16, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(0, c.ie[0].src);
	EXPECT_EQ(443, c.ie[0].port);
}

TEST(unknown_types_skipped)
{
	static const u8 junk[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct mcpw_conv c;
	struct bld b = {};

	/* unknown, type 0, unknown (odd length, padded), type 0, unknown(M) */
	b_ie_raw(&b, 7, 4, 0, junk, 0, 0, 0);
	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, false);
	b_ie_raw(&b, 0xff, 9, 0, junk, 5, 3, 0);
	b_addr(&b, MCPW_FAM_IPV6, v6a, true, 1, true, false);
	b_ie_raw(&b, 1, 16, MCPW_FLAG_M, junk, 12, 0, 0);
	b_bytes(&b, appdata, 4);
	ASSERT_EQ((int)b.len - 4, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(2U, c.n);
	EXPECT_EQ(3U, c.n_other);
	EXPECT_EQ(MCPW_FAM_IPV4, c.ie[0].family);
	EXPECT_EQ(MCPW_FAM_IPV6, c.ie[1].family);
	EXPECT_EQ(1, c.ie[1].port);

	/* only unknown IEs: success, no address: the caller's decision */
	memset(&b, 0, sizeof(b));
	b_ie_raw(&b, 5, 4, MCPW_FLAG_M, junk, 0, 0, 0);
	ASSERT_EQ(8, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(0U, c.n);
	EXPECT_EQ(1U, c.n_other);
}

/*
 * A worked example pinned to the current reconstruction (magic per IE, D
 * and M as the low bits, port after the address, 2 padding octets):
 * destination 93.184.216.34 port 443, last IE, then "GET".
 */
TEST(literal_example_current_layout)
{
	static const u8 wire[] = { 0xfa, 0xa8, 0xfa, 0xa8, 0x00, 0x0a, 0x00,
				   0x01, 0x5d, 0xb8, 0xd8, 0x22, 0x01, 0xbb,
				   0x00, 0x00, 'G', 'E', 'T' };
	struct mcpw_conv c;
	u8 out[32];

	ASSERT_EQ(16, parse_exact(wire, sizeof(wire), &c));
	ASSERT_EQ(1U, c.n);
	EXPECT_EQ(0, memcmp(c.ie[0].addr, v4a, 4));
	EXPECT_EQ(443, c.ie[0].port);
	EXPECT_EQ(0, c.ie[0].src);
	ASSERT_EQ(16, mcpw_encode(&c, out, sizeof(out)));
	EXPECT_EQ(0, memcmp(out, wire, 16));
}

/* ---- malformed forms, each with its reason ---- */

TEST(no_magic)
{
	static const u8 http[] = "GET / HTTP/1.1";
	static const u8 near[] = { 0xfa, 0xa8, 0xfa, 0xa9, 0, 8, 0, 1,
				   1, 2, 3, 4 };
	u8 magic[4];
	struct mcpw_conv c;
	unsigned int i;

	put_unaligned_be32(MCPW_MAGIC, magic);
	EXPECT_EQ(-MCPW_R_NO_MAGIC, parse_exact(http, 0, &c));
	EXPECT_EQ(-MCPW_R_NO_MAGIC, parse_exact(http, sizeof(http), &c));
	EXPECT_EQ(-MCPW_R_NO_MAGIC, parse_exact(near, sizeof(near), &c));
	for (i = 1; i < 4; i++)
		EXPECT_EQ(-MCPW_R_NO_MAGIC, parse_exact(magic, i, &c));
}

TEST(truncated_header)
{
	struct mcpw_conv c;
	struct bld b = {};

	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, true);
	/* magic alone, magic + Type */
	EXPECT_EQ(-MCPW_R_TRUNCATED, parse_exact(b.buf, 4, &c));
	EXPECT_EQ(-MCPW_R_TRUNCATED, parse_exact(b.buf, 5, &c));
	/* magic + Type + Length: the length is known to overrun */
	EXPECT_EQ(-MCPW_R_OVERRUN, parse_exact(b.buf, 6, &c));
}

TEST(zero_and_short_length)
{
	static const u8 body[32];
	unsigned int type, l;

	for (type = 0; type < 256; type += 85) {
		struct mcpw_conv c;
		struct bld b = {};

		b_ie_raw(&b, type, 0, MCPW_FLAG_M, body, 8, 0, 0);
		EXPECT_EQ(-MCPW_R_ZERO_LENGTH, parse_exact(b.buf, b.len, &c));
		for (l = 1; l < MCPW_HDR_LEN; l++) {
			memset(&b, 0, sizeof(b));
			b_ie_raw(&b, type, l, MCPW_FLAG_M, body, 8, 0, 0);
			EXPECT_EQ(-MCPW_R_SHORT_LENGTH,
				  parse_exact(b.buf, b.len, &c));
		}
	}
}

TEST(bad_length_for_type0)
{
	static const u8 body[255];
	unsigned int l;

	for (l = MCPW_HDR_LEN; l < 256; l++) {
		struct mcpw_conv c;
		struct bld b = {};
		int ret;

		b_ie_raw(&b, MCPW_TYPE_ADDR, l, MCPW_FLAG_M, body,
			 l - MCPW_HDR_LEN, pad_of(l), 0);
		ret = parse_exact(b.buf, b.len, &c);
		if (l == 8 || l == 10 || l == 20 || l == 22) {
			EXPECT_EQ((int)b.len, ret);
		} else {
			EXPECT_EQ(-MCPW_R_BAD_LENGTH, ret);
		}
	}
}

TEST(overrun_and_pad_truncated)
{
	struct mcpw_conv c;
	struct bld b = {};
	unsigned int cut;

	b_addr(&b, MCPW_FAM_IPV6, v6a, true, 80, false, true);
	ASSERT_EQ(4 + 22 + 2U, b.len);
	for (cut = 6; cut < 4 + 22; cut++)
		EXPECT_EQ(-MCPW_R_OVERRUN, parse_exact(b.buf, cut, &c));
	EXPECT_EQ(-MCPW_R_PAD_TRUNCATED, parse_exact(b.buf, 4 + 22, &c));
	EXPECT_EQ(-MCPW_R_PAD_TRUNCATED, parse_exact(b.buf, 4 + 23, &c));
	EXPECT_EQ(28, parse_exact(b.buf, 28, &c));
}

TEST(same_d_twice)
{
	unsigned int d;

	for (d = 0; d < 2; d++) {
		struct mcpw_conv c;
		struct bld b = {};

		b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, d, false);
		b_addr(&b, MCPW_FAM_IPV6, v6a, false, 0, d, true);
		EXPECT_EQ(-MCPW_R_SAME_D, parse_exact(b.buf, b.len, &c));
	}
}

TEST(more_than_two)
{
	struct mcpw_conv c;
	struct bld b = {};

	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, false);
	b_addr(&b, MCPW_FAM_IPV4, v4b, false, 0, true, false);
	b_addr(&b, MCPW_FAM_IPV4, v4b, false, 0, true, true);
	EXPECT_EQ(-MCPW_R_TOO_MANY, parse_exact(b.buf, b.len, &c));
}

TEST(m_unset_but_nothing_or_garbage_follows)
{
	struct mcpw_conv c;
	struct bld b = {};

	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, false);
	EXPECT_EQ(-MCPW_R_MISSING_NEXT, parse_exact(b.buf, b.len, &c));
	b_bytes(&b, "GE", 2);
	EXPECT_EQ(-MCPW_R_TRUNCATED, parse_exact(b.buf, b.len, &c));
	b_bytes(&b, "T / HTTP/1.1", 12);
	EXPECT_EQ(-MCPW_R_BAD_MAGIC, parse_exact(b.buf, b.len, &c));
}

/* Every prefix of a valid payload fails cleanly; nothing is read beyond. */
TEST(every_truncation)
{
	static const int ok_reasons[] = {
		-MCPW_R_NO_MAGIC, -MCPW_R_TRUNCATED, -MCPW_R_OVERRUN,
		-MCPW_R_PAD_TRUNCATED, -MCPW_R_MISSING_NEXT,
	};
	struct mcpw_conv c;
	struct bld b = {};
	unsigned int cut, i;

	b_addr(&b, MCPW_FAM_IPV4, v4a, true, 443, false, false);
	b_ie_raw(&b, 9, 5, 0, v4b, 1, 3, 0);
	b_addr(&b, MCPW_FAM_IPV6, v6a, true, 443, true, true);
	ASSERT_EQ((int)b.len, parse_exact(b.buf, b.len, &c));
	for (cut = 0; cut < b.len; cut++) {
		int ret = parse_exact(b.buf, cut, &c);
		bool known = false;

		for (i = 0; i < ARRAY_SIZE(ok_reasons); i++)
			known |= ret == ok_reasons[i];
		EXPECT_TRUE(known)
			TH_LOG("cut %u: %d %s", cut, ret,
			       mcpw_reason_name(ret));
	}
}

TEST(output_untouched_on_failure)
{
	struct mcpw_conv c, before;
	struct bld b = {};

	memset(&c, 0x5a, sizeof(c));
	before = c;
	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, false);
	EXPECT_EQ(-MCPW_R_MISSING_NEXT, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(0, memcmp(&c, &before, sizeof(c)));
}

TEST(reason_names)
{
	int i, j;

	for (i = 0; i < MCPW_R_COUNT; i++) {
		const char *n = mcpw_reason_name(i);

		ASSERT_NE(NULL, n);
		EXPECT_STRNE("unknown", n);
		EXPECT_STREQ(n, mcpw_reason_name(-i));
		for (j = 0; j < i; j++)
			EXPECT_STRNE(mcpw_reason_name(j), n);
	}
	EXPECT_STREQ("ok", mcpw_reason_name(MCPW_OK));
	EXPECT_STREQ("same_d", mcpw_reason_name(-MCPW_R_SAME_D));
	EXPECT_STREQ("unknown", mcpw_reason_name(MCPW_R_COUNT));
	EXPECT_STREQ("unknown", mcpw_reason_name(-MCPW_R_COUNT));
	EXPECT_STREQ("unknown", mcpw_reason_name(-2147483647 - 1));
	EXPECT_STREQ("unknown", mcpw_reason_name(2147483647));
}

/* ---- special-purpose addresses (spec-digest F) ---- */

struct block_case {
	unsigned int family;
	u8 prefix[16];
	unsigned int plen;
	int inside;		/* reason for every address inside */
	int first;		/* reason for the first address (special) */
	int last;		/* reason for the last address */
	int before;		/* reason just before; 1: no such address */
	int after;		/* reason just after; 1: no such address */
	unsigned int policy;
};

#define R(x) (-MCPW_R_ADDR_##x)
#define NONE 1

static const struct block_case blocks[] = {
	{ 4, { 0, 0, 0, 0 }, 8, R(THIS_NETWORK), R(UNSPECIFIED),
	  R(THIS_NETWORK), NONE, 0, 0 },
	{ 4, { 127 }, 8, R(LOOPBACK), R(LOOPBACK), R(LOOPBACK), 0, 0, 0 },
	{ 4, { 169, 254 }, 16, R(LINK_LOCAL), R(LINK_LOCAL), R(LINK_LOCAL),
	  0, 0, 0 },
	{ 4, { 192, 0, 0 }, 24, R(IETF_PROTO), R(IETF_PROTO), R(IETF_PROTO),
	  0, 0, 0 },
	{ 4, { 192, 0, 2 }, 24, R(DOCUMENTATION), R(DOCUMENTATION),
	  R(DOCUMENTATION), 0, 0, 0 },
	{ 4, { 198, 51, 100 }, 24, R(DOCUMENTATION), R(DOCUMENTATION),
	  R(DOCUMENTATION), 0, 0, 0 },
	{ 4, { 203, 0, 113 }, 24, R(DOCUMENTATION), R(DOCUMENTATION),
	  R(DOCUMENTATION), 0, 0, 0 },
	{ 4, { 224 }, 4, R(MULTICAST), R(MULTICAST), R(MULTICAST), 0,
	  R(RESERVED), 0 },
	{ 4, { 240 }, 4, R(RESERVED), R(RESERVED), R(BROADCAST),
	  R(MULTICAST), NONE, 0 },
	{ 4, { 10 }, 8, R(PRIVATE), R(PRIVATE), R(PRIVATE), 0, 0,
	  MCPW_ADDR_DENY_PRIVATE },
	{ 4, { 172, 16 }, 12, R(PRIVATE), R(PRIVATE), R(PRIVATE), 0, 0,
	  MCPW_ADDR_DENY_PRIVATE },
	{ 4, { 192, 168 }, 16, R(PRIVATE), R(PRIVATE), R(PRIVATE), 0, 0,
	  MCPW_ADDR_DENY_PRIVATE },
	{ 4, { 100, 64 }, 10, R(SHARED), R(SHARED), R(SHARED), 0, 0,
	  MCPW_ADDR_DENY_PRIVATE },
	{ 6, { 0 }, 128, R(UNSPECIFIED), R(UNSPECIFIED), R(UNSPECIFIED),
	  NONE, R(LOOPBACK), 0 },
	{ 6, { [15] = 1 }, 128, R(LOOPBACK), R(LOOPBACK), R(LOOPBACK),
	  R(UNSPECIFIED), 0, 0 },
	{ 6, { [10] = 0xff, [11] = 0xff }, 96, R(V4MAPPED), R(V4MAPPED),
	  R(V4MAPPED), 0, 0, 0 },
	{ 6, { 0xfe, 0x80 }, 10, R(LINK_LOCAL), R(LINK_LOCAL), R(LINK_LOCAL),
	  0, 0, 0 },
	{ 6, { 0x20, 0x01, 0x0d, 0xb8 }, 32, R(DOCUMENTATION),
	  R(DOCUMENTATION), R(DOCUMENTATION), 0, 0, 0 },
	{ 6, { 0x20, 0x01, 0x00, 0x10 }, 28, R(ORCHID), R(ORCHID), R(ORCHID),
	  0, 0, 0 },
	{ 6, { 0xff }, 8, R(MULTICAST), R(MULTICAST), R(MULTICAST), 0, NONE, 0 },
	{ 6, { 0xfc }, 7, R(ULA), R(ULA), R(ULA), 0, 0,
	  MCPW_ADDR_DENY_PRIVATE },
};

/* big-endian +1 / -1 over n octets; false on wrap-around */
static bool addr_inc(u8 *a, unsigned int n)
{
	while (n--)
		if (++a[n])
			return true;
	return false;
}

static bool addr_dec(u8 *a, unsigned int n)
{
	while (n--)
		if (a[n]--)
			return true;
	return false;
}

static void host_bits(u8 *a, unsigned int n, unsigned int plen, bool set)
{
	unsigned int i;

	for (i = plen; i < n * 8; i++) {
		if (set)
			a[i / 8] |= 0x80 >> (i % 8);
		else
			a[i / 8] &= ~(0x80 >> (i % 8));
	}
}

static int check(unsigned int family, const u8 *a, unsigned int policy)
{
	return mcpw_addr_check(family, a, policy);
}

TEST(special_purpose_boundaries)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(blocks); i++) {
		const struct block_case *t = &blocks[i];
		unsigned int fam = t->family == 4 ? MCPW_FAM_IPV4 :
			MCPW_FAM_IPV6;
		unsigned int n = t->family == 4 ? 4 : 16;
		u8 first[16], last[16], a[16];

		memcpy(first, t->prefix, 16);
		host_bits(first, n, t->plen, false);
		memcpy(last, first, 16);
		host_bits(last, n, t->plen, true);

		EXPECT_EQ(t->first, check(fam, first, t->policy))
			TH_LOG("block %u first", i);
		EXPECT_EQ(t->last, check(fam, last, t->policy))
			TH_LOG("block %u last", i);
		if (t->plen < n * 8 - 1) {
			memcpy(a, first, 16);
			addr_inc(a, n);
			EXPECT_EQ(t->inside, check(fam, a, t->policy))
				TH_LOG("block %u second", i);
			memcpy(a, last, 16);
			addr_dec(a, n);
			EXPECT_EQ(t->inside, check(fam, a, t->policy))
				TH_LOG("block %u second to last", i);
		}
		memcpy(a, first, 16);
		if (addr_dec(a, n)) {
			EXPECT_EQ(t->before, check(fam, a, t->policy))
				TH_LOG("block %u before", i);
		} else {
			EXPECT_EQ(NONE, t->before);
		}
		memcpy(a, last, 16);
		if (addr_inc(a, n)) {
			EXPECT_EQ(t->after, check(fam, a, t->policy))
				TH_LOG("block %u after", i);
		} else {
			EXPECT_EQ(NONE, t->after);
		}

		/* policy blocks are fine without the policy */
		if (t->policy) {
			EXPECT_EQ(0, check(fam, first, 0));
			EXPECT_EQ(0, check(fam, last, 0));
		}
	}
}

TEST(ordinary_addresses_pass)
{
	static const u8 ok4[][4] = {
		{ 93, 184, 216, 34 }, { 8, 8, 8, 8 }, { 1, 0, 0, 0 },
		{ 223, 255, 255, 255 }, { 198, 18, 0, 1 }, { 192, 88, 99, 1 },
	};
	static const u8 mapped[16] = { [10] = 0xff, [11] = 0xff, 8, 8, 8, 8 };
	u8 a[16] = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok4); i++) {
		EXPECT_EQ(0, check(MCPW_FAM_IPV4, ok4[i], 0));
		EXPECT_EQ(0, check(MCPW_FAM_IPV4, ok4[i],
				   MCPW_ADDR_DENY_PRIVATE));
	}
	EXPECT_EQ(0, check(MCPW_FAM_IPV6, v6a, MCPW_ADDR_DENY_PRIVATE));
	EXPECT_EQ(0, check(MCPW_FAM_IPV6, v6b, MCPW_ADDR_DENY_PRIVATE));
	/* the IPv4 block list does not apply to IPv6 octets, and back */
	a[0] = 127;
	EXPECT_EQ(0, check(MCPW_FAM_IPV6, a, 0));
	a[0] = 0xff;
	EXPECT_EQ(-MCPW_R_ADDR_RESERVED, check(MCPW_FAM_IPV4, a, 0));
	/* mapped addresses are refused whatever they map to */
	EXPECT_EQ(-MCPW_R_ADDR_V4MAPPED, check(MCPW_FAM_IPV6, mapped, 0));
	EXPECT_EQ(-MCPW_R_BAD_FAMILY, check(0, a, 0));
	EXPECT_EQ(-MCPW_R_BAD_FAMILY, check(2, a, 0));
}

TEST(conv_check_finds_the_bad_element)
{
	static const u8 loop[4] = { 127, 0, 0, 1 };
	static const u8 mcast[16] = { 0xff, 0x02, [15] = 1 };
	struct mcpw_conv c;
	struct bld b = {};

	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, false);
	b_addr(&b, MCPW_FAM_IPV6, v6a, false, 0, true, true);
	ASSERT_LT(0, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(0, mcpw_conv_check(&c, 0));

	memset(&b, 0, sizeof(b));
	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, false);
	b_addr(&b, MCPW_FAM_IPV6, mcast, false, 0, true, true);
	ASSERT_LT(0, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(-MCPW_R_ADDR_MULTICAST, mcpw_conv_check(&c, 0));

	memset(&b, 0, sizeof(b));
	b_addr(&b, MCPW_FAM_IPV4, loop, true, 22, true, true);
	ASSERT_LT(0, parse_exact(b.buf, b.len, &c));
	EXPECT_EQ(-MCPW_R_ADDR_LOOPBACK, mcpw_conv_check(&c, 0));
}

/* ---- the echo ---- */

TEST(encode_is_byte_exact)
{
	unsigned int fam0, fam1, port0, port1, two;

	for (two = 0; two < 2; two++)
	for (fam0 = 0; fam0 < 2; fam0++)
	for (fam1 = 0; fam1 < 2; fam1++)
	for (port0 = 0; port0 < 2; port0++)
	for (port1 = 0; port1 < 2; port1++) {
		struct mcpw_conv c, again;
		struct bld b = {};
		u8 out[128];
		int n;

		if (!two && (fam1 || port1))
			continue;
		b_addr(&b, fam0 ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4,
		       fam0 ? v6a : v4a, port0, 65535, true, !two);
		if (two)
			b_addr(&b, fam1 ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4,
			       fam1 ? v6b : v4b, port1, 1, false, true);
		b_bytes(&b, appdata, sizeof(appdata));
		n = parse_exact(b.buf, b.len, &c);
		ASSERT_LT(0, n);

		memset(out, 0xa5, sizeof(out));
		ASSERT_EQ(n, mcpw_encoded_len(&c));
		ASSERT_EQ(n, mcpw_encode(&c, out, sizeof(out)));
		EXPECT_EQ(0, memcmp(out, b.buf, n));
		EXPECT_EQ(0xa5, out[n]);

		ASSERT_EQ(n, parse_exact(out, n, &again));
		EXPECT_EQ(0, memcmp(&c, &again, sizeof(c)));
	}
}

TEST(encode_short_buffers)
{
	struct mcpw_conv c;
	struct bld b = {};
	unsigned int len, i;
	int n;

	b_addr(&b, MCPW_FAM_IPV4, v4a, true, 80, false, false);
	b_addr(&b, MCPW_FAM_IPV6, v6a, true, 80, true, true);
	n = parse_exact(b.buf, b.len, &c);
	ASSERT_EQ(4 + 12 + 4 + 24, n);
	for (len = 0; len < (unsigned int)n; len++) {
		u8 *out = malloc(len ? len : 1);

		ASSERT_NE(NULL, out);
		memset(out, 0x5a, len);
		EXPECT_EQ(-MCPW_R_NO_SPACE, mcpw_encode(&c, out, len));
		for (i = 0; i < len; i++)
			EXPECT_EQ(0x5a, out[i]);
		free(out);
	}
}

TEST(encode_rejects_bad_input)
{
	struct mcpw_conv c = {};
	u8 out[128];

	/* nothing to echo */
	EXPECT_EQ(0, mcpw_encoded_len(&c));
	EXPECT_EQ(0, mcpw_encode(&c, out, 0));

	c.n = 2;
	c.ie[0].family = MCPW_FAM_IPV4;
	c.ie[1].family = MCPW_FAM_IPV6;
	c.ie[0].src = c.ie[1].src = 1;
	EXPECT_EQ(-MCPW_R_SAME_D, mcpw_encode(&c, out, sizeof(out)));
	c.ie[1].src = 0;
	EXPECT_EQ(4 + 8 + 4 + 20, mcpw_encode(&c, out, sizeof(out)));
	c.ie[1].family = 0;
	EXPECT_EQ(-MCPW_R_BAD_FAMILY, mcpw_encode(&c, out, sizeof(out)));
	c.ie[1].family = MCPW_FAM_IPV6;
	c.n = 3;
	EXPECT_EQ(-MCPW_R_TOO_MANY, mcpw_encode(&c, out, sizeof(out)));
}

/* The echo carries the type-0 IEs only, the last one with M. */
TEST(echo_drops_unknown_types)
{
	static const u8 junk[4];
	struct mcpw_conv c, again;
	struct bld b = {}, want = {};
	u8 out[64];
	int n;

	b_addr(&b, MCPW_FAM_IPV4, v4a, false, 0, false, false);
	b_ie_raw(&b, 3, 8, MCPW_FLAG_M, junk, 4, 0, 0);
	ASSERT_EQ((int)b.len, parse_exact(b.buf, b.len, &c));
	b_addr(&want, MCPW_FAM_IPV4, v4a, false, 0, false, true);
	n = mcpw_encode(&c, out, sizeof(out));
	ASSERT_EQ((int)want.len, n);
	EXPECT_EQ(0, memcmp(out, want.buf, n));
	ASSERT_EQ(n, parse_exact(out, n, &again));
	EXPECT_EQ(0U, again.n_other);
}

/* ---- TCP options of a SYN ---- */

TEST(mp_capable_v1_in_syn)
{
	/* spec-digest I: the Linux default SYN option, and with checksums */
	static const u8 mpc[] = { 0x1e, 0x04, 0x01, 0x01 };
	static const u8 mpc_csum[] = { 0x1e, 0x04, 0x01, 0x81 };
	/* MSS, SACK permitted, timestamps, NOP, window scale, MP_CAPABLE */
	static const u8 syn[] = { 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08,
				  0x0a, 0x00, 0x01, 0x02, 0x03, 0x00, 0x00,
				  0x00, 0x00, 0x01, 0x03, 0x03, 0x07, 0x1e,
				  0x04, 0x01, 0x01 };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(mpc, sizeof(mpc), MCPW_PP_SUBTYPE_DEFAULT,
				&o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(1, o.mpc_version);
	EXPECT_EQ(MCPW_MPC_F_H, o.mpc_flags);
	EXPECT_EQ(0, o.mpc_err);
	EXPECT_EQ(0, o.pp);
	EXPECT_FALSE(mcpw_syn_wants_proxy(&o));

	ASSERT_EQ(0, opts_exact(mpc_csum, sizeof(mpc_csum),
				MCPW_PP_SUBTYPE_DEFAULT, &o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(MCPW_MPC_F_A | MCPW_MPC_F_H, o.mpc_flags);

	ASSERT_EQ(0, opts_exact(syn, sizeof(syn), MCPW_PP_SUBTYPE_DEFAULT,
				&o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(1, o.mpc_version);
}

TEST(mp_capable_v0_in_syn)
{
	static const u8 v0[] = { 0x1e, 0x0c, 0x00, 0x81, 0x01, 0x02, 0x03,
				 0x04, 0x05, 0x06, 0x07, 0x08 };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(v0, sizeof(v0), MCPW_PP_SUBTYPE_DEFAULT, &o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(0, o.mpc_version);
	EXPECT_EQ(0x81, o.mpc_flags);
	EXPECT_EQ(0x0102030405060708ULL, o.mpc_key);
}

TEST(mp_capable_bad_lengths_and_versions)
{
	/* v1 with a key, v0 without, the SYN/ACK form, a future version */
	static const u8 v1_12[] = { 0x1e, 0x0c, 0x01, 0x01, 1, 2, 3, 4, 5, 6,
				    7, 8 };
	static const u8 v0_4[] = { 0x1e, 0x04, 0x00, 0x81 };
	static const u8 v1_5[] = { 0x1e, 0x05, 0x01, 0x01, 0x00 };
	static const u8 v2[] = { 0x1e, 0x04, 0x02, 0x01 };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(v1_12, sizeof(v1_12), 0xf, &o));
	EXPECT_EQ(0, o.mpc);
	EXPECT_EQ(-MCPW_R_MPC_BAD_LENGTH, o.mpc_err);
	ASSERT_EQ(0, opts_exact(v0_4, sizeof(v0_4), 0xf, &o));
	EXPECT_EQ(0, o.mpc);
	EXPECT_EQ(-MCPW_R_MPC_BAD_LENGTH, o.mpc_err);
	ASSERT_EQ(0, opts_exact(v1_5, sizeof(v1_5), 0xf, &o));
	EXPECT_EQ(-MCPW_R_MPC_BAD_LENGTH, o.mpc_err);
	/* RFC 8684 3.1: a newer version is the listener's to negotiate */
	ASSERT_EQ(0, opts_exact(v2, sizeof(v2), 0xf, &o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(2, o.mpc_version);
}

TEST(mp_capable_twice)
{
	static const u8 two[] = { 0x1e, 0x04, 0x01, 0x01, 0x1e, 0x04, 0x01,
				  0x01 };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(two, sizeof(two), 0xf, &o));
	EXPECT_EQ(0, o.mpc);
	EXPECT_EQ(-MCPW_R_MPC_DUP, o.mpc_err);
}

/*
 * The parser does not know the TCP flags: a SYN/ACK's MP_CAPABLE (length
 * 12 in v1) reads as a bad SYN option. Calling it for SYN-only segments,
 * and ignoring MP_PREFER_PROXY elsewhere, is the caller's job.
 */
TEST(syn_context_is_the_callers)
{
	static const u8 synack[] = { 0x1e, 0x0c, 0x01, 0x01, 1, 2, 3, 4, 5, 6,
				     7, 8, 0x1e, 0x04, 0xf0, 0x00 };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(synack, sizeof(synack), 0xf, &o));
	EXPECT_EQ(0, o.mpc);
	EXPECT_EQ(-MCPW_R_MPC_BAD_LENGTH, o.mpc_err);
	EXPECT_EQ(1, o.pp);
	EXPECT_FALSE(mcpw_syn_wants_proxy(&o));
}

TEST(prefer_proxy_default_subtype)
{
	static const u8 both[] = { 0x01, 0x1e, 0x04, 0x01, 0x01, 0x1e, 0x04,
				   0xf0, 0x00, 0x00 };
	static const u8 alone[] = { 0x1e, 0x04, 0xf0, 0x00 };
	static const u8 reserved[] = { 0x1e, 0x04, 0x01, 0x01, 0x1e, 0x04,
				       0xfa, 0xbc };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(both, sizeof(both), MCPW_PP_SUBTYPE_DEFAULT,
				&o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(1, o.pp);
	EXPECT_EQ(0, o.pp_reserved);
	EXPECT_TRUE(mcpw_syn_wants_proxy(&o));

	/* without MP_CAPABLE: seen, but the SYN does not ask for a proxy */
	ASSERT_EQ(0, opts_exact(alone, sizeof(alone), MCPW_PP_SUBTYPE_DEFAULT,
				&o));
	EXPECT_EQ(1, o.pp);
	EXPECT_FALSE(mcpw_syn_wants_proxy(&o));

	/* reserved bits are reported and ignored */
	ASSERT_EQ(0, opts_exact(reserved, sizeof(reserved),
				MCPW_PP_SUBTYPE_DEFAULT, &o));
	EXPECT_EQ(1, o.pp);
	EXPECT_EQ(0xabc, o.pp_reserved);
	EXPECT_TRUE(mcpw_syn_wants_proxy(&o));
}

TEST(prefer_proxy_configured_subtype)
{
	static const u8 sub_a[] = { 0x1e, 0x04, 0x01, 0x01, 0x1e, 0x04, 0xa0,
				    0x00 };
	static const u8 sub_f[] = { 0x1e, 0x04, 0x01, 0x01, 0x1e, 0x04, 0xf0,
				    0x00 };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(sub_a, sizeof(sub_a), 0xa, &o));
	EXPECT_TRUE(mcpw_syn_wants_proxy(&o));
	ASSERT_EQ(0, opts_exact(sub_a, sizeof(sub_a), 0xf, &o));
	EXPECT_EQ(0, o.pp);
	EXPECT_EQ(0, o.pp_err);
	ASSERT_EQ(0, opts_exact(sub_f, sizeof(sub_f), 0xa, &o));
	EXPECT_EQ(0, o.pp);
	EXPECT_EQ(1, o.mpc);
}

TEST(prefer_proxy_malformed)
{
	/* MP_EXPERIMENTAL of another length: not ours */
	static const u8 longer[] = { 0x1e, 0x06, 0xf0, 0x00, 0x12, 0x34 };
	static const u8 twice[] = { 0x1e, 0x04, 0xf0, 0x00, 0x1e, 0x04, 0xf0,
				    0x00 };
	struct mcpw_synopts o;

	ASSERT_EQ(0, opts_exact(longer, sizeof(longer), 0xf, &o));
	EXPECT_EQ(0, o.pp);
	EXPECT_EQ(-MCPW_R_PP_BAD_LENGTH, o.pp_err);
	ASSERT_EQ(0, opts_exact(twice, sizeof(twice), 0xf, &o));
	EXPECT_EQ(0, o.pp);
	EXPECT_EQ(-MCPW_R_PP_DUP, o.pp_err);
}

TEST(prefer_proxy_subtype_validity)
{
	static const u8 mpc[] = { 0x1e, 0x04, 0x01, 0x01 };
	struct mcpw_synopts o;
	unsigned int s;

	for (s = 0; s < 300; s++) {
		bool valid = s >= 0x9 && s <= 0xf;
		u8 buf[4];

		EXPECT_EQ(valid, mcpw_pp_subtype_valid(s));
		if (valid) {
			EXPECT_EQ(0, opts_exact(mpc, sizeof(mpc), s, &o));
			EXPECT_EQ(4, mcpw_put_prefer_proxy(buf, 4, s));
		} else {
			EXPECT_EQ(-MCPW_R_PP_SUBTYPE,
				  opts_exact(mpc, sizeof(mpc), s, &o));
			EXPECT_EQ(0, o.mpc);
			EXPECT_EQ(-MCPW_R_PP_SUBTYPE,
				  mcpw_put_prefer_proxy(buf, 4, s));
		}
	}
}

TEST(put_prefer_proxy_round_trip)
{
	static const u8 want_f[] = { 0x1e, 0x04, 0xf0, 0x00 };
	struct mcpw_synopts o;
	u8 buf[8] = { 0x1e, 0x04, 0x01, 0x01 };
	unsigned int s, len;

	ASSERT_EQ(4, mcpw_put_prefer_proxy(buf + 4, 4,
					   MCPW_PP_SUBTYPE_DEFAULT));
	EXPECT_EQ(0, memcmp(buf + 4, want_f, 4));
	for (s = 0x9; s <= 0xf; s++) {
		ASSERT_EQ(4, mcpw_put_prefer_proxy(buf + 4, 4, s));
		ASSERT_EQ(0, opts_exact(buf, sizeof(buf), s, &o));
		EXPECT_TRUE(mcpw_syn_wants_proxy(&o));
		EXPECT_EQ(0, o.pp_reserved);
	}
	for (len = 0; len < 4; len++) {
		memset(buf, 0x5a, sizeof(buf));
		EXPECT_EQ(-MCPW_R_NO_SPACE, mcpw_put_prefer_proxy(buf, len, 0xf));
		EXPECT_EQ(0x5a, buf[0]);
	}
}

TEST(option_walk_framing)
{
	static const u8 eol_first[] = { 0x00, 0x1e, 0x04, 0x01, 0x01 };
	static const u8 nops[] = { 0x01, 0x01, 0x01, 0x1e, 0x04, 0x01, 0x01,
				   0x00, 0x00 };
	static const u8 no_len[] = { 0x1e, 0x04, 0x01, 0x01, 0x02 };
	static const u8 len0[] = { 0x1e, 0x04, 0x01, 0x01, 0x08, 0x00, 0x1e,
				   0x04, 0xf0, 0x00 };
	static const u8 len1[] = { 0x1e, 0x04, 0x01, 0x01, 0x08, 0x01, 0x1e,
				   0x04, 0xf0, 0x00 };
	static const u8 overrun[] = { 0x1e, 0x04, 0x01, 0x01, 0x08, 0x0a,
				      0x00, 0x00 };
	static const u8 short_mptcp[] = { 0x1e, 0x02, 0x1e, 0x04, 0x01,
					  0x01 };
	struct mcpw_synopts o;

	EXPECT_EQ(0, opts_exact(no_len, 0, 0xf, &o));
	EXPECT_EQ(0, o.mpc);

	/* nothing after EOL counts */
	EXPECT_EQ(0, opts_exact(eol_first, sizeof(eol_first), 0xf, &o));
	EXPECT_EQ(0, o.mpc);
	EXPECT_EQ(0, opts_exact(nops, sizeof(nops), 0xf, &o));
	EXPECT_EQ(1, o.mpc);

	/* malformed: stop, keep what was found before */
	EXPECT_EQ(-MCPW_R_OPT_NO_LENGTH,
		  opts_exact(no_len, sizeof(no_len), 0xf, &o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(-MCPW_R_OPT_BAD_LENGTH,
		  opts_exact(len0, sizeof(len0), 0xf, &o));
	EXPECT_EQ(1, o.mpc);
	EXPECT_EQ(0, o.pp);
	EXPECT_EQ(-MCPW_R_OPT_BAD_LENGTH,
		  opts_exact(len1, sizeof(len1), 0xf, &o));
	EXPECT_EQ(0, o.pp);
	EXPECT_EQ(-MCPW_R_OPT_OVERRUN,
		  opts_exact(overrun, sizeof(overrun), 0xf, &o));
	EXPECT_EQ(1, o.mpc);

	/* an MPTCP option without a subtype octet is skipped, noted */
	EXPECT_EQ(0, opts_exact(short_mptcp, sizeof(short_mptcp), 0xf, &o));
	EXPECT_EQ(-MCPW_R_MPTCP_SHORT, o.mptcp_err);
	EXPECT_EQ(1, o.mpc);
}

TEST(option_walk_every_truncation)
{
	static const u8 syn[] = { 0x02, 0x04, 0x05, 0xb4, 0x01, 0x1e, 0x0c,
				  0x00, 0x81, 1, 2, 3, 4, 5, 6, 7, 8, 0x1e,
				  0x04, 0xf0, 0x00, 0x04, 0x02 };
	struct mcpw_synopts o;
	unsigned int cut;

	ASSERT_EQ(0, opts_exact(syn, sizeof(syn), 0xf, &o));
	EXPECT_TRUE(mcpw_syn_wants_proxy(&o));
	for (cut = 0; cut < sizeof(syn); cut++) {
		int ret = opts_exact(syn, cut, 0xf, &o);

		EXPECT_TRUE(ret == 0 || ret == -MCPW_R_OPT_NO_LENGTH ||
			    ret == -MCPW_R_OPT_OVERRUN)
			TH_LOG("cut %u: %d", cut, ret);
		EXPECT_EQ(cut >= 17, o.mpc);
		EXPECT_EQ(cut >= 21, o.pp);
	}
}

static int segopts_exact(const u8 *buf, size_t len, struct mcpw_segopts *o)
{
	u8 *copy = malloc(len ? len : 1);
	int ret;

	assert(copy);
	memcpy(copy, buf, len);
	ret = mcpw_parse_segopts(copy, len, 0xf, o);
	free(copy);
	return ret;
}

TEST(segment_options)
{
	/* a Linux third ACK: NOP NOP TS, MP_CAPABLE v1 with both keys */
	static const u8 ack[] = { 0x01, 0x01, 0x08, 0x0a, 0, 0, 0, 1, 0, 0, 0,
				  2, 0x1e, 0x14, 0x01, 0x81, 1, 2, 3, 4, 5, 6,
				  7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
				  0x17, 0x18 };
	/* a join SYN: MSS, MP_JOIN (token 0xa1b2c3d4, nonce), PP */
	static const u8 join[] = { 0x02, 0x04, 0x05, 0xb4, 0x1e, 0x0c, 0x10,
				   0x02, 0xa1, 0xb2, 0xc3, 0xd4, 9, 9, 9, 9,
				   0x1e, 0x04, 0xf0, 0x00 };
	/* MP_CAPABLE of the SYN, of the SYN/ACK, a data one with checksum */
	static const u8 mpc_syn[] = { 0x1e, 0x04, 0x01, 0x81 };
	static const u8 mpc_synack[] = { 0x1e, 0x0c, 0x01, 0x81, 1, 2, 3, 4,
					 5, 6, 7, 8 };
	static const u8 mpc_data[] = { 0x1e, 0x18, 0x01, 0x81, 1, 2, 3, 4, 5,
				       6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9,
				       0xaa, 0xbb };
	/* an MP_JOIN of the third ACK (length 24) is not a SYN's */
	static const u8 join_ack[24] = { 0x1e, 24, 0x10 };
	struct mcpw_segopts o;
	unsigned int cut;

	ASSERT_EQ(0, segopts_exact(ack, sizeof(ack), &o));
	EXPECT_EQ(1, o.keys);
	EXPECT_EQ(0x0102030405060708ULL, o.sender_key);
	EXPECT_EQ(0x1112131415161718ULL, o.receiver_key);
	EXPECT_EQ(0, o.pp);
	EXPECT_EQ(0, o.join_syn);

	ASSERT_EQ(0, segopts_exact(join, sizeof(join), &o));
	EXPECT_EQ(1, o.join_syn);
	EXPECT_EQ(0xa1b2c3d4U, o.join_token);
	EXPECT_EQ(1, o.pp);
	EXPECT_EQ(0, o.keys);

	EXPECT_EQ(0, segopts_exact(mpc_syn, sizeof(mpc_syn), &o));
	EXPECT_EQ(0, o.keys);
	EXPECT_EQ(0, segopts_exact(mpc_synack, sizeof(mpc_synack), &o));
	EXPECT_EQ(0, o.keys);
	EXPECT_EQ(0, segopts_exact(mpc_data, sizeof(mpc_data), &o));
	EXPECT_EQ(1, o.keys);
	EXPECT_EQ(0x0807060504030201ULL, o.receiver_key);
	EXPECT_EQ(0, segopts_exact(join_ack, sizeof(join_ack), &o));
	EXPECT_EQ(0, o.join_syn);

	/* bad subtype: nothing parsed */
	EXPECT_EQ(-MCPW_R_PP_SUBTYPE, mcpw_parse_segopts(join, sizeof(join),
							 0x3, &o));
	EXPECT_EQ(0, o.join_syn);

	/* every truncation: framing reported, nothing read past the end */
	for (cut = 0; cut < sizeof(ack); cut++) {
		int ret = segopts_exact(ack, cut, &o);

		EXPECT_TRUE(ret == 0 || ret == -MCPW_R_OPT_NO_LENGTH ||
			    ret == -MCPW_R_OPT_OVERRUN)
			TH_LOG("cut %u: %d", cut, ret);
		EXPECT_EQ(0, o.keys);
	}
	for (cut = 0; cut <= sizeof(join); cut++) {
		segopts_exact(join, cut, &o);
		EXPECT_EQ(cut >= 16, o.join_syn);
		EXPECT_EQ(cut >= 20, o.pp);
	}
}

TEST_HARNESS_MAIN
