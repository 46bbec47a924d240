/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: the pmip_mmb family (RFC 8278 multipath bindings), object
 * "pmip" with sub-objects session, binding and dev.
 */
#ifndef BONDCTL_PMIP_H
#define BONDCTL_PMIP_H

#include <stdint.h>
#include <net/if.h>

#include <linux/pmip_mmb.h>

#include "bondctl.h"
#include "parse.h"

extern const struct bc_family pmip_mmb_family;

/* what "pmip session add|set" was given */
#define PS_POLICY	(1u << 0)
#define PS_ROLE		(1u << 1)
#define PS_TYPE		(1u << 2)
#define PS_HNP		(1u << 3)
#define PS_RULES	(1u << 4)	/* rules given, or "no-rules" */

struct pmip_hnp {
	uint8_t addr[16];
	uint8_t len;
};

struct pmip_rule {
	int proto;			/* -1: any */
	int port;			/* -1: any */
	uint8_t n_labels;
	uint8_t labels[PMIP_MMB_MAX_PREF];
};

struct pmip_mnid {
	uint8_t len;
	uint8_t id[PMIP_MMB_MNID_MAX];
};

struct pmip_session_args {
	unsigned int set;
	struct pmip_mnid mnid;
	uint8_t type;
	uint8_t role;
	uint8_t policy;
	unsigned int n_hnp;
	struct pmip_hnp hnp[PMIP_MMB_MAX_HNP];
	unsigned int n_rules;
	struct pmip_rule rules[PMIP_MMB_MAX_RULES];
};

/* binding keywords seen */
#define PB_BID		(1u << 0)
#define PB_PCOA		(1u << 1)
#define PB_PEER		(1u << 2)
#define PB_ATT		(1u << 3)
#define PB_LABEL	(1u << 4)
#define PB_LIFETIME	(1u << 5)
#define PB_TUNNEL	(1u << 6)
#define PB_WEIGHT	(1u << 7)
#define PB_KEY_UP	(1u << 8)
#define PB_KEY_DOWN	(1u << 9)
#define PB_OVERWRITE	(1u << 10)
#define PB_BULK		(1u << 11)

enum pmip_binding_op {
	PMIP_B_ADD,
	PMIP_B_REFRESH,
	PMIP_B_DEL,
};

struct pmip_binding_args {
	unsigned int set;
	struct pmip_mnid mnid;
	uint8_t bid;
	struct bc_addr pcoa;
	struct bc_addr peer;
	uint8_t att;
	uint8_t label;
	uint32_t lifetime;
	char tunnel[IF_NAMESIZE];
	uint8_t weight;
	uint32_t key_up;
	uint32_t key_down;
};

int pmip_mnid_parse(const char *s, struct pmip_mnid *m);
int pmip_session_args_parse(int argc, char **argv, bool add,
			    struct pmip_session_args *a, char *err,
			    size_t errlen);
int pmip_binding_args_parse(enum pmip_binding_op op, int argc, char **argv,
			    struct pmip_binding_args *a, char *err,
			    size_t errlen);
int pmip_print(struct bc_ctx *ctx, const struct nlmsghdr *nlh);

#endif /* BONDCTL_PMIP_H */
