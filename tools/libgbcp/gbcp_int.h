/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libgbcp internals shared by its source files; not installed.
 */
#ifndef _GBCP_INT_H
#define _GBCP_INT_H

#include "../lib/be_bytes.h"
#include "gbcp.h"

/* gbcp_text.c */
bool gbcp_utf8_valid(const uint8_t *s, size_t len);

/* gbcp_filter.c */
int gbcp_filter_decode(const uint8_t *v, size_t len,
		       struct gbcp_filter_list *fl, const char **err);
int gbcp_filter_check(const struct gbcp_filter_list *fl, size_t *wire_len,
		      const char **err);
size_t gbcp_filter_encode(const struct gbcp_filter_list *fl, uint8_t *p);
bool gbcp_filter_equal(const struct gbcp_filter_list *a,
		       const struct gbcp_filter_list *b);

#endif /* _GBCP_INT_H */
