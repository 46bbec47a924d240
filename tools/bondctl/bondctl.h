/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: what the object family files share.
 *
 * A family file (bond.c for gre_bond; mcp.c and mmb.c later) defines one
 * struct bc_family: its generic netlink family name, its objects (each with
 * a table of commands) and a printer for its notifications. main.c lists
 * the families; that list is all there is to register a new one.
 */
#ifndef BONDCTL_H
#define BONDCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "json.h"
#include "netlink.h"

#define BC_PROG		"bondctl"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* exit codes */
#define BC_EXIT_OK	0
#define BC_EXIT_ERR	1	/* the operation failed (kernel said no, ...) */
#define BC_EXIT_USAGE	2	/* bad command line; nothing was changed */

#define BC_MAX_FAMILIES	8

struct bc_family;

struct bc_ctx {
	bool json;		/* -j */
	bool pretty;		/* -p */
	int stats;		/* -s, counted */
	const char *netns;	/* -n */
	FILE *out;		/* normal output (stdout) */
	struct json jw;		/* JSON writer on out */

	const struct bc_family *const *families;
	size_t n_families;

	/* opened and resolved on first use */
	struct nl genl;
	struct nl rtnl;
	bool genl_ok, rtnl_ok;
	struct {
		const struct bc_family *fam;
		struct genl_family_info fi;
	} resolved[BC_MAX_FAMILIES];
	size_t n_resolved;
};

/* one command of an object: argv[0] is the command word */
struct bc_cmd {
	const char *name;
	int (*run)(struct bc_ctx *ctx, int argc, char **argv);
};

/* an object: "bond", "tunnel", ...; argv[0] is the command word, if any */
struct bc_object {
	const char *name;
	const char *summary;		/* one line for "bondctl help" */
	const struct bc_cmd *cmds;	/* terminated by name == NULL */
	const char *dflt;		/* command when none is given, or NULL */
	void (*usage)(FILE *f);
};

struct bc_family {
	const char *genl_name;		/* generic netlink family */
	const char *module;		/* kernel module, for hints */
	const struct bc_object *objects;	/* terminated by name == NULL */
	const char *const *mcgrps;	/* multicast groups, NULL-terminated */
	/* print one notification; 0 or -errno */
	int (*monitor)(struct bc_ctx *ctx, const struct nlmsghdr *nlh);
};

/* error reporting; both return the exit code to use */
int bc_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int bc_usage(const char *obj, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* run an object's command (exact name or unique prefix) */
int bc_run_object(struct bc_ctx *ctx, const struct bc_object *obj, int argc,
		  char **argv);

/* sockets and families; NULL after printing why */
struct nl *bc_rtnl(struct bc_ctx *ctx);
const struct genl_family_info *bc_family(struct bc_ctx *ctx,
					 const struct bc_family *fam);
/* same, but silent if the family is absent (monitor of all families) */
const struct genl_family_info *bc_family_quiet(struct bc_ctx *ctx,
					       const struct bc_family *fam,
					       int *err);
void bc_family_missing(const struct bc_family *fam);

/* ifindex of an existing device, 0 after printing an error */
int bc_ifindex(const char *what, const char *name);
/* ifindex -> name, "if<N>" if it has none (anymore) */
const char *bc_ifname(unsigned int ifindex, char *buf, size_t size);
/* 0 if ifindex is a link of this kind; else prints and returns BC_EXIT_ERR */
int bc_check_kind(struct bc_ctx *ctx, int ifindex, const char *name,
		  const char *kind, const char *what);

/*
 * Batch mode (bondctl -b FILE). bc_split_line() splits one line in place
 * into at most max words and a NULL (argv has max + 1 entries): blanks
 * separate words, a word starting with '#' starts a comment, '...' and
 * "..." quote (in "...", \" and \\ escape; outside quotes, a backslash
 * escapes the next character, a blank included). Returns the number of words, or -1 with a
 * message in err. bc_batch() runs every line of f with run(), with
 * bc_lineno set so that error messages say "line N: ", and stops at the
 * first line that fails: its exit code is returned.
 */
#define BC_BATCH_MAX_WORDS	64

typedef int (*bc_line_fn)(struct bc_ctx *ctx, int argc, char **argv);

int bc_split_line(char *line, char **argv, int max, char *err, size_t errlen);
int bc_batch(struct bc_ctx *ctx, FILE *f, bc_line_fn run);

/* built in, not part of a family */
int bc_monitor_run(struct bc_ctx *ctx, int argc, char **argv);
void bc_monitor_usage(FILE *f);

#endif /* BONDCTL_H */
