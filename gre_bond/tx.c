// SPDX-License-Identifier: GPL-2.0
/*
 * gre_bond: transmit. Segment, colour with the srTCM meter, pick the
 * tunnel, stamp key and sequence number, add GRE and the outer IPv4 or
 * IPv6 header. Also the control messages the daemon sends.
 */

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/dst_cache.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "gre_bond.h"
#include "compat.h"

/* what segmentation may leave for the underlay to finish */
#define GB_SEG_FEATURES	(NETIF_F_SG | NETIF_F_HW_CSUM)

/**
 * struct gb_encap - how to wrap one packet
 * @proto: GRE protocol type
 * @key: GRE key; K is set on everything we send
 * @seq: set S, with the bond's next sequence number
 * @tos: outer DS field
 * @remote: outer destination, NULL for the tunnel's own
 *
 * Outer packets may always be fragmented: IPv4 without DF, IPv6 by this
 * host (see Documentation/gre_bond.rst, "Transmit", for why).
 */
struct gb_encap {
	u16 proto;
	u32 key;
	bool seq;
	u8 tos;
	const struct gb_addr *remote;
};

static unsigned int gb_encap_hlen(const struct gb_encap *e)
{
	return gb_gre_hlen(GB_GRE_F_KEY | (e->seq ? GB_GRE_F_SEQ : 0));
}

/*
 * The sequence number is taken only here, once the route is known and the
 * headroom there, so that a packet we fail to send leaves no gap for the
 * receiver to wait on.
 */
static void gb_push_gre(struct gb_bond *bond, struct sk_buff *skb,
			const struct gb_encap *e, unsigned int hlen)
{
	u32 seq = e->seq ? (u32)atomic_fetch_inc_relaxed(&bond->tx_seq) : 0;

	gb_gre_build(skb_push(skb, hlen), hlen, e->proto, true, e->key,
		     e->seq, seq);
}

static int gb_xmit4(struct gb_bond *bond, struct gb_tunnel *t,
		    struct sk_buff *skb, const struct gb_encap *e)
{
	const struct gb_addr *remote = e->remote ?: &t->remote;
	unsigned int hlen = gb_encap_hlen(e);
	struct rtable *rt = NULL;
	struct flowi4 fl4;
	__be32 saddr;

	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = remote->in4;
	fl4.saddr = t->local.in4;
	fl4.flowi4_oif = t->link;
	fl4.flowi4_mark = t->fwmark;
	fl4.flowi4_proto = IPPROTO_GRE;
	fl4.fl4_gre_key = htonl(e->key);

	if (!e->remote)
		rt = dst_cache_get_ip4(&t->dst_cache, &saddr);
	if (!rt) {
		rt = ip_route_output_key(dev_net(bond->dev), &fl4);
		if (IS_ERR(rt))
			return PTR_ERR(rt);
		saddr = fl4.saddr;
		if (!e->remote)
			dst_cache_set_ip4(&t->dst_cache, &rt->dst, saddr);
	}
	if (unlikely(rt->dst.dev == bond->dev)) {
		ip_rt_put(rt);
		return -ELOOP;
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 rt->dst.header_len + sizeof(struct iphdr) + hlen)) {
		ip_rt_put(rt);
		return -ENOMEM;
	}

	gb_push_gre(bond, skb, e, hlen);
	skb->mark = t->fwmark;
	/* never DF: we do not act on ICMP errors about outer packets, so
	 * fragmentation beats a black hole (Documentation/gre_bond.rst)
	 */
	gb_iptunnel_xmit(rt, skb, saddr, remote->in4, e->tos,
			 ip4_dst_hoplimit(&rt->dst), 0);
	return 0;
}

static int gb_xmit6(struct gb_bond *bond, struct gb_tunnel *t,
		    struct sk_buff *skb, const struct gb_encap *e)
{
	const struct gb_addr *remote = e->remote ?: &t->remote;
	struct net *net = dev_net(bond->dev);
	unsigned int hlen = gb_encap_hlen(e);
	struct dst_entry *dst = NULL;
	struct ipv6hdr *ip6h;
	struct flowi6 fl6;

	memset(&fl6, 0, sizeof(fl6));
	fl6.daddr = remote->in6;
	if (t->local.family)
		fl6.saddr = t->local.in6;
	fl6.flowi6_oif = t->link;
	fl6.flowi6_mark = t->fwmark;
	fl6.flowi6_proto = IPPROTO_GRE;
	fl6.fl6_gre_key = htonl(e->key);

	if (!e->remote)
		dst = dst_cache_get_ip6(&t->dst_cache, &fl6.saddr);
	if (!dst) {
		/* as IPv4 routing does: no source address we do not have */
		if (t->local.family &&
		    !ipv6_chk_addr(net, &fl6.saddr, NULL, 0))
			return -EADDRNOTAVAIL;
		dst = ip6_dst_lookup_flow(net, NULL, &fl6, NULL);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		if (!e->remote)
			dst_cache_set_ip6(&t->dst_cache, dst, &fl6.saddr);
	}
	if (unlikely(dst->dev == bond->dev)) {
		dst_release(dst);
		return -ELOOP;
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len +
			 sizeof(struct ipv6hdr) + hlen)) {
		dst_release(dst);
		return -ENOMEM;
	}

	gb_push_gre(bond, skb, e, hlen);
	skb_scrub_packet(skb, false);
	skb_dst_set(skb, dst);
	skb->mark = t->fwmark;
	/* RFC 7676: the source fragments what the path cannot carry */
	skb->ignore_df = 1;

	skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, e->tos, ip6_make_flowlabel(net, skb, 0, true, &fl6));
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->nexthdr = IPPROTO_GRE;
	ip6h->saddr = fl6.saddr;
	ip6h->daddr = remote->in6;
	gb_ip6tunnel_xmit(skb, skb->dev);
	return 0;
}

/* Consumes @skb on success only. */
static int gb_encap_xmit(struct gb_bond *bond, struct gb_tunnel *t,
			 struct sk_buff *skb, const struct gb_encap *e)
{
	const struct gb_addr *remote = e->remote ?: &t->remote;

	if (remote->family == AF_INET)
		return gb_xmit4(bond, t, skb, e);
	return gb_xmit6(bond, t, skb, e);
}

/*
 * RFC 8157 4.3, 4.7: green and yellow to the primary (DSL) tunnel, red to
 * the secondary (LTE) one; whichever is left when one is unusable.
 */
static struct gb_tunnel *gb_tx_pick(struct gb_bond *bond,
				    enum gb_colour colour)
{
	struct gb_tunnel *p = rcu_dereference(bond->primary);
	struct gb_tunnel *s = rcu_dereference(bond->secondary);

	if (colour == GB_RED && gb_tunnel_usable(s))
		return s;
	if (gb_tunnel_usable(p))
		return p;
	if (gb_tunnel_usable(s))
		return s;
	return NULL;
}

static void gb_tx_account(struct gb_tunnel *t, enum gb_colour colour,
			  unsigned int len)
{
	static const u8 first[GB_COLOURS] = {
		[GB_GREEN]	= GRE_BOND_TS_TX_GREEN_PACKETS,
		[GB_YELLOW]	= GRE_BOND_TS_TX_YELLOW_PACKETS,
		[GB_RED]	= GRE_BOND_TS_TX_RED_PACKETS,
	};
	struct gb_tstats *s = this_cpu_ptr(t->stats);

	/* each colour's bytes counter follows its packets counter */
	BUILD_BUG_ON(GRE_BOND_TS_TX_RED_BYTES - GRE_BOND_TS_TX_RED_PACKETS != 1);
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->c[GRE_BOND_TS_TX_PACKETS]);
	u64_stats_add(&s->c[GRE_BOND_TS_TX_BYTES], len);
	u64_stats_inc(&s->c[first[colour]]);
	u64_stats_add(&s->c[first[colour] + 1], len);
	u64_stats_update_end(&s->syncp);
}

/*
 * Size check (Documentation/gre_bond.rst, "MTU"): an IPv4 packet above the
 * path MTU gets "fragmentation needed" if it has DF, else is sent in outer
 * fragments; an IPv6 packet gets "packet too big" above
 * max(path MTU, 1280), and up to 1280 bytes is sent in outer fragments.
 * Return: false if the packet was answered with an ICMP error.
 */
static bool gb_tx_fits(struct gb_bond *bond, struct sk_buff *skb,
		       const struct gb_encap *e)
{
	u32 mtu = READ_ONCE(bond->path_mtu);

	if (likely(skb->len <= mtu))
		return true;

	if (e->proto == GB_GRE_PROTO_IPV4) {
		if (ip_hdr(skb)->frag_off & htons(IP_DF)) {
			icmp_ndo_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				      htonl(mtu));
			return false;
		}
	} else {
		mtu = max_t(u32, mtu, IPV6_MIN_MTU);
		if (skb->len > mtu) {
			icmpv6_ndo_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
			return false;
		}
	}
	return true;
}

static void gb_xmit_one(struct gb_bond *bond, struct sk_buff *skb)
{
	struct net_device *dev = bond->dev;
	struct gb_encap e = {
		.key = READ_ONCE(bond->key),
		.seq = true,
	};
	enum gb_colour colour = GB_GREEN;
	unsigned int len = skb->len;
	struct gb_tunnel *t;
	u8 dsfield;
	int err;

	skb_reset_network_header(skb);
	if (skb->protocol == htons(ETH_P_IP) &&
	    pskb_network_may_pull(skb, sizeof(struct iphdr))) {
		e.proto = GB_GRE_PROTO_IPV4;
		dsfield = ipv4_get_dsfield(ip_hdr(skb));
	} else if (skb->protocol == htons(ETH_P_IPV6) &&
		   pskb_network_may_pull(skb, sizeof(struct ipv6hdr))) {
		e.proto = GB_GRE_PROTO_IPV6;
		dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
	} else {
		gb_count(bond, GRE_BOND_S_TX_BAD_PACKET);
		net_dbg_ratelimited("%s: not an IP packet\n", dev->name);
		goto err;
	}
	/* DSCP copied, ECN per RFC 6040 (CE goes out as ECT(0)) */
	e.tos = INET_ECN_encapsulate(dsfield, dsfield);

	if (unlikely(!gb_tx_fits(bond, skb, &e))) {
		gb_count(bond, GRE_BOND_S_TX_TOO_BIG);
		DEV_STATS_INC(dev, tx_dropped);
		goto drop;
	}

	if (READ_ONCE(bond->meter_on)) {
		spin_lock(&bond->meter_lock);
		colour = gb_srtcm_colour(&bond->meter, len, ktime_get_ns());
		spin_unlock(&bond->meter_lock);
	}

	t = gb_tx_pick(bond, colour);
	if (unlikely(!t)) {
		gb_count(bond, GRE_BOND_S_TX_NO_TUNNEL);
		net_dbg_ratelimited("%s: no usable tunnel\n", dev->name);
		goto err;
	}

	/* the outer flow label and ECMP hash follow the inner flow */
	skb_get_hash(skb);
	if (iptunnel_handle_offloads(skb, SKB_GSO_GRE)) {
		gb_count(bond, GRE_BOND_S_NO_MEMORY);
		DEV_STATS_INC(dev, tx_dropped);
		goto drop;
	}
	skb_set_inner_protocol(skb, skb->protocol);

	err = gb_encap_xmit(bond, t, skb, &e);
	if (unlikely(err)) {
		gb_tstats_add(t, GRE_BOND_TS_TX_ERRORS, 0, 0);
		if (err == -ENOMEM) {
			gb_count(bond, GRE_BOND_S_NO_MEMORY);
			DEV_STATS_INC(dev, tx_dropped);
			goto drop;
		}
		gb_count(bond, GRE_BOND_S_TX_ROUTE_ERROR);
		DEV_STATS_INC(dev, tx_carrier_errors);
		net_dbg_ratelimited("%s: tunnel %u: no route to the remote: %d\n",
				    dev->name, t->id, err);
		goto err;
	}
	gb_tx_account(t, colour, len);
	return;

err:
	DEV_STATS_INC(dev, tx_errors);
drop:
	kfree_skb(skb);
}

/**
 * gb_xmit() - ndo_start_xmit of a bond
 * @skb: an IPv4 or IPv6 packet, possibly GSO
 * @dev: the bond
 *
 * GSO packets are segmented here, so that every segment gets its own
 * sequence number and its own colour (Documentation/gre_bond.rst, "GSO").
 * Lockless (LLTX): the meter lock and the sequence counter are the only
 * shared state written.
 *
 * Return: NETDEV_TX_OK; the packet is always consumed.
 */
netdev_tx_t gb_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct gb_bond *bond = netdev_priv(dev);
	struct sk_buff *next;

	if (skb_is_gso(skb)) {
		struct sk_buff *segs = skb_gso_segment(skb, GB_SEG_FEATURES);

		if (IS_ERR_OR_NULL(segs)) {
			gb_count(bond, PTR_ERR(segs) == -ENOMEM ?
				 GRE_BOND_S_NO_MEMORY :
				 GRE_BOND_S_TX_BAD_PACKET);
			DEV_STATS_INC(dev, tx_dropped);
			kfree_skb(skb);
			return NETDEV_TX_OK;
		}
		consume_skb(skb);
		skb = segs;
	}

	rcu_read_lock();
	skb_list_walk_safe(skb, skb, next) {
		skb_mark_not_on_list(skb);
		gb_xmit_one(bond, skb);
	}
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/**
 * gb_tx_meter_update() - apply the srTCM parameters
 * @bond: the bond
 *
 * CBS and EBS of 0 mean "CIR * 10 ms, at least two MTUs". The buckets
 * restart full.
 *
 * Context: RTNL.
 */
void gb_tx_meter_update(struct gb_bond *bond)
{
	u64 cir = gb_srtcm_kbps_to_bytes(bond->cir_kbps);
	u64 burst = max_t(u64, div_u64(cir, 100), 2ULL * bond->dev->mtu);
	u32 cbs = bond->cbs ?: (u32)min_t(u64, burst, U32_MAX);
	u32 ebs = bond->ebs ?: (u32)min_t(u64, burst, U32_MAX);

	ASSERT_RTNL();
	spin_lock_bh(&bond->meter_lock);
	gb_srtcm_init(&bond->meter, cir, cbs, ebs, ktime_get_ns());
	spin_unlock_bh(&bond->meter_lock);
	WRITE_ONCE(bond->meter_on, cir != 0);
}

/**
 * gb_tx_ctrl() - send a control message on a tunnel
 * @bond: the bond
 * @t: the tunnel; its admin and oper state do not matter
 * @remote: outer destination instead of the tunnel's, or NULL
 * @proto: GRE protocol type
 * @key: GRE key (K is set, S is not)
 * @payload: what follows the GRE header
 * @len: its length
 *
 * Context: RTNL, process context.
 * Return: 0 or a negative errno (-ENETUNREACH and friends: no route).
 */
int gb_tx_ctrl(struct gb_bond *bond, struct gb_tunnel *t,
	       const struct gb_addr *remote, u16 proto, u32 key,
	       const void *payload, unsigned int len)
{
	const struct gb_encap e = {
		.proto = proto,
		.key = key,
		.remote = remote,
	};
	unsigned int room = LL_MAX_HEADER + sizeof(struct ipv6hdr) +
			    gb_encap_hlen(&e);
	struct sk_buff *skb;
	int err;

	ASSERT_RTNL();
	skb = alloc_skb(room + len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, room);
	skb_put_data(skb, payload, len);
	skb_reset_network_header(skb);

	/* the dst cache and the per-CPU counters want BH off */
	local_bh_disable();
	err = gb_encap_xmit(bond, t, skb, &e);
	gb_tstats_add(t, err ? GRE_BOND_TS_TX_ERRORS : GRE_BOND_TS_TX_CTRL,
		      0, 0);
	local_bh_enable();
	if (err)
		kfree_skb(skb);
	return err;
}

/**
 * gb_tunnel_route_mtu() - find a tunnel's underlay and data MTU
 * @t: the tunnel
 * @net: the bond's namespace
 *
 * The underlay is the LINK device, or else the device the route to the
 * remote leaves through; without either, a 1500-byte device is assumed.
 * The data MTU is the underlay's MTU less the outer IP and GRE headers.
 *
 * Context: RTNL.
 */
void gb_tunnel_route_mtu(struct gb_tunnel *t, struct net *net)
{
	unsigned int overhead = t->remote.family == AF_INET ? GB_OVERHEAD4 :
							      GB_OVERHEAD6;
	struct net_device *dev = NULL;
	struct dst_entry *dst = NULL;
	unsigned int mtu;

	ASSERT_RTNL();
	if (t->link) {
		dev = __dev_get_by_index(net, t->link);
		/* a vanished underlay leaves the tunnel down: keep its MTU */
		if (!dev && t->mtu)
			return;
	} else if (t->remote.family == AF_INET) {
		struct flowi4 fl4 = {
			.daddr = t->remote.in4,
			.saddr = t->local.in4,
			.flowi4_mark = t->fwmark,
			.flowi4_proto = IPPROTO_GRE,
		};
		struct rtable *rt = ip_route_output_key(net, &fl4);

		if (!IS_ERR(rt)) {
			dst = &rt->dst;
			dev = dst->dev;
		}
	} else {
		struct flowi6 fl6 = {
			.daddr = t->remote.in6,
			.flowi6_mark = t->fwmark,
			.flowi6_proto = IPPROTO_GRE,
		};

		if (t->local.family)
			fl6.saddr = t->local.in6;
		dst = ip6_route_output(net, NULL, &fl6);
		if (!dst->error)
			dev = dst->dev;
	}
	if (dev && gb_netdev_is_bond(dev))
		dev = NULL;

	mtu = dev ? dev->mtu : ETH_DATA_LEN;
	t->underlay = dev ? dev->ifindex : 0;
	t->mtu = mtu >= overhead + ETH_MIN_MTU ? mtu - overhead : ETH_MIN_MTU;
	dst_release(dst);
}
