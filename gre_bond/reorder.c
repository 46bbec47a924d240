// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 2890 receive reordering (spec-digest C). Pure: see
 * include/hybrid/pure.h and reorder.h.
 *
 * d = seq - last, as a u32 "dist" here:
 *   dist == 0 or dist > 2^31        late (d in [-(2^31 - 1), 0]): discard
 *   dist == 1                       in sequence: deliver, then drain the ring
 *   1 < dist <= window              gap: hold in slot seq & mask
 *   window < dist <= 2^31           gap beyond the ring: release in order
 *                                   until it fits, then as above
 * Every release walks forward from last + 1 and moves last with it, so the
 * held packets are always exactly the occupied slots of last+1 .. last+window
 * and each slot index names one sequence number.
 */

#include "../include/hybrid/pure.h"
#include "reorder.h"

#define GB_REORDER_LATE_DIST	0x80000000U	/* dist above this is late */
#define GB_NSEC_PER_MSEC	1000000ULL

static u32 reorder_window(const struct gb_reorder *r)
{
	return r->mask + 1;
}

static void reorder_chain_add(struct gb_reorder *r, u32 idx)
{
	struct gb_reorder_slot *s = &r->slots[idx];

	s->older = r->newest;
	s->newer = GB_REORDER_NIL;
	if (r->newest != GB_REORDER_NIL)
		r->slots[r->newest].newer = idx;
	else
		r->oldest = idx;
	r->newest = idx;
}

static void reorder_chain_del(struct gb_reorder *r, u32 idx)
{
	struct gb_reorder_slot *s = &r->slots[idx];

	if (s->older != GB_REORDER_NIL)
		r->slots[s->older].newer = s->newer;
	else
		r->oldest = s->newer;
	if (s->newer != GB_REORDER_NIL)
		r->slots[s->newer].older = s->older;
	else
		r->newest = s->older;
}

static void *reorder_take(struct gb_reorder *r, u32 idx)
{
	struct gb_reorder_slot *s = &r->slots[idx];
	void *pkt = s->pkt;

	reorder_chain_del(r, idx);
	s->pkt = NULL;
	r->held--;
	return pkt;
}

static void reorder_account(struct gb_reorder_stats *st, u64 residence_ns)
{
	unsigned int i;

	st->reordered++;
	st->residence_sum_ns += residence_ns;
	if (residence_ns > st->residence_max_ns)
		st->residence_max_ns = residence_ns;
	for (i = 0; i < GB_REORDER_HIST_BUCKETS - 1; i++)
		if (residence_ns < (GB_NSEC_PER_MSEC << i))
			break;
	st->residence_hist[i]++;
}

/* Hand over the held packet of sequence number last + 1 and make it last. */
static void reorder_release_next(struct gb_reorder *r, u32 idx, u64 now_ns,
				 u64 *flushed,
				 const struct gb_reorder_ops *ops, void *ctx)
{
	u64 arrival_ns = r->slots[idx].arrival_ns;
	u64 residence_ns = now_ns > arrival_ns ? now_ns - arrival_ns : 0;
	void *pkt = reorder_take(r, idx);

	r->last++;
	if (flushed)
		(*flushed)++;
	reorder_account(&r->stats, residence_ns);
	ops->deliver(ctx, pkt, residence_ns);
}

/*
 * Walk the next @n sequence numbers in order, delivering the held ones and
 * counting the empty ones as skipped gaps, and stop early once nothing is
 * held. Return: how many of the @n numbers were not walked.
 */
static u32 reorder_release(struct gb_reorder *r, u32 n, u64 now_ns,
			   u64 *flushed, const struct gb_reorder_ops *ops,
			   void *ctx)
{
	while (n && r->held) {
		u32 idx = (r->last + 1) & r->mask;

		n--;
		if (r->slots[idx].pkt) {
			reorder_release_next(r, idx, now_ns, flushed, ops, ctx);
		} else {
			r->last++;
			r->stats.gaps_skipped++;
		}
	}
	return n;
}

/* Give up @n sequence numbers that nothing is held for. */
static void reorder_skip(struct gb_reorder *r, u32 n)
{
	r->stats.gaps_skipped += n;
	r->last += n;
}

/* Deliver held packets while they follow last without a gap. */
static void reorder_drain(struct gb_reorder *r, u64 now_ns, u64 *flushed,
			  const struct gb_reorder_ops *ops, void *ctx)
{
	while (r->held) {
		u32 idx = (r->last + 1) & r->mask;

		if (!r->slots[idx].pkt)
			break;
		reorder_release_next(r, idx, now_ns, flushed, ops, ctx);
	}
}

/* Distance from last to the first held packet; something must be held. */
static u32 reorder_head_dist(const struct gb_reorder *r)
{
	u32 dist = 1;

	while (!r->slots[(r->last + dist) & r->mask].pkt)
		dist++;
	return dist;
}

/* Deliver an arriving packet that is not held, as the new last. */
static void reorder_deliver_now(struct gb_reorder *r, void *pkt, u32 seq,
				const struct gb_reorder_ops *ops, void *ctx)
{
	r->last = seq;
	r->stats.in_order++;
	ops->deliver(ctx, pkt, 0);
}

static void reorder_late(struct gb_reorder *r, void *pkt, u32 seq,
			 u64 now_ns, const struct gb_reorder_ops *ops,
			 void *ctx)
{
	if (++r->late_run < GB_REORDER_RESYNC_LATE) {
		r->stats.late++;
		ops->discard(ctx, pkt, GB_REORDER_LATE);
		return;
	}

	/*
	 * This many late packets in a row: the peer restarted its counter.
	 * Hand over what the old sequence left, in order, and follow the new.
	 */
	reorder_release(r, reorder_window(r), now_ns, NULL, ops, ctx);
	r->late_run = 0;
	r->stats.resync++;
	reorder_deliver_now(r, pkt, seq, ops, ctx);
}

/**
 * gb_reorder_init() - set up an empty window
 * @r: the window
 * @slots: @window entries, owned by the caller, not touched by anybody else
 *	until the window is torn down
 * @window: ring size: a power of two, at most GB_REORDER_WINDOW_MAX; a
 *	packet more than @window numbers ahead of the last released one
 *	pushes the ring forward
 * @max_held: MAX_PERFLOW_BUFFER, at most @window; 0 disables holding
 * @hold_ns: OUTOFORDER_TIMER
 *
 * The first sequenced packet after this is delivered whatever its number.
 *
 * Return: 0, or -EINVAL if @slots is NULL or @window or @max_held is out of
 * range.
 */
int gb_reorder_init(struct gb_reorder *r, struct gb_reorder_slot *slots,
		    u32 window, u32 max_held, u64 hold_ns)
{
	if (!slots || !is_power_of_2(window) ||
	    window > GB_REORDER_WINDOW_MAX || max_held > window)
		return -EINVAL;

	memset(r, 0, sizeof(*r));
	memset(slots, 0, window * sizeof(*slots));
	r->last = U32_MAX;
	r->mask = window - 1;
	r->max_held = max_held;
	r->hold_ns = hold_ns;
	r->slots = slots;
	r->oldest = GB_REORDER_NIL;
	r->newest = GB_REORDER_NIL;
	return 0;
}

/**
 * gb_reorder_push() - take one received packet
 * @r: the window
 * @pkt: the packet, opaque, not NULL
 * @has_seq: the GRE header had S set
 * @seq: its sequence number (ignored without @has_seq)
 * @now_ns: the caller's clock
 * @ops: where packets are handed back
 * @ctx: passed to @ops
 *
 * Delivers @pkt at once if it has no sequence number or is the next one
 * expected, then everything held that now follows without a gap. Discards
 * it if late or already held. Otherwise holds it, first making room when
 * it lies beyond the ring or when @r->max_held packets are held already:
 * the packets in the way are released in order and the missing numbers
 * given up. After this, the caller should re-arm its timer to
 * gb_reorder_deadline().
 */
void gb_reorder_push(struct gb_reorder *r, void *pkt, bool has_seq, u32 seq,
		     u64 now_ns, const struct gb_reorder_ops *ops, void *ctx)
{
	struct gb_reorder_slot *s;
	u64 *flushed = NULL;
	u32 dist, idx;

	if (!has_seq) {
		r->stats.no_seq++;
		ops->deliver(ctx, pkt, 0);
		return;
	}

	if (unlikely(!r->synced)) {
		r->synced = true;
		r->last = seq - 1;
	}

	dist = seq - r->last;
	if (!dist || dist > GB_REORDER_LATE_DIST) {
		reorder_late(r, pkt, seq, now_ns, ops, ctx);
		return;
	}
	r->late_run = 0;

	if (unlikely(dist > reorder_window(r))) {
		u32 n = dist - reorder_window(r);

		flushed = &r->stats.flush_overflow;
		n = reorder_release(r, n, now_ns, flushed, ops, ctx);
		reorder_skip(r, n);
		reorder_drain(r, now_ns, flushed, ops, ctx);
		dist = seq - r->last;
	}

	if (dist == 1)
		goto in_sequence;

	idx = seq & r->mask;
	s = &r->slots[idx];
	if (s->pkt) {
		r->stats.duplicate++;
		ops->discard(ctx, pkt, GB_REORDER_DUPLICATE);
		return;
	}

	if (unlikely(r->held >= r->max_held)) {
		u32 head = r->held ? reorder_head_dist(r) : 0;

		flushed = &r->stats.flush_overflow;
		if (!head || dist < head) {
			/* the arrival is the head of the buffer itself */
			reorder_skip(r, dist - 1);
			goto in_sequence;
		}
		reorder_release(r, head, now_ns, flushed, ops, ctx);
		reorder_drain(r, now_ns, flushed, ops, ctx);
		dist = seq - r->last;
		if (dist == 1)
			goto in_sequence;
	}

	s->pkt = pkt;
	s->arrival_ns = now_ns;
	if (r->newest != GB_REORDER_NIL &&
	    r->slots[r->newest].arrival_ns > now_ns)
		s->arrival_ns = r->slots[r->newest].arrival_ns;
	reorder_chain_add(r, idx);
	r->held++;
	if (r->held > r->stats.depth_max)
		r->stats.depth_max = r->held;
	return;

in_sequence:
	if (flushed)
		(*flushed)++;
	reorder_deliver_now(r, pkt, seq, ops, ctx);
	reorder_drain(r, now_ns, flushed, ops, ctx);
}

/**
 * gb_reorder_expire() - run the hold timer
 * @r: the window
 * @now_ns: the caller's clock
 * @ops: where packets are handed back
 * @ctx: passed to @ops
 *
 * While the oldest held packet has waited @r->hold_ns or longer, releases
 * in order every held packet up to it and those that then follow without a
 * gap, giving up the missing numbers. Afterwards no held packet is older
 * than @r->hold_ns.
 */
void gb_reorder_expire(struct gb_reorder *r, u64 now_ns,
		       const struct gb_reorder_ops *ops, void *ctx)
{
	while (r->held) {
		u64 arrival_ns = r->slots[r->oldest].arrival_ns;
		u64 waited = now_ns > arrival_ns ? now_ns - arrival_ns : 0;

		if (waited < r->hold_ns)
			break;
		reorder_release(r, ((r->oldest - r->last - 1) & r->mask) + 1,
				now_ns, &r->stats.flush_timeout, ops, ctx);
		reorder_drain(r, now_ns, &r->stats.flush_timeout, ops, ctx);
	}
}

/**
 * gb_reorder_deadline() - when the hold timer must run next
 * @r: the window
 *
 * Return: the arrival time of the oldest held packet plus @r->hold_ns
 * (at least 1, at most U64_MAX), or 0 if nothing is held.
 */
u64 gb_reorder_deadline(const struct gb_reorder *r)
{
	u64 at;

	if (!r->held)
		return 0;
	at = r->slots[r->oldest].arrival_ns + r->hold_ns;
	if (at < r->hold_ns)
		return U64_MAX;
	return max_t(u64, at, 1);
}

/**
 * gb_reorder_purge() - hand back everything held
 * @r: the window
 * @ops: where packets are handed back
 * @ctx: passed to @ops
 *
 * Every held packet goes to @ops->discard with GB_REORDER_TEARDOWN. The
 * sequence state is kept; gb_reorder_init() starts over.
 */
void gb_reorder_purge(struct gb_reorder *r, const struct gb_reorder_ops *ops,
		      void *ctx)
{
	while (r->held)
		ops->discard(ctx, reorder_take(r, r->oldest),
			     GB_REORDER_TEARDOWN);
}
