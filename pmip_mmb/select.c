// SPDX-License-Identifier: GPL-2.0
/*
 * pmip_mmb: binding selection (RFC 8278 3.2 leaves the split to us).
 *
 * Per flow: the first label rule that matches the flow names If-Labels in
 * order of preference; the candidates are the live bindings with the first
 * of those labels that any live binding has, or all live bindings when no
 * rule matches or none of its labels is live (a fallback). Among the
 * candidates the flow hash picks one by rendezvous (highest random weight)
 * hashing: each candidate scores mix(hash, BID) and the highest wins, so a
 * binding that comes or goes moves only the flows that were or will be on
 * it, and a flow returns to its binding when that binding comes back.
 *
 * Per packet: packet number k of the session lands at the point
 * frac(k * golden ratio) of the live bindings' summed weights. That Weyl
 * sequence fills [0, 1) evenly over any run of packets, so every window of
 * packets is split close to the weights, with the bindings interleaved,
 * and no state beyond the session's packet counter is needed.
 */

#include "select.h"

#define PM_GOLDEN32	0x9E3779B9U

/**
 * pm_sel_mix() - rendezvous score of a flow on a binding
 * @hash: flow hash
 * @bid: Binding ID
 *
 * Return: a well mixed 32-bit value (the murmur3 finaliser).
 */
u32 pm_sel_mix(u32 hash, u8 bid)
{
	u32 x = hash ^ ((u32)bid * PM_GOLDEN32);

	x ^= x >> 16;
	x *= 0x85EBCA6BU;
	x ^= x >> 13;
	x *= 0xC2B2AE35U;
	x ^= x >> 16;
	return x;
}

static bool pm_sel_rule_matches(const struct pm_sel_rule *r,
				const struct pm_sel_flow *flow)
{
	if ((r->match & PM_SEL_RULE_PROTO) && r->proto != flow->proto)
		return false;
	if ((r->match & PM_SEL_RULE_PORT) && r->port != flow->dport)
		return false;
	return true;
}

/* Highest score among live bindings, of @label unless @any_label. */
static int pm_sel_rendezvous(const struct pm_sel_binding *b, unsigned int n,
			     u32 hash, u64 now, bool any_label, u8 label)
{
	int best = -1;
	u32 best_score = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		u32 score;

		if (!pm_sel_live(&b[i], now))
			continue;
		if (!any_label && b[i].label != label)
			continue;
		score = pm_sel_mix(hash, b[i].bid);
		if (best < 0 || score > best_score) {
			best = i;
			best_score = score;
		}
	}
	return best;
}

/**
 * pm_sel_flow_pick() - the binding of a flow (per-flow policy)
 * @b: the session's bindings
 * @n: their number
 * @rules: label rules, first match wins
 * @n_rules: their number
 * @flow: the packet's flow
 * @now: the clock @b's expiry times use
 * @flags: set to PM_SEL_FALLBACK when a rule matched but the flow had to
 *	go to a binding without any of its labels; 0 otherwise
 *
 * Return: an index into @b, or -1 when no binding is live.
 */
int pm_sel_flow_pick(const struct pm_sel_binding *b, unsigned int n,
		     const struct pm_sel_rule *rules, unsigned int n_rules,
		     const struct pm_sel_flow *flow, u64 now,
		     unsigned int *flags)
{
	unsigned int i, j;
	int pick;

	*flags = 0;
	for (i = 0; i < n_rules; i++) {
		const struct pm_sel_rule *r = &rules[i];

		if (!pm_sel_rule_matches(r, flow))
			continue;
		for (j = 0; j < r->n_labels && j < PMIP_MMB_MAX_PREF; j++) {
			pick = pm_sel_rendezvous(b, n, flow->hash, now, false,
						 r->labels[j]);
			if (pick >= 0)
				return pick;
		}
		pick = pm_sel_rendezvous(b, n, flow->hash, now, true, 0);
		if (pick >= 0)
			*flags |= PM_SEL_FALLBACK;
		return pick;
	}
	return pm_sel_rendezvous(b, n, flow->hash, now, true, 0);
}

/**
 * pm_sel_packet_pick() - the binding of a packet (per-packet policy)
 * @b: the session's bindings
 * @n: their number
 * @seq: the session's packet number, one more for every packet
 * @now: the clock @b's expiry times use
 *
 * Return: an index into @b, or -1 when no live binding has a weight.
 */
int pm_sel_packet_pick(const struct pm_sel_binding *b, unsigned int n,
		       u32 seq, u64 now)
{
	u32 total = 0, point;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (pm_sel_live(&b[i], now))
			total += b[i].weight;
	if (!total)
		return -1;

	/* frac(seq * golden ratio) scaled to [0, total) */
	point = (u32)(((u64)(seq * PM_GOLDEN32) * total) >> 32);
	for (i = 0; i < n; i++) {
		if (!pm_sel_live(&b[i], now))
			continue;
		if (point < b[i].weight)
			return i;
		point -= b[i].weight;
	}
	return -1;	/* not reached: point < total */
}
