/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gre_bond: the structures the kernel parts of the module share, and the
 * functions they call across files, grouped by the file that defines them.
 *
 * Locking, in one place:
 *  - RTNL is the one configuration lock. Every bond and tunnel change, the
 *    per-netns lists and hash tables, the netdevice notifier and netns exit
 *    run under it; functions that need it assert it.
 *  - The data path reads tunnels through RCU pointers and never takes RTNL.
 *  - bond->meter_lock guards the srTCM meter only (transmit).
 *  - bond->rx_lock guards the reorder window, the auto hold estimator and
 *    the queue the NAPI poll drains (receive, hold timer, NAPI).
 */
#ifndef _GB_GRE_BOND_H
#define _GB_GRE_BOND_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <net/dst_cache.h>
#include <linux/gre_bond.h>

#include "gre_wire.h"
#include "srtcm.h"
#include "reorder.h"

/* defaults and limits (Documentation/gre_bond.rst, "Parameters") */
#define GB_HOLD_US_DEFAULT	100000U		/* fixed mode */
#define GB_HOLD_MAX_US_DEFAULT	100000U		/* RFC 8157 4.4 example */
#define GB_HOLD_LIMIT_US	10000000U	/* 10 s */
#define GB_HOLD_MAX_MIN_US	1000U
#define GB_REORDER_MAX_DEFAULT	1024U
#define GB_CTRL_PAYLOAD_MAX	8192U
#define GB_RX_QUEUE_MAX		8192U		/* packets waiting for NAPI */

/* overhead of one tunnel: outer IP header and the K+S GRE header */
#define GB_OVERHEAD4		(sizeof(struct iphdr) + GB_GRE_DATA_HLEN)
#define GB_OVERHEAD6		(sizeof(struct ipv6hdr) + GB_GRE_DATA_HLEN)
#define GB_MTU_DEFAULT		(ETH_DATA_LEN - GB_OVERHEAD4)

/**
 * struct gb_addr - an outer address, also a hash key
 * @in6: IPv6 address (family AF_INET6)
 * @in4: IPv4 address (family AF_INET), the rest of @in6 is zero
 * @family: AF_INET, AF_INET6, or AF_UNSPEC for "not set"
 * @pad: zero, so that the whole struct can be hashed and compared
 */
struct gb_addr {
	union {
		struct in6_addr in6;
		__be32 in4;
	};
	u16 family;
	u16 pad;
};

/**
 * struct gb_tstats - per-CPU counters of one tunnel
 * @c: indexed by enum gre_bond_ts
 * @syncp: for 64-bit reads on 32-bit machines
 */
struct gb_tstats {
	u64_stats_t c[__GRE_BOND_TS_MAX];
	struct u64_stats_sync syncp;
};

/**
 * struct gb_tunnel - one member tunnel of a bond
 * @rnode: in gb_net.by_remote, keyed by @remote
 * @remote: outer destination; immutable while hashed
 * @local: outer source, family AF_UNSPEC when the routing table picks it
 * @bond: the bond this tunnel belongs to (outlives the tunnel)
 * @id: index in bond->tunnels
 * @role: enum gre_bond_role (RTNL)
 * @admin: enum gre_bond_admin, read locklessly
 * @oper_ctl: the operational state the control daemon last set
 * @link_up: false while the underlay @link is down or gone
 * @link: underlay ifindex, 0 for none
 * @fwmark: routing mark of the outer packets
 * @rtt_us: RTT reported by the control plane, 0 when unknown
 * @mtu: data MTU through this tunnel (RTNL)
 * @underlay: ifindex @mtu was derived from (RTNL)
 * @name: label given by the user (RTNL)
 * @dst_cache: outer route cache
 * @stats: counters
 * @stats_base: counter values at the last STATS_RESET (RTNL)
 * @stats_moved: @stats now belongs to the copy that replaced this tunnel
 * @rcu: for the deferred free
 *
 * Fields that decide where a tunnel sits in the hash table or where its
 * packets go (@remote, @local, @link, @fwmark) never change in place: a
 * TUNNEL_SET that changes them swaps in a new copy (gb_tunnel_set()).
 */
struct gb_tunnel {
	struct rhlist_head rnode;
	struct gb_addr remote;
	struct gb_addr local;
	struct gb_bond *bond;
	u8 id;
	u8 role;
	u8 admin;
	u8 oper_ctl;
	bool link_up;
	u32 link;
	u32 fwmark;
	u32 rtt_us;
	u32 mtu;
	int underlay;
	char name[IFNAMSIZ];
	struct dst_cache dst_cache;
	struct gb_tstats __percpu *stats;
	u64 stats_base[__GRE_BOND_TS_MAX];
	bool stats_moved;
	struct rcu_head rcu;
};

/**
 * struct gb_bond - one bonding connection, the private part of its netdev
 * @dev: the netdev
 * @list: in gb_net.bonds (RTNL)
 * @knode: in gb_net.by_key while @key is not 0 (RTNL)
 * @key: bonding key; written under RTNL, read locklessly
 * @tunnels: member tunnels by id
 * @primary: the tunnel with role primary, if any
 * @secondary: the tunnel with role secondary, if any
 * @ctrl_proto_alt: second GRE protocol type taken as control, 0 for none
 * @cir_kbps: srTCM CIR as configured (RTNL)
 * @cbs: srTCM CBS as configured, 0 for automatic (RTNL)
 * @ebs: srTCM EBS as configured, 0 for automatic (RTNL)
 * @hold_mode: enum gre_bond_hold_mode (RTNL; copied under @rx_lock)
 * @hold_us: fixed hold time (RTNL)
 * @hold_max_us: upper bound of the automatic hold time (RTNL)
 * @reorder_max: MAX_PERFLOW_BUFFER (RTNL)
 * @path_mtu: smallest tunnel MTU, for the transmit size check
 * @tx_seq: next sequence number to send
 * @meter_on: CIR is not 0
 * @meter_lock: protects @meter
 * @meter: the srTCM meter
 * @rx_lock: protects the fields below up to @rx_queue
 * @reorder: the receive window
 * @slots: storage of @reorder
 * @auto_hold: hold time follows the estimator
 * @hold_max_ns: copy of @hold_max_us for the estimator
 * @ctrl_delay_ns: one-way delay difference from the reported RTTs
 * @est_cur_ns: largest delay difference seen in the current period
 * @est_prev_ns: largest delay difference seen in the last period with data
 * @est_start_ns: start of the current period
 * @giveup_ns: when the hold timer last gave up on a gap
 * @armed_ns: deadline the hold timer is armed for, 0 when idle
 * @rx_queue: packets released by the window, for the NAPI poll
 * @timer: the hold timer
 * @napi: delivers @rx_queue in order on the bond device
 * @cnt: bond counters, indexed by enum gre_bond_s
 * @mtu_auto: the device MTU follows the tunnels (RTNL)
 * @mtu_setting: gb_bond_update_mtu() is changing the MTU (RTNL)
 */
struct gb_bond {
	struct net_device *dev;
	struct list_head list;
	struct rhlist_head knode;
	u32 key;
	struct gb_tunnel __rcu *tunnels[GRE_BOND_MAX_TUNNELS];
	struct gb_tunnel __rcu *primary;
	struct gb_tunnel __rcu *secondary;
	u16 ctrl_proto_alt;

	u32 cir_kbps;
	u32 cbs;
	u32 ebs;
	u8 hold_mode;
	u32 hold_us;
	u32 hold_max_us;
	u32 reorder_max;
	u32 path_mtu;

	atomic_t tx_seq;
	bool meter_on;
	spinlock_t meter_lock; /* protects meter */
	struct gb_srtcm meter;

	spinlock_t rx_lock; /* protects the receive state below */
	struct gb_reorder reorder;
	struct gb_reorder_slot *slots;
	bool auto_hold;
	u64 hold_max_ns;
	u64 ctrl_delay_ns;
	u64 est_cur_ns;
	u64 est_prev_ns;
	u64 est_start_ns;
	u64 giveup_ns;
	u64 armed_ns;
	struct sk_buff_head rx_queue;

	struct hrtimer timer;
	struct napi_struct napi;
	atomic64_t cnt[__GRE_BOND_S_MAX];
	bool mtu_auto;
	bool mtu_setting;
};

/**
 * struct gb_net - per network namespace state
 * @bonds: the bonds of this netns (RTNL)
 * @gen: bumped on every change, for consistent dumps (RTNL)
 * @hooks: the netfilter hooks are registered (RTNL)
 * @by_remote: tunnels by outer remote address
 * @by_key: bonds by non-zero key
 */
struct gb_net {
	struct list_head bonds;
	u32 gen;
	bool hooks;
	struct rhltable by_remote;
	struct rhltable by_key;
};

/**
 * struct gb_tunnel_cfg - a tunnel configuration request, parsed
 * @set: GB_TCFG_* bits: which fields the request carried
 * @id: tunnel id
 * @role: enum gre_bond_role
 * @admin: enum gre_bond_admin
 * @oper: enum gre_bond_oper
 * @local: outer source
 * @remote: outer destination
 * @link: underlay ifindex, 0 for none
 * @fwmark: routing mark
 * @rtt_us: RTT
 * @name: label
 */
struct gb_tunnel_cfg {
	u32 set;
	u8 id;
	u8 role;
	u8 admin;
	u8 oper;
	struct gb_addr local;
	struct gb_addr remote;
	u32 link;
	u32 fwmark;
	u32 rtt_us;
	char name[IFNAMSIZ];
};

#define GB_TCFG_ROLE		BIT(0)
#define GB_TCFG_ADMIN		BIT(1)
#define GB_TCFG_OPER		BIT(2)
#define GB_TCFG_LOCAL		BIT(3)
#define GB_TCFG_REMOTE		BIT(4)
#define GB_TCFG_LINK		BIT(5)
#define GB_TCFG_FWMARK		BIT(6)
#define GB_TCFG_RTT		BIT(7)
#define GB_TCFG_NAME		BIT(8)
/* the fields that make gb_tunnel_set() swap in a new copy */
#define GB_TCFG_ROUTE		(GB_TCFG_LOCAL | GB_TCFG_REMOTE | \
				 GB_TCFG_LINK | GB_TCFG_FWMARK)

static inline void gb_count(struct gb_bond *bond, enum gre_bond_s what)
{
	atomic64_inc(&bond->cnt[what]);
}

static inline void gb_tstats_add(struct gb_tunnel *t, enum gre_bond_ts pkts,
				 enum gre_bond_ts bytes, unsigned int len)
{
	struct gb_tstats *s = this_cpu_ptr(t->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->c[pkts]);
	if (bytes)
		u64_stats_add(&s->c[bytes], len);
	u64_stats_update_end(&s->syncp);
}

/* The operational state userspace sees: daemon's word and the underlay's. */
static inline bool gb_tunnel_oper_up(const struct gb_tunnel *t)
{
	return READ_ONCE(t->oper_ctl) == GRE_BOND_OPER_UP &&
	       READ_ONCE(t->link_up);
}

/* May the tunnel carry data? */
static inline bool gb_tunnel_usable(const struct gb_tunnel *t)
{
	return t && READ_ONCE(t->admin) == GRE_BOND_ADMIN_UP &&
	       gb_tunnel_oper_up(t);
}

/* main.c: nothing but init and exit */

/* device.c */
int gb_pernet_init(void);
void gb_pernet_uninit(void);
int gb_device_init(void);
void gb_device_uninit(void);
struct gb_net *gb_net(const struct net *net);
struct gb_bond *gb_bond_get(struct net *net, int ifindex);
bool gb_netdev_is_bond(const struct net_device *dev);
void gb_bond_update_mtu(struct gb_bond *bond);
int gb_bond_set_key(struct gb_bond *bond, u32 key);
void gb_bond_changed(struct gb_bond *bond);

/* tunnel.c */
extern const struct rhashtable_params gb_remote_params;
extern const struct rhashtable_params gb_key_params;
int gb_tunnel_add(struct gb_bond *bond, const struct gb_tunnel_cfg *cfg,
		  struct netlink_ext_ack *extack);
int gb_tunnel_set(struct gb_bond *bond, struct gb_tunnel *t,
		  const struct gb_tunnel_cfg *cfg,
		  struct netlink_ext_ack *extack);
void gb_tunnel_del(struct gb_bond *bond, struct gb_tunnel *t);
void gb_tunnel_del_all(struct gb_bond *bond);
void gb_tunnel_netdev_event(struct net *net, struct net_device *dev,
			    unsigned long event);
void gb_tunnel_stats(const struct gb_tunnel *t, u64 *out);
void gb_tunnel_stats_reset(struct gb_tunnel *t);
struct gb_tunnel *gb_tunnel_rtnl(const struct gb_bond *bond, u8 id);

/* tx.c */
netdev_tx_t gb_xmit(struct sk_buff *skb, struct net_device *dev);
void gb_tx_meter_update(struct gb_bond *bond);
int gb_tx_ctrl(struct gb_bond *bond, struct gb_tunnel *t,
	       const struct gb_addr *remote, u16 proto, u32 key,
	       const void *payload, unsigned int len);
void gb_tunnel_route_mtu(struct gb_tunnel *t, struct net *net);

/* rx.c */
int gb_rx_bond_init(struct gb_bond *bond);
void gb_rx_bond_uninit(struct gb_bond *bond);
void gb_rx_open(struct gb_bond *bond);
void gb_rx_stop(struct gb_bond *bond);
int gb_rx_resize(struct gb_bond *bond, u32 reorder_max);
void gb_rx_hold_update(struct gb_bond *bond);
void gb_rx_stats(struct gb_bond *bond, struct gb_reorder_stats *st,
		 u32 *depth, u32 *hold_us);
void gb_rx_stats_reset(struct gb_bond *bond);
int gb_rx_hooks_register(struct net *net);
void gb_rx_hooks_unregister(struct net *net);

/* netlink.c */
int gb_genl_init(void);
void gb_genl_uninit(void);
void gb_nl_bond_notify(struct gb_bond *bond, enum gre_bond_event event);
void gb_nl_tunnel_notify(struct gb_bond *bond, const struct gb_tunnel *t,
			 enum gre_bond_event event);
bool gb_nl_ctrl_listened(struct net *net);
int gb_nl_ctrl_recv(struct gb_bond *bond, const struct gb_tunnel *t,
		    const struct gb_gre_hdr *gh, const struct gb_addr *from,
		    struct sk_buff *skb, unsigned int off);

#endif /* _GB_GRE_BOND_H */
