// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink request core of gbcpd and pmipd (see nlcore.h). Errors are
 * logged with gbcpd's err(), which both daemons link from gbcpd/util.c;
 * what needs no socket and no logging is in nlmsg.c.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "gbcpd.h"
#include "nlcore.h"

static char sbuf[NLC_SBUF];
/* static, not on the stack: a dump reply may fill all of it */
static char rbuf[NLC_RBUF];

int nlc_open(struct nl_sock *s, int proto)
{
	int one = 1;

	s->sk = mnl_socket_open2(proto, SOCK_CLOEXEC);
	if (!s->sk)
		return -errno;
	if (mnl_socket_bind(s->sk, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	mnl_socket_setsockopt(s->sk, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->sk, NETLINK_CAP_ACK, &one, sizeof(one));
	s->seq = (uint32_t)time(NULL);
	return 0;
}

struct nlmsghdr *nlc_msg_start(struct nl_sock *s, uint16_t type,
			       uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(sbuf, 0, sizeof(sbuf));
	nlh = mnl_nlmsg_put_header(sbuf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++s->seq;
	return nlh;
}

struct nlmsghdr *nlc_genl_start(struct nl_sock *s, uint16_t family,
				uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = nlc_msg_start(s, family, 0);
	struct genlmsghdr *g;

	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

int nlc_transact(struct nl_sock *s, struct nlmsghdr *req, const char *what,
		 bool quiet, nlc_reply_cb cb, void *data)
{
	uint32_t seq = req->nlmsg_seq;
	const struct nlmsghdr *nlh;
	const struct nlmsgerr *e;
	const char *msg;
	ssize_t n;
	int left, r;

	if (mnl_socket_sendto(s->sk, req, req->nlmsg_len) < 0) {
		r = -errno;
		goto fail;
	}
	for (;;) {
		do {
			n = mnl_socket_recvfrom(s->sk, rbuf, sizeof(rbuf));
		} while (n < 0 && errno == EINTR);
		if (n < 0) {
			r = -errno;
			goto fail;
		}
		left = (int)n;
		for (nlh = (const struct nlmsghdr *)rbuf;
		     mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			/* a late answer to an earlier, failed request */
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
					r = -EBADMSG;
					goto fail;
				}
				e = mnl_nlmsg_get_payload(nlh);
				r = e->error > 0 ? -e->error : e->error;
				if (!r)
					return 0;
				msg = nlc_extack_msg(nlh);
				if (!quiet)
					err("%s: %s%s%s", what, strerror(-r),
					    msg ? ": " : "", msg ? msg : "");
				return r;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (cb && nlh->nlmsg_type >= NLMSG_MIN_TYPE)
				cb(nlh, data);
		}
	}
fail:
	if (!quiet)
		err("%s: %s", what, strerror(-r));
	return r;
}

struct fam {
	const char *grp;
	uint16_t *id;
	uint32_t *grp_id;
};

static int fam_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct fam *f = data;
	const struct nlattr *a, *g, *ga;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_get_payload_len(a) >= 2)
			*f->id = mnl_attr_get_u16(a);
		if (!f->grp || mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(g, a) {
			const char *name = NULL;
			uint32_t id = 0;

			mnl_attr_for_each_nested(ga, g) {
				uint16_t len = mnl_attr_get_payload_len(ga);

				if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_NAME &&
				    len && memchr(mnl_attr_get_payload(ga), 0, len))
					name = mnl_attr_get_str(ga);
				if (mnl_attr_get_type(ga) == CTRL_ATTR_MCAST_GRP_ID &&
				    len >= 4)
					id = mnl_attr_get_u32(ga);
			}
			if (name && !strcmp(name, f->grp))
				*f->grp_id = id;
		}
	}
	return 0;
}

int nlc_genl_resolve(struct nl_sock *s, const char *family, const char *grp,
		     const char *what, bool quiet, uint16_t *id,
		     uint32_t *grp_id)
{
	struct fam f = { .grp = grp, .id = id, .grp_id = grp_id };
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	nlh = nlc_msg_start(s, GENL_ID_CTRL, 0);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	return nlc_transact(s, nlh, what, quiet, fam_cb, &f);
}
