// SPDX-License-Identifier: GPL-2.0
/*
 * What the codecs' pcap generators share; see pcapgen_util.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pcapgen_util.h"

void die(const char *what, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", pcapgen_prog, what, why);
	exit(1);
}

/* pcap fields are in the writer's byte order: write little endian */
static void le32(FILE *f, uint32_t v)
{
	uint8_t b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	fwrite(b, 1, 4, f);
}

static void le16(FILE *f, uint16_t v)
{
	uint8_t b[2] = { v & 0xff, v >> 8 };

	fwrite(b, 1, 2, f);
}

/* the pcap global header: microsecond timestamps, Ethernet links */
static void pcap_write_header(FILE *f)
{
	le32(f, 0xa1b2c3d4);
	le16(f, 2);
	le16(f, 4);
	le32(f, 0);
	le32(f, 0);
	le32(f, 65535);
	le32(f, 1);		/* Ethernet */
}

void pcapgen_open(int argc, char **argv, FILE **pcap, FILE **exp)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s OUT.pcap OUT.expect\n", pcapgen_prog);
		exit(2);
	}
	*pcap = fopen(argv[1], "wb");
	*exp = fopen(argv[2], "w");
	if (!*pcap || !*exp)
		die(argv[1], strerror(errno));
	pcap_write_header(*pcap);
}

void pcapgen_close(FILE *pcap, FILE *exp)
{
	if (fclose(pcap) || fclose(exp))
		die("write", strerror(errno));
}

void pcap_write_record(FILE *f, unsigned int n, const uint8_t *pkt,
		       size_t len)
{
	le32(f, 1700000000u + n);
	le32(f, 0);
	le32(f, (uint32_t)len);
	le32(f, (uint32_t)len);
	fwrite(pkt, 1, len, f);
}

void add(struct list *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len && l->len < sizeof(l->s) - 1)
		l->s[l->len++] = ',';
	va_start(ap, fmt);
	n = vsnprintf(l->s + l->len, sizeof(l->s) - l->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(l->s) - l->len)
		die("expect", "line too long");
	l->len += (size_t)n;
}
