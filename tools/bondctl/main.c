// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: configure Hybrid Access bonding (RFC 8157 GRE Tunnel Bonding).
 *
 * Global options, the network namespace, and the table of object families.
 * To add a family: write its file (see bond.c and bondctl.h) and list its
 * struct bc_family below.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/gre_bond.h>

#include "bondctl.h"
#include "bond.h"
#include "mcp.h"
#include "session.h"
#include "pmip.h"

#ifndef BONDCTL_VERSION
#define BONDCTL_VERSION "0.1"
#endif

static const struct bc_family *const families[] = {
	&gre_bond_family,
	&gbcpd_session_family,
	&pmip_mmb_family,
	&mcp_family,
};

#define N_FAMILIES	ARRAY_SIZE(families)

static void usage(FILE *f)
{
	size_t i;
	const struct bc_object *o;

	fputs("Usage: bondctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
	      "       bondctl [ OPTIONS ] -b[atch] FILE\n"
	      "       bondctl help\n"
	      "OPTIONS := { -j[son] | -p[retty] | -s[tats] | -n[etns] NETNS |\n"
	      "             -V[ersion] | -h[elp] }\n"
	      "  -j  JSON output          -p  pretty JSON (implies -j)\n"
	      "  -s  counters (twice: more)  -n  run in /var/run/netns/NETNS\n"
	      "  -b  one command per line of FILE ('-': standard input), one\n"
	      "      netlink socket; stops at the first failing line\n"
	      "OBJECT:\n", f);
	for (i = 0; i < N_FAMILIES; i++)
		for (o = families[i]->objects; o->name; o++)
			fprintf(f, "  %-9s %s\n", o->name, o->summary);
	fprintf(f, "  %-9s %s\n", "monitor", "print notifications as they come");
	fputs("Exit status: 0 success, 1 failure, 2 usage error.\n", f);
}

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, err = 0;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bc_err("cannot open network namespace \"%s\": %s", name,
			      strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0)
		err = bc_err("cannot enter network namespace \"%s\": %s", name,
			     strerror(errno));
	close(fd);
	return err;
}

/* find an object by exact name or unique prefix; NULL after an error */
static const struct bc_object *find_object(const char *word, bool *is_monitor,
					   int *ret)
{
	const struct bc_object *o, *found = NULL;
	size_t len = strlen(word), i, n = 0;

	*is_monitor = false;
	if (!strcmp(word, "monitor") ||
	    (len && !strncmp("monitor", word, len))) {
		*is_monitor = true;
		n++;
	}
	for (i = 0; i < N_FAMILIES; i++) {
		for (o = families[i]->objects; o->name; o++) {
			if (!strcmp(o->name, word)) {
				*is_monitor = false;
				return o;
			}
			if (len && !strncmp(o->name, word, len)) {
				found = o;
				n++;
			}
		}
	}
	if (n == 1)
		return *is_monitor ? NULL : found;
	*is_monitor = false;
	if (n > 1)
		*ret = bc_usage(NULL, "'%s' is ambiguous", word);
	else
		*ret = bc_usage(NULL, "unknown object '%s'", word);
	return NULL;
}

/* one line of a batch: OBJECT COMMAND ARGS, as on the command line */
static int run_line(struct bc_ctx *ctx, int argc, char **argv)
{
	const struct bc_object *obj;
	bool is_monitor;
	int ret = BC_EXIT_OK;

	if (argv[0][0] == '-')
		return bc_usage(NULL, "options go on the command line, not in the batch: '%s'",
				argv[0]);
	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return BC_EXIT_OK;
	}
	obj = find_object(argv[0], &is_monitor, &ret);
	if (!obj && !is_monitor)
		return ret;
	if (is_monitor)
		return bc_monitor_run(ctx, argc - 1, argv + 1);
	return bc_run_object(ctx, obj, argc - 1, argv + 1);
}

static int run_batch(struct bc_ctx *ctx, const char *file)
{
	FILE *f = stdin;
	int ret;

	if (strcmp(file, "-")) {
		f = fopen(file, "r");
		if (!f)
			return bc_err("cannot open batch file \"%s\": %s", file,
				      strerror(errno));
	}
	ret = bc_batch(ctx, f, run_line);
	if (f != stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "stats", no_argument, NULL, 's' },
		{ "statistics", no_argument, NULL, 's' },
		{ "netns", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "batch", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	static struct bc_ctx ctx;
	const struct bc_object *obj;
	const char *batch = NULL;
	bool is_monitor;
	int c, ret = BC_EXIT_OK;

	ctx.out = stdout;
	ctx.families = families;
	ctx.n_families = N_FAMILIES;

	opterr = 0;
	while ((c = getopt_long_only(argc, argv, "+jpsn:hVb:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx.json = true;
			break;
		case 'p':
			ctx.pretty = true;
			ctx.json = true;
			break;
		case 's':
			ctx.stats++;
			break;
		case 'n':
			ctx.netns = optarg;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'h':
			usage(stdout);
			return BC_EXIT_OK;
		case 'V':
			printf("bondctl %s (gre_bond generic netlink version %d)\n",
			       BONDCTL_VERSION, GRE_BOND_GENL_VERSION);
			return BC_EXIT_OK;
		default:
			if (optopt == 'n')
				return bc_usage(NULL, "option -n needs a NETNS");
			if (optopt == 'b')
				return bc_usage(NULL, "option -b needs a FILE");
			return bc_usage(NULL, "unknown option '%s'",
					argv[optind - 1]);
		}
	}
	json_init(&ctx.jw, stdout, ctx.pretty);

	if (batch) {
		if (optind < argc)
			return bc_usage(NULL, "-b FILE takes its commands from FILE, not '%s'",
					argv[optind]);
		if (ctx.netns && enter_netns(ctx.netns))
			return BC_EXIT_ERR;
		ret = run_batch(&ctx, batch);
		goto out;
	}
	if (optind >= argc) {
		usage(stderr);
		return BC_EXIT_USAGE;
	}
	if (!strcmp(argv[optind], "help")) {
		usage(stdout);
		return BC_EXIT_OK;
	}
	obj = find_object(argv[optind], &is_monitor, &ret);
	if (!obj && !is_monitor)
		return ret;
	if (ctx.netns && enter_netns(ctx.netns))
		return BC_EXIT_ERR;

	if (is_monitor)
		ret = bc_monitor_run(&ctx, argc - optind - 1, argv + optind + 1);
	else
		ret = bc_run_object(&ctx, obj, argc - optind - 1,
				    argv + optind + 1);

out:
	if (ctx.genl_ok)
		nl_close(&ctx.genl);
	if (ctx.rtnl_ok)
		nl_close(&ctx.rtnl);
	if (fflush(stdout) || ferror(stdout)) {
		if (ret == BC_EXIT_OK)
			ret = bc_err("write error: %s", strerror(errno));
	}
	return ret;
}
