/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmip_mmb: RFC 8278 multipath binding table and steering netdev.
 *
 * Locking: RTNL is the one configuration lock; every change to sessions,
 * prefixes and bindings, the netdevice notifier and the expiry work hold
 * it. The transmit path is lock-free: it finds the session through the
 * per-netns prefix rhashtable and reads the session's RCU-published
 * snapshot (struct pm_snap) of its live bindings and rules, which every
 * change replaces as a whole.
 */
#ifndef _PMIP_MMB_H
#define _PMIP_MMB_H

#include <linux/bitmap.h>
#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include <linux/pmip_mmb.h>

#include "select.h"

#define PM_FLOW_CACHE		256	/* recent flow hashes per session */
#define PM_PLEN_SLOTS		129	/* prefix lengths 0..128 */
#define PM_CTR_MAX		10	/* counters of the largest kind */

/* counters of each kind: up to the last UAPI index counted */
#define PM_D_CTRS		PM_CTR_MAX
#define PM_S_CTRS		(PMIP_MMB_S_FALLBACKS + 1)
#define PM_BS_CTRS		(PMIP_MMB_BS_FLOWS + 1)

/*
 * per-CPU counters, as many as their kind has (PM_{D,S,BS}_CTRS): a
 * binding's are 32 octets per CPU, not 80; indexes are the UAPI's
 * PMIP_MMB_{BS,S,D}_*
 */
struct pm_ctr {
	struct u64_stats_sync syncp;
	u64_stats_t v[];
};

/* per-CPU bytes of @n counters */
static inline size_t pm_ctr_size(unsigned int n)
{
	return sizeof(struct pm_ctr) + n * sizeof(u64_stats_t);
}

/**
 * struct pm_net - per network namespace state
 * @sessions: all sessions, by MN-ID
 * @prefixes: all home network prefixes, by (prefix, length)
 * @devs: the namespace's steering devices (struct pm_dev)
 * @plen_users: prefixes of each length, to keep @plens
 * @plens: lengths some prefix has, what the transmit path probes
 * @n_bindings: bindings in the namespace
 * @expiry: the work that deletes expired bindings
 * @next_expiry: when @expiry is due (jiffies64), U64_MAX when idle
 * @gen: dump generation, bumped by every change
 */
struct pm_net {
	struct rhashtable sessions;
	struct rhashtable prefixes;
	struct list_head devs;
	u16 plen_users[PM_PLEN_SLOTS];
	DECLARE_BITMAP(plens, PM_PLEN_SLOTS);
	unsigned int n_bindings;
	struct delayed_work expiry;
	u64 next_expiry;
	unsigned int gen;
};

/**
 * struct pm_dev - private part of a steering netdev
 * @dev: the netdev
 * @list: in pm_net.devs
 * @sessions: its sessions (struct pm_session.list)
 * @n_sessions: their number
 * @ctr: PMIP_MMB_D_* counters
 */
struct pm_dev {
	struct net_device *dev;
	struct list_head list;
	struct list_head sessions;
	unsigned int n_sessions;
	struct pm_ctr __percpu *ctr;
};

/**
 * struct pm_mnid - an MN-ID as the sessions table's lookup key; the
 * session itself keeps its MN-ID inline, exactly as long as it is
 * @id: the octets, owned by the caller
 * @len: their number, 1..PMIP_MMB_MNID_MAX
 */
struct pm_mnid {
	const u8 *id;
	u8 len;
};

struct pm_prefix_key {
	struct in6_addr addr;
	u8 len;
};

struct pm_session;

struct pm_prefix {
	struct rhash_head node;
	struct pm_prefix_key key;
	struct pm_session *s;
};

/**
 * struct pm_binding - one binding of a session (RFC 8278: one per BID)
 * @s: its session
 * @tdev: the tunnel device, holding a reference
 * @ctr: PMIP_MMB_BS_* counters
 * @expires: end of life, jiffies64
 * @peer: LMA or MAG address
 * @rcu: freeing; shares its storage with @peer, which only the
 *	configuration side reads and which it no longer reads once the
 *	binding is unlinked (its last notification goes out before call_rcu())
 * @pcoa: proxy care-of address
 * @gre_key_up: RFC 5845 uplink key, recorded
 * @gre_key_down: RFC 5845 downlink key, recorded
 * @lifetime: seconds granted by the last add or refresh
 * @bid: Binding ID
 * @att: If-ATT
 * @label: If-Label
 * @weight: per-packet share
 * @state: enum pmip_mmb_state
 * @pcoa_len: 4 or 16
 * @peer_len: 0, 4 or 16
 * @has_key_up: @gre_key_up was given
 * @has_key_down: @gre_key_down was given
 *
 * Pointers and the 64-bit end of life first, then the addresses, the
 * 32-bit and the 8-bit fields: no holes, 88 octets (kmalloc-96).
 */
struct pm_binding {
	struct pm_session *s;
	struct net_device *tdev;
	struct pm_ctr __percpu *ctr;
	u64 expires;
	union {
		u8 peer[16];
		struct rcu_head rcu;
	};
	u8 pcoa[16];
	u32 gre_key_up;
	u32 gre_key_down;
	u32 lifetime;
	u8 bid;
	u8 att;
	u8 label;
	u8 weight;
	u8 state;
	u8 pcoa_len;
	u8 peer_len;
	bool has_key_up;
	bool has_key_down;
};

/**
 * struct pm_rules - a session's label rules, one block shared by the
 * session and its snapshots; never changed: a change of rules makes a new
 * block, and the old one is freed a grace period after the snapshot that
 * replaced the last snapshot pointing at it was published
 * @n: entries in @r, 1..PMIP_MMB_MAX_RULES (no rules: no block)
 * @r: the rules, the first that matches wins
 *
 * No rcu_head: freed by kfree_rcu_mightsleep(), always under RTNL in
 * process context. One rule takes 12 octets (kmalloc-16).
 */
struct pm_rules {
	u8 n;
	struct pm_sel_rule r[];
};

/**
 * struct pm_snap - what the transmit path reads of a session, as one
 * RCU-published object; replaced, never changed
 * @rules: label rules, the session's block; NULL when it has none
 * @n: bindings in @sel and after it
 * @policy: enum pmip_mmb_policy
 * @sel: the selector's view of the bindings, in BID order; the @n binding
 *	pointers follow it in the same allocation (pm_snap_bindings())
 *
 * No rcu_head: replaced snapshots go to kfree_rcu_mightsleep(), always
 * under RTNL in process context. Two bindings: 64 octets (kmalloc-64).
 */
struct pm_snap {
	const struct pm_rules *rules;
	u8 n;
	u8 policy;
	struct pm_sel_binding sel[];
};

/* bytes of a snapshot of @n bindings */
static inline size_t pm_snap_size(unsigned int n)
{
	return sizeof(struct pm_snap) +
	       n * (sizeof(struct pm_sel_binding) + sizeof(struct pm_binding *));
}

/* the snapshot's bindings, index for index with its @sel */
static inline struct pm_binding **pm_snap_bindings(struct pm_snap *snap)
{
	return (struct pm_binding **)&snap->sel[snap->n];
}

/**
 * struct pm_session - a mobile node's mobility session
 * @node: in pm_net.sessions
 * @list: in pm_dev.sessions
 * @rcu: freeing; shares its storage with @list, which nothing reads after
 *	pm_session_del() took the session off it (the transmit path never
 *	walks the list)
 * @pd: its steering device
 * @hnp: home network prefixes, each in pm_net.prefixes; an array of
 *	@n_hnp, allocated for them, freed with the session
 * @rules: label rules, NULL when none; shared with @snap, replaced as a
 *	whole; RTNL
 * @bind: the bindings, sorted by BID, @cap_bind long (NULL when 0); RTNL
 * @snap: transmit path view
 * @flow_cache: PM_FLOW_CACHE recent flow hashes, for the flow counters;
 *	allocated by the first transmitted packet, NULL before
 * @ctr: PMIP_MMB_S_* counters
 * @pkt_seq: per-packet policy sequence
 * @mnid_type: MN-ID subtype
 * @role: enum pmip_mmb_role
 * @policy: enum pmip_mmb_policy
 * @n_hnp: prefixes in @hnp, 1..PMIP_MMB_MAX_HNP
 * @n_bind: bindings in @bind
 * @cap_bind: room in @bind
 * @mnid_len: octets in @mnid
 * @mnid: the MN-ID, the sessions table's key; the session is allocated
 *	up to its end, so short IDs (up to 37 octets) fit kmalloc-128
 */
struct pm_session {
	struct rhash_head node;
	union {
		struct list_head list;
		struct rcu_head rcu;
	};
	struct pm_dev *pd;
	struct pm_prefix *hnp;
	struct pm_rules *rules;
	struct pm_binding **bind;
	struct pm_snap __rcu *snap;
	u32 *flow_cache;
	struct pm_ctr __percpu *ctr;
	atomic_t pkt_seq;
	u8 mnid_type;
	u8 role;
	u8 policy;
	u8 n_hnp;
	u8 n_bind;
	u8 cap_bind;
	u8 mnid_len;
	u8 mnid[];
};

/* what netlink hands to pm_binding_set() */
struct pm_binding_cfg {
	u8 bid;
	u8 att;
	u8 label;
	u8 weight;
	u8 pcoa_len;
	u8 peer_len;
	bool has_key_up;
	bool has_key_down;
	u8 pcoa[16];
	u8 peer[16];
	u32 gre_key_up;
	u32 gre_key_down;
	u32 lifetime;
	struct net_device *tdev;
};

/**
 * pm_snap_flow_pick() - the binding of a flow in a snapshot
 * @snap: the snapshot
 * @flow: the packet's flow
 * @now: jiffies64
 * @flags: PM_SEL_* out
 *
 * Context: RCU read side, @snap from rcu_dereference().
 * Return: an index into @snap->sel, or -1.
 */
static inline int pm_snap_flow_pick(const struct pm_snap *snap,
				    const struct pm_sel_flow *flow, u64 now,
				    unsigned int *flags)
{
	const struct pm_rules *rules = snap->rules;

	return pm_sel_flow_pick(snap->sel, snap->n, rules ? rules->r : NULL,
				rules ? rules->n : 0, flow, now, flags);
}

extern const struct rhashtable_params pm_session_params;
extern const struct rhashtable_params pm_prefix_params;

/* device.c */
struct pm_net *pm_net(const struct net *net);
bool pm_netdev_is_pm(const struct net_device *dev);
struct pm_dev *pm_dev_get(struct net *net, int ifindex);
int pm_pernet_init(void);
void pm_pernet_uninit(void);
int pm_device_init(void);
void pm_device_uninit(void);

/* session.c */
struct pm_ctr __percpu *pm_ctr_alloc(unsigned int n);
void pm_ctr_add(struct pm_ctr __percpu *ctr, unsigned int i, u64 v);
void pm_ctr_sum(struct pm_ctr __percpu *ctr, unsigned int n, u64 *v);
void pm_ctr_reset(struct pm_ctr __percpu *ctr, unsigned int n);
struct pm_session *pm_session_find(struct pm_net *pn, const struct pm_mnid *id);
struct pm_session *pm_session_lookup_rcu(struct pm_net *pn,
					 const struct in6_addr *addr);
int pm_session_add(struct pm_dev *pd, const struct pm_mnid *id, u8 mnid_type,
		   u8 role, u8 policy, const struct pm_prefix_key *hnp,
		   unsigned int n_hnp, const struct pm_sel_rule *rules,
		   unsigned int n_rules, struct netlink_ext_ack *extack);
int pm_session_set(struct pm_session *s, const u8 *policy,
		   const struct pm_prefix_key *hnp, unsigned int n_hnp,
		   const struct pm_sel_rule *rules, int n_rules,
		   struct netlink_ext_ack *extack);
void pm_session_del(struct pm_session *s);
struct pm_binding *pm_binding_find(struct pm_session *s, unsigned int bid);
void pm_dev_flush(struct pm_dev *pd);
int pm_binding_set(struct pm_session *s, const struct pm_binding_cfg *cfg,
		   bool overwrite, struct netlink_ext_ack *extack);
int pm_binding_refresh(struct pm_session *s, int bid, u32 lifetime);
void pm_binding_del(struct pm_binding *b, enum pmip_mmb_event event);
void pm_tunnel_event(struct pm_net *pn, struct net_device *tdev,
		     unsigned long event);
void pm_expiry_work(struct work_struct *work);
void pm_session_stats_reset(struct pm_session *s);

/* netlink.c */
int pm_genl_init(void);
void pm_genl_uninit(void);
void pm_nl_session_notify(struct pm_session *s, enum pmip_mmb_event event);
void pm_nl_binding_notify(struct pm_binding *b, enum pmip_mmb_event event);

#endif /* _PMIP_MMB_H */
