/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mcpconnect: MCP_PROXY_CMD_SYN_IE_SET, the IEs for the SYN of our own
 * socket (Documentation/mcp_proxy.rst, "Multipath hosts").
 *
 * The mcpc_nl_* functions only build and parse netlink messages in a
 * buffer, so they are unit tested (selftests/unit/test_mcpc_synie.c);
 * mcpc_syn_ie_register() talks to the kernel with them.
 */
#ifndef _MCPCONNECT_SYNIE_H
#define _MCPCONNECT_SYNIE_H

#include <stddef.h>
#include <stdint.h>

/* longest extack message kept */
#define MCPC_NL_MSG_MAX	160

/*
 * mcpc_nl_getfamily() - a CTRL_CMD_GETFAMILY request for @name in @buf,
 * without NLM_F_ACK (the answer is one message)
 * Return: its length, or 0 when @buf is too small.
 */
size_t mcpc_nl_getfamily(void *buf, size_t len, uint32_t seq,
			 const char *name);

/*
 * mcpc_nl_syn_ie_set() - a MCP_PROXY_CMD_SYN_IE_SET request of family
 * @family naming descriptor @fd and carrying @ie
 * Return: its length, or 0 when @buf is too small.
 */
size_t mcpc_nl_syn_ie_set(void *buf, size_t len, uint16_t family,
			  uint32_t seq, int fd, const unsigned char *ie,
			  size_t ie_len);

/*
 * mcpc_nl_parse_family() - the family id in the controller's answer
 * Return: 0 with *@id set, a negative errno from an NLMSG_ERROR (-ENOENT:
 * no such family), or -EBADMSG when @buf holds nothing usable for @seq.
 */
int mcpc_nl_parse_family(const void *buf, size_t len, uint32_t seq,
			 uint16_t *id);

/*
 * mcpc_nl_parse_ack() - the result of a request: 0 or a negative errno,
 * with the extack message in @msg ("" when none); -EBADMSG when @buf holds
 * no answer to @seq.
 */
int mcpc_nl_parse_ack(const void *buf, size_t len, uint32_t seq, char *msg,
		      size_t msg_len);

/*
 * mcpc_syn_ie_register() - register @ie for @sock's SYN
 * Return: 0, -ENOENT when the kernel has no mcp_proxy family (module not
 * loaded), or another negative errno with the kernel's message in @msg.
 */
int mcpc_syn_ie_register(int sock, const unsigned char *ie, size_t ie_len,
			 char *msg, size_t msg_len);

#endif
