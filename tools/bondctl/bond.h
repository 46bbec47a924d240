/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: the gre_bond family (objects "bond", "tunnel", "ctrl").
 *
 * The argument parsers and printers are exposed here for the unit test;
 * the rest of bondctl only needs gre_bond_family.
 */
#ifndef BONDCTL_BOND_H
#define BONDCTL_BOND_H

#include <stdint.h>
#include <net/if.h>

#include "bondctl.h"
#include "parse.h"

extern const struct bc_family gre_bond_family;

/* bond add/set parameters; set says which were given */
#define BP_KEY		(1u << 0)
#define BP_CIR		(1u << 1)
#define BP_CBS		(1u << 2)
#define BP_EBS		(1u << 3)
#define BP_HOLD		(1u << 4)	/* hold_mode, and hold_us if fixed */
#define BP_HOLD_MAX	(1u << 5)
#define BP_REORDER_MAX	(1u << 6)
#define BP_CTRL_ALT	(1u << 7)
#define BP_GENL		((1u << 8) - 1)	/* all of the above: BOND_SET */
#define BP_MTU		(1u << 8)	/* rtnetlink IFLA_MTU */
#define BP_UP		(1u << 9)	/* rtnetlink IFF_UP */

struct bond_params {
	unsigned int set;
	uint32_t key;
	uint32_t cir_kbps;
	uint32_t cbs;
	uint32_t ebs;
	uint8_t hold_mode;
	uint32_t hold_us;
	uint32_t hold_max_us;
	uint32_t reorder_max;
	uint16_t ctrl_proto_alt;
	uint32_t mtu;
};

/* argv: the words after NAME; 0, or -EINVAL with a message in err */
int bond_params_parse(int argc, char **argv, struct bond_params *p,
		      char *err, size_t errlen);

enum tunnel_op {
	TUNNEL_OP_ADD = 1,
	TUNNEL_OP_SET = 2,
	TUNNEL_OP_DEL = 4,
};

#define TA_ID		(1u << 0)
#define TA_ROLE		(1u << 1)
#define TA_NAME		(1u << 2)
#define TA_LOCAL	(1u << 3)
#define TA_REMOTE	(1u << 4)
#define TA_DEV		(1u << 5)
#define TA_FWMARK	(1u << 6)
#define TA_ADMIN	(1u << 7)
#define TA_OPER		(1u << 8)
#define TA_RTT		(1u << 9)

#define TUNNEL_NAME_MAX	15

struct tunnel_args {
	unsigned int set;
	uint8_t id;
	uint8_t role;
	char name[TUNNEL_NAME_MAX + 1];
	struct bc_addr local;
	struct bc_addr remote;
	char dev[IF_NAMESIZE];		/* "" with TA_DEV: "dev none" */
	uint32_t fwmark;
	uint8_t admin;
	uint8_t oper;
	uint32_t rtt_us;
};

/* argv: the words after BOND */
int tunnel_args_parse(enum tunnel_op op, int argc, char **argv,
		      struct tunnel_args *t, char *err, size_t errlen);

#define CTRL_PAYLOAD_MAX	8192	/* what the kernel accepts */

#define CA_TUNNEL	(1u << 0)
#define CA_PROTO	(1u << 1)
#define CA_KEY		(1u << 2)
#define CA_HEX		(1u << 3)
#define CA_REMOTE	(1u << 4)

struct ctrl_args {
	unsigned int set;
	uint8_t tunnel;
	uint16_t proto;			/* GRE_BOND_CTRL_PROTO unless given */
	uint32_t key;
	struct bc_addr remote;
	size_t len;
	uint8_t payload[CTRL_PAYLOAD_MAX];
};

/* argv: the words after BOND */
int ctrl_args_parse(int argc, char **argv, struct ctrl_args *c, char *err,
		    size_t errlen);

/* print one bond (a BOND_GET reply) as text or, with ctx->json, as an
 * element of the current JSON array
 */
int gb_print_bond(struct bc_ctx *ctx, const struct nlmsghdr *nlh);
/* JSON name of a counter attribute type, NULL if this bondctl lacks it */
const char *gb_bond_stat_name(unsigned int type);
const char *gb_tunnel_stat_name(unsigned int type);
/* print one notification (gre_bond_family.monitor) */
int gb_print_ntf(struct bc_ctx *ctx, const struct nlmsghdr *nlh);

#endif /* BONDCTL_BOND_H */
