/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcp_proxy: the MPTCP Conversion Point. Shared declarations of the module;
 * the design is in Documentation/mcp_proxy.rst, "Design".
 */
#ifndef _MCP_PROXY_H
#define _MCP_PROXY_H

#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <linux/mcp_proxy.h>

#include "convert_wire.h"
#include "relay.h"
#include "syn_ie.h"
#include "upstream.h"

/* defaults of the configuration (Documentation/mcp_proxy.rst) */
#define MCP_DEF_LISTEN_PORT		4399
#define MCP_DEF_HALF_OPEN_MAX		256
#define MCP_DEF_PER_SUBSCRIBER_MAX	64
#define MCP_DEF_SUBFLOWS_MAX		4
#define MCP_DEF_HALF_OPEN_TIMEOUT_MS	5000
#define MCP_DEF_IDLE_TIMEOUT_S		600

/* octets of SYN payload examined for IEs (two type-0 IEs need 56) */
#define MCP_IE_AREA_MAX			256

/*
 * Module counters, then one per enum mcpw_reason (MCP_CNT_WIRE + reason).
 * mcp_counter_name() names them; netlink sends name and value.
 */
enum mcp_counter {
	MCP_CNT_SYN_CONVERT,		/* SYNs with MP_CAPABLE and an IE */
	MCP_CNT_CONV_STARTED,		/* server connection started */
	MCP_CNT_CONV_ESTABLISHED,	/* both legs up, relaying */
	MCP_CNT_CONV_CLOSED,		/* relayed to the end, closed cleanly */
	MCP_CNT_NOT_SUBSCRIBER,		/* client outside the prefixes */
	MCP_CNT_HALF_OPEN_LIMIT,	/* too many waiting conversions */
	MCP_CNT_SUBSCRIBER_LIMIT,	/* too many for this client address */
	MCP_CNT_NO_DESTINATION,		/* IEs without a destination IE */
	MCP_CNT_SOURCE_REFUSED,		/* source IE outside the client's prefix */
	MCP_CNT_IE_AREA_TOO_LONG,	/* IEs longer than MCP_IE_AREA_MAX */
	MCP_CNT_MPC_MALFORMED,		/* IE present, MP_CAPABLE unusable */
	MCP_CNT_IE_WITHOUT_MPC,		/* IE in a SYN without MP_CAPABLE */
	MCP_CNT_OPTIONS_MALFORMED,	/* IE present, TCP options broken */
	MCP_CNT_SYN_RETRANSMIT,		/* client SYN again while held */
	MCP_CNT_SERVER_REFUSED,		/* server reset or unreachable */
	MCP_CNT_SERVER_TIMEOUT,		/* no server answer in time */
	MCP_CNT_NO_LISTENER,		/* listener missing at release */
	MCP_CNT_ACCEPT_TIMEOUT,		/* client never completed */
	MCP_CNT_ACCEPT_UNMATCHED,	/* accepted without a conversion */
	MCP_CNT_STREAM_MISMATCH,	/* stream did not start with the IEs */
	MCP_CNT_RELAY_ABORT,		/* reset or error on one leg */
	MCP_CNT_IDLE_TIMEOUT,		/* idle lifetime expired */
	MCP_CNT_NOMEM,			/* allocation failed */
	MCP_CNT_SYN_PREFER_PROXY,	/* on-path SYNs with MPC and MP_PREFER_PROXY */
	MCP_CNT_PP_IGNORED,		/* MP_PREFER_PROXY outside an MPC SYN */
	MCP_CNT_SOURCE_BOUND,		/* server legs bound to a source IE */
	MCP_CNT_SYN_DATA_EARLY,		/* SYN data sent to the server at once */
	MCP_CNT_STEER_NO_ROUTE,		/* a steered segment found no local route */
	MCP_CNT_JOIN_LISTENER_FAIL,	/* no listener on an on-path server port */
	MCP_CNT_SUBFLOW_JOINED,		/* MP_JOIN SYNs handed to the listener */
	MCP_CNT_SUBFLOW_LIMIT,		/* MP_JOIN SYNs over subflows-max */
	MCP_CNT_UP_SYN,			/* upstream: LAN SYNs taken */
	MCP_CNT_UP_ESTABLISHED,		/* upstream: echo checked, relaying */
	MCP_CNT_UP_CLOSED,		/* upstream: relayed to the end */
	MCP_CNT_UP_REFUSED,		/* upstream: MPTCP leg reset/refused */
	MCP_CNT_UP_TIMEOUT,		/* upstream: no MPTCP answer or echo */
	MCP_CNT_UP_ECHO_BAD,		/* upstream: echo missing or wrong */
	MCP_CNT_UP_LIMIT,		/* upstream: too many waiting */
	MCP_CNT_UP_ACCEPT_UNMATCHED,	/* upstream: LAN accept without a conv */
	MCP_CNT_UP_PP_ADDED,		/* upstream on-path: SYN given the option */
	MCP_CNT_UP_PP_NO_ROOM,		/* upstream on-path: SYN options full */
	MCP_CNT_UP_LOCAL_SYN,		/* upstream: this host's own SYNs taken */
	MCP_CNT_UP_LOCAL_DIVERTED,	/* upstream: local segments to the listener */
	MCP_CNT_UP_LOCAL_NO_ROUTE,	/* upstream: local SYN or segment, no route */
	MCP_CNT_SYN_IE_REGISTERED,	/* host: sockets given SYN IEs */
	MCP_CNT_SYN_IE_SENT,		/* host: SYNs (retransmits too) given IEs */
	MCP_CNT_SYN_IE_UNUSED,		/* host: freed before a SYN took them */
	MCP_CNT_SYN_IE_LIMIT,		/* host: refused, too many waiting */
	MCP_CNT_SYN_IE_APPEND_FAILED,	/* host: SYN dropped, IEs not added */
	MCP_CNT_WIRE,			/* + enum mcpw_reason */
	MCP_CNT_MAX = MCP_CNT_WIRE + MCPW_R_COUNT
};

/**
 * union mcp_addr - an IPv4 or IPv6 address, network order
 * @v4: IPv4
 * @v6: IPv6
 */
union mcp_addr {
	__be32 v4;
	struct in6_addr v6;
};

struct tcphdr;

static inline bool mcp_addr_eq(u16 family, const union mcp_addr *a,
			       const union mcp_addr *b)
{
	if (family == AF_INET6)
		return ipv6_addr_equal(&a->v6, &b->v6);
	return a->v4 == b->v4;
}

/**
 * struct mcp_flow - the client leg of a segment from the client
 * @family: AF_INET or AF_INET6
 * @caddr: its source, the client (upstream: the LAN host)
 * @maddr: its destination, the MCP (on-path and upstream: the server)
 * @cport: source port
 * @mport: destination port
 */
struct mcp_flow {
	u16 family;
	union mcp_addr caddr, maddr;
	__be16 cport, mport;
};

/**
 * struct mcp_prefix - a subscriber prefix
 * @addr: network order, host bits zero
 * @family: AF_INET or AF_INET6
 * @len: prefix length, 0 to 32 (IPv4) or 128 (IPv6)
 */
struct mcp_prefix {
	union mcp_addr addr;
	u16 family;
	u8 len;
};

/**
 * struct mcp_cfg - the configuration of one namespace; replaced whole (RCU)
 * @mode: MCP_PROXY_MODE_* bits
 * @addr4: the MCP's address: explicit mode, and the listener's in both modes
 * @addr6: the MCP's IPv6 address, for IPv6 clients (:: for none)
 * @listen_port: port of the internal MPTCP listener
 * @half_open_max: limit of conversions waiting for their server
 * @per_subscriber_max: limit of conversions per client address
 * @subflows_max: subflows per conversion, the first included
 * @half_open_timeout_ms: server handshake and client completion deadline
 * @idle_timeout_s: shared idle lifetime of a relayed pair
 * @up_addr4: upstream mode: the downstream MCP's address (0 for none)
 * @up_addr6: upstream mode: its IPv6 address (:: for none)
 * @up_ifindex: upstream mode: the LAN device (0: any)
 * @up_port: upstream mode: port of the internal TCP listener
 * @up_local: upstream mode: convert this host's own plain TCP connections
 * @n_prefixes: entries used in @prefix
 * @prefix: the subscriber prefixes (upstream mode: the LAN prefixes)
 * @rcu: for kfree_rcu()
 */
struct mcp_cfg {
	u32 mode;
	__be32 addr4;
	struct in6_addr addr6;
	u16 listen_port;
	u32 half_open_max;
	u32 per_subscriber_max;
	u32 subflows_max;
	u32 half_open_timeout_ms;
	u32 idle_timeout_s;
	__be32 up_addr4;
	struct in6_addr up_addr6;
	int up_ifindex;
	u16 up_port;
	bool up_local;
	unsigned int n_prefixes;
	struct mcp_prefix prefix[MCP_PROXY_MAX_PREFIXES];
	struct rcu_head rcu;
};

/**
 * struct mcp_net - per namespace state
 * @net: the namespace
 * @lock: the configuration lock (netlink requests, listener changes)
 * @cfg: the configuration; written under @lock
 * @listener: the internal MPTCP listener, NULL when not listening
 * @listener6: the IPv6 one, on mcp_cfg.addr6
 * @listen_wait: wakes @accept_work when @listener has a connection
 * @listen_wait6: the same for @listener6
 * @accept_work: pairs accepted connections with their conversions
 * @conv_lock: protects @convs (taken in softirq: the hook)
 * @convs: live conversions
 * @half_open: conversions not yet relaying
 * @active: conversions relaying
 * @dying: set at namespace exit; no new conversion after it
 * @steer: a server leg was bound to a source IE once: steer its segments
 * @tokenless: conversions released whose client's keys were not seen yet
 * @counters: enum mcp_counter
 * @up: the upstream MCP (upstream.c)
 * @sie: IEs for the SYNs of the host's own sockets (syn_ie.c)
 * @join_lock: serialises changes of @join_lsns
 * @join_lsns: the join listeners by port, the internal ones included (conv.c)
 */
struct mcp_net {
	struct net *net;
	struct mutex lock;		/* the configuration lock */
	struct mcp_cfg __rcu *cfg;
	struct socket *listener;
	struct socket *listener6;
	struct wait_queue_entry listen_wait;
	struct wait_queue_entry listen_wait6;
	struct work_struct accept_work;
	spinlock_t conv_lock;		/* @convs; taken in softirq */
	struct list_head convs;
	atomic_t half_open;
	atomic_t active;
	bool dying;
	bool steer;
	atomic_t tokenless;
	atomic64_t counters[MCP_CNT_MAX];
	struct mcp_up_net up;
	struct mcp_sie_net sie;
	struct mutex join_lock;		/* @join_lsns writers */
	struct list_head join_lsns;	/* struct mcp_join_lsn, RCU */
};

/* index of the "events" group in mcp_genl_family.mcgrps */
#define MCP_NLGRP_EVENTS		0

extern struct workqueue_struct *mcp_wq;
extern struct genl_family mcp_genl_family;

unsigned int mcp_pp_subtype_get(void);
struct mcp_net *mcp_net(const struct net *net);
const char *mcp_counter_name(unsigned int idx);

static inline void mcp_count(struct mcp_net *mn, enum mcp_counter c)
{
	atomic64_inc(&mn->counters[c]);
}

/* conv.c */
int mcp_conv_cache_init(void);
void mcp_conv_cache_uninit(void);
unsigned int mcp_hook_v4(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state);
unsigned int mcp_hook_v6(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state);
void mcp_accept_work_fn(struct work_struct *work);
int mcp_listener_start(struct mcp_net *mn, const struct mcp_cfg *cfg,
		       int family);
void mcp_listener_stop(struct mcp_net *mn, int family);
void mcp_conv_abort_all(struct mcp_net *mn);
bool mcp_in_prefixes(const struct mcp_cfg *cfg, __be32 addr);
bool mcp_in_prefixes6(const struct mcp_cfg *cfg, const struct in6_addr *addr);
int mcp_send(struct socket *sock, const u8 *buf, unsigned int len);
int mcp_recv(struct socket *sock, u8 *buf, unsigned int len);
int mcp_nl_fill_convs(struct mcp_net *mn, struct sk_buff *skb,
		      struct netlink_callback *cb);
void mcp_flow_init(struct mcp_flow *f, const struct sk_buff *skb,
		   const struct tcphdr *th);
int mcp_sockaddr(struct sockaddr_storage *ss, u16 family,
		 const union mcp_addr *addr, __be16 port);
int mcp_route_local_v4(struct sk_buff *skb, __be32 local);
int mcp_route_local_v6(struct sk_buff *skb, const struct in6_addr *local);
int mcp_nl_put_addr(struct sk_buff *skb, u16 family, int type4, int type6,
		    const union mcp_addr *a);
int mcp_nl_dump_list(struct sk_buff *skb, struct netlink_callback *cb,
		     spinlock_t *lock, const struct list_head *head, long *done,
		     int (*put)(struct sk_buff *skb,
				const struct list_head *entry));

/* relay_kern.c */
int mcp_relay_init(void);
void mcp_relay_uninit(void);
enum mcp_counter mcp_pipe_abort_counter(enum mcp_pipe_result r);

/* netlink.c */
int mcp_genl_init(void);
void mcp_genl_uninit(void);

#endif /* _MCP_PROXY_H */
