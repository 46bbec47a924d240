/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The socket-free half of the netlink core (nlcore.h): walking received
 * netlink messages with every length checked against what was received.
 * Needs libmnl only, so a tool without the daemons' logging (mcpconnect)
 * links it as well as gbcpd and pmipd.
 */
#ifndef HA_NLMSG_H
#define HA_NLMSG_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

/*
 * nlc_find_reply() - the message answering @seq among the @len octets
 * received at @buf, or NULL; a message whose length runs past @len ends
 * the walk.
 */
const struct nlmsghdr *nlc_find_reply(const void *buf, size_t len,
				      uint32_t seq);

/*
 * nlc_ack_errno() - an NLMSG_ERROR's errno (0 for an ACK), or -EBADMSG
 * when @nlh is too short for one or its error is no errno.
 */
int nlc_ack_errno(const struct nlmsghdr *nlh);

/*
 * nlc_extack_msg() - the extended ACK's message in an NLMSG_ERROR whose
 * length nlc_ack_errno() accepted, or NULL (none, or not terminated
 * within its attribute).
 */
const char *nlc_extack_msg(const struct nlmsghdr *nlh);

#endif /* HA_NLMSG_H */
