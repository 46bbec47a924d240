// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: error reporting, command dispatch, lazily opened sockets and
 * resolved families (see bondctl.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/netlink.h>

#include "bondctl.h"

/* "bondctl: [line N: ]message\n" on stderr */
static void bc_vmsg(const char *fmt, va_list ap)
{
	fputs(BC_PROG ": ", stderr);
	if (bc_lineno)
		fprintf(stderr, "line %u: ", bc_lineno);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int bc_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bc_vmsg(fmt, ap);
	va_end(ap);
	return BC_EXIT_ERR;
}

int bc_usage(const char *obj, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bc_vmsg(fmt, ap);
	va_end(ap);
	if (obj)
		fprintf(stderr, "Try '" BC_PROG " %s help'.\n", obj);
	else
		fprintf(stderr, "Try '" BC_PROG " help'.\n");
	return BC_EXIT_USAGE;
}

static bool is_help(const char *s)
{
	return !strcmp(s, "help") || !strcmp(s, "-h") || !strcmp(s, "--help");
}

int bc_run_object(struct bc_ctx *ctx, const struct bc_object *obj, int argc,
		  char **argv)
{
	const struct bc_cmd *c, *found = NULL;
	const char *word;
	size_t len;
	bool ambiguous = false;

	if (argc < 1) {
		if (!obj->dflt)
			return bc_usage(obj->name, "%s: missing command",
					obj->name);
		word = obj->dflt;
	} else {
		word = argv[0];
	}
	if (is_help(word)) {
		obj->usage(ctx->out);
		return BC_EXIT_OK;
	}
	len = strlen(word);
	for (c = obj->cmds; c->name; c++) {
		if (!strcmp(c->name, word)) {
			found = c;
			ambiguous = false;
			break;
		}
		if (len && !strncmp(c->name, word, len)) {
			if (found && found->run != c->run)
				ambiguous = true;
			found = c;
		}
	}
	if (ambiguous) {
		nl_say("%s: '%s' is ambiguous:", obj->name, word);
		for (c = obj->cmds; c->name; c++)
			if (!strncmp(c->name, word, len))
				fprintf(stderr, " %s", c->name);
		fputc('\n', stderr);
		return BC_EXIT_USAGE;
	}
	if (!found)
		return bc_usage(obj->name, "%s: unknown command '%s'",
				obj->name, word);
	if (argc < 1) {
		char *args[] = { (char *)found->name, NULL };

		return found->run(ctx, 1, args);
	}
	return found->run(ctx, argc, argv);
}

static struct nl *open_once(struct nl *nl, bool *ok, int proto)
{
	if (!*ok) {
		if (nl_open(nl, proto))
			return NULL;
		*ok = true;
	}
	return nl;
}

struct nl *bc_rtnl(struct bc_ctx *ctx)
{
	return open_once(&ctx->rtnl, &ctx->rtnl_ok, NETLINK_ROUTE);
}

void bc_family_missing(const struct bc_family *fam)
{
	bc_err("%s module not loaded? (family %s not found)", fam->module,
	       fam->genl_name);
}

const struct genl_family_info *bc_family_quiet(struct bc_ctx *ctx,
					       const struct bc_family *fam,
					       int *err)
{
	struct genl_family_info fi;
	size_t i;

	for (i = 0; i < ctx->n_resolved; i++)
		if (ctx->resolved[i].fam == fam)
			return &ctx->resolved[i].fi;
	if (!open_once(&ctx->genl, &ctx->genl_ok, NETLINK_GENERIC)) {
		*err = -EIO;
		return NULL;
	}
	*err = genl_resolve(&ctx->genl, fam->genl_name, &fi);
	if (*err)
		return NULL;
	if (ctx->n_resolved == BC_MAX_FAMILIES) {
		*err = -ENOSPC;
		return NULL;
	}
	ctx->resolved[ctx->n_resolved].fam = fam;
	ctx->resolved[ctx->n_resolved].fi = fi;
	return &ctx->resolved[ctx->n_resolved++].fi;
}

const struct genl_family_info *bc_family(struct bc_ctx *ctx,
					 const struct bc_family *fam)
{
	const struct genl_family_info *fi;
	int err = 0;

	fi = bc_family_quiet(ctx, fam, &err);
	if (!fi && err == -ENOENT)
		bc_family_missing(fam);
	return fi;
}

int bc_ifindex(const char *what, const char *name)
{
	unsigned int idx = 0;

	if (strlen(name) < IF_NAMESIZE)
		idx = if_nametoindex(name);
	if (!idx)
		bc_err("%s: cannot find device \"%s\"", what, name);
	return (int)idx;
}

const char *bc_ifname(unsigned int ifindex, char *buf, size_t size)
{
	char name[IF_NAMESIZE];

	if (if_indextoname(ifindex, name))
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "if%u", ifindex);
	return buf;
}

int bc_check_kind(struct bc_ctx *ctx, int ifindex, const char *name,
		  const char *kind, const char *what)
{
	struct nl *rt = bc_rtnl(ctx);
	char have[32];

	if (!rt)
		return BC_EXIT_ERR;
	if (nl_link_kind(rt, ifindex, have, sizeof(have), what))
		return BC_EXIT_ERR;
	if (strcmp(have, kind))
		return bc_err("%s: %s is not a %s device (kind \"%s\")", what,
			      name, kind, have[0] ? have : "none");
	return 0;
}

/* --- batch mode (bondctl -b FILE) ---------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

int bc_split_line(char *line, char **argv, int max, char *err, size_t errlen)
{
	char *r = line, *w, c;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (is_space(*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (argc == max) {
			snprintf(err, errlen, "more than %d words", max);
			return -1;
		}
		argv[argc++] = w = r;
		for (; *r; r++) {
			if (quote) {
				if (*r == quote) {
					quote = 0;
					continue;
				}
				/* inside "...", a backslash escapes " and \ */
				if (quote == '"' && *r == '\\' &&
				    (r[1] == '"' || r[1] == '\\'))
					r++;
				*w++ = *r;
				continue;
			}
			if (is_space(*r))
				break;
			if (*r == '"' || *r == '\'') {
				quote = *r;
				continue;
			}
			if (*r == '\\' && r[1] && r[1] != '\n')
				r++;
			*w++ = *r;
		}
		if (quote) {
			snprintf(err, errlen, "missing closing %c", quote);
			return -1;
		}
		c = *r;
		*w = '\0';
		if (c)
			r++;
	}
	argv[argc] = NULL;
	return argc;
}

int bc_batch(struct bc_ctx *ctx, FILE *f, bc_line_fn run)
{
	char *line = NULL, *argv[BC_BATCH_MAX_WORDS + 1], err[64];
	unsigned int n = 0;
	size_t cap = 0;
	int argc, ret = BC_EXIT_OK;

	errno = 0;
	while (getline(&line, &cap, f) >= 0) {
		bc_lineno = ++n;
		argc = bc_split_line(line, argv, BC_BATCH_MAX_WORDS, err,
				     sizeof(err));
		if (argc < 0) {
			ret = bc_usage(NULL, "%s", err);
			break;
		}
		if (!argc)
			continue;
		ret = run(ctx, argc, argv);
		if (ret != BC_EXIT_OK)
			break;
		errno = 0;
	}
	if (ret == BC_EXIT_OK && ferror(f))
		ret = bc_err("read error after line %u: %s", n,
			     strerror(errno ? errno : EIO));
	bc_lineno = 0;
	free(line);
	return ret;
}
