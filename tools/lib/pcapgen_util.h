/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pcap generators of the codecs (libgbcp, libpmip) share: the
 * error exit, the pcap file writer and the builder of the
 * comma-separated lists their expectation files hold.
 */
#ifndef _TOOLS_PCAPGEN_UTIL_H
#define _TOOLS_PCAPGEN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* the program's name in messages; each generator defines it */
extern const char pcapgen_prog[];

/* print "PROG: WHAT: WHY" to stderr and exit with status 1 */
void die(const char *what, const char *why) __attribute__((noreturn));

/*
 * The command line "PROG OUT.pcap OUT.expect": open both files (exit 2 with
 * a usage message on another command line, 1 if one does not open) and
 * write the pcap global header.
 */
void pcapgen_open(int argc, char **argv, FILE **pcap, FILE **exp);

/* close both files, exit 1 if what was written did not reach them */
void pcapgen_close(FILE *pcap, FILE *exp);

/* one pcap record of LEN octets at PKT, timestamped 1700000000 + N s */
void pcap_write_record(FILE *f, unsigned int n, const uint8_t *pkt,
		       size_t len);

/* comma-separated list builder */
struct list {
	char s[4096];
	size_t len;
};

/* append a formatted item, after a comma unless it is the first */
void add(struct list *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* _TOOLS_PCAPGEN_UTIL_H */
