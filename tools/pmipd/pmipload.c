// SPDX-License-Identifier: GPL-2.0
/*
 * pmipload: many simulated MAGs registering mobile nodes with one LMA
 * pmipd, to measure its registrations per second. Each mobile node
 * "loadN@example.net" is registered once (PBU with an all-zero prefix,
 * HI 1, ATT 3, a Timestamp and, with -b 2, the MMB option with BIDs 1 and
 * 2 carried by two PBUs, the second with the prefix the first PBA gave),
 * with at most -w PBUs outstanding. Sources rotate over the -s addresses
 * (one simulated MAG each). Reports registrations per second, latency
 * percentiles, rejections and time-outs. The LMA must accept the nodes:
 * "mn-any yes" for single path, "mn-any multipath" for -b 2.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mh_send.h"
#include "pmip.h"

#define MAX_SRC	64

struct node {
	uint64_t sent_ns;	/* of the outstanding PBU, 0 if none */
	uint16_t seq;
	uint8_t done;		/* bindings registered */
	bool failed;
	struct pmip_prefix hnp;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static int send_pbu(int fd, const struct in6_addr *src,
		    const struct in6_addr *lma, unsigned int i,
		    struct node *n, unsigned int bids, uint16_t seq)
{
	static struct pmip_msg m;
	static const uint8_t zero[16];
	uint8_t buf[PMIP_MSG_MAX_LEN];
	char id[64];
	struct pmip_timestamp t = pmip_timestamp_from_ns(real_ns());
	int len;

	pmip_msg_init(&m, PMIP_MH_BU);
	m.flags = PMIP_BU_A | PMIP_BU_H | PMIP_BU_P;
	m.seq = seq;
	m.lifetime = 75;
	len = snprintf(id, sizeof(id), "load%u@example.net", i);
	pmip_set_mn_id(&m, PMIP_ID_NAI, id, (size_t)len);
	if (n->done)
		pmip_add_hnp(&m, n->hnp.addr, n->hnp.len);
	else
		pmip_add_hnp(&m, zero, 0);
	pmip_set_hi(&m, PMIP_HI_NEW_INTERFACE);
	pmip_set_att(&m, PMIP_ATT_8023);
	pmip_set_timestamp(&m, t.sec, t.frac);
	if (bids > 1) {
		struct pmip_mmb mmb = {
			.if_att = PMIP_ATT_8023,
			.if_label = 1,
			.bid = (uint8_t)(n->done + 1),
		};

		pmip_add_mmb(&m, &mmb);
		pmip_set_mag_id(&m, PMIP_ID_NAI, "load-mag", 8);
	}
	len = pmip_encode(&m, buf, sizeof(buf));
	if (len < 0)
		return len;
	n->seq = seq;
	n->sent_ns = mono_ns();
	return mh_sendmsg(fd, buf, (size_t)len, src, lma);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: pmipload -l LMA -s SRC [-s SRC]... [-n NODES] [-b 1|2]\n"
		"                [-w WINDOW] [-t TIMEOUT_MS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned int nodes = 1000, bids = 1, window = 64, timeout_ms = 2000;
	unsigned int n_src = 0, next = 0, out = 0, regs = 0, rejected = 0;
	unsigned int timeouts = 0, i, n_lat = 0;
	struct in6_addr lma, src[MAX_SRC];
	static struct pmip_msg a;
	uint64_t t0, t1, *lat;
	struct node *nd;
	uint16_t seq = 1;
	bool have_lma = false;
	int c, fd;

	while ((c = getopt(argc, argv, "l:s:n:b:w:t:")) != -1) {
		switch (c) {
		case 'l':
			have_lma = inet_pton(AF_INET6, optarg, &lma) == 1;
			break;
		case 's':
			if (n_src == MAX_SRC ||
			    inet_pton(AF_INET6, optarg, &src[n_src]) != 1)
				usage();
			n_src++;
			break;
		case 'n':
			nodes = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'b':
			bids = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'w':
			window = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 't':
			timeout_ms = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (!have_lma || !n_src || !nodes || nodes > 60000 || !window ||
	    bids < 1 || bids > 2)
		usage();
	nd = calloc(nodes, sizeof(*nd));
	lat = calloc((size_t)nodes * bids, sizeof(*lat));
	fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK, PMIP_IPPROTO_MH);
	if (!nd || !lat || fd < 0) {
		perror("pmipload");
		return 1;
	}
	t0 = mono_ns();
	while (regs + rejected + timeouts < nodes * bids) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint8_t buf[PMIP_MSG_MAX_LEN + 8];
		uint64_t now;
		ssize_t len;

		/* start new nodes up to the window */
		while (out < window && next < nodes) {
			if (send_pbu(fd, &src[next % n_src], &lma, next,
				     &nd[next], bids, seq++) == 0)
				out++;
			next++;
		}
		poll(&p, 1, 10);
		while ((len = recv(fd, buf, sizeof(buf), 0)) > 0) {
			if (pmip_decode(buf, (size_t)len, &a, NULL) ||
			    a.mh_type != PMIP_MH_BA)
				continue;
			/* the node is named by the MN-ID the PBA copies */
			if (a.mn_id.len < 5 || memcmp(a.mn_id.id, "load", 4))
				continue;
			i = (unsigned int)strtoul((const char *)a.mn_id.id + 4,
						  NULL, 10);
			if (i >= nodes || !nd[i].sent_ns || nd[i].seq != a.seq)
				continue;
			now = mono_ns();
			out--;
			if (!pmip_status_accepted(a.status)) {
				rejected += bids - nd[i].done;
				nd[i].failed = true;
				nd[i].sent_ns = 0;
				continue;
			}
			lat[n_lat++] = now - nd[i].sent_ns;
			regs++;
			nd[i].sent_ns = 0;
			nd[i].hnp = a.hnp[0];
			if (++nd[i].done < bids &&
			    !send_pbu(fd, &src[(i + 1) % n_src], &lma, i,
				      &nd[i], bids, seq++))
				out++;
		}
		now = mono_ns();
		for (i = 0; i < next; i++)
			if (nd[i].sent_ns &&
			    now - nd[i].sent_ns > timeout_ms * 1000000ULL) {
				timeouts += bids - nd[i].done;
				nd[i].sent_ns = 0;
				nd[i].failed = true;
				out--;
			}
	}
	t1 = mono_ns();
	qsort(lat, n_lat, sizeof(*lat), cmp_u64);
	printf("nodes %u bindings_each %u window %u sources %u\n", nodes, bids,
	       window, n_src);
	printf("registrations %u rejected %u timeouts %u seconds %.3f "
	       "rate %.0f/s\n", regs, rejected, timeouts,
	       (double)(t1 - t0) / 1e9, regs / ((double)(t1 - t0) / 1e9));
	if (n_lat)
		printf("latency_ms p50 %.2f p99 %.2f max %.2f\n",
		       lat[n_lat / 2] / 1e6, lat[n_lat * 99 / 100] / 1e6,
		       lat[n_lat - 1] / 1e6);
	free(nd);
	free(lat);
	close(fd);
	return regs == nodes * bids ? 0 : 1;
}
