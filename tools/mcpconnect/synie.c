// SPDX-License-Identifier: GPL-2.0
/*
 * mcpconnect: register the IEs for our socket's SYN with the kernel
 * (MCP_PROXY_CMD_SYN_IE_SET), over a generic netlink socket.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/mcp_proxy.h>

#include "synie.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* send @len octets of @buf, receive the answer to @seq into @buf */
static int transact(int nl, void *buf, size_t cap, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	if (sendto(nl, buf, len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) != (ssize_t)len)
		return -errno;
	do {
		n = recv(nl, buf, cap, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n;
}

int mcpc_syn_ie_register(int sock, const unsigned char *ie, size_t ie_len,
			 char *msg, size_t msg_len)
{
	static union {
		struct nlmsghdr h;
		char b[8192];
	} buf;
	uint32_t seq = time(NULL);
	uint16_t family;
	int nl, one = 1, err;
	size_t len;

	if (msg_len)
		msg[0] = '\0';
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl < 0)
		return -errno;
	/* the kernel's reason for a refusal, without the request echoed */
	setsockopt(nl, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	len = mcpc_nl_getfamily(buf.b, sizeof(buf.b), ++seq,
				MCP_PROXY_GENL_NAME);
	err = transact(nl, buf.b, sizeof(buf.b), len);
	if (err >= 0)
		err = mcpc_nl_parse_family(buf.b, err, seq, &family);
	if (err)
		goto out;
	len = mcpc_nl_syn_ie_set(buf.b, sizeof(buf.b), family, ++seq, sock,
				 ie, ie_len);
	if (!len) {
		err = -EMSGSIZE;
		goto out;
	}
	err = transact(nl, buf.b, sizeof(buf.b), len);
	if (err >= 0)
		err = mcpc_nl_parse_ack(buf.b, err, seq, msg, msg_len);
	/* the family exists but not the command: an older module */
	if (err == -EOPNOTSUPP)
		err = -ENOENT;
out:
	close(nl);
	return err;
}
