// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of gre_bond/reorder.c, the RFC 2890 receive window.
 *
 * Every test records what the window hands back; the fixture teardown
 * purges the window and checks that every packet came back exactly once,
 * that each sequenced packet delivered became "last" and lay ahead of the
 * previous "last" (except across a resynchronisation), and that the
 * counters add up.
 */

#include <stdlib.h>

#include "gre_bond/reorder.h"
#include "kselftest_harness.h"

#define MS		1000000ULL
#define SEC		1000000000ULL
#define MAXPKT		500000
#define NOSEQ		(1ULL << 32)	/* output marker: packet without S */

struct tpkt {
	u32 seq;
	bool has_seq;
	int returned;		/* times handed back */
	bool delivered;
	enum gb_reorder_discard why;
	u64 residence;
};

struct tctx {
	struct gb_reorder r;
	struct gb_reorder_slot *slots;
	struct tpkt *pkts;
	unsigned int npkts;
	unsigned int *out, nout, out_seen;	/* delivered, in order */
	unsigned int *disc, ndisc, disc_seen;	/* discarded, in order */
	unsigned int errors;		/* packets handed back twice */
	unsigned int order_errors;	/* sequenced delivery went back */
	u32 ref;			/* "last" before the call or delivery */
	bool ref_valid;			/* not before the first sequenced one */
	u64 ref_resync;
	u64 purged;
	/* counters of windows set up again since, for the teardown sums */
	u64 base_delivered;
	u64 base_discarded;
};

static void on_deliver(void *ctx, void *pkt, u64 residence_ns)
{
	struct tctx *c = ctx;
	struct tpkt *p = pkt;

	if (p->returned++)
		c->errors++;
	p->delivered = true;
	p->residence = residence_ns;
	c->out[c->nout++] = p - c->pkts;
	if (!p->has_seq)
		return;
	/* back or equal, as the window counts it (2^31 ahead is ahead) */
	if (p->seq != c->r.last ||
	    (c->ref_valid && p->seq - c->ref - 1 >= 0x80000000U &&
	     c->r.stats.resync == c->ref_resync))
		c->order_errors++;
	c->ref = p->seq;
	c->ref_valid = true;
	c->ref_resync = c->r.stats.resync;
}

/* Before each call: deliveries must lie ahead of this. */
static void set_ref(struct tctx *c)
{
	c->ref = c->r.last;
	c->ref_valid = c->r.synced;
	c->ref_resync = c->r.stats.resync;
}

static void on_discard(void *ctx, void *pkt, enum gb_reorder_discard why)
{
	struct tctx *c = ctx;
	struct tpkt *p = pkt;

	if (p->returned++)
		c->errors++;
	p->why = why;
	c->disc[c->ndisc++] = p - c->pkts;
	if (why == GB_REORDER_TEARDOWN)
		c->purged++;
}

static const struct gb_reorder_ops ops = {
	.deliver = on_deliver,
	.discard = on_discard,
};

/* Start a new window; nothing may be held in the old one. */
static int window_init(struct tctx *c, u32 window, u32 max_held, u64 hold)
{
	struct gb_reorder_stats old = c->r.stats;
	int err;

	assert(!c->r.held);
	free(c->slots);
	c->slots = calloc(window ? window : 1, sizeof(*c->slots));
	if (!c->slots)
		return -ENOMEM;
	err = gb_reorder_init(&c->r, c->slots, window, max_held, hold);
	if (!err) {
		c->base_delivered += old.in_order + old.reordered + old.no_seq;
		c->base_discarded += old.late + old.duplicate;
	}
	return err;
}

static unsigned int push(struct tctx *c, u32 seq, u64 now)
{
	unsigned int i = c->npkts++;
	struct tpkt *p = &c->pkts[i];

	assert(i < MAXPKT);
	p->seq = seq;
	p->has_seq = true;
	set_ref(c);
	gb_reorder_push(&c->r, p, true, seq, now, &ops, c);
	return i;
}

static unsigned int push_noseq(struct tctx *c, u64 now)
{
	unsigned int i = c->npkts++;
	struct tpkt *p = &c->pkts[i];

	assert(i < MAXPKT);
	gb_reorder_push(&c->r, p, false, 0, now, &ops, c);
	return i;
}

static void push_range(struct tctx *c, u32 from, u32 count, u64 now)
{
	u32 i;

	for (i = 0; i < count; i++)
		push(c, from + i, now);
}

static void expire(struct tctx *c, u64 now)
{
	set_ref(c);
	gb_reorder_expire(&c->r, now, &ops, c);
}

static u64 out_id(const struct tctx *c, unsigned int i)
{
	const struct tpkt *p = &c->pkts[i];

	return p->has_seq ? p->seq : NOSEQ;
}

/* The packets delivered since the last check are exactly @want. */
static void expect_out(struct __test_metadata *_metadata, struct tctx *c,
		       const u64 *want, size_t n)
{
	size_t i;

	EXPECT_EQ(n, (size_t)(c->nout - c->out_seen));
	for (i = 0; i < n && c->out_seen + i < c->nout; i++)
		EXPECT_EQ(want[i], out_id(c, c->out[c->out_seen + i])) {
			TH_LOG("delivery %zu of %zu", i, n);
		}
	c->out_seen = c->nout;
}

/* The packets discarded since the last check are exactly @want, for @why. */
static void expect_disc(struct __test_metadata *_metadata, struct tctx *c,
			enum gb_reorder_discard why, const u64 *want,
			size_t n)
{
	size_t i;

	EXPECT_EQ(n, (size_t)(c->ndisc - c->disc_seen));
	for (i = 0; i < n && c->disc_seen + i < c->ndisc; i++) {
		const struct tpkt *p = &c->pkts[c->disc[c->disc_seen + i]];

		EXPECT_EQ(want[i], out_id(c, c->disc[c->disc_seen + i]));
		EXPECT_EQ((int)why, (int)p->why);
	}
	c->disc_seen = c->ndisc;
}

#define U64S(...)	((const u64[]){ __VA_ARGS__ })
#define OUT(...)	expect_out(_metadata, &self->c, U64S(__VA_ARGS__), \
				   ARRAY_SIZE(U64S(__VA_ARGS__)))
#define NO_OUT()	expect_out(_metadata, &self->c, NULL, 0)
#define DISC(why, ...)	expect_disc(_metadata, &self->c, why, \
				    U64S(__VA_ARGS__), \
				    ARRAY_SIZE(U64S(__VA_ARGS__)))
#define NO_DISC()	expect_disc(_metadata, &self->c, 0, NULL, 0)
#define ST(field)	(self->c.r.stats.field)
#define RES(i)		(self->c.pkts[i].residence)

FIXTURE(rw) {
	struct tctx c;
};

/* Default window: 16 slots, 16 held at most, 100 ms hold time. */
FIXTURE_SETUP(rw)
{
	struct tctx *c = &self->c;

	c->pkts = calloc(MAXPKT, sizeof(*c->pkts));
	c->out = calloc(MAXPKT, sizeof(*c->out));
	c->disc = calloc(MAXPKT, sizeof(*c->disc));
	ASSERT_NE(NULL, c->pkts);
	ASSERT_NE(NULL, c->out);
	ASSERT_NE(NULL, c->disc);
	ASSERT_EQ(0, window_init(c, 16, 16, 100 * MS));
}

FIXTURE_TEARDOWN(rw)
{
	struct tctx *c = &self->c;
	const struct gb_reorder_stats *st = &c->r.stats;
	unsigned int i, bad = 0, delivered = 0;

	gb_reorder_purge(&c->r, &ops, c);
	EXPECT_EQ(0U, c->r.held);
	EXPECT_EQ(0ULL, gb_reorder_deadline(&c->r));
	for (i = 0; i < c->npkts; i++) {
		if (c->pkts[i].returned != 1 && bad++ < 5)
			TH_LOG("packet %u (seq %u) handed back %d times", i,
			       c->pkts[i].seq, c->pkts[i].returned);
		delivered += c->pkts[i].delivered;
	}
	EXPECT_EQ(0U, bad);
	EXPECT_EQ(0U, c->errors);
	EXPECT_EQ(0U, c->order_errors);
	EXPECT_EQ(c->nout + c->ndisc, c->npkts);
	EXPECT_EQ((u64)delivered, c->base_delivered + st->in_order +
		  st->reordered + st->no_seq);
	EXPECT_EQ((u64)c->ndisc, c->base_discarded + st->late +
		  st->duplicate + c->purged);
	free(c->slots);
	free(c->pkts);
	free(c->out);
	free(c->disc);
}

TEST_F(rw, init_checks)
{
	struct gb_reorder_slot slot;
	struct gb_reorder r;

	EXPECT_EQ(-EINVAL, gb_reorder_init(&r, &slot, 0, 0, 0));
	EXPECT_EQ(-EINVAL, window_init(&self->c, 3, 1, 0));
	EXPECT_EQ(-EINVAL, window_init(&self->c, 2 * GB_REORDER_WINDOW_MAX,
				       1, 0));
	EXPECT_EQ(-EINVAL, window_init(&self->c, 16, 17, 0));
	EXPECT_EQ(-EINVAL, gb_reorder_init(&r, NULL, 16, 16, 0));
	EXPECT_EQ(0, window_init(&self->c, GB_REORDER_WINDOW_MAX,
				 GB_REORDER_WINDOW_MAX, 0));
	EXPECT_EQ(0, window_init(&self->c, 1, 1, 0));
	EXPECT_EQ(U32_MAX, self->c.r.last);
	EXPECT_FALSE(self->c.r.synced);
	EXPECT_EQ(0ULL, gb_reorder_deadline(&self->c.r));
}

TEST_F(rw, in_order)
{
	u32 i;

	for (i = 0; i < 100; i++) {
		push(&self->c, i, i * MS);
		OUT(i);
		EXPECT_EQ(0ULL, gb_reorder_deadline(&self->c.r));
	}
	EXPECT_EQ(100ULL, ST(in_order));
	EXPECT_EQ(0ULL, ST(reordered));
	EXPECT_EQ(0ULL, ST(depth_max));
	EXPECT_EQ(99U, self->c.r.last);
}

/* Peers may start at 1 (spec-digest A.8): the first number synchronises. */
TEST_F(rw, first_packet_one)
{
	push_range(&self->c, 1, 3, 0);
	OUT(1, 2, 3);
	push(&self->c, 0, 0);
	NO_OUT();
	DISC(GB_REORDER_LATE, 0);
	EXPECT_EQ(3ULL, ST(in_order));
}

TEST_F(rw, first_packet_anywhere)
{
	push(&self->c, 0x12345678, 0);
	push(&self->c, 0x1234567a, 0);
	push(&self->c, 0x12345679, 0);
	OUT(0x12345678, 0x12345679, 0x1234567a);
}

TEST_F(rw, simple_swap)
{
	unsigned int two;

	push(&self->c, 0, 0);
	two = push(&self->c, 2, 1 * MS);
	EXPECT_EQ(101 * MS, gb_reorder_deadline(&self->c.r));
	push(&self->c, 1, 3 * MS);
	push(&self->c, 3, 4 * MS);
	OUT(0, 1, 2, 3);
	EXPECT_EQ(2 * MS, RES(two));
	EXPECT_EQ(3ULL, ST(in_order));
	EXPECT_EQ(1ULL, ST(reordered));
	EXPECT_EQ(1ULL, ST(depth_max));
	EXPECT_EQ(2 * MS, ST(residence_sum_ns));
	EXPECT_EQ(2 * MS, ST(residence_max_ns));
	EXPECT_EQ(1ULL, ST(residence_hist[2]));	/* [2, 4) ms */
	EXPECT_EQ(0ULL, ST(flush_timeout) + ST(flush_overflow));
	EXPECT_EQ(0ULL, ST(gaps_skipped));
	EXPECT_EQ(0ULL, gb_reorder_deadline(&self->c.r));
}

TEST_F(rw, sequence_wrap)
{
	push_range(&self->c, 0xfffffff0, 14, 0);	/* ..0xfffffffd */
	NO_DISC();
	self->c.out_seen = self->c.nout;
	push(&self->c, 0, 1);
	push(&self->c, 0xffffffff, 2);
	NO_OUT();
	push(&self->c, 0xfffffffe, 3);
	OUT(0xfffffffe, 0xffffffff, 0);
	push(&self->c, 1, 4);
	OUT(1);
	/* a timeout flush across nothing special, then across the wrap */
	push(&self->c, 4, 5);
	expire(&self->c, 5 + 100 * MS);
	OUT(4);
	EXPECT_EQ(2ULL, ST(gaps_skipped));
	EXPECT_EQ(4U, self->c.r.last);
	NO_DISC();
}

TEST_F(rw, wrap_timeout)
{
	push(&self->c, 0xfffffffd, 0);
	push(&self->c, 1, 0);
	push(&self->c, 0xffffffff, 0);
	expire(&self->c, 100 * MS);
	OUT(0xfffffffd, 0xffffffff, 1);
	EXPECT_EQ(2ULL, ST(gaps_skipped));		/* 0xfffffffe, 0 */
	EXPECT_EQ(2ULL, ST(flush_timeout));
	EXPECT_EQ(1U, self->c.r.last);
}

TEST_F(rw, duplicates)
{
	push(&self->c, 0, 0);
	push(&self->c, 2, 0);
	push(&self->c, 2, 0);		/* same number already held */
	DISC(GB_REORDER_DUPLICATE, 2);
	push(&self->c, 0, 0);		/* already delivered */
	DISC(GB_REORDER_LATE, 0);
	push(&self->c, 1, 0);
	OUT(0, 1, 2);
	push(&self->c, 2, 0);		/* delivered after being held */
	push(&self->c, 1, 0);
	DISC(GB_REORDER_LATE, 2, 1);
	EXPECT_EQ(1ULL, ST(duplicate));
	EXPECT_EQ(3ULL, ST(late));
}

TEST_F(rw, late_boundaries)
{
	push_range(&self->c, 0, 10, 0);
	OUT(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
	push(&self->c, 9, 0);			/* d = 0 */
	push(&self->c, 5, 0);
	push(&self->c, 9 - 0x7fffffff, 0);	/* d = -(2^31 - 1) */
	DISC(GB_REORDER_LATE, 9, 5, 9 - 0x7fffffffU);
	/* d = -2^31 counts as ahead: beyond the ring, so it pushes it */
	push(&self->c, 9 + 0x80000000U, 1);
	NO_DISC();
	NO_OUT();
	EXPECT_EQ(1U, self->c.r.held);
	EXPECT_EQ(0x80000000ULL - 16, ST(gaps_skipped));
	EXPECT_EQ(9 + 0x80000000U - 16, self->c.r.last);
	EXPECT_EQ(1 + 100 * MS, gb_reorder_deadline(&self->c.r));
	expire(&self->c, 1 + 100 * MS);
	OUT(9 + 0x80000000ULL);
	EXPECT_EQ(0x80000000ULL - 1, ST(gaps_skipped));
	EXPECT_EQ(3ULL, ST(late));
}

TEST_F(rw, timeout_flush)
{
	unsigned int p3, p4, p5;

	push(&self->c, 0, 0);
	p3 = push(&self->c, 3, 10 * MS);
	p5 = push(&self->c, 5, 20 * MS);
	p4 = push(&self->c, 4, 30 * MS);
	OUT(0);
	EXPECT_EQ(110 * MS, gb_reorder_deadline(&self->c.r));
	expire(&self->c, 110 * MS - 1);
	NO_OUT();
	expire(&self->c, 110 * MS);
	OUT(3, 4, 5);
	EXPECT_EQ(100 * MS, RES(p3));
	EXPECT_EQ(80 * MS, RES(p4));
	EXPECT_EQ(90 * MS, RES(p5));
	EXPECT_EQ(2ULL, ST(gaps_skipped));
	EXPECT_EQ(3ULL, ST(flush_timeout));
	EXPECT_EQ(3ULL, ST(reordered));
	EXPECT_EQ(270 * MS, ST(residence_sum_ns));
	EXPECT_EQ(100 * MS, ST(residence_max_ns));
	EXPECT_EQ(3ULL, ST(residence_hist[7]));	/* [64, 128) ms */
	EXPECT_EQ(0ULL, gb_reorder_deadline(&self->c.r));
	EXPECT_EQ(5U, self->c.r.last);
	push(&self->c, 2, 200 * MS);
	DISC(GB_REORDER_LATE, 2);
}

/* Only what is due goes; the deadline follows the next oldest packet. */
TEST_F(rw, timeout_partial)
{
	push(&self->c, 0, 0);
	push(&self->c, 3, 10 * MS);
	push(&self->c, 6, 20 * MS);
	push(&self->c, 8, 30 * MS);
	push(&self->c, 9, 40 * MS);
	OUT(0);
	EXPECT_EQ(110 * MS, gb_reorder_deadline(&self->c.r));
	expire(&self->c, 110 * MS);
	OUT(3);
	EXPECT_EQ(2ULL, ST(gaps_skipped));
	EXPECT_EQ(120 * MS, gb_reorder_deadline(&self->c.r));
	expire(&self->c, 125 * MS);
	OUT(6);
	EXPECT_EQ(4ULL, ST(gaps_skipped));
	EXPECT_EQ(130 * MS, gb_reorder_deadline(&self->c.r));
	push(&self->c, 7, 126 * MS);
	OUT(7, 8, 9);
	EXPECT_EQ(2ULL, ST(flush_timeout));
	EXPECT_EQ(2ULL, ST(in_order));
	EXPECT_EQ(4ULL, ST(reordered));
	EXPECT_EQ(0ULL, gb_reorder_deadline(&self->c.r));
}

TEST_F(rw, timeout_all_at_once)
{
	u32 i;

	push(&self->c, 0, 0);
	for (i = 2; i <= 14; i += 2)
		push(&self->c, i, i * MS);
	EXPECT_EQ(7U, self->c.r.held);
	EXPECT_EQ(7ULL, ST(depth_max));
	EXPECT_EQ(102 * MS, gb_reorder_deadline(&self->c.r));
	expire(&self->c, SEC);
	OUT(0, 2, 4, 6, 8, 10, 12, 14);
	EXPECT_EQ(7ULL, ST(gaps_skipped));
	EXPECT_EQ(7ULL, ST(flush_timeout));
}

/* hold_ns == 0: whatever is held goes at the next expire call. */
TEST_F(rw, hold_zero)
{
	ASSERT_EQ(0, window_init(&self->c, 16, 16, 0));
	push(&self->c, 0, 0);
	push(&self->c, 2, 0);
	EXPECT_EQ(1ULL, gb_reorder_deadline(&self->c.r));	/* never 0 */
	expire(&self->c, 0);
	OUT(0, 2);
	push(&self->c, 4, 10 * MS);
	EXPECT_EQ(10 * MS, gb_reorder_deadline(&self->c.r));
	expire(&self->c, 3 * MS);	/* even with a clock gone back */
	OUT(4);
}

TEST_F(rw, deadline_saturates)
{
	ASSERT_EQ(0, window_init(&self->c, 16, 16, U64_MAX));
	push(&self->c, 0, 0);
	push(&self->c, 2, 5);
	OUT(0);
	EXPECT_EQ(U64_MAX, gb_reorder_deadline(&self->c.r));
	expire(&self->c, U64_MAX - 1);
	NO_OUT();
	expire(&self->c, U64_MAX);
	NO_OUT();
	self->c.r.hold_ns = U64_MAX - 5;
	EXPECT_EQ(U64_MAX, gb_reorder_deadline(&self->c.r));
	expire(&self->c, U64_MAX);
	OUT(2);
}

/* Arrival times that go back are raised so the oldest stays first. */
TEST_F(rw, clock_backwards)
{
	unsigned int p5, p6;

	push(&self->c, 0, 0);
	p5 = push(&self->c, 5, 200 * MS);
	p6 = push(&self->c, 6, 100 * MS);
	EXPECT_EQ(300 * MS, gb_reorder_deadline(&self->c.r));
	push(&self->c, 3, 250 * MS);
	EXPECT_EQ(300 * MS, gb_reorder_deadline(&self->c.r));
	expire(&self->c, 300 * MS);
	OUT(0, 3, 5, 6);
	EXPECT_EQ(100 * MS, RES(p5));
	EXPECT_EQ(100 * MS, RES(p6));
}

TEST_F(rw, overflow_releases_head)
{
	ASSERT_EQ(0, window_init(&self->c, 16, 4, SEC));
	push(&self->c, 0, 0);
	OUT(0);
	push_range(&self->c, 2, 4, 0);		/* 2..5, 1 missing */
	NO_OUT();
	EXPECT_EQ(4U, self->c.r.held);
	push(&self->c, 7, 0);			/* a fifth would be held */
	OUT(2, 3, 4, 5);
	EXPECT_EQ(1U, self->c.r.held);
	EXPECT_EQ(5U, self->c.r.last);
	EXPECT_EQ(1ULL, ST(gaps_skipped));
	EXPECT_EQ(4ULL, ST(flush_overflow));
	EXPECT_EQ(4ULL, ST(depth_max));
	push(&self->c, 6, 0);
	OUT(6, 7);
	push(&self->c, 1, 0);
	DISC(GB_REORDER_LATE, 1);
	EXPECT_EQ(0ULL, ST(flush_timeout));
}

/* The arrival is below everything held: it is the head that goes. */
TEST_F(rw, overflow_arrival_is_head)
{
	ASSERT_EQ(0, window_init(&self->c, 16, 4, SEC));
	push(&self->c, 0, 0);
	push_range(&self->c, 3, 4, 0);		/* 3..6 */
	push(&self->c, 2, 0);
	OUT(0, 2, 3, 4, 5, 6);
	EXPECT_EQ(1ULL, ST(gaps_skipped));
	EXPECT_EQ(5ULL, ST(flush_overflow));
	EXPECT_EQ(2ULL, ST(in_order));
	EXPECT_EQ(4ULL, ST(reordered));
}

/* Releasing the head drains right up to the arrival. */
TEST_F(rw, overflow_then_in_sequence)
{
	ASSERT_EQ(0, window_init(&self->c, 16, 2, SEC));
	push(&self->c, 0, 0);
	push(&self->c, 3, 0);
	push(&self->c, 2, 0);
	push(&self->c, 4, 0);
	OUT(0, 2, 3, 4);
	EXPECT_EQ(3ULL, ST(flush_overflow));
	EXPECT_EQ(2ULL, ST(in_order));
	EXPECT_EQ(1ULL, ST(gaps_skipped));
	EXPECT_EQ(0U, self->c.r.held);
}

TEST_F(rw, max_held_zero)
{
	ASSERT_EQ(0, window_init(&self->c, 16, 0, SEC));
	push(&self->c, 0, 0);
	push(&self->c, 2, 0);
	push(&self->c, 1, 0);
	push(&self->c, 5, 0);
	OUT(0, 2, 5);
	DISC(GB_REORDER_LATE, 1);
	EXPECT_EQ(3ULL, ST(gaps_skipped));
	EXPECT_EQ(2ULL, ST(flush_overflow));
	EXPECT_EQ(0ULL, ST(depth_max));
}

TEST_F(rw, beyond_window)
{
	ASSERT_EQ(0, window_init(&self->c, 8, 8, SEC));
	push(&self->c, 0, 0);
	push(&self->c, 2, 0);
	push(&self->c, 3, 0);
	push(&self->c, 20, 0);		/* 20 - 8 = 12 must become last */
	OUT(0, 2, 3);
	EXPECT_EQ(12U, self->c.r.last);
	EXPECT_EQ(10ULL, ST(gaps_skipped));	/* 1 and 4..12 */
	EXPECT_EQ(2ULL, ST(flush_overflow));
	EXPECT_EQ(1U, self->c.r.held);
	push_range(&self->c, 13, 7, 0);
	OUT(13, 14, 15, 16, 17, 18, 19, 20);
	push(&self->c, 12, 0);
	DISC(GB_REORDER_LATE, 12);
}

TEST_F(rw, beyond_window_partial)
{
	ASSERT_EQ(0, window_init(&self->c, 8, 8, SEC));
	push(&self->c, 0, 0);
	push(&self->c, 2, 1);
	push(&self->c, 7, 2);
	push(&self->c, 12, 3);		/* last must reach 4 */
	OUT(0, 2);
	EXPECT_EQ(4U, self->c.r.last);
	EXPECT_EQ(3ULL, ST(gaps_skipped));	/* 1, 3, 4 */
	EXPECT_EQ(1ULL, ST(flush_overflow));
	EXPECT_EQ(2U, self->c.r.held);
	EXPECT_EQ(2 + SEC, gb_reorder_deadline(&self->c.r));
	push(&self->c, 5, 4);
	push(&self->c, 6, 4);
	OUT(5, 6, 7);
	EXPECT_EQ(3 + SEC, gb_reorder_deadline(&self->c.r));
}

/* A window of one holds nothing: every gap is given up at once. */
TEST_F(rw, window_one)
{
	ASSERT_EQ(0, window_init(&self->c, 1, 1, SEC));
	push(&self->c, 0, 0);
	push(&self->c, 2, 0);
	push(&self->c, 1, 0);
	push(&self->c, 3, 0);
	OUT(0, 2, 3);
	DISC(GB_REORDER_LATE, 1);
	EXPECT_EQ(1ULL, ST(gaps_skipped));
	EXPECT_EQ(1ULL, ST(flush_overflow));
	EXPECT_EQ(0ULL, ST(depth_max));
}

TEST_F(rw, no_seq_mixed)
{
	push_noseq(&self->c, 0);	/* does not synchronise */
	EXPECT_FALSE(self->c.r.synced);
	push(&self->c, 0, 0);
	push_noseq(&self->c, 0);
	push(&self->c, 2, 0);
	push_noseq(&self->c, 0);
	EXPECT_EQ(0U, self->c.r.last);
	push(&self->c, 1, 0);
	OUT(NOSEQ, 0, NOSEQ, NOSEQ, 1, 2);
	EXPECT_EQ(3ULL, ST(no_seq));
	EXPECT_EQ(2ULL, ST(in_order));
	EXPECT_EQ(1ULL, ST(reordered));
}

TEST_F(rw, resync_after_restart)
{
	u32 i;

	push_range(&self->c, 0, 1000, 0);
	push(&self->c, 1001, 0);			/* held, 1000 missing */
	self->c.out_seen = self->c.nout;
	for (i = 0; i < GB_REORDER_RESYNC_LATE - 1; i++)
		push(&self->c, i, 0);
	NO_OUT();
	EXPECT_EQ((u64)GB_REORDER_RESYNC_LATE - 1, ST(late));
	EXPECT_EQ(0ULL, ST(resync));
	EXPECT_EQ(1U, self->c.r.held);
	self->c.disc_seen = self->c.ndisc;
	push(&self->c, i, 0);				/* the 64th */
	OUT(1001, GB_REORDER_RESYNC_LATE - 1);
	EXPECT_EQ(1ULL, ST(resync));
	EXPECT_EQ(0U, self->c.r.held);
	push(&self->c, i + 1, 0);
	push(&self->c, i + 2, 0);
	OUT(i + 1, i + 2);
	NO_DISC();
	EXPECT_EQ((u64)GB_REORDER_RESYNC_LATE - 1, ST(late));
}

TEST_F(rw, resync_run_reset)
{
	u32 i;

	push_range(&self->c, 0, 1000, 0);
	for (i = 0; i < 30; i++)
		push(&self->c, i, 0);
	push(&self->c, 1000, 0);	/* not late: the run starts over */
	for (; i < 30 + GB_REORDER_RESYNC_LATE - 1; i++)
		push(&self->c, i, 0);
	EXPECT_EQ(0ULL, ST(resync));
	EXPECT_EQ(29ULL + GB_REORDER_RESYNC_LATE, ST(late));
	push(&self->c, i, 0);
	EXPECT_EQ(1ULL, ST(resync));
	EXPECT_EQ(i, self->c.r.last);
}

TEST_F(rw, purge)
{
	push(&self->c, 0, 0);
	push(&self->c, 5, 0);
	push(&self->c, 2, 0);
	push(&self->c, 3, 0);
	gb_reorder_purge(&self->c.r, &ops, &self->c);
	DISC(GB_REORDER_TEARDOWN, 5, 2, 3);	/* arrival order */
	EXPECT_EQ(0U, self->c.r.held);
	EXPECT_EQ(0ULL, gb_reorder_deadline(&self->c.r));
	push(&self->c, 1, 0);
	push(&self->c, 3, 0);
	push(&self->c, 2, 0);
	OUT(0, 1, 2, 3);
	push(&self->c, 6, 0);	/* left for the teardown purge */
}

TEST_F(rw, residence_histogram)
{
	static const u64 res[] = {
		5 * SEC, 1024 * MS, 1024 * MS - 1, 512 * MS, 4 * MS, 3 * MS,
		2 * MS, 2 * MS - 1, 1 * MS, 1 * MS - 1, 0,
	};
	static const u64 hist[GB_REORDER_HIST_BUCKETS] = {
		2, 2, 2, 1, 0, 0, 0, 0, 0, 0, 2, 2,
	};
	const u64 t = 10 * SEC;
	u64 sum = 0;
	unsigned int i;

	ASSERT_EQ(0, window_init(&self->c, 16, 16, 20 * SEC));
	push(&self->c, 0, 0);
	for (i = 0; i < ARRAY_SIZE(res); i++) {
		push(&self->c, 2 + i, t - res[i]);
		sum += res[i];
	}
	push(&self->c, 1, t);
	EXPECT_EQ((u64)ARRAY_SIZE(res), ST(reordered));
	EXPECT_EQ(sum, ST(residence_sum_ns));
	EXPECT_EQ(5 * SEC, ST(residence_max_ns));
	for (i = 0; i < GB_REORDER_HIST_BUCKETS; i++)
		EXPECT_EQ(hist[i], ST(residence_hist[i])) {
			TH_LOG("bucket %u", i);
		}
	for (i = 0; i < ARRAY_SIZE(res); i++)
		EXPECT_EQ(res[i], RES(1 + i));	/* packet 0 is seq 0 */
}

/*
 * Random permutations whose numbers arrive at most window - 1 places ahead
 * of the lowest one still missing, hold time unbounded: the output must be
 * exactly the input sequence, with nothing flushed, lost or discarded.
 */
TEST_F(rw, permutation_property)
{
	static const u32 starts[] = { 0, 0xffffc000, 0x7fffff00, 12345 };
	static const u32 windows[] = { 64, 2, 1024, 8 };
	const u32 n = 90000;
	u8 *emitted = calloc(n, 1);
	unsigned int k;

	ASSERT_NE(NULL, emitted);
	srandom(2890);
	for (k = 0; k < ARRAY_SIZE(starts); k++) {
		u32 w = windows[k], low = 0, i, j;
		struct tctx *c = &self->c;
		unsigned int out0 = c->nout;

		ASSERT_EQ(0, window_init(c, w, w, U64_MAX));
		memset(emitted, 0, n);
		for (i = 0; i < n; i++) {
			u32 top = low + w - 1 < n ? low + w - 1 : n - 1;

			/* the first one synchronises: it must be the lowest */
			j = i ? low + random() % (top - low + 1) : 0;
			while (j <= top && emitted[j])
				j++;
			if (j > top)
				j = low;
			emitted[j] = 1;
			push(c, starts[k] + j, i);
			while (low < n && emitted[low])
				low++;
			if (!(i % 997))
				expire(c, i);
		}
		ASSERT_EQ(n, c->nout - out0);
		for (i = 0; i < n; i++)
			if (out_id(c, c->out[out0 + i]) != starts[k] + i) {
				EXPECT_EQ(starts[k] + i,
					  out_id(c, c->out[out0 + i]));
				break;
			}
		EXPECT_EQ((u64)n, ST(in_order) + ST(reordered));
		EXPECT_EQ(0ULL, ST(flush_timeout) + ST(flush_overflow));
		EXPECT_EQ(0ULL, ST(gaps_skipped) + ST(late) + ST(duplicate));
		EXPECT_LT(ST(depth_max), (u64)w);
		EXPECT_EQ(0U, c->r.held);
		if (w > 2)
			EXPECT_GT(ST(reordered), 0ULL);
	}
	free(emitted);
}

struct event {
	u64 t;
	u32 seq;
	u32 order;	/* tie break: keeps the sort stable */
	bool has_seq;
};

static int event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * A sender numbering packets 20 us apart over two paths: some lost, some
 * copied, most a little late, 10 % up to 5 ms late (beyond the 3 ms hold
 * and, at 250 packets, beyond small windows), a few without a number, a
 * few with a wild number, and twice a restart of the counter. Timer runs
 * are mixed in at random. Every packet comes back once, the delivered
 * numbers only go up (but across a resynchronisation), and after a timer
 * run nothing is held past its deadline.
 */
TEST_F(rw, random_exactly_once)
{
	static const u32 windows[][2] = { { 32, 32 }, { 32, 5 }, { 4, 4 },
					  { 256, 100 }, { 1024, 1024 } };
	const unsigned int n = 70000;
	struct event *ev = calloc(n + n / 10, sizeof(*ev));
	u64 timeouts = 0, overflows = 0, dups = 0;
	unsigned int round;

	ASSERT_NE(NULL, ev);
	srandom(8157);
	for (round = 0; round < ARRAY_SIZE(windows); round++) {
		struct tctx *c = &self->c;
		u32 seq = round * 0x55555555U;
		unsigned int i, nev = 0;

		/* the previous round's packets stay checked by the teardown */
		gb_reorder_purge(&c->r, &ops, c);
		ASSERT_EQ(0, window_init(c, windows[round][0],
					 windows[round][1], 3 * MS));

		for (i = 0; i < n; i++, seq++) {
			long dice = random() % 1000;
			u64 t = i * 20000ULL;
			struct event *e = &ev[nev];

			if (i == n / 3 || i == 2 * n / 3)
				seq = random();		/* restart */
			if (dice < 30)			/* lost */
				continue;
			e->t = t + random() % (dice < 130 ? 5 * MS : 200000);
			e->seq = seq;
			e->has_seq = dice >= 40;
			e->order = nev++;
			if (dice < 990)
				continue;
			e = &ev[nev];
			*e = ev[nev - 1];
			e->t += random() % MS;
			e->order = nev++;
			if (dice < 999 || random() % 4)	/* copy */
				continue;
			e->seq += random();		/* wild */
		}
		qsort(ev, nev, sizeof(*ev), event_cmp);

		for (i = 0; i < nev; i++) {
			if (!(random() % 20)) {
				u64 d;

				expire(c, ev[i].t);
				d = gb_reorder_deadline(&c->r);
				EXPECT_TRUE(!d || d > ev[i].t);
			}
			if (ev[i].has_seq)
				push(c, ev[i].seq, ev[i].t);
			else
				push_noseq(c, ev[i].t);
		}
		expire(c, ev[nev - 1].t + 3 * MS);
		EXPECT_EQ(0U, c->r.held);

		TH_LOG("window %u/%u: %llu in order, %llu reordered, %llu late",
		       windows[round][0], windows[round][1],
		       (unsigned long long)ST(in_order),
		       (unsigned long long)ST(reordered),
		       (unsigned long long)ST(late));
		EXPECT_LE(ST(depth_max), (u64)windows[round][1]);
		EXPECT_GT(ST(in_order), 0ULL);
		EXPECT_GT(ST(reordered), 0ULL);
		EXPECT_GT(ST(late), 0ULL);
		EXPECT_GT(ST(gaps_skipped), 0ULL);
		EXPECT_GT(ST(no_seq), 0ULL);
		EXPECT_GT(ST(resync), 0ULL);
		timeouts += ST(flush_timeout);
		overflows += ST(flush_overflow);
		dups += ST(duplicate);
	}
	free(ev);
	/* every path was taken */
	EXPECT_GT(timeouts, 0ULL);
	EXPECT_GT(overflows, 0ULL);
	EXPECT_GT(dups, 0ULL);
}

TEST_HARNESS_MAIN
