// SPDX-License-Identifier: GPL-2.0
/*
 * pmip_mmb: the binding table. Sessions by MN-ID and their home network
 * prefixes live in two per-netns rhashtables; a session's bindings live in
 * a small array sorted by BID that grows as bindings are added. Every
 * change rebuilds the session's snapshot (struct pm_snap) for the
 * transmit path. Expiry is one delayed work per namespace, due at the
 * earliest end of life; the transmit path does not wait for it, it skips
 * bindings whose end of life has passed.
 */

#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "pmip_mmb.h"

/*
 * The headless kfree_rcu(ptr) took this name in 6.3 (and in Debian's
 * 6.1); snapshots and rules blocks have no rcu_head and rely on it. Kept
 * here rather than in compat.h, which the bench module (it compiles this
 * file in) cannot include without the module's Kbuild probes.
 */
#ifndef kfree_rcu_mightsleep
#define kfree_rcu_mightsleep(ptr) kfree_rcu(ptr)
#endif

/*
 * The session keeps its MN-ID as a flexible array, so the table hashes and
 * compares through functions: a lookup key is a struct pm_mnid (pointer
 * and length), an object's key is its mnid[] of mnid_len octets. Both
 * hash the same octets the same way.
 */
static u32 pm_session_key_hash(const void *data, u32 len, u32 seed)
{
	const struct pm_mnid *id = data;

	return jhash(id->id, id->len, seed);
}

static u32 pm_session_obj_hash(const void *data, u32 len, u32 seed)
{
	const struct pm_session *s = data;

	return jhash(s->mnid, s->mnid_len, seed);
}

static int pm_session_obj_cmp(struct rhashtable_compare_arg *arg,
			      const void *obj)
{
	const struct pm_mnid *id = arg->key;
	const struct pm_session *s = obj;

	return s->mnid_len != id->len || memcmp(s->mnid, id->id, id->len);
}

const struct rhashtable_params pm_session_params = {
	.head_offset		= offsetof(struct pm_session, node),
	.key_len		= sizeof(struct pm_mnid),
	.hashfn			= pm_session_key_hash,
	.obj_hashfn		= pm_session_obj_hash,
	.obj_cmpfn		= pm_session_obj_cmp,
	.automatic_shrinking	= true,
};

const struct rhashtable_params pm_prefix_params = {
	.head_offset		= offsetof(struct pm_prefix, node),
	.key_offset		= offsetof(struct pm_prefix, key),
	.key_len		= sizeof(struct pm_prefix_key),
	.automatic_shrinking	= true,
};

/**
 * pm_ctr_alloc() - allocate zeroed per-CPU counters
 * @n: how many, PM_{D,S,BS}_CTRS
 *
 * Return: the counters or NULL.
 */
struct pm_ctr __percpu *pm_ctr_alloc(unsigned int n)
{
	struct pm_ctr __percpu *ctr;
	int cpu;

	ctr = __alloc_percpu_gfp(pm_ctr_size(n), __alignof__(struct pm_ctr),
				 GFP_KERNEL);
	if (!ctr)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(ctr, cpu)->syncp);
	return ctr;
}

/**
 * pm_ctr_add() - add to a counter on this CPU
 * @ctr: the counters
 * @i: which one, below the number allocated
 * @v: how much
 *
 * Context: any, preemption disabled or not.
 */
void pm_ctr_add(struct pm_ctr __percpu *ctr, unsigned int i, u64 v)
{
	struct pm_ctr *c = get_cpu_ptr(ctr);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&c->syncp);
	u64_stats_add(&c->v[i], v);
	u64_stats_update_end_irqrestore(&c->syncp, flags);
	put_cpu_ptr(ctr);
}

/**
 * pm_ctr_sum() - read the counters, summed over all CPUs
 * @ctr: the counters
 * @n: how many to read, at most the number allocated and PM_CTR_MAX
 * @v: @n values out
 */
void pm_ctr_sum(struct pm_ctr __percpu *ctr, unsigned int n, u64 *v)
{
	int cpu, i;

	if (WARN_ON_ONCE(n > PM_CTR_MAX))
		n = PM_CTR_MAX;
	memset(v, 0, sizeof(u64) * n);
	for_each_possible_cpu(cpu) {
		const struct pm_ctr *c = per_cpu_ptr(ctr, cpu);
		u64 tmp[PM_CTR_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			for (i = 0; i < n; i++)
				tmp[i] = u64_stats_read(&c->v[i]);
		} while (u64_stats_fetch_retry(&c->syncp, start));
		for (i = 0; i < n; i++)
			v[i] += tmp[i];
	}
}

/**
 * pm_ctr_reset() - zero the counters
 * @ctr: the counters
 * @n: how many were allocated
 *
 * A packet counted on another CPU at the same moment may be lost.
 */
void pm_ctr_reset(struct pm_ctr __percpu *ctr, unsigned int n)
{
	int cpu, i;

	for_each_possible_cpu(cpu) {
		struct pm_ctr *c = per_cpu_ptr(ctr, cpu);
		unsigned long flags;

		flags = u64_stats_update_begin_irqsave(&c->syncp);
		for (i = 0; i < n; i++)
			u64_stats_set(&c->v[i], 0);
		u64_stats_update_end_irqrestore(&c->syncp, flags);
	}
}

/**
 * pm_session_find() - a session by MN-ID
 * @pn: the namespace
 * @id: the MN-ID
 *
 * Context: RTNL or RCU.
 * Return: the session or NULL.
 */
struct pm_session *pm_session_find(struct pm_net *pn, const struct pm_mnid *id)
{
	return rhashtable_lookup_fast(&pn->sessions, id, pm_session_params);
}

/**
 * pm_session_lookup_rcu() - the session whose prefix holds an address
 * @pn: the namespace
 * @addr: an IPv6 address
 *
 * The longest of the matching prefixes wins. One hash lookup per prefix
 * length in use, usually one (/64).
 *
 * Context: RCU read side.
 * Return: the session or NULL.
 */
struct pm_session *pm_session_lookup_rcu(struct pm_net *pn,
					 const struct in6_addr *addr)
{
	struct pm_session *found = NULL;
	struct pm_prefix_key key;
	unsigned int len;

	for_each_set_bit(len, pn->plens, PM_PLEN_SLOTS) {
		struct pm_prefix *p;

		memset(&key, 0, sizeof(key));
		ipv6_addr_prefix(&key.addr, addr, len);
		key.len = len;
		p = rhashtable_lookup(&pn->prefixes, &key, pm_prefix_params);
		if (p)
			found = p->s;
	}
	return found;
}

static void pm_plen_get(struct pm_net *pn, u8 len)
{
	if (!pn->plen_users[len]++)
		set_bit(len, pn->plens);
}

static void pm_plen_put(struct pm_net *pn, u8 len)
{
	if (!--pn->plen_users[len])
		clear_bit(len, pn->plens);
}

static struct pm_net *pm_session_net(const struct pm_session *s)
{
	return pm_net(dev_net(s->pd->dev));
}

/* index in @s->bind of the first binding with a BID >= @bid */
static unsigned int pm_bind_pos(struct pm_session *s, unsigned int bid)
{
	unsigned int lo = 0, hi = s->n_bind;

	ASSERT_RTNL();
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (s->bind[mid]->bid < bid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * pm_binding_find() - a session's binding by BID
 * @s: the session
 * @bid: Binding ID
 *
 * Context: RTNL.
 * Return: the binding or NULL.
 */
struct pm_binding *pm_binding_find(struct pm_session *s, unsigned int bid)
{
	unsigned int i = pm_bind_pos(s, bid);

	return i < s->n_bind && s->bind[i]->bid == bid ? s->bind[i] : NULL;
}

/* make room in @s->bind for one more binding */
static int pm_bind_reserve(struct pm_session *s)
{
	unsigned int cap;
	struct pm_binding **bind;

	ASSERT_RTNL();
	if (s->n_bind < s->cap_bind)
		return 0;
	cap = s->cap_bind ? min(2 * s->cap_bind, PMIP_MMB_BID_MAX) : 2;
	if (cap <= s->n_bind)
		return -ENOSPC;
	bind = krealloc_array(s->bind, cap, sizeof(*bind), GFP_KERNEL);
	if (!bind)
		return -ENOMEM;
	s->bind = bind;
	s->cap_bind = cap;
	return 0;
}

/* add @b to @s->bind, which has room and no binding with its BID */
static void pm_bind_insert(struct pm_session *s, struct pm_binding *b)
{
	unsigned int i = pm_bind_pos(s, b->bid);

	if (WARN_ON_ONCE(s->n_bind >= s->cap_bind))
		return;
	memmove(&s->bind[i + 1], &s->bind[i],
		(s->n_bind - i) * sizeof(*s->bind));
	s->bind[i] = b;
	s->n_bind++;
}

/* take @b out of @s->bind */
static void pm_bind_remove(struct pm_session *s, struct pm_binding *b)
{
	unsigned int i = pm_bind_pos(s, b->bid);

	if (WARN_ON_ONCE(i >= s->n_bind || s->bind[i] != b))
		return;
	s->n_bind--;
	memmove(&s->bind[i], &s->bind[i + 1],
		(s->n_bind - i) * sizeof(*s->bind));
}

/* put @b in the place of @old, which has the same BID */
static void pm_bind_replace(struct pm_session *s, struct pm_binding *old,
			    struct pm_binding *b)
{
	unsigned int i = pm_bind_pos(s, old->bid);

	if (WARN_ON_ONCE(i >= s->n_bind || s->bind[i] != old))
		return;
	s->bind[i] = b;
}

/* a snapshot sized for the bindings @s has now, not filled */
static struct pm_snap *pm_snap_alloc(struct pm_session *s)
{
	struct pm_snap *snap;

	ASSERT_RTNL();
	snap = kzalloc(pm_snap_size(s->n_bind), GFP_KERNEL);
	if (snap)
		snap->n = s->n_bind;
	return snap;
}

/*
 * Fill @snap (from pm_snap_alloc() since the last change of s->n_bind)
 * from @s and publish it. The old snapshot goes after a grace period;
 * whatever only it pointed at may be freed after this returns, with
 * call_rcu(), kfree_rcu_mightsleep() or after synchronize_net().
 * Context: RTNL, process context (kfree_rcu_mightsleep() may sleep).
 */
static void pm_snap_publish(struct pm_session *s, struct pm_snap *snap)
{
	struct pm_binding **bind = pm_snap_bindings(snap);
	struct pm_snap *old;
	unsigned int i;

	ASSERT_RTNL();
	if (WARN_ON_ONCE(snap->n != s->n_bind)) {
		/* a caller bug: carry nothing rather than a stale view */
		kfree(snap);
		old = rcu_replace_pointer(s->snap, NULL, lockdep_rtnl_is_held());
		synchronize_net();
		kfree(old);
		return;
	}
	snap->policy = s->policy;
	snap->rules = s->rules;
	for (i = 0; i < s->n_bind; i++) {
		struct pm_binding *b = s->bind[i];

		bind[i] = b;
		snap->sel[i].bid = b->bid;
		snap->sel[i].label = b->label;
		snap->sel[i].weight = b->weight;
		snap->sel[i].expires = b->expires;
		snap->sel[i].up = b->state == PMIP_MMB_STATE_ACTIVE;
	}
	old = rcu_replace_pointer(s->snap, snap, lockdep_rtnl_is_held());
	if (old)
		kfree_rcu_mightsleep(old);
	pm_session_net(s)->gen++;
}

/*
 * Publish a new snapshot of @s for the transmit path. On allocation
 * failure the old one stays: it may carry a deleted binding a little
 * longer (the binding itself stays valid until an RCU grace period after
 * it is unpublished, which is after the next successful rebuild or the
 * session's end), or miss a new one. Rules never change under an old
 * snapshot: pm_session_set() allocates its snapshot before it commits.
 */
static int pm_snap_rebuild(struct pm_session *s)
{
	struct pm_snap *snap = pm_snap_alloc(s);

	if (!snap)
		return -ENOMEM;
	pm_snap_publish(s, snap);
	return 0;
}

/* an immutable block of @n rules: NULL for none, ERR_PTR() on failure */
static struct pm_rules *pm_rules_new(const struct pm_sel_rule *rules,
				     unsigned int n)
{
	struct pm_rules *r;

	if (!n)
		return NULL;
	/* up to the last rule, not sizeof(): 12 octets for one rule */
	r = kmalloc(offsetof(struct pm_rules, r) + n * sizeof(*rules),
		    GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->n = n;
	memcpy(r->r, rules, n * sizeof(*rules));
	return r;
}

static void pm_prefixes_remove(struct pm_net *pn, struct pm_session *s)
{
	unsigned int i;

	for (i = 0; i < s->n_hnp; i++) {
		rhashtable_remove_fast(&pn->prefixes, &s->hnp[i].node,
				       pm_prefix_params);
		pm_plen_put(pn, s->hnp[i].key.len);
	}
	s->n_hnp = 0;
}

/*
 * Check every prefix first, then insert: all or nothing. @s->hnp has room
 * for @n_hnp and none of its entries is in the table.
 */
static int pm_prefixes_insert(struct pm_net *pn, struct pm_session *s,
			      const struct pm_prefix_key *hnp,
			      unsigned int n_hnp,
			      struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	for (i = 0; i < n_hnp; i++) {
		struct pm_prefix *p;

		p = rhashtable_lookup_fast(&pn->prefixes, &hnp[i],
					   pm_prefix_params);
		if (p && p->s != s) {
			NL_SET_ERR_MSG_MOD(extack,
					   "a prefix belongs to another session");
			return -EEXIST;
		}
	}
	for (i = 0; i < n_hnp; i++) {
		s->hnp[i].key = hnp[i];
		s->hnp[i].s = s;
		err = rhashtable_insert_fast(&pn->prefixes, &s->hnp[i].node,
					     pm_prefix_params);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "cannot index a prefix");
			s->n_hnp = i;
			pm_prefixes_remove(pn, s);
			return err;
		}
		pm_plen_get(pn, hnp[i].len);
		s->n_hnp = i + 1;
	}
	return 0;
}

static void pm_session_free_rcu(struct rcu_head *head)
{
	struct pm_session *s = container_of(head, struct pm_session, rcu);

	kfree(rcu_dereference_raw(s->snap));
	kfree(s->flow_cache);
	kfree(s->bind);
	kfree(s->hnp);
	kfree(s->rules);
	free_percpu(s->ctr);
	kfree(s);
}

/**
 * pm_session_add() - create a session
 * @pd: its steering device
 * @id: MN-ID, 1..PMIP_MMB_MNID_MAX octets, copied
 * @mnid_type: MN-ID subtype
 * @role: enum pmip_mmb_role
 * @policy: enum pmip_mmb_policy
 * @hnp: prefixes, host bits zero
 * @n_hnp: 1..PMIP_MMB_MAX_HNP
 * @rules: label rules
 * @n_rules: 0..PMIP_MMB_MAX_RULES
 * @extack: for the reason of a refusal
 *
 * Context: RTNL.
 * Return: 0 or a negative errno.
 */
int pm_session_add(struct pm_dev *pd, const struct pm_mnid *id, u8 mnid_type,
		   u8 role, u8 policy, const struct pm_prefix_key *hnp,
		   unsigned int n_hnp, const struct pm_sel_rule *rules,
		   unsigned int n_rules, struct netlink_ext_ack *extack)
{
	struct pm_net *pn = pm_net(dev_net(pd->dev));
	struct pm_session *s;
	int err;

	ASSERT_RTNL();
	if (!id->len || id->len > PMIP_MMB_MNID_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "MN-ID length out of range");
		return -EINVAL;
	}
	if (pm_session_find(pn, id)) {
		NL_SET_ERR_MSG_MOD(extack, "a session with this MN-ID exists");
		return -EEXIST;
	}
	s = kzalloc(offsetof(struct pm_session, mnid) + id->len, GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->ctr = pm_ctr_alloc(PM_S_CTRS);
	s->hnp = kcalloc(n_hnp, sizeof(*s->hnp), GFP_KERNEL);
	if (!s->ctr || !s->hnp) {
		err = -ENOMEM;
		goto err_free;
	}
	s->mnid_len = id->len;
	memcpy(s->mnid, id->id, id->len);
	s->pd = pd;
	s->mnid_type = mnid_type;
	s->role = role;
	s->policy = policy;
	INIT_LIST_HEAD(&s->list);
	s->rules = pm_rules_new(rules, n_rules);
	if (IS_ERR(s->rules)) {
		s->rules = NULL;
		err = -ENOMEM;
		goto err_free;
	}

	err = pm_snap_rebuild(s);
	if (err)
		goto err_free;
	err = rhashtable_insert_fast(&pn->sessions, &s->node, pm_session_params);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot index the session");
		goto err_free;
	}
	err = pm_prefixes_insert(pn, s, hnp, n_hnp, extack);
	if (err)
		goto err_unhash;

	list_add_tail(&s->list, &pd->sessions);
	pd->n_sessions++;
	pn->gen++;
	pm_nl_session_notify(s, PMIP_MMB_EVENT_SESSION_NEW);
	return 0;

err_unhash:
	rhashtable_remove_fast(&pn->sessions, &s->node, pm_session_params);
	synchronize_net();
err_free:
	kfree(rcu_dereference_raw(s->snap));
	kfree(s->rules);
	kfree(s->hnp);
	free_percpu(s->ctr);
	kfree(s);
	return err;
}

/**
 * pm_session_set() - change a session's policy, prefixes or rules
 * @s: the session
 * @policy: new policy or NULL
 * @hnp: new prefixes, replacing all, or NULL
 * @n_hnp: their number
 * @rules: new rules, replacing all, or NULL
 * @n_rules: their number
 * @extack: for the reason of a refusal
 *
 * Context: RTNL.
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int pm_session_set(struct pm_session *s, const u8 *policy,
		   const struct pm_prefix_key *hnp, unsigned int n_hnp,
		   const struct pm_sel_rule *rules, int n_rules,
		   struct netlink_ext_ack *extack)
{
	struct pm_net *pn = pm_session_net(s);
	struct pm_prefix_key old_keys[PMIP_MMB_MAX_HNP];
	struct pm_prefix *old_hnp = s->hnp, *new_hnp;
	struct pm_rules *new_rules = NULL, *old_rules;
	unsigned int n_old = s->n_hnp, i;
	struct pm_snap *snap;
	int err;

	ASSERT_RTNL();
	/* everything that can fail for lack of memory, before any change */
	if (rules) {
		new_rules = pm_rules_new(rules, n_rules);
		if (IS_ERR(new_rules))
			return -ENOMEM;
	}
	snap = pm_snap_alloc(s);
	if (!snap) {
		kfree(new_rules);
		return -ENOMEM;
	}
	if (hnp) {
		new_hnp = kcalloc(n_hnp, sizeof(*new_hnp), GFP_KERNEL);
		if (!new_hnp) {
			err = -ENOMEM;
			goto err_free;
		}
		for (i = 0; i < n_old; i++)
			old_keys[i] = old_hnp[i].key;
		pm_prefixes_remove(pn, s);
		s->hnp = new_hnp;
		err = pm_prefixes_insert(pn, s, hnp, n_hnp, extack);
		if (err) {
			/*
			 * Neither the old nodes nor the new ones are in the
			 * table now; once no reader walks over them, the old
			 * ones can go back and the new ones can be freed.
			 */
			synchronize_net();
			s->hnp = old_hnp;
			if (pm_prefixes_insert(pn, s, old_keys, n_old, NULL))
				net_warn_ratelimited("pmip_mmb: lost the prefixes of a session\n");
			kfree(new_hnp);
			goto err_free;
		}
		/* readers may hold the old nodes until a grace period */
		synchronize_net();
		kfree(old_hnp);
	}
	if (policy)
		s->policy = *policy;
	old_rules = s->rules;
	if (rules)
		s->rules = new_rules;
	pm_snap_publish(s, snap);
	/* after the snapshot that no longer points at them */
	if (rules && old_rules)
		kfree_rcu_mightsleep(old_rules);
	pm_nl_session_notify(s, PMIP_MMB_EVENT_SESSION_CHANGED);
	return 0;

err_free:
	kfree(snap);
	kfree(new_rules);
	return err;
}

static void pm_binding_free_rcu(struct rcu_head *head)
{
	struct pm_binding *b = container_of(head, struct pm_binding, rcu);

	dev_put(b->tdev);
	free_percpu(b->ctr);
	kfree(b);
}

/* Unpublish @b from its session; the caller rebuilds the snapshot. */
static void pm_binding_unlink(struct pm_binding *b, enum pmip_mmb_event event)
{
	struct pm_session *s = b->s;

	ASSERT_RTNL();
	pm_nl_binding_notify(b, event);
	pm_bind_remove(s, b);
	pm_session_net(s)->n_bindings--;
}

/**
 * pm_binding_del() - delete a binding
 * @b: the binding
 * @event: why, for the notification
 *
 * Context: RTNL.
 */
void pm_binding_del(struct pm_binding *b, enum pmip_mmb_event event)
{
	struct pm_session *s = b->s;

	pm_binding_unlink(b, event);
	if (pm_snap_rebuild(s)) {
		/*
		 * The old snapshot still points at @b: keep @b alive for it
		 * by waiting for readers after an emergency rebuild with
		 * nothing in it.
		 */
		struct pm_snap *old;

		old = rcu_replace_pointer(s->snap, NULL, lockdep_rtnl_is_held());
		synchronize_net();
		kfree(old);
	}
	call_rcu(&b->rcu, pm_binding_free_rcu);
}

static void pm_expiry_arm(struct pm_net *pn, u64 expires)
{
	u64 now = get_jiffies_64();

	ASSERT_RTNL();
	if (expires >= pn->next_expiry)
		return;
	pn->next_expiry = expires;
	mod_delayed_work(system_wq, &pn->expiry,
			 expires > now ? (unsigned long)(expires - now) : 0);
}

static u64 pm_lifetime_end(u32 lifetime)
{
	return get_jiffies_64() + (u64)lifetime * HZ;
}

/**
 * pm_binding_set() - add a binding or update the one with its BID
 * @s: the session
 * @cfg: the binding; cfg->tdev has been checked and is not held yet
 * @overwrite: RFC 8278 O flag: delete all other bindings of @s
 * @extack: for the reason of a refusal
 *
 * Context: RTNL.
 * Return: 0 or a negative errno.
 */
int pm_binding_set(struct pm_session *s, const struct pm_binding_cfg *cfg,
		   bool overwrite, struct netlink_ext_ack *extack)
{
	struct pm_binding *b = pm_binding_find(s, cfg->bid), *old = b;
	struct pm_net *pn = pm_session_net(s);
	unsigned int i;
	int err;

	ASSERT_RTNL();
	if (!b) {
		err = pm_bind_reserve(s);
		if (err)
			return err;
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			return -ENOMEM;
		b->ctr = pm_ctr_alloc(PM_BS_CTRS);
		if (!b->ctr) {
			kfree(b);
			return -ENOMEM;
		}
		b->s = s;
		b->bid = cfg->bid;
	} else if (b->tdev != cfg->tdev) {
		/* a new tunnel: make a new binding, counters start over */
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			return -ENOMEM;
		b->ctr = pm_ctr_alloc(PM_BS_CTRS);
		if (!b->ctr) {
			kfree(b);
			return -ENOMEM;
		}
		b->s = s;
		b->bid = cfg->bid;
	}

	if (b != old || !old) {
		dev_hold(cfg->tdev);
		b->tdev = cfg->tdev;
	}
	b->att = cfg->att;
	b->label = cfg->label;
	b->weight = cfg->weight;
	b->pcoa_len = cfg->pcoa_len;
	memcpy(b->pcoa, cfg->pcoa, sizeof(b->pcoa));
	b->peer_len = cfg->peer_len;
	memcpy(b->peer, cfg->peer, sizeof(b->peer));
	b->has_key_up = cfg->has_key_up;
	b->gre_key_up = cfg->gre_key_up;
	b->has_key_down = cfg->has_key_down;
	b->gre_key_down = cfg->gre_key_down;
	b->lifetime = cfg->lifetime;
	b->expires = pm_lifetime_end(cfg->lifetime);
	b->state = netif_running(b->tdev) && netif_carrier_ok(b->tdev) ?
		   PMIP_MMB_STATE_ACTIVE : PMIP_MMB_STATE_TUNNEL_DOWN;

	if (overwrite) {
		for (i = 0; i < s->n_bind; ) {
			struct pm_binding *o = s->bind[i];

			if (o->bid == cfg->bid) {
				i++;
				continue;
			}
			pm_binding_unlink(o, PMIP_MMB_EVENT_BINDING_OVERWRITTEN);
			call_rcu(&o->rcu, pm_binding_free_rcu);
		}
	}
	if (!old) {
		pm_bind_insert(s, b);
		pn->n_bindings++;
	} else if (b != old) {
		pm_bind_replace(s, old, b);
	}
	err = pm_snap_rebuild(s);
	if (err) {
		/* overwritten or replaced bindings must not stay reachable */
		struct pm_snap *snap;

		snap = rcu_replace_pointer(s->snap, NULL,
					   lockdep_rtnl_is_held());
		synchronize_net();
		kfree(snap);
		NL_SET_ERR_MSG_MOD(extack,
				   "out of memory: the session carries nothing until its next change");
	}
	if (old && b != old)
		call_rcu(&old->rcu, pm_binding_free_rcu);
	pm_expiry_arm(pn, b->expires);
	pm_nl_binding_notify(b, old ? PMIP_MMB_EVENT_BINDING_CHANGED :
				       PMIP_MMB_EVENT_BINDING_NEW);
	return err;
}

/**
 * pm_binding_refresh() - a new lifetime for one or all bindings
 * @s: the session
 * @bid: the binding, or -1 for all (RFC 8278 B flag)
 * @lifetime: seconds from now
 *
 * Context: RTNL.
 * Return: 0, -ENOENT if there is no such binding, or -ENOMEM.
 */
int pm_binding_refresh(struct pm_session *s, int bid, u32 lifetime)
{
	u64 expires = pm_lifetime_end(lifetime);
	unsigned int i, n = 0;
	int err;

	ASSERT_RTNL();
	for (i = 0; i < s->n_bind; i++) {
		struct pm_binding *b = s->bind[i];

		if (bid >= 0 && bid != b->bid)
			continue;
		b->lifetime = lifetime;
		b->expires = expires;
		n++;
	}
	if (!n)
		return -ENOENT;
	err = pm_snap_rebuild(s);
	pm_expiry_arm(pm_session_net(s), expires);
	for (i = 0; i < s->n_bind; i++) {
		struct pm_binding *b = s->bind[i];

		if (bid < 0 || bid == b->bid)
			pm_nl_binding_notify(b,
					     PMIP_MMB_EVENT_BINDING_REFRESHED);
	}
	return err;
}

/**
 * pm_session_del() - delete a session with all its bindings
 * @s: the session
 *
 * Context: RTNL.
 */
void pm_session_del(struct pm_session *s)
{
	struct pm_net *pn = pm_session_net(s);
	struct pm_snap *snap;
	unsigned int i;

	ASSERT_RTNL();
	pm_nl_session_notify(s, PMIP_MMB_EVENT_SESSION_DEL);
	pm_prefixes_remove(pn, s);
	rhashtable_remove_fast(&pn->sessions, &s->node, pm_session_params);
	list_del(&s->list);
	s->pd->n_sessions--;
	pn->gen++;

	/* readers that found the session keep its snapshot and bindings */
	snap = rcu_replace_pointer(s->snap, NULL, lockdep_rtnl_is_held());
	if (snap)
		kfree_rcu_mightsleep(snap);
	for (i = 0; i < s->n_bind; i++) {
		struct pm_binding *b = s->bind[i];

		s->bind[i] = NULL;
		pn->n_bindings--;
		call_rcu(&b->rcu, pm_binding_free_rcu);
	}
	s->n_bind = 0;
	call_rcu(&s->rcu, pm_session_free_rcu);
}

/**
 * pm_dev_flush() - delete every session of a steering device
 * @pd: the device
 *
 * Context: RTNL.
 */
void pm_dev_flush(struct pm_dev *pd)
{
	struct pm_session *s, *tmp;

	list_for_each_entry_safe(s, tmp, &pd->sessions, list)
		pm_session_del(s);
}

/**
 * pm_session_stats_reset() - zero a session's and its bindings' counters
 * @s: the session
 *
 * Context: RTNL.
 */
void pm_session_stats_reset(struct pm_session *s)
{
	unsigned int i;

	pm_ctr_reset(s->ctr, PM_S_CTRS);
	for (i = 0; i < s->n_bind; i++)
		pm_ctr_reset(s->bind[i]->ctr, PM_BS_CTRS);
}

/**
 * pm_tunnel_event() - a netdev changed; follow it in the bindings
 * @pn: its namespace
 * @tdev: the netdev
 * @event: NETDEV_UP, NETDEV_DOWN, NETDEV_CHANGE or NETDEV_UNREGISTER
 *
 * Bindings on an unregistering device are deleted; the others follow its
 * running and carrier state.
 *
 * Context: RTNL.
 */
void pm_tunnel_event(struct pm_net *pn, struct net_device *tdev,
		     unsigned long event)
{
	struct pm_session *s;
	struct pm_dev *pd;
	unsigned int i;

	ASSERT_RTNL();
	if (!pn->n_bindings)
		return;
	list_for_each_entry(pd, &pn->devs, list) {
		list_for_each_entry(s, &pd->sessions, list) {
			bool changed = false;

			for (i = 0; i < s->n_bind; i++) {
				struct pm_binding *b = s->bind[i];
				u8 state;

				if (b->tdev != tdev)
					continue;
				if (event == NETDEV_UNREGISTER) {
					/* the next one moves into slot i */
					pm_binding_del(b,
						       PMIP_MMB_EVENT_BINDING_TUNNEL_GONE);
					i--;
					continue;
				}
				state = netif_running(tdev) &&
					netif_carrier_ok(tdev) ?
					PMIP_MMB_STATE_ACTIVE :
					PMIP_MMB_STATE_TUNNEL_DOWN;
				if (state == b->state)
					continue;
				b->state = state;
				changed = true;
				pm_nl_binding_notify(b,
						     PMIP_MMB_EVENT_BINDING_CHANGED);
			}
			if (changed)
				pm_snap_rebuild(s);
		}
	}
}

/**
 * pm_expiry_work() - delete the bindings whose lifetime ran out
 * @work: pm_net.expiry
 *
 * Walks every binding of the namespace and re-arms for the earliest end
 * of life left. The transmit path already skips them; this frees them and
 * tells the daemon.
 */
void pm_expiry_work(struct work_struct *work)
{
	struct pm_net *pn = container_of(to_delayed_work(work), struct pm_net,
					 expiry);
	u64 now, next = U64_MAX;
	struct pm_session *s;
	struct pm_dev *pd;
	unsigned int i;

	rtnl_lock();
	now = get_jiffies_64();
	pn->next_expiry = U64_MAX;
	list_for_each_entry(pd, &pn->devs, list) {
		list_for_each_entry(s, &pd->sessions, list) {
			for (i = 0; i < s->n_bind; ) {
				struct pm_binding *b = s->bind[i];

				if (b->expires <= now) {
					/* the next one moves into slot i */
					pm_binding_del(b,
						       PMIP_MMB_EVENT_BINDING_EXPIRED);
					continue;
				}
				next = min(next, b->expires);
				i++;
			}
		}
	}
	if (next != U64_MAX)
		pm_expiry_arm(pn, next);
	rtnl_unlock();
}
