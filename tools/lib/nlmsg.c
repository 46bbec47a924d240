// SPDX-License-Identifier: GPL-2.0
/*
 * The socket-free half of the netlink core (see nlmsg.h).
 */
#include <errno.h>
#include <string.h>

#include <linux/netlink.h>

#include "nlmsg.h"

const struct nlmsghdr *nlc_find_reply(const void *buf, size_t len,
				      uint32_t seq)
{
	const struct nlmsghdr *nlh = buf;
	int left = len > INT32_MAX ? INT32_MAX : (int)len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
		if (nlh->nlmsg_seq == seq)
			return nlh;
	return NULL;
}

int nlc_ack_errno(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != NLMSG_ERROR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
		return -EBADMSG;
	if (e->error > 0 || e->error < -4095)
		return -EBADMSG;
	return e->error;
}

const char *nlc_extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	/* uncapped, the ACK carries the whole request before the TLVs */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(struct nlmsghdr))
			return NULL;
		off += MNL_ALIGN(e->msg.nlmsg_len) - sizeof(struct nlmsghdr);
	}
	if (off >= mnl_nlmsg_get_payload_len(nlh))
		return NULL;
	mnl_attr_for_each_payload((const struct nlattr *)((const char *)e + off),
				  mnl_nlmsg_get_payload_len(nlh) - off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_get_payload_len(attr) &&
		    memchr(mnl_attr_get_payload(attr), 0,
			   mnl_attr_get_payload_len(attr)))
			return mnl_attr_get_str(attr);
	}
	return NULL;
}
