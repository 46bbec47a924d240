// SPDX-License-Identifier: GPL-2.0
/*
 * mcpconnect: reach a plain TCP server through an MPTCP Conversion Point.
 *
 * Opens an MPTCP connection to the MCP whose SYN carries the MP_CONVERT IE
 * naming the server (draft-boucadair-mptcp-plain-mode section 5,
 * "multipath host"), and writes the same IE as the first stream bytes.
 * The MCP echoes the IEs it accepted as the first bytes toward the client
 * (Documentation/mcp_proxy.rst); after that, stdin goes to the server and
 * the server's bytes go to stdout.
 *
 * The IE gets into the SYN by the mcp_proxy module: the socket is bound,
 * its IEs registered (synie.h), then connected without Fast Open, so that
 * the IE in the stream is mapped and the connection stays multipath. When
 * the module is not loaded, TCP_FASTOPEN_CONNECT carries the IE as SYN
 * data instead, if the client may send TFO data without a cookie
 * (net.ipv4.tcp_fastopen with 0x4, e.g. 5); a 6.1 kernel re-sends that
 * data without a DSS mapping, and the MCP's side falls back to TCP.
 *
 * With -C FILE, the capability cache of the draft's section 5.2
 * (cache.h): a conversion that fails (reset, no or wrong echo, timeout)
 * marks the MCP "direct" for -L seconds, and meanwhile mcpconnect goes to
 * the server directly, native MPTCP without an IE; a conversion that works
 * marks it "converts".
 *
 * Exit status: 0 done, 1 usage or local error, 2 connection reset or
 * refused, 3 no or wrong echo, 4 timeout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef unsigned char u8;

#include "cache.h"
#include "fdio.h"
#include "ie.h"
#include "synie.h"
#include <linux/mcp_proxy.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef TCP_FASTOPEN_CONNECT
#define TCP_FASTOPEN_CONNECT 30
#endif

enum { EXIT_RESET = 2, EXIT_ECHO = 3, EXIT_TIMEOUT = 4 };

struct opts {
	const char *raw_hex;
	const char *bind_addr;
	const char *syn_data;
	const char *source;
	int plain;
	int fast_open;
	int no_ie;
	int expect_echo;
	int quiet;
	int ttfb;
	int timeout_s;
	const char *cache;
	long cache_ttl;
	const char *misuse;
};

static struct timespec t_start;
static int report_ttfb;

static long elapsed_us(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t_start.tv_sec) * 1000000L +
	       (now.tv_nsec - t_start.tv_nsec) / 1000;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mcpconnect [-P] [-n] [-E] [-F] [-q] [-T] [-b ADDR] [-S ADDR] [-t SEC] [-r HEX] [-s DATA]\n"
		"                  MCP_ADDR MCP_PORT [DEST_ADDR [DEST_PORT]]\n"
		"  -r HEX   send these bytes as the IEs (malformed ones; no echo expected)\n"
		"  -s DATA  application bytes to send in the SYN after the IEs\n"
		"  -n       no IE at all (native MPTCP, not converted)\n"
		"  -P       plain TCP instead of MPTCP\n"
		"  -E       do not expect the echo\n"
		"  -F       the IEs and -s DATA as Fast Open data in the SYN, not by\n"
		"           the module (needs net.ipv4.tcp_fastopen with 0x4)\n"
		"  -S ADDR  add a source IE (IPv4 or IPv6): the server is to see this address\n"
		"  -b ADDR  bind to this source address\n"
		"  -t SEC   connect and idle timeout (default 10)\n"
		"  -T       print the time from connect() to the first byte of data\n"
		"  -C FILE  capability cache: after a failed conversion, go direct\n"
		"  -L SEC   how long a cache entry holds (default 600)\n"
		"  -q       quiet\n"
		"  -X WHAT  test the kernel's refusal of a bad SYN IE registration:\n"
		"           connected, foreign (another process's socket), tcp\n");
	exit(1);
}

/* the whole cache file, locked; *len 0 when absent. Return the fd or -1. */
static int cache_open(const char *path, char *buf, size_t max, size_t *len)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	ssize_t n;

	*len = 0;
	if (fd < 0 || flock(fd, LOCK_EX)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	n = read(fd, buf, max - 1);
	if (n < 0) {
		close(fd);
		return -1;
	}
	buf[n] = '\0';
	*len = n;
	return fd;
}

static enum mcpc_cap cache_get(const char *path, const char *mcp)
{
	static char buf[65536];
	enum mcpc_cap cap;
	size_t len;
	int fd = cache_open(path, buf, sizeof(buf), &len);

	if (fd < 0)
		return MCPC_UNKNOWN;
	cap = mcpc_cache_lookup(buf, len, mcp, time(NULL));
	close(fd);
	return cap;
}

static void cache_put(const char *path, const char *mcp, enum mcpc_cap cap,
		      long ttl)
{
	static char buf[65536], out[65536 + MCPC_LINE_MAX];
	long long now = time(NULL);
	size_t len;
	int fd = cache_open(path, buf, sizeof(buf), &len), n;

	if (fd < 0)
		return;
	n = mcpc_cache_update(buf, len, mcp, cap, now + ttl, now, out,
			      sizeof(out));
	/* rewritten in place under the lock: readers take it too */
	if (n >= 0 && !ftruncate(fd, 0) && lseek(fd, 0, SEEK_SET) == 0 &&
	    write_all(fd, out, n))
		fprintf(stderr, "mcpconnect: cannot write %s\n", path);
	close(fd);
}

static int exit_for_errno(int err)
{
	if (err == ECONNRESET || err == ECONNREFUSED || err == EPIPE)
		return EXIT_RESET;
	if (err == ETIMEDOUT || err == EAGAIN || err == EINPROGRESS)
		return EXIT_TIMEOUT;
	return 1;
}

static int parse_hex(const char *hex, u8 *out, size_t max)
{
	size_t n = 0;
	unsigned int v;

	while (*hex) {
		if (*hex == ' ' || *hex == ':') {
			hex++;
			continue;
		}
		if (n >= max || sscanf(hex, "%2x", &v) != 1 || !hex[1])
			return -1;
		out[n++] = v;
		hex += 2;
	}
	return n;
}

/* the MP_CONVERT IE for the destination; port 0 means "none" */
static int build_ie(const char *addr, unsigned int port, const char *src,
		    u8 *buf, size_t len)
{
	u8 a[16], s[16];
	int src_v6 = 0;

	if (src && inet_pton(AF_INET, src, s) != 1) {
		if (inet_pton(AF_INET6, src, s) != 1)
			return -1;
		src_v6 = 1;
	}
	if (inet_pton(AF_INET, addr, a) == 1)
		return mcpc_build_ie(0, a, port, src_v6, src ? s : NULL, buf,
				     len);
	if (inet_pton(AF_INET6, addr, a) == 1)
		return mcpc_build_ie(1, a, port, src_v6, src ? s : NULL, buf,
				     len);
	return -1;
}

static int make_addr(const char *addr, unsigned int port,
		     struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return 0;
	}
	return -1;
}

/*
 * The first write returns once the SYN's data is queued, connected or not
 * (a SYN dropped by the MCP leaves the socket in SYN-SENT): wait until the
 * handshake is done, refused, or the timeout.
 */
static int wait_connected(int sock, int timeout_s)
{
	struct pollfd pfd = { .fd = sock, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int n, err = 0;

	do {
		n = poll(&pfd, 1, timeout_s * 1000);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return 1;
	if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len))
		return 1;
	if (err)
		return exit_for_errno(err);
	if (!n)
		return EXIT_TIMEOUT;
	return 0;
}

static int relay(int sock, int timeout_s)
{
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = sock, .events = POLLIN },
	};
	static u8 buf[65536];
	int in_open = 1;

	for (;;) {
		int n = poll(pfd, 2, timeout_s * 1000);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (!n)
			return EXIT_TIMEOUT;
		if (in_open && pfd[0].revents) {
			ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));

			if (r < 0)
				return 1;
			if (!r) {
				in_open = 0;
				pfd[0].fd = -1;
				shutdown(sock, SHUT_WR);
			} else if (write_all(sock, buf, r)) {
				return exit_for_errno(errno);
			}
		}
		if (pfd[1].revents) {
			ssize_t r = read(sock, buf, sizeof(buf));

			if (r < 0)
				return exit_for_errno(errno);
			if (!r)
				return 0;
			if (report_ttfb) {
				fprintf(stderr, "mcpconnect: ttfb_us %ld\n",
					elapsed_us());
				report_ttfb = 0;
			}
			if (write_all(STDOUT_FILENO, buf, r))
				return 1;
		}
	}
}

/* bind to @addr, or to any address of @family: the kernel picks a port */
static int bind_source(int sock, const char *addr, int family)
{
	struct sockaddr_storage bs;
	socklen_t bl;

	if (addr ? make_addr(addr, 0, &bs, &bl) :
		   make_addr(family == AF_INET6 ? "::" : "0.0.0.0", 0, &bs, &bl))
		goto fail;
	if (!bind(sock, (struct sockaddr *)&bs, bl))
		return 0;
fail:
	fprintf(stderr, "mcpconnect: cannot bind to %s\n", addr ?: "any");
	return -1;
}

/*
 * The IEs for the SYN of @sock. Return: 1 registered, 0 no module (Fast
 * Open instead, said once), -1 refused (the kernel's message printed).
 */
static int syn_ie_register(int sock, const u8 *ie, int len)
{
	char msg[MCPC_NL_MSG_MAX];
	int err = mcpc_syn_ie_register(sock, ie, len, msg, sizeof(msg));

	if (!err)
		return 1;
	if (err == -ENOENT) {
		fprintf(stderr,
			"mcpconnect: no mcp_proxy module: the IE goes as Fast Open data (the MCP may fall back to TCP)\n");
		return 0;
	}
	fprintf(stderr, "mcpconnect: SYN IE registration: %s%s%s\n",
		strerror(-err), msg[0] ? ": " : "", msg);
	return -1;
}

/*
 * -X: register IEs the kernel must refuse, print its answer. Exit 0 when
 * refused with a message, 1 when accepted or refused without one.
 */
static int misuse(const char *what, int sock, const struct sockaddr_storage *ss,
		  socklen_t sl, const u8 *ie, int len)
{
	char msg[MCPC_NL_MSG_MAX];
	int fd = sock, err;
	pid_t child = 0;

	if (len <= 0)
		return 1;
	if (!strcmp(what, "connected")) {
		if (connect(sock, (const struct sockaddr *)ss, sl)) {
			perror("mcpconnect: connect");
			return 1;
		}
	} else if (!strcmp(what, "foreign")) {
		/*
		 * A child keeps the socket; here the number becomes a file,
		 * not closed (the netlink socket would take the number).
		 */
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		child = fork();
		if (child < 0 || null < 0)
			return 1;
		if (!child) {
			pause();
			_exit(0);
		}
		if (dup2(null, sock) < 0)
			return 1;
		close(null);
	} else if (!strcmp(what, "tcp")) {
		fd = socket(ss->ss_family, SOCK_STREAM, IPPROTO_TCP);
		if (fd < 0 || bind_source(fd, NULL, ss->ss_family))
			return 1;
	} else {
		usage();
	}
	err = mcpc_syn_ie_register(fd, ie, len, msg, sizeof(msg));
	if (child) {
		kill(child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	printf("%s: %s: %s\n", what, err ? strerror(-err) : "accepted", msg);
	return err && msg[0] ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct opts o = { .expect_echo = 1, .timeout_s = 10 };
	u8 first[1024], echo[256];
	struct sockaddr_storage ss;
	int sock, c, one = 1, ielen = 0, ret, registered = 0;
	unsigned int mcp_port, dst_port = 0;
	struct timeval tv;
	size_t first_len;
	socklen_t sl;

	o.cache_ttl = 600;
	while ((c = getopt(argc, argv, "r:s:S:b:C:L:X:nPEFqTt:h")) != -1) {
		switch (c) {
		case 'X':
			o.misuse = optarg;
			break;
		case 'C':
			o.cache = optarg;
			break;
		case 'L':
			o.cache_ttl = atol(optarg);
			if (o.cache_ttl < 1)
				usage();
			break;
		case 'r':
			o.raw_hex = optarg;
			o.expect_echo = 0;
			break;
		case 's':
			o.syn_data = optarg;
			break;
		case 'S':
			o.source = optarg;
			break;
		case 'b':
			o.bind_addr = optarg;
			break;
		case 'n':
			o.no_ie = 1;
			o.expect_echo = 0;
			break;
		case 'P':
			o.plain = 1;
			break;
		case 'E':
			o.expect_echo = 0;
			break;
		case 'F':
			o.fast_open = 1;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'T':
			o.ttfb = 1;
			break;
		case 't':
			o.timeout_s = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || (argc < 3 && !o.no_ie && !o.raw_hex) || o.timeout_s < 1)
		usage();
	mcp_port = atoi(argv[1]);
	if (argc > 3)
		dst_port = atoi(argv[3]);

	/* the MCP failed to convert not long ago: straight to the server */
	if (o.cache && !o.no_ie && !o.raw_hex && argc > 3 &&
	    cache_get(o.cache, argv[0]) == MCPC_DIRECT) {
		if (!o.quiet)
			fprintf(stderr,
				"mcpconnect: cache: %s does not convert, direct to %s\n",
				argv[0], argv[2]);
		argv[0] = argv[2];
		argv[1] = argv[3];
		o.no_ie = 1;
		o.expect_echo = 0;
		mcp_port = dst_port;
	}
	if (o.raw_hex)
		ielen = parse_hex(o.raw_hex, first, sizeof(first) / 2);
	else if (!o.no_ie)
		ielen = build_ie(argv[2], dst_port, o.source, first,
				 sizeof(first) / 2);
	if (ielen < 0) {
		fprintf(stderr, "mcpconnect: bad destination or hex\n");
		return 1;
	}
	first_len = ielen;
	if (o.syn_data) {
		size_t dl = strlen(o.syn_data);

		if (dl > sizeof(first) - first_len)
			usage();
		memcpy(first + first_len, o.syn_data, dl);
		first_len += dl;
	}

	if (make_addr(argv[0], mcp_port, &ss, &sl)) {
		fprintf(stderr, "mcpconnect: bad MCP address\n");
		return 1;
	}
	sock = socket(ss.ss_family, SOCK_STREAM,
		      o.plain ? IPPROTO_TCP : IPPROTO_MPTCP);
	if (sock < 0) {
		perror("mcpconnect: socket");
		return 1;
	}
	tv.tv_sec = o.timeout_s;
	tv.tv_usec = 0;
	if (setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		perror("mcpconnect: setsockopt");
		return 1;
	}
	/* the SYN is known to the kernel by its port: bind before anything */
	if (bind_source(sock, o.bind_addr, ss.ss_family))
		return 1;
	if (o.misuse)
		return misuse(o.misuse, sock, &ss, sl, first, ielen);
	/* the IEs into the SYN by the module; Fast Open data without it */
	if (!o.plain && !o.fast_open && ielen > 0 &&
	    ielen <= MCP_PROXY_SYN_IE_MAX)
		registered = syn_ie_register(sock, first, ielen);
	if (registered < 0)
		return 1;
	if (!registered &&
	    setsockopt(sock, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one,
		       sizeof(one))) {
		perror("mcpconnect: setsockopt");
		return 1;
	}
	report_ttfb = o.ttfb;
	clock_gettime(CLOCK_MONOTONIC, &t_start);
	/*
	 * Registered: a plain connect, the IEs follow as the first stream
	 * bytes. Else deferred: the SYN leaves with the first write, carrying
	 * its bytes.
	 */
	if (connect(sock, (struct sockaddr *)&ss, sl)) {
		ret = exit_for_errno(errno);
		perror("mcpconnect: connect");
		if (o.cache && o.expect_echo)
			cache_put(o.cache, argv[0], MCPC_DIRECT, o.cache_ttl);
		return ret;
	}
	if (first_len && write_all(sock, first, first_len)) {
		ret = exit_for_errno(errno);
		if (!o.quiet)
			fprintf(stderr, "mcpconnect: %s\n", strerror(errno));
		if (o.cache && o.expect_echo)
			cache_put(o.cache, argv[0], MCPC_DIRECT, o.cache_ttl);
		return ret;
	}
	if (!first_len && write(sock, first, 0) < 0)
		return exit_for_errno(errno);
	ret = wait_connected(sock, o.timeout_s);
	if (ret) {
		if (!o.quiet)
			fprintf(stderr, "mcpconnect: not connected (%d)\n", ret);
		if (o.cache && o.expect_echo)
			cache_put(o.cache, argv[0], MCPC_DIRECT, o.cache_ttl);
		return ret;
	}

	if (o.expect_echo) {
		ret = read_exact(sock, echo, ielen);
		if (ret == -1) {
			ret = exit_for_errno(errno);
			if (o.cache)
				cache_put(o.cache, argv[0], MCPC_DIRECT,
					  o.cache_ttl);
			return ret;
		}
		if (ret == -2 || memcmp(echo, first, ielen)) {
			fprintf(stderr, "mcpconnect: no echo of the IEs\n");
			if (o.cache)
				cache_put(o.cache, argv[0], MCPC_DIRECT,
					  o.cache_ttl);
			return EXIT_ECHO;
		}
		if (o.cache)
			cache_put(o.cache, argv[0], MCPC_CONVERTS, o.cache_ttl);
		if (!o.quiet)
			fprintf(stderr, "mcpconnect: echo ok (%d octets)\n",
				ielen);
	}
	ret = relay(sock, o.timeout_s);
	if (ret && !o.quiet)
		fprintf(stderr, "mcpconnect: relay ended (%d)\n", ret);
	close(sock);
	return ret;
}
