// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of pmip_mmb/select.c: per-flow rendezvous hashing with
 * label rules and fallback, per-packet weighted spreading, expiry.
 */

#include "pmip_mmb/select.h"
#include "kselftest_harness.h"

#define RED	9
#define BLUE	11
#define NOW	1000ULL

static void set(struct pm_sel_binding *b, u8 bid, u8 label, u8 weight,
		u64 expires)
{
	b->bid = bid;
	b->label = label;
	b->weight = weight;
	b->expires = expires;
	b->up = true;
}

/* a cheap, deterministic stream of flow hashes */
static u32 flow_hash(u32 i)
{
	return pm_sel_mix(i * 2654435761U + 12345, 77);
}

TEST(no_binding)
{
	struct pm_sel_flow f = { .hash = 1 };
	unsigned int flags = 7;

	EXPECT_EQ(-1, pm_sel_flow_pick(NULL, 0, NULL, 0, &f, NOW, &flags));
	EXPECT_EQ(0U, flags);
	EXPECT_EQ(-1, pm_sel_packet_pick(NULL, 0, 1, NOW));
}

/* live means up and now < expires: the very tick of expiry is dead */
TEST(expiry_edge)
{
	struct pm_sel_binding b[1];
	struct pm_sel_flow f = { .hash = 42 };
	unsigned int flags;

	set(&b[0], 1, RED, 1, NOW + 1);
	EXPECT_EQ(0, pm_sel_flow_pick(b, 1, NULL, 0, &f, NOW, &flags));
	EXPECT_EQ(0, pm_sel_packet_pick(b, 1, 5, NOW));
	EXPECT_EQ(-1, pm_sel_flow_pick(b, 1, NULL, 0, &f, NOW + 1, &flags));
	EXPECT_EQ(-1, pm_sel_packet_pick(b, 1, 5, NOW + 1));
	b[0].expires = NOW + 10;
	b[0].up = false;
	EXPECT_EQ(-1, pm_sel_flow_pick(b, 1, NULL, 0, &f, NOW, &flags));
	EXPECT_EQ(-1, pm_sel_packet_pick(b, 1, 5, NOW));
}

/* a flow stays on one binding, and flows spread over both */
TEST(flow_sticky_and_spread)
{
	struct pm_sel_binding b[2];
	unsigned int flags, count[2] = { 0, 0 };
	u32 i;

	set(&b[0], 1, RED, 1, NOW + 100);
	set(&b[1], 2, BLUE, 1, NOW + 100);
	for (i = 0; i < 10000; i++) {
		struct pm_sel_flow f = { .hash = flow_hash(i), .proto = 6 };
		int first = pm_sel_flow_pick(b, 2, NULL, 0, &f, NOW, &flags);
		int k;

		ASSERT_GE(first, 0);
		for (k = 0; k < 3; k++)
			ASSERT_EQ(first, pm_sel_flow_pick(b, 2, NULL, 0, &f,
							  NOW + k, &flags));
		count[first]++;
	}
	/* 10000 flows over two bindings: 5000 +- 5 sigma (250) */
	EXPECT_GT(count[0], 4750U);
	EXPECT_GT(count[1], 4750U);
}

/*
 * Rendezvous: deleting a binding moves only its own flows, and adding it
 * back returns exactly those.
 */
TEST(flow_minimal_disruption)
{
	struct pm_sel_binding b[3], two[2];
	unsigned int flags, moved_other = 0;
	u32 i;

	set(&b[0], 1, RED, 1, NOW + 100);
	set(&b[1], 2, BLUE, 1, NOW + 100);
	set(&b[2], 3, BLUE, 1, NOW + 100);
	two[0] = b[0];
	two[1] = b[2];
	for (i = 0; i < 5000; i++) {
		struct pm_sel_flow f = { .hash = flow_hash(i) };
		int with = pm_sel_flow_pick(b, 3, NULL, 0, &f, NOW, &flags);
		int without = pm_sel_flow_pick(two, 2, NULL, 0, &f, NOW,
					       &flags);

		ASSERT_GE(with, 0);
		ASSERT_GE(without, 0);
		if (with != 1 && b[with].bid != two[without].bid)
			moved_other++;
	}
	EXPECT_EQ(0U, moved_other);
}

/* "TCP 443 prefers RED, then BLUE": RED while live, BLUE after, then any */
TEST(label_rule_and_fallback)
{
	struct pm_sel_binding b[3];
	struct pm_sel_rule r = {
		.match = PM_SEL_RULE_PROTO | PM_SEL_RULE_PORT,
		.proto = 6, .port = 443, .n_labels = 2, .labels = { RED, BLUE },
	};
	unsigned int flags;
	u32 i;

	set(&b[0], 1, BLUE, 1, NOW + 100);
	set(&b[1], 2, RED, 1, NOW + 100);
	set(&b[2], 3, 5, 1, NOW + 100);
	for (i = 0; i < 1000; i++) {
		struct pm_sel_flow f = { .hash = flow_hash(i), .proto = 6,
					 .dport = 443 };
		struct pm_sel_flow udp = f;
		struct pm_sel_flow http = f;

		udp.proto = 17;
		http.dport = 80;
		ASSERT_EQ(1, pm_sel_flow_pick(b, 3, &r, 1, &f, NOW, &flags));
		ASSERT_EQ(0U, flags);
		/* the rule does not match: any binding, no fallback flag */
		pm_sel_flow_pick(b, 3, &r, 1, &udp, NOW, &flags);
		ASSERT_EQ(0U, flags);
		pm_sel_flow_pick(b, 3, &r, 1, &http, NOW, &flags);
		ASSERT_EQ(0U, flags);
	}

	/* RED expires: BLUE, the second preference, is no fallback */
	b[1].expires = NOW;
	for (i = 0; i < 100; i++) {
		struct pm_sel_flow f = { .hash = flow_hash(i), .proto = 6,
					 .dport = 443 };

		ASSERT_EQ(0, pm_sel_flow_pick(b, 3, &r, 1, &f, NOW, &flags));
		ASSERT_EQ(0U, flags);
	}

	/* BLUE goes down too: the label-5 binding, flagged as fallback */
	b[0].up = false;
	for (i = 0; i < 100; i++) {
		struct pm_sel_flow f = { .hash = flow_hash(i), .proto = 6,
					 .dport = 443 };

		ASSERT_EQ(2, pm_sel_flow_pick(b, 3, &r, 1, &f, NOW, &flags));
		ASSERT_EQ((unsigned int)PM_SEL_FALLBACK, flags);
	}

	/* nothing live: -1, and no fallback claimed */
	b[2].expires = 0;
	{
		struct pm_sel_flow f = { .hash = 1, .proto = 6, .dport = 443 };

		EXPECT_EQ(-1, pm_sel_flow_pick(b, 3, &r, 1, &f, NOW, &flags));
		EXPECT_EQ(0U, flags);
	}
}

/* the first matching rule wins; a rule with no match bits matches all */
TEST(rule_order)
{
	struct pm_sel_binding b[2];
	struct pm_sel_rule r[2] = {
		{ .match = PM_SEL_RULE_PORT, .port = 53, .n_labels = 1,
		  .labels = { BLUE } },
		{ .match = 0, .n_labels = 1, .labels = { RED } },
	};
	struct pm_sel_flow dns = { .hash = 5, .proto = 17, .dport = 53 };
	struct pm_sel_flow web = { .hash = 5, .proto = 6, .dport = 80 };
	unsigned int flags;

	set(&b[0], 1, RED, 1, NOW + 100);
	set(&b[1], 2, BLUE, 1, NOW + 100);
	EXPECT_EQ(1, pm_sel_flow_pick(b, 2, r, 2, &dns, NOW, &flags));
	EXPECT_EQ(0, pm_sel_flow_pick(b, 2, r, 2, &web, NOW, &flags));
}

/* weights 3:1 give 3:1 in every window of 400 packets, within 1% */
TEST(packet_weights)
{
	struct pm_sel_binding b[2];
	unsigned int count[2] = { 0, 0 };
	u32 seq;

	set(&b[0], 1, RED, 3, NOW + 100);
	set(&b[1], 2, BLUE, 1, NOW + 100);
	for (seq = 1; seq <= 40000; seq++) {
		int pick = pm_sel_packet_pick(b, 2, seq, NOW);

		ASSERT_GE(pick, 0);
		count[pick]++;
		if (seq % 400 == 0) {
			EXPECT_GE(count[0], 297U);
			EXPECT_LE(count[0], 303U);
			count[0] = 0;
			count[1] = 0;
		}
	}
}

/* bindings interleave: the 1-weight binding never waits long */
TEST(packet_interleave)
{
	struct pm_sel_binding b[2];
	unsigned int run = 0, longest = 0;
	u32 seq;

	set(&b[0], 1, RED, 1, NOW + 100);
	set(&b[1], 2, BLUE, 1, NOW + 100);
	for (seq = 0; seq < 10000; seq++) {
		if (pm_sel_packet_pick(b, 2, seq, NOW) == 0) {
			run++;
			if (run > longest)
				longest = run;
		} else {
			run = 0;
		}
	}
	EXPECT_LE(longest, 3U);
}

/* weight 0, expired or down bindings get nothing; wrap of seq is fine */
TEST(packet_skips_dead)
{
	struct pm_sel_binding b[4];
	unsigned int count[4] = { 0 };
	u32 seq;

	set(&b[0], 1, RED, 0, NOW + 100);
	set(&b[1], 2, RED, 5, NOW);
	set(&b[2], 3, RED, 5, NOW + 100);
	set(&b[3], 4, RED, 5, NOW + 100);
	b[3].up = false;
	for (seq = 0xFFFFFF00U; seq != 0x100; seq++)
		count[pm_sel_packet_pick(b, 4, seq, NOW)]++;
	EXPECT_EQ(0U, count[0]);
	EXPECT_EQ(0U, count[1]);
	EXPECT_EQ(512U, count[2]);
	EXPECT_EQ(0U, count[3]);
}

/* many bindings with the largest weights: no overflow, all get a share */
TEST(packet_many)
{
	struct pm_sel_binding b[PMIP_MMB_BID_MAX];
	unsigned int count[PMIP_MMB_BID_MAX] = { 0 };
	unsigned int i;
	u32 seq;

	for (i = 0; i < PMIP_MMB_BID_MAX; i++)
		set(&b[i], i + 1, 1, 255, NOW + 100);
	for (seq = 0; seq < PMIP_MMB_BID_MAX * 100; seq++) {
		int pick = pm_sel_packet_pick(b, PMIP_MMB_BID_MAX, seq, NOW);

		ASSERT_GE(pick, 0);
		ASSERT_LT(pick, PMIP_MMB_BID_MAX);
		count[pick]++;
	}
	for (i = 0; i < PMIP_MMB_BID_MAX; i++) {
		EXPECT_GE(count[i], 95U);
		EXPECT_LE(count[i], 105U);
	}
}

TEST_HARNESS_MAIN
