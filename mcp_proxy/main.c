// SPDX-License-Identifier: GPL-2.0
/*
 * mcp_proxy: the MPTCP Conversion Point (draft-boucadair-mptcp-plain-mode).
 * Module init and exit, per namespace state, the counter names.
 */

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "mcp_proxy.h"

static unsigned int pp_subtype = MCPW_PP_SUBTYPE_DEFAULT;

static int mcp_pp_subtype_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int err;

	err = kstrtouint(val, 0, &v);
	if (err)
		return err;
	if (!mcpw_pp_subtype_valid(v))
		return -EINVAL;
	WRITE_ONCE(pp_subtype, v);
	return 0;
}

static const struct kernel_param_ops mcp_pp_subtype_ops = {
	.set = mcp_pp_subtype_set,
	.get = param_get_uint,
};

module_param_cb(pp_subtype, &mcp_pp_subtype_ops, &pp_subtype, 0644);
MODULE_PARM_DESC(pp_subtype,
		 "MPTCP subtype of MP_PREFER_PROXY, 0x9-0xF (default 0xF, MP_EXPERIMENTAL)");

/**
 * mcp_pp_subtype_get() - the MPTCP subtype MP_PREFER_PROXY uses
 *
 * Return: the module parameter, always valid for mcpw_parse_synopts().
 */
unsigned int mcp_pp_subtype_get(void)
{
	return READ_ONCE(pp_subtype);
}

struct workqueue_struct *mcp_wq;
static unsigned int mcp_net_id __read_mostly;

static const char * const mcp_counter_names[MCP_CNT_WIRE] = {
	[MCP_CNT_SYN_CONVERT]		= "syn_convert",
	[MCP_CNT_CONV_STARTED]		= "conv_started",
	[MCP_CNT_CONV_ESTABLISHED]	= "conv_established",
	[MCP_CNT_CONV_CLOSED]		= "conv_closed",
	[MCP_CNT_NOT_SUBSCRIBER]	= "not_subscriber",
	[MCP_CNT_HALF_OPEN_LIMIT]	= "half_open_limit",
	[MCP_CNT_SUBSCRIBER_LIMIT]	= "subscriber_limit",
	[MCP_CNT_NO_DESTINATION]	= "no_destination",
	[MCP_CNT_SOURCE_REFUSED]	= "source_refused",
	[MCP_CNT_IE_AREA_TOO_LONG]	= "ie_area_too_long",
	[MCP_CNT_MPC_MALFORMED]		= "mpc_malformed",
	[MCP_CNT_IE_WITHOUT_MPC]	= "ie_without_mpc",
	[MCP_CNT_OPTIONS_MALFORMED]	= "options_malformed",
	[MCP_CNT_SYN_RETRANSMIT]	= "syn_retransmit",
	[MCP_CNT_SERVER_REFUSED]	= "server_refused",
	[MCP_CNT_SERVER_TIMEOUT]	= "server_timeout",
	[MCP_CNT_NO_LISTENER]		= "no_listener",
	[MCP_CNT_ACCEPT_TIMEOUT]	= "accept_timeout",
	[MCP_CNT_ACCEPT_UNMATCHED]	= "accept_unmatched",
	[MCP_CNT_STREAM_MISMATCH]	= "stream_mismatch",
	[MCP_CNT_RELAY_ABORT]		= "relay_abort",
	[MCP_CNT_IDLE_TIMEOUT]		= "idle_timeout",
	[MCP_CNT_NOMEM]			= "nomem",
	[MCP_CNT_SYN_PREFER_PROXY]	= "syn_prefer_proxy",
	[MCP_CNT_PP_IGNORED]		= "prefer_proxy_ignored",
	[MCP_CNT_SYN_DATA_EARLY]	= "syn_data_early",
	[MCP_CNT_SOURCE_BOUND]		= "source_bound",
	[MCP_CNT_STEER_NO_ROUTE]	= "steer_no_route",
	[MCP_CNT_JOIN_LISTENER_FAIL]	= "join_listener_fail",
	[MCP_CNT_SUBFLOW_JOINED]	= "subflow_joined",
	[MCP_CNT_SUBFLOW_LIMIT]		= "subflow_limit",
	[MCP_CNT_UP_SYN]		= "up_syn",
	[MCP_CNT_UP_ESTABLISHED]	= "up_established",
	[MCP_CNT_UP_CLOSED]		= "up_closed",
	[MCP_CNT_UP_REFUSED]		= "up_refused",
	[MCP_CNT_UP_TIMEOUT]		= "up_timeout",
	[MCP_CNT_UP_ECHO_BAD]		= "up_echo_bad",
	[MCP_CNT_UP_LIMIT]		= "up_limit",
	[MCP_CNT_UP_ACCEPT_UNMATCHED]	= "up_accept_unmatched",
	[MCP_CNT_UP_PP_ADDED]		= "up_pp_added",
	[MCP_CNT_UP_PP_NO_ROOM]		= "up_pp_no_room",
	[MCP_CNT_UP_LOCAL_SYN]		= "up_local_syn",
	[MCP_CNT_UP_LOCAL_DIVERTED]	= "up_local_diverted",
	[MCP_CNT_UP_LOCAL_NO_ROUTE]	= "up_local_no_route",
	[MCP_CNT_SYN_IE_REGISTERED]	= "syn_ie_registered",
	[MCP_CNT_SYN_IE_SENT]		= "syn_ie_sent",
	[MCP_CNT_SYN_IE_UNUSED]		= "syn_ie_unused",
	[MCP_CNT_SYN_IE_LIMIT]		= "syn_ie_limit",
	[MCP_CNT_SYN_IE_APPEND_FAILED]	= "syn_ie_append_failed",
};

static char mcp_wire_names[MCPW_R_COUNT][32] __ro_after_init;

/**
 * mcp_counter_name() - the name netlink gives a counter
 * @idx: enum mcp_counter
 *
 * Return: the name; the wire reasons are "ie_" + mcpw_reason_name().
 */
const char *mcp_counter_name(unsigned int idx)
{
	if (idx < MCP_CNT_WIRE)
		return mcp_counter_names[idx];
	if (idx >= MCP_CNT_MAX)
		return NULL;
	return mcp_wire_names[idx - MCP_CNT_WIRE];
}

static void __init mcp_wire_names_init(void)
{
	unsigned int i;

	for (i = 0; i < MCPW_R_COUNT; i++)
		snprintf(mcp_wire_names[i], sizeof(mcp_wire_names[i]), "ie_%s",
			 mcpw_reason_name(i));
}

/**
 * mcp_net() - the state of a namespace
 * @net: the namespace
 *
 * Return: never NULL while the module is loaded.
 */
struct mcp_net *mcp_net(const struct net *net)
{
	return net_generic(net, mcp_net_id);
}

static const struct nf_hook_ops mcp_nf_ops[] = {
	{
		.hook		= mcp_hook_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		/*
		 * Last, so that the held SYN's okfn skips no other hook:
		 * DNAT, conntrack and the firewall have seen it already.
		 */
		.priority	= NF_IP_PRI_LAST - 1,
	},
	{
		/* IPv6 clients, for the same reason last */
		.hook		= mcp_hook_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_LAST - 1,
	},
	{
		/* the same reason: upstream.c steers packets to local sockets */
		.hook		= mcp_up_hook_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_LAST - 1,
	},
	{
		.hook		= mcp_up_hook_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_LAST - 1,
	},
	{
		/* the IEs into the upstream SYN, after every other change */
		.hook		= mcp_up_out_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_LAST - 1,
	},
	{
		.hook		= mcp_up_out_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_LAST - 1,
	},
	{
		/* a host's registered SYN IEs (syn_ie.c), in any mode */
		.hook		= mcp_sie_out_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_LAST - 1,
	},
	{
		.hook		= mcp_sie_out_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_LAST - 1,
	},
};

static int __net_init mcp_net_init(struct net *net)
{
	struct mcp_net *mn = mcp_net(net);
	struct mcp_cfg *cfg;
	int err;

	mn->net = net;
	mutex_init(&mn->lock);
	spin_lock_init(&mn->conv_lock);
	INIT_LIST_HEAD(&mn->convs);
	mutex_init(&mn->join_lock);
	INIT_LIST_HEAD(&mn->join_lsns);
	INIT_WORK(&mn->accept_work, mcp_accept_work_fn);

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	cfg->listen_port = MCP_DEF_LISTEN_PORT;
	cfg->half_open_max = MCP_DEF_HALF_OPEN_MAX;
	cfg->per_subscriber_max = MCP_DEF_PER_SUBSCRIBER_MAX;
	cfg->subflows_max = MCP_DEF_SUBFLOWS_MAX;
	cfg->half_open_timeout_ms = MCP_DEF_HALF_OPEN_TIMEOUT_MS;
	cfg->idle_timeout_s = MCP_DEF_IDLE_TIMEOUT_S;
	cfg->up_port = MCP_DEF_UPSTREAM_PORT;
	mcp_up_net_init(mn);
	mcp_sie_net_init(mn);
	RCU_INIT_POINTER(mn->cfg, cfg);

	err = nf_register_net_hooks(net, mcp_nf_ops, ARRAY_SIZE(mcp_nf_ops));
	if (err)
		kfree(cfg);
	return err;
}

static void __net_exit mcp_net_exit(struct net *net)
{
	struct mcp_net *mn = mcp_net(net);

	nf_unregister_net_hooks(net, mcp_nf_ops, ARRAY_SIZE(mcp_nf_ops));
	mutex_lock(&mn->lock);
	WRITE_ONCE(mn->dying, true);
	mcp_listener_stop(mn, AF_INET);
	mcp_listener_stop(mn, AF_INET6);
	mutex_unlock(&mn->lock);
	mcp_up_net_exit(mn);
	mcp_sie_net_exit(mn);
	mcp_conv_abort_all(mn);
	/* the listeners and every conversion gave their join listeners back */
	WARN_ON_ONCE(!list_empty(&mn->join_lsns));
	kfree(rcu_dereference_protected(mn->cfg, true));
}

/*
 * A device operation, so that it runs before the namespace's devices go:
 * a held SYN holds its device.
 */
static struct pernet_operations mcp_net_ops = {
	.init	= mcp_net_init,
	.exit	= mcp_net_exit,
	.id	= &mcp_net_id,
	.size	= sizeof(struct mcp_net),
};

static int __init mcp_mod_init(void)
{
	int err;

	mcp_wire_names_init();
	mcp_wq = alloc_workqueue("mcp_proxy", WQ_UNBOUND, 0);
	if (!mcp_wq)
		return -ENOMEM;
	err = mcp_relay_init();
	if (err)
		goto err_wq;
	err = mcp_conv_cache_init();
	if (err)
		goto err_relay;
	err = register_pernet_device(&mcp_net_ops);
	if (err)
		goto err_conv;
	err = mcp_genl_init();
	if (err)
		goto err_pernet;
	pr_info("MPTCP Conversion Point loaded\n");
	return 0;

err_pernet:
	unregister_pernet_device(&mcp_net_ops);
err_conv:
	mcp_conv_cache_uninit();
err_relay:
	mcp_relay_uninit();
err_wq:
	destroy_workqueue(mcp_wq);
	return err;
}

static void __exit mcp_mod_exit(void)
{
	mcp_genl_uninit();
	unregister_pernet_device(&mcp_net_ops);
	destroy_workqueue(mcp_wq);
	mcp_conv_cache_uninit();
	mcp_relay_uninit();
	/* the configurations replaced under RCU */
	rcu_barrier();
}

module_init(mcp_mod_init);
module_exit(mcp_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MPTCP Conversion Point (MP_CONVERT, draft-boucadair-mptcp-plain-mode)");
MODULE_AUTHOR("Hybrid Access for Linux");
MODULE_ALIAS_GENL_FAMILY(MCP_PROXY_GENL_NAME);
