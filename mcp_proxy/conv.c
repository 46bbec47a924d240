// SPDX-License-Identifier: GPL-2.0
/*
 * mcp_proxy: one conversion, from the client's SYN to the end of the relay.
 *
 * The PREROUTING hook steals a SYN that carries MP_CAPABLE and MP_CONVERT
 * IEs addressed to the MCP, and a kernel TCP socket connects to the server.
 * Only when that handshake has completed is the SYN handed on, assigned to
 * the internal MPTCP listener (as TPROXY does), whose accept is paired with
 * the server socket; a refused or silent server gives the client a reset
 * instead. Then a work item relays both ways. Every step of one conversion
 * runs in its work item (mcp_conv_work()): wakeups of both sockets, the
 * timer and the pairing only set a bit and queue it, so a conversion never
 * needs a lock of its own. Documentation/mcp_proxy.rst, "Design".
 */

#include <linux/in.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/net.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <crypto/sha2.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>
#include <net/netfilter/nf_tproxy.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mcp_proxy.h"

/* bits of mcp_conv.events */
enum {
	MCP_EV_TIMER,		/* the deadline or idle check is due */
	MCP_EV_ABORT,		/* namespace exit or module unload */
};

/* the IEs a conversion keeps in place: two type-0 IEs, IPv6 with port */
#define MCP_IE_INLINE	(MCPW_MAX_ADDR_IES * \
			 (MCPW_MAGIC_LEN * MCPW_MAGIC_EVERY_IE + \
			  ALIGN(MCPW_LEN_IPV6_PORT, MCPW_ALIGN)))

/**
 * struct mcp_conv - one conversion
 * @list: in mcp_net.convs, under its conv_lock
 * @ref: the list holds one reference, every queued work item one
 * @mn: the namespace
 * @state: enum mcp_proxy_conv_state, written by the work item only
 * @events: MCP_EV_* bits
 * @work: the state machine, mcp_conv_work()
 * @timeout: sets MCP_EV_TIMER and queues @work
 * @syn: the client's SYN while held
 * @okfn: where the SYN continues (ip_rcv_finish)
 * @cfamily: AF_INET or AF_INET6, the client leg
 * @caddr: client address
 * @cport: client port
 * @maddr: the address the client's SYN went to (the MCP's)
 * @mport: its port
 * @sfamily: AF_INET or AF_INET6, the server leg
 * @saddr: the server
 * @sport: the server's port
 * @laddr: the MCP's address toward the server, once connected
 * @lport: its port
 * @onpath: from a SYN passing by with MP_PREFER_PROXY: no IE, no echo, and
 *	the SYN is routed to the local listener at release
 * @bound: the server leg binds a source IE (transparent)
 * @baddr: that source, of the server leg's family (@sfamily)
 * @join_lsn: the join listener on @mport this conversion holds a user of,
 *	NULL if none could be made; its joins go there (mcp_join_syn())
 * @bport: its port, 0 for any
 * @want_token: released, the client's keys not seen yet (conv_lock)
 * @token: MPTCP token of the MCP's side, from the client's MP_CAPABLE keys;
 *	0 until then (conv_lock)
 * @client_token: MPTCP token of the client's side (conv_lock)
 * @subflows: subflows taken, the first included (conv_lock)
 * @srv: the socket toward the server
 * @cli: the accepted MPTCP socket from the client
 * @cli_pending: @cli as handed over by mcp_accept_work()
 * @srv_wait: wakes @work on @srv events
 * @cli_wait: wakes @work on @cli events
 * @c2s: client to server (expects @ie, or @stream_prefix, first)
 * @s2c: server to client (starts with the echo)
 * @ie: the IEs as received, to consume them once from the stream: @ie_inline,
 *	or an allocation of their own when longer
 * @ie_len: octets of @ie
 * @ie_inline: room for the usual IEs (two type-0 elements, IPv6 with port)
 * @stream_prefix: the SYN's payload, the IEs and the data behind them, once
 *	that data went to the server ahead of the client's handshake: the
 *	client's stream starts with all of it (NULL otherwise, and once seen)
 * @stream_prefix_len: octets of @stream_prefix
 * @echo_len: octets of the echo at the start of @s2c
 * @started: jiffies at creation
 * @last_active: jiffies of the last relayed octet
 */
struct mcp_conv {
	struct list_head list;
	refcount_t ref;
	struct mcp_net *mn;
	u8 state;
	unsigned long events;
	struct work_struct work;
	struct delayed_work timeout;

	struct sk_buff *syn;
	int (*okfn)(struct net *net, struct sock *sk, struct sk_buff *skb);

	u16 cfamily;
	union mcp_addr caddr, maddr;
	__be16 cport, mport;
	u16 sfamily;
	union mcp_addr saddr, laddr;
	__be16 sport, lport;
	bool onpath;
	bool bound;
	union mcp_addr baddr;
	struct mcp_join_lsn *join_lsn;
	__be16 bport;
	bool want_token;
	u32 token;
	u32 client_token;
	u32 subflows;

	struct socket *srv;
	struct socket *cli;
	struct socket *cli_pending;
	struct wait_queue_entry srv_wait;
	struct wait_queue_entry cli_wait;

	struct mcp_pipe c2s;
	struct mcp_pipe s2c;
	u8 *ie;
	unsigned int ie_len;
	u8 ie_inline[MCP_IE_INLINE];
	u8 *stream_prefix;
	unsigned int stream_prefix_len;
	unsigned int echo_len;

	unsigned long started;
	unsigned long last_active;
};

/* Is the flow's destination an address of this host? */
static bool mcp_flow_to_local(struct net *net, const struct sk_buff *skb,
			      const struct mcp_flow *f)
{
	if (f->family == AF_INET6)
		return ipv6_chk_addr(net, &f->maddr.v6, NULL, 0);
	return inet_addr_type_dev_table(net, skb->dev, f->maddr.v4) ==
	       RTN_LOCAL;
}

/**
 * mcp_flow_init() - the flow of a segment from the client
 * @f: filled in
 * @skb: the segment; skb->protocol gives the family (PREROUTING and
 *	LOCAL_OUT both set it), the network header is at skb->data
 * @th: its TCP header
 */
void mcp_flow_init(struct mcp_flow *f, const struct sk_buff *skb,
		   const struct tcphdr *th)
{
	memset(f, 0, sizeof(*f));
	if (skb->protocol == htons(ETH_P_IPV6)) {
		f->family = AF_INET6;
		f->caddr.v6 = ipv6_hdr(skb)->saddr;
		f->maddr.v6 = ipv6_hdr(skb)->daddr;
	} else {
		f->family = AF_INET;
		f->caddr.v4 = ip_hdr(skb)->saddr;
		f->maddr.v4 = ip_hdr(skb)->daddr;
	}
	f->cport = th->source;
	f->mport = th->dest;
}

/* the conversion's client from the flow's client address */
static bool mcp_conv_same_client(const struct mcp_conv *conv,
				 const struct mcp_flow *f)
{
	return conv->cfamily == f->family &&
	       mcp_addr_eq(f->family, &conv->caddr, &f->caddr);
}

/* the conversion's client leg is the flow */
static bool mcp_conv_is(const struct mcp_conv *conv, const struct mcp_flow *f)
{
	return conv->cport == f->cport && conv->mport == f->mport &&
	       mcp_conv_same_client(conv, f) &&
	       mcp_addr_eq(f->family, &conv->maddr, &f->maddr);
}

static void mcp_conv_set_flow(struct mcp_conv *conv, const struct mcp_flow *f)
{
	conv->cfamily = f->family;
	conv->caddr = f->caddr;
	conv->maddr = f->maddr;
	conv->cport = f->cport;
	conv->mport = f->mport;
}

/* the conversions; a cache of their own shows them in /proc/slabinfo */
static struct kmem_cache *mcp_conv_cache;

/**
 * mcp_conv_cache_init() - create the cache of conversions
 *
 * Return: 0 or -ENOMEM.
 */
int mcp_conv_cache_init(void)
{
	mcp_conv_cache = KMEM_CACHE(mcp_conv, 0);
	return mcp_conv_cache ? 0 : -ENOMEM;
}

/**
 * mcp_conv_cache_uninit() - destroy the cache; every conversion must be gone
 */
void mcp_conv_cache_uninit(void)
{
	kmem_cache_destroy(mcp_conv_cache);
}

static void mcp_conv_free(struct mcp_conv *conv)
{
	mcp_pipe_release(&conv->c2s);
	mcp_pipe_release(&conv->s2c);
	kfree(conv->stream_prefix);
	if (conv->ie != conv->ie_inline)
		kfree(conv->ie);
	kmem_cache_free(mcp_conv_cache, conv);
}

static void mcp_conv_put(struct mcp_conv *conv)
{
	if (refcount_dec_and_test(&conv->ref))
		mcp_conv_free(conv);
}

/* Queue the state machine; any context. */
static void mcp_conv_kick(struct mcp_conv *conv)
{
	refcount_inc(&conv->ref);
	if (!queue_work(mcp_wq, &conv->work))
		mcp_conv_put(conv);
}

static int mcp_conv_wake(struct wait_queue_entry *wait, unsigned int mode,
			 int sync, void *key)
{
	struct mcp_conv *conv = wait->private;

	mcp_conv_kick(conv);
	return 0;
}

static void mcp_conv_timeout(struct work_struct *work)
{
	struct mcp_conv *conv = container_of(to_delayed_work(work),
					     struct mcp_conv, timeout);

	set_bit(MCP_EV_TIMER, &conv->events);
	mcp_conv_kick(conv);
}

static void mcp_sock_watch(struct socket *sock, struct wait_queue_entry *wait,
			   struct mcp_conv *conv)
{
	init_waitqueue_func_entry(wait, mcp_conv_wake);
	wait->private = conv;
	add_wait_queue(sk_sleep(sock->sk), wait);
}

static void mcp_sock_unwatch(struct socket *sock, struct wait_queue_entry *wait)
{
	remove_wait_queue(sk_sleep(sock->sk), wait);
}

/* Close a leg; @abort resets it (RST toward TCP, MP_FASTCLOSE toward MPTCP) */
static void mcp_sock_close(struct socket *sock, bool abort)
{
	if (abort)
		sock_no_linger(sock->sk);
	sock_release(sock);
}

/*
 * The reset must acknowledge the SYN alone: an upstream MCP (upstream.c)
 * adds the IEs to its SYN behind the TCP stack's back, and a SYN-SENT
 * socket ignores a reset whose ACK lies beyond its snd_nxt. A Fast Open
 * client accepts either. So the payload goes, once the checksum over all
 * of it was found good: nf_send_reset() does not answer a bad one.
 */
/* where a held SYN's TCP header starts */
static unsigned int mcp_syn_thoff(const struct sk_buff *syn, int family)
{
	/* the IPv6 hook only takes SYNs without extension headers */
	return family == AF_INET6 ? sizeof(struct ipv6hdr) : ip_hdrlen(syn);
}

static void mcp_syn_trim_payload(struct sk_buff *syn, int family)
{
	unsigned int thoff, hdrs;
	const struct tcphdr *th;

	thoff = mcp_syn_thoff(syn, family);
	if (nf_checksum(syn, NF_INET_PRE_ROUTING, thoff, IPPROTO_TCP, family) ||
	    !pskb_may_pull(syn, thoff + sizeof(*th)))
		return;
	th = (const struct tcphdr *)(syn->data + thoff);
	hdrs = thoff + th->doff * 4;
	if (syn->len <= hdrs || skb_ensure_writable(syn, hdrs) ||
	    pskb_trim(syn, hdrs))
		return;
	if (family == AF_INET6) {
		ipv6_hdr(syn)->payload_len = htons(hdrs - thoff);
	} else {
		ip_hdr(syn)->tot_len = htons(hdrs);
		ip_send_check(ip_hdr(syn));
	}
	syn->ip_summed = CHECKSUM_UNNECESSARY;
}

/* Give the held SYN back: a reset to the client (draft section 5.2). */
static void mcp_conv_reset_client(struct mcp_conv *conv)
{
	struct net *net = conv->mn->net;

	mcp_syn_trim_payload(conv->syn, conv->cfamily);
	local_bh_disable();
	rcu_read_lock();
	if (conv->cfamily == AF_INET6)
		nf_send_reset6(net, NULL, conv->syn, NF_INET_PRE_ROUTING);
	else
		nf_send_reset(net, NULL, conv->syn, NF_INET_PRE_ROUTING);
	rcu_read_unlock();
	local_bh_enable();
}

static void mcp_conv_drop_syn(struct mcp_conv *conv)
{
	if (!conv->syn)
		return;
	dev_put(conv->syn->dev);
	kfree_skb(conv->syn);
	conv->syn = NULL;
}

static int mcp_nl_put_conv(struct sk_buff *skb, const struct mcp_conv *conv);

/*
 * A notification to the "events" group, if anyone listens. @reason is a
 * counter name or NULL. Any context: the hook sends refusals (GFP_ATOMIC).
 */
static void mcp_conv_notify(const struct mcp_conv *conv, u8 event,
			    const char *reason, gfp_t gfp)
{
	struct net *net = conv->mn->net;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&mcp_genl_family, net, MCP_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &mcp_genl_family, 0,
			  MCP_PROXY_CMD_CONV_EVENT);
	if (!hdr)
		goto err;
	if (nla_put_u8(msg, MCP_PROXY_A_EVENT, event) ||
	    (reason && nla_put_string(msg, MCP_PROXY_A_REASON, reason)) ||
	    mcp_nl_put_conv(msg, conv))
		goto err;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&mcp_genl_family, net, msg, 0,
				MCP_NLGRP_EVENTS, gfp);
	return;
err:
	nlmsg_free(msg);
}

/*
 * The end of a conversion, in its work item: unlink it (no pairing after
 * this), stop every source of wakeups, close what is open.
 */
static void mcp_join_lsn_put(struct mcp_conv *conv);

static void mcp_conv_finish(struct mcp_conv *conv, bool abort)
{
	struct mcp_net *mn = conv->mn;
	u8 old = conv->state;

	if (old != MCP_PROXY_CONV_CLOSING)
		mcp_conv_notify(conv, MCP_PROXY_EVENT_ENDED,
				abort ? "aborted" : "closed", GFP_KERNEL);
	WRITE_ONCE(conv->state, MCP_PROXY_CONV_CLOSING);
	spin_lock_bh(&mn->conv_lock);
	list_del(&conv->list);
	if (conv->want_token) {
		conv->want_token = false;
		atomic_dec(&mn->tokenless);
	}
	spin_unlock_bh(&mn->conv_lock);
	if (old == MCP_PROXY_CONV_RELAYING)
		atomic_dec(&mn->active);
	else
		atomic_dec(&mn->half_open);

	cancel_delayed_work_sync(&conv->timeout);
	if (conv->srv) {
		mcp_sock_unwatch(conv->srv, &conv->srv_wait);
		mcp_sock_close(conv->srv, abort);
		conv->srv = NULL;
	}
	if (conv->cli) {
		mcp_sock_unwatch(conv->cli, &conv->cli_wait);
		mcp_sock_close(conv->cli, abort);
		conv->cli = NULL;
	}
	mcp_join_lsn_put(conv);
	/* handed over by the pairing after the last look: never watched */
	if (conv->cli_pending) {
		mcp_sock_close(conv->cli_pending, true);
		conv->cli_pending = NULL;
	}
	mcp_conv_drop_syn(conv);
	mcp_conv_put(conv);	/* the list's reference */
}

static int mcp_sock_setopt(struct socket *sock, int level, int name)
{
	int one = 1;

	return sock->ops->setsockopt(sock, level, name, KERNEL_SOCKPTR(&one),
				     sizeof(one));
}

/**
 * mcp_sockaddr() - a socket address
 * @ss: filled in as @family's socket address of @addr, @port
 * @family: AF_INET or AF_INET6
 * @addr: the address
 * @port: the port, network order
 *
 * Return: the length of the address.
 */
int mcp_sockaddr(struct sockaddr_storage *ss, u16 family,
		 const union mcp_addr *addr, __be16 port)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = addr->v6;
		s6->sin6_port = port;
		return sizeof(*s6);
	}
	s4->sin_family = AF_INET;
	s4->sin_addr.s_addr = addr->v4;
	s4->sin_port = port;
	return sizeof(*s4);
}

/* the options of a listener: transparent, and on an address maybe not up */
static int mcp_listener_setopts(struct socket *sock, int family)
{
	int err;

	err = mcp_sock_setopt(sock, SOL_SOCKET, SO_REUSEADDR);
	if (err)
		return err;
	if (family == AF_INET6) {
		err = mcp_sock_setopt(sock, SOL_IPV6, IPV6_V6ONLY);
		if (!err)
			err = mcp_sock_setopt(sock, SOL_IPV6, IPV6_TRANSPARENT);
		if (!err)
			err = mcp_sock_setopt(sock, SOL_IPV6, IPV6_FREEBIND);
		return err;
	}
	err = mcp_sock_setopt(sock, SOL_IP, IP_TRANSPARENT);
	if (!err)
		err = mcp_sock_setopt(sock, SOL_IP, IP_FREEBIND);
	return err;
}

/* A transparent MPTCP listener on @addr (not necessarily local), @port */
static int mcp_listen_on(struct net *net, int family,
			 const union mcp_addr *addr, __be16 port, int backlog,
			 struct socket **out)
{
	struct sockaddr_storage ss;
	struct socket *sock;
	int err, len;

	len = mcp_sockaddr(&ss, family, addr, port);
	err = sock_create_kern(net, family, SOCK_STREAM, IPPROTO_MPTCP, &sock);
	if (err)
		return err;
	err = mcp_listener_setopts(sock, family);
	if (!err)
		err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	if (!err)
		err = kernel_listen(sock, backlog);
	if (err) {
		sock_release(sock);
		return err;
	}
	*out = sock;
	return 0;
}

/**
 * struct mcp_join_lsn - the MPTCP listener that takes joins on one port
 * @list: in mcp_net.join_lsns (RCU) while @linked
 * @family: AF_INET or AF_INET6
 * @port: the port clients connected to (on-path: the server's), the
 *	listener's
 * @addr: the address it is bound to. For a listener of its own (@sock), not
 *	local, so that nothing reaches it unless the hook assigns it: the
 *	first server (on-path) or client (explicit) seen on @port. For the
 *	internal listener, the MCP's address (mcp_cfg.addr4 or addr6)
 * @users: conversions relying on it, plus one for the internal listener
 *	while it is open (mcp_net.join_lock)
 * @linked: in mcp_net.join_lsns, so that new conversions find it; the
 *	internal listener's entry leaves when that listener closes
 * @sock: a listener of its own; NULL for the internal listener, which
 *	mcp_listener_start() and mcp_listener_stop() own
 * @rcu: freeing
 *
 * A conversion's MPTCP connection has the port its client connected to as
 * its local port, and 6.1's MPTCP refuses a join that arrives on a listener
 * with another port (MPTcpExtMismatchPortSynRx) unless that port was
 * announced. So every conversion holds the entry for that port and the hook
 * gives its joins to that listener: the internal listener when the client
 * connected to its port (it has an entry of its own, found like any other),
 * else one opened for that port and shared by port across both modes. Only
 * the port is compared. Joins never reach accept().
 */
struct mcp_join_lsn {
	struct list_head list;
	u16 family;
	__be16 port;
	union mcp_addr addr;
	unsigned int users;
	bool linked;
	struct socket *sock;
	struct rcu_head rcu;
};

/* Context: RCU read side or mcp_net.join_lock held */
static struct mcp_join_lsn *mcp_join_lsn_find(struct mcp_net *mn, u16 family,
					      __be16 port)
{
	struct mcp_join_lsn *l;

	list_for_each_entry_rcu(l, &mn->join_lsns, list,
				lockdep_is_held(&mn->join_lock))
		if (l->family == family && l->port == port)
			return l;
	return NULL;
}

/* A new entry with one user, for @sock (NULL: the internal listener's) */
static struct mcp_join_lsn *mcp_join_lsn_add(struct mcp_net *mn, u16 family,
					     const union mcp_addr *addr,
					     __be16 port, struct socket *sock)
{
	struct mcp_join_lsn *l;

	lockdep_assert_held(&mn->join_lock);
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return NULL;
	l->family = family;
	l->port = port;
	l->addr = *addr;
	l->users = 1;
	l->linked = true;
	l->sock = sock;
	list_add_rcu(&l->list, &mn->join_lsns);
	return l;
}

/* Give one user back; the last one closes a listener of its own */
static void mcp_join_lsn_drop(struct mcp_net *mn, struct mcp_join_lsn *l)
{
	lockdep_assert_held(&mn->join_lock);
	if (--l->users)
		return;
	if (l->linked)
		list_del_rcu(&l->list);
	if (l->sock)
		sock_release(l->sock);
	kfree_rcu(l, rcu);
}

/*
 * A conversion's join listener, taken before its SYN is released so that no
 * join can come first. Without one (counted), its joins are dropped.
 */
static void mcp_join_lsn_get(struct mcp_conv *conv)
{
	const union mcp_addr *bind = conv->onpath ? &conv->maddr : &conv->caddr;
	struct mcp_net *mn = conv->mn;
	struct mcp_join_lsn *l;
	struct socket *sock;

	mutex_lock(&mn->join_lock);
	l = mcp_join_lsn_find(mn, conv->cfamily, conv->mport);
	if (l) {
		l->users++;
	} else if (!mcp_listen_on(mn->net, conv->cfamily, bind, conv->mport,
				  16, &sock)) {
		l = mcp_join_lsn_add(mn, conv->cfamily, bind, conv->mport,
				     sock);
		if (!l)
			sock_release(sock);
	}
	/* read by the hook under conv_lock, which the release takes after */
	WRITE_ONCE(conv->join_lsn, l);
	mutex_unlock(&mn->join_lock);
	if (!l)
		mcp_count(mn, MCP_CNT_JOIN_LISTENER_FAIL);
}

/* Context: @conv unlinked, so that no join can find it */
static void mcp_join_lsn_put(struct mcp_conv *conv)
{
	struct mcp_net *mn = conv->mn;

	if (!conv->join_lsn)
		return;
	mutex_lock(&mn->join_lock);
	mcp_join_lsn_drop(mn, conv->join_lsn);
	mutex_unlock(&mn->join_lock);
	WRITE_ONCE(conv->join_lsn, NULL);
}

/*
 * A source IE is honoured by binding the server leg to it; the address is
 * not the MCP's, so the socket is transparent (IP_TRANSPARENT or
 * IPV6_TRANSPARENT, which also allow the non-local bind) and the server's
 * segments are steered to it (mcp_steer()).
 */
static int mcp_conv_bind_source(struct mcp_conv *conv)
{
	struct sockaddr_storage ss;
	int err, len;

	len = mcp_sockaddr(&ss, conv->sfamily, &conv->baddr, conv->bport);
	if (conv->sfamily == AF_INET6)
		err = mcp_sock_setopt(conv->srv, SOL_IPV6, IPV6_TRANSPARENT);
	else
		err = mcp_sock_setopt(conv->srv, SOL_IP, IP_TRANSPARENT);
	if (!err)
		err = kernel_bind(conv->srv, (struct sockaddr *)&ss, len);
	if (err)
		return err;
	WRITE_ONCE(conv->mn->steer, true);
	mcp_count(conv->mn, MCP_CNT_SOURCE_BOUND);
	return 0;
}

/* CONNECTING, first step: the server socket and its non-blocking connect */
static int mcp_conv_connect(struct mcp_conv *conv)
{
	struct sockaddr_storage ss;
	int err, len;

	len = mcp_sockaddr(&ss, conv->sfamily, &conv->saddr, conv->sport);
	err = sock_create_kern(conv->mn->net, conv->sfamily, SOCK_STREAM,
			       IPPROTO_TCP, &conv->srv);
	if (err)
		return err;
	if (conv->bound) {
		err = mcp_conv_bind_source(conv);
		if (err)
			return err;
	}
	mcp_sock_watch(conv->srv, &conv->srv_wait, conv);
	err = kernel_connect(conv->srv, (struct sockaddr *)&ss, len,
			     O_NONBLOCK);
	return err == -EINPROGRESS ? 0 : err;
}

/* the MCP's own address and port toward the server */
static void mcp_conv_get_local(struct mcp_conv *conv)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

	if (kernel_getsockname(conv->srv, (struct sockaddr *)&ss) < 0)
		return;
	if (ss.ss_family == AF_INET6) {
		conv->laddr.v6 = s6->sin6_addr;
		conv->lport = s6->sin6_port;
	} else if (ss.ss_family == AF_INET) {
		conv->laddr.v4 = s4->sin_addr.s_addr;
		conv->lport = s4->sin_port;
	}
}

/**
 * mcp_route_local_v4() - route a segment for a transparent socket as local
 * @skb: the segment, at PREROUTING (skb->dev its input device)
 * @local: an address of this host whose input route is a local one
 *
 * A segment for a transparent socket on an address that is not ours
 * (on-path, a server leg bound to a source IE, the CPE's LAN legs) would
 * be forwarded: give it the local input route of one of our addresses, as
 * TPROXY's policy route does. Context: RCU (the route is not referenced).
 *
 * Return: 0, or a negative errno with no route set.
 */
int mcp_route_local_v4(struct sk_buff *skb, __be32 local)
{
	const struct iphdr *iph = ip_hdr(skb);
	int err;

	err = ip_route_input_noref(skb, local, iph->saddr, iph->tos, skb->dev);
	if (err)
		return err;
	if (skb_rtable(skb)->rt_type != RTN_LOCAL) {
		skb_dst_drop(skb);
		return -EHOSTUNREACH;
	}
	return 0;
}

/**
 * mcp_route_local_v6() - mcp_route_local_v4() for IPv6
 * @skb: the segment, at PREROUTING
 * @local: an IPv6 address of this host
 *
 * Context: RCU.
 *
 * Return: 0, or a negative errno.
 */
int mcp_route_local_v6(struct sk_buff *skb, const struct in6_addr *local)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_iif = skb->dev->ifindex,
		.flowi6_mark = skb->mark,
		.flowi6_proto = IPPROTO_TCP,
		.daddr = *local,
		.saddr = ip6h->saddr,
		.flowlabel = ip6_flowinfo(ip6h),
	};
	struct dst_entry *dst;

	dst = ip6_route_input_lookup(dev_net(skb->dev), skb->dev, &fl6, skb,
				     RT6_LOOKUP_F_HAS_SADDR);
	if (dst->error ||
	    !(container_of(dst, struct rt6_info, dst)->rt6i_flags &
	      RTF_LOCAL)) {
		dst_release(dst);
		return -EHOSTUNREACH;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	return 0;
}

/* the local input route of the MCP's address of the segment's family */
static int mcp_route_local(struct sk_buff *skb, u16 family, __be32 local4,
			   const struct in6_addr *local6)
{
	if (family == AF_INET6)
		return mcp_route_local_v6(skb, local6);
	return mcp_route_local_v4(skb, local4);
}

/*
 * The server is connected and the client's SYN still held: the data behind
 * the IEs in that SYN (Fast Open data) goes to the server now, not one
 * round trip later when the client sends it again after its handshake, so
 * the server's answer can wait at the MCP when the client's leg is
 * accepted (the draft's 0-RTT). The client's stream then has to start
 * with the whole SYN payload, which the relay consumes exactly once. A SYN
 * whose checksum is bad, or whose payload does not fit a relay buffer,
 * keeps the old way: only its IEs are taken from the stream.
 *
 * Return: 0 (data sent or queued, or nothing to send), or a negative errno
 * of the server leg.
 */
static int mcp_conv_send_syn_data(struct mcp_conv *conv)
{
	struct sk_buff *syn = conv->syn;
	unsigned int thoff, off, len, data_len;
	const struct tcphdr *th;
	struct tcphdr _th;
	u8 *prefix;
	int sent, err;

	thoff = mcp_syn_thoff(syn, conv->cfamily);
	th = skb_header_pointer(syn, thoff, sizeof(_th), &_th);
	if (!th)
		return 0;
	off = thoff + th->doff * 4;
	if (syn->len <= off + conv->ie_len || syn->len - off > MCP_RELAY_BUF ||
	    nf_checksum(syn, NF_INET_PRE_ROUTING, thoff, IPPROTO_TCP,
			conv->cfamily))
		return 0;
	len = syn->len - off;
	prefix = kmalloc(len, GFP_KERNEL);
	if (!prefix) {
		mcp_count(conv->mn, MCP_CNT_NOMEM);
		return 0;
	}
	/* its first ie_len octets are @ie: the hook read them from this SYN */
	if (skb_copy_bits(syn, off, prefix, len)) {
		kfree(prefix);
		return 0;
	}

	data_len = len - conv->ie_len;
	sent = mcp_send(conv->srv, prefix + conv->ie_len, data_len);
	if (sent == -EAGAIN)
		sent = 0;
	if (sent < 0) {
		kfree(prefix);
		return sent;
	}
	if (sent < data_len) {
		/* the rest goes first when the relay starts */
		err = mcp_pipe_queue(&conv->c2s, prefix + conv->ie_len + sent,
				     data_len - sent);
		if (err) {
			kfree(prefix);
			return err;
		}
	}
	conv->c2s.bytes += sent;
	conv->stream_prefix = prefix;
	conv->stream_prefix_len = len;
	mcp_count(conv->mn, MCP_CNT_SYN_DATA_EARLY);
	return 0;
}

/*
 * The server answered: hand the SYN to the internal listener. The lookup
 * uses the listener's address and port, the SYN keeps its own (TPROXY's
 * socket assignment), so the client sees the address and port it asked
 * for: the MCP's in explicit mode, the server's on-path.
 */
static int mcp_conv_release_syn(struct mcp_conv *conv)
{
	struct mcp_net *mn = conv->mn;
	struct sk_buff *skb = conv->syn;
	struct net_device *dev = skb->dev;
	const struct mcp_cfg *cfg;
	struct in6_addr laddr6;
	struct sock *lsk;
	__be32 laddr;
	__be16 lport;

	mcp_conv_get_local(conv);

	rcu_read_lock();
	cfg = rcu_dereference(mn->cfg);
	laddr = cfg->addr4;
	laddr6 = cfg->addr6;
	lport = htons(cfg->listen_port);
	rcu_read_unlock();

	if (conv->cfamily == AF_INET6)
		lsk = nf_tproxy_get_sock_v6(mn->net, skb,
					    sizeof(struct ipv6hdr),
					    IPPROTO_TCP, &conv->caddr.v6,
					    &laddr6, conv->cport, lport,
					    skb->dev,
					    NF_TPROXY_LOOKUP_LISTENER);
	else
		lsk = nf_tproxy_get_sock_v4(mn->net, skb, IPPROTO_TCP,
					    conv->caddr.v4, laddr, conv->cport,
					    lport, skb->dev,
					    NF_TPROXY_LOOKUP_LISTENER);
	if (!lsk || !nf_tproxy_sk_is_transparent(lsk))
		return -ENOENT;

	local_bh_disable();
	rcu_read_lock();
	if (conv->onpath &&
	    mcp_route_local(skb, conv->cfamily, laddr, &laddr6)) {
		rcu_read_unlock();
		local_bh_enable();
		sock_gen_put(lsk);
		mcp_count(mn, MCP_CNT_STEER_NO_ROUTE);
		return -EHOSTUNREACH;
	}
	nf_tproxy_assign_sock(skb, lsk);
	conv->syn = NULL;
	WRITE_ONCE(conv->state, MCP_PROXY_CONV_RELEASED);
	/* the client's next segment carries both keys: learn the tokens */
	spin_lock(&mn->conv_lock);
	conv->want_token = true;
	atomic_inc(&mn->tokenless);
	spin_unlock(&mn->conv_lock);
	conv->okfn(mn->net, NULL, skb);
	rcu_read_unlock();
	local_bh_enable();
	dev_put(dev);	/* the reference of the hold, mcp_syn_convert() */
	return 0;
}

static void mcp_conv_arm(struct mcp_conv *conv, unsigned long delay)
{
	mod_delayed_work(mcp_wq, &conv->timeout, delay);
}

static unsigned long mcp_cfg_jiffies(struct mcp_net *mn, bool idle)
{
	const struct mcp_cfg *cfg;
	unsigned long j;

	rcu_read_lock();
	cfg = rcu_dereference(mn->cfg);
	j = idle ? msecs_to_jiffies(cfg->idle_timeout_s * MSEC_PER_SEC) :
		   msecs_to_jiffies(cfg->half_open_timeout_ms);
	rcu_read_unlock();
	return j;
}

/*
 * Both legs are up: start relaying, with the echo as the first bytes. The
 * pipes hold no buffer of their own from here on but the echo's, until it
 * is written (relay.h).
 */
static int mcp_conv_start_relay(struct mcp_conv *conv)
{
	struct mcp_net *mn = conv->mn;
	u8 echo[MCP_IE_AREA_MAX];
	struct mcpw_conv ies;
	int n;

	/*
	 * Every type-0 IE was honoured (a source IE that cannot be is
	 * refused with the SYN), so all are echoed. On-path, the client sent
	 * no IE and expects no echo.
	 */
	if (conv->ie_len) {
		if (mcpw_parse(conv->ie, conv->ie_len, &ies) < 0)
			return -EPROTO;
		n = mcpw_encode(&ies, echo, sizeof(echo));
		if (n < 0)
			return -EPROTO;
		if (mcp_pipe_queue(&conv->s2c, echo, n)) {
			mcp_count(mn, MCP_CNT_NOMEM);
			return -ENOMEM;
		}
		conv->echo_len = n;
	}
	if (conv->stream_prefix)
		mcp_pipe_expect(&conv->c2s, conv->stream_prefix,
				conv->stream_prefix_len);
	else if (conv->ie_len)
		mcp_pipe_expect(&conv->c2s, conv->ie, conv->ie_len);

	/*
	 * The echo and the server's first bytes are two sends: with Nagle
	 * the second waits for the client's (delayed) ACK of the first, one
	 * round trip added to every request-response exchange (B5). A relay
	 * writes what it has read at once; failing costs only latency.
	 */
	mcp_sock_setopt(conv->cli, SOL_TCP, TCP_NODELAY);
	mcp_sock_setopt(conv->srv, SOL_TCP, TCP_NODELAY);
	mcp_sock_watch(conv->cli, &conv->cli_wait, conv);
	WRITE_ONCE(conv->state, MCP_PROXY_CONV_RELAYING);
	atomic_dec(&mn->half_open);
	atomic_inc(&mn->active);
	mcp_count(mn, MCP_CNT_CONV_ESTABLISHED);
	conv->last_active = jiffies;
	mcp_conv_arm(conv, mcp_cfg_jiffies(mn, true));
	return 0;
}

/**
 * mcp_send() - send what a leg takes now, without blocking
 * @sock: the leg
 * @buf: the bytes
 * @len: their number
 *
 * Return: octets sent, -EAGAIN, or a negative errno.
 */
int mcp_send(struct socket *sock, const u8 *buf, unsigned int len)
{
	struct kvec vec = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };

	return kernel_sendmsg(sock, &msg, &vec, 1, len);
}

/**
 * mcp_recv() - receive what a leg has now, without blocking
 * @sock: the leg
 * @buf: where the bytes go
 * @len: its size
 *
 * Return: octets received (0 at the end of the stream), -EAGAIN, or a
 * negative errno.
 */
int mcp_recv(struct socket *sock, u8 *buf, unsigned int len)
{
	struct kvec vec = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };

	return kernel_recvmsg(sock, &msg, &vec, 1, len, MSG_DONTWAIT);
}

static void mcp_conv_relay(struct mcp_conv *conv)
{
	struct mcp_net *mn = conv->mn;
	enum mcp_pipe_result a, b;
	bool moved = false;

	a = mcp_pipe_run(&conv->c2s, conv->cli, conv->srv, MCP_RELAY_BUDGET,
			 &moved);
	b = a < 0 ? MCP_PIPE_BLOCKED :
		    mcp_pipe_run(&conv->s2c, conv->srv, conv->cli,
				 MCP_RELAY_BUDGET, &moved);
	if (moved)
		conv->last_active = jiffies;
	if (conv->stream_prefix && !conv->c2s.expect_left) {
		kfree(conv->stream_prefix);
		conv->stream_prefix = NULL;
	}
	if (a < 0 || b < 0) {
		mcp_count(mn, mcp_pipe_abort_counter(a < 0 ? a : b));
		mcp_conv_finish(conv, true);
		return;
	}
	if (conv->c2s.shut && conv->s2c.shut) {
		mcp_count(mn, MCP_CNT_CONV_CLOSED);
		mcp_conv_finish(conv, false);
		return;
	}
	if (a > 0 || b > 0)
		mcp_conv_kick(conv);
}

static void mcp_conv_fail_client(struct mcp_conv *conv, enum mcp_counter c)
{
	mcp_count(conv->mn, c);
	if (conv->syn)
		mcp_conv_reset_client(conv);
	mcp_conv_finish(conv, true);
}

/* A failure of @err: counted as nomem when it is one, else as @c. */
static void mcp_conv_fail_client_err(struct mcp_conv *conv, int err,
				     enum mcp_counter c)
{
	mcp_conv_fail_client(conv, err == -ENOMEM ? MCP_CNT_NOMEM : c);
}

static void mcp_conv_step_connecting(struct mcp_conv *conv, bool timer)
{
	struct mcp_net *mn = conv->mn;
	int err;

	if (!conv->srv) {
		mcp_join_lsn_get(conv);
		err = mcp_conv_connect(conv);
		if (err) {
			mcp_conv_fail_client_err(conv, err,
						 MCP_CNT_SERVER_REFUSED);
			return;
		}
		mcp_count(mn, MCP_CNT_CONV_STARTED);
		mcp_conv_notify(conv, MCP_PROXY_EVENT_STARTED, NULL,
				GFP_KERNEL);
		mcp_conv_arm(conv, mcp_cfg_jiffies(mn, false));
	}

	switch (READ_ONCE(conv->srv->sk->sk_state)) {
	case TCP_ESTABLISHED:
		err = mcp_conv_send_syn_data(conv);
		if (err) {
			mcp_conv_fail_client_err(conv, err,
						 MCP_CNT_RELAY_ABORT);
			return;
		}
		if (mcp_conv_release_syn(conv)) {
			mcp_conv_fail_client(conv, MCP_CNT_NO_LISTENER);
			return;
		}
		/* the client now has the same time to complete its side */
		mcp_conv_arm(conv, mcp_cfg_jiffies(mn, false));
		return;
	case TCP_CLOSE:
		mcp_conv_fail_client(conv, MCP_CNT_SERVER_REFUSED);
		return;
	default:
		if (timer)
			mcp_conv_fail_client(conv, MCP_CNT_SERVER_TIMEOUT);
	}
}

static void mcp_conv_step_released(struct mcp_conv *conv, bool timer)
{
	struct mcp_net *mn = conv->mn;

	spin_lock_bh(&mn->conv_lock);
	conv->cli = conv->cli_pending;
	conv->cli_pending = NULL;
	spin_unlock_bh(&mn->conv_lock);

	if (conv->cli) {
		if (mcp_conv_start_relay(conv)) {
			mcp_count(mn, MCP_CNT_RELAY_ABORT);
			mcp_conv_finish(conv, true);
			return;
		}
		mcp_conv_relay(conv);
		return;
	}
	if (READ_ONCE(conv->srv->sk->sk_state) == TCP_CLOSE) {
		mcp_count(mn, MCP_CNT_RELAY_ABORT);
		mcp_conv_finish(conv, true);
	} else if (timer) {
		mcp_count(mn, MCP_CNT_ACCEPT_TIMEOUT);
		mcp_conv_finish(conv, true);
	}
}

static void mcp_conv_step_relaying(struct mcp_conv *conv, bool timer)
{
	struct mcp_net *mn = conv->mn;
	unsigned long idle, due;

	if (timer) {
		idle = mcp_cfg_jiffies(mn, true);
		due = conv->last_active + idle;
		if (time_after_eq(jiffies, due)) {
			mcp_count(mn, MCP_CNT_IDLE_TIMEOUT);
			mcp_conv_finish(conv, true);
			return;
		}
		mcp_conv_arm(conv, due - jiffies);
	}
	mcp_conv_relay(conv);
}

static void mcp_conv_work(struct work_struct *work)
{
	struct mcp_conv *conv = container_of(work, struct mcp_conv, work);
	bool timer = test_and_clear_bit(MCP_EV_TIMER, &conv->events);

	if (conv->state != MCP_PROXY_CONV_CLOSING &&
	    test_bit(MCP_EV_ABORT, &conv->events)) {
		mcp_conv_finish(conv, true);
		goto out;
	}

	switch (conv->state) {
	case MCP_PROXY_CONV_CONNECTING:
		mcp_conv_step_connecting(conv, timer);
		break;
	case MCP_PROXY_CONV_RELEASED:
		mcp_conv_step_released(conv, timer);
		break;
	case MCP_PROXY_CONV_RELAYING:
		mcp_conv_step_relaying(conv, timer);
		break;
	default:
		break;
	}
out:
	mcp_conv_put(conv);	/* the reference of the queuing */
}

/* ------------------------------------------------------------------ hook */

/**
 * mcp_in_prefixes() - is an address inside the subscriber prefixes
 * @cfg: the configuration
 * @addr: the address
 *
 * Return: true when one prefix covers @addr.
 */
bool mcp_in_prefixes(const struct mcp_cfg *cfg, __be32 addr)
{
	unsigned int i;

	for (i = 0; i < cfg->n_prefixes; i++) {
		const struct mcp_prefix *p = &cfg->prefix[i];

		if (p->family == AF_INET &&
		    !((addr ^ p->addr.v4) & inet_make_mask(p->len)))
			return true;
	}
	return false;
}

/**
 * mcp_in_prefixes6() - is an IPv6 address inside the subscriber prefixes
 * @cfg: the configuration
 * @addr: the address
 *
 * Return: true when one IPv6 prefix covers @addr.
 */
bool mcp_in_prefixes6(const struct mcp_cfg *cfg, const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < cfg->n_prefixes; i++) {
		const struct mcp_prefix *p = &cfg->prefix[i];

		if (p->family == AF_INET6 &&
		    ipv6_prefix_equal(addr, &p->addr.v6, p->len))
			return true;
	}
	return false;
}

static bool mcp_flow_subscriber(const struct mcp_cfg *cfg,
				const struct mcp_flow *f)
{
	if (f->family == AF_INET6)
		return mcp_in_prefixes6(cfg, &f->caddr.v6);
	return mcp_in_prefixes(cfg, f->caddr.v4);
}

/*
 * Under conv_lock: is this SYN a retransmission of one held or converted,
 * and how many conversions has its client?
 */
static bool mcp_conv_lookup(struct mcp_net *mn, const struct mcp_flow *f,
			    unsigned int *per_client)
{
	struct mcp_conv *conv;

	*per_client = 0;
	list_for_each_entry(conv, &mn->convs, list) {
		if (!mcp_conv_same_client(conv, f))
			continue;
		if (mcp_conv_is(conv, f))
			return true;
		(*per_client)++;
	}
	return false;
}

static struct mcp_conv *mcp_conv_alloc(struct mcp_net *mn, struct sk_buff *skb,
				       const struct nf_hook_state *state,
				       const u8 *ie, unsigned int ie_len)
{
	struct mcp_conv *conv;

	conv = kmem_cache_zalloc(mcp_conv_cache, GFP_ATOMIC);
	if (!conv)
		return NULL;
	conv->ie = conv->ie_inline;
	if (ie_len > sizeof(conv->ie_inline)) {
		conv->ie = kmemdup(ie, ie_len, GFP_ATOMIC);
		if (!conv->ie) {
			kmem_cache_free(mcp_conv_cache, conv);
			return NULL;
		}
	} else if (ie_len) {
		memcpy(conv->ie, ie, ie_len);
	}
	refcount_set(&conv->ref, 1);
	conv->mn = mn;
	conv->state = MCP_PROXY_CONV_CONNECTING;
	INIT_WORK(&conv->work, mcp_conv_work);
	INIT_DELAYED_WORK(&conv->timeout, mcp_conv_timeout);
	conv->syn = skb;
	conv->okfn = state->okfn;
	conv->ie_len = ie_len;
	conv->started = jiffies;
	conv->last_active = jiffies;
	conv->subflows = 1;
	return conv;
}

/*
 * BCP 38 for a source IE: the address must lie in the subscriber prefixes
 * of its family, i.e. in what the operator assigned to subscribers. A
 * subscriber's WAN addresses and its delegated LAN prefix are different
 * prefixes (the upstream MCP's transparent mode sends the LAN host's
 * address from the CPE's WAN address), and the prefix list does not group
 * prefixes by subscriber: so one subscriber could name another's address.
 * Prefix groups per subscriber would close that (Documentation/mcp_proxy.rst).
 *
 * The source and the server must be of one family (the server leg is one
 * socket). An IPv6 source also needs the MCP's IPv6 address: the server's
 * segments to the source are steered with its local route.
 */
static bool mcp_source_allowed(const struct mcp_cfg *cfg,
			       const struct mcpw_ie *src,
			       const struct mcpw_ie *dst)
{
	struct in6_addr a6;
	__be32 a4;

	if (src->family != dst->family)
		return false;
	if (src->family == MCPW_FAM_IPV6) {
		memcpy(&a6, src->addr, sizeof(a6));
		return !ipv6_addr_any(&cfg->addr6) && mcp_in_prefixes6(cfg, &a6);
	}
	memcpy(&a4, src->addr, sizeof(a4));
	return mcp_in_prefixes(cfg, a4);
}

/* What to do with a SYN that carries IEs: 0 to steal it, else a counter */
static int mcp_syn_check(struct mcp_net *mn, const struct mcp_cfg *cfg,
			 const struct mcp_flow *f, const struct mcpw_conv *ies,
			 struct mcp_conv *conv)
{
	const struct mcpw_ie *dst = NULL, *src = NULL;
	unsigned int i;
	int err;

	for (i = 0; i < ies->n; i++) {
		if (ies->ie[i].src)
			src = &ies->ie[i];
		else
			dst = &ies->ie[i];
	}
	if (!dst)
		return MCP_CNT_NO_DESTINATION;
	/* the source is judged by the subscriber's prefixes, not RFC 6890 */
	err = mcpw_addr_check(dst->family, dst->addr, 0);
	if (err)
		return MCP_CNT_WIRE - err;
	if (!mcp_flow_subscriber(cfg, f))
		return MCP_CNT_NOT_SUBSCRIBER;
	if (src) {
		/* the client's family does not matter, the server's does */
		if (!mcp_source_allowed(cfg, src, dst))
			return MCP_CNT_SOURCE_REFUSED;
		if (src->family == MCPW_FAM_IPV6)
			memcpy(&conv->baddr.v6, src->addr,
			       sizeof(conv->baddr.v6));
		else
			memcpy(&conv->baddr.v4, src->addr,
			       sizeof(conv->baddr.v4));
		conv->bound = true;
		conv->bport = src->has_port ? htons(src->port) : 0;
	}

	if (dst->family == MCPW_FAM_IPV6) {
		conv->sfamily = AF_INET6;
		memcpy(&conv->saddr.v6, dst->addr, sizeof(conv->saddr.v6));
	} else {
		conv->sfamily = AF_INET;
		memcpy(&conv->saddr.v4, dst->addr, sizeof(conv->saddr.v4));
	}
	conv->sport = dst->has_port ? htons(dst->port) : conv->mport;

	return 0;
}

/*
 * A SYN without payload: Linux retransmits a Fast Open SYN without its
 * data, so while the server's handshake runs the client's retransmission
 * is a plain SYN. It must not reach the stack (nothing listens on that
 * port: a reset). Anything else without payload, native MPTCP and plain
 * TCP included, is not the MCP's business.
 */
static unsigned int mcp_syn_plain(struct mcp_net *mn, const struct mcp_flow *f)
{
	unsigned int verdict = NF_ACCEPT;
	struct mcp_conv *conv;

	spin_lock(&mn->conv_lock);
	list_for_each_entry(conv, &mn->convs, list) {
		if (mcp_conv_is(conv, f)) {
			if (READ_ONCE(conv->state) == MCP_PROXY_CONV_CONNECTING)
				verdict = NF_DROP;
			break;
		}
	}
	spin_unlock(&mn->conv_lock);
	if (verdict == NF_DROP)
		mcp_count(mn, MCP_CNT_SYN_RETRANSMIT);
	return verdict;
}

/* RFC 8684 section 3.1: the token is the top 32 bits of SHA-256(key) */
static u32 mcp_token_of(u64 key)
{
	u8 digest[SHA256_DIGEST_SIZE];
	__be64 k = cpu_to_be64(key);

	sha256((const u8 *)&k, sizeof(k), digest);
	return get_unaligned_be32(digest);
}

/*
 * The client's MP_CAPABLE with both keys (third ACK or first data): the
 * tokens of its conversion, which MP_JOINs name. Only while a released
 * conversion lacks them (mcp_net.tokenless).
 */
static void mcp_learn_tokens(struct mcp_net *mn, const struct mcp_flow *f,
			     const struct mcpw_segopts *seg)
{
	u32 token = mcp_token_of(seg->receiver_key);
	u32 client_token = mcp_token_of(seg->sender_key);
	struct mcp_conv *conv;

	spin_lock(&mn->conv_lock);
	list_for_each_entry(conv, &mn->convs, list) {
		if (conv->want_token && mcp_conv_is(conv, f)) {
			conv->token = token;
			conv->client_token = client_token;
			conv->want_token = false;
			atomic_dec(&mn->tokenless);
			break;
		}
	}
	spin_unlock(&mn->conv_lock);
}

/*
 * An MP_JOIN SYN naming a conversion's token: within subflows-max it goes
 * to the conversion's join listener (struct mcp_join_lsn), whose MPTCP
 * stack joins it by that token; beyond, or without a join listener, it is
 * dropped and counted. @passing: not addressed to the MCP (on-path), route
 * it locally. Context: RCU (hook), which keeps the listener's entry: a
 * conversion gives it back only once unlinked. A token no conversion has
 * is someone else's: untouched.
 */
static unsigned int mcp_join_syn(struct mcp_net *mn, const struct mcp_cfg *cfg,
				 struct sk_buff *skb, const struct mcp_flow *f,
				 u32 token, bool passing)
{
	const struct mcp_join_lsn *jl = NULL;
	bool found = false, over = false;
	struct mcp_conv *conv;
	struct sock *lsk;

	if (!token)
		return NF_ACCEPT;
	spin_lock(&mn->conv_lock);
	list_for_each_entry(conv, &mn->convs, list) {
		if (conv->token != token)
			continue;
		found = true;
		if (conv->subflows >= cfg->subflows_max)
			over = true;
		else
			conv->subflows++;
		jl = READ_ONCE(conv->join_lsn);
		break;
	}
	spin_unlock(&mn->conv_lock);
	if (!found)
		return NF_ACCEPT;
	if (over) {
		mcp_count(mn, MCP_CNT_SUBFLOW_LIMIT);
		return NF_DROP;
	}
	/* a subflow of the other family needs a listener of its own family */
	if (jl && jl->family != f->family)
		jl = mcp_join_lsn_find(mn, f->family, jl->port);

	if (!jl) {
		mcp_count(mn, MCP_CNT_NO_LISTENER);
		return NF_DROP;
	}
	if (f->family == AF_INET6)
		lsk = nf_tproxy_get_sock_v6(mn->net, skb,
					    sizeof(struct ipv6hdr),
					    IPPROTO_TCP, &f->caddr.v6,
					    &jl->addr.v6, f->cport, jl->port,
					    skb->dev,
					    NF_TPROXY_LOOKUP_LISTENER);
	else
		lsk = nf_tproxy_get_sock_v4(mn->net, skb, IPPROTO_TCP,
					    f->caddr.v4, jl->addr.v4, f->cport,
					    jl->port, skb->dev,
					    NF_TPROXY_LOOKUP_LISTENER);
	/* a socket that is not transparent is put by the check */
	if (!lsk || !nf_tproxy_sk_is_transparent(lsk)) {
		mcp_count(mn, MCP_CNT_NO_LISTENER);
		return NF_DROP;
	}
	if (passing &&
	    mcp_route_local(skb, f->family, cfg->addr4, &cfg->addr6)) {
		sock_gen_put(lsk);
		mcp_count(mn, MCP_CNT_STEER_NO_ROUTE);
		return NF_DROP;
	}
	nf_tproxy_assign_sock(skb, lsk);
	mcp_count(mn, MCP_CNT_SUBFLOW_JOINED);
	return NF_ACCEPT;
}

/* Track a checked conversion and steal its SYN, or refuse it (counted) */
static unsigned int mcp_conv_hold(struct mcp_net *mn,
				  const struct mcp_cfg *cfg,
				  struct mcp_conv *conv, struct sk_buff *skb)
{
	struct mcp_flow f = {
		.family = conv->cfamily,
		.caddr = conv->caddr,
		.maddr = conv->maddr,
		.cport = conv->cport,
		.mport = conv->mport,
	};
	unsigned int per_client;
	int why = 0;

	spin_lock(&mn->conv_lock);
	if (mcp_conv_lookup(mn, &f, &per_client))
		why = MCP_CNT_SYN_RETRANSMIT;
	else if (per_client >= cfg->per_subscriber_max)
		why = MCP_CNT_SUBSCRIBER_LIMIT;
	else if (atomic_read(&mn->half_open) >= cfg->half_open_max)
		why = MCP_CNT_HALF_OPEN_LIMIT;
	else if (READ_ONCE(mn->dying))
		why = MCP_CNT_NO_LISTENER;
	if (!why) {
		atomic_inc(&mn->half_open);
		list_add_tail(&conv->list, &mn->convs);
	}
	spin_unlock(&mn->conv_lock);
	if (why) {
		mcp_count(mn, why);
		mcp_conv_notify(conv, MCP_PROXY_EVENT_REFUSED,
				mcp_counter_name(why), GFP_ATOMIC);
		mcp_conv_free(conv);
		return NF_DROP;
	}
	dev_hold(skb->dev);
	mcp_conv_kick(conv);
	return NF_STOLEN;
}

/*
 * TCP to the MCP's address, either family: @thoff is where the TCP header
 * starts, @iplen where the IP packet ends.
 */
static unsigned int mcp_syn_convert(struct mcp_net *mn,
				    const struct mcp_cfg *cfg,
				    struct sk_buff *skb,
				    const struct nf_hook_state *state,
				    unsigned int thoff, unsigned int iplen)
{
	u8 optbuf[MAX_TCP_OPTION_SPACE], area[MCP_IE_AREA_MAX];
	unsigned int optlen, plen;
	struct mcpw_synopts so;
	struct mcp_flow f;
	struct tcphdr _th;
	const struct tcphdr *th;
	struct mcpw_conv ies;
	struct mcp_conv *conv;
	const u8 *opt, *pl;
	int ret, why;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || th->rst || th->doff < 5)
		return NF_ACCEPT;
	mcp_flow_init(&f, skb, th);
	optlen = th->doff * 4 - sizeof(*th);
	if (!th->syn || th->ack) {
		struct mcpw_segopts seg;

		if (!optlen || !atomic_read(&mn->tokenless))
			return NF_ACCEPT;
		opt = skb_header_pointer(skb, thoff + sizeof(*th), optlen,
					 optbuf);
		if (opt && !mcpw_parse_segopts(opt, optlen,
					       mcp_pp_subtype_get(), &seg) &&
		    seg.keys)
			mcp_learn_tokens(mn, &f, &seg);
		return NF_ACCEPT;
	}
	if (iplen < thoff + th->doff * 4)
		return NF_ACCEPT;
	plen = iplen - thoff - th->doff * 4;
	if (!plen) {
		struct mcpw_segopts seg;

		opt = optlen ? skb_header_pointer(skb, thoff + sizeof(*th),
						  optlen, optbuf) : NULL;
		if (opt && !mcpw_parse_segopts(opt, optlen,
					       mcp_pp_subtype_get(), &seg) &&
		    seg.join_syn)
			return mcp_join_syn(mn, cfg, skb, &f, seg.join_token,
					    false);
		return mcp_syn_plain(mn, &f);
	}

	pl = skb_header_pointer(skb, thoff + th->doff * 4,
				min(plen, MCP_IE_AREA_MAX), area);
	if (!pl)
		return NF_ACCEPT;
	ret = mcpw_parse(pl, min(plen, MCP_IE_AREA_MAX), &ies);
	if (ret == -MCPW_R_NO_MAGIC)
		return NF_ACCEPT;	/* SYN data, but not ours */

	/* From here on the SYN is the MCP's: accepted or refused, counted. */
	opt = skb_header_pointer(skb, thoff + sizeof(*th), optlen, optbuf);
	if (!opt)
		return NF_ACCEPT;
	why = mcpw_parse_synopts(opt, optlen, mcp_pp_subtype_get(), &so);
	if (why) {
		mcp_count(mn, MCP_CNT_OPTIONS_MALFORMED);
		return NF_DROP;
	}
	if (!so.mpc) {
		/* IEs are only valid next to MP_CAPABLE (draft 5.1) */
		mcp_count(mn, so.mpc_err ? MCP_CNT_MPC_MALFORMED :
					   MCP_CNT_IE_WITHOUT_MPC);
		return NF_DROP;
	}
	mcp_count(mn, MCP_CNT_SYN_CONVERT);
	if (ret < 0) {
		bool cut = plen > MCP_IE_AREA_MAX &&
			   (ret == -MCPW_R_TRUNCATED ||
			    ret == -MCPW_R_OVERRUN ||
			    ret == -MCPW_R_PAD_TRUNCATED ||
			    ret == -MCPW_R_MISSING_NEXT);

		mcp_count(mn, cut ? MCP_CNT_IE_AREA_TOO_LONG :
				    MCP_CNT_WIRE - ret);
		return NF_DROP;
	}

	conv = mcp_conv_alloc(mn, skb, state, pl, ret);
	if (!conv) {
		mcp_count(mn, MCP_CNT_NOMEM);
		return NF_DROP;
	}
	mcp_conv_set_flow(conv, &f);
	why = mcp_syn_check(mn, cfg, &f, &ies, conv);
	if (why) {
		mcp_count(mn, why);
		mcp_conv_notify(conv, MCP_PROXY_EVENT_REFUSED,
				mcp_counter_name(why), GFP_ATOMIC);
		mcp_conv_free(conv);
		return NF_DROP;
	}
	return mcp_conv_hold(mn, cfg, conv, skb);
}

/*
 * An on-path SYN (draft sections 4, 7.2.1): MP_CAPABLE and MP_PREFER_PROXY
 * toward an address that is not the MCP's. Converted toward the SYN's own
 * destination; anything the MCP does not take is forwarded untouched.
 */
static unsigned int mcp_onpath_syn(struct mcp_net *mn,
				   const struct mcp_cfg *cfg,
				   struct sk_buff *skb,
				   const struct nf_hook_state *state,
				   const struct mcp_flow *f,
				   const struct mcpw_synopts *so)
{
	bool v6 = f->family == AF_INET6;
	struct mcp_conv *conv;
	int err;

	if (!so->pp)
		return NF_ACCEPT;
	if (!so->mpc) {
		/* the draft ignores it without MP_CAPABLE (section 4.2) */
		mcp_count(mn, MCP_CNT_PP_IGNORED);
		return NF_ACCEPT;
	}
	/* for this host, or not forwardable */
	if (v6 ? ipv6_chk_addr(mn->net, &f->maddr.v6, NULL, 0) :
		 inet_addr_type(mn->net, f->maddr.v4) != RTN_UNICAST)
		return NF_ACCEPT;
	mcp_count(mn, MCP_CNT_SYN_PREFER_PROXY);
	if (!mcp_flow_subscriber(cfg, f)) {
		/* a preference: the SYN goes on unconverted */
		mcp_count(mn, MCP_CNT_NOT_SUBSCRIBER);
		return NF_ACCEPT;
	}
	/* multicast and link-local IPv6 destinations end here */
	err = mcpw_addr_check(v6 ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4,
			      (const u8 *)&f->maddr, 0);
	if (err) {
		mcp_count(mn, MCP_CNT_WIRE - err);
		return NF_ACCEPT;
	}

	conv = mcp_conv_alloc(mn, skb, state, NULL, 0);
	if (!conv) {
		mcp_count(mn, MCP_CNT_NOMEM);
		return NF_ACCEPT;
	}
	conv->onpath = true;
	mcp_conv_set_flow(conv, f);
	conv->sfamily = f->family;
	conv->saddr = f->maddr;
	conv->sport = f->mport;
	return mcp_conv_hold(mn, cfg, conv, skb);
}

/*
 * Segments of the MCP's transparent sockets (the client legs of on-path
 * conversions, server legs bound to a source IE) carry addresses that are
 * not the MCP's: hand them to their socket and route them locally, as
 * TPROXY with its socket match and policy route would.
 */
static unsigned int mcp_steer(struct mcp_net *mn, const struct mcp_cfg *cfg,
			      struct sk_buff *skb, const struct mcp_flow *f,
			      unsigned int thoff)
{
	struct sock *sk;

	if (skb->sk)
		return NF_ACCEPT;
	if (f->family == AF_INET6)
		sk = nf_tproxy_get_sock_v6(mn->net, skb, thoff, IPPROTO_TCP,
					   &f->caddr.v6, &f->maddr.v6,
					   f->cport, f->mport, skb->dev,
					   NF_TPROXY_LOOKUP_ESTABLISHED);
	else
		sk = nf_tproxy_get_sock_v4(mn->net, skb, IPPROTO_TCP,
					   f->caddr.v4, f->maddr.v4, f->cport,
					   f->mport, skb->dev,
					   NF_TPROXY_LOOKUP_ESTABLISHED);
	if (!sk || !nf_tproxy_sk_is_transparent(sk))
		return NF_ACCEPT;
	if (mcp_route_local(skb, f->family, cfg->addr4, &cfg->addr6)) {
		sock_gen_put(sk);
		mcp_count(mn, MCP_CNT_STEER_NO_ROUTE);
		return NF_DROP;
	}
	nf_tproxy_assign_sock(skb, sk);
	return NF_ACCEPT;
}

/*
 * Which passing segments can be for a transparent socket of the MCP: an
 * on-path client leg's come from a subscriber, a bound server leg's go to
 * a source IE, which lies in the subscriber prefixes of its family.
 * Everything else (the other direction, other hosts) needs no socket
 * lookup.
 */
static bool mcp_may_steer(struct mcp_net *mn, const struct mcp_cfg *cfg,
			  const struct mcp_flow *f, bool onpath)
{
	if (onpath && mcp_flow_subscriber(cfg, f))
		return true;
	if (!READ_ONCE(mn->steer))
		return false;
	if (f->family == AF_INET6)
		return mcp_in_prefixes6(cfg, &f->maddr.v6);
	return mcp_in_prefixes(cfg, f->maddr.v4);
}

/*
 * TCP not addressed to the MCP's address, either family (@thoff: the TCP
 * header): on-path SYNs, MP_JOINs of on-path conversions, their tokens,
 * steered segments.
 */
static unsigned int mcp_passing(struct mcp_net *mn, const struct mcp_cfg *cfg,
				struct sk_buff *skb,
				const struct nf_hook_state *state,
				unsigned int thoff)
{
	u8 optbuf[MAX_TCP_OPTION_SPACE];
	bool onpath = cfg->mode & MCP_PROXY_MODE_ONPATH;
	unsigned int pp = mcp_pp_subtype_get();
	const struct tcphdr *th;
	struct mcpw_segopts seg;
	struct mcpw_synopts so;
	unsigned int optlen;
	const u8 *opt = NULL;
	struct tcphdr _th;
	struct mcp_flow f;
	bool syn;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || th->doff < 5)
		return NF_ACCEPT;
	mcp_flow_init(&f, skb, th);
	syn = th->syn && !th->ack && !th->rst;
	optlen = th->doff * 4 - sizeof(*th);
	if (optlen && (onpath || atomic_read(&mn->tokenless)))
		opt = skb_header_pointer(skb, thoff + sizeof(*th), optlen,
					 optbuf);
	if (opt && !mcpw_parse_segopts(opt, optlen, pp, &seg)) {
		/*
		 * A join carries no MP_CAPABLE: whatever else it carries.
		 * One to an address of this host is not passing: a path
		 * manager listener (a signal endpoint with a port) takes it.
		 */
		if (syn && onpath && seg.join_syn)
			return mcp_flow_to_local(state->net, skb, &f) ?
			       NF_ACCEPT :
			       mcp_join_syn(mn, cfg, skb, &f, seg.join_token,
					    true);
		if (syn && onpath && seg.pp &&
		    !mcpw_parse_synopts(opt, optlen, pp, &so))
			return mcp_onpath_syn(mn, cfg, skb, state, &f, &so);
		if (!th->syn && seg.keys && atomic_read(&mn->tokenless))
			mcp_learn_tokens(mn, &f, &seg);
		/* the draft ignores it outside an MP_CAPABLE SYN */
		if (!syn && onpath && seg.pp)
			mcp_count(mn, MCP_CNT_PP_IGNORED);
	}
	if ((th->syn && !th->ack) || !mcp_may_steer(mn, cfg, &f, onpath))
		return NF_ACCEPT;
	return mcp_steer(mn, cfg, skb, &f, thoff);
}

/**
 * mcp_hook_v4() - PREROUTING: take the SYNs that ask for a conversion
 * @priv: unused
 * @skb: the packet
 * @state: the hook state; its okfn continues a held SYN later
 *
 * Explicit mode: only a SYN to the MCP's address whose payload starts with
 * the MP_CONVERT magic is looked at further. On-path mode: a SYN passing by
 * with MP_CAPABLE and MP_PREFER_PROXY. Segments of the MCP's transparent
 * sockets are steered to them. Anything else, native MPTCP included,
 * passes untouched.
 *
 * Return: NF_ACCEPT, NF_DROP (refused, counted) or NF_STOLEN (held).
 */
unsigned int mcp_hook_v4(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	struct mcp_net *mn = mcp_net(state->net);
	const struct mcp_cfg *cfg;
	const struct iphdr *iph;
	unsigned int verdict = NF_ACCEPT;

	iph = ip_hdr(skb);
	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) ||
	    skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;

	rcu_read_lock();
	cfg = rcu_dereference(mn->cfg);
	if (!cfg->addr4 || !READ_ONCE(mn->listener))
		goto out;
	if (iph->daddr == cfg->addr4) {
		if (cfg->mode & MCP_PROXY_MODE_EXPLICIT)
			verdict = mcp_syn_convert(mn, cfg, skb, state,
						  ip_hdrlen(skb),
						  ntohs(iph->tot_len));
	} else if ((cfg->mode & MCP_PROXY_MODE_ONPATH) ||
		   READ_ONCE(mn->steer)) {
		verdict = mcp_passing(mn, cfg, skb, state, ip_hdrlen(skb));
	}
out:
	rcu_read_unlock();
	return verdict;
}

/**
 * mcp_hook_v6() - PREROUTING: take the SYNs of IPv6 clients
 * @priv: unused
 * @skb: the packet
 * @state: the hook state; its okfn continues a held SYN later
 *
 * As mcp_hook_v4(), with the MCP's IPv6 address and its IPv6 listener:
 * explicit mode takes TCP to that address (SYNs with the magic, their
 * retransmissions, MP_JOINs, the client's keys), on-path mode TCP passing
 * by, and once a server leg was bound to an IPv6 source IE the server's
 * segments to it are steered (the IPv6 counterpart of the IPv4 path). A
 * packet with extension headers before TCP is not looked at: a client's
 * SYN has none, and a server's segment with them is not steered.
 *
 * Return: NF_ACCEPT, NF_DROP (refused, counted) or NF_STOLEN (held).
 */
unsigned int mcp_hook_v6(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	struct mcp_net *mn = mcp_net(state->net);
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	unsigned int verdict = NF_ACCEPT;
	const struct mcp_cfg *cfg;

	if (ip6h->nexthdr != IPPROTO_TCP || skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;

	rcu_read_lock();
	cfg = rcu_dereference(mn->cfg);
	if (!READ_ONCE(mn->listener6))
		goto out;
	if (ipv6_addr_equal(&ip6h->daddr, &cfg->addr6)) {
		if (cfg->mode & MCP_PROXY_MODE_EXPLICIT)
			verdict = mcp_syn_convert(mn, cfg, skb, state,
						  sizeof(*ip6h),
						  sizeof(*ip6h) +
						  ntohs(ip6h->payload_len));
	} else if ((cfg->mode & MCP_PROXY_MODE_ONPATH) ||
		   READ_ONCE(mn->steer)) {
		verdict = mcp_passing(mn, cfg, skb, state, sizeof(*ip6h));
	}
out:
	rcu_read_unlock();
	return verdict;
}

/* --------------------------------------------------------------- listener */

/* the client leg of an accepted connection: its peer and its local end */
static int mcp_flow_of_sock(struct socket *sock, struct mcp_flow *f)
{
	struct sockaddr_storage peer, local;
	struct sockaddr_in6 *p6 = (struct sockaddr_in6 *)&peer;
	struct sockaddr_in6 *l6 = (struct sockaddr_in6 *)&local;
	struct sockaddr_in *p4 = (struct sockaddr_in *)&peer;
	struct sockaddr_in *l4 = (struct sockaddr_in *)&local;

	if (kernel_getpeername(sock, (struct sockaddr *)&peer) < 0 ||
	    kernel_getsockname(sock, (struct sockaddr *)&local) < 0 ||
	    peer.ss_family != local.ss_family)
		return -EINVAL;
	memset(f, 0, sizeof(*f));
	f->family = peer.ss_family;
	if (f->family == AF_INET6) {
		f->caddr.v6 = p6->sin6_addr;
		f->cport = p6->sin6_port;
		f->maddr.v6 = l6->sin6_addr;
		f->mport = l6->sin6_port;
	} else if (f->family == AF_INET) {
		f->caddr.v4 = p4->sin_addr.s_addr;
		f->cport = p4->sin_port;
		f->maddr.v4 = l4->sin_addr.s_addr;
		f->mport = l4->sin_port;
	} else {
		return -EAFNOSUPPORT;
	}
	return 0;
}

static void mcp_accept_one(struct mcp_net *mn, struct socket *sock)
{
	struct mcp_conv *conv, *found = NULL;
	struct mcp_flow f;

	if (mcp_flow_of_sock(sock, &f))
		goto unmatched;

	spin_lock_bh(&mn->conv_lock);
	list_for_each_entry(conv, &mn->convs, list) {
		if (conv->state == MCP_PROXY_CONV_RELEASED &&
		    !conv->cli_pending && !conv->cli &&
		    mcp_conv_is(conv, &f)) {
			conv->cli_pending = sock;
			found = conv;
			refcount_inc(&conv->ref);
			break;
		}
	}
	spin_unlock_bh(&mn->conv_lock);
	if (found) {
		mcp_conv_kick(found);
		mcp_conv_put(found);
		return;
	}
unmatched:
	mcp_count(mn, MCP_CNT_ACCEPT_UNMATCHED);
	mcp_sock_close(sock, true);
}

/**
 * mcp_accept_work_fn() - accept what the listener has, pair it
 * @work: mcp_net.accept_work
 */
void mcp_accept_work_fn(struct work_struct *work)
{
	struct mcp_net *mn = container_of(work, struct mcp_net, accept_work);
	struct socket *sock;

	mutex_lock(&mn->lock);
	while (mn->listener &&
	       !kernel_accept(mn->listener, &sock, O_NONBLOCK))
		mcp_accept_one(mn, sock);
	while (mn->listener6 &&
	       !kernel_accept(mn->listener6, &sock, O_NONBLOCK))
		mcp_accept_one(mn, sock);
	mutex_unlock(&mn->lock);
}

static int mcp_listen_wake(struct wait_queue_entry *wait, unsigned int mode,
			   int sync, void *key)
{
	struct mcp_net *mn = wait->private;

	queue_work(mcp_wq, &mn->accept_work);
	return 0;
}

/**
 * mcp_listener_start() - open an internal MPTCP listener
 * @mn: the namespace
 * @cfg: the configuration it is for
 * @family: AF_INET (on mcp_cfg.addr4) or AF_INET6 (on mcp_cfg.addr6)
 *
 * Transparent, so that the SYNs assigned to it keep the address and port
 * the client used. Both listeners share the accept work and the port.
 * Each is also the join listener of its port (struct mcp_join_lsn).
 * Context: @mn->lock held.
 *
 * Return: 0 or a negative errno.
 */
int mcp_listener_start(struct mcp_net *mn, const struct mcp_cfg *cfg,
		       int family)
{
	struct wait_queue_entry *wait = family == AF_INET6 ?
					&mn->listen_wait6 : &mn->listen_wait;
	struct mcp_join_lsn *jl;
	union mcp_addr addr;
	struct socket *sock;
	int err;

	lockdep_assert_held(&mn->lock);
	if (family == AF_INET6)
		addr.v6 = cfg->addr6;
	else
		addr.v4 = cfg->addr4;
	err = mcp_listen_on(mn->net, family, &addr, htons(cfg->listen_port),
			    SOMAXCONN, &sock);
	if (err)
		return err;
	mutex_lock(&mn->join_lock);
	jl = mcp_join_lsn_add(mn, family, &addr, htons(cfg->listen_port), NULL);
	mutex_unlock(&mn->join_lock);
	if (!jl) {
		sock_release(sock);
		return -ENOMEM;
	}
	init_waitqueue_func_entry(wait, mcp_listen_wake);
	wait->private = mn;
	add_wait_queue(sk_sleep(sock->sk), wait);
	if (family == AF_INET6)
		WRITE_ONCE(mn->listener6, sock);
	else
		WRITE_ONCE(mn->listener, sock);
	return 0;
}

/**
 * mcp_listener_stop() - close an internal listener, if open
 * @mn: the namespace
 * @family: which one, AF_INET or AF_INET6
 *
 * Conversions already paired keep running; held ones fail at release and
 * reset their client. Its join listener entry leaves the table, so that no
 * new conversion takes it, and is freed with its last user.
 * Context: @mn->lock held.
 */
void mcp_listener_stop(struct mcp_net *mn, int family)
{
	struct socket **lsock = family == AF_INET6 ? &mn->listener6 :
						      &mn->listener;
	struct wait_queue_entry *wait = family == AF_INET6 ?
					&mn->listen_wait6 : &mn->listen_wait;
	struct socket *sock = *lsock;
	struct mcp_join_lsn *jl;

	lockdep_assert_held(&mn->lock);
	if (!sock)
		return;
	mutex_lock(&mn->join_lock);
	/* the only linked entry of its family without a socket of its own */
	list_for_each_entry(jl, &mn->join_lsns, list) {
		if (jl->family == family && !jl->sock) {
			list_del_rcu(&jl->list);
			jl->linked = false;
			mcp_join_lsn_drop(mn, jl);
			break;
		}
	}
	mutex_unlock(&mn->join_lock);
	WRITE_ONCE(*lsock, NULL);
	remove_wait_queue(sk_sleep(sock->sk), wait);
	sock_release(sock);
}

/**
 * mcp_conv_abort_all() - end every conversion of a namespace, and wait
 * @mn: the namespace, already marked dying and without a listener
 *
 * Context: process, no lock held (the work items take conv_lock).
 */
void mcp_conv_abort_all(struct mcp_net *mn)
{
	struct mcp_conv *conv;
	bool empty;

	cancel_work_sync(&mn->accept_work);
	for (;;) {
		spin_lock_bh(&mn->conv_lock);
		list_for_each_entry(conv, &mn->convs, list) {
			set_bit(MCP_EV_ABORT, &conv->events);
			mcp_conv_kick(conv);
		}
		empty = list_empty(&mn->convs);
		spin_unlock_bh(&mn->conv_lock);
		if (empty)
			break;
		flush_workqueue(mcp_wq);
	}
}

/* ---------------------------------------------------------------- netlink */

/**
 * mcp_nl_put_addr() - an address as the attribute of its family
 * @skb: the message
 * @family: AF_INET or AF_INET6
 * @type4: the attribute for an IPv4 address
 * @type6: the one for IPv6
 * @a: the address
 *
 * Return: 0 or -EMSGSIZE.
 */
int mcp_nl_put_addr(struct sk_buff *skb, u16 family, int type4, int type6,
		    const union mcp_addr *a)
{
	if (family == AF_INET6)
		return nla_put_in6_addr(skb, type6, &a->v6);
	return nla_put_in_addr(skb, type4, a->v4);
}

static int mcp_nl_put_conv(struct sk_buff *skb, const struct mcp_conv *conv)
{
	u64 to_client = conv->s2c.bytes;
	struct nlattr *nest;

	to_client -= min_t(u64, to_client, conv->echo_len);
	nest = nla_nest_start(skb, MCP_PROXY_A_CONV);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, MCP_PROXY_V_ROLE, MCP_PROXY_ROLE_DOWNSTREAM) ||
	    nla_put_u8(skb, MCP_PROXY_V_STATE, conv->state) ||
	    mcp_nl_put_addr(skb, conv->cfamily, MCP_PROXY_V_CLIENT_ADDR4,
			    MCP_PROXY_V_CLIENT_ADDR6, &conv->caddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_CLIENT_PORT, ntohs(conv->cport)) ||
	    mcp_nl_put_addr(skb, conv->cfamily, MCP_PROXY_V_MCP_ADDR4,
			    MCP_PROXY_V_MCP_ADDR6, &conv->maddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_MCP_PORT, ntohs(conv->mport)) ||
	    mcp_nl_put_addr(skb, conv->sfamily, MCP_PROXY_V_LOCAL_ADDR4,
			    MCP_PROXY_V_LOCAL_ADDR6, &conv->laddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_LOCAL_PORT, ntohs(conv->lport)) ||
	    mcp_nl_put_addr(skb, conv->sfamily, MCP_PROXY_V_SERVER_ADDR4,
			    MCP_PROXY_V_SERVER_ADDR6, &conv->saddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_SERVER_PORT, ntohs(conv->sport)) ||
	    nla_put_u64_64bit(skb, MCP_PROXY_V_BYTES_TO_SERVER,
			      READ_ONCE(conv->c2s.bytes), MCP_PROXY_V_PAD) ||
	    nla_put_u64_64bit(skb, MCP_PROXY_V_BYTES_TO_CLIENT, to_client,
			      MCP_PROXY_V_PAD) ||
	    nla_put_u64_64bit(skb, MCP_PROXY_V_AGE_MS,
			      jiffies_to_msecs(jiffies - conv->started),
			      MCP_PROXY_V_PAD) ||
	    (conv->onpath && nla_put_flag(skb, MCP_PROXY_V_ONPATH)) ||
	    nla_put_u32(skb, MCP_PROXY_V_SUBFLOWS, READ_ONCE(conv->subflows)) ||
	    (conv->token &&
	     (nla_put_u32(skb, MCP_PROXY_V_TOKEN, READ_ONCE(conv->token)) ||
	      nla_put_u32(skb, MCP_PROXY_V_CLIENT_TOKEN,
			  READ_ONCE(conv->client_token))))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int mcp_nl_put_conv_entry(struct sk_buff *skb,
				 const struct list_head *entry)
{
	return mcp_nl_put_conv(skb, list_entry(entry, struct mcp_conv, list));
}

/**
 * mcp_nl_fill_convs() - the conversions of a namespace, one per message
 * @mn: the namespace
 * @skb: the dump message
 * @cb: cb->args[0] counts the conversions already sent
 *
 * Return: 0 when the last conversion is in, -EMSGSIZE when @skb is full.
 */
int mcp_nl_fill_convs(struct mcp_net *mn, struct sk_buff *skb,
		      struct netlink_callback *cb)
{
	return mcp_nl_dump_list(skb, cb, &mn->conv_lock, &mn->convs,
				&cb->args[0], mcp_nl_put_conv_entry);
}
