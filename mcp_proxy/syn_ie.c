// SPDX-License-Identifier: GPL-2.0
/*
 * mcp_proxy: the MP_CONVERT IEs in the SYN of a multipath host's own MPTCP
 * socket (draft-boucadair-mptcp-plain-mode section 5, explicit mode).
 *
 * On 6.1 an MPTCP client can put data in its SYN only through Fast Open,
 * and that data goes out again after the handshake without a DSS mapping:
 * the MCP's side falls back to TCP and no second subflow is ever opened.
 * So a process registers the IEs for its bound, not yet connected socket
 * (MCP_PROXY_CMD_SYN_IE_SET), connects without Fast Open, and writes the
 * same IEs as the first bytes of the stream, where they are mapped. The
 * LOCAL_OUT hook below appends the IEs to that socket's payload-less SYN
 * (not its retransmissions): the local TCP stack never knows of them, the
 * MCP's PREROUTING hook reads them, its listener (no Fast Open) ignores
 * them. The upstream MCP (upstream.c) does the same for its own sockets.
 *
 * The SYN is recognised by its source port, the one the socket was bound
 * to, and by coming from an MPTCP subflow: the MPTCP socket behind a
 * subflow is private to net/mptcp, not reachable from a module. A
 * registration holds a reference on the socket, so that the collector may
 * look at its state until it frees the registration: when the handshake
 * has moved on, when the socket was closed, or after MCP_SIE_LIFETIME.
 * Documentation/mcp_proxy.rst, "Multipath hosts".
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/mptcp.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mcp_proxy.h"

/* how long a registration waits for its handshake to end */
#define MCP_SIE_LIFETIME	(10 * HZ)
/* how often the collector looks while registrations wait */
#define MCP_SIE_GC_INTERVAL	(HZ / 5)

/**
 * struct mcp_sie - IEs waiting for the SYN of one socket
 * @list: in mcp_sie_net.regs
 * @sk: the MPTCP socket, referenced
 * @port: its bound local port: the source port of its SYN
 * @addr: its bound local address; any matches every source
 * @v6: @addr is an IPv6 address (else IPv4, also for v4-mapped binds)
 * @sent: the SYN carried the IEs (retransmissions go without)
 * @expires: jiffies after which the registration is dropped
 * @len: octets of @ie
 * @ie: the IEs
 */
struct mcp_sie {
	struct list_head list;
	struct sock *sk;
	__be16 port;
	union mcp_addr addr;
	bool v6;
	bool sent;
	unsigned long expires;
	unsigned int len;
	u8 ie[MCP_PROXY_SYN_IE_MAX];
};

static void mcp_sie_free(struct mcp_sie *r)
{
	sock_put(r->sk);
	kfree(r);
}

/*
 * Is @r done with? Closed (orphaned at close), expired, or past its SYN:
 * the handshake ended either way, or the socket connected without it.
 */
static bool mcp_sie_stale(struct mcp_net *mn, const struct mcp_sie *r)
{
	int state = READ_ONCE(r->sk->sk_state);

	if (sock_flag(r->sk, SOCK_DEAD) || time_after(jiffies, r->expires)) {
		if (!r->sent)
			mcp_count(mn, MCP_CNT_SYN_IE_UNUSED);
		return true;
	}
	if (state == TCP_SYN_SENT)
		return false;
	if (state == TCP_CLOSE)
		return r->sent;	/* refused or reset after its SYN */
	if (!r->sent)
		mcp_count(mn, MCP_CNT_SYN_IE_UNUSED);
	return true;
}

static void mcp_sie_gc(struct work_struct *work)
{
	struct mcp_net *mn = container_of(to_delayed_work(work),
					  struct mcp_net, sie.gc);
	struct mcp_sie_net *sn = &mn->sie;
	struct mcp_sie *r, *tmp;
	LIST_HEAD(stale);
	bool again;

	spin_lock_bh(&sn->lock);
	list_for_each_entry_safe(r, tmp, &sn->regs, list) {
		if (mcp_sie_stale(mn, r)) {
			list_move(&r->list, &stale);
			WRITE_ONCE(sn->n, sn->n - 1);
		}
	}
	again = sn->n && !sn->dying;
	spin_unlock_bh(&sn->lock);
	/* sock_put() may free the socket: not under the hook's lock */
	list_for_each_entry_safe(r, tmp, &stale, list)
		mcp_sie_free(r);
	if (again)
		queue_delayed_work(mcp_wq, &sn->gc, MCP_SIE_GC_INTERVAL);
}

/* the bound address of @sock and its port; port 0 when not bound */
static int mcp_sie_bound(struct socket *sock, struct mcp_sie *r)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	int err;

	memset(&ss, 0, sizeof(ss));
	err = kernel_getsockname(sock, (struct sockaddr *)&ss);
	if (err < 0)
		return err;
	if (ss.ss_family == AF_INET) {
		r->port = s4->sin_port;
		r->addr.v4 = s4->sin_addr.s_addr;
	} else if (ipv6_addr_v4mapped(&s6->sin6_addr)) {
		r->port = s6->sin6_port;
		r->addr.v4 = s6->sin6_addr.s6_addr32[3];
	} else {
		r->port = s6->sin6_port;
		r->addr.v6 = s6->sin6_addr;
		r->v6 = true;
	}
	return 0;
}

/* Another registration for this port: the same socket (replaced) or not */
static struct mcp_sie *mcp_sie_find_port(struct mcp_sie_net *sn, __be16 port)
{
	struct mcp_sie *r;

	list_for_each_entry(r, &sn->regs, list)
		if (r->port == port)
			return r;
	return NULL;
}

/* The checks of the socket a process names: 0 or the refusal */
static int mcp_sie_sock_check(struct mcp_net *mn, struct socket *sock,
			      struct netlink_ext_ack *extack)
{
	struct sock *sk = sock->sk;

	if (!sk || sock->type != SOCK_STREAM ||
	    sk->sk_protocol != IPPROTO_MPTCP ||
	    (sk->sk_family != AF_INET && sk->sk_family != AF_INET6)) {
		NL_SET_ERR_MSG(extack, "not an MPTCP stream socket");
		return -EPROTOTYPE;
	}
	if (!net_eq(sock_net(sk), mn->net)) {
		NL_SET_ERR_MSG(extack,
			       "the socket is in another network namespace");
		return -EXDEV;
	}
	if (sock->state != SS_UNCONNECTED ||
	    READ_ONCE(sk->sk_state) != TCP_CLOSE) {
		NL_SET_ERR_MSG(extack,
			       "the socket is connected, connecting or listening: register before connect()");
		return -EISCONN;
	}
	return 0;
}

/**
 * mcp_sie_register() - IEs for the SYN of the caller's socket
 * @mn: the namespace of the request
 * @fd: a descriptor of the calling process
 * @ie: the IEs, sent as they are (the MCP validates them)
 * @len: 1 to MCP_PROXY_SYN_IE_MAX (the policy checked)
 * @extack: the reason of a refusal
 *
 * A second registration for the same socket replaces the first.
 * Context: process, the caller's (the descriptor is looked up in it).
 *
 * Return: 0 or a negative errno.
 */
int mcp_sie_register(struct mcp_net *mn, int fd, const u8 *ie,
		     unsigned int len, struct netlink_ext_ack *extack)
{
	struct mcp_sie_net *sn = &mn->sie;
	struct mcp_sie *r, *old;
	struct socket *sock;
	int err;

	if (WARN_ON_ONCE(!len || len > MCP_PROXY_SYN_IE_MAX))
		return -EINVAL;
	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG(extack,
			       "no socket with this descriptor in the calling process");
		return err;
	}
	err = mcp_sie_sock_check(mn, sock, extack);
	if (err)
		goto out;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r) {
		mcp_count(mn, MCP_CNT_NOMEM);
		err = -ENOMEM;
		goto out;
	}
	err = mcp_sie_bound(sock, r);
	if (!err && !r->port) {
		NL_SET_ERR_MSG(extack,
			       "bind the socket first: its port identifies its SYN");
		err = -EDESTADDRREQ;
	}
	if (err) {
		kfree(r);
		goto out;
	}
	memcpy(r->ie, ie, len);
	r->len = len;
	r->expires = jiffies + MCP_SIE_LIFETIME;
	r->sk = sock->sk;
	sock_hold(r->sk);

	spin_lock_bh(&sn->lock);
	old = mcp_sie_find_port(sn, r->port);
	if (old && old->sk != r->sk) {
		NL_SET_ERR_MSG(extack,
			       "another socket has IEs registered for this port");
		err = -EADDRINUSE;
	} else if (!old && sn->n >= MCP_PROXY_SYN_IE_PENDING_MAX) {
		mcp_count(mn, MCP_CNT_SYN_IE_LIMIT);
		NL_SET_ERR_MSG(extack,
			       "too many sockets wait for their SYN in this namespace");
		err = -ENOSPC;
	} else if (sn->dying) {
		err = -ENODEV;
	} else if (old) {
		list_replace(&old->list, &r->list);
	} else {
		list_add_tail(&r->list, &sn->regs);
		WRITE_ONCE(sn->n, sn->n + 1);
	}
	if (!err && !delayed_work_pending(&sn->gc))
		queue_delayed_work(mcp_wq, &sn->gc, MCP_SIE_GC_INTERVAL);
	spin_unlock_bh(&sn->lock);
	if (err) {
		mcp_sie_free(r);
	} else {
		mcp_count(mn, MCP_CNT_SYN_IE_REGISTERED);
		if (old)
			mcp_sie_free(old);
	}
out:
	sockfd_put(sock);
	return err;
}

/**
 * mcp_sie_pending() - registrations waiting in a namespace
 * @mn: the namespace
 *
 * Return: their number.
 */
unsigned int mcp_sie_pending(struct mcp_net *mn)
{
	return READ_ONCE(mn->sie.n);
}

/**
 * mcp_syn_append() - append octets to a payload-less SYN, IPv4 or IPv6
 * @skb: the SYN, its network header set, no IPv6 extension header
 * @data: the octets: IEs as payload, or TCP options
 * @len: their length, a multiple of 4 for options
 * @option: they extend the TCP options (room checked), not the payload
 *
 * The lengths and the checksums are rewritten; the TCP stack that sent the
 * SYN does not know of the octets (its sequence space is unchanged). A
 * payload-less SYN ends with its options, so both kinds go at the end.
 *
 * Return: 0, -ENOSPC (options full), or a negative errno, with @skb
 * unchanged.
 */
int mcp_syn_append(struct sk_buff *skb, const u8 *data, unsigned int len,
		   bool option)
{
	bool v6 = ip_hdr(skb)->version == 6;
	unsigned int thoff = v6 ? sizeof(struct ipv6hdr) : ip_hdrlen(skb);
	unsigned int tcplen;
	struct tcphdr *th;

	th = (struct tcphdr *)(skb->data + thoff);
	if (option && (len % 4 ||
		       th->doff * 4 + len > sizeof(*th) + MAX_TCP_OPTION_SPACE))
		return -ENOSPC;
	if (skb_is_nonlinear(skb) || skb_ensure_writable(skb, skb->len))
		return -EINVAL;
	if (skb_tailroom(skb) < len &&
	    pskb_expand_head(skb, 0, len - skb_tailroom(skb), GFP_ATOMIC))
		return -ENOMEM;
	skb_put_data(skb, data, len);
	th = (struct tcphdr *)(skb->data + thoff);
	if (option)
		th->doff += len / 4;
	tcplen = skb->len - thoff;
	if (v6) {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6h->payload_len = htons(tcplen);
		th->check = 0;
		th->check = tcp_v6_check(tcplen, &ip6h->saddr, &ip6h->daddr,
					 csum_partial(th, tcplen, 0));
	} else {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = htons(skb->len);
		ip_send_check(iph);
		th->check = 0;
		th->check = tcp_v4_check(tcplen, iph->saddr, iph->daddr,
					 csum_partial(th, tcplen, 0));
	}
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

static bool mcp_sie_addr_match(const struct mcp_sie *r, bool v6,
			       const union mcp_addr *src)
{
	if (r->v6 != v6)
		return !r->v6 ? !r->addr.v4 : ipv6_addr_any(&r->addr.v6);
	if (v6)
		return ipv6_addr_any(&r->addr.v6) ||
		       ipv6_addr_equal(&r->addr.v6, &src->v6);
	return !r->addr.v4 || r->addr.v4 == src->v4;
}

/* The SYN of a registered socket gets its IEs; every other packet passes */
static unsigned int mcp_sie_out(struct mcp_net *mn, struct sk_buff *skb,
				unsigned int thoff, bool v6,
				const union mcp_addr *src)
{
	struct mcp_sie_net *sn = &mn->sie;
	u8 ie[MCP_PROXY_SYN_IE_MAX];
	const struct tcphdr *th;
	unsigned int len = 0;
	struct tcphdr _th;
	struct mcp_sie *r;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || !th->syn || th->ack || th->rst ||
	    skb->len != thoff + th->doff * 4)
		return NF_ACCEPT;
	if (!skb->sk || !sk_fullsock(skb->sk) || !sk_is_mptcp(skb->sk))
		return NF_ACCEPT;

	spin_lock_bh(&sn->lock);
	list_for_each_entry(r, &sn->regs, list) {
		/*
		 * The first SYN only, as Fast Open data would go: the MCP
		 * drops a refused SYN silently and counts it once; a
		 * retransmission without IEs meets its stack and a reset.
		 */
		if (!r->sent && r->port == th->source &&
		    mcp_sie_addr_match(r, v6, src)) {
			memcpy(ie, r->ie, r->len);
			len = r->len;
			r->sent = true;
			break;
		}
	}
	spin_unlock_bh(&sn->lock);
	if (!len)
		return NF_ACCEPT;
	if (mcp_syn_append(skb, ie, len, false)) {
		/* the SYN is retransmitted and tried again */
		mcp_count(mn, MCP_CNT_SYN_IE_APPEND_FAILED);
		return NF_DROP;
	}
	mcp_count(mn, MCP_CNT_SYN_IE_SENT);
	return NF_ACCEPT;
}

/**
 * mcp_sie_out_v4() - LOCAL_OUT: IEs into an IPv4 SYN of a registered socket
 * @priv: unused
 * @skb: the packet
 * @state: the hook state
 *
 * Works in every namespace, whatever the MCP mode (a client host has none).
 *
 * Return: NF_ACCEPT, or NF_DROP when the IEs cannot be added (counted).
 */
unsigned int mcp_sie_out_v4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct mcp_net *mn = mcp_net(state->net);
	const struct iphdr *iph = ip_hdr(skb);
	union mcp_addr src = {};

	/* every packet the host sends passes here: nothing registered, out */
	if (!READ_ONCE(mn->sie.n) || iph->protocol != IPPROTO_TCP ||
	    ip_is_fragment(iph) || ntohs(iph->tot_len) != skb->len)
		return NF_ACCEPT;
	src.v4 = iph->saddr;
	return mcp_sie_out(mn, skb, ip_hdrlen(skb), false, &src);
}

/**
 * mcp_sie_out_v6() - LOCAL_OUT: IEs into an IPv6 SYN of a registered socket
 * @priv: unused
 * @skb: the packet
 * @state: the hook state
 *
 * As mcp_sie_out_v4(); a SYN with extension headers passes untouched.
 *
 * Return: NF_ACCEPT, or NF_DROP when the IEs cannot be added (counted).
 */
unsigned int mcp_sie_out_v6(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	struct mcp_net *mn = mcp_net(state->net);
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	union mcp_addr src;

	if (!READ_ONCE(mn->sie.n) || ip6h->nexthdr != IPPROTO_TCP ||
	    sizeof(*ip6h) + ntohs(ip6h->payload_len) != skb->len)
		return NF_ACCEPT;
	src.v6 = ip6h->saddr;
	return mcp_sie_out(mn, skb, sizeof(*ip6h), true, &src);
}

/**
 * mcp_sie_net_init() - the registrations of a new namespace
 * @mn: the namespace
 */
void mcp_sie_net_init(struct mcp_net *mn)
{
	spin_lock_init(&mn->sie.lock);
	INIT_LIST_HEAD(&mn->sie.regs);
	INIT_DELAYED_WORK(&mn->sie.gc, mcp_sie_gc);
}

/**
 * mcp_sie_net_exit() - free every registration (namespace exit, rmmod)
 * @mn: the namespace; its hooks are unregistered already
 *
 * Context: process, no lock held.
 */
void mcp_sie_net_exit(struct mcp_net *mn)
{
	struct mcp_sie_net *sn = &mn->sie;
	struct mcp_sie *r, *tmp;
	LIST_HEAD(all);

	spin_lock_bh(&sn->lock);
	sn->dying = true;
	spin_unlock_bh(&sn->lock);
	cancel_delayed_work_sync(&sn->gc);
	spin_lock_bh(&sn->lock);
	list_splice_init(&sn->regs, &all);
	WRITE_ONCE(sn->n, 0);
	spin_unlock_bh(&sn->lock);
	list_for_each_entry_safe(r, tmp, &all, list)
		mcp_sie_free(r);
}
