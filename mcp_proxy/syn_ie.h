/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcp_proxy: IEs in the SYN of a multipath host's own MPTCP socket
 * (MCP_PROXY_CMD_SYN_IE_SET). Documentation/mcp_proxy.rst, "Multipath
 * hosts".
 */
#ifndef _MCP_PROXY_SYN_IE_H
#define _MCP_PROXY_SYN_IE_H

#include <linux/list.h>
#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

struct mcp_net;
struct netlink_ext_ack;
struct sk_buff;

/**
 * struct mcp_sie_net - the SYN IE registrations of one namespace
 * @lock: protects @regs, @n and @dying (taken by the LOCAL_OUT hook)
 * @regs: struct mcp_sie, registration order
 * @n: entries in @regs; read without @lock by the hook's fast path
 * @dying: set at namespace exit; no registration after it
 * @gc: frees registrations that are done, closed or expired
 */
struct mcp_sie_net {
	spinlock_t lock;		/* @regs, @n; taken in softirq */
	struct list_head regs;
	unsigned int n;
	bool dying;
	struct delayed_work gc;
};

void mcp_sie_net_init(struct mcp_net *mn);
void mcp_sie_net_exit(struct mcp_net *mn);
int mcp_sie_register(struct mcp_net *mn, int fd, const u8 *ie,
		     unsigned int len, struct netlink_ext_ack *extack);
unsigned int mcp_sie_pending(struct mcp_net *mn);
int mcp_syn_append(struct sk_buff *skb, const u8 *data, unsigned int len,
		   bool option);
unsigned int mcp_sie_out_v4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state);
unsigned int mcp_sie_out_v6(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state);

#endif /* _MCP_PROXY_SYN_IE_H */
