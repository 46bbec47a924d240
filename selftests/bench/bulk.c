// SPDX-License-Identifier: GPL-2.0
/*
 * bulk: one timed bulk TCP or MPTCP transfer, for the benchmarks that
 * compare MPTCP with the bond on the same traffic (iperf3 3.12, Debian 12's,
 * cannot open MPTCP sockets).
 *
 *   bulk -s [-m] [-p PORT] [-B ADDR]          server: one transfer at a time
 *   bulk -c ADDR [-m] [-p PORT] [-t SECS] [-R] [-w SECS]
 *
 * The client connects and says which way the data flows: it sends for SECS
 * (default), or with -R it asks the server to send for SECS. The receiving
 * end reads until end of file and times the transfer from its first to its
 * last data byte, so connection setup is excluded and data still queued in
 * the network when the sender stops is included. The client prints one line:
 *
 *   bps=<goodput bit/s> bytes=<received> secs=<receive time> mptcp=<0|1>
 *
 * -m uses IPPROTO_MPTCP (262) on the client socket and the listener (which
 * accepts plain TCP too); mptcp=1 means the connection really is MPTCP
 * (MPTCP_INFO answers), 0 that it fell back to TCP.
 * -w: give up after SECS without progress (default 30).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP	262
#endif
#ifndef SOL_MPTCP
#define SOL_MPTCP	284
#endif
#ifndef MPTCP_INFO
#define MPTCP_INFO	1
#endif

#define MAGIC		0x48414242u	/* "HABB" */
#define BUF_SIZE	(128 * 1024)

struct hello {
	uint32_t magic;
	uint32_t reverse;	/* 1: the server sends */
	uint32_t msecs;		/* how long the sender sends */
	uint32_t pad;
};

struct report {
	uint64_t bytes;
	uint64_t nsecs;		/* first to last data byte */
};

static char buf[BUF_SIZE];
static int stall_secs = 30;

static void die(const char *what)
{
	fprintf(stderr, "bulk: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int is_mptcp(int fd)
{
	char info[256];
	socklen_t len = sizeof(info);

	return getsockopt(fd, SOL_MPTCP, MPTCP_INFO, info, &len) == 0;
}

static void set_timeouts(int fd)
{
	struct timeval tv = { .tv_sec = stall_secs };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int read_full(int fd, void *p, size_t n)
{
	char *c = p;

	while (n) {
		ssize_t r = read(fd, c, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* send for msecs, then close the sending direction */
static int send_for(int fd, uint32_t msecs)
{
	uint64_t end = now_ns() + (uint64_t)msecs * 1000000ull;

	while (now_ns() < end) {
		ssize_t w = write(fd, buf, sizeof(buf));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
	}
	return shutdown(fd, SHUT_WR);
}

/* read until end of file */
static int receive_all(int fd, struct report *rep)
{
	uint64_t first = 0, last = 0, bytes = 0;

	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		last = now_ns();
		if (!first)
			first = last;
		bytes += (uint64_t)r;
	}
	rep->bytes = bytes;
	rep->nsecs = last - first;
	return 0;
}

static int parse_addr(const char *host, int port, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_PASSIVE,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	char p[16];

	snprintf(p, sizeof(p), "%d", port);
	if (getaddrinfo(host, p, &hints, &res))
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

static int serve(const char *bind_addr, int port, int mptcp)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1, lfd;

	if (parse_addr(bind_addr ? bind_addr : "0.0.0.0", port, &ss, &len))
		die("bad bind address");
	lfd = socket(ss.ss_family, SOCK_STREAM, mptcp ? IPPROTO_MPTCP : 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 8))
		die("bind/listen");
	for (;;) {
		struct hello h;
		struct report rep = { 0, 0 };
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		set_timeouts(fd);
		if (read_full(fd, &h, sizeof(h)) || ntohl(h.magic) != MAGIC) {
			close(fd);
			continue;
		}
		if (ntohl(h.reverse)) {
			send_for(fd, ntohl(h.msecs));
			/* wait for the client to finish reading */
			while (read(fd, buf, sizeof(buf)) > 0)
				;
		} else if (!receive_all(fd, &rep)) {
			rep.bytes = htobe64(rep.bytes);
			rep.nsecs = htobe64(rep.nsecs);
			write_full(fd, &rep, sizeof(rep));
		}
		close(fd);
	}
	return 0;
}

static int client(const char *addr, int port, int mptcp, double secs,
		  int reverse)
{
	struct sockaddr_storage ss;
	struct hello h;
	struct report rep;
	socklen_t len;
	int fd, used_mptcp;

	if (parse_addr(addr, port, &ss, &len))
		die("bad address");
	fd = socket(ss.ss_family, SOCK_STREAM, mptcp ? IPPROTO_MPTCP : 0);
	if (fd < 0)
		die("socket");
	set_timeouts(fd);
	if (connect(fd, (struct sockaddr *)&ss, len))
		die("connect");
	h.magic = htonl(MAGIC);
	h.reverse = htonl(reverse ? 1 : 0);
	h.msecs = htonl((uint32_t)(secs * 1000));
	h.pad = 0;
	if (write_full(fd, &h, sizeof(h)))
		die("send request");
	if (reverse) {
		if (receive_all(fd, &rep))
			die("receive");
	} else {
		if (send_for(fd, ntohl(h.msecs)))
			die("send");
		if (read_full(fd, &rep, sizeof(rep)))
			die("read report");
		rep.bytes = be64toh(rep.bytes);
		rep.nsecs = be64toh(rep.nsecs);
	}
	used_mptcp = is_mptcp(fd);
	close(fd);
	if (!rep.nsecs) {
		fprintf(stderr, "bulk: nothing received\n");
		return 1;
	}
	printf("bps=%.0f bytes=%llu secs=%.3f mptcp=%d\n",
	       rep.bytes * 8e9 / (double)rep.nsecs,
	       (unsigned long long)rep.bytes, rep.nsecs / 1e9, used_mptcp);
	return 0;
}

static void usage(void)
{
	fputs("usage: bulk -s [-m] [-p PORT] [-B ADDR]\n"
	      "       bulk -c ADDR [-m] [-p PORT] [-t SECS] [-R] [-w SECS]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *addr = NULL, *bind_addr = NULL;
	int c, server = 0, mptcp = 0, reverse = 0, port = 5001;
	double secs = 6;

	signal(SIGPIPE, SIG_IGN);
	while ((c = getopt(argc, argv, "sc:mp:B:t:Rw:")) != -1) {
		switch (c) {
		case 's': server = 1; break;
		case 'c': addr = optarg; break;
		case 'm': mptcp = 1; break;
		case 'p': port = atoi(optarg); break;
		case 'B': bind_addr = optarg; break;
		case 't': secs = atof(optarg); break;
		case 'R': reverse = 1; break;
		case 'w': stall_secs = atoi(optarg); break;
		default: usage();
		}
	}
	memset(buf, 0xa5, sizeof(buf));
	if (server == !!addr || secs <= 0 || port <= 0 || port > 65535)
		usage();
	if (server)
		return serve(bind_addr, port, mptcp);
	return client(addr, port, mptcp, secs, reverse);
}
