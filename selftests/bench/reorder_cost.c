// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark B3: the cost per packet of the receive window as the reorder
 * distance grows, against a sorted linked list (the structure MLVPN, ubond
 * and PPP multilink use). Runs on the host with the very reorder.c that is
 * built into gre_bond.ko.
 *
 * The stream is what two paths of different delay make of one sequence: the
 * even numbers take the fast path, the odd ones the slow path and arrive d
 * packets late, so the receiver always holds about d packets.
 *
 *   reorder_cost [PACKETS] [RUNS]    prints a Markdown table
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../gre_bond/reorder.h"

#define WINDOW 4096

static unsigned long delivered;

static void deliver(void *ctx, void *pkt, u64 residence_ns)
{
	(void)ctx; (void)pkt; (void)residence_ns;
	delivered++;
}

static void discard(void *ctx, void *pkt, enum gb_reorder_discard why)
{
	(void)ctx; (void)pkt; (void)why;
}

static const struct gb_reorder_ops ops = { deliver, discard };

static u32 *order;

struct key {
	u64 key;
	u32 seq;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* arrival order of 0..n-1 when odd numbers are delayed by d positions */
static void make_order(u32 n, u32 d)
{
	struct key *k = calloc(n, sizeof(*k));
	u32 i;

	for (i = 0; i < n; i++) {
		k[i].seq = i;
		k[i].key = ((u64)i + (i & 1 ? d : 0)) * 2 + (i & 1);
	}
	qsort(k, n, sizeof(*k), cmp_key);
	for (i = 0; i < n; i++)
		order[i] = k[i].seq;
	free(k);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double run_window(u32 n, u32 d __attribute__((unused)))
{
	static struct gb_reorder_slot slots[WINDOW];
	struct gb_reorder r;
	double t0;
	u32 i;

	gb_reorder_init(&r, slots, WINDOW, WINDOW, 1000000000ULL);
	delivered = 0;
	t0 = now_ns();
	for (i = 0; i < n; i++)
		gb_reorder_push(&r, &r, true, order[i], i, &ops, NULL);
	gb_reorder_purge(&r, &ops, NULL);
	return (now_ns() - t0) / n;
}

/* the baseline: a sorted doubly linked list, inserted from its tail */
struct node {
	struct node *prev, *next;
	u32 seq;
};

static double run_list(u32 n, u32 d __attribute__((unused)))
{
	struct node *nodes = calloc(n, sizeof(*nodes));
	struct node head = { &head, &head, 0 };
	u32 expected = 0, i;
	double t0;

	delivered = 0;
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		struct node *p = &nodes[i], *at = head.prev;

		p->seq = order[i];
		while (at != &head && (s32)(at->seq - p->seq) > 0)
			at = at->prev;
		p->prev = at;
		p->next = at->next;
		at->next->prev = p;
		at->next = p;
		while (head.next != &head && head.next->seq == expected) {
			struct node *h = head.next;

			head.next = h->next;
			h->next->prev = &head;
			expected++;
			delivered++;
		}
	}
	t0 = (now_ns() - t0) / n;
	free(nodes);
	return t0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double (*fn)(u32, u32), u32 n, u32 d, int runs)
{
	double v[32];
	int i;

	for (i = 0; i < runs; i++)
		v[i] = fn(n, d);
	qsort(v, runs, sizeof(v[0]), cmp);
	return v[runs / 2];
}

int main(int argc, char **argv)
{
	static const u32 dist[] = { 1, 8, 64, 512, 2048 };
	u32 n = argc > 1 ? (u32)strtoul(argv[1], NULL, 0) : 2000000;
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	double w[5], l[5];
	unsigned int i;

	if (runs < 1 || runs > 32)
		runs = 5;
	order = calloc(n, sizeof(*order));
	printf("| reorder distance | window ns/pkt | sorted list ns/pkt | list / window |\n");
	printf("|---:|---:|---:|---:|\n");
	for (i = 0; i < 5; i++) {
		make_order(n, dist[i]);
		w[i] = median(run_window, n, dist[i], runs);
		l[i] = median(run_list, n, dist[i], runs);
		printf("| %u | %.1f | %.1f | %.1f |\n", dist[i], w[i], l[i],
		       l[i] / w[i]);
	}
	printf("\nwindow cost at d=2048 / d=8: %.2f (flat: <= 1.2); "
	       "list: %.1f\n", w[4] / w[1], l[4] / l[1]);
	return 0;
}
