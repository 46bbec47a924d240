// SPDX-License-Identifier: GPL-2.0
/*
 * A UDP stream carrying counters, to see what a path does to ordering:
 *
 *   udp_seq send HOST PORT COUNT PPS [SIZE]
 *   udp_seq recv PORT COUNT TIMEOUT_MS
 *
 * The receiver stops after COUNT datagrams or TIMEOUT_MS of silence and
 * prints one line of key=value pairs: received, in_order (each number above
 * every one before it), out_of_order, duplicates, lost (never seen).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SIZE 9000

static unsigned long parse_ul(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "udp_seq: bad %s '%s'\n", what, s);
		exit(2);
	}
	return v;
}

static int do_send(const char *host, const char *port, unsigned long count,
		   unsigned long pps, unsigned long size)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM };
	struct timespec next;
	struct addrinfo *ai;
	unsigned char buf[MAX_SIZE] = { 0 };
	unsigned long i;
	long gap_ns;
	int fd, err;

	if (size < 4 || size > MAX_SIZE || !pps) {
		fprintf(stderr, "udp_seq: size 4..%d and pps > 0\n", MAX_SIZE);
		return 2;
	}
	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "udp_seq: %s: %s\n", host, gai_strerror(err));
		return 1;
	}
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		perror("udp_seq: socket/connect");
		return 1;
	}
	gap_ns = 1000000000L / pps;
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 0; i < count; i++) {
		uint32_t seq = htonl((uint32_t)i);

		memcpy(buf, &seq, sizeof(seq));
		if (send(fd, buf, size, 0) < 0 && errno != ECONNREFUSED)
			perror("udp_seq: send");
		next.tv_nsec += gap_ns;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	freeaddrinfo(ai);
	close(fd);
	return 0;
}

static int do_recv(const char *port, unsigned long count, int timeout_ms)
{
	struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6,
		.sin6_port = htons((uint16_t)parse_ul(port, "port")),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	unsigned long received = 0, in_order = 0, out_of_order = 0, dup = 0;
	unsigned char buf[MAX_SIZE];
	unsigned char *seen;
	long long highest = -1;
	unsigned long lost = 0, i;
	int fd, off = 0;

	seen = calloc(count ? count : 1, 1);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (!seen || fd < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) ||
	    bind(fd, (struct sockaddr *)&sin6, sizeof(sin6))) {
		perror("udp_seq: socket/bind");
		return 1;
	}
	/* tells a waiting test that we listen */
	printf("listening\n");
	fflush(stdout);
	while (received < count) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint32_t seq;
		ssize_t n;

		if (poll(&pfd, 1, timeout_ms) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 4)
			continue;
		memcpy(&seq, buf, sizeof(seq));
		seq = ntohl(seq);
		if (seq >= count)
			continue;
		if (seen[seq]) {
			dup++;
			continue;
		}
		seen[seq] = 1;
		received++;
		if ((long long)seq > highest) {
			in_order++;
			highest = seq;
		} else {
			out_of_order++;
		}
	}
	for (i = 0; i < count; i++)
		lost += !seen[i];
	printf("received=%lu in_order=%lu out_of_order=%lu duplicates=%lu lost=%lu\n",
	       received, in_order, out_of_order, dup, lost);
	free(seen);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 6 && !strcmp(argv[1], "send"))
		return do_send(argv[2], argv[3], parse_ul(argv[4], "count"),
			       parse_ul(argv[5], "pps"),
			       argc > 6 ? parse_ul(argv[6], "size") : 64);
	if (argc == 5 && !strcmp(argv[1], "recv"))
		return do_recv(argv[2], parse_ul(argv[3], "count"),
			       (int)parse_ul(argv[4], "timeout"));
	fprintf(stderr, "usage: udp_seq send HOST PORT COUNT PPS [SIZE]\n"
			"       udp_seq recv PORT COUNT TIMEOUT_MS\n");
	return 2;
}
