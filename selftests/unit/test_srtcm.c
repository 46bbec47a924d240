// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of gre_bond/srtcm.c, the RFC 2697 colour-blind srTCM.
 * Expected colours are worked out by hand in the comments.
 */

#include "gre_bond/srtcm.h"
#include "kselftest_harness.h"

#define MS	1000000ULL
#define SEC	1000000000ULL

static const char *const names[] = { "green", "yellow", "red" };

/* enum constants are int, the enum type unsigned: compare as int */
static int colour(struct gb_srtcm *m, u32 bytes, u64 now)
{
	return gb_srtcm_colour(m, bytes, now);
}

struct step {
	u64 t;
	u32 bytes;
	int want;
};

static void run_steps(struct __test_metadata *_metadata, struct gb_srtcm *m,
		      const struct step *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int got = colour(m, s[i].bytes, s[i].t);

		EXPECT_EQ(s[i].want, got) {
			TH_LOG("step %zu: %u bytes at %llu ns: %s, want %s",
			       i, s[i].bytes, (unsigned long long)s[i].t,
			       names[got], names[s[i].want]);
		}
		EXPECT_LE(m->tc, (u64)m->cbs * SEC);
		EXPECT_LE(m->te, (u64)m->ebs * SEC);
	}
}

TEST(init_full_buckets)
{
	struct gb_srtcm m;

	gb_srtcm_init(&m, 1000, 1500, 3000, 42);
	EXPECT_EQ(1000ULL, m.cir);
	EXPECT_EQ(1500ULL * SEC, m.tc);
	EXPECT_EQ(3000ULL * SEC, m.te);
	EXPECT_EQ(42ULL, m.last_ns);
}

/* CBS 1500, EBS 3000, no time passes: the buckets only drain */
TEST(bucket_edges)
{
	static const struct step s[] = {
		{ 0, 1500, GB_GREEN },	/* exact fit: Tc 1500 -> 0 */
		{ 0, 0, GB_GREEN },	/* Tc 0 >= 0 */
		{ 0, 1, GB_YELLOW },	/* Tc 0 < 1; Te 3000 -> 2999 */
		{ 0, 3000, GB_RED },	/* Te 2999 < 3000, nothing taken */
		{ 0, 2999, GB_YELLOW },	/* exact fit: Te 2999 -> 0 */
		{ 0, 1, GB_RED },
		{ 0, 64, GB_RED },
	};
	struct gb_srtcm m;

	gb_srtcm_init(&m, 1000, 1500, 3000, 0);
	run_steps(_metadata, &m, s, ARRAY_SIZE(s));
	EXPECT_EQ(0ULL, m.tc);
	EXPECT_EQ(0ULL, m.te);
}

/* A packet larger than a bucket never gets that bucket's colour. */
TEST(packet_larger_than_bucket)
{
	static const struct step s[] = {
		{ 0, 101, GB_YELLOW },		/* > CBS 100; Te 200 -> 99 */
		{ 10 * SEC, 101, GB_YELLOW },	/* both full again */
		{ 20 * SEC, 201, GB_RED },	/* > CBS and > EBS */
		{ 20 * SEC, 100, GB_GREEN },	/* nothing was taken */
		{ 20 * SEC, 200, GB_YELLOW },
		{ 1000 * SEC, 301, GB_RED },	/* full buckets, still red */
	};
	struct gb_srtcm m;

	gb_srtcm_init(&m, 1000, 100, 200, 0);
	run_steps(_metadata, &m, s, ARRAY_SIZE(s));
}

/* CIR 1000 B/s, CBS 1000, EBS 1000: C refills first, then E. */
TEST(refill_c_then_e)
{
	static const struct step s[] = {
		{ 0, 1000, GB_GREEN },		/* Tc 0 */
		{ 0, 1000, GB_YELLOW },		/* Te 0 */
		/* +500 at 0.5 s: Tc 500, Te 0 */
		{ 500 * MS, 501, GB_RED },
		{ 500 * MS, 500, GB_GREEN },	/* Tc 0 */
		/* +1000 at 1.5 s: Tc 1000, Te 0 */
		{ 1500 * MS, 1, GB_GREEN },	/* Tc 999 */
		/* +700 at 2.2 s: Tc 999 + 1 = 1000, 699 spill: Te 699 */
		{ 2200 * MS, 1001, GB_RED },
		{ 2200 * MS, 700, GB_GREEN },	/* Tc 300 */
		{ 2200 * MS, 700, GB_RED },	/* Tc 300, Te 699 */
		{ 2200 * MS, 699, GB_YELLOW },	/* Te 0 */
		/* +5000 at 7.2 s: both full, the rest lost */
		{ 7200 * MS, 0, GB_GREEN },
	};
	struct gb_srtcm m;

	gb_srtcm_init(&m, 1000, 1000, 1000, 0);
	run_steps(_metadata, &m, s, ARRAY_SIZE(s));
	EXPECT_EQ(1000ULL * SEC, m.tc);
	EXPECT_EQ(1000ULL * SEC, m.te);
}

/* Only E configured: yellow while E lasts, then red. */
TEST(ebs_only)
{
	static const struct step s[] = {
		/* a 0-byte packet fits an empty C: RFC 2697 tests Tc >= B */
		{ 0, 0, GB_GREEN },
		{ 0, 200, GB_YELLOW },		/* Te 50 */
		{ 0, 51, GB_RED },
		{ 0, 50, GB_YELLOW },		/* Te 0 */
		/* +100 at 1 s: C is full at 0 bytes, all goes to E */
		{ SEC, 100, GB_YELLOW },
		{ SEC, 1, GB_RED },
	};
	struct gb_srtcm m;

	gb_srtcm_init(&m, 100, 0, 250, 0);
	run_steps(_metadata, &m, s, ARRAY_SIZE(s));
}

/* 1 byte/s metered every microsecond: no fraction of a byte is lost. */
TEST(sub_byte_refill)
{
	struct gb_srtcm m;
	u64 t;

	gb_srtcm_init(&m, 1, 1, 1, 0);
	EXPECT_EQ(GB_GREEN, colour(&m, 1, 0));
	EXPECT_EQ(GB_YELLOW, colour(&m, 1, 0));
	for (t = 1000; t < SEC; t += 1000)
		ASSERT_EQ(GB_RED, colour(&m, 1, t));
	EXPECT_EQ(SEC - 1000, m.tc);
	EXPECT_EQ(GB_RED, colour(&m, 1, SEC - 1));
	EXPECT_EQ(GB_GREEN, colour(&m, 1, SEC));
	EXPECT_EQ(0ULL, m.tc);
}

/* 100 Gbit/s and the largest buckets: no overflow anywhere. */
TEST(high_rate_long_idle)
{
	const u64 cir = gb_srtcm_kbps_to_bytes(100000000);	/* 100 Gbit/s */
	struct gb_srtcm m;

	ASSERT_EQ(12500000000ULL, cir);
	gb_srtcm_init(&m, cir, 1000000, 1000000, 0);
	EXPECT_EQ(GB_GREEN, colour(&m, 1000000, 0));
	EXPECT_EQ(GB_YELLOW, colour(&m, 1000000, 0));
	/* 40 us at 12.5 GB/s = 500000 bytes, all into C */
	EXPECT_EQ(GB_RED, colour(&m, 500001, 40000));
	EXPECT_EQ(500000ULL * SEC, m.tc);
	EXPECT_EQ(0ULL, m.te);
	/* 120 us more: +1.5 MB: C full, E 1000000, 0 lost to rounding */
	EXPECT_EQ(GB_GREEN, colour(&m, 1000000, 160000));
	EXPECT_EQ(GB_YELLOW, colour(&m, 1000000, 160000));

	gb_srtcm_init(&m, cir, U32_MAX, U32_MAX, 0);
	EXPECT_EQ(GB_GREEN, colour(&m, U32_MAX, 0));
	EXPECT_EQ(GB_YELLOW, colour(&m, U32_MAX, 0));
	EXPECT_EQ(GB_RED, colour(&m, 1, 0));
	/* centuries of idle time */
	EXPECT_EQ(GB_GREEN, colour(&m, U32_MAX, U64_MAX - 1));
	EXPECT_EQ(0ULL, m.tc);
	EXPECT_EQ((u64)U32_MAX * SEC, m.te);

	/* the largest rate, a nanosecond apart */
	gb_srtcm_init(&m, U64_MAX, U32_MAX, U32_MAX, 0);
	EXPECT_EQ(GB_GREEN, colour(&m, U32_MAX, 0));
	EXPECT_EQ(GB_YELLOW, colour(&m, U32_MAX, 0));
	EXPECT_EQ(GB_GREEN, colour(&m, U32_MAX, 1));
	EXPECT_EQ(GB_YELLOW, colour(&m, U32_MAX, 1));
	EXPECT_EQ(0ULL, m.tc);
	EXPECT_EQ(0ULL, m.te);
	EXPECT_EQ(GB_GREEN, colour(&m, U32_MAX, 2));
	EXPECT_EQ(GB_YELLOW, colour(&m, U32_MAX, 2));
}

TEST(cir_zero_all_red)
{
	struct gb_srtcm m;

	gb_srtcm_init(&m, 0, 1500, 1500, 0);
	EXPECT_EQ(GB_RED, colour(&m, 0, 0));
	EXPECT_EQ(GB_RED, colour(&m, 1, 0));
	EXPECT_EQ(GB_RED, colour(&m, 1, 100 * SEC));
	EXPECT_EQ(GB_RED, colour(&m, 1, U64_MAX));
}

TEST(no_buckets_all_red)
{
	struct gb_srtcm m;

	gb_srtcm_init(&m, 1000000, 0, 0, 0);
	EXPECT_EQ(GB_RED, colour(&m, 0, 0));
	EXPECT_EQ(GB_RED, colour(&m, 1, SEC));
	EXPECT_EQ(GB_RED, colour(&m, 1500, 100 * SEC));
}

/* A clock that goes back adds nothing and credits no interval twice. */
TEST(clock_backwards)
{
	static const struct step s[] = {
		{ 10 * SEC, 1000, GB_GREEN },	/* Tc 0 */
		{ 10 * SEC, 1000, GB_YELLOW },	/* Te 0 */
		{ 5 * SEC, 1, GB_RED },		/* back 5 s: nothing added */
		{ 0, 1, GB_RED },
		{ 10 * SEC, 1, GB_RED },	/* back where it was */
		/* 0.5 s past the last refill: +500 */
		{ 10500 * MS, 501, GB_RED },
		{ 10500 * MS, 500, GB_GREEN },
		{ 10 * SEC, 1, GB_RED },
		{ 10501 * MS, 1, GB_GREEN },	/* +1 */
	};
	struct gb_srtcm m;

	gb_srtcm_init(&m, 1000, 1000, 1000, 10 * SEC);
	run_steps(_metadata, &m, s, ARRAY_SIZE(s));
	EXPECT_EQ(10501 * MS, m.last_ns);
}

TEST(cir_changed_in_place)
{
	struct gb_srtcm m;

	gb_srtcm_init(&m, 1000, 1000, 0, 0);
	EXPECT_EQ(GB_GREEN, colour(&m, 1000, 0));
	m.cir = 2000;
	EXPECT_EQ(GB_RED, colour(&m, 1001, 500 * MS));
	EXPECT_EQ(GB_GREEN, colour(&m, 1000, 500 * MS));
}

TEST(kbps_conversion)
{
	EXPECT_EQ(0ULL, gb_srtcm_kbps_to_bytes(0));
	EXPECT_EQ(125ULL, gb_srtcm_kbps_to_bytes(1));
	EXPECT_EQ(1000ULL, gb_srtcm_kbps_to_bytes(8));
	EXPECT_EQ(2000000ULL, gb_srtcm_kbps_to_bytes(16000));	/* 16 Mbit/s */
	EXPECT_EQ(12500000ULL, gb_srtcm_kbps_to_bytes(100000));
	EXPECT_EQ(4294967295ULL * 125, gb_srtcm_kbps_to_bytes(U32_MAX));
}

/* Over a long run the green + yellow bytes follow CIR * t + CBS + EBS. */
TEST(long_run_rate)
{
	u64 passed = 0, t, last = 0;
	struct gb_srtcm m;
	u64 tokens;

	/* 8 Mbit/s, 1500-byte packets offered at 10 Mbit/s */
	gb_srtcm_init(&m, 1000000, 15000, 30000, 0);
	for (t = 0; t <= 10 * SEC; t += 1200000) {
		if (colour(&m, 1500, t) != GB_RED)
			passed += 1500;
		last = t;
	}
	/* offered load exceeds CIR, so no token is lost to a full bucket */
	tokens = 1000000ULL * last / SEC + 15000 + 30000;
	EXPECT_LE(passed, tokens);
	/* what is left: under one packet in each bucket */
	EXPECT_GT(passed + 2 * 1500, tokens);
}

TEST_HARNESS_MAIN
