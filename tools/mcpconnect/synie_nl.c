// SPDX-License-Identifier: GPL-2.0
/*
 * mcpconnect: the netlink messages of MCP_PROXY_CMD_SYN_IE_SET, built and
 * parsed in buffers (no system call here: synie.h). Received messages are
 * walked with the project's netlink core (tools/lib/nlmsg.h).
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mcp_proxy.h>

#include "nlmsg.h"
#include "synie.h"

/* a generic netlink request's headers in @buf; NULL when @len is too small */
static struct nlmsghdr *genl_start(void *buf, size_t len, uint16_t type,
				   uint16_t flags, uint8_t cmd,
				   uint8_t version, uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	if (len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*g)))
		return NULL;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

size_t mcpc_nl_getfamily(void *buf, size_t len, uint32_t seq,
			 const char *name)
{
	/*
	 * No ACK asked: the answer is the family or an error, one message,
	 * and no ACK is left behind in the socket for the next request.
	 */
	struct nlmsghdr *nlh = genl_start(buf, len, GENL_ID_CTRL,
					  NLM_F_REQUEST, CTRL_CMD_GETFAMILY,
					  1, seq);

	if (!nlh || !mnl_attr_put_strz_check(nlh, len, CTRL_ATTR_FAMILY_NAME,
					     name))
		return 0;
	return nlh->nlmsg_len;
}

size_t mcpc_nl_syn_ie_set(void *buf, size_t len, uint16_t family,
			  uint32_t seq, int fd, const unsigned char *ie,
			  size_t ie_len)
{
	struct nlmsghdr *nlh = genl_start(buf, len, family,
					  NLM_F_REQUEST | NLM_F_ACK,
					  MCP_PROXY_CMD_SYN_IE_SET,
					  MCP_PROXY_GENL_VERSION, seq);

	if (!nlh || ie_len > UINT16_MAX - MNL_ATTR_HDRLEN ||
	    !mnl_attr_put_u32_check(nlh, len, MCP_PROXY_A_SOCK_FD, fd) ||
	    !mnl_attr_put_check(nlh, len, MCP_PROXY_A_SYN_IE, ie_len, ie))
		return 0;
	return nlh->nlmsg_len;
}

int mcpc_nl_parse_family(const void *buf, size_t len, uint32_t seq,
			 uint16_t *id)
{
	const struct nlmsghdr *nlh = nlc_find_reply(buf, len, seq);
	const struct nlattr *a;

	if (!nlh)
		return -EBADMSG;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return nlc_ack_errno(nlh) ?: -EBADMSG;
	if (nlh->nlmsg_type != GENL_ID_CTRL ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return -EBADMSG;
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != CTRL_ATTR_FAMILY_ID)
			continue;
		if (mnl_attr_get_payload_len(a) != sizeof(*id))
			return -EBADMSG;
		*id = mnl_attr_get_u16(a);
		return 0;
	}
	return -EBADMSG;
}

int mcpc_nl_parse_ack(const void *buf, size_t len, uint32_t seq, char *msg,
		      size_t msg_len)
{
	const struct nlmsghdr *nlh = nlc_find_reply(buf, len, seq);
	const char *extack;
	size_t n;
	int err;

	if (msg_len)
		msg[0] = '\0';
	if (!nlh || nlh->nlmsg_type != NLMSG_ERROR)
		return -EBADMSG;
	err = nlc_ack_errno(nlh);
	if (err == -EBADMSG || !msg_len)
		return err;
	extack = nlc_extack_msg(nlh);
	if (extack) {
		n = strnlen(extack, msg_len - 1);
		memcpy(msg, extack, n);
		msg[n] = '\0';
	}
	return err;
}
