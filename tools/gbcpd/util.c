// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: logging (stderr or syslog), address and config value helpers.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "gbcpd.h"

int log_level = LOG_LVL_INFO;
static bool log_syslog;

void log_open(bool use_syslog, int level)
{
	log_level = level;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(program_invocation_short_name, LOG_PID, LOG_DAEMON);
}

void log_msg(int level, const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	static const char *const tag[] = { "error: ", "warning: ", "", "" };
	struct timespec ts;
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	if (log_syslog) {
		vsyslog(prio[level], fmt, ap);
	} else {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		/* the program's name: pmipd links this file in too */
		fprintf(stderr, "%s[%ld.%03ld]: %s",
			program_invocation_short_name, (long)ts.tv_sec,
			ts.tv_nsec / 1000000, tag[level]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

bool addr_eq(const struct addr *x, const struct addr *y)
{
	return x->family == y->family &&
	       !memcmp(x->a, y->a, addr_len(x));
}

const char *addr_str(const struct addr *a, char *buf, size_t size)
{
	if (!a->family || !inet_ntop(a->family, a->a, buf, size))
		snprintf(buf, size, "-");
	return buf;
}

int addr_parse(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->a) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

int prefix_parse(const char *s, struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long len;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (addr_parse(buf, &p->addr))
		return -EINVAL;
	len = p->addr.family == AF_INET ? 32 : 128;
	if (slash) {
		unsigned long max = len;

		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (errno || *end || end == slash + 1 || len > max)
			return -EINVAL;
	}
	p->len = (uint8_t)len;
	return 0;
}

int conf_bad(const char *path, unsigned int line, const char *key,
	     const char *why)
{
	err("%s:%u: %s: %s", path, line, key, why);
	return -EINVAL;
}

int conf_u32(const char *path, unsigned int line, const char *key,
	     const char *v, uint32_t min, uint32_t max, uint32_t *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(v, &end, 0);
	/* strtoull() takes "-1" as ULLONG_MAX: refuse a sign outright */
	if (errno || end == v || *end || v[0] == '-')
		return conf_bad(path, line, key, "not a number");
	if (n < min || n > max) {
		err("%s:%u: %s: %llu is outside %u..%u", path, line, key, n,
		    min, max);
		return -ERANGE;
	}
	*out = (uint32_t)n;
	return 0;
}

int nl_ifindex(const char *name)
{
	return (int)if_nametoindex(name);
}

static bool read_u64(const char *path, uint64_t *v)
{
	unsigned long long n;
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f)
		return false;
	ok = fscanf(f, "%llu", &n) == 1;
	fclose(f);
	if (ok)
		*v = n;
	return ok;
}

bool dev_packets(const char *dev, uint64_t *pkts)
{
	char path[96];
	uint64_t rx, tx;

	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/rx_packets",
		 dev);
	if (!read_u64(path, &rx))
		return false;
	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/tx_packets",
		 dev);
	if (!read_u64(path, &tx))
		return false;
	*pkts = rx + tx;
	return true;
}
