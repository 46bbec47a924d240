/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmip_mmb: which binding carries a packet. Pure (include/hybrid/pure.h):
 * the caller hands in a snapshot of the session's bindings, the packet's
 * flow and the clock, so the same code runs in the module and in the host
 * unit tests (selftests/unit/test_pmip_select.c).
 */
#ifndef _PMIP_MMB_SELECT_H
#define _PMIP_MMB_SELECT_H

#include "../include/hybrid/pure.h"
#include "../include/uapi/linux/pmip_mmb.h"

/**
 * struct pm_sel_binding - what the selector needs of one binding
 * @expires: end of its lifetime on the caller's clock; live while now < it
 * @bid: Binding ID, the rendezvous hashing seed
 * @label: If-Label, matched by label rules
 * @weight: share under the per-packet policy, 0 carries nothing
 * @up: its tunnel device can send
 */
struct pm_sel_binding {
	u64 expires;
	u8 bid;
	u8 label;
	u8 weight;
	bool up;
};

#define PM_SEL_RULE_PROTO	0x1	/* @proto must match */
#define PM_SEL_RULE_PORT	0x2	/* @port must match */

/**
 * struct pm_sel_rule - "this traffic prefers these labels"
 * @match: PM_SEL_RULE_* that apply; 0 matches every flow
 * @proto: IP protocol
 * @port: destination port
 * @n_labels: entries in @labels, 1..PMIP_MMB_MAX_PREF
 * @labels: If-Labels, most preferred first
 */
struct pm_sel_rule {
	u8 match;
	u8 proto;
	u16 port;
	u8 n_labels;
	u8 labels[PMIP_MMB_MAX_PREF];
};

/**
 * struct pm_sel_flow - the packet as the selector sees it
 * @hash: flow hash, equal for all packets of a flow
 * @proto: IP protocol (0 if unknown)
 * @dport: destination port in host order (0 if none)
 */
struct pm_sel_flow {
	u32 hash;
	u8 proto;
	u16 dport;
};

/* pm_sel_flow_pick() result flags */
#define PM_SEL_FALLBACK		0x1	/* a rule matched, no label of it live */

static inline bool pm_sel_live(const struct pm_sel_binding *b, u64 now)
{
	return b->up && now < b->expires;
}

u32 pm_sel_mix(u32 hash, u8 bid);
int pm_sel_flow_pick(const struct pm_sel_binding *b, unsigned int n,
		     const struct pm_sel_rule *rules, unsigned int n_rules,
		     const struct pm_sel_flow *flow, u64 now,
		     unsigned int *flags);
int pm_sel_packet_pick(const struct pm_sel_binding *b, unsigned int n,
		       u32 seq, u64 now);

#endif /* _PMIP_MMB_SELECT_H */
