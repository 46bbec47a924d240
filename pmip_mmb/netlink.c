// SPDX-License-Identifier: GPL-2.0
/*
 * pmip_mmb: the generic netlink family (include/uapi/linux/pmip_mmb.h,
 * Documentation/netlink/specs/pmip_mmb.yaml). Every request runs under
 * RTNL, the one configuration lock.
 */

#include <linux/ipv6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "pmip_mmb.h"

enum pm_mcgrp {
	PM_MCGRP_EVENTS,
};

/* a binding's attributes with counters, generously */
#define PM_NL_BINDING_SIZE	256
#define PM_NL_SESSION_SIZE	2048

static struct genl_family pm_genl_family;

static struct netlink_range_validation pm_lifetime_range = {
	.min = 1,
	.max = PMIP_MMB_LIFETIME_MAX,
};

static const struct nla_policy pm_hnp_nl_policy[PMIP_MMB_P_MAX + 1] = {
	[PMIP_MMB_P_PREFIX]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PMIP_MMB_P_LEN]	= NLA_POLICY_RANGE(NLA_U8, 1, 128),
};

static const struct nla_policy pm_rule_nl_policy[PMIP_MMB_R_MAX + 1] = {
	[PMIP_MMB_R_PROTO]	= { .type = NLA_U8 },
	[PMIP_MMB_R_PORT]	= { .type = NLA_U16 },
	[PMIP_MMB_R_LABELS]	= NLA_POLICY_RANGE(NLA_BINARY, 1,
						   PMIP_MMB_MAX_PREF),
};

static const struct nla_policy pm_binding_nl_policy[PMIP_MMB_B_MAX + 1] = {
	[PMIP_MMB_B_BID]	= NLA_POLICY_RANGE(NLA_U8, PMIP_MMB_BID_MIN,
						   PMIP_MMB_BID_MAX),
	[PMIP_MMB_B_PCOA]	= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[PMIP_MMB_B_PEER]	= NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[PMIP_MMB_B_ATT]	= { .type = NLA_U8 },
	[PMIP_MMB_B_LABEL]	= { .type = NLA_U8 },
	[PMIP_MMB_B_LIFETIME]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&pm_lifetime_range),
	[PMIP_MMB_B_TUNNEL]	= NLA_POLICY_MIN(NLA_U32, 1),
	[PMIP_MMB_B_WEIGHT]	= NLA_POLICY_MIN(NLA_U8, 1),
	[PMIP_MMB_B_GRE_KEY_UP]	= { .type = NLA_U32 },
	[PMIP_MMB_B_GRE_KEY_DOWN] = { .type = NLA_U32 },
};

/* BINDING_DEL, BINDING_REFRESH: the BID and a lifetime at most */
static const struct nla_policy pm_binding_ref_nl_policy[PMIP_MMB_B_MAX + 1] = {
	[PMIP_MMB_B_BID]	= NLA_POLICY_RANGE(NLA_U8, PMIP_MMB_BID_MIN,
						   PMIP_MMB_BID_MAX),
	[PMIP_MMB_B_LIFETIME]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&pm_lifetime_range),
};

#define PM_NL_IFINDEX	NLA_POLICY_MIN(NLA_U32, 1)
#define PM_NL_MNID	NLA_POLICY_RANGE(NLA_BINARY, 1, PMIP_MMB_MNID_MAX)

static const struct nla_policy pm_session_add_nl_policy[PMIP_MMB_A_MAX + 1] = {
	[PMIP_MMB_A_IFINDEX]	= PM_NL_IFINDEX,
	[PMIP_MMB_A_MNID]	= PM_NL_MNID,
	[PMIP_MMB_A_MNID_TYPE]	= NLA_POLICY_MIN(NLA_U8, 1),
	[PMIP_MMB_A_ROLE]	= NLA_POLICY_MAX(NLA_U8, PMIP_MMB_ROLE_MAG),
	[PMIP_MMB_A_POLICY]	= NLA_POLICY_MAX(NLA_U8, PMIP_MMB_POLICY_PACKET),
	[PMIP_MMB_A_HNP]	= NLA_POLICY_NESTED(pm_hnp_nl_policy),
	[PMIP_MMB_A_RULE]	= NLA_POLICY_NESTED(pm_rule_nl_policy),
};

static const struct nla_policy pm_session_set_nl_policy[PMIP_MMB_A_MAX + 1] = {
	[PMIP_MMB_A_IFINDEX]	= PM_NL_IFINDEX,
	[PMIP_MMB_A_MNID]	= PM_NL_MNID,
	[PMIP_MMB_A_POLICY]	= NLA_POLICY_MAX(NLA_U8, PMIP_MMB_POLICY_PACKET),
	[PMIP_MMB_A_HNP]	= NLA_POLICY_NESTED(pm_hnp_nl_policy),
	[PMIP_MMB_A_RULE]	= NLA_POLICY_NESTED(pm_rule_nl_policy),
	[PMIP_MMB_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, 0),
};

/* SESSION_DEL, SESSION_GET (dump: IFINDEX only) */
static const struct nla_policy pm_session_id_nl_policy[PMIP_MMB_A_MAX + 1] = {
	[PMIP_MMB_A_IFINDEX]	= PM_NL_IFINDEX,
	[PMIP_MMB_A_MNID]	= PM_NL_MNID,
};

static const struct nla_policy pm_binding_add_nl_policy[PMIP_MMB_A_MAX + 1] = {
	[PMIP_MMB_A_IFINDEX]	= PM_NL_IFINDEX,
	[PMIP_MMB_A_MNID]	= PM_NL_MNID,
	[PMIP_MMB_A_BINDING]	= NLA_POLICY_NESTED(pm_binding_nl_policy),
	[PMIP_MMB_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32,
						  PMIP_MMB_F_OVERWRITE),
};

static const struct nla_policy pm_binding_ref_cmd_nl_policy[PMIP_MMB_A_MAX + 1] = {
	[PMIP_MMB_A_IFINDEX]	= PM_NL_IFINDEX,
	[PMIP_MMB_A_MNID]	= PM_NL_MNID,
	[PMIP_MMB_A_BINDING]	= NLA_POLICY_NESTED(pm_binding_ref_nl_policy),
	[PMIP_MMB_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, PMIP_MMB_F_BULK),
};

static const struct nla_policy pm_ifindex_nl_policy[PMIP_MMB_A_MAX + 1] = {
	[PMIP_MMB_A_IFINDEX]	= PM_NL_IFINDEX,
};

/* The steering device a request names. Context: RTNL. */
static struct pm_dev *pm_nl_dev(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[PMIP_MMB_A_IFINDEX];
	struct pm_dev *pd;

	if (GENL_REQ_ATTR_CHECK(info, PMIP_MMB_A_IFINDEX))
		return ERR_PTR(-EINVAL);
	pd = pm_dev_get(genl_info_net(info), nla_get_u32(attr));
	if (PTR_ERR(pd) == -ENODEV)
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "no device with this ifindex");
	else if (IS_ERR(pd))
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not a pmip_mmb device");
	return pd;
}

static int pm_nl_mnid(struct genl_info *info, struct pm_mnid *id)
{
	struct nlattr *attr = info->attrs[PMIP_MMB_A_MNID];

	if (GENL_REQ_ATTR_CHECK(info, PMIP_MMB_A_MNID))
		return -EINVAL;
	/* the policy bounds it to 1..PMIP_MMB_MNID_MAX octets */
	id->id = nla_data(attr);
	id->len = nla_len(attr);
	return 0;
}

/* The session a request names, on the device it names. Context: RTNL. */
static struct pm_session *pm_nl_session(struct genl_info *info)
{
	struct pm_session *s;
	struct pm_mnid id;
	struct pm_dev *pd;
	int err;

	pd = pm_nl_dev(info);
	if (IS_ERR(pd))
		return ERR_CAST(pd);
	err = pm_nl_mnid(info, &id);
	if (err)
		return ERR_PTR(err);
	s = pm_session_find(pm_net(genl_info_net(info)), &id);
	if (!s || s->pd != pd) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PMIP_MMB_A_MNID],
				    "no session with this MN-ID on this device");
		return ERR_PTR(-ENOENT);
	}
	return s;
}

/* All PMIP_MMB_A_HNP of the request; -ENODATA if there is none. */
static int pm_nl_parse_hnps(struct genl_info *info, struct pm_prefix_key *hnp,
			    unsigned int *n_hnp)
{
	struct nlattr *tb[PMIP_MMB_P_MAX + 1];
	unsigned int n = 0, i;
	struct nlattr *a;
	int rem, err;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		struct in6_addr masked;
		u8 len;

		if (nla_type(a) != PMIP_MMB_A_HNP)
			continue;
		if (n == PMIP_MMB_MAX_HNP) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "too many home network prefixes");
			return -E2BIG;
		}
		err = nla_parse_nested(tb, PMIP_MMB_P_MAX, a, pm_hnp_nl_policy,
				       info->extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(info->extack, a, tb, PMIP_MMB_P_PREFIX) ||
		    NL_REQ_ATTR_CHECK(info->extack, a, tb, PMIP_MMB_P_LEN)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "a prefix needs an address and a length");
			return -EINVAL;
		}
		memset(&hnp[n], 0, sizeof(hnp[n]));
		hnp[n].addr = nla_get_in6_addr(tb[PMIP_MMB_P_PREFIX]);
		len = nla_get_u8(tb[PMIP_MMB_P_LEN]);
		ipv6_addr_prefix(&masked, &hnp[n].addr, len);
		if (!ipv6_addr_equal(&masked, &hnp[n].addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[PMIP_MMB_P_PREFIX],
					    "host bits set beyond the prefix length");
			return -EINVAL;
		}
		hnp[n].len = len;
		for (i = 0; i < n; i++) {
			if (hnp[i].len == len &&
			    ipv6_addr_equal(&hnp[i].addr, &hnp[n].addr)) {
				NL_SET_ERR_MSG_ATTR(info->extack, a,
						    "prefix given twice");
				return -EINVAL;
			}
		}
		n++;
	}
	*n_hnp = n;
	return n ? 0 : -ENODATA;
}

/* All PMIP_MMB_A_RULE of the request, in order. */
static int pm_nl_parse_rules(struct genl_info *info, struct pm_sel_rule *rules,
			     unsigned int *n_rules)
{
	struct nlattr *tb[PMIP_MMB_R_MAX + 1];
	unsigned int n = 0;
	struct nlattr *a;
	int rem, err;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		struct pm_sel_rule *r = &rules[n];

		if (nla_type(a) != PMIP_MMB_A_RULE)
			continue;
		if (n == PMIP_MMB_MAX_RULES) {
			NL_SET_ERR_MSG_ATTR(info->extack, a, "too many rules");
			return -E2BIG;
		}
		err = nla_parse_nested(tb, PMIP_MMB_R_MAX, a, pm_rule_nl_policy,
				       info->extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(info->extack, a, tb, PMIP_MMB_R_LABELS)) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "a rule needs its labels");
			return -EINVAL;
		}
		memset(r, 0, sizeof(*r));
		if (tb[PMIP_MMB_R_PROTO]) {
			r->match |= PM_SEL_RULE_PROTO;
			r->proto = nla_get_u8(tb[PMIP_MMB_R_PROTO]);
		}
		if (tb[PMIP_MMB_R_PORT]) {
			r->match |= PM_SEL_RULE_PORT;
			r->port = nla_get_u16(tb[PMIP_MMB_R_PORT]);
		}
		r->n_labels = nla_len(tb[PMIP_MMB_R_LABELS]);
		memcpy(r->labels, nla_data(tb[PMIP_MMB_R_LABELS]),
		       r->n_labels);
		n++;
	}
	*n_rules = n;
	return 0;
}

static bool pm_nl_has(struct genl_info *info, int type)
{
	struct nlattr *a;
	int rem;

	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem)
		if (nla_type(a) == type)
			return true;
	return false;
}

static int pm_nl_session_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pm_prefix_key hnp[PMIP_MMB_MAX_HNP];
	struct pm_sel_rule rules[PMIP_MMB_MAX_RULES];
	struct nlattr **a = info->attrs;
	unsigned int n_hnp, n_rules;
	u8 type = 1, role = PMIP_MMB_ROLE_LMA, policy = PMIP_MMB_POLICY_FLOW;
	struct pm_mnid id;
	struct pm_dev *pd;
	int err;

	err = pm_nl_mnid(info, &id);
	if (err)
		return err;
	err = pm_nl_parse_hnps(info, hnp, &n_hnp);
	if (err == -ENODATA) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a session needs a home network prefix");
		return -EINVAL;
	}
	if (err)
		return err;
	err = pm_nl_parse_rules(info, rules, &n_rules);
	if (err)
		return err;
	if (a[PMIP_MMB_A_MNID_TYPE])
		type = nla_get_u8(a[PMIP_MMB_A_MNID_TYPE]);
	if (a[PMIP_MMB_A_ROLE])
		role = nla_get_u8(a[PMIP_MMB_A_ROLE]);
	if (a[PMIP_MMB_A_POLICY])
		policy = nla_get_u8(a[PMIP_MMB_A_POLICY]);

	rtnl_lock();
	pd = pm_nl_dev(info);
	if (IS_ERR(pd))
		err = PTR_ERR(pd);
	else
		err = pm_session_add(pd, &id, type, role, policy, hnp, n_hnp,
				     rules, n_rules, info->extack);
	rtnl_unlock();
	return err;
}

static int pm_nl_session_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pm_prefix_key hnp[PMIP_MMB_MAX_HNP];
	struct pm_sel_rule rules[PMIP_MMB_MAX_RULES];
	struct nlattr **a = info->attrs;
	unsigned int n_hnp = 0, n_rules = 0;
	bool has_hnp, has_rules;
	struct pm_session *s;
	u8 policy;
	int err;

	has_hnp = pm_nl_has(info, PMIP_MMB_A_HNP);
	has_rules = pm_nl_has(info, PMIP_MMB_A_RULE);
	if (has_hnp) {
		err = pm_nl_parse_hnps(info, hnp, &n_hnp);
		if (err)
			return err;
	}
	if (has_rules) {
		err = pm_nl_parse_rules(info, rules, &n_rules);
		if (err)
			return err;
	}
	/* FLAGS (no bit defined) alone means: delete all rules */
	if (a[PMIP_MMB_A_FLAGS] && !has_rules)
		has_rules = true;
	if (a[PMIP_MMB_A_POLICY])
		policy = nla_get_u8(a[PMIP_MMB_A_POLICY]);

	rtnl_lock();
	s = pm_nl_session(info);
	if (IS_ERR(s))
		err = PTR_ERR(s);
	else
		err = pm_session_set(s, a[PMIP_MMB_A_POLICY] ? &policy : NULL,
				     has_hnp ? hnp : NULL, n_hnp,
				     has_rules ? rules : NULL, n_rules,
				     info->extack);
	rtnl_unlock();
	return err;
}

static int pm_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pm_session *s;
	int err = 0;

	rtnl_lock();
	s = pm_nl_session(info);
	if (IS_ERR(s))
		err = PTR_ERR(s);
	else
		pm_session_del(s);
	rtnl_unlock();
	return err;
}

static int pm_nl_put_addr(struct sk_buff *skb, int type, const u8 *addr,
			  u8 len)
{
	return len ? nla_put(skb, type, len, addr) : 0;
}

static int pm_nl_put_ctr(struct sk_buff *skb, int type,
			 struct pm_ctr __percpu *ctr, int first, int last,
			 int pad)
{
	u64 v[PM_CTR_MAX];
	struct nlattr *nest;
	int i;

	pm_ctr_sum(ctr, last + 1, v);
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = first; i <= last; i++) {
		if (nla_put_u64_64bit(skb, i, v[i], pad)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int pm_nl_put_binding(struct sk_buff *skb, const struct pm_binding *b,
			     bool stats)
{
	u64 now = get_jiffies_64();
	struct nlattr *nest;
	u32 left_ms;

	left_ms = b->expires > now ?
		  jiffies_to_msecs((unsigned long)(b->expires - now)) : 0;
	nest = nla_nest_start(skb, PMIP_MMB_A_BINDING);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, PMIP_MMB_B_BID, b->bid) ||
	    pm_nl_put_addr(skb, PMIP_MMB_B_PCOA, b->pcoa, b->pcoa_len) ||
	    pm_nl_put_addr(skb, PMIP_MMB_B_PEER, b->peer, b->peer_len) ||
	    nla_put_u8(skb, PMIP_MMB_B_ATT, b->att) ||
	    nla_put_u8(skb, PMIP_MMB_B_LABEL, b->label) ||
	    nla_put_u32(skb, PMIP_MMB_B_LIFETIME, b->lifetime) ||
	    nla_put_u32(skb, PMIP_MMB_B_TUNNEL, b->tdev->ifindex) ||
	    nla_put_string(skb, PMIP_MMB_B_TUNNEL_NAME, b->tdev->name) ||
	    nla_put_u8(skb, PMIP_MMB_B_WEIGHT, b->weight) ||
	    nla_put_u8(skb, PMIP_MMB_B_STATE, b->state) ||
	    nla_put_u32(skb, PMIP_MMB_B_EXPIRES_MS, left_ms) ||
	    (b->has_key_up &&
	     nla_put_u32(skb, PMIP_MMB_B_GRE_KEY_UP, b->gre_key_up)) ||
	    (b->has_key_down &&
	     nla_put_u32(skb, PMIP_MMB_B_GRE_KEY_DOWN, b->gre_key_down)) ||
	    (stats && pm_nl_put_ctr(skb, PMIP_MMB_B_STATS, b->ctr,
				    PMIP_MMB_BS_PACKETS, PMIP_MMB_BS_FLOWS,
				    PMIP_MMB_BS_PAD))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int pm_nl_put_session_head(struct sk_buff *skb,
				  const struct pm_session *s)
{
	const struct net_device *dev = s->pd->dev;

	if (nla_put_u32(skb, PMIP_MMB_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, PMIP_MMB_A_IFNAME, dev->name) ||
	    nla_put(skb, PMIP_MMB_A_MNID, s->mnid_len, s->mnid))
		return -EMSGSIZE;
	return 0;
}

static int pm_nl_put_session_cfg(struct sk_buff *skb,
				 const struct pm_session *s)
{
	struct nlattr *nest;
	unsigned int i;

	if (nla_put_u8(skb, PMIP_MMB_A_MNID_TYPE, s->mnid_type) ||
	    nla_put_u8(skb, PMIP_MMB_A_ROLE, s->role) ||
	    nla_put_u8(skb, PMIP_MMB_A_POLICY, s->policy))
		return -EMSGSIZE;
	for (i = 0; i < s->n_hnp; i++) {
		nest = nla_nest_start(skb, PMIP_MMB_A_HNP);
		if (!nest ||
		    nla_put_in6_addr(skb, PMIP_MMB_P_PREFIX,
				     &s->hnp[i].key.addr) ||
		    nla_put_u8(skb, PMIP_MMB_P_LEN, s->hnp[i].key.len))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	for (i = 0; s->rules && i < s->rules->n; i++) {
		const struct pm_sel_rule *r = &s->rules->r[i];

		nest = nla_nest_start(skb, PMIP_MMB_A_RULE);
		if (!nest ||
		    ((r->match & PM_SEL_RULE_PROTO) &&
		     nla_put_u8(skb, PMIP_MMB_R_PROTO, r->proto)) ||
		    ((r->match & PM_SEL_RULE_PORT) &&
		     nla_put_u16(skb, PMIP_MMB_R_PORT, r->port)) ||
		    nla_put(skb, PMIP_MMB_R_LABELS, r->n_labels, r->labels))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * One session. Bindings from *@next_bid on; when the message fills up
 * after at least one binding, it ends there and *@next_bid says where the
 * next message resumes (0: all sent). The head and configuration go into
 * every message of a session, the counters into the first.
 * Context: RTNL.
 */
static int pm_nl_fill_session(struct sk_buff *skb, struct pm_session *s,
			      u32 portid, u32 seq, int flags, u8 cmd,
			      enum pmip_mmb_event event, bool full,
			      unsigned int *next_bid,
			      struct netlink_callback *cb)
{
	unsigned int i, start = next_bid ? *next_bid : 0, put = 0;
	void *hdr;

	ASSERT_RTNL();
	hdr = genlmsg_put(skb, portid, seq, &pm_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (pm_nl_put_session_head(skb, s) ||
	    (event && nla_put_u8(skb, PMIP_MMB_A_EVENT, event)) ||
	    pm_nl_put_session_cfg(skb, s))
		goto cancel;
	if (full && start <= PMIP_MMB_BID_MIN &&
	    pm_nl_put_ctr(skb, PMIP_MMB_A_STATS, s->ctr, PMIP_MMB_S_PACKETS,
			  PMIP_MMB_S_FALLBACKS, PMIP_MMB_S_PAD))
		goto cancel;
	if (!full)
		goto end;
	for (i = 0; i < s->n_bind; i++) {
		struct pm_binding *b = s->bind[i];

		if (b->bid < start)
			continue;
		if (pm_nl_put_binding(skb, b, true)) {
			if (!put || !next_bid)
				goto cancel;
			*next_bid = b->bid;
			genlmsg_end(skb, hdr);
			return 0;
		}
		put++;
	}
end:
	if (next_bid)
		*next_bid = 0;
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static size_t pm_nl_session_size(const struct pm_session *s)
{
	return PM_NL_SESSION_SIZE + s->n_bind * PM_NL_BINDING_SIZE;
}

static int pm_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pm_session *s;
	struct sk_buff *msg;
	int err;

	rtnl_lock();
	s = pm_nl_session(info);
	if (IS_ERR(s)) {
		err = PTR_ERR(s);
		goto err_unlock;
	}
	msg = genlmsg_new(pm_nl_session_size(s), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto err_unlock;
	}
	err = pm_nl_fill_session(msg, s, info->snd_portid, info->snd_seq, 0,
				 PMIP_MMB_CMD_SESSION_GET,
				 PMIP_MMB_EVENT_UNSPEC, true, NULL, NULL);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	return err;
}

/*
 * Dump: cb->args[0] counts the sessions already sent in full, cb->args[1]
 * is the BID the current one resumes at. A changed table marks the dump
 * NLM_F_DUMP_INTR.
 */
static int pm_nl_session_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct pm_net *pn = pm_net(sock_net(skb->sk));
	struct nlattr *ifa = di->attrs[PMIP_MMB_A_IFINDEX];
	long idx = 0, start = cb->args[0];
	unsigned int next_bid = cb->args[1];
	struct pm_session *s;
	struct pm_dev *pd;
	int err = 0;

	rtnl_lock();
	cb->seq = pn->gen;
	list_for_each_entry(pd, &pn->devs, list) {
		if (ifa && pd->dev->ifindex != nla_get_u32(ifa))
			continue;
		list_for_each_entry(s, &pd->sessions, list) {
			if (idx < start) {
				idx++;
				continue;
			}
			err = pm_nl_fill_session(skb, s,
						 NETLINK_CB(cb->skb).portid,
						 cb->nlh->nlmsg_seq,
						 NLM_F_MULTI,
						 PMIP_MMB_CMD_SESSION_GET,
						 PMIP_MMB_EVENT_UNSPEC, true,
						 &next_bid, cb);
			if (err || next_bid)
				goto out;
			idx++;
		}
	}
out:
	rtnl_unlock();
	cb->args[0] = idx;
	cb->args[1] = next_bid;
	/* a session head too big for an empty message is an error */
	if (err && idx == start && !skb->len)
		return err;
	return skb->len;
}

static int pm_nl_binding_cfg(struct genl_info *info, struct nlattr **tb,
			     struct pm_binding_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest = info->attrs[PMIP_MMB_A_BINDING];
	struct net_device *tdev;
	int i;

	memset(cfg, 0, sizeof(*cfg));
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP_MMB_B_BID) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP_MMB_B_PCOA) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP_MMB_B_LIFETIME) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, PMIP_MMB_B_TUNNEL)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a binding needs bid, pcoa, lifetime and tunnel");
		return -EINVAL;
	}
	for (i = PMIP_MMB_B_PCOA; i <= PMIP_MMB_B_PEER; i++) {
		if (tb[i] && nla_len(tb[i]) != 4 && nla_len(tb[i]) != 16) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "an address is 4 or 16 octets");
			return -EINVAL;
		}
	}
	cfg->bid = nla_get_u8(tb[PMIP_MMB_B_BID]);
	cfg->pcoa_len = nla_len(tb[PMIP_MMB_B_PCOA]);
	memcpy(cfg->pcoa, nla_data(tb[PMIP_MMB_B_PCOA]), cfg->pcoa_len);
	if (tb[PMIP_MMB_B_PEER]) {
		cfg->peer_len = nla_len(tb[PMIP_MMB_B_PEER]);
		memcpy(cfg->peer, nla_data(tb[PMIP_MMB_B_PEER]),
		       cfg->peer_len);
	}
	if (tb[PMIP_MMB_B_ATT])
		cfg->att = nla_get_u8(tb[PMIP_MMB_B_ATT]);
	if (tb[PMIP_MMB_B_LABEL])
		cfg->label = nla_get_u8(tb[PMIP_MMB_B_LABEL]);
	cfg->weight = tb[PMIP_MMB_B_WEIGHT] ?
		      nla_get_u8(tb[PMIP_MMB_B_WEIGHT]) : 1;
	cfg->lifetime = nla_get_u32(tb[PMIP_MMB_B_LIFETIME]);
	if (tb[PMIP_MMB_B_GRE_KEY_UP]) {
		cfg->has_key_up = true;
		cfg->gre_key_up = nla_get_u32(tb[PMIP_MMB_B_GRE_KEY_UP]);
	}
	if (tb[PMIP_MMB_B_GRE_KEY_DOWN]) {
		cfg->has_key_down = true;
		cfg->gre_key_down = nla_get_u32(tb[PMIP_MMB_B_GRE_KEY_DOWN]);
	}

	ASSERT_RTNL();
	tdev = __dev_get_by_index(genl_info_net(info),
				  nla_get_u32(tb[PMIP_MMB_B_TUNNEL]));
	if (!tdev) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP_MMB_B_TUNNEL],
				    "no tunnel device with this ifindex");
		return -ENODEV;
	}
	if (pm_netdev_is_pm(tdev)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP_MMB_B_TUNNEL],
				    "a pmip_mmb device cannot carry a binding");
		return -ELOOP;
	}
	if (tdev->reg_state != NETREG_REGISTERED) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PMIP_MMB_B_TUNNEL],
				    "the tunnel device is going away");
		return -ENODEV;
	}
	cfg->tdev = tdev;
	return 0;
}

static int pm_nl_binding_nest(struct genl_info *info, struct nlattr **tb,
			      const struct nla_policy *policy)
{
	if (GENL_REQ_ATTR_CHECK(info, PMIP_MMB_A_BINDING))
		return -EINVAL;
	return nla_parse_nested(tb, PMIP_MMB_B_MAX,
				info->attrs[PMIP_MMB_A_BINDING], policy,
				info->extack);
}

static u32 pm_nl_flags(struct genl_info *info)
{
	struct nlattr *a = info->attrs[PMIP_MMB_A_FLAGS];

	return a ? nla_get_u32(a) : 0;
}

static int pm_nl_binding_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PMIP_MMB_B_MAX + 1];
	struct pm_binding_cfg cfg;
	struct pm_session *s;
	int err;

	err = pm_nl_binding_nest(info, tb, pm_binding_nl_policy);
	if (err)
		return err;
	rtnl_lock();
	s = pm_nl_session(info);
	if (IS_ERR(s)) {
		err = PTR_ERR(s);
		goto out;
	}
	err = pm_nl_binding_cfg(info, tb, &cfg);
	if (err)
		goto out;
	err = pm_binding_set(s, &cfg,
			     pm_nl_flags(info) & PMIP_MMB_F_OVERWRITE,
			     info->extack);
out:
	rtnl_unlock();
	return err;
}

static int pm_nl_binding_refresh_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	bool bulk = pm_nl_flags(info) & PMIP_MMB_F_BULK;
	struct nlattr *tb[PMIP_MMB_B_MAX + 1];
	struct nlattr *nest;
	struct pm_session *s;
	int err, bid = -1;

	err = pm_nl_binding_nest(info, tb, pm_binding_ref_nl_policy);
	if (err)
		return err;
	nest = info->attrs[PMIP_MMB_A_BINDING];
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, PMIP_MMB_B_LIFETIME)) {
		NL_SET_ERR_MSG_MOD(info->extack, "a refresh needs a lifetime");
		return -EINVAL;
	}
	if (!bulk && NL_REQ_ATTR_CHECK(info->extack, nest, tb,
				       PMIP_MMB_B_BID)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a refresh needs a bid or the bulk flag");
		return -EINVAL;
	}
	if (bulk && tb[PMIP_MMB_B_BID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PMIP_MMB_B_BID],
				    "bulk refresh takes no bid");
		return -EINVAL;
	}
	if (!bulk)
		bid = nla_get_u8(tb[PMIP_MMB_B_BID]);

	rtnl_lock();
	s = pm_nl_session(info);
	if (IS_ERR(s)) {
		err = PTR_ERR(s);
		goto out;
	}
	err = pm_binding_refresh(s, bid,
				 nla_get_u32(tb[PMIP_MMB_B_LIFETIME]));
	if (err == -ENOENT && bulk)
		NL_SET_ERR_MSG_MOD(info->extack, "the session has no binding");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PMIP_MMB_B_BID],
				    "no binding with this bid");
out:
	rtnl_unlock();
	return err;
}

static int pm_nl_binding_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[PMIP_MMB_B_MAX + 1];
	struct pm_binding *b;
	struct pm_session *s;
	int err;

	err = pm_nl_binding_nest(info, tb, pm_binding_ref_nl_policy);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[PMIP_MMB_A_BINDING],
			      tb, PMIP_MMB_B_BID)) {
		NL_SET_ERR_MSG_MOD(info->extack, "which bid?");
		return -EINVAL;
	}
	if (tb[PMIP_MMB_B_LIFETIME]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PMIP_MMB_B_LIFETIME],
				    "a delete takes no lifetime");
		return -EINVAL;
	}
	if (pm_nl_flags(info)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PMIP_MMB_A_FLAGS],
				    "a delete takes no flags");
		return -EINVAL;
	}
	rtnl_lock();
	s = pm_nl_session(info);
	if (IS_ERR(s)) {
		err = PTR_ERR(s);
		goto out;
	}
	b = pm_binding_find(s, nla_get_u8(tb[PMIP_MMB_B_BID]));
	if (!b) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[PMIP_MMB_B_BID],
				    "no binding with this bid");
		err = -ENOENT;
		goto out;
	}
	pm_binding_del(b, PMIP_MMB_EVENT_BINDING_DEL);
out:
	rtnl_unlock();
	return err;
}

static int pm_nl_fill_dev(struct sk_buff *skb, struct pm_dev *pd, u32 portid,
			  u32 seq, int flags, struct netlink_callback *cb)
{
	u64 v[PM_CTR_MAX];
	struct nlattr *nest;
	void *hdr;
	int i;

	ASSERT_RTNL();
	hdr = genlmsg_put(skb, portid, seq, &pm_genl_family, flags,
			  PMIP_MMB_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	pm_ctr_sum(pd->ctr, PM_D_CTRS, v);
	v[PMIP_MMB_D_SESSIONS] = pd->n_sessions;
	if (nla_put_u32(skb, PMIP_MMB_A_IFINDEX, pd->dev->ifindex) ||
	    nla_put_string(skb, PMIP_MMB_A_IFNAME, pd->dev->name))
		goto cancel;
	nest = nla_nest_start(skb, PMIP_MMB_A_DEV_STATS);
	if (!nest)
		goto cancel;
	for (i = PMIP_MMB_D_TX_PACKETS; i <= PMIP_MMB_D_SESSIONS; i++)
		if (nla_put_u64_64bit(skb, i, v[i], PMIP_MMB_D_PAD))
			goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int pm_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct pm_dev *pd;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	pd = pm_nl_dev(info);
	if (IS_ERR(pd))
		err = PTR_ERR(pd);
	else
		err = pm_nl_fill_dev(msg, pd, info->snd_portid, info->snd_seq,
				     0, NULL);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int pm_nl_dev_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct pm_net *pn = pm_net(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct pm_dev *pd;
	int err = 0;

	rtnl_lock();
	cb->seq = pn->gen;
	list_for_each_entry(pd, &pn->devs, list) {
		if (idx >= start) {
			err = pm_nl_fill_dev(skb, pd,
					     NETLINK_CB(cb->skb).portid,
					     cb->nlh->nlmsg_seq, NLM_F_MULTI,
					     cb);
			if (err)
				break;
		}
		idx++;
	}
	rtnl_unlock();
	cb->args[0] = idx;
	if (err && idx == start)
		return err;
	return skb->len;
}

static int pm_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct pm_session *s;
	struct pm_dev *pd;
	int err = 0;

	rtnl_lock();
	pd = pm_nl_dev(info);
	if (IS_ERR(pd)) {
		err = PTR_ERR(pd);
		goto out;
	}
	pm_ctr_reset(pd->ctr, PM_D_CTRS);
	list_for_each_entry(s, &pd->sessions, list)
		pm_session_stats_reset(s);
out:
	rtnl_unlock();
	return err;
}

static const struct genl_ops pm_nl_ops[] = {
	{
		.cmd	= PMIP_MMB_CMD_SESSION_ADD,
		.doit	= pm_nl_session_add_doit,
		.policy	= pm_session_add_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= PMIP_MMB_CMD_SESSION_SET,
		.doit	= pm_nl_session_set_doit,
		.policy	= pm_session_set_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= PMIP_MMB_CMD_SESSION_DEL,
		.doit	= pm_nl_session_del_doit,
		.policy	= pm_session_id_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= PMIP_MMB_CMD_SESSION_GET,
		.doit	= pm_nl_session_get_doit,
		.dumpit	= pm_nl_session_get_dumpit,
		.policy	= pm_session_id_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
	},
	{
		.cmd	= PMIP_MMB_CMD_BINDING_ADD,
		.doit	= pm_nl_binding_add_doit,
		.policy	= pm_binding_add_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= PMIP_MMB_CMD_BINDING_REFRESH,
		.doit	= pm_nl_binding_refresh_doit,
		.policy	= pm_binding_ref_cmd_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= PMIP_MMB_CMD_BINDING_DEL,
		.doit	= pm_nl_binding_del_doit,
		.policy	= pm_binding_ref_cmd_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= PMIP_MMB_CMD_DEV_GET,
		.doit	= pm_nl_dev_get_doit,
		.dumpit	= pm_nl_dev_get_dumpit,
		.policy	= pm_ifindex_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
	},
	{
		.cmd	= PMIP_MMB_CMD_STATS_RESET,
		.doit	= pm_nl_stats_reset_doit,
		.policy	= pm_ifindex_nl_policy,
		.maxattr = PMIP_MMB_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group pm_nl_mcgrps[] = {
	[PM_MCGRP_EVENTS] = { .name = PMIP_MMB_MCGRP_EVENTS, },
};

static struct genl_family pm_genl_family __ro_after_init = {
	.name		= PMIP_MMB_GENL_NAME,
	.version	= PMIP_MMB_GENL_VERSION,
	.maxattr	= PMIP_MMB_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= pm_nl_ops,
	.n_ops		= ARRAY_SIZE(pm_nl_ops),
	/* every command validates strictly, reserved header fields too */
	.resv_start_op	= PMIP_MMB_CMD_SESSION_ADD,
	.mcgrps		= pm_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(pm_nl_mcgrps),
};

/**
 * pm_nl_session_notify() - announce a session change on "events"
 * @s: the session
 * @event: what happened
 *
 * Context: RTNL.
 */
void pm_nl_session_notify(struct pm_session *s, enum pmip_mmb_event event)
{
	struct net *net = dev_net(s->pd->dev);
	struct sk_buff *msg;

	ASSERT_RTNL();
	if (!genl_has_listeners(&pm_genl_family, net, PM_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(PM_NL_SESSION_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (pm_nl_fill_session(msg, s, 0, 0, 0, PMIP_MMB_CMD_SESSION_NTF,
			       event, false, NULL, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&pm_genl_family, net, msg, 0, PM_MCGRP_EVENTS,
				GFP_KERNEL);
}

/**
 * pm_nl_binding_notify() - announce a binding change on "events"
 * @b: the binding
 * @event: what happened
 *
 * Context: RTNL.
 */
void pm_nl_binding_notify(struct pm_binding *b, enum pmip_mmb_event event)
{
	struct net *net = dev_net(b->s->pd->dev);
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();
	if (!genl_has_listeners(&pm_genl_family, net, PM_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(PM_NL_SESSION_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &pm_genl_family, 0,
			  PMIP_MMB_CMD_BINDING_NTF);
	if (!hdr || pm_nl_put_session_head(msg, b->s) ||
	    nla_put_u8(msg, PMIP_MMB_A_EVENT, event) ||
	    pm_nl_put_binding(msg, b, false)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&pm_genl_family, net, msg, 0, PM_MCGRP_EVENTS,
				GFP_KERNEL);
}

/**
 * pm_genl_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int pm_genl_init(void)
{
	return genl_register_family(&pm_genl_family);
}

/**
 * pm_genl_uninit() - unregister the generic netlink family
 */
void pm_genl_uninit(void)
{
	genl_unregister_family(&pm_genl_family);
}
