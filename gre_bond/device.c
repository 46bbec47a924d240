// SPDX-License-Identifier: GPL-2.0
/*
 * gre_bond: the bond netdev (rtnl_link_ops "gre_bond"), its per-netns list,
 * netns exit, and the netdevice notifier that follows the underlays.
 */

#include <linux/if_arp.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/ip_tunnels.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "gre_bond.h"
#include "compat.h"

static unsigned int gb_net_id __read_mostly;

/**
 * gb_net() - the gre_bond state of a network namespace
 * @net: the namespace
 *
 * Return: its struct gb_net, valid from pernet init to pernet exit.
 */
struct gb_net *gb_net(const struct net *net)
{
	return net_generic(net, gb_net_id);
}

static const struct net_device_ops gb_netdev_ops;

/**
 * gb_netdev_is_bond() - is this netdev a gre_bond device?
 * @dev: any netdev
 *
 * Return: true for our devices.
 */
bool gb_netdev_is_bond(const struct net_device *dev)
{
	return dev->netdev_ops == &gb_netdev_ops;
}

/**
 * gb_bond_get() - find a bond by ifindex
 * @net: the namespace to look in
 * @ifindex: the bond's ifindex
 *
 * Context: RTNL.
 * Return: the bond, ERR_PTR(-ENODEV) if there is no such device, or
 * ERR_PTR(-EOPNOTSUPP) if it is not a gre_bond device.
 */
struct gb_bond *gb_bond_get(struct net *net, int ifindex)
{
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(net, ifindex);
	if (!dev)
		return ERR_PTR(-ENODEV);
	if (!gb_netdev_is_bond(dev))
		return ERR_PTR(-EOPNOTSUPP);
	return netdev_priv(dev);
}

/* Carrier follows "some tunnel can carry data". */
static void gb_bond_update_carrier(struct gb_bond *bond)
{
	bool up = gb_tunnel_usable(rtnl_dereference(bond->primary)) ||
		  gb_tunnel_usable(rtnl_dereference(bond->secondary));

	if (up && !netif_carrier_ok(bond->dev))
		netif_carrier_on(bond->dev);
	else if (!up && netif_carrier_ok(bond->dev))
		netif_carrier_off(bond->dev);
}

/**
 * gb_bond_changed() - a bond's configuration or state changed
 * @bond: the bond
 *
 * Bumps the dump generation and refreshes the carrier.
 *
 * Context: RTNL.
 */
void gb_bond_changed(struct gb_bond *bond)
{
	ASSERT_RTNL();
	gb_net(dev_net(bond->dev))->gen++;
	gb_bond_update_carrier(bond);
}

/**
 * gb_bond_update_mtu() - derive the MTU from the data tunnels
 * @bond: the bond
 *
 * The path MTU is the smallest data MTU of the primary and secondary
 * tunnels (the one of a default 1500-byte IPv4 underlay with neither).
 * The device MTU follows it, but never goes below 1280 (RFC 7676: IPv6
 * needs it; gb_xmit() fragments the outer packets to keep that promise),
 * unless the user set the device MTU by hand. A change is announced.
 *
 * Context: RTNL.
 */
void gb_bond_update_mtu(struct gb_bond *bond)
{
	struct gb_tunnel *p = rtnl_dereference(bond->primary);
	struct gb_tunnel *s = rtnl_dereference(bond->secondary);
	u32 mtu = U32_MAX;
	bool changed;

	ASSERT_RTNL();
	if (p)
		mtu = p->mtu;
	if (s)
		mtu = min(mtu, s->mtu);
	if (mtu == U32_MAX)
		mtu = GB_MTU_DEFAULT;

	changed = mtu != bond->path_mtu;
	WRITE_ONCE(bond->path_mtu, mtu);

	if (bond->mtu_auto) {
		u32 want = clamp_t(u32, max_t(u32, mtu, IPV6_MIN_MTU),
				   bond->dev->min_mtu, bond->dev->max_mtu);

		if (want != bond->dev->mtu) {
			int err;

			bond->mtu_setting = true;
			err = dev_set_mtu(bond->dev, want);
			bond->mtu_setting = false;
			if (err)
				netdev_warn(bond->dev, "cannot set MTU %u: %d\n",
					    want, err);
			changed = true;
		}
	}

	if (changed) {
		gb_tx_meter_update(bond);
		gb_bond_changed(bond);
		gb_nl_bond_notify(bond, GRE_BOND_EVENT_BOND_CHANGED);
	}
}

/**
 * gb_bond_set_key() - change the bonding key
 * @bond: the bond
 * @key: the new key; 0 means "none yet"
 *
 * Keeps the per-netns by-key table in step.
 *
 * Context: RTNL.
 * Return: 0 or a negative errno, with the old key kept.
 */
int gb_bond_set_key(struct gb_bond *bond, u32 key)
{
	struct gb_net *gbn = gb_net(dev_net(bond->dev));
	u32 old = bond->key;
	int err;

	ASSERT_RTNL();
	if (key == old)
		return 0;
	if (old)
		rhltable_remove(&gbn->by_key, &bond->knode, gb_key_params);
	WRITE_ONCE(bond->key, key);
	if (!key)
		return 0;
	err = rhltable_insert(&gbn->by_key, &bond->knode, gb_key_params);
	if (err) {
		WRITE_ONCE(bond->key, old);
		if (old &&
		    rhltable_insert(&gbn->by_key, &bond->knode, gb_key_params))
			WRITE_ONCE(bond->key, 0);
	}
	return err;
}

static int gb_open(struct net_device *dev)
{
	struct gb_bond *bond = netdev_priv(dev);

	gb_rx_open(bond);
	gb_bond_update_carrier(bond);
	return 0;
}

static int gb_stop(struct net_device *dev)
{
	gb_rx_stop(netdev_priv(dev));
	return 0;
}

static int gb_change_mtu(struct net_device *dev, int new_mtu)
{
	struct gb_bond *bond = netdev_priv(dev);

	/* a hand-set MTU sticks: the tunnels no longer move it */
	if (!bond->mtu_setting)
		bond->mtu_auto = false;
	dev->mtu = new_mtu;
	return 0;
}

/*
 * Runs for every unregistration, including a failed register_netdevice():
 * unpublish the bond so that no new packet or request finds it. Packets
 * already in flight may still reach the receive window until the RCU grace
 * period the core waits for before gb_destruct().
 */
static void gb_uninit(struct net_device *dev)
{
	struct gb_bond *bond = netdev_priv(dev);
	struct net *net = dev_net(dev);
	struct gb_net *gbn = gb_net(net);

	ASSERT_RTNL();
	if (list_empty(&bond->list))
		return;

	gb_nl_bond_notify(bond, GRE_BOND_EVENT_BOND_DEL);
	gb_tunnel_del_all(bond);
	gb_bond_set_key(bond, 0);
	list_del_init(&bond->list);
	gbn->gen++;
	if (list_empty(&gbn->bonds))
		gb_rx_hooks_unregister(net);
	pr_debug("%s: bond destroyed\n", dev->name);
}

static const struct net_device_ops gb_netdev_ops = {
	.ndo_uninit		= gb_uninit,
	.ndo_open		= gb_open,
	.ndo_stop		= gb_stop,
	.ndo_start_xmit		= gb_xmit,
	.ndo_change_mtu		= gb_change_mtu,
#ifdef GB_HAVE_DEV_GET_TSTATS64
	.ndo_get_stats64	= dev_get_tstats64,
#endif
};

/* After the last RCU reader: nothing can reach the bond any more. */
static void gb_destruct(struct net_device *dev)
{
	gb_rx_bond_uninit(netdev_priv(dev));
	gb_dev_free_tstats(dev);
}

static const struct device_type gb_device_type = { .name = KBUILD_MODNAME };

static void gb_setup(struct net_device *dev)
{
	struct gb_bond *bond = netdev_priv(dev);
	const netdev_features_t features = NETIF_F_SG | NETIF_F_HW_CSUM |
					   NETIF_F_HIGHDMA | NETIF_F_GSO |
					   NETIF_F_GSO_SOFTWARE;

	dev->netdev_ops = &gb_netdev_ops;
	dev->header_ops = &ip_tunnel_header_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = LL_MAX_HEADER + GB_OVERHEAD6;
	dev->mtu = GB_MTU_DEFAULT;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - GB_OVERHEAD6;
	dev->features |= features;
	dev->hw_features |= features;
	gb_dev_set_lltx(dev);
	gb_dev_set_netns_local(dev);
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &gb_device_type);
	/* keep the dst: ICMP errors to the sender need it */
	netif_keep_dst(dev);

	bond->dev = dev;
	INIT_LIST_HEAD(&bond->list);
	bond->hold_mode = GRE_BOND_HOLD_AUTO;
	bond->hold_us = GB_HOLD_US_DEFAULT;
	bond->hold_max_us = GB_HOLD_MAX_US_DEFAULT;
	bond->reorder_max = GB_REORDER_MAX_DEFAULT;
	bond->path_mtu = GB_MTU_DEFAULT;
	bond->mtu_auto = true;
	spin_lock_init(&bond->meter_lock);
}

static int gb_newlink_common(struct net_device *dev, struct nlattr *tb[],
			     struct netlink_ext_ack *extack)
{
	struct gb_bond *bond = netdev_priv(dev);
	struct net *net = dev_net(dev);
	struct gb_net *gbn = gb_net(net);
	int err;

	if (tb && tb[IFLA_MTU])
		bond->mtu_auto = false;

	err = gb_dev_alloc_tstats(dev);
	if (err)
		return err;

	err = gb_rx_bond_init(bond);
	if (err)
		goto err_free_tstats;

	err = gb_rx_hooks_register(net);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot register the receive hooks");
		goto err_rx_uninit;
	}

	err = register_netdevice(dev);
	if (err)
		goto err_hooks;

	/* only now: register_netdevice() must not call it on failure */
	dev->priv_destructor = gb_destruct;
	list_add_tail(&bond->list, &gbn->bonds);
	gb_tx_meter_update(bond);
	gb_bond_changed(bond);
	gb_nl_bond_notify(bond, GRE_BOND_EVENT_BOND_NEW);
	pr_debug("%s: bond created\n", dev->name);
	return 0;

err_hooks:
	if (list_empty(&gbn->bonds))
		gb_rx_hooks_unregister(net);
err_rx_uninit:
	gb_rx_bond_uninit(bond);
err_free_tstats:
	gb_dev_free_tstats(dev);
	return err;
}

#ifdef GB_HAVE_RTNL_NEWLINK_PARAMS
static int gb_newlink(struct net_device *dev,
		      struct rtnl_newlink_params *params,
		      struct netlink_ext_ack *extack)
{
	return gb_newlink_common(dev, params->tb, extack);
}
#else
static int gb_newlink(struct net *src_net, struct net_device *dev,
		      struct nlattr *tb[], struct nlattr *data[],
		      struct netlink_ext_ack *extack)
{
	return gb_newlink_common(dev, tb, extack);
}
#endif

static struct rtnl_link_ops gb_link_ops __read_mostly = {
	.kind		= GRE_BOND_LINK_KIND,
	.priv_size	= sizeof(struct gb_bond),
	.setup		= gb_setup,
	.newlink	= gb_newlink,
};

static int gb_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct net *net = dev_net(dev);

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_CHANGEMTU:
	case NETDEV_UNREGISTER:
		break;
	default:
		return NOTIFY_DONE;
	}
	if (gb_netdev_is_bond(dev) || list_empty(&gb_net(net)->bonds))
		return NOTIFY_DONE;

	gb_tunnel_netdev_event(net, dev, event);
	return NOTIFY_DONE;
}

static struct notifier_block gb_netdev_notifier = {
	.notifier_call = gb_netdev_event,
};

static int __net_init gb_net_init(struct net *net)
{
	struct gb_net *gbn = gb_net(net);
	int err;

	INIT_LIST_HEAD(&gbn->bonds);
	gbn->gen = 1;
	err = rhltable_init(&gbn->by_remote, &gb_remote_params);
	if (err)
		return err;
	err = rhltable_init(&gbn->by_key, &gb_key_params);
	if (err)
		rhltable_destroy(&gbn->by_remote);
	return err;
}

static void gb_net_kill_bonds(struct net *net, struct list_head *kill)
{
	struct gb_bond *bond, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(bond, tmp, &gb_net(net)->bonds, list)
		unregister_netdevice_queue(bond->dev, kill);
}

#ifdef GB_HAVE_EXIT_BATCH_RTNL
static void __net_exit gb_net_exit_batch_rtnl(struct list_head *net_list,
					      struct list_head *kill)
{
	struct net *net;

	list_for_each_entry(net, net_list, exit_list)
		gb_net_kill_bonds(net, kill);
}
#endif

static void __net_exit gb_net_exit_batch(struct list_head *net_list)
{
	struct net *net;

#ifndef GB_HAVE_EXIT_BATCH_RTNL
	LIST_HEAD(kill);

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list)
		gb_net_kill_bonds(net, &kill);
	unregister_netdevice_many(&kill);
	rtnl_unlock();
#endif
	list_for_each_entry(net, net_list, exit_list) {
		struct gb_net *gbn = gb_net(net);

		WARN_ON_ONCE(!list_empty(&gbn->bonds));
		rhltable_destroy(&gbn->by_key);
		rhltable_destroy(&gbn->by_remote);
	}
}

static struct pernet_operations gb_net_ops = {
	.init		= gb_net_init,
#ifdef GB_HAVE_EXIT_BATCH_RTNL
	.exit_batch_rtnl = gb_net_exit_batch_rtnl,
#endif
	.exit_batch	= gb_net_exit_batch,
	.id		= &gb_net_id,
	.size		= sizeof(struct gb_net),
};

/**
 * gb_pernet_init() - register the per-netns state
 *
 * Return: 0 or a negative errno.
 */
int gb_pernet_init(void)
{
	return register_pernet_device(&gb_net_ops);
}

/**
 * gb_pernet_uninit() - unregister the per-netns state
 */
void gb_pernet_uninit(void)
{
	unregister_pernet_device(&gb_net_ops);
}

/**
 * gb_device_init() - make "ip link add ... type gre_bond" work
 *
 * Return: 0 or a negative errno.
 */
int gb_device_init(void)
{
	int err;

	err = register_netdevice_notifier(&gb_netdev_notifier);
	if (err)
		return err;

	err = rtnl_link_register(&gb_link_ops);
	if (err)
		goto err_notifier;
	return 0;

err_notifier:
	unregister_netdevice_notifier(&gb_netdev_notifier);
	return err;
}

/**
 * gb_device_uninit() - delete every bond and stop taking new ones
 */
void gb_device_uninit(void)
{
	rtnl_link_unregister(&gb_link_ops);
	unregister_netdevice_notifier(&gb_netdev_notifier);
}
