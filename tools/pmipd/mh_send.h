/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Send one encoded Mobility Header from a chosen source address, for
 * pmipd and pmipload. The source is set per message (IPV6_PKTINFO)
 * because the raw socket is not bound: a MAG or LMA may own several.
 * Header-only, since pmipload links nothing of pmipd.
 */
#ifndef PMIPD_MH_SEND_H
#define PMIPD_MH_SEND_H

#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* 0 or -errno */
static inline int mh_sendmsg(int fd, const void *buf, size_t len,
			     const struct in6_addr *src,
			     const struct in6_addr *dst)
{
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *dst };
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &to, .msg_namelen = sizeof(to),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct in6_pktinfo *pi;
	struct cmsghdr *cm;

	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(*pi));
	pi = (struct in6_pktinfo *)CMSG_DATA(cm);
	pi->ipi6_addr = *src;
	return sendmsg(fd, &mh, 0) < 0 ? -errno : 0;
}

#endif /* PMIPD_MH_SEND_H */
