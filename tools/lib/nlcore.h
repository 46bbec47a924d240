/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netlink request core that gbcpd and pmipd share: open a socket that
 * asks for extended ACKs, build a (generic) netlink request, send it and
 * wait for its ACK, resolve a generic netlink family. Both daemons are
 * single-threaded and never have two requests in flight, so one send and
 * one receive buffer serve every socket.
 */
#ifndef HA_NLCORE_H
#define HA_NLCORE_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "nlmsg.h"

#define NLC_SBUF	8192
#define NLC_RBUF	65536

struct nl_sock {
	struct mnl_socket *sk;
	uint32_t seq;
};

typedef int (*nlc_reply_cb)(const struct nlmsghdr *nlh, void *data);

/* 0 or -errno; the socket is left open on failure for the caller's fini */
int nlc_open(struct nl_sock *s, int proto);
/* a request that wants an ACK, in the shared send buffer */
struct nlmsghdr *nlc_msg_start(struct nl_sock *s, uint16_t type,
			       uint16_t flags);
struct nlmsghdr *nlc_genl_start(struct nl_sock *s, uint16_t family,
				uint8_t cmd, uint8_t version);
/*
 * Send, hand each reply to @cb, wait for the ACK; 0 or -errno. Unless
 * @quiet, a failure is logged as "@what: strerror[: extack]".
 */
int nlc_transact(struct nl_sock *s, struct nlmsghdr *req, const char *what,
		 bool quiet, nlc_reply_cb cb, void *data);
/*
 * Ask the controller for @family's id and, if @grp is not NULL, the id of
 * its multicast group @grp. Ids not found are left as they were; the
 * return value is nlc_transact()'s.
 */
int nlc_genl_resolve(struct nl_sock *s, const char *family, const char *grp,
		     const char *what, bool quiet, uint16_t *id,
		     uint32_t *grp_id);

#endif /* HA_NLCORE_H */
