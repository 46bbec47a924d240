// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: the event loop. One epoll instance; every timer lives in one
 * binary min-heap behind one timerfd, armed at the earliest deadline, so
 * thousands of HAAP sessions cost no file descriptors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "gbcpd.h"

static int epfd = -1;
static struct watcher tfd_w;
static struct timer **heap;
static size_t heap_n, heap_cap;
static bool stopping;
static int stop_code;

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static void heap_swap(size_t i, size_t j)
{
	struct timer *t = heap[i];

	heap[i] = heap[j];
	heap[j] = t;
	heap[i]->idx = (int)i;
	heap[j]->idx = (int)j;
}

static void heap_up(size_t i)
{
	while (i && heap[(i - 1) / 2]->when > heap[i]->when) {
		heap_swap(i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_down(size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < heap_n && heap[l]->when < heap[m]->when)
			m = l;
		if (r < heap_n && heap[r]->when < heap[m]->when)
			m = r;
		if (m == i)
			return;
		heap_swap(i, m);
		i = m;
	}
}

static void tfd_rearm(void)
{
	struct itimerspec its = { 0 };
	uint64_t when;

	if (heap_n) {
		when = heap[0]->when ? heap[0]->when : 1;
		its.it_value.tv_sec = (time_t)(when / NSEC_PER_SEC);
		its.it_value.tv_nsec = (long)(when % NSEC_PER_SEC);
	}
	if (timerfd_settime(tfd_w.fd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
		err("timerfd_settime: %s", strerror(errno));
}

void timer_init(struct timer *t, void (*fn)(struct timer *t), void *data)
{
	t->when = 0;
	t->idx = -1;
	t->fn = fn;
	t->data = data;
}

void timer_cancel(struct timer *t)
{
	size_t i;

	if (t->idx < 0)
		return;
	i = (size_t)t->idx;
	t->idx = -1;
	heap_n--;
	if (i != heap_n) {
		struct timer *m = heap[heap_n];

		heap[i] = m;
		m->idx = (int)i;
		heap_up(i);
		heap_down((size_t)m->idx);
	}
	if (i == 0)
		tfd_rearm();
}

void timer_arm(struct timer *t, uint64_t when)
{
	timer_cancel(t);
	if (heap_n == heap_cap) {
		size_t cap = heap_cap ? heap_cap * 2 : 64;
		struct timer **h = realloc(heap, cap * sizeof(*h));

		if (!h) {
			err("out of memory for a timer");
			return;
		}
		heap = h;
		heap_cap = cap;
	}
	t->when = when;
	t->idx = (int)heap_n;
	heap[heap_n++] = t;
	heap_up((size_t)t->idx);
	if (t->idx == 0)
		tfd_rearm();
}

void timer_after_ms(struct timer *t, uint64_t ms)
{
	timer_arm(t, now_ns() + ms * NSEC_PER_MSEC);
}

static void tfd_fn(struct watcher *w, uint32_t events)
{
	uint64_t exp, now = now_ns();
	struct timer *t;

	(void)events;
	if (read(w->fd, &exp, sizeof(exp)) < 0 && errno != EAGAIN)
		err("timerfd read: %s", strerror(errno));
	while (heap_n && heap[0]->when <= now && !stopping) {
		t = heap[0];
		timer_cancel(t);
		t->fn(t);
	}
	tfd_rearm();
}

int loop_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		return -errno;
	tfd_w.fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (tfd_w.fd < 0)
		return -errno;
	tfd_w.fn = tfd_fn;
	return loop_add(&tfd_w);
}

int loop_add(struct watcher *w)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = w };

	if (epoll_ctl(epfd, EPOLL_CTL_ADD, w->fd, &ev) < 0)
		return -errno;
	return 0;
}

void loop_del(struct watcher *w)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, w->fd, NULL);
}

void loop_stop(int code)
{
	if (!stopping)
		stop_code = code;
	stopping = true;
}

bool loop_stopping(void)
{
	return stopping;
}

int loop_run(void)
{
	struct epoll_event ev[16];
	struct watcher *w;
	int n, i;

	while (!stopping) {
		n = epoll_wait(epfd, ev, ARRAY_SIZE(ev), -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err("epoll_wait: %s", strerror(errno));
			return GBCPD_EXIT_ERR;
		}
		for (i = 0; i < n && !stopping; i++) {
			w = ev[i].data.ptr;
			w->fn(w, ev[i].events);
		}
	}
	return stop_code;
}
