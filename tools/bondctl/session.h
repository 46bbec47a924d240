/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bondctl: "session show", the control daemon's (gbcpd) per-bond state,
 * read from the JSON files it writes (/run/gbcpd/<bond>.json).
 */
#ifndef BONDCTL_SESSION_H
#define BONDCTL_SESSION_H

#include <stdio.h>

#include "bondctl.h"

#define GBCPD_STATE_DIR	"/run/gbcpd"

extern const struct bc_family gbcpd_session_family;

/* print one state file's JSON text as bondctl's text output; 0 or -EBADMSG */
int session_print_text(FILE *out, const char *text);

#endif /* BONDCTL_SESSION_H */
