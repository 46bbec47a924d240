/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: the "mcp" object, configuration of the MPTCP Conversion Point
 * (mcp_proxy.ko). The parsers are pure and unit tested.
 */
#ifndef BONDCTL_MCP_H
#define BONDCTL_MCP_H

#include <stddef.h>
#include <stdint.h>

#include "bondctl.h"

extern const struct bc_family mcp_family;

/* what "mcp set" changes: a bit of .set per field */
#define MS_MODE			0x01
#define MS_ADDR			0x02
#define MS_PORT			0x04
#define MS_HALF_OPEN_MAX	0x08
#define MS_PER_SUB_MAX		0x10
#define MS_SUBFLOWS_MAX		0x20
#define MS_HALF_OPEN_TMO	0x40
#define MS_IDLE_TMO		0x80
#define MS_UP_ADDR		0x100
#define MS_UP_DEV		0x200
#define MS_UP_PORT		0x400
#define MS_ADDR6		0x800
#define MS_UP_LOCAL		0x1000
#define MS_UP_ADDR6		0x2000

struct mcp_set {
	unsigned int set;
	uint32_t mode;
	uint8_t addr4[4];
	uint8_t addr6[16];
	uint16_t port;
	uint32_t half_open_max;
	uint32_t per_sub_max;
	uint32_t subflows_max;
	uint32_t half_open_ms;
	uint32_t idle_s;
	uint8_t up_addr4[4];
	uint8_t up_addr6[16];
	char up_dev[16];
	uint16_t up_port;
	uint8_t up_local;
};

/* "A.B.C.D/N" with no host bits; 0 or -EINVAL/-ERANGE */
int mcp_parse_prefix4(const char *s, uint8_t addr[4], uint8_t *len);
/* "X:..:Y/N" with no host bits; 0 or -EINVAL/-ERANGE */
int mcp_parse_prefix6(const char *s, uint8_t addr[16], uint8_t *len);
/* the words after "mcp set"; 0, or -EINVAL with a message in err */
int mcp_parse_set(int argc, char **argv, struct mcp_set *out, char *err,
		  size_t errlen);

struct nlmsghdr;
/* one conversion of the dump or a notification, text or JSON; 0 or -EBADMSG */
int mcp_conv_print(struct bc_ctx *ctx, const struct nlmsghdr *nlh);

#endif /* BONDCTL_MCP_H */
