/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gre_bond: the kernel APIs that changed between 6.1 and newer kernels, in
 * one place. gre_bond/Kbuild probes the headers of the kernel it builds
 * against and defines GB_HAVE_*; nothing here looks at version numbers.
 */
#ifndef _GB_COMPAT_H
#define _GB_COMPAT_H

#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <net/ip_tunnels.h>
#include <net/ip6_tunnel.h>

#ifdef GB_HAVE_NET_GSO_H
#include <net/gso.h>		/* skb_gso_segment() moved here in 6.5 */
#endif

/* 6.13 added hrtimer_setup(); 6.15 removed hrtimer_init() */
#ifndef GB_HAVE_HRTIMER_SETUP
static inline void
hrtimer_setup(struct hrtimer *timer,
	      enum hrtimer_restart (*function)(struct hrtimer *),
	      clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

/* 6.12 turned NETIF_F_LLTX and NETIF_F_NETNS_LOCAL into private flags */
static inline void gb_dev_set_lltx(struct net_device *dev)
{
#ifdef GB_HAVE_NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

static inline void gb_dev_set_netns_local(struct net_device *dev)
{
#ifdef GB_HAVE_NETIF_F_NETNS_LOCAL
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_local = true;
#endif
}

/* 6.6 (and 6.1.y stable) let the core allocate dev->tstats */
static inline int gb_dev_alloc_tstats(struct net_device *dev)
{
#ifdef GB_HAVE_PCPU_STAT_TYPE
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	return 0;
#else
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
#endif
}

static inline void gb_dev_free_tstats(struct net_device *dev)
{
#ifndef GB_HAVE_PCPU_STAT_TYPE
	free_percpu(dev->tstats);
	dev->tstats = NULL;
#endif
}

/* newer kernels pass IPCB/IP6CB flags to the tunnel transmit helpers */
static inline void gb_iptunnel_xmit(struct rtable *rt, struct sk_buff *skb,
				    __be32 src, __be32 dst, u8 tos, u8 ttl,
				    __be16 df)
{
#ifdef GB_HAVE_IPTUNNEL_XMIT_IPCB_FLAGS
	iptunnel_xmit(NULL, rt, skb, src, dst, IPPROTO_GRE, tos, ttl, df,
		      false, 0);
#else
	iptunnel_xmit(NULL, rt, skb, src, dst, IPPROTO_GRE, tos, ttl, df,
		      false);
#endif
}

static inline void gb_ip6tunnel_xmit(struct sk_buff *skb,
				     struct net_device *dev)
{
#ifdef GB_HAVE_IP6TUNNEL_XMIT_FLAGS
	ip6tunnel_xmit(NULL, skb, dev, 0);
#else
	ip6tunnel_xmit(NULL, skb, dev);
#endif
}

#endif /* _GB_COMPAT_H */
