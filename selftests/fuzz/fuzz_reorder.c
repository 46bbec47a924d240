// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the RFC 2890 reorder window driven by a program.
 *
 * Input:
 *   u8 window: ring size 1 << (b % 11), so 1 to 1024
 *   u8 held:   max_held = b * (window + 1) / 256, so 0 to window
 *   u8 hold:   hold time b * 100 us
 *   then one byte per operation, its top 3 bits the kind, its low 5 the
 *   argument a:
 *     0-3  push next + a - 8 (near the expected number), next advances
 *     4    push the 32-bit big-endian number that follows; next follows it
 *     5    the clock moves a * 50 us on and the hold timer runs
 *     6    push a packet without a sequence number
 *     7    a < 31: the clock goes back a * 10 us; a == 31: purge
 *   every push moves the clock 1 us on.
 * Checks: every packet is handed back exactly once (the window is purged
 * at the end); held packets are exactly those not handed back; each
 * delivered number becomes "last" and lies ahead of the previous "last"
 * (by at most 2^31), except across a resynchronisation; nothing is held
 * beyond max_held; after the timer ran no held packet is overdue.
 */

#include <stdio.h>
#include <stdlib.h>

#include "gre_bond/reorder.h"
#include "fuzz_check.h"

struct fpkt {
	u32 seq;
	bool has_seq;
	u8 returned;
};

struct fctx {
	struct gb_reorder r;
	struct fpkt *pkts;
	unsigned int npkts;
	unsigned int outstanding;	/* pushed, not handed back */
	u32 ref;		/* "last" before the operation or delivery */
	bool ref_valid;		/* not before the first sequenced packet */
	u64 ref_resync;
	u64 delivered, discarded;
};

static void on_deliver(void *ctx, void *pkt, u64 residence_ns)
{
	struct fctx *c = ctx;
	struct fpkt *p = pkt;

	CHECK(p >= c->pkts && p < c->pkts + c->npkts);
	CHECK(p->returned++ == 0);
	c->outstanding--;
	c->delivered++;
	(void)residence_ns;
	if (!p->has_seq)
		return;
	CHECK(p->seq == c->r.last);
	/* only forward, as the window counts it, unless it resynchronised */
	if (c->ref_valid && c->r.stats.resync == c->ref_resync)
		CHECK(p->seq - c->ref - 1 < 0x80000000U);
	c->ref = p->seq;
	c->ref_valid = true;
	c->ref_resync = c->r.stats.resync;
}

/* Before each operation: deliveries must lie ahead of this. */
static void set_ref(struct fctx *c)
{
	c->ref = c->r.last;
	c->ref_valid = c->r.synced;
	c->ref_resync = c->r.stats.resync;
}

static void on_discard(void *ctx, void *pkt, enum gb_reorder_discard why)
{
	struct fctx *c = ctx;
	struct fpkt *p = pkt;

	CHECK(p >= c->pkts && p < c->pkts + c->npkts);
	CHECK(p->returned++ == 0);
	CHECK(why == GB_REORDER_LATE || why == GB_REORDER_DUPLICATE ||
	      why == GB_REORDER_TEARDOWN);
	c->outstanding--;
	c->discarded++;
}

static const struct gb_reorder_ops ops = {
	.deliver = on_deliver,
	.discard = on_discard,
};

static void push(struct fctx *c, bool has_seq, u32 seq, u64 now)
{
	struct fpkt *p = &c->pkts[c->npkts++];

	p->seq = seq;
	p->has_seq = has_seq;
	c->outstanding++;
	gb_reorder_push(&c->r, p, has_seq, seq, now, &ops, c);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const struct gb_reorder_stats *st;
	struct gb_reorder_slot *slots;
	u32 window, max_held, next = 0;
	struct fctx c = { 0 };
	u64 now = 1000000000;
	size_t i;

	if (size < 3)
		return 0;
	window = 1U << (data[0] % 11);
	max_held = data[1] * (window + 1) / 256;
	slots = calloc(window, sizeof(*slots));
	c.pkts = calloc(size, sizeof(*c.pkts));
	CHECK(slots && c.pkts);
	CHECK(gb_reorder_init(&c.r, slots, window, max_held,
			      data[2] * 100000ULL) == 0);
	st = &c.r.stats;

	for (i = 3; i < size; i++) {
		unsigned int kind = data[i] >> 5, a = data[i] & 31;
		u64 d;

		set_ref(&c);
		switch (kind) {
		case 0 ... 3:
			push(&c, true, next + a - 8, ++now);
			next++;
			break;
		case 4:
			if (size - i < 5)
				goto out;
			next = get_unaligned_be32(data + i + 1);
			i += 4;
			push(&c, true, next++, ++now);
			break;
		case 5:
			now += a * 50000ULL;
			gb_reorder_expire(&c.r, now, &ops, &c);
			d = gb_reorder_deadline(&c.r);
			CHECK(!d || d > now);
			break;
		case 6:
			push(&c, false, 0, ++now);
			break;
		default:
			if (a == 31)
				gb_reorder_purge(&c.r, &ops, &c);
			else
				now -= a * 10000ULL;
			break;
		}
		CHECK(c.r.held == c.outstanding);
		CHECK(c.r.held <= max_held);
		CHECK(st->depth_max <= max_held);
		CHECK(!c.r.held == !gb_reorder_deadline(&c.r));
	}
out:
	gb_reorder_purge(&c.r, &ops, &c);
	CHECK(c.r.held == 0 && c.outstanding == 0);
	for (i = 0; i < c.npkts; i++)
		CHECK(c.pkts[i].returned == 1);
	CHECK(c.delivered == st->in_order + st->reordered + st->no_seq);
	CHECK(st->flush_timeout + st->flush_overflow <=
	      st->reordered + st->in_order);
	CHECK(st->late + st->duplicate <= c.discarded);
	free(slots);
	free(c.pkts);
	return 0;
}
