// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl monitor: join the multicast groups of every family bondctl knows
 * (or the ones named) and hand each notification to its family's printer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bondctl.h"

struct mon_sub {
	const struct bc_family *fam;
	uint16_t id;
};

struct mon_state {
	struct bc_ctx *ctx;
	struct mon_sub subs[BC_MAX_FAMILIES];
	size_t n;
};

void bc_monitor_usage(FILE *f)
{
	fputs("Usage: bondctl monitor [ GROUP ... ]\n"
	      "GROUP := { all | events | ctrl | FAMILY:GROUP }   (default: all)\n"
	      "  events  configuration and state changes (bonds, tunnels)\n"
	      "  ctrl    control messages received (RFC 8157)\n"
	      "Prints one line per notification (-j: one JSON object per line).\n",
	      f);
}

/* does the selection words[] ask for group grp of family fam? */
static bool selected(const struct bc_family *fam, const char *grp, int n,
		     char **words)
{
	size_t flen = strlen(fam->genl_name);
	int i;

	if (!n)
		return true;
	for (i = 0; i < n; i++) {
		const char *w = words[i];

		if (!strcmp(w, "all"))
			return true;
		if (!strncmp(w, fam->genl_name, flen) && w[flen] == ':')
			w += flen + 1;
		else if (strchr(w, ':'))
			continue;
		if (!strcmp(w, "all") || !strcmp(w, grp))
			return true;
	}
	return false;
}

/* is every word a group some family has? */
static const char *unknown_word(const struct bc_ctx *ctx, int n, char **words)
{
	size_t f;
	int i;

	for (i = 0; i < n; i++) {
		bool ok = !strcmp(words[i], "all");

		for (f = 0; !ok && f < ctx->n_families; f++) {
			const struct bc_family *fam = ctx->families[f];
			const char *const *g;

			for (g = fam->mcgrps; g && *g && !ok; g++)
				ok = selected(fam, *g, 1, &words[i]) &&
				     strcmp(words[i], "all");
		}
		if (!ok)
			return words[i];
	}
	return NULL;
}

static int mon_cb(const struct nlmsghdr *nlh, void *data)
{
	struct mon_state *st = data;
	size_t i;

	for (i = 0; i < st->n; i++)
		if (nlh->nlmsg_type == st->subs[i].id)
			return st->subs[i].fam->monitor(st->ctx, nlh);
	return 0;
}

int bc_monitor_run(struct bc_ctx *ctx, int argc, char **argv)
{
	struct mon_state st = { .ctx = ctx };
	const struct genl_family_info *fi;
	const char *bad;
	size_t f, missing = 0;
	int err, joined = 0;

	if (argc && (!strcmp(argv[0], "help") || !strcmp(argv[0], "-h"))) {
		bc_monitor_usage(ctx->out);
		return BC_EXIT_OK;
	}
	bad = unknown_word(ctx, argc, argv);
	if (bad)
		return bc_usage("monitor", "monitor: unknown group '%s'", bad);

	for (f = 0; f < ctx->n_families; f++) {
		const struct bc_family *fam = ctx->families[f];
		const char *const *g;
		bool wanted = false;
		uint32_t id;

		if (!fam->monitor || !fam->mcgrps)
			continue;
		for (g = fam->mcgrps; *g; g++)
			wanted |= selected(fam, *g, argc, argv);
		if (!wanted)
			continue;
		fi = bc_family_quiet(ctx, fam, &err);
		if (!fi) {
			if (err != -ENOENT)
				return BC_EXIT_ERR;
			bc_family_missing(fam);
			missing++;
			continue;
		}
		for (g = fam->mcgrps; *g; g++) {
			if (!selected(fam, *g, argc, argv))
				continue;
			id = genl_mcgrp(fi, *g);
			if (!id) {
				bc_err("monitor: family %s has no multicast group \"%s\"",
				       fam->genl_name, *g);
				continue;
			}
			if (nl_join(&ctx->genl, id))
				return BC_EXIT_ERR;
			joined++;
		}
		st.subs[st.n].fam = fam;
		st.subs[st.n].id = fi->id;
		st.n++;
	}
	if (!joined) {
		if (!missing)
			bc_err("monitor: nothing to listen to");
		return BC_EXIT_ERR;
	}
	return nl_monitor(&ctx->genl, mon_cb, &st) ? BC_EXIT_ERR : BC_EXIT_OK;
}
