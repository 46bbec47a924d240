// SPDX-License-Identifier: GPL-2.0
/*
 * gre_bond: the generic netlink family (include/uapi/linux/gre_bond.h,
 * Documentation/netlink/specs/gre_bond.yaml). Every request runs under
 * RTNL, the one configuration lock; the rules a policy cannot express are
 * listed in Documentation/gre_bond.rst, "Configuration rules".
 */

#include <linux/inetdevice.h>
#include <linux/ipv6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "gre_bond.h"

enum gb_mcgrp {
	GB_MCGRP_EVENTS,
	GB_MCGRP_CTRL,
};

/*
 * A bond with eight IPv6 tunnels, labels and all counters needs about
 * 4.5 KiB; NLMSG_GOODSIZE is less than that on 4 KiB pages.
 */
#define GB_NL_BOND_MSG_SIZE	8192

static struct genl_family gb_genl_family;

static struct netlink_range_validation gb_hold_range = {
	.min = 0,
	.max = GB_HOLD_LIMIT_US,
};

static struct netlink_range_validation gb_hold_max_range = {
	.min = GB_HOLD_MAX_MIN_US,
	.max = GB_HOLD_LIMIT_US,
};

static struct netlink_range_validation gb_reorder_range = {
	.min = 1,
	.max = GB_REORDER_WINDOW_MAX,
};

static const struct nla_policy gb_tunnel_nl_policy[GRE_BOND_T_MAX + 1] = {
	[GRE_BOND_T_ID]		= NLA_POLICY_MAX(NLA_U8, GRE_BOND_MAX_TUNNELS - 1),
	[GRE_BOND_T_ROLE]	= NLA_POLICY_MAX(NLA_U8, GRE_BOND_ROLE_SECONDARY),
	[GRE_BOND_T_NAME]	= { .type = NLA_STRING, .len = IFNAMSIZ - 1 },
	[GRE_BOND_T_LOCAL4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[GRE_BOND_T_REMOTE4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[GRE_BOND_T_LOCAL6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[GRE_BOND_T_REMOTE6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[GRE_BOND_T_LINK]	= { .type = NLA_U32 },
	[GRE_BOND_T_FWMARK]	= { .type = NLA_U32 },
	[GRE_BOND_T_ADMIN]	= NLA_POLICY_MAX(NLA_U8, GRE_BOND_ADMIN_DISABLED),
	[GRE_BOND_T_OPER]	= NLA_POLICY_MAX(NLA_U8, GRE_BOND_OPER_UP),
	[GRE_BOND_T_RTT_US]	= { .type = NLA_U32 },
};

/* TUNNEL_DEL: the id and nothing else */
static const struct nla_policy gb_tunnel_id_nl_policy[GRE_BOND_T_MAX + 1] = {
	[GRE_BOND_T_ID]		= NLA_POLICY_MAX(NLA_U8, GRE_BOND_MAX_TUNNELS - 1),
};

/* CTRL_SEND: no timestamp, that is for received messages */
static const struct nla_policy gb_ctrl_nl_policy[GRE_BOND_C_MAX + 1] = {
	[GRE_BOND_C_TUNNEL_ID]	= NLA_POLICY_MAX(NLA_U8, GRE_BOND_MAX_TUNNELS - 1),
	[GRE_BOND_C_PROTO]	= { .type = NLA_U16 },
	[GRE_BOND_C_KEY]	= { .type = NLA_U32 },
	[GRE_BOND_C_PAYLOAD]	= { .type = NLA_BINARY,
				    .len = GB_CTRL_PAYLOAD_MAX },
	[GRE_BOND_C_REMOTE4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[GRE_BOND_C_REMOTE6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/* BOND_GET, STATS_RESET */
static const struct nla_policy gb_ifindex_nl_policy[GRE_BOND_A_MAX + 1] = {
	[GRE_BOND_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy gb_bond_set_nl_policy[GRE_BOND_A_MAX + 1] = {
	[GRE_BOND_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[GRE_BOND_A_KEY]	= { .type = NLA_U32 },
	[GRE_BOND_A_CIR_KBPS]	= { .type = NLA_U32 },
	[GRE_BOND_A_CBS]	= { .type = NLA_U32 },
	[GRE_BOND_A_EBS]	= { .type = NLA_U32 },
	[GRE_BOND_A_HOLD_MODE]	= NLA_POLICY_MAX(NLA_U8, GRE_BOND_HOLD_AUTO),
	[GRE_BOND_A_HOLD_US]	= NLA_POLICY_FULL_RANGE(NLA_U32, &gb_hold_range),
	[GRE_BOND_A_HOLD_MAX_US] = NLA_POLICY_FULL_RANGE(NLA_U32,
							 &gb_hold_max_range),
	[GRE_BOND_A_REORDER_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32,
							 &gb_reorder_range),
	[GRE_BOND_A_CTRL_PROTO_ALT] = { .type = NLA_U16 },
};

/* TUNNEL_ADD, TUNNEL_SET */
static const struct nla_policy gb_tunnel_cmd_nl_policy[GRE_BOND_A_MAX + 1] = {
	[GRE_BOND_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[GRE_BOND_A_TUNNEL]	= NLA_POLICY_NESTED(gb_tunnel_nl_policy),
};

static const struct nla_policy gb_tunnel_del_nl_policy[GRE_BOND_A_MAX + 1] = {
	[GRE_BOND_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[GRE_BOND_A_TUNNEL]	= NLA_POLICY_NESTED(gb_tunnel_id_nl_policy),
};

static const struct nla_policy gb_ctrl_send_nl_policy[GRE_BOND_A_MAX + 1] = {
	[GRE_BOND_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[GRE_BOND_A_CTRL]	= NLA_POLICY_NESTED(gb_ctrl_nl_policy),
};

/* The bond a request names. Context: RTNL. */
static struct gb_bond *gb_nl_bond(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[GRE_BOND_A_IFINDEX];
	struct gb_bond *bond;

	if (GENL_REQ_ATTR_CHECK(info, GRE_BOND_A_IFINDEX))
		return ERR_PTR(-EINVAL);

	bond = gb_bond_get(genl_info_net(info), nla_get_u32(attr));
	if (PTR_ERR(bond) == -ENODEV)
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "no device with this ifindex");
	else if (IS_ERR(bond))
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "not a gre_bond device");
	return bond;
}

static int gb_nl_put_addr(struct sk_buff *skb, int type4, int type6,
			  const struct gb_addr *a)
{
	if (a->family == AF_INET)
		return nla_put_in_addr(skb, type4, a->in4);
	if (a->family == AF_INET6)
		return nla_put_in6_addr(skb, type6, &a->in6);
	return 0;
}

static int gb_nl_put_tunnel_stats(struct sk_buff *skb,
				  const struct gb_tunnel *t)
{
	u64 v[__GRE_BOND_TS_MAX];
	struct nlattr *nest;
	int i;

	gb_tunnel_stats(t, v);
	nest = nla_nest_start(skb, GRE_BOND_T_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = GRE_BOND_TS_TX_PACKETS; i < GRE_BOND_TS_PAD; i++) {
		if (nla_put_u64_64bit(skb, i, v[i], GRE_BOND_TS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int gb_nl_put_tunnel(struct sk_buff *skb, const struct gb_tunnel *t,
			    bool stats)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, GRE_BOND_A_TUNNEL);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u8(skb, GRE_BOND_T_ID, t->id) ||
	    nla_put_u8(skb, GRE_BOND_T_ROLE, t->role) ||
	    (t->name[0] && nla_put_string(skb, GRE_BOND_T_NAME, t->name)) ||
	    gb_nl_put_addr(skb, GRE_BOND_T_LOCAL4, GRE_BOND_T_LOCAL6,
			   &t->local) ||
	    gb_nl_put_addr(skb, GRE_BOND_T_REMOTE4, GRE_BOND_T_REMOTE6,
			   &t->remote) ||
	    (t->link && nla_put_u32(skb, GRE_BOND_T_LINK, t->link)) ||
	    nla_put_u32(skb, GRE_BOND_T_FWMARK, t->fwmark) ||
	    nla_put_u8(skb, GRE_BOND_T_ADMIN, READ_ONCE(t->admin)) ||
	    nla_put_u8(skb, GRE_BOND_T_OPER, gb_tunnel_oper_up(t) ?
		       GRE_BOND_OPER_UP : GRE_BOND_OPER_DOWN) ||
	    nla_put_u32(skb, GRE_BOND_T_RTT_US, t->rtt_us) ||
	    (stats && gb_nl_put_tunnel_stats(skb, t))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int gb_nl_put_bond_stats(struct sk_buff *skb, struct gb_bond *bond,
				const struct gb_reorder_stats *st, u32 depth)
{
	const struct {
		u16 type;
		u64 value;
	} rx[] = {
		{ GRE_BOND_S_RX_IN_ORDER,	st->in_order },
		{ GRE_BOND_S_RX_REORDERED,	st->reordered },
		{ GRE_BOND_S_RX_NO_SEQ,		st->no_seq },
		{ GRE_BOND_S_RX_LATE,		st->late },
		{ GRE_BOND_S_RX_DUPLICATE,	st->duplicate },
		{ GRE_BOND_S_FLUSH_TIMEOUT,	st->flush_timeout },
		{ GRE_BOND_S_FLUSH_OVERFLOW,	st->flush_overflow },
		{ GRE_BOND_S_GAPS_SKIPPED,	st->gaps_skipped },
		{ GRE_BOND_S_DEPTH_CUR,		depth },
		{ GRE_BOND_S_DEPTH_MAX,		st->depth_max },
		{ GRE_BOND_S_RESIDENCE_MAX_NS,	st->residence_max_ns },
		{ GRE_BOND_S_RESIDENCE_SUM_NS,	st->residence_sum_ns },
		{ GRE_BOND_S_RESYNC,		st->resync },
		{ GRE_BOND_S_TX_SEQ_NEXT,
		  (u32)atomic_read(&bond->tx_seq) },
	};
	struct nlattr *nest;
	unsigned int i;

	BUILD_BUG_ON(GB_REORDER_HIST_BUCKETS != GRE_BOND_RES_HIST_BUCKETS);
	nest = nla_nest_start(skb, GRE_BOND_A_STATS);
	if (!nest)
		return -EMSGSIZE;

	for (i = 0; i < ARRAY_SIZE(rx); i++)
		if (nla_put_u64_64bit(skb, rx[i].type, rx[i].value,
				      GRE_BOND_S_PAD))
			goto cancel;
	if (nla_put(skb, GRE_BOND_S_RESIDENCE_HIST,
		    sizeof(st->residence_hist), st->residence_hist))
		goto cancel;
	for (i = GRE_BOND_S_DROP_SHORT; i <= GRE_BOND_S_TX_ROUTE_ERROR; i++)
		if (nla_put_u64_64bit(skb, i, atomic64_read(&bond->cnt[i]),
				      GRE_BOND_S_PAD))
			goto cancel;
	for (i = GRE_BOND_S_PAD + 1; i <= GRE_BOND_S_MAX; i++)
		if (nla_put_u64_64bit(skb, i, atomic64_read(&bond->cnt[i]),
				      GRE_BOND_S_PAD))
			goto cancel;

	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * One bond: its parameters, its tunnels, and with @stats the counters.
 * Context: RTNL.
 */
static int gb_nl_fill_bond(struct sk_buff *skb, struct gb_bond *bond,
			   u32 portid, u32 seq, int flags, u8 cmd,
			   enum gre_bond_event event, bool stats,
			   struct netlink_callback *cb)
{
	struct gb_reorder_stats st;
	u32 depth, hold_us;
	unsigned int i;
	void *hdr;

	ASSERT_RTNL();
	hdr = genlmsg_put(skb, portid, seq, &gb_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	gb_rx_stats(bond, &st, &depth, &hold_us);
	if (nla_put_u32(skb, GRE_BOND_A_IFINDEX, bond->dev->ifindex) ||
	    nla_put_string(skb, GRE_BOND_A_IFNAME, bond->dev->name) ||
	    (event && nla_put_u8(skb, GRE_BOND_A_EVENT, event)) ||
	    nla_put_u32(skb, GRE_BOND_A_KEY, bond->key) ||
	    nla_put_u32(skb, GRE_BOND_A_CIR_KBPS, bond->cir_kbps) ||
	    nla_put_u32(skb, GRE_BOND_A_CBS, bond->cbs) ||
	    nla_put_u32(skb, GRE_BOND_A_EBS, bond->ebs) ||
	    nla_put_u8(skb, GRE_BOND_A_HOLD_MODE, bond->hold_mode) ||
	    nla_put_u32(skb, GRE_BOND_A_HOLD_US, bond->hold_us) ||
	    nla_put_u32(skb, GRE_BOND_A_HOLD_MAX_US, bond->hold_max_us) ||
	    nla_put_u32(skb, GRE_BOND_A_HOLD_CUR_US, hold_us) ||
	    nla_put_u32(skb, GRE_BOND_A_REORDER_MAX, bond->reorder_max) ||
	    nla_put_u16(skb, GRE_BOND_A_CTRL_PROTO_ALT,
			bond->ctrl_proto_alt) ||
	    nla_put_u32(skb, GRE_BOND_A_MTU, bond->path_mtu))
		goto cancel;

	for (i = 0; i < GRE_BOND_MAX_TUNNELS; i++) {
		struct gb_tunnel *t = gb_tunnel_rtnl(bond, i);

		if (t && gb_nl_put_tunnel(skb, t, stats))
			goto cancel;
	}
	if (stats && gb_nl_put_bond_stats(skb, bond, &st, depth))
		goto cancel;

	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int gb_nl_bond_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gb_bond *bond;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(GB_NL_BOND_MSG_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	bond = gb_nl_bond(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto err_unlock;
	}
	err = gb_nl_fill_bond(msg, bond, info->snd_portid, info->snd_seq, 0,
			      GRE_BOND_CMD_BOND_GET, GRE_BOND_EVENT_UNSPEC,
			      true, NULL);
	rtnl_unlock();
	if (err)
		goto err_free;
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
err_free:
	nlmsg_free(msg);
	return err;
}

/*
 * Dump: cb->args[0] counts the bonds already sent; the netns generation
 * counter marks the dump NLM_F_DUMP_INTR if the list changed meanwhile.
 */
static int gb_nl_bond_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct gb_net *gbn = gb_net(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct gb_bond *bond;
	int err = 0;

	rtnl_lock();
	cb->seq = gbn->gen;
	list_for_each_entry(bond, &gbn->bonds, list) {
		if (idx >= start) {
			err = gb_nl_fill_bond(skb, bond,
					      NETLINK_CB(cb->skb).portid,
					      cb->nlh->nlmsg_seq, NLM_F_MULTI,
					      GRE_BOND_CMD_BOND_GET,
					      GRE_BOND_EVENT_UNSPEC, true, cb);
			if (err)
				break;
		}
		idx++;
	}
	rtnl_unlock();

	cb->args[0] = idx;
	/* a bond too big for an empty message is an error, not an end */
	if (err && idx == start)
		return err;
	return skb->len;
}

static int gb_nl_bond_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **a = info->attrs;
	struct gb_bond *bond;
	int err = 0;

	rtnl_lock();
	bond = gb_nl_bond(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto out;
	}

	if (a[GRE_BOND_A_CTRL_PROTO_ALT]) {
		u16 alt = nla_get_u16(a[GRE_BOND_A_CTRL_PROTO_ALT]);

		if (alt == GB_GRE_PROTO_IPV4 || alt == GB_GRE_PROTO_IPV6) {
			NL_SET_ERR_MSG_ATTR(extack, a[GRE_BOND_A_CTRL_PROTO_ALT],
					    "a data protocol type cannot be a control one");
			err = -EINVAL;
			goto out;
		}
	}

	/* the two changes that can fail come first */
	if (a[GRE_BOND_A_REORDER_MAX]) {
		u32 max = nla_get_u32(a[GRE_BOND_A_REORDER_MAX]);

		if (max != bond->reorder_max) {
			err = gb_rx_resize(bond, max);
			if (err)
				goto out;
		}
	}
	if (a[GRE_BOND_A_KEY]) {
		err = gb_bond_set_key(bond, nla_get_u32(a[GRE_BOND_A_KEY]));
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "cannot index the new key");
			goto out;
		}
	}

	if (a[GRE_BOND_A_CIR_KBPS] || a[GRE_BOND_A_CBS] || a[GRE_BOND_A_EBS]) {
		if (a[GRE_BOND_A_CIR_KBPS])
			bond->cir_kbps = nla_get_u32(a[GRE_BOND_A_CIR_KBPS]);
		if (a[GRE_BOND_A_CBS])
			bond->cbs = nla_get_u32(a[GRE_BOND_A_CBS]);
		if (a[GRE_BOND_A_EBS])
			bond->ebs = nla_get_u32(a[GRE_BOND_A_EBS]);
		gb_tx_meter_update(bond);
	}

	if (a[GRE_BOND_A_HOLD_MODE] || a[GRE_BOND_A_HOLD_US] ||
	    a[GRE_BOND_A_HOLD_MAX_US]) {
		if (a[GRE_BOND_A_HOLD_MODE])
			bond->hold_mode = nla_get_u8(a[GRE_BOND_A_HOLD_MODE]);
		if (a[GRE_BOND_A_HOLD_US])
			bond->hold_us = nla_get_u32(a[GRE_BOND_A_HOLD_US]);
		if (a[GRE_BOND_A_HOLD_MAX_US])
			bond->hold_max_us =
				nla_get_u32(a[GRE_BOND_A_HOLD_MAX_US]);
		gb_rx_hold_update(bond);
	}

	if (a[GRE_BOND_A_CTRL_PROTO_ALT])
		WRITE_ONCE(bond->ctrl_proto_alt,
			   nla_get_u16(a[GRE_BOND_A_CTRL_PROTO_ALT]));

	gb_bond_changed(bond);
	gb_nl_bond_notify(bond, GRE_BOND_EVENT_BOND_CHANGED);
out:
	rtnl_unlock();
	return err;
}

/*
 * An address pair of attributes: at most one of the two, and a usable
 * unicast address. An unspecified local address (0.0.0.0, ::) means "let
 * routing choose" and is stored as family AF_UNSPEC.
 */
static int gb_nl_parse_addr(struct nlattr *a4, struct nlattr *a6,
			    bool remote, struct gb_addr *out,
			    struct netlink_ext_ack *extack)
{
	memset(out, 0, sizeof(*out));
	if (a4 && a6) {
		NL_SET_ERR_MSG_ATTR(extack, a6,
				    "give an IPv4 or an IPv6 address, not both");
		return -EINVAL;
	}

	if (a4) {
		__be32 v = nla_get_in_addr(a4);

		if (!remote && !v)
			return 0;
		if (ipv4_is_zeronet(v) || ipv4_is_multicast(v) ||
		    ipv4_is_lbcast(v)) {
			NL_SET_ERR_MSG_ATTR(extack, a4,
					    "not a unicast IPv4 address");
			return -EINVAL;
		}
		out->family = AF_INET;
		out->in4 = v;
	} else if (a6) {
		struct in6_addr v = nla_get_in6_addr(a6);

		if (!remote && ipv6_addr_any(&v))
			return 0;
		if (ipv6_addr_any(&v) || ipv6_addr_is_multicast(&v) ||
		    ipv6_addr_v4mapped(&v)) {
			NL_SET_ERR_MSG_ATTR(extack, a6,
					    "not a unicast IPv6 address");
			return -EINVAL;
		}
		out->family = AF_INET6;
		out->in6 = v;
	}
	return 0;
}

static bool gb_addr_same(const struct gb_addr *a, const struct gb_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* The rules between a tunnel and the bond's other tunnels. */
static int gb_nl_tunnel_check(struct gb_bond *bond,
			      const struct gb_tunnel_cfg *cfg,
			      const struct gb_addr *local,
			      const struct gb_addr *remote,
			      struct nlattr **tb, struct nlattr *nest,
			      struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < GRE_BOND_MAX_TUNNELS; i++) {
		struct gb_tunnel *o = gb_tunnel_rtnl(bond, i);

		if (!o || o->id == cfg->id)
			continue;
		if ((cfg->set & GB_TCFG_ROLE) &&
		    cfg->role != GRE_BOND_ROLE_UNSPEC && o->role == cfg->role) {
			if (cfg->role == GRE_BOND_ROLE_PRIMARY)
				NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_T_ROLE],
						    "another tunnel is the primary");
			else
				NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_T_ROLE],
						    "another tunnel is the secondary");
			return -EBUSY;
		}
		if ((cfg->set & (GB_TCFG_LOCAL | GB_TCFG_REMOTE)) &&
		    gb_addr_same(&o->remote, remote) &&
		    (!o->local.family || !local->family ||
		     gb_addr_same(&o->local, local))) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "another tunnel of the bond has these addresses");
			return -EEXIST;
		}
	}
	return 0;
}

/*
 * Parse and check a TUNNEL_ADD or TUNNEL_SET request against the bond.
 * On success *tp is the tunnel (NULL for an add).
 */
static int gb_nl_tunnel_parse(struct genl_info *info, struct gb_bond *bond,
			      bool add, struct gb_tunnel_cfg *cfg,
			      struct gb_tunnel **tp)
{
	struct nlattr *nest = info->attrs[GRE_BOND_A_TUNNEL];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[GRE_BOND_T_MAX + 1];
	const struct gb_addr *local, *remote;
	struct gb_addr unset = {};
	struct gb_tunnel *t;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, GRE_BOND_A_TUNNEL))
		return -EINVAL;
	err = nla_parse_nested(tb, GRE_BOND_T_MAX, nest, gb_tunnel_nl_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, GRE_BOND_T_ID))
		return -EINVAL;

	memset(cfg, 0, sizeof(*cfg));
	cfg->id = nla_get_u8(tb[GRE_BOND_T_ID]);
	t = gb_tunnel_rtnl(bond, cfg->id);
	if (add && t) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_T_ID],
				    "tunnel id already exists");
		return -EEXIST;
	}
	if (!add && !t) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_T_ID],
				    "unknown tunnel id");
		return -ENOENT;
	}
	*tp = t;

	if (tb[GRE_BOND_T_REMOTE4] || tb[GRE_BOND_T_REMOTE6]) {
		err = gb_nl_parse_addr(tb[GRE_BOND_T_REMOTE4],
				       tb[GRE_BOND_T_REMOTE6], true,
				       &cfg->remote, extack);
		if (err)
			return err;
		cfg->set |= GB_TCFG_REMOTE;
	} else if (add) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "remote address missing");
		return -EINVAL;
	}
	if (tb[GRE_BOND_T_LOCAL4] || tb[GRE_BOND_T_LOCAL6]) {
		err = gb_nl_parse_addr(tb[GRE_BOND_T_LOCAL4],
				       tb[GRE_BOND_T_LOCAL6], false,
				       &cfg->local, extack);
		if (err)
			return err;
		cfg->set |= GB_TCFG_LOCAL;
	}
	remote = cfg->set & GB_TCFG_REMOTE ? &cfg->remote : &t->remote;
	local = cfg->set & GB_TCFG_LOCAL ? &cfg->local :
		t ? &t->local : &unset;
	if (local->family && local->family != remote->family) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "local and remote address families differ");
		return -EINVAL;
	}

	if (tb[GRE_BOND_T_LINK]) {
		cfg->link = nla_get_u32(tb[GRE_BOND_T_LINK]);
		cfg->set |= GB_TCFG_LINK;
		if (cfg->link) {
			struct net_device *dev;

			dev = __dev_get_by_index(genl_info_net(info),
						 cfg->link);
			if (!dev) {
				NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_T_LINK],
						    "no underlay device with this ifindex");
				return -ENODEV;
			}
			if (gb_netdev_is_bond(dev)) {
				NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_T_LINK],
						    "a gre_bond device cannot be an underlay");
				return -EINVAL;
			}
		}
	}
	if (tb[GRE_BOND_T_FWMARK]) {
		cfg->fwmark = nla_get_u32(tb[GRE_BOND_T_FWMARK]);
		cfg->set |= GB_TCFG_FWMARK;
	}
	if (tb[GRE_BOND_T_ROLE]) {
		cfg->role = nla_get_u8(tb[GRE_BOND_T_ROLE]);
		cfg->set |= GB_TCFG_ROLE;
	}
	if (tb[GRE_BOND_T_ADMIN]) {
		cfg->admin = nla_get_u8(tb[GRE_BOND_T_ADMIN]);
		cfg->set |= GB_TCFG_ADMIN;
	}
	if (tb[GRE_BOND_T_OPER]) {
		cfg->oper = nla_get_u8(tb[GRE_BOND_T_OPER]);
		cfg->set |= GB_TCFG_OPER;
	}
	if (tb[GRE_BOND_T_RTT_US]) {
		cfg->rtt_us = nla_get_u32(tb[GRE_BOND_T_RTT_US]);
		cfg->set |= GB_TCFG_RTT;
	}
	if (tb[GRE_BOND_T_NAME]) {
		nla_strscpy(cfg->name, tb[GRE_BOND_T_NAME], sizeof(cfg->name));
		cfg->set |= GB_TCFG_NAME;
	}

	return gb_nl_tunnel_check(bond, cfg, local, remote, tb, nest, extack);
}

static int gb_nl_tunnel_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gb_tunnel_cfg cfg;
	struct gb_tunnel *t;
	struct gb_bond *bond;
	int err;

	rtnl_lock();
	bond = gb_nl_bond(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto out;
	}
	err = gb_nl_tunnel_parse(info, bond, true, &cfg, &t);
	if (!err)
		err = gb_tunnel_add(bond, &cfg, info->extack);
out:
	rtnl_unlock();
	return err;
}

static int gb_nl_tunnel_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gb_tunnel_cfg cfg;
	struct gb_tunnel *t;
	struct gb_bond *bond;
	int err;

	rtnl_lock();
	bond = gb_nl_bond(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto out;
	}
	err = gb_nl_tunnel_parse(info, bond, false, &cfg, &t);
	if (!err)
		err = gb_tunnel_set(bond, t, &cfg, info->extack);
out:
	rtnl_unlock();
	return err;
}

static int gb_nl_tunnel_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[GRE_BOND_A_TUNNEL];
	struct nlattr *tb[GRE_BOND_T_MAX + 1];
	struct gb_tunnel *t;
	struct gb_bond *bond;
	int err;

	rtnl_lock();
	bond = gb_nl_bond(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto out;
	}
	if (GENL_REQ_ATTR_CHECK(info, GRE_BOND_A_TUNNEL)) {
		err = -EINVAL;
		goto out;
	}
	err = nla_parse_nested(tb, GRE_BOND_T_MAX, nest,
			       gb_tunnel_id_nl_policy, info->extack);
	if (err)
		goto out;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, GRE_BOND_T_ID)) {
		err = -EINVAL;
		goto out;
	}
	t = gb_tunnel_rtnl(bond, nla_get_u8(tb[GRE_BOND_T_ID]));
	if (!t) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[GRE_BOND_T_ID],
				    "unknown tunnel id");
		err = -ENOENT;
		goto out;
	}
	gb_tunnel_del(bond, t);
out:
	rtnl_unlock();
	return err;
}

static int gb_nl_ctrl_send(struct genl_info *info, struct gb_bond *bond)
{
	struct nlattr *nest = info->attrs[GRE_BOND_A_CTRL];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[GRE_BOND_C_MAX + 1];
	struct gb_addr remote;
	struct gb_tunnel *t;
	u16 proto;
	u32 key;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, GRE_BOND_A_CTRL))
		return -EINVAL;
	err = nla_parse_nested(tb, GRE_BOND_C_MAX, nest, gb_ctrl_nl_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, GRE_BOND_C_TUNNEL_ID) ||
	    NL_REQ_ATTR_CHECK(extack, nest, tb, GRE_BOND_C_PAYLOAD))
		return -EINVAL;

	t = gb_tunnel_rtnl(bond, nla_get_u8(tb[GRE_BOND_C_TUNNEL_ID]));
	if (!t) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_C_TUNNEL_ID],
				    "unknown tunnel id");
		return -ENOENT;
	}
	if (!nla_len(tb[GRE_BOND_C_PAYLOAD])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_C_PAYLOAD],
				    "empty payload");
		return -EINVAL;
	}

	proto = GRE_BOND_CTRL_PROTO;
	if (tb[GRE_BOND_C_PROTO]) {
		proto = nla_get_u16(tb[GRE_BOND_C_PROTO]);
		if (proto == GB_GRE_PROTO_IPV4 || proto == GB_GRE_PROTO_IPV6) {
			NL_SET_ERR_MSG_ATTR(extack, tb[GRE_BOND_C_PROTO],
					    "data goes through the device, not CTRL_SEND");
			return -EINVAL;
		}
	}
	key = tb[GRE_BOND_C_KEY] ? nla_get_u32(tb[GRE_BOND_C_KEY]) : bond->key;

	err = gb_nl_parse_addr(tb[GRE_BOND_C_REMOTE4], tb[GRE_BOND_C_REMOTE6],
			       true, &remote, extack);
	if (err)
		return err;
	if (remote.family && remote.family != t->remote.family) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "remote family differs from the tunnel's");
		return -EINVAL;
	}

	err = gb_tx_ctrl(bond, t, remote.family ? &remote : NULL, proto, key,
			 nla_data(tb[GRE_BOND_C_PAYLOAD]),
			 nla_len(tb[GRE_BOND_C_PAYLOAD]));
	if (err == -ELOOP)
		NL_SET_ERR_MSG_MOD(extack,
				   "the route to the remote goes through the bond");
	else if (err && err != -ENOMEM)
		NL_SET_ERR_MSG_MOD(extack, "no route to the remote");
	return err;
}

static int gb_nl_ctrl_send_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gb_bond *bond;
	int err;

	rtnl_lock();
	bond = gb_nl_bond(info);
	err = IS_ERR(bond) ? PTR_ERR(bond) : gb_nl_ctrl_send(info, bond);
	rtnl_unlock();
	return err;
}

static int gb_nl_stats_reset_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gb_bond *bond;
	unsigned int i;
	int err = 0;

	rtnl_lock();
	bond = gb_nl_bond(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(bond->cnt); i++)
		atomic64_set(&bond->cnt[i], 0);
	gb_rx_stats_reset(bond);
	for (i = 0; i < GRE_BOND_MAX_TUNNELS; i++) {
		struct gb_tunnel *t = gb_tunnel_rtnl(bond, i);

		if (t)
			gb_tunnel_stats_reset(t);
	}
out:
	rtnl_unlock();
	return err;
}

static const struct genl_ops gb_nl_ops[] = {
	{
		.cmd	= GRE_BOND_CMD_BOND_GET,
		.doit	= gb_nl_bond_get_doit,
		.dumpit	= gb_nl_bond_get_dumpit,
		.policy	= gb_ifindex_nl_policy,
		.maxattr = GRE_BOND_A_MAX,
	},
	{
		.cmd	= GRE_BOND_CMD_BOND_SET,
		.doit	= gb_nl_bond_set_doit,
		.policy	= gb_bond_set_nl_policy,
		.maxattr = GRE_BOND_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= GRE_BOND_CMD_TUNNEL_ADD,
		.doit	= gb_nl_tunnel_add_doit,
		.policy	= gb_tunnel_cmd_nl_policy,
		.maxattr = GRE_BOND_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= GRE_BOND_CMD_TUNNEL_SET,
		.doit	= gb_nl_tunnel_set_doit,
		.policy	= gb_tunnel_cmd_nl_policy,
		.maxattr = GRE_BOND_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= GRE_BOND_CMD_TUNNEL_DEL,
		.doit	= gb_nl_tunnel_del_doit,
		.policy	= gb_tunnel_del_nl_policy,
		.maxattr = GRE_BOND_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= GRE_BOND_CMD_CTRL_SEND,
		.doit	= gb_nl_ctrl_send_doit,
		.policy	= gb_ctrl_send_nl_policy,
		.maxattr = GRE_BOND_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= GRE_BOND_CMD_STATS_RESET,
		.doit	= gb_nl_stats_reset_doit,
		.policy	= gb_ifindex_nl_policy,
		.maxattr = GRE_BOND_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group gb_nl_mcgrps[] = {
	[GB_MCGRP_EVENTS] = { .name = GRE_BOND_MCGRP_EVENTS, },
	[GB_MCGRP_CTRL] = {
		.name = GRE_BOND_MCGRP_CTRL,
#ifdef GENL_MCAST_CAP_NET_ADMIN
		/* control messages carry the bonding key: daemons only */
		.flags = GENL_MCAST_CAP_NET_ADMIN,
#endif
	},
};

static struct genl_family gb_genl_family __ro_after_init = {
	.name		= GRE_BOND_GENL_NAME,
	.version	= GRE_BOND_GENL_VERSION,
	.maxattr	= GRE_BOND_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= gb_nl_ops,
	.n_ops		= ARRAY_SIZE(gb_nl_ops),
	/* every command validates strictly, reserved header fields too */
	.resv_start_op	= GRE_BOND_CMD_BOND_GET,
	.mcgrps		= gb_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(gb_nl_mcgrps),
};

/**
 * gb_nl_bond_notify() - announce a bond change on the "events" group
 * @bond: the bond
 * @event: what happened
 *
 * Context: RTNL.
 */
void gb_nl_bond_notify(struct gb_bond *bond, enum gre_bond_event event)
{
	struct net *net = dev_net(bond->dev);
	struct sk_buff *msg;

	ASSERT_RTNL();
	if (!genl_has_listeners(&gb_genl_family, net, GB_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(GB_NL_BOND_MSG_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (gb_nl_fill_bond(msg, bond, 0, 0, 0, GRE_BOND_CMD_BOND_NTF, event,
			    false, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&gb_genl_family, net, msg, 0, GB_MCGRP_EVENTS,
				GFP_KERNEL);
}

/**
 * gb_nl_tunnel_notify() - announce a tunnel change on the "events" group
 * @bond: the bond
 * @t: the tunnel
 * @event: what happened
 *
 * Context: RTNL.
 */
void gb_nl_tunnel_notify(struct gb_bond *bond, const struct gb_tunnel *t,
			 enum gre_bond_event event)
{
	struct net *net = dev_net(bond->dev);
	struct sk_buff *msg;
	void *hdr;

	ASSERT_RTNL();
	if (!genl_has_listeners(&gb_genl_family, net, GB_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(GB_NL_BOND_MSG_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &gb_genl_family, 0,
			  GRE_BOND_CMD_TUNNEL_NTF);
	if (!hdr ||
	    nla_put_u32(msg, GRE_BOND_A_IFINDEX, bond->dev->ifindex) ||
	    nla_put_string(msg, GRE_BOND_A_IFNAME, bond->dev->name) ||
	    nla_put_u8(msg, GRE_BOND_A_EVENT, event) ||
	    gb_nl_put_tunnel(msg, t, false)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&gb_genl_family, net, msg, 0, GB_MCGRP_EVENTS,
				GFP_KERNEL);
}

/**
 * gb_nl_ctrl_listened() - is a daemon listening for control messages?
 * @net: the bond's namespace
 *
 * Return: true if the "ctrl" group has a member in @net.
 */
bool gb_nl_ctrl_listened(struct net *net)
{
	return genl_has_listeners(&gb_genl_family, net, GB_MCGRP_CTRL);
}

/**
 * gb_nl_ctrl_recv() - hand a received control message to the daemon
 * @bond: the bond
 * @t: the tunnel it came on
 * @gh: its GRE header
 * @from: its outer source
 * @skb: the packet
 * @off: offset of the payload from skb->data
 *
 * Context: softirq.
 * Return: 0, -ESRCH if nobody listens, or another negative errno.
 */
int gb_nl_ctrl_recv(struct gb_bond *bond, const struct gb_tunnel *t,
		    const struct gb_gre_hdr *gh, const struct gb_addr *from,
		    struct sk_buff *skb, unsigned int off)
{
	unsigned int len = skb->len - off;
	struct nlattr *nest, *payload;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(len) + 128, GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &gb_genl_family, 0,
			  GRE_BOND_CMD_CTRL_RECV);
	if (!hdr ||
	    nla_put_u32(msg, GRE_BOND_A_IFINDEX, bond->dev->ifindex))
		goto err_free;

	nest = nla_nest_start(msg, GRE_BOND_A_CTRL);
	if (!nest ||
	    nla_put_u8(msg, GRE_BOND_C_TUNNEL_ID, t->id) ||
	    nla_put_u16(msg, GRE_BOND_C_PROTO, gh->proto) ||
	    nla_put_u32(msg, GRE_BOND_C_KEY, gh->key) ||
	    gb_nl_put_addr(msg, GRE_BOND_C_REMOTE4, GRE_BOND_C_REMOTE6, from) ||
	    nla_put_u64_64bit(msg, GRE_BOND_C_TIMESTAMP_NS, ktime_get_ns(),
			      GRE_BOND_C_PAD))
		goto err_free;
	payload = nla_reserve(msg, GRE_BOND_C_PAYLOAD, len);
	if (!payload || skb_copy_bits(skb, off, nla_data(payload), len))
		goto err_free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);

	return genlmsg_multicast_netns(&gb_genl_family, dev_net(bond->dev),
				       msg, 0, GB_MCGRP_CTRL, GFP_ATOMIC);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/**
 * gb_genl_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int gb_genl_init(void)
{
	return genl_register_family(&gb_genl_family);
}

/**
 * gb_genl_uninit() - unregister the generic netlink family
 */
void gb_genl_uninit(void)
{
	genl_unregister_family(&gb_genl_family);
}
