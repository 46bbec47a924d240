// SPDX-License-Identifier: GPL-2.0
/*
 * mcp_proxy: the upstream MCP on the CPE (draft-boucadair-mptcp-plain-mode
 * section 7.2.2), and the steering of packets to transparent sockets that
 * both ends need.
 *
 * A SYN from a LAN host (the configured prefixes, optionally one input
 * device) to a remote server is held. A kernel MPTCP socket connects to
 * the downstream MCP with the MP_CONVERT IE naming the server as SYN data
 * (TCP_FASTOPEN_CONNECT: the defer-connect path, the only client Fast Open
 * an MPTCP socket has on 6.1). Only when the MCP has answered and echoed
 * the IE is the LAN SYN handed on, assigned (as TPROXY does) to an internal
 * transparent TCP listener on 127.0.0.1 (::1 for IPv6), so that the LAN
 * host's handshake completes after the MPTCP one; a refusal or silence
 * resets the LAN host. Each leg has its own family: the MPTCP socket goes
 * to the MCP address of the LAN connection's family if one is set, else to
 * the other one, and the IEs name the server in the LAN connection's.
 * Then both legs are relayed. In transparent mode a second IE, with the D
 * bit, names the LAN host as the source, which the downstream MCP uses for
 * its server leg (conv.c): no address is translated anywhere. In upstream
 * on-path mode the MPTCP socket connects to the server itself, and the
 * LOCAL_OUT hook adds MP_PREFER_PROXY to its SYN instead of IEs: a
 * downstream MCP in on-path mode on the way converts it, and there is no
 * echo to wait for.
 *
 * A packet to a non-local address that belongs to a transparent socket (a
 * LAN connection here; on the downstream MCP, the server's replies to a
 * subscriber address) is assigned to that socket and routed as local. This
 * is what TPROXY set-ups do with "-m socket" and a policy route; doing it
 * here needs no firewall or routing rule.
 *
 * With up-local on, this host's own plain TCP connections are converted
 * the same way (mcp_up_local_out()): their SYN is held at LOCAL_OUT, and
 * since a local packet never passes PREROUTING, it and the application's
 * later segments are handed to the listener's sockets here, delivered as
 * local input. The listener's replies are addressed to a local address:
 * the stack loops them back to the application unaided.
 *
 * Like conv.c, every step of one conversion runs in its work item.
 * Documentation/mcp_proxy.rst, "Upstream MCP".
 */

#include <linux/in.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mptcp.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/addrconf.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/mptcp.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>
#include <net/netfilter/nf_tproxy.h>
#include <net/route.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "mcp_proxy.h"

#define MCP_UP_IE_MAX		64

enum {
	MCP_UP_EV_TIMER,	/* the deadline or idle check is due */
	MCP_UP_EV_ABORT,	/* namespace exit, upstream mode off */
};

/**
 * struct mcp_up - one upstream conversion
 * @list: in mcp_up_net.convs
 * @ref: the list holds one reference, every queued work item one
 * @mn: the namespace
 * @state: enum mcp_proxy_conv_state, written by the work item only
 * @events: MCP_UP_EV_* bits
 * @work: the state machine, mcp_up_work()
 * @timeout: sets MCP_UP_EV_TIMER and queues @work
 * @syn: the LAN host's SYN while held
 * @okfn: where the SYN continues (LAN SYNs)
 * @local: the connection is this host's own (up-local), not a LAN host's
 * @family: the LAN connection's, AF_INET or AF_INET6
 * @caddr: the LAN host
 * @cport: its port
 * @saddr: the server, the LAN SYN's destination
 * @sport: its port
 * @mp: the MPTCP socket toward the downstream MCP
 * @mfamily: @mp's family: the MCP address's chosen (on-path: @family)
 * @mp_port: its local port, how mcp_up_out_v4() recognises its SYN
 * @ie_sent: the IEs were written into @mp's stream
 * @lan: the accepted TCP socket from the LAN host
 * @lan_pending: @lan as handed over by the accept work
 * @mp_wait: wakes @work on @mp events
 * @lan_wait: wakes @work on @lan events
 * @up: LAN host to MCP
 * @down: MCP to LAN host (the server's bytes after the echo)
 * @echo: the MCP's first bytes, until the echo of the IEs is whole
 * @echo_len: octets in @echo
 * @ie: the IEs sent in the MPTCP SYN
 * @ie_len: octets of @ie
 * @started: jiffies at creation
 * @onpath: upstream on-path mode when the SYN came: @mp connects to the
 *	server with MP_PREFER_PROXY, no IE, no echo
 * @last_active: jiffies of the last relayed octet
 */
struct mcp_up {
	struct list_head list;
	refcount_t ref;
	struct mcp_net *mn;
	u8 state;
	unsigned long events;
	struct work_struct work;
	struct delayed_work timeout;

	struct sk_buff *syn;
	int (*okfn)(struct net *net, struct sock *sk, struct sk_buff *skb);
	bool local;

	u16 family;
	union mcp_addr caddr, saddr;
	__be16 cport, sport;

	struct socket *mp;
	u16 mfamily;
	__be16 mp_port;
	bool ie_sent;
	struct socket *lan;
	struct socket *lan_pending;
	struct wait_queue_entry mp_wait;
	struct wait_queue_entry lan_wait;

	struct mcp_pipe up;
	struct mcp_pipe down;
	u8 echo[MCP_IE_AREA_MAX];
	unsigned int echo_len;
	u8 ie[MCP_UP_IE_MAX];
	unsigned int ie_len;
	unsigned long started;
	bool onpath;
	unsigned long last_active;
};

static void mcp_up_put(struct mcp_up *c)
{
	if (refcount_dec_and_test(&c->ref)) {
		mcp_pipe_release(&c->up);
		mcp_pipe_release(&c->down);
		kfree(c);
	}
}

static void mcp_up_kick(struct mcp_up *c)
{
	refcount_inc(&c->ref);
	if (!queue_work(mcp_wq, &c->work))
		mcp_up_put(c);
}

static int mcp_up_wake(struct wait_queue_entry *wait, unsigned int mode,
		       int sync, void *key)
{
	mcp_up_kick(wait->private);
	return 0;
}

static void mcp_up_timeout(struct work_struct *work)
{
	struct mcp_up *c = container_of(to_delayed_work(work), struct mcp_up,
					timeout);

	set_bit(MCP_UP_EV_TIMER, &c->events);
	mcp_up_kick(c);
}

static void mcp_up_watch(struct socket *sock, struct wait_queue_entry *wait,
			 struct mcp_up *c)
{
	init_waitqueue_func_entry(wait, mcp_up_wake);
	wait->private = c;
	add_wait_queue(sk_sleep(sock->sk), wait);
}

static void mcp_up_close(struct socket *sock, struct wait_queue_entry *wait,
			 bool abort)
{
	if (wait)
		remove_wait_queue(sk_sleep(sock->sk), wait);
	if (abort)
		sock_no_linger(sock->sk);
	sock_release(sock);
}

static unsigned long mcp_up_jiffies(struct mcp_net *mn, bool idle)
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

static void mcp_up_drop_syn(struct mcp_up *c)
{
	if (!c->syn)
		return;
	dev_put(c->syn->dev);
	kfree_skb(c->syn);
	c->syn = NULL;
}

static void mcp_up_finish(struct mcp_up *c, bool abort)
{
	struct mcp_up_net *un = &c->mn->up;
	u8 old = c->state;

	WRITE_ONCE(c->state, MCP_PROXY_CONV_CLOSING);
	spin_lock_bh(&un->lock);
	list_del(&c->list);
	spin_unlock_bh(&un->lock);
	if (old == MCP_PROXY_CONV_RELAYING)
		atomic_dec(&un->active);
	else
		atomic_dec(&un->half_open);

	cancel_delayed_work_sync(&c->timeout);
	if (c->mp) {
		mcp_up_close(c->mp, &c->mp_wait, abort);
		c->mp = NULL;
	}
	if (c->lan) {
		mcp_up_close(c->lan, &c->lan_wait, abort);
		c->lan = NULL;
	}
	if (c->lan_pending) {
		mcp_up_close(c->lan_pending, NULL, true);
		c->lan_pending = NULL;
	}
	mcp_up_drop_syn(c);
	mcp_up_put(c);	/* the list's reference */
}

/* The LAN host gets a reset for its SYN (draft section 5.2: fall back) */
static void mcp_up_fail(struct mcp_up *c, enum mcp_counter why)
{
	mcp_count(c->mn, why);
	if (c->syn) {
		/* a local SYN keeps its output route, which the reset uses */
		int hook = c->local ? NF_INET_LOCAL_OUT : NF_INET_PRE_ROUTING;

		local_bh_disable();
		rcu_read_lock();
		if (c->family == AF_INET6)
			nf_send_reset6(c->mn->net, NULL, c->syn, hook);
		else
			nf_send_reset(c->mn->net, NULL, c->syn, hook);
		rcu_read_unlock();
		local_bh_enable();
	}
	mcp_up_finish(c, true);
}

static int mcp_up_setopt(struct socket *sock, int level, int name)
{
	int one = 1;

	return sock->ops->setsockopt(sock, level, name, KERNEL_SOCKPTR(&one),
				     sizeof(one));
}

/* the family of a packet at PREROUTING or LOCAL_OUT, and its TCP offset */
static u16 mcp_up_family(const struct sk_buff *skb)
{
	return skb->protocol == htons(ETH_P_IPV6) ? AF_INET6 : AF_INET;
}

/* the IPv6 hooks take packets without extension headers only */
static unsigned int mcp_up_thoff(const struct sk_buff *skb)
{
	return mcp_up_family(skb) == AF_INET6 ? sizeof(struct ipv6hdr) :
						 ip_hdrlen(skb);
}

/*
 * Route a packet whose destination is not ours as if it were: the route
 * to an address of the input device is a local one. Context: RCU, BH off.
 */
static int mcp_up_route_local(struct sk_buff *skb, struct net_device *dev)
{
	struct in6_addr local6;
	__be32 local;

	skb_dst_drop(skb);
	if (mcp_up_family(skb) == AF_INET6) {
		if (ipv6_dev_get_saddr(dev_net(dev), dev,
				       &ipv6_hdr(skb)->saddr, 0, &local6))
			return -EADDRNOTAVAIL;
		return mcp_route_local_v6(skb, &local6);
	}
	local = inet_select_addr(dev, 0, RT_SCOPE_LINK);
	if (!local)
		return -EADDRNOTAVAIL;
	return mcp_route_local_v4(skb, local);
}

/* the output route to this host's address @skb came from: a local one */
static struct dst_entry *mcp_up_local_dst(struct net *net,
					  const struct sk_buff *skb)
{
	struct flowi4 fl4 = {};
	struct dst_entry *dst;
	struct rtable *rt;

	if (mcp_up_family(skb) == AF_INET6) {
		struct flowi6 fl6 = { .daddr = ipv6_hdr(skb)->saddr };

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error ||
		    !(container_of(dst, struct rt6_info, dst)->rt6i_flags &
		      RTF_LOCAL)) {
			dst_release(dst);
			return ERR_PTR(-EHOSTUNREACH);
		}
		return dst;
	}
	fl4.daddr = ip_hdr(skb)->saddr;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return ERR_CAST(rt);
	if (rt->rt_type != RTN_LOCAL) {
		ip_rt_put(rt);
		return ERR_PTR(-EHOSTUNREACH);
	}
	return &rt->dst;
}

/*
 * Up-local: deliver a packet this host sent to @sk, one of the listener's
 * transparent sockets, as local input. The output route to the sender's
 * own address is a local one whose input is ip_local_deliver(), as for any
 * packet looped back; nothing routes the server's address as local. On
 * success @skb and the reference on @sk are consumed; on failure only the
 * reference. Context: RCU, BH off.
 */
static int mcp_up_deliver_local(struct net *net, struct sk_buff *skb,
				struct sock *sk)
{
	struct dst_entry *dst = mcp_up_local_dst(net, skb);

	if (IS_ERR(dst)) {
		sock_gen_put(sk);
		return PTR_ERR(dst);
	}
	/* what ip_rcv() or ipv6_rcv() would have done, and the loopback */
	skb_orphan(skb);
	nf_reset_ct(skb);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	skb->dev = dst->dev;
	skb->skb_iif = skb->dev->ifindex;
	skb->pkt_type = PACKET_HOST;
	skb_clear_tstamp(skb);
	skb_set_transport_header(skb, mcp_up_thoff(skb));
	if (mcp_up_family(skb) == AF_INET6) {
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		IP6CB(skb)->iif = skb->dev->ifindex;
		IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	} else {
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	}
	nf_tproxy_assign_sock(skb, sk);
	dst_input(skb);
	return 0;
}

/* The IEs of the MPTCP SYN: the server, and in transparent mode the host */
static int mcp_up_build_ies(struct mcp_up *c, bool transparent)
{
	u8 fam = c->family == AF_INET6 ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4;
	size_t alen = c->family == AF_INET6 ? sizeof(struct in6_addr) :
					      sizeof(__be32);
	struct mcpw_conv ies = { .n = 1 };
	int n;

	/* both in the LAN connection's family, whatever the MPTCP leg's */
	ies.ie[0].family = fam;
	ies.ie[0].has_port = 1;
	ies.ie[0].port = ntohs(c->sport);
	memcpy(ies.ie[0].addr, &c->saddr, alen);
	if (transparent) {
		ies.ie[1].family = fam;
		ies.ie[1].src = 1;
		ies.ie[1].has_port = 1;
		ies.ie[1].port = ntohs(c->cport);
		memcpy(ies.ie[1].addr, &c->caddr, alen);
		ies.n = 2;
	}
	n = mcpw_encode(&ies, c->ie, sizeof(c->ie));
	if (n < 0)
		return -EINVAL;
	c->ie_len = n;
	return 0;
}

/*
 * The MPTCP leg's destination: on-path the server; else the MCP address of
 * the LAN connection's family if there is one, else the other family's
 * (an IPv6 LAN connection over IPv4, or the other way round).
 * Return: the family, or 0 when no address is left (reconfigured).
 */
static u16 mcp_up_mcp_addr(const struct mcp_up *c, const struct mcp_cfg *cfg,
			   union mcp_addr *addr)
{
	bool have6 = !ipv6_addr_any(&cfg->up_addr6);

	memset(addr, 0, sizeof(*addr));
	if (c->onpath) {
		*addr = c->saddr;
		return c->family;
	}
	if (have6 && (c->family == AF_INET6 || !cfg->up_addr4)) {
		addr->v6 = cfg->up_addr6;
		return AF_INET6;
	}
	addr->v4 = cfg->up_addr4;
	return cfg->up_addr4 ? AF_INET : 0;
}

/*
 * CONNECTING, first step: the MPTCP socket, bound first so that its SYN is
 * known to mcp_up_out_v4() or mcp_up_out_v6(), which adds the IEs to it,
 * and its connect.
 */
static int mcp_up_connect(struct mcp_up *c)
{
	struct sockaddr_storage dst, any;
	const struct mcp_cfg *cfg;
	union mcp_addr maddr;
	int err, len, alen;
	bool transparent;
	u16 family;

	rcu_read_lock();
	cfg = rcu_dereference(c->mn->cfg);
	family = mcp_up_mcp_addr(c, cfg, &maddr);
	transparent = cfg->mode & MCP_PROXY_MODE_TRANSPARENT;
	rcu_read_unlock();
	if (!family)
		return -EHOSTUNREACH;
	/* the MCP takes any port on its address; the server's keeps it simple */
	len = mcp_sockaddr(&dst, family, &maddr, c->sport);

	if (!c->onpath) {
		err = mcp_up_build_ies(c, transparent);
		if (err)
			return err;
	}

	WRITE_ONCE(c->mfamily, family);
	err = sock_create_kern(c->mn->net, family, SOCK_STREAM,
			       IPPROTO_MPTCP, &c->mp);
	if (err)
		return err;
	memset(&maddr, 0, sizeof(maddr));
	alen = mcp_sockaddr(&any, family, &maddr, 0);
	err = kernel_bind(c->mp, (struct sockaddr *)&any, alen);
	if (!err)
		err = kernel_getsockname(c->mp, (struct sockaddr *)&any);
	if (err < 0)
		return err;
	/* the port is at the same place in both families' addresses */
	WRITE_ONCE(c->mp_port, ((struct sockaddr_in *)&any)->sin_port);
	mcp_up_watch(c->mp, &c->mp_wait, c);
	err = kernel_connect(c->mp, (struct sockaddr *)&dst, len, O_NONBLOCK);
	return err == -EINPROGRESS ? 0 : err;
}

/*
 * The echo: the MCP's first bytes are the IEs it honoured; the destination
 * must be ours. Bytes after it are the server's: they go to the LAN host
 * ahead of the rest of the stream (@down).
 * Return: 1 checked, 0 more needed, or a negative errno.
 */
static int mcp_up_check_echo(struct mcp_up *c)
{
	u8 fam = c->family == AF_INET6 ? MCPW_FAM_IPV6 : MCPW_FAM_IPV4;
	size_t alen = c->family == AF_INET6 ? sizeof(struct in6_addr) :
					      sizeof(__be32);
	struct mcpw_conv ies;
	unsigned int i;
	int n;

	n = mcp_recv(c->mp, c->echo + c->echo_len,
		     sizeof(c->echo) - c->echo_len);
	if (n == -EAGAIN)
		return 0;
	if (n <= 0)
		return n ? n : -ECONNRESET;
	c->echo_len += n;
	n = mcpw_parse(c->echo, c->echo_len, &ies);
	if (n == -MCPW_R_TRUNCATED || n == -MCPW_R_OVERRUN ||
	    n == -MCPW_R_PAD_TRUNCATED || n == -MCPW_R_MISSING_NEXT)
		return c->echo_len < sizeof(c->echo) ? 0 : -EPROTO;
	if (n < 0)
		return -EPROTO;
	for (i = 0; i < ies.n; i++) {
		const struct mcpw_ie *e = &ies.ie[i];

		if (!e->src && e->family == fam &&
		    !memcmp(e->addr, &c->saddr, alen) &&
		    (!e->has_port || e->port == ntohs(c->sport)))
			return mcp_pipe_queue(&c->down, c->echo + n,
					      c->echo_len - n) ?: 1;
	}
	return -EPROTO;
}

/*
 * The internal listener of the held SYN's family, looked up as TPROXY
 * does: by its own address and port, the SYN keeping its destination.
 * Context: RCU, BH off.
 */
static struct sock *mcp_up_listener_sk(struct mcp_up *c,
				       const struct net_device *dev)
{
	struct net *net = c->mn->net;
	__be16 port = htons(rcu_dereference(c->mn->cfg)->up_port);
	struct sock *lsk;

	if (c->family == AF_INET6)
		lsk = nf_tproxy_get_sock_v6(net, c->syn, sizeof(struct ipv6hdr),
					    IPPROTO_TCP, &c->caddr.v6,
					    &in6addr_loopback, c->cport, port,
					    dev, NF_TPROXY_LOOKUP_LISTENER);
	else
		lsk = nf_tproxy_get_sock_v4(net, c->syn, IPPROTO_TCP,
					    c->caddr.v4,
					    htonl(INADDR_LOOPBACK), c->cport,
					    port, dev,
					    NF_TPROXY_LOOKUP_LISTENER);
	if (lsk && !nf_tproxy_sk_is_transparent(lsk))
		return NULL;	/* the helper dropped its reference */
	return lsk;
}

/* Hand the LAN SYN to the internal listener, routed as local */
static int mcp_up_release_syn(struct mcp_up *c)
{
	struct mcp_net *mn = c->mn;
	struct sk_buff *skb = c->syn;
	struct net_device *dev = skb->dev;
	struct sock *lsk;
	int err = 0;

	local_bh_disable();
	rcu_read_lock();
	lsk = mcp_up_listener_sk(c, dev);
	if (!lsk) {
		err = -ENOENT;
		goto out;
	}
	nf_tproxy_assign_sock(skb, lsk);
	err = mcp_up_route_local(skb, dev);
	if (err)
		goto out;	/* the SYN's socket reference goes with it */
	c->syn = NULL;
	WRITE_ONCE(c->state, MCP_PROXY_CONV_RELEASED);
	c->okfn(mn->net, NULL, skb);
	dev_put(dev);	/* the hold's reference, mcp_up_syn() */
out:
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

/* Up-local: the held SYN to the internal listener, as local input */
static int mcp_up_release_local_syn(struct mcp_up *c)
{
	struct mcp_net *mn = c->mn;
	struct sk_buff *skb = c->syn;
	struct net_device *dev = skb->dev;
	struct sock *lsk;
	int err;

	local_bh_disable();
	rcu_read_lock();
	lsk = mcp_up_listener_sk(c, mn->net->loopback_dev);
	if (!lsk) {
		err = -ENOENT;
		goto out;
	}
	WRITE_ONCE(c->state, MCP_PROXY_CONV_RELEASED);
	err = mcp_up_deliver_local(mn->net, skb, lsk);
	if (err) {
		WRITE_ONCE(c->state, MCP_PROXY_CONV_CONNECTING);
		goto out;
	}
	c->syn = NULL;
	dev_put(dev);	/* the hold's reference, mcp_up_hold() */
out:
	rcu_read_unlock();
	local_bh_enable();
	return err;
}

static void mcp_up_step_connecting(struct mcp_up *c, bool timer)
{
	struct mcp_net *mn = c->mn;
	int err;

	if (!c->mp) {
		err = mcp_up_connect(c);
		if (err) {
			mcp_up_fail(c, err == -ENOMEM ? MCP_CNT_NOMEM :
					MCP_CNT_UP_REFUSED);
			return;
		}
		mod_delayed_work(mcp_wq, &c->timeout, mcp_up_jiffies(mn, false));
	}

	switch (READ_ONCE(c->mp->sk->sk_state)) {
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		/* the MCP expects the SYN's IEs again as the first stream bytes */
		if (!c->ie_sent && !c->onpath) {
			if (mcp_send(c->mp, c->ie, c->ie_len) != c->ie_len) {
				mcp_up_fail(c, MCP_CNT_UP_REFUSED);
				return;
			}
			c->ie_sent = true;
		}
		err = c->onpath ? 1 : mcp_up_check_echo(c);
		if (err < 0) {
			mcp_up_fail(c, err == -EPROTO ? MCP_CNT_UP_ECHO_BAD :
				       err == -ENOMEM ? MCP_CNT_NOMEM :
				       MCP_CNT_UP_REFUSED);
			return;
		}
		if (!err)
			break;
		if (c->local ? mcp_up_release_local_syn(c) :
			       mcp_up_release_syn(c)) {
			mcp_up_fail(c, MCP_CNT_NO_LISTENER);
			return;
		}
		mod_delayed_work(mcp_wq, &c->timeout, mcp_up_jiffies(mn, false));
		return;
	case TCP_CLOSE:
		mcp_up_fail(c, MCP_CNT_UP_REFUSED);
		return;
	default:
		break;
	}
	if (timer)
		mcp_up_fail(c, MCP_CNT_UP_TIMEOUT);
}

static void mcp_up_relay(struct mcp_up *c)
{
	enum mcp_pipe_result a, b;
	bool moved = false;

	a = mcp_pipe_run(&c->up, c->lan, c->mp, MCP_RELAY_BUDGET, &moved);
	b = a < 0 ? MCP_PIPE_BLOCKED :
		    mcp_pipe_run(&c->down, c->mp, c->lan, MCP_RELAY_BUDGET,
				 &moved);
	if (moved)
		c->last_active = jiffies;
	if (a < 0 || b < 0) {
		mcp_count(c->mn, mcp_pipe_abort_counter(a < 0 ? a : b));
		mcp_up_finish(c, true);
		return;
	}
	if (c->up.shut && c->down.shut) {
		mcp_count(c->mn, MCP_CNT_UP_CLOSED);
		mcp_up_finish(c, false);
		return;
	}
	if (a > 0 || b > 0)
		mcp_up_kick(c);
}

static void mcp_up_step_released(struct mcp_up *c, bool timer)
{
	struct mcp_up_net *un = &c->mn->up;

	spin_lock_bh(&un->lock);
	c->lan = c->lan_pending;
	c->lan_pending = NULL;
	spin_unlock_bh(&un->lock);

	if (c->lan) {
		/* as conv.c's relay: no Nagle wait behind a delayed ACK */
		mcp_up_setopt(c->lan, SOL_TCP, TCP_NODELAY);
		mcp_up_setopt(c->mp, SOL_TCP, TCP_NODELAY);
		mcp_up_watch(c->lan, &c->lan_wait, c);
		WRITE_ONCE(c->state, MCP_PROXY_CONV_RELAYING);
		atomic_dec(&un->half_open);
		atomic_inc(&un->active);
		mcp_count(c->mn, MCP_CNT_UP_ESTABLISHED);
		c->last_active = jiffies;
		mod_delayed_work(mcp_wq, &c->timeout,
				 mcp_up_jiffies(c->mn, true));
		mcp_up_relay(c);
		return;
	}
	if (READ_ONCE(c->mp->sk->sk_state) == TCP_CLOSE) {
		mcp_count(c->mn, MCP_CNT_RELAY_ABORT);
		mcp_up_finish(c, true);
	} else if (timer) {
		mcp_count(c->mn, MCP_CNT_ACCEPT_TIMEOUT);
		mcp_up_finish(c, true);
	}
}

static void mcp_up_step_relaying(struct mcp_up *c, bool timer)
{
	unsigned long due;

	if (timer) {
		due = c->last_active + mcp_up_jiffies(c->mn, true);
		if (time_after_eq(jiffies, due)) {
			mcp_count(c->mn, MCP_CNT_IDLE_TIMEOUT);
			mcp_up_finish(c, true);
			return;
		}
		mod_delayed_work(mcp_wq, &c->timeout, due - jiffies);
	}
	mcp_up_relay(c);
}

static void mcp_up_work(struct work_struct *work)
{
	struct mcp_up *c = container_of(work, struct mcp_up, work);
	bool timer = test_and_clear_bit(MCP_UP_EV_TIMER, &c->events);

	if (c->state != MCP_PROXY_CONV_CLOSING &&
	    test_bit(MCP_UP_EV_ABORT, &c->events)) {
		mcp_up_finish(c, true);
		goto out;
	}
	switch (c->state) {
	case MCP_PROXY_CONV_CONNECTING:
		mcp_up_step_connecting(c, timer);
		break;
	case MCP_PROXY_CONV_RELEASED:
		mcp_up_step_released(c, timer);
		break;
	case MCP_PROXY_CONV_RELAYING:
		mcp_up_step_relaying(c, timer);
		break;
	default:
		break;
	}
out:
	mcp_up_put(c);	/* the reference of the queuing */
}

/* ------------------------------------------------------------------ hook */

/*
 * An established socket of this host for the segment @f, given as TPROXY
 * does, if it is a transparent one (a LAN connection's, or up-local's).
 * Context: RCU.
 */
static struct sock *mcp_up_transparent_sk(struct net *net, struct sk_buff *skb,
					  const struct mcp_flow *f,
					  const struct net_device *dev)
{
	struct sock *sk;

	if (f->family == AF_INET6)
		sk = nf_tproxy_get_sock_v6(net, skb, sizeof(struct ipv6hdr),
					   IPPROTO_TCP, &f->caddr.v6,
					   &f->maddr.v6, f->cport, f->mport,
					   dev, NF_TPROXY_LOOKUP_ESTABLISHED);
	else
		sk = nf_tproxy_get_sock_v4(net, skb, IPPROTO_TCP, f->caddr.v4,
					   f->maddr.v4, f->cport, f->mport,
					   dev, NF_TPROXY_LOOKUP_ESTABLISHED);
	if (sk && !nf_tproxy_sk_is_transparent(sk))
		return NULL;	/* the helper dropped its reference */
	return sk;
}

/*
 * A packet of a transparent socket of this host (LAN leg on the CPE):
 * hand it to the socket.
 */
static unsigned int mcp_up_steer(struct sk_buff *skb,
				 const struct nf_hook_state *state,
				 const struct mcp_flow *f)
{
	struct sock *sk;

	sk = mcp_up_transparent_sk(state->net, skb, f, state->in);
	if (!sk)
		return NF_ACCEPT;
	nf_tproxy_assign_sock(skb, sk);
	if (mcp_up_route_local(skb, state->in))
		return NF_DROP;
	return NF_ACCEPT;
}

#define MCP_UP_MPTCP_CAPABLE	0

/* Does a SYN carry an MPTCP option of this subtype? */
static bool mcp_up_syn_has(const struct sk_buff *skb, const struct tcphdr *th,
			   unsigned int subtype)
{
	u8 buf[MAX_TCP_OPTION_SPACE];
	unsigned int len = th->doff * 4 - sizeof(*th), i = 0;
	const u8 *opt;

	if (th->doff < 5 || !len)
		return false;
	opt = skb_header_pointer(skb, mcp_up_thoff(skb) + sizeof(*th), len,
				 buf);
	if (!opt)
		return false;
	while (i < len) {
		if (opt[i] == TCPOPT_EOL)
			break;
		if (opt[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || i + opt[i + 1] > len)
			break;
		if (opt[i] == TCPOPT_MPTCP && opt[i + 1] >= 3 &&
		    (opt[i + 2] >> 4) == subtype)
			return true;
		i += opt[i + 1];
	}
	return false;
}

/* the conversion's LAN connection is the flow */
static bool mcp_up_is(const struct mcp_up *c, const struct mcp_flow *f)
{
	return c->family == f->family && c->cport == f->cport &&
	       c->sport == f->mport &&
	       mcp_addr_eq(f->family, &c->caddr, &f->caddr) &&
	       mcp_addr_eq(f->family, &c->saddr, &f->maddr);
}

/* Is this SYN being converted: NF_DROP while held, else steer it */
static bool mcp_up_known(struct mcp_up_net *un, const struct mcp_flow *f,
			 bool *held)
{
	struct mcp_up *c;

	list_for_each_entry(c, &un->convs, list) {
		if (mcp_up_is(c, f)) {
			*held = READ_ONCE(c->state) == MCP_PROXY_CONV_CONNECTING;
			return true;
		}
	}
	return false;
}

/*
 * Take a SYN for conversion: a new conversion holds it until the MCP has
 * echoed the IEs. @local: this host's own SYN, at LOCAL_OUT (up-local).
 * Return: NF_STOLEN (held), or NF_DROP (counted).
 */
static unsigned int mcp_up_hold(struct mcp_net *mn, const struct mcp_cfg *cfg,
				struct sk_buff *skb,
				const struct nf_hook_state *state,
				const struct mcp_flow *f, bool local)
{
	struct mcp_up_net *un = &mn->up;
	enum mcp_counter why = 0;
	struct socket *listener;
	struct mcp_up *c;

	/* a local SYN's output route is borrowed (RCU): the hold outlives it */
	if (local && !skb_dst_force(skb)) {
		mcp_count(mn, MCP_CNT_UP_LOCAL_NO_ROUTE);
		return NF_DROP;
	}
	c = kzalloc(sizeof(*c), GFP_ATOMIC);
	if (!c) {
		mcp_count(mn, MCP_CNT_NOMEM);
		return NF_DROP;
	}
	refcount_set(&c->ref, 1);
	c->mn = mn;
	c->state = MCP_PROXY_CONV_CONNECTING;
	INIT_WORK(&c->work, mcp_up_work);
	INIT_DELAYED_WORK(&c->timeout, mcp_up_timeout);
	c->syn = skb;
	c->okfn = state->okfn;
	c->local = local;
	c->family = f->family;
	c->caddr = f->caddr;
	c->cport = f->cport;
	c->saddr = f->maddr;
	c->sport = f->mport;
	c->started = jiffies;
	c->onpath = cfg->mode & MCP_PROXY_MODE_UPSTREAM_ONPATH;
	c->last_active = jiffies;

	/* LOCAL_OUT runs with BH on as well */
	spin_lock_bh(&un->lock);
	listener = f->family == AF_INET6 ? READ_ONCE(un->listener6) :
					   READ_ONCE(un->listener);
	if (atomic_read(&un->half_open) >= cfg->half_open_max)
		why = MCP_CNT_UP_LIMIT;
	else if (READ_ONCE(mn->dying) || !listener)
		why = MCP_CNT_NO_LISTENER;
	if (!why) {
		atomic_inc(&un->half_open);
		list_add_tail(&c->list, &un->convs);
	}
	spin_unlock_bh(&un->lock);
	if (why) {
		mcp_count(mn, why);
		kfree(c);
		return NF_DROP;
	}
	mcp_count(mn, local ? MCP_CNT_UP_LOCAL_SYN : MCP_CNT_UP_SYN);
	/* a local SYN has no input device yet: its output device stands in */
	if (local)
		skb->dev = state->out;
	dev_hold(skb->dev);
	mcp_up_kick(c);
	return NF_STOLEN;
}

/* Is the SYN's destination one to convert: remote, unicast, not the MCP */
static bool mcp_up_remote(struct net *net, const struct mcp_cfg *cfg,
			  const struct mcp_flow *f,
			  const struct net_device *in)
{
	if (f->family == AF_INET6) {
		const struct in6_addr *d = &f->maddr.v6;
		int type = ipv6_addr_type(d);

		return (type & IPV6_ADDR_UNICAST) &&
		       !(type & (IPV6_ADDR_LOOPBACK | IPV6_ADDR_MAPPED |
				 IPV6_ADDR_LINKLOCAL)) &&
		       !ipv6_addr_equal(d, &cfg->up_addr6) &&
		       !ipv6_chk_addr(net, d, NULL, 0);
	}
	return f->maddr.v4 != cfg->up_addr4 &&
	       !ipv4_is_multicast(f->maddr.v4) &&
	       !ipv4_is_lbcast(f->maddr.v4) && !ipv4_is_zeronet(f->maddr.v4) &&
	       !ipv4_is_loopback(f->maddr.v4) &&
	       inet_addr_type_dev_table(net, in, f->maddr.v4) == RTN_UNICAST;
}

static unsigned int mcp_up_syn(struct mcp_net *mn, const struct mcp_cfg *cfg,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state,
			       const struct tcphdr *th,
			       const struct mcp_flow *f)
{
	struct mcp_up_net *un = &mn->up;
	bool known, held = false;

	if (!mcp_up_remote(state->net, cfg, f, state->in))
		return NF_ACCEPT;	/* to the CPE itself, or not routable */
	/* a multipath host does MPTCP itself, through an MCP or not */
	if (mcp_up_syn_has(skb, th, MCP_UP_MPTCP_CAPABLE))
		return NF_ACCEPT;

	spin_lock(&un->lock);
	known = mcp_up_known(un, f, &held);
	spin_unlock(&un->lock);
	if (known) {
		if (held) {
			mcp_count(mn, MCP_CNT_SYN_RETRANSMIT);
			return NF_DROP;
		}
		return mcp_up_steer(skb, state, f);
	}
	return mcp_up_hold(mn, cfg, skb, state, f, false);
}

/* an MCP address of either family, or on-path (which needs none) */
static bool mcp_up_has_mcp(const struct mcp_cfg *cfg)
{
	return cfg->up_addr4 || !ipv6_addr_any(&cfg->up_addr6) ||
	       (cfg->mode & MCP_PROXY_MODE_UPSTREAM_ONPATH);
}

/* PREROUTING, either family: @thoff is the TCP header's offset */
static unsigned int mcp_up_prerouting(struct sk_buff *skb,
				      const struct nf_hook_state *state,
				      unsigned int thoff)
{
	struct mcp_net *mn = mcp_net(state->net);
	unsigned int verdict = NF_ACCEPT;
	const struct mcp_cfg *cfg;
	const struct tcphdr *th;
	struct mcp_flow f;
	struct tcphdr _th;
	bool lan;

	rcu_read_lock();
	cfg = rcu_dereference(mn->cfg);
	/* cheapest first: most hosts and namespaces are not upstream MCPs */
	if (!(cfg->mode & MCP_PROXY_MODE_UPSTREAM) || !mcp_up_has_mcp(cfg) ||
	    (cfg->up_ifindex && cfg->up_ifindex != state->in->ifindex))
		goto out;
	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th)
		goto out;
	mcp_flow_init(&f, skb, th);
	lan = f.family == AF_INET6 ? mcp_in_prefixes6(cfg, &f.caddr.v6) :
				     mcp_in_prefixes(cfg, f.caddr.v4);
	if (!lan)
		goto out;
	if (th->syn && !th->ack && !th->rst)
		verdict = mcp_up_syn(mn, cfg, skb, state, th, &f);
	else
		verdict = mcp_up_steer(skb, state, &f);
out:
	rcu_read_unlock();
	return verdict;
}

/**
 * mcp_up_hook_v4() - PREROUTING: the upstream MCP and transparent sockets
 * @priv: unused
 * @skb: the packet
 * @state: the hook state; its okfn continues a held SYN later
 *
 * Upstream mode: a SYN from the LAN (the prefixes, and the LAN device if
 * one is set) to a remote address is held for conversion; the LAN host's
 * later segments go to the internal listener's sockets. Anything else
 * passes untouched (the downstream MCP's transparent server legs and
 * MP_JOINs are conv.c's).
 *
 * Return: NF_ACCEPT, NF_DROP (counted) or NF_STOLEN (held).
 */
unsigned int mcp_up_hook_v4(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) ||
	    skb->pkt_type != PACKET_HOST || !state->in)
		return NF_ACCEPT;
	return mcp_up_prerouting(skb, state, ip_hdrlen(skb));
}

/**
 * mcp_up_hook_v6() - mcp_up_hook_v4() for IPv6 LAN hosts
 * @priv: unused
 * @skb: the packet
 * @state: the hook state
 *
 * A packet with extension headers before TCP is not looked at: a LAN
 * host's SYN has none.
 *
 * Return: NF_ACCEPT, NF_DROP (counted) or NF_STOLEN (held).
 */
unsigned int mcp_up_hook_v6(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	if (ipv6_hdr(skb)->nexthdr != IPPROTO_TCP ||
	    skb->pkt_type != PACKET_HOST || !state->in)
		return NF_ACCEPT;
	return mcp_up_prerouting(skb, state, sizeof(struct ipv6hdr));
}

#define MCP_UP_MPTCP_JOIN	1

/* the downstream MCP's address of the flow's family */
static bool mcp_up_to_mcp(const struct mcp_cfg *cfg, const struct mcp_flow *f)
{
	if (f->family == AF_INET6)
		return !ipv6_addr_any(&cfg->up_addr6) &&
		       ipv6_addr_equal(&f->maddr.v6, &cfg->up_addr6);
	return cfg->up_addr4 && f->maddr.v4 == cfg->up_addr4;
}

/*
 * Up-local: is this host's SYN one to convert? Not the upstream's own
 * sockets (kernel ones: the MPTCP socket and its subflows), not MPTCP (a
 * multipath application, or any subflow), not to this host, loopback,
 * multicast or broadcast, the MCP itself or the LAN (reached directly).
 */
static bool mcp_up_local_wanted(struct net *net, const struct mcp_cfg *cfg,
				const struct sk_buff *skb,
				const struct tcphdr *th,
				const struct mcp_flow *f)
{
	const struct sock *sk = skb->sk;

	if (!sk || !sk_fullsock(sk) || sk->sk_kern_sock || sk_is_mptcp(sk))
		return false;
	if (mcp_up_to_mcp(cfg, f))
		return false;
	if (f->family == AF_INET6) {
		const struct in6_addr *d = &f->maddr.v6;
		int type = ipv6_addr_type(d);

		if (!(type & IPV6_ADDR_UNICAST) ||
		    (type & (IPV6_ADDR_LOOPBACK | IPV6_ADDR_MAPPED |
			     IPV6_ADDR_LINKLOCAL)) ||
		    ipv6_addr_loopback(&f->caddr.v6) ||
		    mcp_in_prefixes6(cfg, d) || ipv6_chk_addr(net, d, NULL, 0))
			return false;
	} else {
		__be32 d = f->maddr.v4;

		if (ipv4_is_loopback(d) || ipv4_is_loopback(f->caddr.v4) ||
		    ipv4_is_multicast(d) || ipv4_is_lbcast(d) ||
		    ipv4_is_zeronet(d) || mcp_in_prefixes(cfg, d) ||
		    inet_addr_type(net, d) != RTN_UNICAST)
			return false;
	}
	return !mcp_up_syn_has(skb, th, MCP_UP_MPTCP_CAPABLE) &&
	       !mcp_up_syn_has(skb, th, MCP_UP_MPTCP_JOIN);
}

/*
 * Up-local: a segment this host sends on a connection the listener took
 * over goes to the listener's socket instead of out to the server. The
 * listener's own sockets are transparent: their segments, and the SYN-ACK
 * of its request sockets, go out (looped back to the application) as is.
 * Return: NF_ACCEPT (not ours), NF_STOLEN (delivered), NF_DROP (counted).
 */
static unsigned int mcp_up_local_divert(struct mcp_net *mn,
					struct sk_buff *skb,
					const struct mcp_flow *f)
{
	struct net *net = mn->net;
	struct sock *sk;
	int err;

	sk = mcp_up_transparent_sk(net, skb, f, net->loopback_dev);
	if (!sk)
		return NF_ACCEPT;
	local_bh_disable();
	err = mcp_up_deliver_local(net, skb, sk);
	local_bh_enable();
	if (err) {
		mcp_count(mn, MCP_CNT_UP_LOCAL_NO_ROUTE);
		return NF_DROP;
	}
	mcp_count(mn, MCP_CNT_UP_LOCAL_DIVERTED);
	return NF_STOLEN;
}

/* the listener's sockets and MPTCP subflows: never diverted */
static bool mcp_up_local_exempt(const struct sk_buff *skb)
{
	return skb->sk && (inet_sk_transparent(skb->sk) ||
			   (sk_fullsock(skb->sk) && sk_is_mptcp(skb->sk)));
}

/*
 * Up-local at LOCAL_OUT, a SYN: this host's plain TCP SYN is held as a LAN
 * SYN is; a SYN of a connection already converted is a retransmit (held)
 * or goes to the listener's socket. Context: RCU (the hook), BH on or off.
 */
static unsigned int mcp_up_local_syn(struct mcp_net *mn,
				     const struct mcp_cfg *cfg,
				     struct sk_buff *skb,
				     const struct nf_hook_state *state,
				     const struct tcphdr *th,
				     const struct mcp_flow *f)
{
	bool known, held = false;

	if (mcp_up_local_exempt(skb))
		return NF_ACCEPT;
	spin_lock_bh(&mn->up.lock);
	known = mcp_up_known(&mn->up, f, &held);
	spin_unlock_bh(&mn->up.lock);
	if (known) {
		if (held) {
			mcp_count(mn, MCP_CNT_SYN_RETRANSMIT);
			return NF_DROP;
		}
		return mcp_up_local_divert(mn, skb, f);
	}
	if (!mcp_up_local_wanted(state->net, cfg, skb, th, f))
		return NF_ACCEPT;
	return mcp_up_hold(mn, cfg, skb, state, f, true);
}

/*
 * LOCAL_OUT, either family, @skb a whole TCP segment at @thoff. Cheapest
 * test first: a segment that is not a SYN only matters to up-local, and
 * one flag tells whether that is on; the configuration is read for SYNs.
 */
static unsigned int mcp_up_out(struct sk_buff *skb,
			       const struct nf_hook_state *state,
			       unsigned int thoff)
{
	struct mcp_net *mn = mcp_net(state->net);
	bool mine, onpath = false, found = false;
	u8 ie[MCP_UP_IE_MAX], pp[MCPW_PP_LEN];
	unsigned int ie_len = 0;
	const struct mcp_cfg *cfg;
	const struct tcphdr *th;
	unsigned int verdict;
	struct tcphdr _th;
	struct mcp_flow f;
	struct mcp_up *c;
	bool local;
	int err;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th)
		return NF_ACCEPT;
	if (!th->syn || th->ack || th->rst) {
		if (!READ_ONCE(mn->up.local) || mcp_up_local_exempt(skb))
			return NF_ACCEPT;
		mcp_flow_init(&f, skb, th);
		return mcp_up_local_divert(mn, skb, &f);
	}
	mcp_flow_init(&f, skb, th);

	rcu_read_lock();
	cfg = rcu_dereference(mn->cfg);
	if (!(cfg->mode & MCP_PROXY_MODE_UPSTREAM)) {
		rcu_read_unlock();
		return NF_ACCEPT;
	}
	mine = (cfg->mode & MCP_PROXY_MODE_UPSTREAM_ONPATH) ||
	       mcp_up_to_mcp(cfg, &f);
	local = cfg->up_local && mcp_up_has_mcp(cfg) && !mcp_up_to_mcp(cfg, &f);
	/* our own MPTCP sockets' SYNs (on-path: to any server) are not local */
	if (local && !(skb->sk && sk_fullsock(skb->sk) &&
		       sk_is_mptcp(skb->sk))) {
		verdict = mcp_up_local_syn(mn, cfg, skb, state, th, &f);
		rcu_read_unlock();
		return verdict;
	}
	rcu_read_unlock();
	if (!mine || skb->len != thoff + th->doff * 4)
		return NF_ACCEPT;

	spin_lock_bh(&mn->up.lock);
	list_for_each_entry(c, &mn->up.convs, list) {
		if (READ_ONCE(c->mp_port) != th->source ||
		    c->sport != th->dest || READ_ONCE(c->mfamily) != f.family)
			continue;
		if (c->onpath && !mcp_addr_eq(f.family, &c->saddr, &f.maddr))
			continue;
		found = true;
		onpath = c->onpath;
		memcpy(ie, c->ie, c->ie_len);
		ie_len = c->ie_len;
		break;
	}
	spin_unlock_bh(&mn->up.lock);
	if (!found)
		return NF_ACCEPT;
	if (!onpath)	/* as a host's own socket: syn_ie.c says why not Fast Open */
		return ie_len && mcp_syn_append(skb, ie, ie_len, false) ?
		       NF_DROP : NF_ACCEPT;
	/*
	 * MP_PREFER_PROXY: no Linux API lets a socket add an MPTCP suboption.
	 * A 6.1 MPTCP SYN uses 24 of the 40 option octets.
	 */
	pp[0] = TCPOPT_MPTCP;
	pp[1] = MCPW_PP_LEN;
	pp[2] = mcp_pp_subtype_get() << 4;
	pp[3] = 0;
	err = mcp_syn_append(skb, pp, sizeof(pp), true);
	if (err == -ENOSPC) {
		mcp_count(mn, MCP_CNT_UP_PP_NO_ROOM);
		return NF_ACCEPT;
	}
	if (err)
		return NF_DROP;
	mcp_count(mn, MCP_CNT_UP_PP_ADDED);
	return NF_ACCEPT;
}

/**
 * mcp_up_out_v4() - LOCAL_OUT: the IEs, or MP_PREFER_PROXY, into our SYN
 * @priv: unused
 * @skb: the packet
 * @state: the hook state
 *
 * The SYN of an upstream conversion's MPTCP socket gets the IEs as data
 * (explicit: toward the downstream MCP) or MP_PREFER_PROXY as an option
 * (on-path: toward the server).
 *
 * With up-local on, this host's own connections to anywhere else are
 * converted too (mcp_up_local_syn(), mcp_up_local_divert()).
 *
 * Return: NF_ACCEPT, or NF_DROP when the IEs cannot be added (the SYN is
 * retransmitted and tried again). An on-path SYN without room for the
 * option goes as it is (counted). Up-local: NF_STOLEN (held or delivered
 * to the listener) or NF_DROP (counted).
 */
unsigned int mcp_up_out_v4(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) ||
	    ntohs(iph->tot_len) != skb->len)
		return NF_ACCEPT;
	return mcp_up_out(skb, state, ip_hdrlen(skb));
}

/**
 * mcp_up_out_v6() - mcp_up_out_v4() for IPv6
 * @priv: unused
 * @skb: the packet
 * @state: the hook state
 *
 * Segments with extension headers before TCP are left alone: neither the
 * MPTCP socket nor a TCP application sends them.
 *
 * Return: as mcp_up_out_v4().
 */
unsigned int mcp_up_out_v6(void *priv, struct sk_buff *skb,
			   const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);

	if (ip6h->nexthdr != IPPROTO_TCP ||
	    sizeof(*ip6h) + ntohs(ip6h->payload_len) != skb->len)
		return NF_ACCEPT;
	return mcp_up_out(skb, state, sizeof(*ip6h));
}

/* --------------------------------------------------------------- listener */

/* the LAN connection of an accepted socket: the host and the server */
static int mcp_up_flow_of_sock(struct socket *sock, struct mcp_flow *f)
{
	const struct sock *sk = sock->sk;
	const struct inet_sock *inet = inet_sk(sk);

	memset(f, 0, sizeof(*f));
	f->family = sk->sk_family;
	if (f->family == AF_INET6) {
		f->caddr.v6 = sk->sk_v6_daddr;
		f->maddr.v6 = sk->sk_v6_rcv_saddr;
	} else if (f->family == AF_INET) {
		f->caddr.v4 = inet->inet_daddr;
		f->maddr.v4 = inet->inet_rcv_saddr;
	} else {
		return -EAFNOSUPPORT;
	}
	f->cport = inet->inet_dport;
	f->mport = inet->inet_sport;
	return 0;
}

static void mcp_up_accept_one(struct mcp_net *mn, struct socket *sock)
{
	struct mcp_up_net *un = &mn->up;
	struct mcp_up *c, *found = NULL;
	struct mcp_flow f;

	if (mcp_up_flow_of_sock(sock, &f))
		goto unmatched;

	spin_lock_bh(&un->lock);
	list_for_each_entry(c, &un->convs, list) {
		if (c->state == MCP_PROXY_CONV_RELEASED &&
		    !c->lan_pending && !c->lan && mcp_up_is(c, &f)) {
			c->lan_pending = sock;
			found = c;
			refcount_inc(&c->ref);
			break;
		}
	}
	spin_unlock_bh(&un->lock);
	if (found) {
		mcp_up_kick(found);
		mcp_up_put(found);
		return;
	}
unmatched:
	mcp_count(mn, MCP_CNT_UP_ACCEPT_UNMATCHED);
	mcp_up_close(sock, NULL, true);
}

static void mcp_up_accept_work(struct work_struct *work)
{
	struct mcp_net *mn = container_of(work, struct mcp_net,
					  up.accept_work);
	struct socket *sock;

	mutex_lock(&mn->lock);
	while (mn->up.listener &&
	       !kernel_accept(mn->up.listener, &sock, O_NONBLOCK))
		mcp_up_accept_one(mn, sock);
	while (mn->up.listener6 &&
	       !kernel_accept(mn->up.listener6, &sock, O_NONBLOCK))
		mcp_up_accept_one(mn, sock);
	mutex_unlock(&mn->lock);
}

static int mcp_up_listen_wake(struct wait_queue_entry *wait, unsigned int mode,
			      int sync, void *key)
{
	struct mcp_net *mn = wait->private;

	queue_work(mcp_wq, &mn->up.accept_work);
	return 0;
}

/*
 * A LAN listener: transparent, on loopback (127.0.0.1 or ::1), so nothing
 * else reaches it.
 */
static int mcp_up_listen_on(struct mcp_net *mn, int family, u16 port,
			    struct wait_queue_entry *wait,
			    struct socket **out)
{
	union mcp_addr lo = { .v4 = htonl(INADDR_LOOPBACK) };
	struct sockaddr_storage ss;
	struct socket *sock;
	int err, len;

	lockdep_assert_held(&mn->lock);
	if (family == AF_INET6)
		lo.v6 = in6addr_loopback;
	len = mcp_sockaddr(&ss, family, &lo, htons(port));
	err = sock_create_kern(mn->net, family, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (err)
		return err;
	/* SOL_SOCKET options do not pass through a TCP socket's ops */
	sock_set_reuseaddr(sock->sk);
	if (family == AF_INET6) {
		err = mcp_up_setopt(sock, SOL_IPV6, IPV6_V6ONLY);
		if (!err)
			err = mcp_up_setopt(sock, SOL_IPV6, IPV6_TRANSPARENT);
	} else {
		err = mcp_up_setopt(sock, SOL_IP, IP_TRANSPARENT);
	}
	if (!err)
		err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	if (!err)
		err = kernel_listen(sock, SOMAXCONN);
	if (err) {
		sock_release(sock);
		return err;
	}
	init_waitqueue_func_entry(wait, mcp_up_listen_wake);
	wait->private = mn;
	add_wait_queue(sk_sleep(sock->sk), wait);
	WRITE_ONCE(*out, sock);
	return 0;
}

static void mcp_up_listen_off(struct mcp_net *mn, struct socket **sockp,
			      struct wait_queue_entry *wait)
{
	struct socket *sock = *sockp;

	lockdep_assert_held(&mn->lock);
	if (!sock)
		return;
	WRITE_ONCE(*sockp, NULL);
	remove_wait_queue(sk_sleep(sock->sk), wait);
	sock_release(sock);
}

static void mcp_up_listener_stop(struct mcp_net *mn)
{
	mcp_up_listen_off(mn, &mn->up.listener, &mn->up.listen_wait);
	mcp_up_listen_off(mn, &mn->up.listener6, &mn->up.listen_wait6);
}

/*
 * Both LAN listeners, on the same port. A kernel without IPv6 has IPv4
 * LAN connections only: no IPv6 listener, and IPv6 SYNs are not held.
 */
static int mcp_up_listener_start(struct mcp_net *mn, u16 port)
{
	struct mcp_up_net *un = &mn->up;
	int err;

	err = mcp_up_listen_on(mn, AF_INET, port, &un->listen_wait,
			       &un->listener);
	if (err)
		return err;
	err = mcp_up_listen_on(mn, AF_INET6, port, &un->listen_wait6,
			       &un->listener6);
	if (err == -EAFNOSUPPORT)
		return 0;
	if (err)
		mcp_up_listener_stop(mn);
	return err;
}

static bool mcp_up_wanted(const struct mcp_cfg *cfg)
{
	return (cfg->mode & MCP_PROXY_MODE_UPSTREAM) && mcp_up_has_mcp(cfg);
}

/**
 * mcp_up_install() - open or close the LAN listener for a new configuration
 * @mn: the namespace
 * @old: the configuration in force
 * @new: the one about to be installed
 * @extack: for the reason of a failure
 *
 * Conversions under way keep running. Context: @mn->lock held.
 *
 * Return: 0, or a negative errno with @old still in force.
 */
int mcp_up_install(struct mcp_net *mn, const struct mcp_cfg *old,
		   const struct mcp_cfg *new, struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&mn->lock);
	WRITE_ONCE(mn->up.local, mcp_up_wanted(new) && new->up_local);
	if (mn->up.listener &&
	    (!mcp_up_wanted(new) || old->up_port != new->up_port))
		mcp_up_listener_stop(mn);
	if (!mcp_up_wanted(new) || mn->up.listener)
		return 0;
	err = mcp_up_listener_start(mn, new->up_port);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot open the upstream listener on this port");
		if (mcp_up_wanted(old) && mcp_up_listener_start(mn, old->up_port))
			pr_warn_ratelimited("upstream listener lost\n");
		WRITE_ONCE(mn->up.local, mcp_up_wanted(old) && old->up_local);
	}
	return err;
}

/**
 * mcp_up_net_init() - the upstream state of a new namespace
 * @mn: the namespace
 */
void mcp_up_net_init(struct mcp_net *mn)
{
	spin_lock_init(&mn->up.lock);
	INIT_LIST_HEAD(&mn->up.convs);
	INIT_WORK(&mn->up.accept_work, mcp_up_accept_work);
}

/**
 * mcp_up_net_exit() - close the listener, end every conversion, and wait
 * @mn: the namespace, already marked dying
 *
 * Context: process, no lock held.
 */
void mcp_up_net_exit(struct mcp_net *mn)
{
	struct mcp_up_net *un = &mn->up;
	struct mcp_up *c;
	bool empty;

	mutex_lock(&mn->lock);
	mcp_up_listener_stop(mn);
	mutex_unlock(&mn->lock);
	cancel_work_sync(&un->accept_work);
	for (;;) {
		spin_lock_bh(&un->lock);
		list_for_each_entry(c, &un->convs, list) {
			set_bit(MCP_UP_EV_ABORT, &c->events);
			mcp_up_kick(c);
		}
		empty = list_empty(&un->convs);
		spin_unlock_bh(&un->lock);
		if (empty)
			break;
		flush_workqueue(mcp_wq);
	}
}

/* ---------------------------------------------------------------- netlink */

/*
 * The token and subflow count of an upstream conversion's MPTCP socket,
 * read as MPTCP's own getsockopt(MPTCP_INFO) does. The socket is
 * IPPROTO_MPTCP, so its sk is a struct mptcp_sock, whose first member is
 * the struct sock: this cast is all that MPTCP's private mptcp_sk() does.
 * struct mptcp_info counts the joined subflows only; the first is added
 * so the count means what the downstream entries' count means.
 * Returns false on a kernel whose reader may sleep (it takes the socket
 * lock; our caller holds a spinlock) or is not exported.
 */
static bool mcp_up_mptcp_info(const struct socket *mp, u32 *token,
			      u32 *subflows)
{
#if defined(MCP_HAVE_MPTCP_DIAG_FILL_INFO) && \
	defined(MCP_HAVE_MPTCP_INFO_LOCKLESS)
	struct mptcp_info info;

	mptcp_diag_fill_info((struct mptcp_sock *)mp->sk, &info);
	*token = info.mptcpi_token;
	*subflows = info.mptcpi_subflows + 1;
	return true;
#else
	return false;
#endif
}

/*
 * One upstream conversion, named as the downstream role names its legs
 * (include/uapi/linux/mcp_proxy.h, MCP_PROXY_V_ROLE). The MPTCP leg's
 * addresses are the socket's own: the MPTCP socket copies them from its
 * first subflow at connect. This host is the MPTCP client, so the
 * socket's token is the client's side (MCP_PROXY_V_CLIENT_TOKEN); the
 * MCP's token derives from a key in MPTCP's private state and is not
 * reported. Context: under mcp_up_net.lock, which keeps @c listed and so
 * its sockets open (mcp_up_finish() unlists before it closes them).
 */
static int mcp_up_nl_put(struct sk_buff *skb, const struct mcp_up *c)
{
	const struct socket *mp = READ_ONCE(c->mp);
	union mcp_addr laddr = {}, raddr = {};
	__be16 lport = 0, rport = 0;
	u32 token = 0, subflows = 0;
	u16 mfamily = AF_INET;
	bool mpinfo = false;
	struct nlattr *nest;

	if (mp) {
		const struct inet_sock *inet = inet_sk(mp->sk);

		mfamily = mp->sk->sk_family;
		if (mfamily == AF_INET6) {
			laddr.v6 = mp->sk->sk_v6_rcv_saddr;
			raddr.v6 = mp->sk->sk_v6_daddr;
		} else {
			laddr.v4 = READ_ONCE(inet->inet_saddr);
			raddr.v4 = READ_ONCE(inet->inet_daddr);
		}
		lport = READ_ONCE(inet->inet_sport);
		rport = READ_ONCE(inet->inet_dport);
		mpinfo = mcp_up_mptcp_info(mp, &token, &subflows);
	}
	nest = nla_nest_start(skb, MCP_PROXY_A_CONV);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, MCP_PROXY_V_ROLE, MCP_PROXY_ROLE_UPSTREAM) ||
	    nla_put_u8(skb, MCP_PROXY_V_STATE, READ_ONCE(c->state)) ||
	    mcp_nl_put_addr(skb, c->family, MCP_PROXY_V_CLIENT_ADDR4,
			    MCP_PROXY_V_CLIENT_ADDR6, &c->caddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_CLIENT_PORT, ntohs(c->cport)) ||
	    mcp_nl_put_addr(skb, c->family, MCP_PROXY_V_SERVER_ADDR4,
			    MCP_PROXY_V_SERVER_ADDR6, &c->saddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_SERVER_PORT, ntohs(c->sport)) ||
	    mcp_nl_put_addr(skb, mfamily, MCP_PROXY_V_LOCAL_ADDR4,
			    MCP_PROXY_V_LOCAL_ADDR6, &laddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_LOCAL_PORT, ntohs(lport)) ||
	    mcp_nl_put_addr(skb, mfamily, MCP_PROXY_V_MCP_ADDR4,
			    MCP_PROXY_V_MCP_ADDR6, &raddr) ||
	    nla_put_u16(skb, MCP_PROXY_V_MCP_PORT, ntohs(rport)) ||
	    nla_put_u64_64bit(skb, MCP_PROXY_V_BYTES_TO_SERVER,
			      READ_ONCE(c->up.bytes), MCP_PROXY_V_PAD) ||
	    nla_put_u64_64bit(skb, MCP_PROXY_V_BYTES_TO_CLIENT,
			      READ_ONCE(c->down.bytes), MCP_PROXY_V_PAD) ||
	    nla_put_u64_64bit(skb, MCP_PROXY_V_AGE_MS,
			      jiffies_to_msecs(jiffies - c->started),
			      MCP_PROXY_V_PAD) ||
	    (mpinfo && nla_put_u32(skb, MCP_PROXY_V_SUBFLOWS, subflows)) ||
	    (token && nla_put_u32(skb, MCP_PROXY_V_CLIENT_TOKEN, token))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int mcp_up_nl_put_entry(struct sk_buff *skb,
			       const struct list_head *entry)
{
	return mcp_up_nl_put(skb, list_entry(entry, struct mcp_up, list));
}

/**
 * mcp_up_nl_fill() - the upstream conversions of a namespace, one per message
 * @mn: the namespace
 * @skb: the dump message
 * @cb: cb->args[1] counts the upstream conversions already sent
 *
 * Return: 0 when the last conversion is in, -EMSGSIZE when @skb is full.
 */
int mcp_up_nl_fill(struct mcp_net *mn, struct sk_buff *skb,
		   struct netlink_callback *cb)
{
	return mcp_nl_dump_list(skb, cb, &mn->up.lock, &mn->up.convs,
				&cb->args[1], mcp_up_nl_put_entry);
}
