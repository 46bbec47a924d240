// SPDX-License-Identifier: GPL-2.0
/*
 * gre_bond: member tunnels. Creation, change and removal under RTNL, the
 * per-netns table that finds them by outer remote address, underlay state,
 * per-tunnel counters.
 */

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/dst_cache.h>
#include <net/rtnetlink.h>

#include "gre_bond.h"

const struct rhashtable_params gb_remote_params = {
	.head_offset		= offsetof(struct gb_tunnel, rnode),
	.key_offset		= offsetof(struct gb_tunnel, remote),
	.key_len		= sizeof(struct gb_addr),
	.min_size		= 16,
	.automatic_shrinking	= true,
};

const struct rhashtable_params gb_key_params = {
	.head_offset		= offsetof(struct gb_bond, knode),
	.key_offset		= offsetof(struct gb_bond, key),
	.key_len		= sizeof(u32),
	.min_size		= 16,
	.automatic_shrinking	= true,
};

/**
 * gb_tunnel_rtnl() - a bond's tunnel by id, on the configuration side
 * @bond: the bond
 * @id: tunnel id, below GRE_BOND_MAX_TUNNELS
 *
 * Context: RTNL.
 * Return: the tunnel or NULL.
 */
struct gb_tunnel *gb_tunnel_rtnl(const struct gb_bond *bond, u8 id)
{
	return rtnl_dereference(bond->tunnels[id]);
}

static struct gb_tunnel *gb_tunnel_alloc(struct gb_bond *bond, u8 id)
{
	struct gb_tunnel *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	if (dst_cache_init(&t->dst_cache, GFP_KERNEL)) {
		kfree(t);
		return NULL;
	}
	t->bond = bond;
	t->id = id;
	return t;
}

static void gb_tunnel_free(struct gb_tunnel *t)
{
	dst_cache_destroy(&t->dst_cache);
	if (!t->stats_moved)
		free_percpu(t->stats);
	kfree(t);
}

static void gb_tunnel_free_rcu(struct rcu_head *rcu)
{
	gb_tunnel_free(container_of(rcu, struct gb_tunnel, rcu));
}

static bool gb_link_up(struct net *net, u32 ifindex)
{
	struct net_device *dev;

	if (!ifindex)
		return true;
	dev = __dev_get_by_index(net, ifindex);
	return dev && netif_running(dev) && netif_carrier_ok(dev);
}

/* Point bond->primary and bond->secondary at the tunnels holding the roles. */
static void gb_bond_publish_roles(struct gb_bond *bond)
{
	struct gb_tunnel *p = NULL, *s = NULL;
	unsigned int i;

	for (i = 0; i < GRE_BOND_MAX_TUNNELS; i++) {
		struct gb_tunnel *t = rtnl_dereference(bond->tunnels[i]);

		if (!t)
			continue;
		if (t->role == GRE_BOND_ROLE_PRIMARY && !p)
			p = t;
		else if (t->role == GRE_BOND_ROLE_SECONDARY && !s)
			s = t;
	}
	rcu_assign_pointer(bond->primary, p);
	rcu_assign_pointer(bond->secondary, s);
}

/* The parameters that depend on the set of tunnels. */
static void gb_bond_tunnels_changed(struct gb_bond *bond)
{
	gb_bond_publish_roles(bond);
	gb_rx_hold_update(bond);
	gb_bond_update_mtu(bond);
	gb_bond_changed(bond);
}

/**
 * gb_tunnel_add() - create a member tunnel
 * @bond: the bond
 * @cfg: a configuration netlink.c has checked: the id is free, the remote
 *	set, the roles and addresses consistent
 * @extack: for errors
 *
 * Context: RTNL.
 * Return: 0 or a negative errno.
 */
int gb_tunnel_add(struct gb_bond *bond, const struct gb_tunnel_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(bond->dev);
	struct gb_tunnel *t;
	int err;

	ASSERT_RTNL();
	t = gb_tunnel_alloc(bond, cfg->id);
	if (!t)
		return -ENOMEM;
	t->stats = netdev_alloc_pcpu_stats(struct gb_tstats);
	if (!t->stats) {
		err = -ENOMEM;
		goto err_free;
	}

	t->remote = cfg->remote;
	if (cfg->set & GB_TCFG_LOCAL)
		t->local = cfg->local;
	t->role = cfg->set & GB_TCFG_ROLE ? cfg->role : GRE_BOND_ROLE_UNSPEC;
	t->admin = cfg->set & GB_TCFG_ADMIN ? cfg->admin : GRE_BOND_ADMIN_UP;
	t->oper_ctl = cfg->set & GB_TCFG_OPER ? cfg->oper : GRE_BOND_OPER_UP;
	t->link = cfg->link;
	t->fwmark = cfg->fwmark;
	t->rtt_us = cfg->rtt_us;
	if (cfg->set & GB_TCFG_NAME)
		strscpy(t->name, cfg->name, sizeof(t->name));
	t->link_up = gb_link_up(net, t->link);
	gb_tunnel_route_mtu(t, net);

	err = rhltable_insert(&gb_net(net)->by_remote, &t->rnode,
			      gb_remote_params);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot add the tunnel to the table");
		goto err_free;
	}
	rcu_assign_pointer(bond->tunnels[t->id], t);
	gb_bond_tunnels_changed(bond);
	gb_nl_tunnel_notify(bond, t, GRE_BOND_EVENT_TUNNEL_NEW);
	pr_debug("%s: tunnel %u created\n", bond->dev->name, t->id);
	return 0;

err_free:
	gb_tunnel_free(t);
	return err;
}

/*
 * A copy of @t with the routing fields of @cfg applied, hashed alongside
 * @t. Counters carry over: both copies count into the same per-CPU memory
 * until @t's readers are gone.
 */
static struct gb_tunnel *gb_tunnel_clone(struct gb_bond *bond,
					 struct gb_tunnel *t,
					 const struct gb_tunnel_cfg *cfg,
					 struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(bond->dev);
	struct gb_tunnel *n;
	int err;

	n = gb_tunnel_alloc(bond, t->id);
	if (!n)
		return ERR_PTR(-ENOMEM);

	n->remote = cfg->set & GB_TCFG_REMOTE ? cfg->remote : t->remote;
	n->local = cfg->set & GB_TCFG_LOCAL ? cfg->local : t->local;
	n->link = cfg->set & GB_TCFG_LINK ? cfg->link : t->link;
	n->fwmark = cfg->set & GB_TCFG_FWMARK ? cfg->fwmark : t->fwmark;
	n->role = t->role;
	n->admin = t->admin;
	n->oper_ctl = t->oper_ctl;
	n->rtt_us = t->rtt_us;
	memcpy(n->name, t->name, sizeof(n->name));
	memcpy(n->stats_base, t->stats_base, sizeof(n->stats_base));
	n->link_up = gb_link_up(net, n->link);
	gb_tunnel_route_mtu(n, net);

	err = rhltable_insert(&gb_net(net)->by_remote, &n->rnode,
			      gb_remote_params);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot add the tunnel to the table");
		n->stats_moved = true;
		gb_tunnel_free(n);
		return ERR_PTR(err);
	}
	n->stats = t->stats;
	t->stats_moved = true;
	return n;
}

/**
 * gb_tunnel_set() - change a member tunnel
 * @bond: the bond
 * @t: the tunnel
 * @cfg: a configuration netlink.c has checked against the rest of the bond
 * @extack: for errors
 *
 * State (role, admin, oper, RTT, name) changes in place. A change of the
 * outer addresses, underlay or mark swaps in a new copy of the tunnel and
 * frees the old one after a grace period.
 *
 * Context: RTNL.
 * Return: 0 or a negative errno, with nothing changed.
 */
int gb_tunnel_set(struct gb_bond *bond, struct gb_tunnel *t,
		  const struct gb_tunnel_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	bool was_up = gb_tunnel_oper_up(t);
	struct gb_tunnel *n = t;

	ASSERT_RTNL();
	if (cfg->set & GB_TCFG_ROUTE) {
		n = gb_tunnel_clone(bond, t, cfg, extack);
		if (IS_ERR(n))
			return PTR_ERR(n);
	}

	if (cfg->set & GB_TCFG_ROLE)
		n->role = cfg->role;
	if (cfg->set & GB_TCFG_ADMIN)
		WRITE_ONCE(n->admin, cfg->admin);
	if (cfg->set & GB_TCFG_OPER)
		WRITE_ONCE(n->oper_ctl, cfg->oper);
	if (cfg->set & GB_TCFG_RTT)
		n->rtt_us = cfg->rtt_us;
	if (cfg->set & GB_TCFG_NAME)
		strscpy(n->name, cfg->name, sizeof(n->name));

	if (n != t) {
		rhltable_remove(&gb_net(dev_net(bond->dev))->by_remote,
				&t->rnode, gb_remote_params);
		rcu_assign_pointer(bond->tunnels[t->id], n);
	}
	gb_bond_tunnels_changed(bond);
	if (n != t)
		call_rcu(&t->rcu, gb_tunnel_free_rcu);

	gb_nl_tunnel_notify(bond, n, GRE_BOND_EVENT_TUNNEL_CHANGED);
	if (was_up != gb_tunnel_oper_up(n))
		gb_nl_tunnel_notify(bond, n, was_up ?
				    GRE_BOND_EVENT_TUNNEL_DOWN :
				    GRE_BOND_EVENT_TUNNEL_UP);
	return 0;
}

static void gb_tunnel_unpublish(struct gb_bond *bond, struct gb_tunnel *t)
{
	rhltable_remove(&gb_net(dev_net(bond->dev))->by_remote, &t->rnode,
			gb_remote_params);
	RCU_INIT_POINTER(bond->tunnels[t->id], NULL);
}

/**
 * gb_tunnel_del() - remove a member tunnel
 * @bond: the bond
 * @t: the tunnel; freed after an RCU grace period
 *
 * Context: RTNL.
 */
void gb_tunnel_del(struct gb_bond *bond, struct gb_tunnel *t)
{
	ASSERT_RTNL();
	gb_nl_tunnel_notify(bond, t, GRE_BOND_EVENT_TUNNEL_DEL);
	gb_tunnel_unpublish(bond, t);
	gb_bond_tunnels_changed(bond);
	pr_debug("%s: tunnel %u destroyed\n", bond->dev->name, t->id);
	call_rcu(&t->rcu, gb_tunnel_free_rcu);
}

/**
 * gb_tunnel_del_all() - remove every tunnel of a bond that goes away
 * @bond: the bond
 *
 * No per-tunnel notification: the bond's deletion says it all.
 *
 * Context: RTNL.
 */
void gb_tunnel_del_all(struct gb_bond *bond)
{
	unsigned int i;

	ASSERT_RTNL();
	RCU_INIT_POINTER(bond->primary, NULL);
	RCU_INIT_POINTER(bond->secondary, NULL);
	for (i = 0; i < GRE_BOND_MAX_TUNNELS; i++) {
		struct gb_tunnel *t = rtnl_dereference(bond->tunnels[i]);

		if (!t)
			continue;
		gb_tunnel_unpublish(bond, t);
		pr_debug("%s: tunnel %u destroyed\n", bond->dev->name, t->id);
		call_rcu(&t->rcu, gb_tunnel_free_rcu);
	}
}

static bool gb_tunnel_link_event(struct gb_bond *bond, struct gb_tunnel *t,
				 struct net_device *dev, unsigned long event)
{
	bool was_up = gb_tunnel_oper_up(t);
	bool up;

	if (event == NETDEV_CHANGEMTU)
		return false;
	up = event != NETDEV_UNREGISTER && netif_running(dev) &&
	     netif_carrier_ok(dev);
	if (up == READ_ONCE(t->link_up))
		return false;

	WRITE_ONCE(t->link_up, up);
	dst_cache_reset(&t->dst_cache);
	if (was_up != gb_tunnel_oper_up(t))
		gb_nl_tunnel_notify(bond, t, was_up ?
				    GRE_BOND_EVENT_TUNNEL_DOWN :
				    GRE_BOND_EVENT_TUNNEL_UP);
	return true;
}

/**
 * gb_tunnel_netdev_event() - an underlay changed state or MTU
 * @net: its namespace
 * @dev: the underlay (not a bond)
 * @event: NETDEV_UP, _DOWN, _CHANGE, _CHANGEMTU or _UNREGISTER
 *
 * Tunnels bound to @dev (LINK) follow its state. Tunnels whose MTU came
 * from @dev, or from no device at all, recompute it.
 *
 * Context: RTNL.
 */
void gb_tunnel_netdev_event(struct net *net, struct net_device *dev,
			    unsigned long event)
{
	bool mtu_event = event == NETDEV_CHANGEMTU || event == NETDEV_UP ||
			 event == NETDEV_UNREGISTER;
	struct gb_bond *bond;

	ASSERT_RTNL();
	list_for_each_entry(bond, &gb_net(net)->bonds, list) {
		bool changed = false, mtu = false;
		unsigned int i;

		for (i = 0; i < GRE_BOND_MAX_TUNNELS; i++) {
			struct gb_tunnel *t = rtnl_dereference(bond->tunnels[i]);

			if (!t)
				continue;
			if (t->link == dev->ifindex)
				changed |= gb_tunnel_link_event(bond, t, dev,
								event);
			if (mtu_event &&
			    (t->link == dev->ifindex ||
			     (!t->link && (t->underlay == dev->ifindex ||
					   !t->underlay)))) {
				gb_tunnel_route_mtu(t, net);
				mtu = true;
			}
		}
		if (mtu)
			gb_bond_update_mtu(bond);
		if (changed)
			gb_bond_changed(bond);
	}
}

static void gb_tunnel_stats_raw(const struct gb_tunnel *t, u64 *out)
{
	int cpu;

	memset(out, 0, sizeof(u64) * __GRE_BOND_TS_MAX);
	for_each_possible_cpu(cpu) {
		const struct gb_tstats *s = per_cpu_ptr(t->stats, cpu);
		u64 v[__GRE_BOND_TS_MAX];
		unsigned int start, i;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __GRE_BOND_TS_MAX; i++)
				v[i] = u64_stats_read(&s->c[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < __GRE_BOND_TS_MAX; i++)
			out[i] += v[i];
	}
}

/**
 * gb_tunnel_stats() - a tunnel's counters since the last reset
 * @t: the tunnel
 * @out: __GRE_BOND_TS_MAX values, indexed by enum gre_bond_ts
 *
 * Context: RTNL.
 */
void gb_tunnel_stats(const struct gb_tunnel *t, u64 *out)
{
	unsigned int i;

	gb_tunnel_stats_raw(t, out);
	for (i = 0; i < __GRE_BOND_TS_MAX; i++)
		out[i] -= t->stats_base[i];
}

/**
 * gb_tunnel_stats_reset() - make a tunnel's counters read zero
 * @t: the tunnel
 *
 * Remembers the current values rather than writing per-CPU memory that
 * the data path is updating.
 *
 * Context: RTNL.
 */
void gb_tunnel_stats_reset(struct gb_tunnel *t)
{
	gb_tunnel_stats_raw(t, t->stats_base);
}
