// SPDX-License-Identifier: GPL-2.0
/*
 * gre_bond: receive. A netfilter hook at LOCAL_IN takes the GRE packets of
 * our tunnels and leaves every other packet alone, so that ip_gre, ip6_gre
 * and PPTP keep working. Data goes through the bond's reorder window, the
 * hold timer and a NAPI context that delivers in order on the bond device;
 * control messages go to the daemon over generic netlink.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <net/inet_ecn.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/xfrm.h>
#if IS_ENABLED(CONFIG_NF_DEFRAG_IPV6)
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#endif

#include "gre_bond.h"
#include "compat.h"

/* auto hold time (Documentation/gre_bond.rst, "Hold time") */
#define GB_HOLD_FLOOR_NS	(1 * NSEC_PER_MSEC)
#define GB_HOLD_MARGIN_NS	(2 * NSEC_PER_MSEC)
#define GB_EST_PERIOD_NS	NSEC_PER_SEC

/**
 * struct gb_skb_cb - what a packet in the reorder window remembers
 * @tunnel: id of the tunnel it arrived on
 */
struct gb_skb_cb {
	u8 tunnel;
};

#define GB_SKB_CB(skb)	((struct gb_skb_cb *)(skb)->cb)

/**
 * struct gb_rx_ctx - one pass through the reorder window
 * @bond: the bond
 * @tunnel: tunnel of the packet pushed, or U8_MAX for the timer
 * @delivered: packets queued for NAPI
 * @late: packets discarded as late
 * @max_res_ns: longest residence among the packets released because a
 *	packet of another tunnel filled their gap
 */
struct gb_rx_ctx {
	struct gb_bond *bond;
	u8 tunnel;
	unsigned int delivered;
	unsigned int late;
	u64 max_res_ns;
};

static void gb_rx_deliver(void *ctx, void *pkt, u64 residence_ns)
{
	struct gb_rx_ctx *c = ctx;
	struct gb_bond *bond = c->bond;
	struct sk_buff *skb = pkt;

	lockdep_assert_held(&bond->rx_lock);
	/*
	 * A gap filled from the same tunnel is reordering within one path
	 * (several CPUs at the sender, say), not a delay difference.
	 */
	if (residence_ns > c->max_res_ns &&
	    GB_SKB_CB(skb)->tunnel != c->tunnel)
		c->max_res_ns = residence_ns;
	if (unlikely(skb_queue_len(&bond->rx_queue) >= GB_RX_QUEUE_MAX)) {
		gb_count(bond, GRE_BOND_S_RX_QUEUE_FULL);
		DEV_STATS_INC(bond->dev, rx_dropped);
		kfree_skb(skb);
		return;
	}
	__skb_queue_tail(&bond->rx_queue, skb);
	c->delivered++;
}

static void gb_rx_discard(void *ctx, void *pkt, enum gb_reorder_discard why)
{
	struct gb_rx_ctx *c = ctx;
	struct gb_bond *bond = c->bond;

	lockdep_assert_held(&bond->rx_lock);
	/* late and duplicate ones are counted by the window itself */
	if (why == GB_REORDER_LATE)
		c->late++;
	else if (why == GB_REORDER_TEARDOWN)
		gb_count(bond, GRE_BOND_S_RX_PURGED);
	DEV_STATS_INC(bond->dev, rx_dropped);
	kfree_skb(pkt);
}

static const struct gb_reorder_ops gb_rx_ops = {
	.deliver = gb_rx_deliver,
	.discard = gb_rx_discard,
};

/* Hold time in force, from the estimator (auto) or the configuration. */
static void gb_hold_recompute(struct gb_bond *bond)
{
	u64 d, hold;

	lockdep_assert_held(&bond->rx_lock);
	if (!bond->auto_hold)
		return;
	d = max3(bond->ctrl_delay_ns, bond->est_prev_ns, bond->est_cur_ns);
	/*
	 * Nothing measured yet: hold as long as allowed rather than lose the
	 * first packets of the slower tunnel (a TCP flow would take each as a
	 * loss); the first filled gaps bring the hold down to the real skew.
	 */
	if (!d) {
		bond->reorder.hold_ns = bond->hold_max_ns;
		return;
	}
	hold = d + d / 2 + GB_HOLD_MARGIN_NS;
	bond->reorder.hold_ns = clamp_t(u64, hold, GB_HOLD_FLOOR_NS,
					bond->hold_max_ns);
}

/* One observation of the delay difference between the tunnels. */
static void gb_est_sample(struct gb_bond *bond, u64 sample_ns, u64 now)
{
	lockdep_assert_held(&bond->rx_lock);
	if (now - bond->est_start_ns >= GB_EST_PERIOD_NS) {
		/* a period without observations keeps what we knew */
		if (bond->est_cur_ns)
			bond->est_prev_ns = bond->est_cur_ns;
		bond->est_cur_ns = 0;
		bond->est_start_ns = now;
	}
	if (sample_ns > bond->est_cur_ns)
		bond->est_cur_ns = min(sample_ns, bond->hold_max_ns);
}

/*
 * After a push: a gap filled in time tells how long the packets behind it
 * waited, which is the delay difference itself. A packet that came too
 * late means the hold time was too short: if the timer gave up on a gap
 * recently, the packets behind it had waited the hold time and this one
 * came that much later again, which measures the difference too;
 * otherwise the estimate doubles (at least to the hold time in force).
 * Releases forced by a full buffer or a resync say nothing about delays.
 */
static void gb_est_update(struct gb_bond *bond, const struct gb_rx_ctx *c,
			  bool forced, u64 now)
{
	u64 hold = bond->reorder.hold_ns;

	lockdep_assert_held(&bond->rx_lock);
	if (!bond->auto_hold)
		return;
	if (c->late) {
		u64 d = max3(bond->ctrl_delay_ns, bond->est_prev_ns,
			     bond->est_cur_ns);
		u64 since = now - bond->giveup_ns;

		if (bond->giveup_ns && since < bond->hold_max_ns)
			gb_est_sample(bond, hold + since, now);
		else
			gb_est_sample(bond, max(2 * d, hold), now);
	} else if (c->max_res_ns && !forced) {
		gb_est_sample(bond, c->max_res_ns, now);
	} else {
		return;
	}
	gb_hold_recompute(bond);
}

/* Arm the hold timer for the window's deadline, if that is sooner. */
static void gb_rx_arm(struct gb_bond *bond)
{
	u64 deadline;

	lockdep_assert_held(&bond->rx_lock);
	deadline = gb_reorder_deadline(&bond->reorder);
	if (!deadline)
		return;
	deadline = min_t(u64, deadline, KTIME_MAX);
	if (bond->armed_ns && bond->armed_ns <= deadline)
		return;
	bond->armed_ns = deadline;
	hrtimer_start(&bond->timer, ns_to_ktime(deadline),
		      HRTIMER_MODE_ABS_SOFT);
}

static enum hrtimer_restart gb_rx_timer(struct hrtimer *timer)
{
	struct gb_bond *bond = container_of(timer, struct gb_bond, timer);
	struct gb_rx_ctx c = { .bond = bond, .tunnel = U8_MAX };
	u64 now, gaps;

	spin_lock_bh(&bond->rx_lock);
	now = ktime_get_ns();
	bond->armed_ns = 0;
	gaps = bond->reorder.stats.gaps_skipped;
	gb_reorder_expire(&bond->reorder, now, &gb_rx_ops, &c);
	if (gaps != bond->reorder.stats.gaps_skipped)
		bond->giveup_ns = now;
	gb_rx_arm(bond);
	spin_unlock_bh(&bond->rx_lock);

	if (c.delivered)
		napi_schedule(&bond->napi);
	return HRTIMER_NORESTART;
}

/*
 * Every packet the window releases, from the hook or from the timer, goes
 * through this one queue and this one NAPI context, so that the order the
 * window restored is the order the stack sees.
 */
static int gb_napi_poll(struct napi_struct *napi, int budget)
{
	struct gb_bond *bond = container_of(napi, struct gb_bond, napi);
	struct sk_buff_head q;
	struct sk_buff *skb;
	int done = 0;

	__skb_queue_head_init(&q);
	spin_lock_bh(&bond->rx_lock);
	while (done < budget && (skb = __skb_dequeue(&bond->rx_queue))) {
		__skb_queue_tail(&q, skb);
		done++;
	}
	spin_unlock_bh(&bond->rx_lock);

	while ((skb = __skb_dequeue(&q))) {
		/*
		 * GRO rewrites the fragment list of the packets it merges,
		 * and a clone shares that list with the other holders of its
		 * data: over a veth, with the sender's TCP retransmit queue,
		 * whose SACK processing then trips over the lengths. A copy
		 * of the head makes the list ours (gro_cells avoids GRO for
		 * clones instead, which would reorder here).
		 */
		if (unlikely(skb_unclone(skb, GFP_ATOMIC))) {
			gb_count(bond, GRE_BOND_S_NO_MEMORY);
			DEV_STATS_INC(bond->dev, rx_dropped);
			kfree_skb(skb);
			continue;
		}
		dev_sw_netstats_rx_add(bond->dev, skb->len);
		napi_gro_receive(napi, skb);
	}

	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

static void gb_rx_push(struct gb_bond *bond, struct gb_tunnel *t,
		       struct sk_buff *skb, const struct gb_gre_hdr *gh)
{
	struct gb_reorder_stats *st = &bond->reorder.stats;
	struct gb_rx_ctx c = { .bond = bond, .tunnel = t->id };
	u64 forced, now;

	GB_SKB_CB(skb)->tunnel = t->id;
	spin_lock_bh(&bond->rx_lock);
	now = ktime_get_ns();
	forced = st->flush_overflow + st->resync;
	gb_reorder_push(&bond->reorder, skb, gb_gre_has_seq(gh), gh->seq, now,
			&gb_rx_ops, &c);
	gb_est_update(bond, &c, forced != st->flush_overflow + st->resync, now);
	gb_rx_arm(bond);
	spin_unlock_bh(&bond->rx_lock);

	if (c.delivered)
		napi_schedule(&bond->napi);
}

/**
 * struct gb_rx_pkt - what the hook learnt from the outer header
 * @src: outer source, the tunnel's remote
 * @dst: outer destination, the tunnel's local
 * @off: offset of the GRE header from skb->data
 * @tos: outer DS field
 */
struct gb_rx_pkt {
	struct gb_addr src;
	struct gb_addr dst;
	unsigned int off;
	u8 tos;
};

static bool gb_addr_eq(const struct gb_addr *a, const struct gb_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void gb_rx_log_stranger(const struct gb_bond *bond, u32 key,
			       const struct gb_addr *from)
{
	if (from->family == AF_INET)
		net_dbg_ratelimited("%s: key %u from %pI4, no tunnel of the bond\n",
				    bond->dev->name, key, &from->in4);
	else
		net_dbg_ratelimited("%s: key %u from %pI6c, no tunnel of the bond\n",
				    bond->dev->name, key, &from->in6);
}

/* A data packet of @t, GRE header parsed. Consumes @skb. */
static void gb_rx_data(struct gb_bond *bond, struct gb_tunnel *t,
		       struct sk_buff *skb, const struct gb_rx_pkt *p,
		       const struct gb_gre_hdr *gh)
{
	bool v4 = gh->proto == GB_GRE_PROTO_IPV4;
	unsigned int ihl = v4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	enum gre_bond_s why;
	u8 inner;
	int err;

	if (READ_ONCE(t->admin) != GRE_BOND_ADMIN_UP) {
		why = GRE_BOND_S_DROP_TUNNEL_DOWN;
		goto drop;
	}
	if (unlikely(!netif_running(bond->dev))) {
		why = GRE_BOND_S_RX_DEV_DOWN;
		goto drop;
	}

	if (__iptunnel_pull_header(skb, p->off + gh->hlen,
				   htons(v4 ? ETH_P_IP : ETH_P_IPV6), true,
				   false)) {
		why = GRE_BOND_S_NO_MEMORY;
		goto drop;
	}
	if (!pskb_may_pull(skb, ihl)) {
		why = GRE_BOND_S_DROP_SHORT;
		goto drop;
	}
	skb_reset_network_header(skb);
	skb_reset_mac_header(skb);
	if (unlikely(skb->data[0] >> 4 != (v4 ? 4 : 6))) {
		why = GRE_BOND_S_DROP_BAD_PROTO;
		goto drop;
	}
	skb->dev = bond->dev;

	/* RFC 6040 decapsulation may write the inner header */
	if ((p->tos & INET_ECN_MASK) && skb_ensure_writable(skb, ihl)) {
		why = GRE_BOND_S_NO_MEMORY;
		goto drop;
	}
	inner = v4 ? ipv4_get_dsfield(ip_hdr(skb)) :
		     ipv6_get_dsfield(ipv6_hdr(skb));
	err = INET_ECN_decapsulate(skb, p->tos, inner);
	if (unlikely(err > 1)) {
		why = GRE_BOND_S_DROP_ECN;
		goto drop;
	}

	gb_tstats_add(t, GRE_BOND_TS_RX_PACKETS, GRE_BOND_TS_RX_BYTES,
		      skb->len);
	gb_rx_push(bond, t, skb, gh);
	return;

drop:
	gb_count(bond, why);
	DEV_STATS_INC(bond->dev, rx_dropped);
	kfree_skb(skb);
}

/* A control message of @t: to the daemon. Consumes @skb. */
static void gb_rx_ctrl(struct gb_bond *bond, struct gb_tunnel *t,
		       struct sk_buff *skb, const struct gb_rx_pkt *p,
		       const struct gb_gre_hdr *gh)
{
	int err = -ESRCH;

	gb_tstats_add(t, GRE_BOND_TS_RX_CTRL, 0, 0);
	if (gb_nl_ctrl_listened(dev_net(bond->dev)))
		err = gb_nl_ctrl_recv(bond, t, gh, &p->src, skb,
				      p->off + gh->hlen);
	if (err == -ESRCH)
		gb_count(bond, GRE_BOND_S_DROP_CTRL_NO_LISTENER);
	else if (err)
		gb_count(bond, GRE_BOND_S_NO_MEMORY);
	consume_skb(skb);
}

static enum gre_bond_s gb_parse_error(enum gb_gre_parse_err err)
{
	switch (err) {
	case GB_GRE_ERR_VERSION:
		return GRE_BOND_S_DROP_BAD_VERSION;
	case GB_GRE_ERR_FLAGS:
		return GRE_BOND_S_DROP_BAD_FLAGS;
	default:
		return GRE_BOND_S_DROP_SHORT;
	}
}

static bool gb_rx_policy_ok(struct sk_buff *skb, u16 family)
{
	if (family == AF_INET)
		return xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb);
	return xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb);
}

/*
 * An outer packet of protocol 47 addressed to this host. Ours when its
 * (destination, source) is a tunnel's (local, remote); then it is consumed
 * whatever happens to it. Also consumed, as a drop, when it carries the key
 * of one of our bonds from an address that is no tunnel of that bond.
 * Everything else is left to the stack.
 */
static unsigned int gb_rx(struct net *net, struct sk_buff *skb,
			  const struct gb_rx_pkt *p)
{
	struct gb_net *gbn = gb_net(net);
	struct gb_tunnel *t, *first = NULL, *match = NULL;
	enum gb_gre_parse_err perr = GB_GRE_ERR_SHORT;
	struct rhlist_head *list, *pos;
	struct gb_gre_hdr gh;
	struct gb_bond *bond;
	enum gre_bond_s why;
	u16 alt;

	if (pskb_may_pull(skb, p->off + GB_GRE_BASE_LEN)) {
		u16 flags = get_unaligned_be16(skb->data + p->off);

		if (pskb_may_pull(skb, p->off + gb_gre_hlen(flags)))
			perr = gb_gre_parse(skb->data + p->off,
					    skb_headlen(skb) - p->off, &gh);
	}

	list = rhltable_lookup(&gbn->by_remote, &p->src, gb_remote_params);
	rhl_for_each_entry_rcu(t, pos, list, rnode) {
		if (t->local.family && !gb_addr_eq(&t->local, &p->dst))
			continue;
		if (!first)
			first = t;
		if (perr == GB_GRE_OK && gb_gre_has_key(&gh) &&
		    gh.key == READ_ONCE(t->bond->key)) {
			match = t;
			break;
		}
	}

	if (!first) {
		if (perr != GB_GRE_OK || !gb_gre_has_key(&gh) || !gh.key)
			return NF_ACCEPT;
		bond = NULL;
		list = rhltable_lookup(&gbn->by_key, &gh.key, gb_key_params);
		rhl_for_each_entry_rcu(bond, pos, list, knode)
			break;
		if (!bond)
			return NF_ACCEPT;
		/*
		 * A control message with our key from an address that is no
		 * tunnel yet (a DSL Setup Request, RFC 8157 5.1) is for the
		 * control daemon's raw socket, which checks the key itself.
		 */
		alt = READ_ONCE(bond->ctrl_proto_alt);
		if (gh.proto == GB_GRE_PROTO_CTRL || (alt && gh.proto == alt))
			return NF_ACCEPT;
		gb_rx_log_stranger(bond, gh.key, &p->src);
		why = GRE_BOND_S_DROP_UNKNOWN_SOURCE;
		goto drop;
	}

	t = match ?: first;
	bond = t->bond;
	if (!gb_rx_policy_ok(skb, p->src.family)) {
		why = GRE_BOND_S_DROP_XFRM_POLICY;
		goto drop;
	}
	if (perr != GB_GRE_OK) {
		why = gb_parse_error(perr);
		goto drop;
	}
	if (!gb_gre_has_key(&gh)) {
		why = GRE_BOND_S_DROP_BAD_FLAGS;
		goto drop;
	}
	if (gb_gre_has_csum(&gh) &&
	    csum_fold(skb_checksum(skb, p->off, skb->len - p->off, 0))) {
		why = GRE_BOND_S_DROP_BAD_CSUM;
		goto drop;
	}

	alt = READ_ONCE(bond->ctrl_proto_alt);
	if (gh.proto == GB_GRE_PROTO_CTRL || (alt && gh.proto == alt)) {
		/* RFC 8157 5: the first setup request carries key 0 */
		if (!match && gh.key) {
			why = GRE_BOND_S_DROP_UNKNOWN_KEY;
			goto drop;
		}
		gb_rx_ctrl(bond, t, skb, p, &gh);
		return NF_STOLEN;
	}

	if (!match) {
		why = GRE_BOND_S_DROP_UNKNOWN_KEY;
		goto drop;
	}
	if (gh.proto != GB_GRE_PROTO_IPV4 && gh.proto != GB_GRE_PROTO_IPV6) {
		why = GRE_BOND_S_DROP_BAD_PROTO;
		goto drop;
	}
	gb_rx_data(bond, t, skb, p, &gh);
	return NF_STOLEN;

drop:
	gb_count(bond, why);
	kfree_skb(skb);
	return NF_STOLEN;
}

static unsigned int gb_nf_in4(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct gb_rx_pkt p;

	if (iph->protocol != IPPROTO_GRE)
		return NF_ACCEPT;

	memset(&p, 0, sizeof(p));
	p.src.family = AF_INET;
	p.src.in4 = iph->saddr;
	p.dst.family = AF_INET;
	p.dst.in4 = iph->daddr;
	p.off = skb_network_offset(skb) + ip_hdrlen(skb);
	p.tos = ipv4_get_dsfield(iph);
	return gb_rx(state->net, skb, &p);
}

static unsigned int gb_nf_in6(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	u8 nexthdr = ip6h->nexthdr;
	struct gb_rx_pkt p;
	__be16 frag_off;
	int off;

	if (nexthdr != IPPROTO_GRE && !ipv6_ext_hdr(nexthdr))
		return NF_ACCEPT;

	off = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(*ip6h),
			       &nexthdr, &frag_off);
	/* a fragment: nf_defrag_ipv6 is on, so this is no tunnel of ours */
	if (off < 0 || nexthdr != IPPROTO_GRE || frag_off)
		return NF_ACCEPT;

	memset(&p, 0, sizeof(p));
	p.src.family = AF_INET6;
	p.src.in6 = ip6h->saddr;
	p.dst.family = AF_INET6;
	p.dst.in6 = ip6h->daddr;
	p.off = off;
	p.tos = ipv6_get_dsfield(ip6h);
	return gb_rx(state->net, skb, &p);
}

/*
 * LOCAL_IN: IPv4 is reassembled and known to be for us. After the filter
 * and security tables, so the firewall sees outer GRE as it would for
 * ip_gre; before NAT and conntrack confirmation.
 */
static const struct nf_hook_ops gb_nf_ops[] = {
	{
		.hook		= gb_nf_in4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_SECURITY + 1,
	},
	{
		.hook		= gb_nf_in6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_SECURITY + 1,
	},
};

/**
 * gb_rx_hooks_register() - start receiving in a namespace
 * @net: the namespace of the first bond
 *
 * Also has IPv6 reassembled before LOCAL_IN (nf_defrag_ipv6), since the
 * outer IPv6 packets of payloads up to 1280 bytes may come in fragments.
 *
 * Context: RTNL.
 * Return: 0 or a negative errno.
 */
int gb_rx_hooks_register(struct net *net)
{
	struct gb_net *gbn = gb_net(net);
	int err;

	ASSERT_RTNL();
	if (gbn->hooks)
		return 0;
#if IS_ENABLED(CONFIG_NF_DEFRAG_IPV6)
	err = nf_defrag_ipv6_enable(net);
	if (err)
		return err;
#endif
	err = nf_register_net_hooks(net, gb_nf_ops, ARRAY_SIZE(gb_nf_ops));
	if (err) {
#if IS_ENABLED(CONFIG_NF_DEFRAG_IPV6)
		nf_defrag_ipv6_disable(net);
#endif
		return err;
	}
	gbn->hooks = true;
	return 0;
}

/**
 * gb_rx_hooks_unregister() - stop receiving in a namespace
 * @net: the namespace whose last bond went
 *
 * Context: RTNL.
 */
void gb_rx_hooks_unregister(struct net *net)
{
	struct gb_net *gbn = gb_net(net);

	ASSERT_RTNL();
	if (!gbn->hooks)
		return;
	nf_unregister_net_hooks(net, gb_nf_ops, ARRAY_SIZE(gb_nf_ops));
#if IS_ENABLED(CONFIG_NF_DEFRAG_IPV6)
	nf_defrag_ipv6_disable(net);
#endif
	gbn->hooks = false;
}

static struct gb_reorder_slot *gb_slots_alloc(u32 reorder_max, u32 *window)
{
	*window = roundup_pow_of_two(reorder_max);
	return kvcalloc(*window, sizeof(struct gb_reorder_slot), GFP_KERNEL);
}

/**
 * gb_rx_bond_init() - set up a new bond's receive side
 * @bond: the bond, not registered yet
 *
 * Return: 0 or a negative errno.
 */
int gb_rx_bond_init(struct gb_bond *bond)
{
	u32 window;
	int err;

	BUILD_BUG_ON(sizeof(struct gb_skb_cb) > sizeof_field(struct sk_buff, cb));
	spin_lock_init(&bond->rx_lock);
	__skb_queue_head_init(&bond->rx_queue);
	hrtimer_setup(&bond->timer, gb_rx_timer, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_SOFT);

	bond->slots = gb_slots_alloc(bond->reorder_max, &window);
	if (!bond->slots)
		return -ENOMEM;
	bond->auto_hold = bond->hold_mode == GRE_BOND_HOLD_AUTO;
	bond->hold_max_ns = (u64)bond->hold_max_us * NSEC_PER_USEC;
	err = gb_reorder_init(&bond->reorder, bond->slots, window,
			      bond->reorder_max,
			      (u64)bond->hold_us * NSEC_PER_USEC);
	if (WARN_ON_ONCE(err)) {
		kvfree(bond->slots);
		bond->slots = NULL;
		return err;
	}
	gb_hold_recompute(bond);
	netif_napi_add(bond->dev, &bond->napi, gb_napi_poll);
	return 0;
}

/* Drop what the window and the queue hold. */
static void gb_rx_purge(struct gb_bond *bond)
{
	struct gb_rx_ctx c = { .bond = bond, .tunnel = U8_MAX };

	spin_lock_bh(&bond->rx_lock);
	gb_reorder_purge(&bond->reorder, &gb_rx_ops, &c);
	while (!skb_queue_empty(&bond->rx_queue)) {
		gb_count(bond, GRE_BOND_S_RX_PURGED);
		DEV_STATS_INC(bond->dev, rx_dropped);
		kfree_skb(__skb_dequeue(&bond->rx_queue));
	}
	spin_unlock_bh(&bond->rx_lock);
}

/**
 * gb_rx_bond_uninit() - tear down a bond's receive side
 * @bond: the bond; no packet can reach it any more
 */
void gb_rx_bond_uninit(struct gb_bond *bond)
{
	hrtimer_cancel(&bond->timer);
	if (!bond->slots)
		return;
	gb_rx_purge(bond);
	kvfree(bond->slots);
	bond->slots = NULL;
}

/**
 * gb_rx_open() - the bond goes up
 * @bond: the bond
 *
 * Context: RTNL.
 */
void gb_rx_open(struct gb_bond *bond)
{
	napi_enable(&bond->napi);
}

/**
 * gb_rx_stop() - the bond goes down: deliver nothing more, drop what waits
 * @bond: the bond
 *
 * Context: RTNL.
 */
void gb_rx_stop(struct gb_bond *bond)
{
	napi_disable(&bond->napi);
	hrtimer_cancel(&bond->timer);
	spin_lock_bh(&bond->rx_lock);
	bond->armed_ns = 0;
	spin_unlock_bh(&bond->rx_lock);
	gb_rx_purge(bond);
}

/**
 * gb_rx_resize() - change MAX_PERFLOW_BUFFER
 * @bond: the bond
 * @reorder_max: the new limit, 1 to GB_REORDER_WINDOW_MAX
 *
 * Swaps in a new window of round_up_pow_of_two(@reorder_max) slots. The
 * packets the old one held are dropped; the counters carry over; the next
 * sequenced packet starts the new window.
 *
 * Context: RTNL.
 * Return: 0 or -ENOMEM, with the old window kept.
 */
int gb_rx_resize(struct gb_bond *bond, u32 reorder_max)
{
	struct gb_rx_ctx c = { .bond = bond, .tunnel = U8_MAX };
	struct gb_reorder_slot *slots, *old;
	struct gb_reorder_stats stats;
	u32 window;
	int err;

	ASSERT_RTNL();
	slots = gb_slots_alloc(reorder_max, &window);
	if (!slots)
		return -ENOMEM;

	spin_lock_bh(&bond->rx_lock);
	gb_reorder_purge(&bond->reorder, &gb_rx_ops, &c);
	stats = bond->reorder.stats;
	err = gb_reorder_init(&bond->reorder, slots, window, reorder_max,
			      bond->reorder.hold_ns);
	if (WARN_ON_ONCE(err)) {
		/* cannot happen: the policy bounds reorder_max */
		gb_reorder_init(&bond->reorder, bond->slots,
				roundup_pow_of_two(bond->reorder_max),
				bond->reorder_max, bond->reorder.hold_ns);
		old = slots;
	} else {
		old = bond->slots;
		bond->slots = slots;
		bond->reorder_max = reorder_max;
	}
	bond->reorder.stats = stats;
	spin_unlock_bh(&bond->rx_lock);

	kvfree(old);
	return err;
}

/**
 * gb_rx_hold_update() - apply the hold time configuration and RTTs
 * @bond: the bond
 *
 * In auto mode the control plane's RTTs give a floor to the delay
 * difference estimate: |RTT(primary) - RTT(secondary)| / 2.
 *
 * Context: RTNL.
 */
void gb_rx_hold_update(struct gb_bond *bond)
{
	struct gb_tunnel *p = rtnl_dereference(bond->primary);
	struct gb_tunnel *s = rtnl_dereference(bond->secondary);
	u64 ctrl = 0;

	ASSERT_RTNL();
	if (p && s && p->rtt_us && s->rtt_us)
		ctrl = (u64)(max(p->rtt_us, s->rtt_us) -
			     min(p->rtt_us, s->rtt_us)) * NSEC_PER_USEC / 2;

	spin_lock_bh(&bond->rx_lock);
	bond->ctrl_delay_ns = ctrl;
	bond->hold_max_ns = (u64)bond->hold_max_us * NSEC_PER_USEC;
	if (!bond->auto_hold && bond->hold_mode == GRE_BOND_HOLD_AUTO) {
		/* back to auto: what was measured before may be stale */
		bond->est_cur_ns = 0;
		bond->est_prev_ns = 0;
	}
	bond->auto_hold = bond->hold_mode == GRE_BOND_HOLD_AUTO;
	if (bond->auto_hold)
		gb_hold_recompute(bond);
	else
		bond->reorder.hold_ns = (u64)bond->hold_us * NSEC_PER_USEC;
	/* a shorter hold may move the deadline forward */
	bond->armed_ns = 0;
	gb_rx_arm(bond);
	spin_unlock_bh(&bond->rx_lock);
}

/**
 * gb_rx_stats() - read the receive window's state
 * @bond: the bond
 * @st: its counters
 * @depth: packets held now
 * @hold_us: hold time in force
 */
void gb_rx_stats(struct gb_bond *bond, struct gb_reorder_stats *st,
		 u32 *depth, u32 *hold_us)
{
	spin_lock_bh(&bond->rx_lock);
	*st = bond->reorder.stats;
	*depth = bond->reorder.held;
	*hold_us = div_u64(bond->reorder.hold_ns, NSEC_PER_USEC);
	spin_unlock_bh(&bond->rx_lock);
}

/**
 * gb_rx_stats_reset() - zero the receive window's counters
 * @bond: the bond
 */
void gb_rx_stats_reset(struct gb_bond *bond)
{
	spin_lock_bh(&bond->rx_lock);
	memset(&bond->reorder.stats, 0, sizeof(bond->reorder.stats));
	spin_unlock_bh(&bond->rx_lock);
}
