// SPDX-License-Identifier: GPL-2.0
/*
 * mcpload: load for the proxy benchmarks B6 and B7 (Documentation/benchmarks.md).
 * One client reaches one plain TCP server in one of four ways, so that the
 * MCP and its peers see the same traffic from the same code:
 *
 *   -x tcp    plain TCP to ADDR:PORT (the server itself: no proxy)
 *   -x mptcp  MPTCP to ADDR:PORT (HAProxy under mptcpize: a relay)
 *   -x mcp    MPTCP to the MCP at ADDR:PORT, the MP_CONVERT IE naming the
 *             server (-d) in the SYN with the first request behind it
 *             (TCP_FASTOPEN_CONNECT, as tools/mcpconnect does; the IE
 *             comes from its ie.c); the MCP's echo of the IE is read
 *   -x socks  MPTCP to a SOCKS5 server at ADDR:PORT, no authentication,
 *             CONNECT to -d (one round trip for the method, one for the
 *             request, as a SOCKS5 client waits for each answer)
 *
 * Modes:
 *   mcpload serve -l ADDR -p PORT [-s SIZE]
 *       epoll server, one thread: without -s it discards what it reads; with
 *       -s it answers every SIZE bytes received with SIZE bytes. It closes a
 *       connection on end of stream. Runs until killed.
 *   mcpload bulk  -x WAY -a ADDR -p PORT [-d DST -D DPORT] [-t SECS]
 *       one connection sends for SECS, shuts down and waits for the server's
 *       close (so everything sent arrived); prints
 *       "bytes=B secs=S bps=R"
 *   mcpload rr    -x WAY ... [-c THREADS] [-t SECS] [-s SIZE]
 *       THREADS threads each loop: new connection, SIZE-byte request, read
 *       the SIZE-byte answer, close; prints
 *       "conns=N errors=E secs=S rate=R ttfb_ms=T" (completed connections
 *       per second; T the median time from connect() to the answer's
 *       first byte, the MCP's echo before it not counted as answer)
 *   mcpload idle  -x WAY ... -n COUNT -H FILE [-t MAXSECS]
 *       opens COUNT connections one after another, each proven end to end
 *       by a 1-byte request and answer (server -s 1), prints "ready N", then
 *       holds them until FILE exists (or MAXSECS, default 600), then resets
 *       them (SO_LINGER 0) and exits.
 *
 * The client namespace needs net.ipv4.tcp_fastopen with 0x4 for -x mcp.
 * Exit status: 0 done, 1 usage or setup error, 2 no connection completed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "fdio.h"
#include "ie.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT 30
#endif

#define IE_MAX		64
#define BULK_CHUNK	(128 * 1024)
#define SIZE_MAX_REQ	(64 * 1024)

enum way { WAY_TCP, WAY_MPTCP, WAY_MCP, WAY_SOCKS };

struct cfg {
	enum way way;
	struct sockaddr_in peer;	/* what the client connects to */
	struct sockaddr_in dst;		/* the server, for mcp and socks */
	unsigned char ie[IE_MAX];
	int ie_len;
	int threads;
	int secs;
	int size;
	int count;
	const char *hold_file;
};

static struct cfg cfg = { .threads = 1, .secs = 5, .size = 1024 };

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mcpload serve -l ADDR -p PORT [-s SIZE]\n"
		"       mcpload bulk|rr|idle -x tcp|mptcp|mcp|socks -a ADDR -p PORT\n"
		"               [-d DST -D DPORT] [-t SECS] [-c THREADS] [-s SIZE]\n"
		"               [-n COUNT -H FILE]\n");
	exit(1);
}

/* the SOCKS5 exchange (RFC 1928), no authentication, CONNECT to cfg.dst */
static int socks_connect(int fd)
{
	static const unsigned char hello[3] = { 5, 1, 0 };
	unsigned char req[10] = { 5, 1, 0, 1 };
	unsigned char ans[10];

	if (write_all(fd, hello, sizeof(hello)) || read_exact(fd, ans, 2) ||
	    ans[0] != 5 || ans[1] != 0)
		return -1;
	memcpy(req + 4, &cfg.dst.sin_addr, 4);
	memcpy(req + 8, &cfg.dst.sin_port, 2);
	if (write_all(fd, req, sizeof(req)) || read_exact(fd, ans, 4) ||
	    ans[1] != 0 || ans[3] != 1)	/* an IPv4 bound address follows */
		return -1;
	return read_exact(fd, ans + 4, 6);
}

/*
 * open_via() - a connection to the server in cfg.way, with @first (may be
 * empty) sent as the first application bytes: for mcp they ride in the SYN
 * behind the IE. @t_connect (may be NULL) gets the time connect() was
 * called, the start of the time to first byte. Return: the socket, or -1.
 */
static int open_via(const void *first, size_t first_len, double *t_connect)
{
	int proto = cfg.way == WAY_TCP ? IPPROTO_TCP : IPPROTO_MPTCP;
	unsigned char buf[IE_MAX + SIZE_MAX_REQ];
	struct timeval tv = { .tv_sec = 10 };
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM, proto);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)))
		goto fail;
	if (cfg.way == WAY_MCP) {
		if (setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
			       sizeof(one)))
			goto fail;
		/* deferred: the SYN leaves with the first write */
		if (t_connect)
			*t_connect = now_s();
		if (connect(fd, (struct sockaddr *)&cfg.peer, sizeof(cfg.peer)))
			goto fail;
		memcpy(buf, cfg.ie, cfg.ie_len);
		memcpy(buf + cfg.ie_len, first, first_len);
		if (write_all(fd, buf, cfg.ie_len + first_len) ||
		    read_exact(fd, buf, cfg.ie_len) ||
		    memcmp(buf, cfg.ie, cfg.ie_len))
			goto fail;
		return fd;
	}
	if (t_connect)
		*t_connect = now_s();
	if (connect(fd, (struct sockaddr *)&cfg.peer, sizeof(cfg.peer)))
		goto fail;
	if (cfg.way == WAY_SOCKS && socks_connect(fd))
		goto fail;
	if (first_len && write_all(fd, first, first_len))
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/* ------------------------------------------------------------- server */

struct conn {
	int fd;
	int got;	/* bytes of the current request */
};

static int serve(const char *addr, int port)
{
	static unsigned char buf[256 * 1024];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct epoll_event ev, evs[256];
	int lfd, ep, one = 1;

	sa.sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		usage();
	memset(buf, 'r', sizeof(buf));
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (lfd < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 4096)) {
		perror("mcpload: listen");
		return 1;
	}
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev)) {
		perror("mcpload: epoll");
		return 1;
	}
	for (;;) {
		int i, n = epoll_wait(ep, evs, 256, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;
		for (i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			ssize_t r;

			if (!c) {
				int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);

				if (fd < 0)
					continue;
				c = calloc(1, sizeof(*c));
				if (!c) {
					close(fd);
					continue;
				}
				c->fd = fd;
				ev.events = EPOLLIN;
				ev.data.ptr = c;
				if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
					close(fd);
					free(c);
				}
				continue;
			}
			r = read(c->fd, buf, sizeof(buf));
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (r > 0 && cfg.size) {
				c->got += r;
				/* answers are small: they fit the send buffer */
				while (c->got >= cfg.size) {
					c->got -= cfg.size;
					if (write_all(c->fd, buf, cfg.size)) {
						r = -1;
						break;
					}
				}
			}
			if (r <= 0) {
				close(c->fd);	/* also leaves the epoll set */
				free(c);
			}
		}
	}
}

/* ------------------------------------------------------------- clients */

static int bulk(void)
{
	static unsigned char buf[BULK_CHUNK];
	unsigned long long bytes = 0;
	double t0, t1, end;
	int fd;

	memset(buf, 'b', sizeof(buf));
	t0 = now_s();
	fd = open_via(NULL, 0, NULL);
	if (fd < 0) {
		perror("mcpload: connect");
		return 2;
	}
	end = t0 + cfg.secs;
	while (now_s() < end) {
		if (write_all(fd, buf, sizeof(buf))) {
			perror("mcpload: write");
			return 2;
		}
		bytes += sizeof(buf);
	}
	shutdown(fd, SHUT_WR);
	/* the server closes after it read everything */
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	t1 = now_s();
	close(fd);
	printf("bytes=%llu secs=%.3f bps=%.0f\n", bytes, t1 - t0,
	       bytes * 8 / (t1 - t0));
	return 0;
}

#define TTFB_SAMPLES_MAX 65536

struct worker {
	pthread_t tid;
	double end;
	unsigned long done, errors;
	float *ttfb_ms;		/* one per completed connection, up to the max */
	unsigned long samples;
};

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

static void *rr_worker(void *arg)
{
	unsigned char req[SIZE_MAX_REQ], ans[SIZE_MAX_REQ];
	struct worker *w = arg;

	memset(req, 'q', cfg.size);
	while (now_s() < w->end) {
		double t_connect = 0, t_first;
		int fd = open_via(req, cfg.size, &t_connect);
		bool ok;

		/* the first byte alone, so that its arrival is timed */
		ok = fd >= 0 && !read_exact(fd, ans, 1);
		t_first = now_s();
		if (!ok || read_exact(fd, ans + 1, cfg.size - 1)) {
			w->errors++;
			if (fd >= 0)
				close(fd);
			/* do not spin on a refusal */
			usleep(10000);
			continue;
		}
		close(fd);
		if (w->samples < TTFB_SAMPLES_MAX)
			w->ttfb_ms[w->samples++] = (t_first - t_connect) * 1000;
		w->done++;
	}
	return NULL;
}

static int rr(void)
{
	struct worker *w = calloc(cfg.threads, sizeof(*w));
	unsigned long done = 0, errors = 0, samples = 0;
	float *ttfb_ms;
	double t0, t1;
	int i;

	ttfb_ms = calloc((size_t)cfg.threads * TTFB_SAMPLES_MAX, sizeof(*ttfb_ms));
	if (!w || !ttfb_ms)
		return 1;
	t0 = now_s();
	for (i = 0; i < cfg.threads; i++) {
		w[i].end = t0 + cfg.secs;
		w[i].ttfb_ms = ttfb_ms + (size_t)i * TTFB_SAMPLES_MAX;
		if (pthread_create(&w[i].tid, NULL, rr_worker, &w[i])) {
			perror("mcpload: thread");
			return 1;
		}
	}
	for (i = 0; i < cfg.threads; i++) {
		pthread_join(w[i].tid, NULL);
		done += w[i].done;
		errors += w[i].errors;
		/* pack the samples of all threads at the start, to sort them */
		memmove(ttfb_ms + samples, w[i].ttfb_ms,
			w[i].samples * sizeof(*ttfb_ms));
		samples += w[i].samples;
	}
	t1 = now_s();
	qsort(ttfb_ms, samples, sizeof(*ttfb_ms), cmp_float);
	printf("conns=%lu errors=%lu secs=%.3f rate=%.1f ttfb_ms=%.2f\n", done,
	       errors, t1 - t0, done / (t1 - t0),
	       samples ? ttfb_ms[samples / 2] : 0.0);
	free(ttfb_ms);
	free(w);
	return done ? 0 : 2;
}

static int idle(void)
{
	double t0 = now_s(), end;
	struct rlimit rl;
	struct stat st;
	int i, n, *fds;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (rlim_t)cfg.count + 64) {
		rl.rlim_cur = cfg.count + 64;
		rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl)) {
			perror("mcpload: RLIMIT_NOFILE");
			return 1;
		}
	}
	fds = calloc(cfg.count, sizeof(*fds));
	if (!fds || !cfg.hold_file)
		usage();
	for (i = 0; i < cfg.count; i++) {
		char b;

		fds[i] = open_via("i", 1, NULL);
		if (fds[i] < 0 || read_exact(fds[i], &b, 1)) {
			fprintf(stderr, "mcpload: connection %d failed: %s\n",
				i, strerror(errno));
			break;
		}
	}
	printf("ready %d secs=%.3f\n", i, now_s() - t0);
	fflush(stdout);
	end = now_s() + cfg.secs;
	while (stat(cfg.hold_file, &st) && now_s() < end)
		usleep(100000);
	/* a reset, not a FIN: no TIME_WAIT left to blur the next measurement */
	for (n = 0; n < i; n++) {
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		setsockopt(fds[n], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(fds[n]);
	}
	return i ? 0 : 2;
}

static void parse_addr(const char *s, struct sockaddr_in *sa)
{
	sa->sin_family = AF_INET;
	if (inet_pton(AF_INET, s, &sa->sin_addr) != 1) {
		fprintf(stderr, "mcpload: not an IPv4 address: %s\n", s);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *mode, *listen_addr = NULL;
	int c, port = 0, dport = 0, hold_set = 0, size_set = 0;

	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
	while ((c = getopt(argc, argv, "x:a:p:d:D:t:c:s:n:H:l:")) != -1) {
		switch (c) {
		case 'x':
			if (!strcmp(optarg, "tcp"))
				cfg.way = WAY_TCP;
			else if (!strcmp(optarg, "mptcp"))
				cfg.way = WAY_MPTCP;
			else if (!strcmp(optarg, "mcp"))
				cfg.way = WAY_MCP;
			else if (!strcmp(optarg, "socks"))
				cfg.way = WAY_SOCKS;
			else
				usage();
			break;
		case 'a':
			parse_addr(optarg, &cfg.peer);
			break;
		case 'l':
			listen_addr = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'd':
			parse_addr(optarg, &cfg.dst);
			break;
		case 'D':
			dport = atoi(optarg);
			break;
		case 't':
			cfg.secs = atoi(optarg);
			hold_set = 1;
			break;
		case 'c':
			cfg.threads = atoi(optarg);
			break;
		case 's':
			cfg.size = atoi(optarg);
			size_set = 1;
			break;
		case 'n':
			cfg.count = atoi(optarg);
			break;
		case 'H':
			cfg.hold_file = optarg;
			break;
		default:
			usage();
		}
	}
	if (port <= 0 || port > 65535 || cfg.size < 0 ||
	    cfg.size > SIZE_MAX_REQ || cfg.threads < 1 || cfg.secs < 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(mode, "serve")) {
		if (!listen_addr)
			usage();
		if (!size_set)
			cfg.size = 0;	/* a sink */
		return serve(listen_addr, port);
	}
	if (!cfg.peer.sin_family)
		usage();
	cfg.peer.sin_port = htons(port);
	if (cfg.way == WAY_MCP || cfg.way == WAY_SOCKS) {
		if (!cfg.dst.sin_family || dport <= 0 || dport > 65535)
			usage();
		cfg.dst.sin_port = htons(dport);
	}
	if (cfg.way == WAY_MCP) {
		/* destination IE only: no source IE (src NULL) */
		cfg.ie_len = mcpc_build_ie(0, (unsigned char *)&cfg.dst.sin_addr,
					   dport, 0, NULL, cfg.ie,
					   sizeof(cfg.ie));
		if (cfg.ie_len <= 0) {
			fprintf(stderr, "mcpload: cannot build the IE\n");
			return 1;
		}
	}
	if (!strcmp(mode, "bulk"))
		return bulk();
	if (!strcmp(mode, "rr")) {
		if (cfg.size < 1)
			usage();
		return rr();
	}
	if (!strcmp(mode, "idle")) {
		if (cfg.count < 1)
			usage();
		if (!hold_set)
			cfg.secs = 600;
		return idle();
	}
	usage();
	return 1;
}
