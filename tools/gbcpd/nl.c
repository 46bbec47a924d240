// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: netlink. Three sockets: one for gre_bond requests (each waits for
 * its ACK, which the kernel sends at once), one that only listens to the
 * family's "ctrl" group (in the event loop), one for rtnetlink requests.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/fib_rules.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/gre_bond.h>

#include "gbcpd.h"
#include "nlcore.h"

/* the ctrl group's receive buffer; requests use nlcore's */
#define RBUF	65536

static struct nl_sock genl, rtnl, mon, lnk;
static uint16_t family_id;
static char *mbuf;
static struct watcher mon_w;
static void (*ctrl_cb)(int, uint8_t, uint16_t, uint32_t, const uint8_t *,
		       size_t, const struct addr *, uint64_t);

static struct nlmsghdr *genl_start(uint8_t cmd)
{
	return nlc_genl_start(&genl, family_id, cmd, GRE_BOND_GENL_VERSION);
}

/* --- the ctrl group ---------------------------------------------------- */

static void ctrl_msg(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *c;
	const uint8_t *payload = NULL;
	struct addr src = { 0 };
	uint32_t ifindex = 0, key = 0;
	uint64_t ts = 0;
	uint16_t proto = 0, len;
	uint8_t tid = 0xff;
	size_t plen = 0;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*g) ||
	    g->cmd != GRE_BOND_CMD_CTRL_RECV)
		return;
	mnl_attr_for_each(a, nlh, sizeof(*g)) {
		len = mnl_attr_get_payload_len(a);
		if (mnl_attr_get_type(a) == GRE_BOND_A_IFINDEX && len == 4)
			ifindex = mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) != GRE_BOND_A_CTRL)
			continue;
		mnl_attr_for_each_nested(c, a) {
			len = mnl_attr_get_payload_len(c);
			switch (mnl_attr_get_type(c)) {
			case GRE_BOND_C_TUNNEL_ID:
				if (len == 1)
					tid = mnl_attr_get_u8(c);
				break;
			case GRE_BOND_C_PROTO:
				if (len == 2)
					proto = mnl_attr_get_u16(c);
				break;
			case GRE_BOND_C_KEY:
				if (len == 4)
					key = mnl_attr_get_u32(c);
				break;
			case GRE_BOND_C_PAYLOAD:
				payload = mnl_attr_get_payload(c);
				plen = len;
				break;
			case GRE_BOND_C_REMOTE4:
				if (len == 4) {
					src.family = AF_INET;
					memcpy(src.a, mnl_attr_get_payload(c), 4);
				}
				break;
			case GRE_BOND_C_REMOTE6:
				if (len == 16) {
					src.family = AF_INET6;
					memcpy(src.a, mnl_attr_get_payload(c), 16);
				}
				break;
			case GRE_BOND_C_TIMESTAMP_NS:
				if (len == 8)
					ts = mnl_attr_get_u64(c);
				break;
			}
		}
	}
	if (!ifindex || tid >= GRE_BOND_MAX_TUNNELS || !payload || !plen ||
	    !src.family) {
		dbg("ctrl: incomplete CTRL_RECV ignored");
		return;
	}
	if (!ts)
		ts = now_ns();
	ctrl_cb((int)ifindex, tid, proto, key, payload, plen, &src, ts);
}

static void mon_fn(struct watcher *w, uint32_t events)
{
	const struct nlmsghdr *nlh;
	ssize_t n;
	int left, i;

	(void)w;
	(void)events;
	for (i = 0; i < 64; i++) {
		n = recv(mnl_socket_get_fd(mon.sk), mbuf, RBUF, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				warn("ctrl group: receive buffer overrun, control messages lost");
				continue;
			}
			if (errno != EAGAIN && errno != EINTR)
				err("ctrl group: %s", strerror(errno));
			return;
		}
		left = (int)n;
		for (nlh = (const struct nlmsghdr *)mbuf;
		     mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
			if (nlh->nlmsg_type == family_id)
				ctrl_msg(nlh);
	}
}

int nl_init(void (*cb)(int, uint8_t, uint16_t, uint32_t, const uint8_t *,
		       size_t, const struct addr *, uint64_t))
{
	uint32_t ctrl_grp = 0;
	uint16_t id = 0;
	int r, grp, sz = 4 << 20;

	ctrl_cb = cb;
	mbuf = malloc(RBUF);
	if (!mbuf)
		return -ENOMEM;
	r = nlc_open(&genl, NETLINK_GENERIC);
	if (!r)
		r = nlc_open(&mon, NETLINK_GENERIC);
	if (!r)
		r = nlc_open(&rtnl, NETLINK_ROUTE);
	if (r) {
		err("netlink socket: %s", strerror(-r));
		return r;
	}
	r = nlc_genl_resolve(&genl, GRE_BOND_GENL_NAME, GRE_BOND_MCGRP_CTRL,
			     "resolve gre_bond", true, &id, &ctrl_grp);
	if (r || !id || !ctrl_grp) {
		err("generic netlink family \"%s\" not found (is the gre_bond module loaded?)",
		    GRE_BOND_GENL_NAME);
		return r ? r : -ENOENT;
	}
	family_id = id;
	grp = (int)ctrl_grp;
	if (mnl_socket_setsockopt(mon.sk, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		r = -errno;
		err("join the ctrl group: %s", strerror(-r));
		return r;
	}
	if (setsockopt(mnl_socket_get_fd(mon.sk), SOL_SOCKET, SO_RCVBUFFORCE,
		       &sz, sizeof(sz)) < 0)
		setsockopt(mnl_socket_get_fd(mon.sk), SOL_SOCKET, SO_RCVBUF,
			   &sz, sizeof(sz));
	mon_w.fd = mnl_socket_get_fd(mon.sk);
	mon_w.fn = mon_fn;
	return loop_add(&mon_w);
}

void nl_fini(void)
{
	if (lnk.sk)
		mnl_socket_close(lnk.sk);
	if (mon.sk)
		mnl_socket_close(mon.sk);
	if (genl.sk)
		mnl_socket_close(genl.sk);
	if (rtnl.sk)
		mnl_socket_close(rtnl.sk);
	free(mbuf);
}

/* --- link state (the HG's underlay devices) ---------------------------- */

static struct watcher lnk_w;
static void (*link_cb)(int ifindex, bool up);

/* usable for tunnels: administratively up and with a carrier */
static bool ifi_usable(const struct ifinfomsg *ifi)
{
	return (ifi->ifi_flags & IFF_UP) && (ifi->ifi_flags & IFF_RUNNING);
}

static void lnk_fn(struct watcher *w, uint32_t events)
{
	const struct nlmsghdr *nlh;
	const struct ifinfomsg *ifi;
	char buf[4096];
	ssize_t n;
	int left, i;

	(void)w;
	(void)events;
	for (i = 0; i < 64; i++) {
		n = recv(mnl_socket_get_fd(lnk.sk), buf, sizeof(buf),
			 MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				/* lost events: the caller polls again */
				warn("link events: receive buffer overrun");
				continue;
			}
			return;
		}
		left = (int)n;
		for (nlh = (const struct nlmsghdr *)buf;
		     mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type != RTM_NEWLINK &&
			    nlh->nlmsg_type != RTM_DELLINK)
				continue;
			if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
				continue;
			ifi = mnl_nlmsg_get_payload(nlh);
			link_cb(ifi->ifi_index, nlh->nlmsg_type == RTM_NEWLINK &&
				ifi_usable(ifi));
		}
	}
}

int nl_link_watch(void (*cb)(int ifindex, bool up))
{
	int r, grp = RTNLGRP_LINK;

	link_cb = cb;
	r = nlc_open(&lnk, NETLINK_ROUTE);
	if (r)
		return r;
	if (mnl_socket_setsockopt(lnk.sk, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		return -errno;
	lnk_w.fd = mnl_socket_get_fd(lnk.sk);
	lnk_w.fn = lnk_fn;
	return loop_add(&lnk_w);
}

static int link_flags_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	*(int *)data = ifi_usable(ifi);
	return MNL_CB_OK;
}

int nl_link_usable(int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	int usable = -1, r;

	nlh = nlc_msg_start(&rtnl, RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = ifindex;
	r = nlc_transact(&rtnl, nlh, "get link", true, link_flags_cb, &usable);
	return r ? r : usable;
}

/* --- links ------------------------------------------------------------- */

int nl_bond_create(const char *name)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li;
	char what[64];

	snprintf(what, sizeof(what), "create %s", name);
	nlh = nlc_msg_start(&rtnl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, GRE_BOND_LINK_KIND);
	mnl_attr_nest_end(nlh, li);
	return nlc_transact(&rtnl, nlh, what, false, NULL, NULL);
}

/*
 * Create first, look up after: looking up a name that does not exist
 * (SIOCGIFINDEX) makes the kernel run modprobe for a module "netdev-NAME",
 * half a second per bond in the test guest. A device of that name (an
 * earlier run's) is deleted first.
 */
int nl_bond_create_fresh(const char *name)
{
	int r, idx;

	r = nl_bond_create(name);
	if (r == -EEXIST) {
		warn("%s: exists already (an earlier run?), deleting it", name);
		nl_link_del(nl_ifindex(name));
		r = nl_bond_create(name);
	}
	if (r)
		return r;
	idx = nl_ifindex(name);
	return idx ? idx : -ENODEV;
}

int nl_link_del(int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nlc_msg_start(&rtnl, RTM_DELLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlc_transact(&rtnl, nlh, "delete bond", true, NULL, NULL);
}

int nl_link_up(int ifindex, bool up)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nlc_msg_start(&rtnl, RTM_NEWLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = up ? IFF_UP : 0;
	ifi->ifi_change = IFF_UP;
	return nlc_transact(&rtnl, nlh, "set bond up", false, NULL, NULL);
}

static void put_prefix_addr(struct nlmsghdr *nlh, uint16_t type,
			    const struct addr *a)
{
	mnl_attr_put(nlh, type, addr_len(a), a->a);
}

int nl_addr_add(int ifindex, const struct prefix *p)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	char buf[INET6_ADDRSTRLEN], what[96];

	snprintf(what, sizeof(what), "address %s/%u",
		 addr_str(&p->addr, buf, sizeof(buf)), p->len);
	nlh = nlc_msg_start(&rtnl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)p->addr.family;
	ifa->ifa_prefixlen = p->len;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_flags = p->addr.family == AF_INET6 ? IFA_F_NODAD : 0;
	put_prefix_addr(nlh, IFA_LOCAL, &p->addr);
	put_prefix_addr(nlh, IFA_ADDRESS, &p->addr);
	return nlc_transact(&rtnl, nlh, what, false, NULL, NULL);
}

/*
 * The one route builder: p in table through oif (0: any, for deletes),
 * via gw if set, with metric if not 0. Deleting a route that is not there
 * is not worth a log line (the callers clean up on every start).
 */
int nl_route(bool add, uint32_t table, const struct prefix *p, int oif,
	     const struct addr *gw, uint32_t metric)
{
	char buf[INET6_ADDRSTRLEN], what[112];
	bool via = gw && gw->family == p->addr.family;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	snprintf(what, sizeof(what), "%s route %s/%u table %u",
		 add ? "add" : "delete", addr_str(&p->addr, buf, sizeof(buf)),
		 p->len, table);
	nlh = nlc_msg_start(&rtnl, add ? RTM_NEWROUTE : RTM_DELROUTE,
			add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)p->addr.family;
	rtm->rtm_dst_len = p->len;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_type = RTN_UNICAST;
	if (!add)
		rtm->rtm_scope = RT_SCOPE_NOWHERE;	/* any scope */
	else if (p->addr.family == AF_INET && !via)
		rtm->rtm_scope = RT_SCOPE_LINK;		/* "dev X": on link */
	else
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (p->len)
		put_prefix_addr(nlh, RTA_DST, &p->addr);
	if (via)
		put_prefix_addr(nlh, RTA_GATEWAY, gw);
	if (oif)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	if (metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, metric);
	return nlc_transact(&rtnl, nlh, what, !add, NULL, NULL);
}

/* --- gre_bond ---------------------------------------------------------- */

int nl_bond_set(int ifindex, int64_t key, int64_t cir_kbps, int ctrl_alt,
		uint32_t hold_max_us)
{
	struct nlmsghdr *nlh = genl_start(GRE_BOND_CMD_BOND_SET);

	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, (uint32_t)ifindex);
	if (key >= 0)
		mnl_attr_put_u32(nlh, GRE_BOND_A_KEY, (uint32_t)key);
	if (cir_kbps >= 0)
		mnl_attr_put_u32(nlh, GRE_BOND_A_CIR_KBPS, (uint32_t)cir_kbps);
	if (ctrl_alt >= 0)
		mnl_attr_put_u16(nlh, GRE_BOND_A_CTRL_PROTO_ALT,
				 (uint16_t)ctrl_alt);
	if (hold_max_us)
		mnl_attr_put_u32(nlh, GRE_BOND_A_HOLD_MAX_US, hold_max_us);
	return nlc_transact(&genl, nlh, "bond set", false, NULL, NULL);
}

static void put_addr(struct nlmsghdr *nlh, uint16_t t4, uint16_t t6,
		     const struct addr *a)
{
	mnl_attr_put(nlh, a->family == AF_INET ? t4 : t6, addr_len(a), a->a);
}

int nl_tunnel_add(int ifindex, const struct nl_tunnel *t)
{
	struct nlmsghdr *nlh = genl_start(GRE_BOND_CMD_TUNNEL_ADD);
	struct nlattr *nest;
	char what[64];

	snprintf(what, sizeof(what), "tunnel add %s", t->name);
	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, (uint32_t)ifindex);
	nest = mnl_attr_nest_start(nlh, GRE_BOND_A_TUNNEL);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ID, t->id);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ROLE, t->role);
	mnl_attr_put_strz(nlh, GRE_BOND_T_NAME, t->name);
	if (t->local && t->local->family)
		put_addr(nlh, GRE_BOND_T_LOCAL4, GRE_BOND_T_LOCAL6, t->local);
	put_addr(nlh, GRE_BOND_T_REMOTE4, GRE_BOND_T_REMOTE6, t->remote);
	if (t->link)
		mnl_attr_put_u32(nlh, GRE_BOND_T_LINK, (uint32_t)t->link);
	mnl_attr_nest_end(nlh, nest);
	return nlc_transact(&genl, nlh, what, false, NULL, NULL);
}

int nl_tunnel_remote(int ifindex, uint8_t id, const struct addr *remote)
{
	struct nlmsghdr *nlh = genl_start(GRE_BOND_CMD_TUNNEL_SET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, (uint32_t)ifindex);
	nest = mnl_attr_nest_start(nlh, GRE_BOND_A_TUNNEL);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ID, id);
	put_addr(nlh, GRE_BOND_T_REMOTE4, GRE_BOND_T_REMOTE6, remote);
	mnl_attr_nest_end(nlh, nest);
	return nlc_transact(&genl, nlh, "tunnel set remote", false, NULL, NULL);
}

int nl_tunnel_state(int ifindex, uint8_t id, int admin, int oper,
		    int64_t rtt_us)
{
	struct nlmsghdr *nlh = genl_start(GRE_BOND_CMD_TUNNEL_SET);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, (uint32_t)ifindex);
	nest = mnl_attr_nest_start(nlh, GRE_BOND_A_TUNNEL);
	mnl_attr_put_u8(nlh, GRE_BOND_T_ID, id);
	if (admin >= 0)
		mnl_attr_put_u8(nlh, GRE_BOND_T_ADMIN, (uint8_t)admin);
	if (oper >= 0)
		mnl_attr_put_u8(nlh, GRE_BOND_T_OPER, (uint8_t)oper);
	if (rtt_us >= 0)
		mnl_attr_put_u32(nlh, GRE_BOND_T_RTT_US, (uint32_t)rtt_us);
	mnl_attr_nest_end(nlh, nest);
	return nlc_transact(&genl, nlh, "tunnel set", false, NULL, NULL);
}

int nl_ctrl_send(int ifindex, uint8_t tid, uint16_t proto, uint32_t key,
		 const uint8_t *payload, size_t len, const struct addr *to)
{
	struct nlmsghdr *nlh = genl_start(GRE_BOND_CMD_CTRL_SEND);
	struct nlattr *nest;

	if (len > 4096)
		return -EMSGSIZE;
	mnl_attr_put_u32(nlh, GRE_BOND_A_IFINDEX, (uint32_t)ifindex);
	nest = mnl_attr_nest_start(nlh, GRE_BOND_A_CTRL);
	mnl_attr_put_u8(nlh, GRE_BOND_C_TUNNEL_ID, tid);
	mnl_attr_put_u16(nlh, GRE_BOND_C_PROTO, proto);
	mnl_attr_put_u32(nlh, GRE_BOND_C_KEY, key);
	mnl_attr_put(nlh, GRE_BOND_C_PAYLOAD, len, payload);
	if (to && to->family)
		put_addr(nlh, GRE_BOND_C_REMOTE4, GRE_BOND_C_REMOTE6, to);
	mnl_attr_nest_end(nlh, nest);
	/* failures (no route while a link is down) are the caller's to log */
	return nlc_transact(&genl, nlh, "ctrl send", true, NULL, NULL);
}

/* --- policy routing of the bypass (hg_bypass.c) ------------------------ */

int nl_rule_fwmark(bool add, int family, uint32_t mark, uint32_t table,
		   uint32_t prio)
{
	struct fib_rule_hdr *frh;
	struct nlmsghdr *nlh;
	char what[64];

	snprintf(what, sizeof(what), "IPv%d rule fwmark 0x%x table %u",
		 family == AF_INET ? 4 : 6, mark, table);
	nlh = nlc_msg_start(&rtnl, add ? RTM_NEWRULE : RTM_DELRULE,
			add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = (uint8_t)family;
	frh->action = FR_ACT_TO_TBL;
	frh->table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	mnl_attr_put_u32(nlh, FRA_PRIORITY, prio);
	mnl_attr_put_u32(nlh, FRA_FWMARK, mark);
	mnl_attr_put_u32(nlh, FRA_FWMASK, mark);
	mnl_attr_put_u32(nlh, FRA_TABLE, table);
	/* deleting one that is not there is the normal case at start */
	return nlc_transact(&rtnl, nlh, what, !add, NULL, NULL);
}

