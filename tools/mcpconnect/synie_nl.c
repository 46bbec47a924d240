// SPDX-License-Identifier: GPL-2.0
/*
 * mcpconnect: the netlink messages of MCP_PROXY_CMD_SYN_IE_SET, built and
 * parsed in buffers (no system call here: synie.h).
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mcp_proxy.h>

#include "synie.h"

#define ALIGN4(x)	(((x) + 3) & ~(size_t)3)

/* a header for a generic netlink request; 0 when @len is too small */
static size_t genl_start(void *buf, size_t len, uint16_t type, uint16_t flags,
			 uint8_t cmd, uint8_t version, uint32_t seq)
{
	struct nlmsghdr *nlh = buf;
	struct genlmsghdr *g;
	size_t n = NLMSG_HDRLEN + GENL_HDRLEN;

	if (len < n)
		return 0;
	memset(buf, 0, n);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g = (struct genlmsghdr *)((char *)buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = version;
	nlh->nlmsg_len = n;
	return n;
}

/* append an attribute; 0 when it does not fit */
static size_t put_attr(void *buf, size_t len, size_t at, uint16_t type,
		       const void *data, size_t dlen)
{
	struct nlattr *nla = (struct nlattr *)((char *)buf + at);
	size_t total = NLA_HDRLEN + dlen;

	if (!at || dlen > 0xffff - NLA_HDRLEN || at > len ||
	    ALIGN4(total) > len - at)
		return 0;
	nla->nla_type = type;
	nla->nla_len = total;
	memcpy((char *)nla + NLA_HDRLEN, data, dlen);
	memset((char *)nla + total, 0, ALIGN4(total) - total);
	at += ALIGN4(total);
	((struct nlmsghdr *)buf)->nlmsg_len = at;
	return at;
}

size_t mcpc_nl_getfamily(void *buf, size_t len, uint32_t seq,
			 const char *name)
{
	/*
	 * No ACK asked: the answer is the family or an error, one message,
	 * and no ACK is left behind in the socket for the next request.
	 */
	size_t at = genl_start(buf, len, GENL_ID_CTRL, NLM_F_REQUEST,
			       CTRL_CMD_GETFAMILY, 1, seq);

	return put_attr(buf, len, at, CTRL_ATTR_FAMILY_NAME, name,
			strlen(name) + 1);
}

size_t mcpc_nl_syn_ie_set(void *buf, size_t len, uint16_t family,
			  uint32_t seq, int fd, const unsigned char *ie,
			  size_t ie_len)
{
	uint32_t ufd = fd;
	size_t at = genl_start(buf, len, family, NLM_F_REQUEST | NLM_F_ACK,
			       MCP_PROXY_CMD_SYN_IE_SET,
			       MCP_PROXY_GENL_VERSION, seq);

	at = put_attr(buf, len, at, MCP_PROXY_A_SOCK_FD, &ufd, sizeof(ufd));
	return put_attr(buf, len, at, MCP_PROXY_A_SYN_IE, ie, ie_len);
}

/*
 * The message of @buf answering @seq: its header, or NULL. Every length
 * is checked against what was received.
 */
static const struct nlmsghdr *find_answer(const void *buf, size_t len,
					  uint32_t seq)
{
	const char *p = buf;

	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const void *)p;
		size_t n = nlh->nlmsg_len;

		if (n < NLMSG_HDRLEN || n > len)
			return NULL;
		if (nlh->nlmsg_seq == seq)
			return nlh;
		n = ALIGN4(n);
		if (n >= len)
			return NULL;
		p += n;
		len -= n;
	}
	return NULL;
}

/* the attribute @type among @len octets at @p, or NULL */
static const struct nlattr *find_attr(const char *p, size_t len,
				      uint16_t type)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const void *)p;
		size_t n = nla->nla_len;

		if (n < NLA_HDRLEN || n > len)
			return NULL;
		if ((nla->nla_type & NLA_TYPE_MASK) == type)
			return nla;
		n = ALIGN4(n);
		if (n >= len)
			return NULL;
		p += n;
		len -= n;
	}
	return NULL;
}

/* an NLMSG_ERROR: its errno, and its extack message into @msg */
static int parse_error(const struct nlmsghdr *nlh, char *msg, size_t msg_len)
{
	const struct nlmsgerr *e;
	const struct nlattr *m;
	size_t off, len = nlh->nlmsg_len;

	if (len < NLMSG_HDRLEN + sizeof(*e))
		return -EBADMSG;
	e = NLMSG_DATA(nlh);
	if (e->error > 0 || e->error < -4095)
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || !msg)
		return e->error;
	/* the request comes back whole unless capped (NETLINK_CAP_ACK) */
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return e->error;
		off += ALIGN4(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	}
	if (off >= len)
		return e->error;
	m = find_attr((const char *)nlh + off, len - off, NLMSGERR_ATTR_MSG);
	if (m && m->nla_len > NLA_HDRLEN && msg_len) {
		size_t n = m->nla_len - NLA_HDRLEN;

		if (n >= msg_len)
			n = msg_len - 1;
		memcpy(msg, (const char *)m + NLA_HDRLEN, n);
		msg[n] = '\0';
	}
	return e->error;
}

int mcpc_nl_parse_family(const void *buf, size_t len, uint32_t seq,
			 uint16_t *id)
{
	const struct nlmsghdr *nlh = find_answer(buf, len, seq);
	const struct nlattr *a;
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

	if (!nlh)
		return -EBADMSG;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		return parse_error(nlh, NULL, 0) ?: -EBADMSG;
	if (nlh->nlmsg_type != GENL_ID_CTRL || nlh->nlmsg_len <= off)
		return -EBADMSG;
	a = find_attr((const char *)nlh + off, nlh->nlmsg_len - off,
		      CTRL_ATTR_FAMILY_ID);
	if (!a || a->nla_len != NLA_HDRLEN + sizeof(*id))
		return -EBADMSG;
	memcpy(id, (const char *)a + NLA_HDRLEN, sizeof(*id));
	return 0;
}

int mcpc_nl_parse_ack(const void *buf, size_t len, uint32_t seq, char *msg,
		      size_t msg_len)
{
	const struct nlmsghdr *nlh = find_answer(buf, len, seq);

	if (msg_len)
		msg[0] = '\0';
	if (!nlh || nlh->nlmsg_type != NLMSG_ERROR)
		return -EBADMSG;
	return parse_error(nlh, msg, msg_len);
}
