// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: a tiny streaming JSON writer (see json.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void json_init(struct json *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
	j->pretty = pretty;
}

/* length of the valid UTF-8 sequence at s (at most len bytes), 0 if none */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else {
		return 0;		/* stray continuation, C0, C1, F5.. */
	}
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

void json_escape(FILE *f, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', f);
	while (i < len) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
				break;
			}
			n = utf8_seq(s + i, len - i);
			if (!n) {
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s + i, 1, n, f);
			i += n;
			continue;
		}
		i++;
	}
	fputc('"', f);
}

static void indent(struct json *j)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

/* separator, indentation and key before a new member */
static void member(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->has_items[j->depth])
			fputc(',', j->f);
		j->has_items[j->depth] = true;
		if (j->pretty)
			indent(j);
	}
	if (key && j->depth > 0) {
		json_escape(j->f, key, strlen(key));
		fputs(j->pretty ? ": " : ":", j->f);
	}
}

/* after a complete value: a top-level value ends its line */
static void done(struct json *j)
{
	if (j->depth == 0)
		fputc('\n', j->f);
}

static void open_(struct json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->f);
	if (j->depth >= JSON_MAX_DEPTH) {
		fprintf(stderr, "json: nesting too deep\n");
		abort();
	}
	j->depth++;
	j->has_items[j->depth] = false;
}

static void close_(struct json *j, char c)
{
	if (j->depth <= 0) {
		fprintf(stderr, "json: unbalanced close\n");
		abort();
	}
	if (j->pretty && j->has_items[j->depth]) {
		j->depth--;
		indent(j);
	} else {
		j->depth--;
	}
	fputc(c, j->f);
	done(j);
}

void json_obj_open(struct json *j, const char *key)
{
	open_(j, key, '{');
}

void json_obj_close(struct json *j)
{
	close_(j, '}');
}

void json_arr_open(struct json *j, const char *key)
{
	open_(j, key, '[');
}

void json_arr_close(struct json *j)
{
	close_(j, ']');
}

void json_strn(struct json *j, const char *key, const char *s, size_t len)
{
	member(j, key);
	json_escape(j->f, s, len);
	done(j);
}

void json_str(struct json *j, const char *key, const char *s)
{
	if (!s) {
		json_null(j, key);
		return;
	}
	json_strn(j, key, s, strlen(s));
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->f, "%" PRIu64, v);
	done(j);
}

void json_s64(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	fprintf(j->f, "%" PRId64, v);
	done(j);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->f);
	done(j);
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
	done(j);
}

void json_hex(struct json *j, const char *key, const void *buf, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *b = buf;
	size_t i;

	member(j, key);
	fputc('"', j->f);
	for (i = 0; i < len; i++) {
		fputc(digits[b[i] >> 4], j->f);
		fputc(digits[b[i] & 0xf], j->f);
	}
	fputc('"', j->f);
	done(j);
}
