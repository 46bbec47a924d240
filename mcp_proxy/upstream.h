/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcp_proxy: the upstream MCP on the CPE (draft-boucadair-mptcp-plain-mode
 * section 7.2.2). Documentation/mcp_proxy.rst, "Upstream MCP".
 */
#ifndef _MCP_PROXY_UPSTREAM_H
#define _MCP_PROXY_UPSTREAM_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct mcp_net;
struct mcp_cfg;
struct netlink_ext_ack;
struct netlink_callback;
struct sk_buff;

#define MCP_DEF_UPSTREAM_PORT		4398

/**
 * struct mcp_up_net - the upstream MCP of one namespace
 * @listener: the internal transparent TCP listener for LAN connections,
 *	on 127.0.0.1, NULL when upstream mode is off; changed under
 *	mcp_net.lock
 * @listener6: the one for IPv6 LAN connections, on ::1, same port
 * @listen_wait: wakes @accept_work
 * @listen_wait6: the same for @listener6
 * @local: up-local is in force (upstream mode on, up_local set): the one
 *	thing the LOCAL_OUT hook reads for a segment that is not a SYN
 * @accept_work: pairs accepted LAN connections with their conversions
 * @lock: protects @convs (taken in softirq: the hook)
 * @convs: live upstream conversions
 * @half_open: conversions not yet relaying
 * @active: conversions relaying
 */
struct mcp_up_net {
	struct socket *listener;
	struct socket *listener6;
	struct wait_queue_entry listen_wait;
	struct wait_queue_entry listen_wait6;
	bool local;
	struct work_struct accept_work;
	spinlock_t lock;		/* @convs; taken in softirq */
	struct list_head convs;
	atomic_t half_open;
	atomic_t active;
};

void mcp_up_net_init(struct mcp_net *mn);
void mcp_up_net_exit(struct mcp_net *mn);
int mcp_up_install(struct mcp_net *mn, const struct mcp_cfg *old,
		   const struct mcp_cfg *new, struct netlink_ext_ack *extack);
unsigned int mcp_up_hook_v4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state);
int mcp_up_nl_fill(struct mcp_net *mn, struct sk_buff *skb,
		   struct netlink_callback *cb);
unsigned int mcp_up_out_v4(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state);
unsigned int mcp_up_hook_v6(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state);
unsigned int mcp_up_out_v6(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state);

#endif /* _MCP_PROXY_UPSTREAM_H */
