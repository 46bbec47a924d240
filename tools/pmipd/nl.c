// SPDX-License-Identifier: GPL-2.0
/*
 * pmipd: netlink. One socket for pmip_mmb requests, one for rtnetlink
 * requests, one listening to link events (the MAG's access links). Every
 * request waits for its ACK; the kernel's extack message is logged.
 */
#include <arpa/inet.h>
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
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/ip6_tunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "pmipd.h"
#include "nlcore.h"

static struct nl_sock genl, rtnl, lnk;
static uint16_t family_id;

static struct nlmsghdr *genl_start(uint8_t cmd)
{
	return nlc_genl_start(&genl, family_id, cmd, PMIP_MMB_GENL_VERSION);
}

int pd_nl_init(bool with_genl)
{
	int r;

	r = nlc_open(&rtnl, NETLINK_ROUTE);
	if (!r && with_genl)
		r = nlc_open(&genl, NETLINK_GENERIC);
	if (r || !with_genl)
		return r;
	r = nlc_genl_resolve(&genl, PMIP_MMB_GENL_NAME, NULL,
			     "resolve " PMIP_MMB_GENL_NAME, false, &family_id,
			     NULL);
	if (r)
		return r;
	return family_id ? 0 : -ENOENT;
}

/* --- link state ----------------------------------------------------------- */

static struct watcher lnk_w;
static void (*link_cb)(int ifindex, bool up);
static void (*addr_cb)(int ifindex, const struct in6_addr *a);

static bool ifi_usable(const struct ifinfomsg *ifi)
{
	return (ifi->ifi_flags & IFF_UP) && (ifi->ifi_flags & IFF_RUNNING);
}

/* an IPv6 address that can be a source now (not tentative, not failed) */
static void addr_event(const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa;
	const struct nlattr *a;
	const void *addr = NULL;
	uint32_t flags;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET6)
		return;
	flags = ifa->ifa_flags;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_type(a) == IFA_FLAGS &&
		    !mnl_attr_validate(a, MNL_TYPE_U32))
			flags = mnl_attr_get_u32(a);
		else if ((mnl_attr_get_type(a) == IFA_ADDRESS ||
			  mnl_attr_get_type(a) == IFA_LOCAL) &&
			 mnl_attr_get_payload_len(a) == 16 && !addr)
			addr = mnl_attr_get_payload(a);
	}
	if (!addr || flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
		return;
	addr_cb((int)ifa->ifa_index, addr);
}

static void lnk_fn(struct watcher *w, uint32_t events)
{
	const struct nlmsghdr *nlh;
	const struct ifinfomsg *ifi;
	char buf[8192];
	ssize_t n;
	int left, i;

	(void)w;
	(void)events;
	for (i = 0; i < 64; i++) {
		n = recv(mnl_socket_get_fd(lnk.sk), buf, sizeof(buf),
			 MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				warn("link events: receive buffer overrun");
				continue;
			}
			return;
		}
		left = (int)n;
		for (nlh = (const struct nlmsghdr *)buf;
		     mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type == RTM_NEWADDR && addr_cb) {
				addr_event(nlh);
				continue;
			}
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

int pd_nl_link_watch(void (*cb)(int ifindex, bool up),
		     void (*acb)(int ifindex, const struct in6_addr *a))
{
	int r, grp = RTNLGRP_LINK, agrp = RTNLGRP_IPV6_IFADDR;

	link_cb = cb;
	addr_cb = acb;
	r = nlc_open(&lnk, NETLINK_ROUTE);
	if (r)
		return r;
	if (mnl_socket_setsockopt(lnk.sk, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0)
		return -errno;
	/* a care-of address back after a flap (or its DAD done) */
	if (acb && mnl_socket_setsockopt(lnk.sk, NETLINK_ADD_MEMBERSHIP,
					 &agrp, sizeof(agrp)) < 0)
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

int pd_nl_link_usable(int ifindex)
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

static int link_up(int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nlc_msg_start(&rtnl, RTM_NEWLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return nlc_transact(&rtnl, nlh, "set link up", false, NULL, NULL);
}

/* @kind device @name with an optional IFLA_INFO_DATA filler; its ifindex */
static int link_create(const char *name, const char *kind,
		       void (*data)(struct nlmsghdr *, const void *),
		       const void *arg, bool quiet_exist)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li, *d;
	char what[64];
	int r, idx;

	snprintf(what, sizeof(what), "create %s %s", kind, name);
	nlh = nlc_msg_start(&rtnl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	if (data) {
		d = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		data(nlh, arg);
		mnl_attr_nest_end(nlh, d);
	}
	mnl_attr_nest_end(nlh, li);
	r = nlc_transact(&rtnl, nlh, what, quiet_exist, NULL, NULL);
	if (r)
		return r;
	idx = nl_ifindex(name);
	if (!idx)
		return -ENODEV;
	r = link_up(idx);
	return r ? r : idx;
}

/*
 * Create first, look up after: looking up a name that does not exist
 * makes the kernel run modprobe for "netdev-NAME", which takes seconds in
 * a slow guest (gbcpd learnt this too).
 */
int pd_nl_steer_dev(const char *name)
{
	int idx = link_create(name, PMIP_MMB_LINK_KIND, NULL, NULL, true);

	if (idx != -EEXIST) {
		if (idx < 0)
			err("create %s: %s", name, strerror(-idx));
		return idx;
	}
	idx = nl_ifindex(name);
	return idx && !link_up(idx) ? idx : -ENODEV;
}

struct tun_ends {
	const struct in6_addr *local, *remote;
	const struct pd_encap *encap;
};

static void tun_data(struct nlmsghdr *nlh, const void *arg)
{
	const struct tun_ends *t = arg;

	mnl_attr_put(nlh, IFLA_IPTUN_LOCAL, 16, t->local);
	mnl_attr_put(nlh, IFLA_IPTUN_REMOTE, 16, t->remote);
	mnl_attr_put_u8(nlh, IFLA_IPTUN_PROTO, IPPROTO_IPV6);
	mnl_attr_put_u32(nlh, IFLA_IPTUN_FLAGS, IP6_TNL_F_IGN_ENCAP_LIMIT);
}

/* RFC 5845 keyed (or keyless) GRE over IPv6, IP payload (not gretap) */
static void gre_data(struct nlmsghdr *nlh, const void *arg)
{
	const struct tun_ends *t = arg;

	mnl_attr_put(nlh, IFLA_GRE_LOCAL, 16, t->local);
	mnl_attr_put(nlh, IFLA_GRE_REMOTE, 16, t->remote);
	mnl_attr_put_u32(nlh, IFLA_GRE_FLAGS, IP6_TNL_F_IGN_ENCAP_LIMIT);
	if (t->encap->keyed) {
		mnl_attr_put_u16(nlh, IFLA_GRE_IFLAGS, GRE_KEY);
		mnl_attr_put_u16(nlh, IFLA_GRE_OFLAGS, GRE_KEY);
		mnl_attr_put_u32(nlh, IFLA_GRE_IKEY, htonl(t->encap->ikey));
		mnl_attr_put_u32(nlh, IFLA_GRE_OKEY, htonl(t->encap->okey));
	}
}

int pd_nl_tunnel_add(const char *name, const struct in6_addr *local,
		     const struct in6_addr *remote, const struct pd_encap *e)
{
	struct tun_ends t = { local, remote, e };
	const char *kind = e->gre ? "ip6gre" : "ip6tnl";
	void (*data)(struct nlmsghdr *, const void *) =
		e->gre ? gre_data : tun_data;
	int r = link_create(name, kind, data, &t, true);

	if (r == -EEXIST) {
		/* an earlier run's; or another binding with these ends */
		r = nl_ifindex(name);
		if (r)
			pd_nl_link_del(r);
		r = link_create(name, kind, data, &t, false);
	} else if (r < 0) {
		err("create %s %s: %s", kind, name, strerror(-r));
	}
	return r;
}

int pd_nl_link_del(int ifindex)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nlc_msg_start(&rtnl, RTM_DELLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlc_transact(&rtnl, nlh, "delete link", true, NULL, NULL);
}

/* --- pmip_mmb -------------------------------------------------------------- */

static void put_mn(struct nlmsghdr *nlh, int dev, const struct pmip_ident *mn)
{
	mnl_attr_put_u32(nlh, PMIP_MMB_A_IFINDEX, (uint32_t)dev);
	mnl_attr_put(nlh, PMIP_MMB_A_MNID, mn->len, mn->id);
}

int pd_nl_session_add(int dev, const struct pmip_ident *mn, bool lma,
		      const struct pmip_prefix *hnp)
{
	struct nlmsghdr *nlh = genl_start(PMIP_MMB_CMD_SESSION_ADD);
	struct nlattr *n;

	put_mn(nlh, dev, mn);
	mnl_attr_put_u8(nlh, PMIP_MMB_A_MNID_TYPE, mn->subtype);
	mnl_attr_put_u8(nlh, PMIP_MMB_A_ROLE,
			lma ? PMIP_MMB_ROLE_LMA : PMIP_MMB_ROLE_MAG);
	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_HNP);
	mnl_attr_put(nlh, PMIP_MMB_P_PREFIX, 16, hnp->addr);
	mnl_attr_put_u8(nlh, PMIP_MMB_P_LEN, hnp->len);
	mnl_attr_nest_end(nlh, n);
	return nlc_transact(&genl, nlh, "session add", false, NULL, NULL);
}

int pd_nl_session_del(int dev, const struct pmip_ident *mn)
{
	struct nlmsghdr *nlh = genl_start(PMIP_MMB_CMD_SESSION_DEL);

	put_mn(nlh, dev, mn);
	return nlc_transact(&genl, nlh, "session del", true, NULL, NULL);
}

int pd_nl_binding_set(int dev, const struct pmip_ident *mn,
		      const struct pd_binding *b, const struct in6_addr *peer,
		      bool lma)
{
	/* uplink is MAG -> LMA: the LMA receives with it */
	uint32_t up = lma ? b->encap.ikey : b->encap.okey;
	uint32_t down = lma ? b->encap.okey : b->encap.ikey;
	struct nlmsghdr *nlh = genl_start(PMIP_MMB_CMD_BINDING_ADD);
	struct nlattr *n;

	put_mn(nlh, dev, mn);
	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_BINDING);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_BID, b->bid);
	mnl_attr_put(nlh, PMIP_MMB_B_PCOA, 16, &b->pcoa);
	mnl_attr_put(nlh, PMIP_MMB_B_PEER, 16, peer);
	if (b->att)
		mnl_attr_put_u8(nlh, PMIP_MMB_B_ATT, b->att);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_LABEL, b->label);
	mnl_attr_put_u32(nlh, PMIP_MMB_B_LIFETIME, b->lifetime_s);
	mnl_attr_put_u32(nlh, PMIP_MMB_B_TUNNEL, (uint32_t)b->tunnel);
	if (b->encap.gre && b->encap.keyed) {
		mnl_attr_put_u32(nlh, PMIP_MMB_B_GRE_KEY_UP, up);
		mnl_attr_put_u32(nlh, PMIP_MMB_B_GRE_KEY_DOWN, down);
	}
	mnl_attr_nest_end(nlh, n);
	return nlc_transact(&genl, nlh, "binding add", false, NULL, NULL);
}

int pd_nl_binding_del(int dev, const struct pmip_ident *mn, uint8_t bid)
{
	struct nlmsghdr *nlh = genl_start(PMIP_MMB_CMD_BINDING_DEL);
	struct nlattr *n;

	put_mn(nlh, dev, mn);
	n = mnl_attr_nest_start(nlh, PMIP_MMB_A_BINDING);
	mnl_attr_put_u8(nlh, PMIP_MMB_B_BID, bid);
	mnl_attr_nest_end(nlh, n);
	/* the kernel may have expired it already */
	return nlc_transact(&genl, nlh, "binding del", true, NULL, NULL);
}

/* --- routes and rules ---------------------------------------------------- */

int pd_nl_route(bool add, uint32_t table, const struct pmip_prefix *p,
		int oif)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = nlc_msg_start(&rtnl, add ? RTM_NEWROUTE : RTM_DELROUTE,
			add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = p->len;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (p->len)
		mnl_attr_put(nlh, RTA_DST, 16, p->addr);
	if (oif)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	return nlc_transact(&rtnl, nlh, add ? "route add" : "route del", !add,
			NULL, NULL);
}

int pd_nl_rule_src(bool add, const struct pmip_prefix *p, const char *iif,
		   uint32_t table)
{
	struct fib_rule_hdr *frh;
	struct nlmsghdr *nlh;

	nlh = nlc_msg_start(&rtnl, add ? RTM_NEWRULE : RTM_DELRULE,
			add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = AF_INET6;
	frh->action = FR_ACT_TO_TBL;
	frh->src_len = p->len;
	frh->table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	mnl_attr_put_u32(nlh, FRA_PRIORITY, 1000);
	mnl_attr_put(nlh, FRA_SRC, 16, p->addr);
	mnl_attr_put_strz(nlh, FRA_IIFNAME, iif);
	mnl_attr_put_u32(nlh, FRA_TABLE, table);
	return nlc_transact(&rtnl, nlh, add ? "rule add" : "rule del", !add,
			NULL, NULL);
}
