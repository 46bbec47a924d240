// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: "session show [BOND] [dir DIR]". gbcpd keeps one JSON file per
 * bond in its state directory (default /run/gbcpd, or $GBCPD_STATE_DIR);
 * -j prints the files as they are (an array of them without BOND), the
 * text output flattens each: scalars one per line, an object on one line,
 * each element of an array of objects on one line.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

#define OBJ_SESSION	"session"
#define STATE_MAX	(1 << 20)

/* --- a minimal JSON reader: enough to walk and print -------------------- */

struct jp {
	const char *p, *end;
	FILE *out;
	int err;
};

static void ws(struct jp *j)
{
	while (j->p < j->end && isspace((unsigned char)*j->p))
		j->p++;
}

/* a string: print its contents (escapes kept) if out, else skip */
static int str(struct jp *j, FILE *out)
{
	const char *s;

	if (j->p >= j->end || *j->p != '"')
		return -EBADMSG;
	s = ++j->p;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p == '\\' && j->p + 1 < j->end)
			j->p++;
		j->p++;
	}
	if (j->p >= j->end)
		return -EBADMSG;
	if (out)
		fwrite(s, 1, (size_t)(j->p - s), out);
	j->p++;
	return 0;
}

/*
 * next_item: past the opening bracket or the previous item, step to the
 * next item of an object or array. Returns 1 at the closing @close, 0 on
 * an item, -EBADMSG on a missing comma.
 */
static int next_item(struct jp *j, char close, bool *first)
{
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 1;
	}
	if (!*first) {
		if (j->p >= j->end || *j->p != ',')
			return -EBADMSG;
		j->p++;
		ws(j);
	}
	return 0;
}

static int value(struct jp *j, FILE *out, int depth);

/* scalar or nested: print inline as "k v k v ..." */
static int inline_obj(struct jp *j, FILE *out, int depth)
{
	bool first = true;
	int r;

	j->p++;		/* { */
	for (;;) {
		r = next_item(j, '}', &first);
		if (r)
			return r < 0 ? r : 0;
		if (!first)
			fputc(' ', out);
		first = false;
		r = str(j, out);
		if (r)
			return r;
		ws(j);
		if (j->p >= j->end || *j->p != ':')
			return -EBADMSG;
		j->p++;
		ws(j);
		fputc(' ', out);
		r = value(j, out, depth + 1);
		if (r)
			return r;
	}
}

static int array(struct jp *j, FILE *out, int depth, const char *key,
		 size_t klen)
{
	bool first = true;
	int r;

	j->p++;		/* [ */
	for (;;) {
		r = next_item(j, ']', &first);
		if (r)
			return r < 0 ? r : 0;
		first = false;
		if (depth == 1 && j->p < j->end && *j->p == '{') {
			/* "tunnels": [...] -> one "tunnel ..." line each */
			fprintf(out, "\n    %.*s ", (int)(klen > 1 &&
				key[klen - 1] == 's' ? klen - 1 : klen), key);
			r = inline_obj(j, out, depth);
		} else {
			fputc(' ', out);
			r = value(j, out, depth + 1);
		}
		if (r)
			return r;
	}
}

static int value(struct jp *j, FILE *out, int depth)
{
	const char *s;

	if (depth > 16)
		return -EBADMSG;
	ws(j);
	if (j->p >= j->end)
		return -EBADMSG;
	switch (*j->p) {
	case '"':
		return str(j, out);
	case '{':
		return inline_obj(j, out, depth);
	case '[':
		return array(j, out, depth, "", 0);
	}
	s = j->p;
	while (j->p < j->end && (isalnum((unsigned char)*j->p) ||
				 strchr("+-.", *j->p)))
		j->p++;
	if (j->p == s)
		return -EBADMSG;
	fwrite(s, 1, (size_t)(j->p - s), out);
	return 0;
}

int session_print_text(FILE *out, const char *text)
{
	struct jp j = { text, text + strlen(text), out, 0 };
	const char *key;
	size_t klen;
	bool first = true;
	int r;

	ws(&j);
	if (j.p >= j.end || *j.p != '{')
		return -EBADMSG;
	j.p++;
	for (;;) {
		r = next_item(&j, '}', &first);
		if (r < 0)
			return r;
		if (r)
			break;
		if (j.p >= j.end || *j.p != '"')
			return -EBADMSG;
		key = j.p + 1;
		r = str(&j, NULL);
		if (r)
			return r;
		klen = (size_t)(j.p - 1 - key);
		ws(&j);
		if (j.p >= j.end || *j.p != ':')
			return -EBADMSG;
		j.p++;
		ws(&j);
		if (first && klen == 4 && !strncmp(key, "bond", 4)) {
			fputs("session ", out);
			r = value(&j, out, 1);
			fputc(':', out);
		} else if (j.p < j.end && *j.p == '[') {
			fprintf(out, "\n    %.*s:", (int)klen, key);
			r = array(&j, out, 1, key, klen);
		} else {
			fprintf(out, "\n    %.*s ", (int)klen, key);
			r = value(&j, out, 1);
		}
		if (r)
			return r;
		first = false;
	}
	fputc('\n', out);
	return 0;
}

/* --- files -------------------------------------------------------------- */

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(STATE_MAX + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, STATE_MAX, f);
	fclose(f);
	buf[n] = '\0';
	while (n && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	return buf;
}

static int show_one(struct bc_ctx *ctx, const char *dir, const char *bond,
		    bool *first)
{
	char path[4096];
	char *text;
	int r = 0;

	snprintf(path, sizeof(path), "%s/%s.json", dir, bond);
	text = read_all(path);
	if (!text)
		return -errno ? -errno : -ENOMEM;
	if (ctx->json) {
		fprintf(ctx->out, "%s%s", *first ? "" : ",\n", text);
	} else {
		if (!*first)
			fputc('\n', ctx->out);
		r = session_print_text(ctx->out, text);
		if (r)
			bc_err("%s: not a gbcpd state file", path);
	}
	*first = false;
	free(text);
	return r;
}

static bool valid_name(const char *name)
{
	size_t n = strlen(name);

	return n && n < 16 && !strchr(name, '/') && strcmp(name, ".") &&
	       strcmp(name, "..");
}

static int session_show(struct bc_ctx *ctx, int argc, char **argv)
{
	const char *dir = getenv("GBCPD_STATE_DIR");
	const char *bond = NULL;
	struct dirent **list;
	bool first = true;
	int i, n, ret = BC_EXIT_OK;

	if (!dir || !*dir)
		dir = GBCPD_STATE_DIR;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "dir") && i + 1 < argc)
			dir = argv[++i];
		else if (!bond && valid_name(argv[i]))
			bond = argv[i];
		else
			return bc_usage(OBJ_SESSION, "session show: unexpected '%s'",
					argv[i]);
	}
	if (bond) {
		if (show_one(ctx, dir, bond, &first))
			return bc_err("no gbcpd session state for %s in %s",
				      bond, dir);
		if (ctx->json)
			fputc('\n', ctx->out);
		return BC_EXIT_OK;
	}
	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		if (errno == ENOENT) {
			if (ctx->json)
				fputs("[]\n", ctx->out);
			return BC_EXIT_OK;	/* no daemon ever ran */
		}
		return bc_err("%s: %s", dir, strerror(errno));
	}
	if (ctx->json)
		fputc('[', ctx->out);
	for (i = 0; i < n; i++) {
		char *name = list[i]->d_name;
		size_t len = strlen(name);

		if (len > 5 && !strcmp(name + len - 5, ".json")) {
			name[len - 5] = '\0';
			if (valid_name(name) && show_one(ctx, dir, name, &first))
				ret = BC_EXIT_ERR;
		}
		free(list[i]);
	}
	free(list);
	if (ctx->json)
		fputs("]\n", ctx->out);
	return ret;
}

static void session_usage(FILE *f)
{
	fputs("Usage: bondctl session show [ BOND ] [ dir DIR ]\n"
	      "  the control daemon's (gbcpd) state of each bond, from\n"
	      "  DIR/BOND.json (DIR: $GBCPD_STATE_DIR or " GBCPD_STATE_DIR ")\n",
	      f);
}

static const struct bc_cmd session_cmds[] = {
	{ "show", session_show },
	{ "list", session_show },
	{ NULL, NULL },
};

static const struct bc_object session_objects[] = {
	{ OBJ_SESSION, "control daemon (gbcpd) session state", session_cmds,
	  "show", session_usage },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* no generic netlink family: files only (no mcgrps, so never resolved) */
const struct bc_family gbcpd_session_family = {
	.genl_name = "gbcpd",
	.module = "gbcpd",
	.objects = session_objects,
};
