// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: netlink sockets, requests, ACKs, extended ACK, dumps, monitor
 * (see netlink.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "netlink.h"
#include "parse.h"

#define PROG	"bondctl"

unsigned int bc_lineno;

static void where(void)
{
	if (bc_lineno)
		fprintf(stderr, "line %u: ", bc_lineno);
}

void nl_say(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	where();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* what the kernel said in an extended ACK */
static void nl_kmsg(int err, const char *msg)
{
	where();
	fprintf(stderr, "%s: %s\n", err ? "Error" : "Warning", msg);
}

int nl_open(struct nl *nl, int proto)
{
	int one = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->proto = proto;
	nl->sbuf = calloc(1, NL_SBUF_SIZE);
	nl->rbuf = malloc(NL_RBUF_SIZE);
	if (!nl->sbuf || !nl->rbuf) {
		err = -ENOMEM;
		goto fail;
	}
	nl->sk = mnl_socket_open(proto);
	if (!nl->sk) {
		err = -errno;
		goto fail;
	}
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto fail;
	}
	/* both best effort: a kernel without them still works, tersely */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = (uint32_t)time(NULL);
	return 0;

fail:
	nl_say("cannot open netlink socket: %s\n", strerror(-err));
	nl_close(nl);
	return err;
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->sbuf);
	free(nl->rbuf);
	memset(nl, 0, sizeof(*nl));
}

struct nlmsghdr *nl_msg(struct nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(nl->sbuf, 0, NL_SBUF_SIZE);
	nlh = mnl_nlmsg_put_header(nl->sbuf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

struct nlmsghdr *genl_msg(struct nl *nl, uint16_t family, uint8_t cmd,
			  uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = nl_msg(nl, family, flags);
	struct genlmsghdr *g;

	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* --- extended ACK ------------------------------------------------------ */

struct extack {
	const char *msg;
	bool has_miss;
	uint32_t miss_type;
};

static int extack_attr_cb(const struct nlattr *a, void *data)
{
	struct extack *ea = data;
	uint16_t len = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case NLMSGERR_ATTR_MSG:
		/* must be NUL-terminated within the attribute */
		if (len && memchr(mnl_attr_get_payload(a), '\0', len))
			ea->msg = mnl_attr_get_str(a);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (len >= sizeof(uint32_t)) {
			ea->has_miss = true;
			ea->miss_type = mnl_attr_get_u32(a);
		}
		break;
	}
	return MNL_CB_OK;
}

static void extack_parse(const struct nlmsghdr *nlh, size_t off,
			 struct extack *ea)
{
	size_t plen = mnl_nlmsg_get_payload_len(nlh);

	memset(ea, 0, sizeof(*ea));
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || off >= plen)
		return;
	mnl_attr_parse_payload((const char *)mnl_nlmsg_get_payload(nlh) + off,
			       plen - off, extack_attr_cb, ea);
}

/* error (or ACK) message: returns the error, prints what the kernel said */
static int handle_error_msg(const struct nlmsghdr *nlh, const char *what,
			    unsigned int flags)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct extack ea;
	size_t off;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		if (!(flags & NL_QUIET))
			nl_say("%s: truncated netlink error\n", what);
		return -EBADMSG;
	}
	err = e->error;
	if (err > 0)
		err = -err;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len > sizeof(struct nlmsghdr))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(struct nlmsghdr);
	extack_parse(nlh, off, &ea);
	if (flags & NL_QUIET)
		return err;
	if (ea.msg && *ea.msg)
		nl_kmsg(err, ea.msg);
	if (err) {
		if (ea.has_miss)
			nl_say("%s: %s (missing attribute %u)\n",
			       what, strerror(-err), ea.miss_type);
		else
			nl_say("%s: %s\n", what, strerror(-err));
	}
	return err;
}

/* NLMSG_DONE of a dump: an int error, then possibly extack TLVs */
static int handle_done_msg(const struct nlmsghdr *nlh, const char *what)
{
	struct extack ea;
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		err = *(const int *)mnl_nlmsg_get_payload(nlh);
	if (err > 0)
		err = -err;
	extack_parse(nlh, sizeof(int), &ea);
	if (ea.msg && *ea.msg)
		nl_kmsg(err, ea.msg);
	if (err)
		nl_say("%s: %s\n", what, strerror(-err));
	return err;
}

static int send_req(struct nl *nl, const struct nlmsghdr *req,
		    const char *what, unsigned int flags)
{
	if (mnl_socket_sendto(nl->sk, req, req->nlmsg_len) < 0) {
		int err = -errno;

		if (!(flags & NL_QUIET))
			nl_say("%s: send: %s\n", what, strerror(-err));
		return err;
	}
	return 0;
}

static ssize_t recv_msgs(struct nl *nl, const char *what, unsigned int flags)
{
	ssize_t n;

	do {
		n = mnl_socket_recvfrom(nl->sk, nl->rbuf, NL_RBUF_SIZE);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		n = -errno;
		if (!(flags & NL_QUIET))
			nl_say("%s: receive: %s\n", what, strerror((int)-n));
	}
	return n;
}

/* is this message an answer to our request? */
static bool ours(const struct nl *nl, const struct nlmsghdr *nlh,
		 uint32_t seq)
{
	return nlh->nlmsg_seq == seq &&
	       (nlh->nlmsg_pid == nl->portid || nlh->nlmsg_pid == 0);
}

int nl_transact(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
		const char *what, unsigned int flags)
{
	uint32_t seq = req->nlmsg_seq;
	const struct nlmsghdr *nlh;
	int cb_err = 0, err, left;
	ssize_t n;

	req->nlmsg_flags |= NLM_F_ACK;
	err = send_req(nl, req, what, flags);
	if (err)
		return err;
	for (;;) {
		n = recv_msgs(nl, what, flags);
		if (n < 0)
			return (int)n;
		left = (int)n;
		nlh = (const struct nlmsghdr *)nl->rbuf;
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (!ours(nl, nlh, seq))
				continue;
			switch (nlh->nlmsg_type) {
			case NLMSG_ERROR:
				err = handle_error_msg(nlh, what, flags);
				return err ? err : cb_err;
			case NLMSG_DONE:
				return cb_err;
			case NLMSG_NOOP:
			case NLMSG_OVERRUN:
				continue;
			}
			/* keep reading to the ACK even after a failure */
			if (cb && !cb_err)
				cb_err = cb(nlh, data);
		}
	}
}

struct msgbuf {
	char *buf;
	size_t len, cap;
};

static int msgbuf_add(struct msgbuf *mb, const struct nlmsghdr *nlh)
{
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);
	char *p;

	if (mb->len + len > mb->cap) {
		size_t cap = mb->cap ? mb->cap * 2 : NL_RBUF_SIZE;

		while (cap < mb->len + len)
			cap *= 2;
		p = realloc(mb->buf, cap);
		if (!p)
			return -ENOMEM;
		mb->buf = p;
		mb->cap = cap;
	}
	memcpy(mb->buf + mb->len, nlh, nlh->nlmsg_len);
	memset(mb->buf + mb->len + nlh->nlmsg_len, 0, len - nlh->nlmsg_len);
	mb->len += len;
	return 0;
}

/* one dump attempt into mb; sets *intr if the kernel flagged it */
static int dump_once(struct nl *nl, struct nlmsghdr *req, struct msgbuf *mb,
		     bool *intr, const char *what)
{
	const struct nlmsghdr *nlh;
	uint32_t seq;
	ssize_t n;
	int err, left;

	req->nlmsg_seq = seq = ++nl->seq;
	err = send_req(nl, req, what, 0);
	if (err)
		return err;
	for (;;) {
		n = recv_msgs(nl, what, 0);
		if (n < 0)
			return (int)n;
		left = (int)n;
		nlh = (const struct nlmsghdr *)nl->rbuf;
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (!ours(nl, nlh, seq))
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				*intr = true;
			switch (nlh->nlmsg_type) {
			case NLMSG_DONE:
				return handle_done_msg(nlh, what);
			case NLMSG_ERROR:
				err = handle_error_msg(nlh, what, 0);
				if (err)
					return err;
				continue;	/* an ACK: not expected, harmless */
			case NLMSG_NOOP:
			case NLMSG_OVERRUN:
				continue;
			}
			err = msgbuf_add(mb, nlh);
			if (err) {
				nl_say("%s: %s\n", what, strerror(-err));
				return err;
			}
		}
	}
}

int nl_dump(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
	    const char *what)
{
	struct msgbuf mb = { 0 };
	const struct nlmsghdr *nlh;
	int attempt, err, left;
	bool intr;

	req->nlmsg_flags |= NLM_F_DUMP;
	for (attempt = 0;; attempt++) {
		intr = false;
		mb.len = 0;
		err = dump_once(nl, req, &mb, &intr, what);
		if (err)
			goto out;
		if (!intr)
			break;
		if (attempt + 1 >= NL_DUMP_RETRIES) {
			fprintf(stderr,
				"Warning: %s: dump interrupted %d times by concurrent changes, output may be inconsistent\n",
				what, NL_DUMP_RETRIES);
			break;
		}
	}
	left = (int)mb.len;
	for (nlh = (const struct nlmsghdr *)mb.buf; mb.buf && mnl_nlmsg_ok(nlh, left);
	     nlh = mnl_nlmsg_next(nlh, &left)) {
		err = cb(nlh, data);
		if (err)
			break;
	}
out:
	free(mb.buf);
	return err;
}

/* --- generic netlink controller ---------------------------------------- */

static int mcgrp_cb(const struct nlattr *a, void *data)
{
	struct genl_family_info *fi = data;
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { 0 };
	unsigned int i = fi->n_mcgrps;

	if (mnl_attr_get_type(a) == 0 || i >= GENL_MAX_MCGRPS)
		return MNL_CB_OK;	/* nests are numbered from 1 */
	if (nla_parse_nest(a, tb, CTRL_ATTR_MCAST_GRP_MAX) < 0)
		return MNL_CB_OK;
	if (!nla_str(tb[CTRL_ATTR_MCAST_GRP_NAME], fi->mcgrps[i].name,
		     sizeof(fi->mcgrps[i].name)) ||
	    !nla_u32(tb[CTRL_ATTR_MCAST_GRP_ID], &fi->mcgrps[i].id))
		return MNL_CB_OK;
	fi->n_mcgrps++;
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl_family_info *fi = data;
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { 0 };
	uint16_t id;

	nla_parse_genl(nlh, tb, CTRL_ATTR_MAX);
	if (!nla_u16(tb[CTRL_ATTR_FAMILY_ID], &id))
		return -EBADMSG;
	fi->id = id;
	nla_str(tb[CTRL_ATTR_FAMILY_NAME], fi->name, sizeof(fi->name));
	nla_u32(tb[CTRL_ATTR_VERSION], &fi->version);
	nla_u32(tb[CTRL_ATTR_HDRSIZE], &fi->hdrsize);
	nla_u32(tb[CTRL_ATTR_MAXATTR], &fi->maxattr);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		mnl_attr_parse_nested(tb[CTRL_ATTR_MCAST_GROUPS], mcgrp_cb, fi);
	return 0;
}

int genl_resolve(struct nl *nl, const char *name, struct genl_family_info *fi)
{
	struct nlmsghdr *nlh;
	char what[64];
	int err;

	memset(fi, 0, sizeof(*fi));
	snprintf(what, sizeof(what), "resolve family %s", name);
	nlh = genl_msg(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	err = nl_transact(nl, nlh, family_cb, fi, what, NL_QUIET);
	if (!err && !fi->id)
		err = -ENOENT;
	if (err && err != -ENOENT)
		nl_say("%s: %s\n", what, strerror(-err));
	return err;
}

uint32_t genl_mcgrp(const struct genl_family_info *fi, const char *name)
{
	unsigned int i;

	for (i = 0; i < fi->n_mcgrps; i++)
		if (!strcmp(fi->mcgrps[i].name, name))
			return fi->mcgrps[i].id;
	return 0;
}

/* --- monitor ----------------------------------------------------------- */

int nl_join(struct nl *nl, uint32_t group)
{
	int g = (int)group;

	if (mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP, &g,
				  sizeof(g)) < 0) {
		int err = -errno;

		nl_say("join multicast group %u: %s\n", group, strerror(-err));
		return err;
	}
	return 0;
}

int nl_monitor(struct nl *nl, nl_msg_cb cb, void *data)
{
	int fd = mnl_socket_get_fd(nl->sk);
	int sz = 4 << 20;
	const struct nlmsghdr *nlh;
	ssize_t n;
	int err, left;

	/* a burst of events must not overrun us; best effort */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	for (;;) {
		n = mnl_socket_recvfrom(nl->sk, nl->rbuf, NL_RBUF_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				nl_say("monitor: receive buffer overrun, events were lost\n");
				continue;
			}
			err = -errno;
			nl_say("monitor: receive: %s\n", strerror(-err));
			return err;
		}
		left = (int)n;
		nlh = (const struct nlmsghdr *)nl->rbuf;
		for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			err = cb(nlh, data);
			if (err)
				return err;
		}
	}
}

/* --- rtnetlink links --------------------------------------------------- */

int nl_link_create(struct nl *rt, const char *name, const char *kind,
		   uint32_t mtu, bool up, const char *what)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct nlattr *li;

	nlh = nl_msg(rt, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (up) {
		ifi->ifi_flags = IFF_UP;
		ifi->ifi_change = IFF_UP;
	}
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	mnl_attr_nest_end(nlh, li);
	return nl_transact(rt, nlh, NULL, NULL, what, 0);
}

int nl_link_change(struct nl *rt, int ifindex, uint32_t mtu, int up,
		   const char *what)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nl_msg(rt, RTM_NEWLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (up >= 0) {
		ifi->ifi_flags = up ? IFF_UP : 0;
		ifi->ifi_change = IFF_UP;
	}
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return nl_transact(rt, nlh, NULL, NULL, what, 0);
}

int nl_link_delete(struct nl *rt, int ifindex, const char *what)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = nl_msg(rt, RTM_DELLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nl_transact(rt, nlh, NULL, NULL, what, 0);
}

struct kind_req {
	char *kind;
	size_t size;
};

static int link_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type <= IFLA_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static int kind_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct nlattr *li[IFLA_INFO_MAX + 1] = { 0 };
	struct kind_req *kr = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb, tb) < 0)
		return -EBADMSG;
	if (tb[IFLA_LINKINFO] &&
	    nla_parse_nest(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX) >= 0)
		nla_str(li[IFLA_INFO_KIND], kr->kind, kr->size);
	return 0;
}

int nl_link_kind(struct nl *rt, int ifindex, char *kind, size_t size,
		 const char *what)
{
	struct kind_req kr = { kind, size };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	if (size)
		kind[0] = '\0';
	nlh = nl_msg(rt, RTM_GETLINK, 0);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nl_transact(rt, nlh, kind_cb, &kr, what, 0);
}

/* --- attributes -------------------------------------------------------- */

struct tb_req {
	const struct nlattr **tb;
	unsigned int max;
};

static int tb_cb(const struct nlattr *a, void *data)
{
	struct tb_req *r = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type <= r->max)
		r->tb[type] = a;
	return MNL_CB_OK;
}

int nla_parse_genl(const struct nlmsghdr *nlh, const struct nlattr **tb,
		   unsigned int max)
{
	struct tb_req r = { tb, max };

	/* as the kernel's nla_parse(): what the message lacks is NULL */
	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return -EBADMSG;
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), tb_cb, &r) < 0 ?
	       -EBADMSG : 0;
}

int nla_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		   unsigned int max)
{
	struct tb_req r = { tb, max };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	return mnl_attr_parse_nested(nest, tb_cb, &r) < 0 ? -EBADMSG : 0;
}

bool nla_u8(const struct nlattr *a, uint8_t *v)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(*v))
		return false;
	*v = mnl_attr_get_u8(a);
	return true;
}

bool nla_u16(const struct nlattr *a, uint16_t *v)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(*v))
		return false;
	*v = mnl_attr_get_u16(a);
	return true;
}

bool nla_u32(const struct nlattr *a, uint32_t *v)
{
	if (!a || mnl_attr_get_payload_len(a) < sizeof(*v))
		return false;
	*v = mnl_attr_get_u32(a);
	return true;
}

bool nla_u64(const struct nlattr *a, uint64_t *v)
{
	uint32_t v32;

	if (!a)
		return false;
	if (mnl_attr_get_payload_len(a) >= sizeof(*v)) {
		memcpy(v, mnl_attr_get_payload(a), sizeof(*v));
		return true;
	}
	if (mnl_attr_get_payload_len(a) == sizeof(v32)) {
		memcpy(&v32, mnl_attr_get_payload(a), sizeof(v32));
		*v = v32;
		return true;
	}
	return false;
}

bool nla_str(const struct nlattr *a, char *buf, size_t size)
{
	size_t len;
	const char *s;

	if (!a || !size)
		return false;
	s = mnl_attr_get_payload(a);
	len = strnlen(s, mnl_attr_get_payload_len(a));
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

const char *attr_addr(const struct nlattr *a, char *buf, size_t size)
{
	if (!a) {
		snprintf(buf, size, "?");
		return buf;
	}
	return fmt_addr(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a),
			buf, size);
}
