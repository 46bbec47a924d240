/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 2890 receive reordering for one GRE flow (one RFC 8157 bonding
 * connection spans both tunnels, so one window per bond). Pure: packets are
 * opaque pointers (never NULL), the caller supplies the clock, the storage
 * and the locking, and is handed every packet back exactly once, through
 * ops->deliver or ops->discard. The callbacks run in the middle of an update
 * and must not call back into the same window.
 *
 * Insertion is O(1): a packet is stored in slot (seq & mask) of a ring that
 * spans the sequence numbers following the last one released. Releasing
 * walks the ring from its head. Held slots are also chained in arrival
 * order (a doubly linked list of slot indices inside the ring), so the
 * oldest held packet, and with it the hold timer deadline, is known in O(1),
 * and a packet released out of arrival order leaves the chain in O(1).
 * (A FIFO of sequence numbers with stale entries skipped lazily was the
 * first idea, but stale entries stuck behind a long-held packet can number
 * up to window - 1 on top of the live ones, so it would need twice the
 * room or an O(window) compaction.)
 * Time given to the window should not go backwards; if it does, arrival
 * stamps are raised to the newest one so the chain stays sorted by time.
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

#define GB_REORDER_NIL			U32_MAX	/* end of the arrival chain */

struct gb_reorder_ops {
	/* @residence_ns is 0 for packets that were not held */
	void (*deliver)(void *ctx, void *pkt, u64 residence_ns);
	void (*discard)(void *ctx, void *pkt, enum gb_reorder_discard why);
};

/**
 * struct gb_reorder_slot - one sequence number of the ring
 * @pkt: the held packet, NULL when the slot is empty
 * @arrival_ns: when @pkt was queued
 * @older: slot of the previous held packet in arrival order, or
 *	GB_REORDER_NIL
 * @newer: slot of the next held packet in arrival order, or GB_REORDER_NIL
 */
struct gb_reorder_slot {
	void *pkt;
	u64 arrival_ns;
	u32 older;
	u32 newer;
};

/*
 * Counters. Every packet given to gb_reorder_push() is counted once in
 * in_order (delivered without being held), reordered (delivered after
 * being held), no_seq, late or duplicate, or is handed back by
 * gb_reorder_purge(). Among the delivered ones, flush_timeout counts those
 * gb_reorder_expire() delivered, flush_overflow those delivered by a push
 * that had to make room because the arrival lay beyond the ring or
 * max_held packets were held (the arrival included). gaps_skipped counts
 * the sequence numbers given up as lost, resync the restarts followed.
 * residence_* describe the reordered packets: residence_hist[i] counts
 * those held less than 2^i ms and not counted in a lower bucket, the last
 * bucket everything longer.
 */
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
 * @max_held: MAX_PERFLOW_BUFFER, at most mask + 1 (0: never hold)
 * @hold_ns: OUTOFORDER_TIMER (0: held until the next gb_reorder_expire())
 * @slots: mask + 1 entries, owned by the caller
 * @oldest: slot of the oldest held packet, or GB_REORDER_NIL
 * @newest: slot of the newest held packet, or GB_REORDER_NIL
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
	u32 oldest;
	u32 newest;
	struct gb_reorder_stats stats;
};

int gb_reorder_init(struct gb_reorder *r, struct gb_reorder_slot *slots,
		    u32 window, u32 max_held, u64 hold_ns);
void gb_reorder_push(struct gb_reorder *r, void *pkt, bool has_seq, u32 seq,
		     u64 now_ns, const struct gb_reorder_ops *ops, void *ctx);
void gb_reorder_expire(struct gb_reorder *r, u64 now_ns,
		       const struct gb_reorder_ops *ops, void *ctx);
u64 gb_reorder_deadline(const struct gb_reorder *r);
void gb_reorder_purge(struct gb_reorder *r, const struct gb_reorder_ops *ops,
		      void *ctx);

#endif /* _GRE_BOND_REORDER_H */
