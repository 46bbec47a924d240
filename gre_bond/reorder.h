/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 2890 receive reordering for one GRE flow (one RFC 8157 bonding
 * connection spans both tunnels, so one window per bond). Pure: packets are
 * opaque pointers, the caller supplies the clock, the storage and the
 * locking, and is handed every packet back exactly once, through
 * ops->deliver or ops->discard.
 *
 * Insertion is O(1): a packet is stored in slot (seq & mask) of a ring that
 * spans the sequence numbers following the last one released. Releasing
 * walks the ring from its head. The hold timer deadline is kept in O(1)
 * amortised by an arrival-order FIFO of sequence numbers whose stale entries
 * are skipped lazily.
 */
#ifndef _GRE_BOND_REORDER_H
#define _GRE_BOND_REORDER_H

#include "../include/hybrid/pure.h"

/* consecutive late packets that make the window follow a restarted peer */
#define GB_REORDER_RESYNC_LATE		64
#define GB_REORDER_WINDOW_MAX		65536
#define GB_REORDER_HIST_BUCKETS		12	/* = GRE_BOND_RES_HIST_BUCKETS */

enum gb_reorder_discard {
	GB_REORDER_LATE,	/* at or before the last released number */
	GB_REORDER_DUPLICATE,	/* same number already held */
	GB_REORDER_TEARDOWN,	/* gb_reorder_purge() */
};

struct gb_reorder_ops {
	/* @residence_ns is 0 for packets that were not held */
	void (*deliver)(void *ctx, void *pkt, u64 residence_ns);
	void (*discard)(void *ctx, void *pkt, enum gb_reorder_discard why);
};

struct gb_reorder_slot {
	void *pkt;
	u64 arrival_ns;
};

struct gb_reorder_stats {
	u64 in_order;
	u64 reordered;
	u64 no_seq;
	u64 late;
	u64 duplicate;
	u64 flush_timeout;
	u64 flush_overflow;
	u64 gaps_skipped;
	u64 depth_max;
	u64 residence_max_ns;
	u64 residence_sum_ns;
	u64 residence_hist[GB_REORDER_HIST_BUCKETS];
	u64 resync;
};

/**
 * struct gb_reorder - one receive window
 * @last: last sequence number released (RFC 2890 "last")
 * @synced: false until the first sequenced packet; that packet is taken as
 *	in-sequence whatever its number (peers start at 0 or at 1)
 * @late_run: consecutive late packets, for resynchronisation
 * @mask: ring size - 1; the ring covers last+1 .. last+mask+1
 * @held: packets in the ring
 * @max_held: MAX_PERFLOW_BUFFER, at most mask + 1
 * @hold_ns: OUTOFORDER_TIMER
 * @slots: mask + 1 entries, owned by the caller
 * @fifo: mask + 1 sequence numbers in arrival order, owned by the caller
 * @fifo_head: index of the oldest FIFO entry (free-running)
 * @fifo_tail: index one past the newest FIFO entry (free-running)
 * @stats: counters
 */
struct gb_reorder {
	u32 last;
	bool synced;
	u32 late_run;
	u32 mask;
	u32 held;
	u32 max_held;
	u64 hold_ns;
	struct gb_reorder_slot *slots;
	u32 *fifo;
	u32 fifo_head;
	u32 fifo_tail;
	struct gb_reorder_stats stats;
};

int gb_reorder_init(struct gb_reorder *r, struct gb_reorder_slot *slots,
		    u32 *fifo, u32 window, u32 max_held, u64 hold_ns);
void gb_reorder_push(struct gb_reorder *r, void *pkt, bool has_seq, u32 seq,
		     u64 now_ns, const struct gb_reorder_ops *ops, void *ctx);
void gb_reorder_expire(struct gb_reorder *r, u64 now_ns,
		       const struct gb_reorder_ops *ops, void *ctx);
u64 gb_reorder_deadline(const struct gb_reorder *r);
void gb_reorder_purge(struct gb_reorder *r, const struct gb_reorder_ops *ops,
		      void *ctx);

#endif /* _GRE_BOND_REORDER_H */
