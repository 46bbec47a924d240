/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: the one place that talks to netlink sockets.
 *
 * Family files build requests with nl_msg()/genl_msg() and libmnl's
 * mnl_attr_put*() into the socket's send buffer, hand them to
 * nl_transact() (do, with NLM_F_ACK) or nl_dump() (NLM_F_DUMP), and read
 * replies with the nla_*() helpers below. Every failure is reported here,
 * to stderr, as the kernel's extended ACK message ("Error: <msg>") followed
 * by "bondctl: <what>: <errno text>"; callers only map the returned
 * -errno to an exit code.
 */
#ifndef BONDCTL_NETLINK_H
#define BONDCTL_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#define NL_SBUF_SIZE	16384
#define NL_RBUF_SIZE	65536
#define NL_DUMP_RETRIES	10

struct nl {
	struct mnl_socket *sk;
	int proto;
	unsigned int portid;
	uint32_t seq;
	char *sbuf;
	char *rbuf;
};

/* called for each reply or notification message; return 0 or -errno */
typedef int (*nl_msg_cb)(const struct nlmsghdr *nlh, void *data);

/*
 * Error output: "bondctl: " on stderr, then "line N: " while bondctl -b runs
 * line N of a batch (bc_lineno, 0 otherwise), then the message.
 */
extern unsigned int bc_lineno;
void nl_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* flags for nl_transact() */
#define NL_QUIET	0x1	/* report nothing, the caller explains */

int nl_open(struct nl *nl, int proto);
void nl_close(struct nl *nl);

/* start a request in nl->sbuf (NLM_F_REQUEST is always set) */
struct nlmsghdr *nl_msg(struct nl *nl, uint16_t type, uint16_t flags);
struct nlmsghdr *genl_msg(struct nl *nl, uint16_t family, uint8_t cmd,
			  uint8_t version, uint16_t flags);

/* send, feed replies to cb, wait for the ACK; 0 or -errno */
int nl_transact(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
		const char *what, unsigned int flags);
/*
 * Dump: collect the whole answer first and only then feed it to cb, so that
 * a dump the kernel marks NLM_F_DUMP_INTR can be retried from scratch
 * without cb ever seeing a partial or inconsistent one.
 */
int nl_dump(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
	    const char *what);

/* generic netlink family resolution (CTRL_CMD_GETFAMILY) */
#define GENL_MAX_MCGRPS	16

struct genl_family_info {
	char name[GENL_NAMSIZ];
	uint16_t id;
	uint32_t version;
	uint32_t hdrsize;
	uint32_t maxattr;
	unsigned int n_mcgrps;
	struct {
		char name[GENL_NAMSIZ];
		uint32_t id;
	} mcgrps[GENL_MAX_MCGRPS];
};

/* -ENOENT (silently) if the family does not exist */
int genl_resolve(struct nl *nl, const char *name, struct genl_family_info *fi);
/* multicast group id by name, 0 if the family has no such group */
uint32_t genl_mcgrp(const struct genl_family_info *fi, const char *name);

/* monitor: join groups, then call cb for every message until it fails */
int nl_join(struct nl *nl, uint32_t group);
int nl_monitor(struct nl *nl, nl_msg_cb cb, void *data);

/* rtnetlink: the few link operations bondctl needs */
int nl_link_create(struct nl *rt, const char *name, const char *kind,
		   uint32_t mtu, bool up, const char *what);
/* mtu 0: unchanged; up: -1 unchanged, 0 down, 1 up */
int nl_link_change(struct nl *rt, int ifindex, uint32_t mtu, int up,
		   const char *what);
int nl_link_delete(struct nl *rt, int ifindex, const char *what);
/* IFLA_INFO_KIND of a link ("" if it has none) */
int nl_link_kind(struct nl *rt, int ifindex, char *kind, size_t size,
		 const char *what);

/*
 * Attribute access. Parsing clears tb[0..max], then keeps the last attribute
 * of each type up to max and skips higher (unknown, newer kernel) types.
 * Getters return false if the attribute is absent or too short, leaving *v
 * alone.
 */
int nla_parse_genl(const struct nlmsghdr *nlh, const struct nlattr **tb,
		   unsigned int max);
int nla_parse_nest(const struct nlattr *nest, const struct nlattr **tb,
		   unsigned int max);
bool nla_u8(const struct nlattr *a, uint8_t *v);
bool nla_u16(const struct nlattr *a, uint16_t *v);
bool nla_u32(const struct nlattr *a, uint32_t *v);
bool nla_u64(const struct nlattr *a, uint64_t *v);	/* 4 or 8 bytes */
/* copy a string attribute, always NUL-terminated; false if absent */
bool nla_str(const struct nlattr *a, char *buf, size_t size);
/* an address attribute (4 or 16 bytes) as text, "?" if absent or odd */
const char *attr_addr(const struct nlattr *a, char *buf, size_t size);

#endif /* BONDCTL_NETLINK_H */
