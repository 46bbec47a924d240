// SPDX-License-Identifier: GPL-2.0
/*
 * mcp_proxy: the generic netlink family (include/uapi/linux/mcp_proxy.h,
 * Documentation/netlink/specs/mcp_proxy.yaml). Changes run under the
 * namespace's configuration lock, mcp_net.lock; the configuration is
 * replaced whole and read under RCU by the hook.
 */

#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "mcp_proxy.h"

/* a reply with every counter: about 70 names of up to 32 octets */
#define MCP_NL_CONFIG_MSG_SIZE	8192

static struct netlink_range_validation mcp_timeout_ms_range = {
	.min = 100,
	.max = 600000,
};

static struct netlink_range_validation mcp_idle_s_range = {
	.min = 1,
	.max = 7 * 86400,
};

static struct netlink_range_validation mcp_limit_range = {
	.min = 1,
	.max = 1 << 20,
};

static const struct nla_policy mcp_prefix_nl_policy[MCP_PROXY_P_MAX + 1] = {
	[MCP_PROXY_P_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[MCP_PROXY_P_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[MCP_PROXY_P_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy mcp_set_nl_policy[MCP_PROXY_A_MAX + 1] = {
	[MCP_PROXY_A_MODE]	= NLA_POLICY_MASK(NLA_U32,
						  MCP_PROXY_MODE_EXPLICIT |
						  MCP_PROXY_MODE_ONPATH |
						  MCP_PROXY_MODE_UPSTREAM |
						  MCP_PROXY_MODE_TRANSPARENT |
						  MCP_PROXY_MODE_UPSTREAM_ONPATH),
	[MCP_PROXY_A_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[MCP_PROXY_A_LISTEN_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MCP_PROXY_A_HALF_OPEN_MAX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mcp_limit_range),
	[MCP_PROXY_A_PER_SUBSCRIBER_MAX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mcp_limit_range),
	[MCP_PROXY_A_SUBFLOWS_MAX] = NLA_POLICY_RANGE(NLA_U32, 1, 8),
	[MCP_PROXY_A_HALF_OPEN_TIMEOUT_MS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mcp_timeout_ms_range),
	[MCP_PROXY_A_IDLE_TIMEOUT_S] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &mcp_idle_s_range),
	[MCP_PROXY_A_UPSTREAM_ADDR4] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[MCP_PROXY_A_UPSTREAM_IFINDEX] = { .type = NLA_U32 },
	[MCP_PROXY_A_UPSTREAM_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[MCP_PROXY_A_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[MCP_PROXY_A_UPSTREAM_LOCAL] = NLA_POLICY_MAX(NLA_U8, 1),
	[MCP_PROXY_A_UPSTREAM_ADDR6] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

static const struct nla_policy mcp_prefix_cmd_nl_policy[MCP_PROXY_A_MAX + 1] = {
	[MCP_PROXY_A_PREFIX]	= NLA_POLICY_NESTED(mcp_prefix_nl_policy),
};

static const struct nla_policy mcp_empty_nl_policy[MCP_PROXY_A_MAX + 1] = {
};

static const struct nla_policy mcp_syn_ie_nl_policy[MCP_PROXY_A_MAX + 1] = {
	[MCP_PROXY_A_SOCK_FD]	= { .type = NLA_U32 },
	[MCP_PROXY_A_SYN_IE]	= NLA_POLICY_RANGE(NLA_BINARY, 1,
						   MCP_PROXY_SYN_IE_MAX),
};

static int mcp_nl_put_prefixes(struct sk_buff *skb, const struct mcp_cfg *cfg)
{
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < cfg->n_prefixes; i++) {
		const struct mcp_prefix *p = &cfg->prefix[i];

		nest = nla_nest_start(skb, MCP_PROXY_A_PREFIX);
		if (!nest ||
		    (p->family == AF_INET6 ?
		     nla_put_in6_addr(skb, MCP_PROXY_P_ADDR6, &p->addr.v6) :
		     nla_put_in_addr(skb, MCP_PROXY_P_ADDR4, p->addr.v4)) ||
		    nla_put_u8(skb, MCP_PROXY_P_LEN, p->len))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int mcp_nl_put_counters(struct sk_buff *skb, struct mcp_net *mn)
{
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < MCP_CNT_MAX; i++) {
		nest = nla_nest_start(skb, MCP_PROXY_A_COUNTER);
		if (!nest ||
		    nla_put_string(skb, MCP_PROXY_C_NAME,
				   mcp_counter_name(i)) ||
		    nla_put_u64_64bit(skb, MCP_PROXY_C_VALUE,
				      atomic64_read(&mn->counters[i]),
				      MCP_PROXY_C_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int mcp_nl_fill_config(struct sk_buff *skb, struct mcp_net *mn,
			      const struct mcp_cfg *cfg)
{
	if (nla_put_u32(skb, MCP_PROXY_A_MODE, cfg->mode) ||
	    nla_put_in_addr(skb, MCP_PROXY_A_ADDR4, cfg->addr4) ||
	    nla_put_u16(skb, MCP_PROXY_A_LISTEN_PORT, cfg->listen_port) ||
	    nla_put_u32(skb, MCP_PROXY_A_HALF_OPEN_MAX, cfg->half_open_max) ||
	    nla_put_u32(skb, MCP_PROXY_A_PER_SUBSCRIBER_MAX,
			cfg->per_subscriber_max) ||
	    nla_put_u32(skb, MCP_PROXY_A_SUBFLOWS_MAX, cfg->subflows_max) ||
	    nla_put_u32(skb, MCP_PROXY_A_HALF_OPEN_TIMEOUT_MS,
			cfg->half_open_timeout_ms) ||
	    nla_put_u32(skb, MCP_PROXY_A_IDLE_TIMEOUT_S, cfg->idle_timeout_s) ||
	    nla_put_u8(skb, MCP_PROXY_A_PP_SUBTYPE, mcp_pp_subtype_get()) ||
	    nla_put_u32(skb, MCP_PROXY_A_HALF_OPEN,
			atomic_read(&mn->half_open)) ||
	    nla_put_u32(skb, MCP_PROXY_A_ACTIVE, atomic_read(&mn->active)) ||
	    nla_put_u8(skb, MCP_PROXY_A_LISTENING, !!mn->listener) ||
	    nla_put_in_addr(skb, MCP_PROXY_A_UPSTREAM_ADDR4, cfg->up_addr4) ||
	    nla_put_u32(skb, MCP_PROXY_A_UPSTREAM_IFINDEX, cfg->up_ifindex) ||
	    nla_put_u16(skb, MCP_PROXY_A_UPSTREAM_PORT, cfg->up_port) ||
	    nla_put_u8(skb, MCP_PROXY_A_UPSTREAM_LISTENING,
		       !!mn->up.listener) ||
	    nla_put_u32(skb, MCP_PROXY_A_UPSTREAM_ACTIVE,
			atomic_read(&mn->up.active)) ||
	    nla_put_in6_addr(skb, MCP_PROXY_A_ADDR6, &cfg->addr6) ||
	    nla_put_u8(skb, MCP_PROXY_A_LISTENING6, !!mn->listener6) ||
	    nla_put_u8(skb, MCP_PROXY_A_UPSTREAM_LOCAL, cfg->up_local) ||
	    nla_put_u32(skb, MCP_PROXY_A_SYN_IE_PENDING, mcp_sie_pending(mn)) ||
	    nla_put_in6_addr(skb, MCP_PROXY_A_UPSTREAM_ADDR6, &cfg->up_addr6) ||
	    mcp_nl_put_prefixes(skb, cfg) ||
	    mcp_nl_put_counters(skb, mn))
		return -EMSGSIZE;
	return 0;
}

static int mcp_nl_config_get(struct sk_buff *skb, struct genl_info *info)
{
	struct mcp_net *mn = mcp_net(genl_info_net(info));
	const struct mcp_cfg *cfg;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(MCP_NL_CONFIG_MSG_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &mcp_genl_family, 0,
				MCP_PROXY_CMD_CONFIG_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&mn->lock);
	cfg = rcu_dereference_protected(mn->cfg, lockdep_is_held(&mn->lock));
	err = mcp_nl_fill_config(msg, mn, cfg);
	mutex_unlock(&mn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Make the listener of one family match @new, coming from @cur: closed
 * when @new has no mode or no address of that family, reopened when the
 * address or the port changed. Context: mn->lock.
 */
static int mcp_listener_sync(struct mcp_net *mn, const struct mcp_cfg *cur,
			     const struct mcp_cfg *new, int family)
{
	struct socket **lsock = family == AF_INET6 ? &mn->listener6 :
						      &mn->listener;
	bool want, same = cur->listen_port == new->listen_port;

	lockdep_assert_held(&mn->lock);
	if (family == AF_INET6) {
		want = new->mode && !ipv6_addr_any(&new->addr6);
		same = same && ipv6_addr_equal(&cur->addr6, &new->addr6);
	} else {
		want = new->mode && new->addr4;
		same = same && cur->addr4 == new->addr4;
	}
	if (*lsock && (!want || !same))
		mcp_listener_stop(mn, family);
	if (!want || *lsock)
		return 0;
	return mcp_listener_start(mn, new, family);
}

/* Install @new, whose listeners may need (re)opening. Context: mn->lock. */
static int mcp_cfg_install(struct mcp_net *mn, struct mcp_cfg *new,
			   struct netlink_ext_ack *extack)
{
	struct mcp_cfg *old = rcu_dereference_protected(mn->cfg,
					lockdep_is_held(&mn->lock));
	int err;

	lockdep_assert_held(&mn->lock);
	err = mcp_up_install(mn, old, new, extack);
	if (err) {
		kfree(new);
		return err;
	}
	err = mcp_listener_sync(mn, old, new, AF_INET);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot open the MPTCP listener on this address and port");
		if (mcp_listener_sync(mn, new, old, AF_INET))
			pr_warn_ratelimited("listener lost\n");
		/* the upstream side back as it was, up-local's flag too */
		mcp_up_install(mn, new, old, NULL);
		kfree(new);
		return err;
	}
	err = mcp_listener_sync(mn, old, new, AF_INET6);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot open the IPv6 MPTCP listener on this address and port");
		/* back to the old pair of listeners */
		if (mcp_listener_sync(mn, new, old, AF_INET6) ||
		    mcp_listener_sync(mn, new, old, AF_INET))
			pr_warn_ratelimited("listener lost\n");
		mcp_up_install(mn, new, old, NULL);
		kfree(new);
		return err;
	}
	rcu_assign_pointer(mn->cfg, new);
	kfree_rcu(old, rcu);
	return 0;
}

static struct mcp_cfg *mcp_cfg_copy(struct mcp_net *mn)
{
	const struct mcp_cfg *old = rcu_dereference_protected(mn->cfg,
					lockdep_is_held(&mn->lock));

	return kmemdup(old, sizeof(*old), GFP_KERNEL);
}

static bool mcp_nl_dev_exists(struct net *net, int ifindex)
{
	bool found;

	rcu_read_lock();
	found = dev_get_by_index_rcu(net, ifindex);
	rcu_read_unlock();
	return found;
}

/* an address the listener can bind and clients reach without a scope */
static bool mcp_addr6_usable(const struct in6_addr *a)
{
	int type = ipv6_addr_type(a);

	return (type & IPV6_ADDR_UNICAST) &&
	       !(type & (IPV6_ADDR_LOOPBACK | IPV6_ADDR_MAPPED |
			 IPV6_ADDR_LINKLOCAL | IPV6_ADDR_SITELOCAL));
}

static int mcp_nl_config_set(struct sk_buff *skb, struct genl_info *info)
{
	struct mcp_net *mn = mcp_net(genl_info_net(info));
	struct nlattr **a = info->attrs;
	struct mcp_cfg *cfg;
	int err;

	mutex_lock(&mn->lock);
	cfg = mcp_cfg_copy(mn);
	if (!cfg) {
		err = -ENOMEM;
		goto out;
	}
	if (a[MCP_PROXY_A_MODE])
		cfg->mode = nla_get_u32(a[MCP_PROXY_A_MODE]);
	if (a[MCP_PROXY_A_ADDR4])
		cfg->addr4 = nla_get_in_addr(a[MCP_PROXY_A_ADDR4]);
	if (a[MCP_PROXY_A_ADDR6])
		cfg->addr6 = nla_get_in6_addr(a[MCP_PROXY_A_ADDR6]);
	if (a[MCP_PROXY_A_LISTEN_PORT])
		cfg->listen_port = nla_get_u16(a[MCP_PROXY_A_LISTEN_PORT]);
	if (a[MCP_PROXY_A_HALF_OPEN_MAX])
		cfg->half_open_max = nla_get_u32(a[MCP_PROXY_A_HALF_OPEN_MAX]);
	if (a[MCP_PROXY_A_PER_SUBSCRIBER_MAX])
		cfg->per_subscriber_max =
			nla_get_u32(a[MCP_PROXY_A_PER_SUBSCRIBER_MAX]);
	if (a[MCP_PROXY_A_SUBFLOWS_MAX])
		cfg->subflows_max = nla_get_u32(a[MCP_PROXY_A_SUBFLOWS_MAX]);
	if (a[MCP_PROXY_A_HALF_OPEN_TIMEOUT_MS])
		cfg->half_open_timeout_ms =
			nla_get_u32(a[MCP_PROXY_A_HALF_OPEN_TIMEOUT_MS]);
	if (a[MCP_PROXY_A_IDLE_TIMEOUT_S])
		cfg->idle_timeout_s = nla_get_u32(a[MCP_PROXY_A_IDLE_TIMEOUT_S]);

	if (a[MCP_PROXY_A_UPSTREAM_ADDR4])
		cfg->up_addr4 = nla_get_in_addr(a[MCP_PROXY_A_UPSTREAM_ADDR4]);
	if (a[MCP_PROXY_A_UPSTREAM_PORT])
		cfg->up_port = nla_get_u16(a[MCP_PROXY_A_UPSTREAM_PORT]);
	if (a[MCP_PROXY_A_UPSTREAM_IFINDEX]) {
		cfg->up_ifindex = nla_get_u32(a[MCP_PROXY_A_UPSTREAM_IFINDEX]);
		if (cfg->up_ifindex &&
		    !mcp_nl_dev_exists(genl_info_net(info), cfg->up_ifindex)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    a[MCP_PROXY_A_UPSTREAM_IFINDEX],
					    "no such LAN device");
			kfree(cfg);
			err = -ENODEV;
			goto out;
		}
	}
	if (a[MCP_PROXY_A_UPSTREAM_ADDR6])
		cfg->up_addr6 = nla_get_in6_addr(a[MCP_PROXY_A_UPSTREAM_ADDR6]);
	if (cfg->up_addr4 && (ipv4_is_multicast(cfg->up_addr4) ||
			      ipv4_is_lbcast(cfg->up_addr4) ||
			      ipv4_is_loopback(cfg->up_addr4) ||
			      ipv4_is_zeronet(cfg->up_addr4))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_UPSTREAM_ADDR4],
				    "the downstream MCP's address must be a unicast address");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	if (!ipv6_addr_any(&cfg->up_addr6) &&
	    !mcp_addr6_usable(&cfg->up_addr6)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_UPSTREAM_ADDR6],
				    "the downstream MCP's IPv6 address must be a global or unique local unicast address");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	/* on-path, the SYN goes to the server and meets the MCP on its way */
	if ((cfg->mode & MCP_PROXY_MODE_UPSTREAM) &&
	    !(cfg->mode & MCP_PROXY_MODE_UPSTREAM_ONPATH) &&
	    !cfg->up_addr4 && ipv6_addr_any(&cfg->up_addr6)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    a[MCP_PROXY_A_UPSTREAM_ADDR4] ?:
				    a[MCP_PROXY_A_UPSTREAM_ADDR6] ?:
				    a[MCP_PROXY_A_MODE],
				    "upstream mode needs the unicast address of the downstream MCP");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	if (a[MCP_PROXY_A_UPSTREAM_LOCAL])
		cfg->up_local = nla_get_u8(a[MCP_PROXY_A_UPSTREAM_LOCAL]);
	/* checked when turned on only: "mode off" need not turn it off too */
	if (a[MCP_PROXY_A_UPSTREAM_LOCAL] && cfg->up_local &&
	    !(cfg->mode & MCP_PROXY_MODE_UPSTREAM)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_UPSTREAM_LOCAL],
				    "converting this host's own connections needs upstream mode");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	if ((cfg->mode & MCP_PROXY_MODE_TRANSPARENT) &&
	    !(cfg->mode & MCP_PROXY_MODE_UPSTREAM)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_MODE],
				    "transparent is a variant of upstream mode");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	if ((cfg->mode & MCP_PROXY_MODE_UPSTREAM_ONPATH) &&
	    (cfg->mode & (MCP_PROXY_MODE_UPSTREAM |
			  MCP_PROXY_MODE_TRANSPARENT)) != MCP_PROXY_MODE_UPSTREAM) {
		/* the source IE needs an MP_CONVERT area: explicit mode only */
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_MODE],
				    "upstream on-path is a variant of upstream mode, without transparent");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	if ((cfg->mode & (MCP_PROXY_MODE_EXPLICIT | MCP_PROXY_MODE_ONPATH)) &&
	    !cfg->addr4 && ipv6_addr_any(&cfg->addr6)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_MODE],
				    "the MCP needs its address (the listener's)");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	if (!ipv6_addr_any(&cfg->addr6) && !mcp_addr6_usable(&cfg->addr6)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_ADDR6],
				    "the MCP IPv6 address must be a global or unique local unicast address");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	if (cfg->addr4 && (ipv4_is_multicast(cfg->addr4) ||
			   ipv4_is_lbcast(cfg->addr4) ||
			   ipv4_is_zeronet(cfg->addr4))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[MCP_PROXY_A_ADDR4],
				    "the MCP address must be a unicast address");
		kfree(cfg);
		err = -EINVAL;
		goto out;
	}
	err = mcp_cfg_install(mn, cfg, info->extack);
out:
	mutex_unlock(&mn->lock);
	return err;
}

static int mcp_nl_prefix_parse(struct genl_info *info, struct mcp_prefix *p)
{
	struct nlattr *tb[MCP_PROXY_P_MAX + 1];
	struct nlattr *nest = info->attrs[MCP_PROXY_A_PREFIX];
	__be32 mask;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, MCP_PROXY_A_PREFIX))
		return -EINVAL;
	err = nla_parse_nested(tb, MCP_PROXY_P_MAX, nest, mcp_prefix_nl_policy,
			       info->extack);
	if (err)
		return err;
	if (!!tb[MCP_PROXY_P_ADDR4] == !!tb[MCP_PROXY_P_ADDR6] ||
	    !tb[MCP_PROXY_P_LEN]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "a prefix needs one address, IPv4 or IPv6, and a length");
		return -EINVAL;
	}
	memset(p, 0, sizeof(*p));
	p->len = nla_get_u8(tb[MCP_PROXY_P_LEN]);
	if (tb[MCP_PROXY_P_ADDR6]) {
		struct in6_addr masked;

		p->family = AF_INET6;
		p->addr.v6 = nla_get_in6_addr(tb[MCP_PROXY_P_ADDR6]);
		ipv6_addr_prefix(&masked, &p->addr.v6, p->len);
		if (!ipv6_addr_equal(&masked, &p->addr.v6)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MCP_PROXY_P_ADDR6],
					    "host bits set beyond the prefix length");
			return -EINVAL;
		}
		return 0;
	}
	p->family = AF_INET;
	if (p->len > 32) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MCP_PROXY_P_LEN],
				    "an IPv4 prefix length is at most 32");
		return -EINVAL;
	}
	p->addr.v4 = nla_get_in_addr(tb[MCP_PROXY_P_ADDR4]);
	mask = inet_make_mask(p->len);
	if (p->addr.v4 & ~mask) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MCP_PROXY_P_ADDR4],
				    "host bits set beyond the prefix length");
		return -EINVAL;
	}
	return 0;
}

static int mcp_prefix_find(const struct mcp_cfg *cfg,
			   const struct mcp_prefix *p)
{
	unsigned int i;

	for (i = 0; i < cfg->n_prefixes; i++)
		if (cfg->prefix[i].family == p->family &&
		    cfg->prefix[i].len == p->len &&
		    !memcmp(&cfg->prefix[i].addr, &p->addr, sizeof(p->addr)))
			return i;
	return -1;
}

static int mcp_nl_prefix_change(struct genl_info *info, bool add)
{
	struct mcp_net *mn = mcp_net(genl_info_net(info));
	struct mcp_prefix p;
	struct mcp_cfg *cfg;
	int err, idx;

	err = mcp_nl_prefix_parse(info, &p);
	if (err)
		return err;

	mutex_lock(&mn->lock);
	cfg = mcp_cfg_copy(mn);
	if (!cfg) {
		err = -ENOMEM;
		goto out;
	}
	idx = mcp_prefix_find(cfg, &p);
	if (add && idx >= 0) {
		NL_SET_ERR_MSG(info->extack, "prefix already configured");
		err = -EEXIST;
	} else if (add && cfg->n_prefixes >= MCP_PROXY_MAX_PREFIXES) {
		NL_SET_ERR_MSG(info->extack, "too many subscriber prefixes");
		err = -ENOSPC;
	} else if (!add && idx < 0) {
		NL_SET_ERR_MSG(info->extack, "no such prefix");
		err = -ENOENT;
	}
	if (err) {
		kfree(cfg);
		goto out;
	}
	if (add)
		cfg->prefix[cfg->n_prefixes++] = p;
	else
		cfg->prefix[idx] = cfg->prefix[--cfg->n_prefixes];
	err = mcp_cfg_install(mn, cfg, info->extack);
out:
	mutex_unlock(&mn->lock);
	return err;
}

static int mcp_nl_prefix_add(struct sk_buff *skb, struct genl_info *info)
{
	return mcp_nl_prefix_change(info, true);
}

static int mcp_nl_prefix_del(struct sk_buff *skb, struct genl_info *info)
{
	return mcp_nl_prefix_change(info, false);
}

static int mcp_nl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct mcp_net *mn = mcp_net(genl_info_net(info));
	unsigned int i;

	for (i = 0; i < MCP_CNT_MAX; i++)
		atomic64_set(&mn->counters[i], 0);
	return 0;
}

/*
 * The IEs for the SYN of the caller's own socket. No CAP_NET_ADMIN: the
 * descriptor is looked up in the calling process (a genl doit runs in its
 * context), so holding it proves the socket is the caller's, as much as
 * for a setsockopt(); the IEs only reach the caller's own SYN, and the
 * registrations of a namespace are limited.
 */
static int mcp_nl_syn_ie_set(struct sk_buff *skb, struct genl_info *info)
{
	struct mcp_net *mn = mcp_net(genl_info_net(info));
	struct nlattr *ie = info->attrs[MCP_PROXY_A_SYN_IE];

	if (GENL_REQ_ATTR_CHECK(info, MCP_PROXY_A_SOCK_FD) ||
	    GENL_REQ_ATTR_CHECK(info, MCP_PROXY_A_SYN_IE))
		return -EINVAL;
	return mcp_sie_register(mn, nla_get_u32(info->attrs[MCP_PROXY_A_SOCK_FD]),
				nla_data(ie), nla_len(ie), info->extack);
}

/**
 * mcp_nl_dump_list() - one CONV_GET message per entry of a list
 * @skb: the dump message
 * @cb: the dump's callback state
 * @lock: the list's lock (taken with BH off)
 * @head: the list
 * @done: entries already sent, advanced as they are
 * @put: fills one entry's attributes
 *
 * A conversion removed between two parts of a dump shifts the ones after
 * it: one of them may be skipped or sent twice, never a freed one.
 *
 * Return: 0 when the last entry is in, -EMSGSIZE when @skb is full.
 */
int mcp_nl_dump_list(struct sk_buff *skb, struct netlink_callback *cb,
		     spinlock_t *lock, const struct list_head *head, long *done,
		     int (*put)(struct sk_buff *skb,
				const struct list_head *entry))
{
	const struct list_head *entry;
	long idx = 0;
	int err = 0;
	void *hdr;

	spin_lock_bh(lock);
	list_for_each(entry, head) {
		if (idx++ < *done)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mcp_genl_family,
				  NLM_F_MULTI, MCP_PROXY_CMD_CONV_GET);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		if (put(skb, entry)) {
			genlmsg_cancel(skb, hdr);
			err = -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
		*done = idx;
	}
	spin_unlock_bh(lock);
	return err;
}

/*
 * The downstream conversions, then the upstream ones: cb->args[0] and [1]
 * count what was sent of each, cb->args[2] says the first list is done.
 */
static int mcp_nl_conv_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mcp_net *mn = mcp_net(sock_net(skb->sk));

	if (!cb->args[2]) {
		if (mcp_nl_fill_convs(mn, skb, cb))
			return skb->len;
		cb->args[2] = 1;
	}
	mcp_up_nl_fill(mn, skb, cb);
	return skb->len;
}

static const struct genl_ops mcp_nl_ops[] = {
	{
		.cmd	= MCP_PROXY_CMD_CONFIG_GET,
		.doit	= mcp_nl_config_get,
		.policy	= mcp_empty_nl_policy,
		.maxattr = MCP_PROXY_A_MAX,
	},
	{
		.cmd	= MCP_PROXY_CMD_CONFIG_SET,
		.doit	= mcp_nl_config_set,
		.policy	= mcp_set_nl_policy,
		.maxattr = MCP_PROXY_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MCP_PROXY_CMD_PREFIX_ADD,
		.doit	= mcp_nl_prefix_add,
		.policy	= mcp_prefix_cmd_nl_policy,
		.maxattr = MCP_PROXY_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MCP_PROXY_CMD_PREFIX_DEL,
		.doit	= mcp_nl_prefix_del,
		.policy	= mcp_prefix_cmd_nl_policy,
		.maxattr = MCP_PROXY_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MCP_PROXY_CMD_CONV_GET,
		.dumpit	= mcp_nl_conv_dump,
		.policy	= mcp_empty_nl_policy,
		.maxattr = MCP_PROXY_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= MCP_PROXY_CMD_STATS_RESET,
		.doit	= mcp_nl_stats_reset,
		.policy	= mcp_empty_nl_policy,
		.maxattr = MCP_PROXY_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		/* no admin flag: mcp_nl_syn_ie_set() says why */
		.cmd	= MCP_PROXY_CMD_SYN_IE_SET,
		.doit	= mcp_nl_syn_ie_set,
		.policy	= mcp_syn_ie_nl_policy,
		.maxattr = MCP_PROXY_A_MAX,
	},
};

/* indexed by MCP_NLGRP_*: conversions started, ended, refused */
static const struct genl_multicast_group mcp_nl_mcgrps[] = {
	[MCP_NLGRP_EVENTS] = {
		.name = MCP_PROXY_MCGRP_EVENTS,
#ifdef GENL_MCAST_CAP_NET_ADMIN
		/* subscribers' addresses: administrators only */
		.flags = GENL_MCAST_CAP_NET_ADMIN,
#endif
	},
};

struct genl_family mcp_genl_family __ro_after_init = {
	.name		= MCP_PROXY_GENL_NAME,
	.version	= MCP_PROXY_GENL_VERSION,
	.maxattr	= MCP_PROXY_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= mcp_nl_ops,
	.n_ops		= ARRAY_SIZE(mcp_nl_ops),
	.mcgrps		= mcp_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(mcp_nl_mcgrps),
	/* every command validates strictly, reserved header fields too */
	.resv_start_op	= MCP_PROXY_CMD_CONFIG_GET,
};

/**
 * mcp_genl_init() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int mcp_genl_init(void)
{
	return genl_register_family(&mcp_genl_family);
}

/**
 * mcp_genl_uninit() - unregister the generic netlink family
 */
void mcp_genl_uninit(void)
{
	genl_unregister_family(&mcp_genl_family);
}
