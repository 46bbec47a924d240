// SPDX-License-Identifier: GPL-2.0
/*
 * pmip_mmb: the steering netdev (rtnl_link_ops "pmip_mmb"), per-netns
 * state, and the netdevice notifier that follows the tunnel devices.
 *
 * Why a netdev: the routing table already decides which traffic belongs
 * to the mobile nodes (a route to the home network prefix on the LMA, a
 * source route from it on the MAG), so a route through pm0 is the whole
 * configuration; the device then needs only one lookup (prefix ->
 * session) and hands the packet, unchanged, to the chosen binding's tunnel
 * device, which encapsulates it as ip6ip6 or GRE with its own keys. The
 * tunnels stay ordinary devices that the daemon creates and ip(8) shows.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/flow_dissector.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "pmip_mmb.h"
#include "compat.h"

static unsigned int pm_net_id __read_mostly;

/**
 * pm_net() - the pmip_mmb state of a network namespace
 * @net: the namespace
 *
 * Return: its struct pm_net, valid from pernet init to pernet exit.
 */
struct pm_net *pm_net(const struct net *net)
{
	return net_generic(net, pm_net_id);
}

static const struct net_device_ops pm_netdev_ops;

/**
 * pm_netdev_is_pm() - is this a steering device?
 * @dev: any netdev
 *
 * Return: true for our devices.
 */
bool pm_netdev_is_pm(const struct net_device *dev)
{
	return dev->netdev_ops == &pm_netdev_ops;
}

/**
 * pm_dev_get() - a steering device by ifindex
 * @net: the namespace
 * @ifindex: its ifindex
 *
 * Context: RTNL.
 * Return: the device, ERR_PTR(-ENODEV) or ERR_PTR(-EOPNOTSUPP).
 */
struct pm_dev *pm_dev_get(struct net *net, int ifindex)
{
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(net, ifindex);
	if (!dev)
		return ERR_PTR(-ENODEV);
	if (!pm_netdev_is_pm(dev))
		return ERR_PTR(-EOPNOTSUPP);
	return netdev_priv(dev);
}

static void pm_drop(struct pm_dev *pd, struct sk_buff *skb, unsigned int why)
{
	pm_ctr_add(pd->ctr, why, 1);
	kfree_skb(skb);
}

/* Which session does this packet belong to, by its role's address? */
static struct pm_session *pm_xmit_session(struct pm_dev *pd,
					  const struct ipv6hdr *ip6h)
{
	struct pm_net *pn = pm_net(dev_net(pd->dev));
	struct pm_session *s;

	s = pm_session_lookup_rcu(pn, &ip6h->daddr);
	if (s && s->pd == pd && s->role == PMIP_MMB_ROLE_LMA)
		return s;
	s = pm_session_lookup_rcu(pn, &ip6h->saddr);
	if (s && s->pd == pd && s->role == PMIP_MMB_ROLE_MAG)
		return s;
	return NULL;
}

static void pm_count_flow(struct pm_session *s, struct pm_binding *b, u32 hash)
{
	u32 *cache = READ_ONCE(s->flow_cache), *slot;

	if (unlikely(!cache)) {
		/*
		 * The session's first packet: sessions that carry nothing do
		 * not pay for the cache. Freed with the session, after a
		 * grace period. Without it, every packet counts as a flow.
		 */
		cache = kcalloc(PM_FLOW_CACHE, sizeof(*cache), GFP_ATOMIC);
		if (cache) {
			u32 *other = cmpxchg(&s->flow_cache, NULL, cache);

			if (other) {
				kfree(cache);
				cache = other;
			}
		}
	}
	if (likely(cache)) {
		slot = &cache[hash % PM_FLOW_CACHE];
		/* racy by design: a lost update counts a flow twice or not at all */
		if (READ_ONCE(*slot) == hash)
			return;
		WRITE_ONCE(*slot, hash);
	}
	pm_ctr_add(b->ctr, PMIP_MMB_BS_FLOWS, 1);
	pm_ctr_add(s->ctr, PMIP_MMB_S_FLOWS, 1);
}

static netdev_tx_t pm_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct pm_dev *pd = netdev_priv(dev);
	struct pm_sel_flow flow = { 0 };
	struct flow_keys keys;
	struct pm_session *s;
	struct pm_binding *b;
	struct pm_snap *snap;
	unsigned int flags = 0;
	unsigned int len;
	int pick, err;

	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_may_pull(skb, sizeof(struct ipv6hdr))) {
		pm_drop(pd, skb, PMIP_MMB_D_DROP_NOT_IPV6);
		return NETDEV_TX_OK;
	}
	if (unlikely(dev_xmit_recursion())) {
		net_warn_ratelimited("%s: packet looped back, dropped\n",
				     dev->name);
		pm_drop(pd, skb, PMIP_MMB_D_DROP_LOOP);
		return NETDEV_TX_OK;
	}

	rcu_read_lock();
	s = pm_xmit_session(pd, ipv6_hdr(skb));
	if (!s) {
		rcu_read_unlock();
		pm_drop(pd, skb, PMIP_MMB_D_DROP_NO_SESSION);
		return NETDEV_TX_OK;
	}

	/*
	 * Protocol and port first: flow_hash_from_keys() makes the keys
	 * symmetric in place (the same hash both ways), swapping the ports
	 * whenever the destination port, compared as a raw __be16, is the
	 * smaller one. Read after it, a label rule saw the source port of
	 * about a quarter of the flows.
	 */
	skb_flow_dissect_flow_keys(skb, &keys, 0);
	flow.proto = keys.basic.ip_proto;
	flow.dport = ntohs(keys.ports.dst);
	flow.hash = flow_hash_from_keys(&keys);

	pick = -1;
	snap = rcu_dereference(s->snap);
	if (snap && snap->policy == PMIP_MMB_POLICY_PACKET)
		pick = pm_sel_packet_pick(snap->sel, snap->n,
					  (u32)atomic_inc_return(&s->pkt_seq),
					  get_jiffies_64());
	else if (snap)
		pick = pm_snap_flow_pick(snap, &flow, get_jiffies_64(),
					 &flags);
	if (pick < 0) {
		pm_ctr_add(s->ctr, PMIP_MMB_S_DROP_NO_BINDING, 1);
		rcu_read_unlock();
		pm_drop(pd, skb, PMIP_MMB_D_DROP_NO_BINDING);
		return NETDEV_TX_OK;
	}
	b = pm_snap_bindings(snap)[pick];
	if (unlikely(!netif_running(b->tdev))) {
		rcu_read_unlock();
		pm_drop(pd, skb, PMIP_MMB_D_DROP_TUNNEL_DOWN);
		return NETDEV_TX_OK;
	}
	if (flags & PM_SEL_FALLBACK)
		pm_ctr_add(s->ctr, PMIP_MMB_S_FALLBACKS, 1);
	pm_count_flow(s, b, flow.hash);

	/*
	 * From here on the skb belongs to the tunnel: dev_queue_xmit()
	 * consumes it whatever it returns. Its result goes into a variable
	 * first because net_xmit_eval() is a macro that evaluates its
	 * argument twice: net_xmit_eval(dev_queue_xmit(skb)) transmitted
	 * every packet a second time after the first call had queued or
	 * freed it (the __neigh_update() crash, Documentation/pmip.rst).
	 * The inner route's dst stays on the skb (netif_keep_dst(), taken
	 * with a reference by __dev_queue_xmit()): the tunnel updates its
	 * PMTU when the tunnel's MTU is smaller, then replaces it with the
	 * outer route's.
	 */
	len = skb->len;
	skb->dev = b->tdev;
	err = dev_queue_xmit(skb);
	if (unlikely(net_xmit_eval(err))) {
		pm_ctr_add(pd->ctr, PMIP_MMB_D_DROP_XMIT, 1);
	} else {
		pm_ctr_add(b->ctr, PMIP_MMB_BS_PACKETS, 1);
		pm_ctr_add(b->ctr, PMIP_MMB_BS_BYTES, len);
		pm_ctr_add(s->ctr, PMIP_MMB_S_PACKETS, 1);
		pm_ctr_add(s->ctr, PMIP_MMB_S_BYTES, len);
		pm_ctr_add(pd->ctr, PMIP_MMB_D_TX_PACKETS, 1);
		pm_ctr_add(pd->ctr, PMIP_MMB_D_TX_BYTES, len);
	}
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static void pm_get_stats64(struct net_device *dev,
			   struct rtnl_link_stats64 *st)
{
	struct pm_dev *pd = netdev_priv(dev);
	u64 v[PM_CTR_MAX];

	pm_ctr_sum(pd->ctr, PM_D_CTRS, v);
	st->tx_packets = v[PMIP_MMB_D_TX_PACKETS];
	st->tx_bytes = v[PMIP_MMB_D_TX_BYTES];
	st->tx_dropped = v[PMIP_MMB_D_DROP_NOT_IPV6] +
			 v[PMIP_MMB_D_DROP_NO_SESSION] +
			 v[PMIP_MMB_D_DROP_NO_BINDING] +
			 v[PMIP_MMB_D_DROP_TUNNEL_DOWN] +
			 v[PMIP_MMB_D_DROP_LOOP];
	st->tx_errors = v[PMIP_MMB_D_DROP_XMIT];
}

/* Every unregistration: the device's sessions go with it. */
static void pm_uninit(struct net_device *dev)
{
	struct pm_dev *pd = netdev_priv(dev);

	ASSERT_RTNL();
	if (list_empty(&pd->list))
		return;
	pm_dev_flush(pd);
	list_del_init(&pd->list);
	pm_net(dev_net(dev))->gen++;
}

static const struct net_device_ops pm_netdev_ops = {
	.ndo_uninit		= pm_uninit,
	.ndo_start_xmit		= pm_xmit,
	.ndo_get_stats64	= pm_get_stats64,
};

static void pm_destruct(struct net_device *dev)
{
	struct pm_dev *pd = netdev_priv(dev);

	free_percpu(pd->ctr);
}

static const struct device_type pm_device_type = { .name = KBUILD_MODNAME };

static void pm_setup(struct net_device *dev)
{
	struct pm_dev *pd = netdev_priv(dev);

	dev->netdev_ops = &pm_netdev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	/* room for the tunnels' outer headers: IPv6 and GRE with a key */
	dev->needed_headroom = LL_MAX_HEADER + sizeof(struct ipv6hdr) + 8;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU;
	pm_dev_set_lltx(dev);
	pm_dev_set_netns_local(dev);
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &pm_device_type);
	netif_keep_dst(dev);

	pd->dev = dev;
	INIT_LIST_HEAD(&pd->list);
	INIT_LIST_HEAD(&pd->sessions);
}

static int pm_newlink_common(struct net_device *dev,
			     struct netlink_ext_ack *extack)
{
	struct pm_dev *pd = netdev_priv(dev);
	struct pm_net *pn = pm_net(dev_net(dev));
	int err;

	pd->ctr = pm_ctr_alloc(PM_D_CTRS);
	if (!pd->ctr)
		return -ENOMEM;
	err = register_netdevice(dev);
	if (err) {
		free_percpu(pd->ctr);
		return err;
	}
	dev->priv_destructor = pm_destruct;
	list_add_tail(&pd->list, &pn->devs);
	pn->gen++;
	return 0;
}

#ifdef PM_HAVE_RTNL_NEWLINK_PARAMS
static int pm_newlink(struct net_device *dev,
		      struct rtnl_newlink_params *params,
		      struct netlink_ext_ack *extack)
{
	return pm_newlink_common(dev, extack);
}
#else
static int pm_newlink(struct net *src_net, struct net_device *dev,
		      struct nlattr *tb[], struct nlattr *data[],
		      struct netlink_ext_ack *extack)
{
	return pm_newlink_common(dev, extack);
}
#endif

static struct rtnl_link_ops pm_link_ops __read_mostly = {
	.kind		= PMIP_MMB_LINK_KIND,
	.priv_size	= sizeof(struct pm_dev),
	.setup		= pm_setup,
	.newlink	= pm_newlink,
};

static int pm_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_UNREGISTER:
		break;
	default:
		return NOTIFY_DONE;
	}
	if (pm_netdev_is_pm(dev))
		return NOTIFY_DONE;
	pm_tunnel_event(pm_net(dev_net(dev)), dev, event);
	return NOTIFY_DONE;
}

static struct notifier_block pm_netdev_notifier = {
	.notifier_call = pm_netdev_event,
};

static int __net_init pm_net_init(struct net *net)
{
	struct pm_net *pn = pm_net(net);
	int err;

	INIT_LIST_HEAD(&pn->devs);
	INIT_DELAYED_WORK(&pn->expiry, pm_expiry_work);
	pn->next_expiry = U64_MAX;
	pn->gen = 1;
	err = rhashtable_init(&pn->sessions, &pm_session_params);
	if (err)
		return err;
	err = rhashtable_init(&pn->prefixes, &pm_prefix_params);
	if (err)
		rhashtable_destroy(&pn->sessions);
	return err;
}

static void pm_net_kill_devs(struct net *net, struct list_head *kill)
{
	struct pm_dev *pd, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(pd, tmp, &pm_net(net)->devs, list)
		unregister_netdevice_queue(pd->dev, kill);
}

#ifdef PM_HAVE_EXIT_BATCH_RTNL
static void __net_exit pm_net_exit_batch_rtnl(struct list_head *net_list,
					      struct list_head *kill)
{
	struct net *net;

	list_for_each_entry(net, net_list, exit_list)
		pm_net_kill_devs(net, kill);
}
#endif

static void __net_exit pm_net_exit_batch(struct list_head *net_list)
{
	struct net *net;

#ifndef PM_HAVE_EXIT_BATCH_RTNL
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list)
		pm_net_kill_devs(net, &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
#endif
	list_for_each_entry(net, net_list, exit_list) {
		struct pm_net *pn = pm_net(net);

		/* no device, so no binding: the work cannot re-arm */
		cancel_delayed_work_sync(&pn->expiry);
		WARN_ON_ONCE(!list_empty(&pn->devs) || pn->n_bindings);
		rhashtable_destroy(&pn->prefixes);
		rhashtable_destroy(&pn->sessions);
	}
}

static struct pernet_operations pm_net_ops = {
	.init		= pm_net_init,
#ifdef PM_HAVE_EXIT_BATCH_RTNL
	.exit_batch_rtnl = pm_net_exit_batch_rtnl,
#endif
	.exit_batch	= pm_net_exit_batch,
	.id		= &pm_net_id,
	.size		= sizeof(struct pm_net),
};

/**
 * pm_pernet_init() - register the per-netns state
 *
 * Return: 0 or a negative errno.
 */
int pm_pernet_init(void)
{
	return register_pernet_device(&pm_net_ops);
}

/**
 * pm_pernet_uninit() - unregister the per-netns state
 */
void pm_pernet_uninit(void)
{
	unregister_pernet_device(&pm_net_ops);
}

/**
 * pm_device_init() - make "ip link add ... type pmip_mmb" work
 *
 * Return: 0 or a negative errno.
 */
int pm_device_init(void)
{
	int err;

	err = register_netdevice_notifier(&pm_netdev_notifier);
	if (err)
		return err;
	err = rtnl_link_register(&pm_link_ops);
	if (err)
		unregister_netdevice_notifier(&pm_netdev_notifier);
	return err;
}

/**
 * pm_device_uninit() - delete every steering device
 */
void pm_device_uninit(void)
{
	rtnl_link_unregister(&pm_link_ops);
	unregister_netdevice_notifier(&pm_netdev_notifier);
}
