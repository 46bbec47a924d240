// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of tools/mcpconnect/synie_nl.c (with tools/lib/nlmsg.c,
 * the netlink core that walks what it receives): the netlink messages of
 * MCP_PROXY_CMD_SYN_IE_SET (requests built within their buffer, answers
 * parsed with every length checked: family id, errno, extack message).
 */

#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/mcp_proxy.h>
#include "tools/mcpconnect/synie.h"
#include "kselftest_harness.h"

#define A4(x)	(((x) + 3) & ~3u)

static union {
	struct nlmsghdr h;
	unsigned char b[1024];
} m;

/* append an attribute at @at of m.b; the new end */
static size_t attr(size_t at, unsigned short type, const void *d, size_t n)
{
	struct nlattr *a = (struct nlattr *)(m.b + at);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + n;
	memcpy(m.b + at + NLA_HDRLEN, d, n);
	return at + A4(NLA_HDRLEN + n);
}

/* the controller's answer: family id @id, seq @seq */
static size_t family_reply(unsigned int seq, unsigned short id)
{
	size_t at = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(&m, 0, sizeof(m));
	m.h.nlmsg_type = GENL_ID_CTRL;
	m.h.nlmsg_seq = seq;
	at = attr(at, CTRL_ATTR_FAMILY_NAME, "mcp_proxy", 10);
	at = attr(at, CTRL_ATTR_FAMILY_ID, &id, sizeof(id));
	m.h.nlmsg_len = at;
	return at;
}

/* an NLMSG_ERROR for @seq, capped, with @msg as extack unless NULL */
static size_t error_reply(unsigned int seq, int err, const char *msg)
{
	struct nlmsgerr *e = NLMSG_DATA(&m.h);
	size_t at = NLMSG_HDRLEN + sizeof(*e);

	memset(&m, 0, sizeof(m));
	m.h.nlmsg_type = NLMSG_ERROR;
	m.h.nlmsg_seq = seq;
	m.h.nlmsg_flags = NLM_F_CAPPED;
	e->error = err;
	e->msg.nlmsg_len = 64;	/* the request's, not echoed */
	e->msg.nlmsg_seq = seq;
	if (msg) {
		m.h.nlmsg_flags |= NLM_F_ACK_TLVS;
		at = attr(at, NLMSGERR_ATTR_MSG, msg, strlen(msg) + 1);
	}
	m.h.nlmsg_len = at;
	return at;
}

TEST(getfamily_request)
{
	size_t n = mcpc_nl_getfamily(m.b, sizeof(m.b), 7, "mcp_proxy");
	struct genlmsghdr *g = (void *)(m.b + NLMSG_HDRLEN);
	struct nlattr *a = (void *)(m.b + NLMSG_HDRLEN + GENL_HDRLEN);

	ASSERT_EQ(NLMSG_HDRLEN + GENL_HDRLEN + A4(NLA_HDRLEN + 10), n);
	EXPECT_EQ(n, m.h.nlmsg_len);
	EXPECT_EQ(GENL_ID_CTRL, m.h.nlmsg_type);
	/* an ACK after the answer would be read as the next one's */
	EXPECT_EQ(NLM_F_REQUEST, m.h.nlmsg_flags);
	EXPECT_EQ(7u, m.h.nlmsg_seq);
	EXPECT_EQ(CTRL_CMD_GETFAMILY, g->cmd);
	EXPECT_EQ(CTRL_ATTR_FAMILY_NAME, a->nla_type);
	EXPECT_STREQ("mcp_proxy", (char *)a + NLA_HDRLEN);
	EXPECT_EQ(0u, mcpc_nl_getfamily(m.b, n - 1, 7, "mcp_proxy"));
}

TEST(syn_ie_set_request)
{
	static const unsigned char ie[] = { 0xfa, 0xa8, 0xfa, 0xa8, 0, 10 };
	size_t n = mcpc_nl_syn_ie_set(m.b, sizeof(m.b), 0x33, 9, 5, ie,
				      sizeof(ie));
	struct genlmsghdr *g = (void *)(m.b + NLMSG_HDRLEN);
	struct nlattr *fd = (void *)(m.b + NLMSG_HDRLEN + GENL_HDRLEN);
	struct nlattr *a = (void *)((char *)fd + A4(fd->nla_len));
	unsigned int v;

	ASSERT_EQ(NLMSG_HDRLEN + GENL_HDRLEN + 8 + A4(NLA_HDRLEN + 6), n);
	EXPECT_EQ(0x33, m.h.nlmsg_type);
	EXPECT_EQ(NLM_F_REQUEST | NLM_F_ACK, m.h.nlmsg_flags);
	EXPECT_EQ(MCP_PROXY_CMD_SYN_IE_SET, g->cmd);
	EXPECT_EQ(MCP_PROXY_GENL_VERSION, g->version);
	EXPECT_EQ(MCP_PROXY_A_SOCK_FD, fd->nla_type);
	memcpy(&v, (char *)fd + NLA_HDRLEN, 4);
	EXPECT_EQ(5u, v);
	EXPECT_EQ(MCP_PROXY_A_SYN_IE, a->nla_type);
	EXPECT_EQ(NLA_HDRLEN + 6, a->nla_len);
	EXPECT_EQ(0, memcmp((char *)a + NLA_HDRLEN, ie, 6));
	/* every byte short of the whole message is refused */
	EXPECT_EQ(0u, mcpc_nl_syn_ie_set(m.b, n - 1, 0x33, 9, 5, ie, 6));
	EXPECT_EQ(0u, mcpc_nl_syn_ie_set(m.b, 20, 0x33, 9, 5, ie, 6));
	EXPECT_EQ(0u, mcpc_nl_syn_ie_set(m.b, 0, 0x33, 9, 5, ie, 6));
}

TEST(family_id_found)
{
	unsigned short id = 0;
	size_t n = family_reply(3, 0x2a);

	EXPECT_EQ(0, mcpc_nl_parse_family(m.b, n, 3, &id));
	EXPECT_EQ(0x2a, id);
}

TEST(family_missing_is_enoent)
{
	unsigned short id = 0;
	size_t n = error_reply(3, -ENOENT, NULL);

	EXPECT_EQ(-ENOENT, mcpc_nl_parse_family(m.b, n, 3, &id));
}

TEST(family_reply_bounds)
{
	unsigned short id = 0;
	size_t n = family_reply(3, 0x2a);

	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_family(m.b, n, 4, &id));
	/* received less than the header says */
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_family(m.b, n - 1, 3, &id));
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_family(m.b, 10, 3, &id));
	/* the id attribute's length runs past the message */
	((struct nlattr *)(m.b + n - 8))->nla_len = 200;
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_family(m.b, n, 3, &id));
	/* an id of the wrong size */
	n = family_reply(3, 0x2a);
	((struct nlattr *)(m.b + n - 8))->nla_len = NLA_HDRLEN + 1;
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_family(m.b, n, 3, &id));
	/* a message length below the header */
	n = family_reply(3, 0x2a);
	m.h.nlmsg_len = 4;
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_family(m.b, n, 3, &id));
	EXPECT_EQ(0x0, id);
}

TEST(ack_ok)
{
	char msg[32] = "stale";
	size_t n = error_reply(8, 0, NULL);

	EXPECT_EQ(0, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
	EXPECT_STREQ("", msg);
}

TEST(refusal_with_extack)
{
	char msg[MCPC_NL_MSG_MAX];
	size_t n = error_reply(8, -EISCONN,
			       "the socket is connected, connecting or listening");

	EXPECT_EQ(-EISCONN, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
	EXPECT_STREQ("the socket is connected, connecting or listening", msg);
}

/*
 * An error answer that echoes a request claiming @echoed_len octets, of
 * which @echoed follow the header, then the extack message @text
 */
static size_t echoed_error_reply(int error, __u32 echoed_len, size_t echoed,
				 const char *text)
{
	struct nlmsgerr *e = NLMSG_DATA(&m.h);
	size_t at;

	memset(&m, 0, sizeof(m));
	m.h.nlmsg_type = NLMSG_ERROR;
	m.h.nlmsg_seq = 8;
	m.h.nlmsg_flags = NLM_F_ACK_TLVS;
	e->error = error;
	e->msg.nlmsg_len = echoed_len;
	at = NLMSG_HDRLEN + sizeof(*e) + echoed;
	at = attr(at, NLMSGERR_ATTR_MSG, text, strlen(text) + 1);
	m.h.nlmsg_len = at;
	return at;
}

TEST(extack_after_echoed_request)
{
	char msg[MCPC_NL_MSG_MAX];
	/* echoed whole */
	size_t n = echoed_error_reply(-EBADF, NLMSG_HDRLEN + 12, 12,
				      "no socket");

	EXPECT_EQ(-EBADF, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
	EXPECT_STREQ("no socket", msg);
}

TEST(echoed_request_length_below_header)
{
	char msg[MCPC_NL_MSG_MAX];
	/* no request is that short: no message */
	size_t n = echoed_error_reply(-EINVAL, 4, 0, "bogus");

	EXPECT_EQ(-EINVAL, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
	EXPECT_STREQ("", msg);
}

TEST(extack_truncated_to_buffer)
{
	char msg[6];
	size_t n = error_reply(8, -ENOSPC, "too many sockets");

	EXPECT_EQ(-ENOSPC, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
	EXPECT_STREQ("too m", msg);
}

TEST(ack_bounds)
{
	char msg[32];
	size_t n = error_reply(8, -EPERM, "x");

	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_ack(m.b, n, 9, msg, sizeof(msg)));
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_ack(m.b, 16, 8, msg, sizeof(msg)));
	/* the message attribute runs past the answer: errno, no text */
	((struct nlattr *)(m.b + NLMSG_HDRLEN + sizeof(struct nlmsgerr)))
		->nla_len = 100;
	EXPECT_EQ(-EPERM, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
	EXPECT_STREQ("", msg);
	/* a positive "errno" is no answer */
	n = error_reply(8, 5, NULL);
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
	/* not an error message at all */
	n = family_reply(8, 1);
	EXPECT_EQ(-EBADMSG, mcpc_nl_parse_ack(m.b, n, 8, msg, sizeof(msg)));
}

TEST(second_message_found)
{
	char msg[32];
	size_t first = family_reply(1, 1);
	union { struct nlmsghdr h; unsigned char b[1024]; } two;
	size_t n;

	memcpy(two.b, m.b, first);
	n = error_reply(2, -EXDEV, "other netns");
	memcpy(two.b + first, m.b, n);
	memcpy(m.b, two.b, first + n);
	EXPECT_EQ(-EXDEV, mcpc_nl_parse_ack(m.b, first + n, 2, msg, sizeof(msg)));
	EXPECT_STREQ("other netns", msg);
}

TEST_HARNESS_MAIN
