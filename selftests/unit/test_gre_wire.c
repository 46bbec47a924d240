// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of gre_bond/gre_wire.c: GRE header parse and build, the
 * RFC 1071 checksum.
 */

#include <stdlib.h>

#include "gre_bond/gre_wire.h"
#include "kselftest_harness.h"

/* enum constants are int, the enum type unsigned: compare as int */
static int parse(const u8 *buf, size_t len, struct gb_gre_hdr *h)
{
	return gb_gre_parse(buf, len, h);
}

/* Lay out a header by hand, independently of gb_gre_build(). */
static unsigned int mk_hdr(u8 *buf, u16 flags, u16 proto, u16 csum, u32 key,
			   u32 seq)
{
	unsigned int off = 4;

	buf[0] = flags >> 8;
	buf[1] = flags & 0xff;
	buf[2] = proto >> 8;
	buf[3] = proto & 0xff;
	if (flags & GB_GRE_F_CSUM) {
		buf[off++] = csum >> 8;
		buf[off++] = csum & 0xff;
		buf[off++] = 0;	/* reserved1 */
		buf[off++] = 0;
	}
	if (flags & GB_GRE_F_KEY) {
		buf[off++] = key >> 24;
		buf[off++] = key >> 16;
		buf[off++] = key >> 8;
		buf[off++] = key;
	}
	if (flags & GB_GRE_F_SEQ) {
		buf[off++] = seq >> 24;
		buf[off++] = seq >> 16;
		buf[off++] = seq >> 8;
		buf[off++] = seq;
	}
	return off;
}

static u16 flags_of(unsigned int combo)
{
	return (combo & 1 ? GB_GRE_F_CSUM : 0) |
	       (combo & 2 ? GB_GRE_F_KEY : 0) |
	       (combo & 4 ? GB_GRE_F_SEQ : 0);
}

/* The plain RFC 1071 definition, one 16-bit word at a time. */
static u16 ref_csum(const u8 *buf, size_t len)
{
	u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (u32)buf[i] << 8 | buf[i + 1];
		sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1) {
		sum += (u32)buf[len - 1] << 8;
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return (u16)~sum;
}

TEST(parse_all_combinations)
{
	unsigned int combo;

	for (combo = 0; combo < 8; combo++) {
		u16 flags = flags_of(combo);
		struct gb_gre_hdr h;
		u8 buf[32];
		unsigned int n;

		n = mk_hdr(buf, flags, GB_GRE_PROTO_IPV6, 0xbeef, 0x11223344,
			   0xfffffffe);
		ASSERT_EQ(gb_gre_hlen(flags), n);
		ASSERT_EQ(GB_GRE_OK, parse(buf, n, &h));
		EXPECT_EQ(flags, h.flags);
		EXPECT_EQ(GB_GRE_PROTO_IPV6, h.proto);
		EXPECT_EQ(n, h.hlen);
		EXPECT_EQ(!!(combo & 1), gb_gre_has_csum(&h));
		EXPECT_EQ(!!(combo & 2), gb_gre_has_key(&h));
		EXPECT_EQ(!!(combo & 4), gb_gre_has_seq(&h));
		EXPECT_EQ(combo & 1 ? 0xbeef : 0, h.csum);
		EXPECT_EQ(combo & 2 ? 0x11223344U : 0, h.key);
		EXPECT_EQ(combo & 4 ? 0xfffffffeU : 0, h.seq);
	}
}

TEST(build_round_trip)
{
	unsigned int combo;

	/* gb_gre_build() never sets C: the K and S combinations */
	for (combo = 0; combo < 8; combo += 2) {
		bool with_key = combo & 2, with_seq = combo & 4;
		u16 flags = flags_of(combo);
		u8 want[32], got[32];
		struct gb_gre_hdr h;
		unsigned int n;

		memset(got, 0xa5, sizeof(got));
		n = mk_hdr(want, flags, GB_GRE_PROTO_IPV4, 0, 0xdeadbeef,
			   0x01020304);
		ASSERT_EQ(n, gb_gre_build(got, sizeof(got), GB_GRE_PROTO_IPV4,
					  with_key, 0xdeadbeef, with_seq,
					  0x01020304));
		EXPECT_EQ(0, memcmp(want, got, n));
		EXPECT_EQ(0xa5, got[n]);	/* nothing written past hlen */

		ASSERT_EQ(GB_GRE_OK, parse(got, n, &h));
		EXPECT_EQ(flags, h.flags);
		EXPECT_EQ(GB_GRE_PROTO_IPV4, h.proto);
		EXPECT_EQ(n, h.hlen);
		EXPECT_EQ(with_key ? 0xdeadbeef : 0, h.key);
		EXPECT_EQ(with_seq ? 0x01020304U : 0, h.seq);
	}
}

/* spec-digest I: data header, IPv4, key 0x11223344, sequence 0 */
TEST(build_spec_examples)
{
	static const u8 data[] = { 0x30, 0x00, 0x08, 0x00, 0x11, 0x22, 0x33,
				   0x44, 0x00, 0x00, 0x00, 0x00 };
	static const u8 ctrl[] = { 0x20, 0x00, 0xb7, 0xea, 0x11, 0x22, 0x33,
				   0x44 };
	struct gb_gre_hdr h;
	u8 buf[GB_GRE_MAX_HLEN];

	ASSERT_EQ((unsigned int)GB_GRE_DATA_HLEN,
		  gb_gre_build(buf, sizeof(buf), GB_GRE_PROTO_IPV4, true,
			       0x11223344, true, 0));
	EXPECT_EQ(0, memcmp(buf, data, sizeof(data)));

	ASSERT_EQ(sizeof(ctrl),
		  gb_gre_build(buf, sizeof(buf), GB_GRE_PROTO_CTRL, true,
			       0x11223344, false, 0));
	EXPECT_EQ(0, memcmp(buf, ctrl, sizeof(ctrl)));
	ASSERT_EQ(GB_GRE_OK, parse(ctrl, sizeof(ctrl), &h));
	EXPECT_EQ(GB_GRE_PROTO_CTRL, h.proto);
	EXPECT_EQ(0x11223344U, h.key);
	EXPECT_FALSE(gb_gre_has_seq(&h));
}

TEST(build_short_buffers)
{
	unsigned int combo;

	for (combo = 0; combo < 8; combo += 2) {
		bool with_key = combo & 2, with_seq = combo & 4;
		unsigned int hlen = gb_gre_hlen(flags_of(combo));
		size_t len;

		for (len = 0; len <= GB_GRE_MAX_HLEN; len++) {
			u8 buf[GB_GRE_MAX_HLEN + 1];
			unsigned int i, n;

			memset(buf, 0x5a, sizeof(buf));
			n = gb_gre_build(buf, len, GB_GRE_PROTO_IPV4, with_key,
					 1, with_seq, 2);
			if (len < hlen) {
				EXPECT_EQ(0U, n);
				for (i = 0; i < sizeof(buf); i++)
					EXPECT_EQ(0x5a, buf[i]);
			} else {
				EXPECT_EQ(hlen, n);
			}
		}
	}
}

TEST(parse_short_buffers)
{
	unsigned int combo;

	for (combo = 0; combo < 8; combo++) {
		u16 flags = flags_of(combo);
		struct gb_gre_hdr h;
		u8 buf[GB_GRE_MAX_HLEN + 4];
		unsigned int n;
		size_t len;

		n = mk_hdr(buf, flags, GB_GRE_PROTO_IPV4, 1, 2, 3);
		memset(buf + n, 0xff, sizeof(buf) - n);
		for (len = 0; len <= sizeof(buf); len++) {
			/* exactly len bytes, so ASan sees any over-read */
			u8 *copy = malloc(len ? len : 1);

			ASSERT_NE(NULL, copy);
			memcpy(copy, buf, len);
			if (len < n) {
				EXPECT_EQ(GB_GRE_ERR_SHORT,
					  parse(copy, len, &h));
			} else {
				EXPECT_EQ(GB_GRE_OK,
					  parse(copy, len, &h));
				EXPECT_EQ(n, h.hlen);
				EXPECT_EQ(3U, flags & GB_GRE_F_SEQ ? h.seq : 3);
			}
			free(copy);
		}
	}
}

TEST(parse_rejects_version)
{
	unsigned int v;

	for (v = 1; v <= GB_GRE_VERSION_MASK; v++) {
		struct gb_gre_hdr h;
		u8 buf[16];
		unsigned int n;

		n = mk_hdr(buf, GB_GRE_F_KEY | GB_GRE_F_SEQ | v,
			   GB_GRE_PROTO_IPV4, 0, 0, 0);
		EXPECT_EQ(GB_GRE_ERR_VERSION, parse(buf, n, &h));
		/* the version is looked at before the flags */
		mk_hdr(buf, GB_GRE_F_ROUTING | v, GB_GRE_PROTO_IPV4, 0, 0, 0);
		EXPECT_EQ(GB_GRE_ERR_VERSION, parse(buf, n, &h));
	}
}

TEST(parse_rejects_flags)
{
	unsigned int bit;

	/* every bit of R, s, recursion control and reserved0 on its own */
	for (bit = 3; bit < 16; bit++) {
		u16 f = 1U << bit;
		struct gb_gre_hdr h;
		u8 buf[16];
		unsigned int n;

		if (f & (GB_GRE_F_CSUM | GB_GRE_F_KEY | GB_GRE_F_SEQ))
			continue;
		n = mk_hdr(buf, f | GB_GRE_F_KEY, GB_GRE_PROTO_IPV4, 0, 0, 0);
		EXPECT_EQ(GB_GRE_ERR_FLAGS, parse(buf, n, &h)) {
			TH_LOG("flag bit 0x%04x accepted", f);
		}
		/* and it wins over a short buffer */
		EXPECT_EQ(GB_GRE_ERR_FLAGS, parse(buf, 4, &h));
	}
}

TEST(parse_error_leaves_output_alone)
{
	struct gb_gre_hdr h, before;
	u8 buf[16];

	memset(&h, 0x77, sizeof(h));
	before = h;
	mk_hdr(buf, GB_GRE_F_KEY | GB_GRE_F_SEQ, GB_GRE_PROTO_IPV4, 0, 1, 2);
	EXPECT_EQ(GB_GRE_ERR_SHORT, parse(buf, 11, &h));
	EXPECT_EQ(0, memcmp(&h, &before, sizeof(h)));
	buf[1] = 1;
	EXPECT_EQ(GB_GRE_ERR_VERSION, parse(buf, 12, &h));
	EXPECT_EQ(0, memcmp(&h, &before, sizeof(h)));
}

TEST(csum_known_values)
{
	/* RFC 1071 section 3 example: one's complement sum 0xddf2 */
	static const u8 rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6,
				  0xf7 };
	/* a classic IPv4 header whose checksum is 0xb861 */
	u8 ip[] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40,
		    0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8,
		    0x00, 0xc7 };
	static const u8 odd[] = { 0x01 };

	EXPECT_EQ((u16)~0xddf2, gb_gre_csum(rfc, sizeof(rfc)));
	EXPECT_EQ(0xffff, gb_gre_csum(NULL, 0));
	EXPECT_EQ(0xfeff, gb_gre_csum(odd, 1));
	EXPECT_EQ(0xb861, gb_gre_csum(ip, sizeof(ip)));
	ip[10] = 0xb8;
	ip[11] = 0x61;
	EXPECT_EQ(0, gb_gre_csum(ip, sizeof(ip)));
}

TEST(csum_matches_reference)
{
	u8 *buf = malloc(1600);
	size_t len, off;

	ASSERT_NE(NULL, buf);
	srandom(1);
	for (len = 0; len < 1600; len++)
		buf[len] = random();
	/* all-ones data exercises the carries */
	memset(buf + 1000, 0xff, 200);

	for (off = 0; off < 4; off++)
		for (len = 0; len + off <= 1600; len += len < 80 ? 1 : 97)
			EXPECT_EQ(ref_csum(buf + off, len),
				  gb_gre_csum(buf + off, len)) {
				TH_LOG("off %zu len %zu", off, len);
			}
	EXPECT_EQ(ref_csum(buf + 1000, 200), gb_gre_csum(buf + 1000, 200));
	free(buf);
}

TEST(csum_packet_verify)
{
	u8 pkt[4 + 4 + 4 + 4 + 61];
	struct gb_gre_hdr h;
	unsigned int n, i;
	u16 c;

	n = mk_hdr(pkt, GB_GRE_F_CSUM | GB_GRE_F_KEY | GB_GRE_F_SEQ,
		   GB_GRE_PROTO_IPV4, 0, 0x11223344, 7);
	ASSERT_EQ(16U, n);
	for (i = n; i < sizeof(pkt); i++)
		pkt[i] = i * 37;

	c = gb_gre_csum(pkt, sizeof(pkt));
	pkt[4] = c >> 8;
	pkt[5] = c & 0xff;
	ASSERT_EQ(GB_GRE_OK, parse(pkt, sizeof(pkt), &h));
	EXPECT_EQ(c, h.csum);
	EXPECT_EQ(0, gb_gre_csum(pkt, sizeof(pkt)));

	/* any single flipped bit is caught */
	for (i = 0; i < sizeof(pkt) * 8; i++) {
		pkt[i / 8] ^= 1U << (i % 8);
		EXPECT_NE(0, gb_gre_csum(pkt, sizeof(pkt)));
		pkt[i / 8] ^= 1U << (i % 8);
	}
	/* a wrong checksum field is caught */
	pkt[5] ^= 0x10;
	EXPECT_NE(0, gb_gre_csum(pkt, sizeof(pkt)));
}

TEST_HARNESS_MAIN
