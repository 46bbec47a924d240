/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: a tiny streaming JSON writer. Pure: stdio only.
 *
 * Members are written with a key inside objects and with key == NULL inside
 * arrays and at the top level. A finished top-level value is followed by a
 * newline, so a stream of values is one value per line (without pretty).
 * Strings are escaped per RFC 8259; bytes that are not valid UTF-8 become
 * U+FFFD, so the output is always valid UTF-8 whatever the kernel sent.
 */
#ifndef BONDCTL_JSON_H
#define BONDCTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool has_items[JSON_MAX_DEPTH + 1];
};

void json_init(struct json *j, FILE *f, bool pretty);

void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);

void json_str(struct json *j, const char *key, const char *s);
void json_strn(struct json *j, const char *key, const char *s, size_t len);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_s64(struct json *j, const char *key, int64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* binary data as a string of lower-case hex digits */
void json_hex(struct json *j, const char *key, const void *buf, size_t len);

/* write s[0..len) as a quoted JSON string */
void json_escape(FILE *f, const char *s, size_t len);

#endif /* BONDCTL_JSON_H */
