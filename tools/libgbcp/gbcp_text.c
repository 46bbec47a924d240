// SPDX-License-Identifier: GPL-2.0
/*
 * libgbcp: text checks. UTF-8 well-formedness (RFC 3629) and the syntax of
 * Filter Item values (RFC 8157 §5.6.2: all values are text).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "gbcp_int.h"

bool gbcp_utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint8_t c = s[i];
		uint32_t cp, min;
		size_t n, k;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if (len - i - 1 < n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

/* decimal without sign or spaces, at most 10 digits, value <= max */
static bool dec_ok(const char *s, size_t len, uint32_t max)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v <= max;
}

static bool hex_digit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/*
 * One address, in brackets if @brackets allows, optionally "/prefix" if
 * @prefix allows. The family is returned in *af and the address in @out.
 */
static bool addr_ok(const char *s, size_t len, bool prefix, int *af,
		    uint8_t *out)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	const char *slash, *a = s;
	size_t alen = len;
	int fam;

	slash = prefix ? memchr(s, '/', len) : NULL;
	if (slash)
		alen = (size_t)(slash - s);
	if (alen >= 2 && a[0] == '[' && a[alen - 1] == ']') {
		a++;
		alen -= 2;
	}
	if (alen == 0 || alen >= sizeof(tmp))
		return false;
	memcpy(tmp, a, alen);
	tmp[alen] = 0;
	fam = memchr(tmp, ':', alen) ? AF_INET6 : AF_INET;
	if (inet_pton(fam, tmp, out) != 1)
		return false;
	*af = fam;
	if (slash && !dec_ok(slash + 1, len - (size_t)(slash - s) - 1,
			     fam == AF_INET ? 32 : 128))
		return false;
	return true;
}

static bool ip_ok(const char *s, size_t len)
{
	uint8_t a[16];
	int af;

	return addr_ok(s, len, true, &af, a);
}

/* a prefix ("a/n"), a single address, or "first-last" of one family */
static bool ip_range_ok(const char *s, size_t len)
{
	const char *dash = memchr(s, '-', len);
	uint8_t a[16], b[16];
	int af1, af2;

	if (!dash)
		return ip_ok(s, len);
	if (!addr_ok(s, (size_t)(dash - s), false, &af1, a) ||
	    !addr_ok(dash + 1, len - (size_t)(dash - s) - 1, false, &af2, b))
		return false;
	return af1 == af2 &&
	       memcmp(a, b, af1 == AF_INET ? 4 : 16) <= 0;
}

/* "X:port", split at the last colon */
static bool with_port_ok(const char *s, size_t len, bool range)
{
	size_t i = len;

	while (i > 0 && s[i - 1] != ':')
		i--;
	if (i < 2)
		return false;
	if (!dec_ok(s + i, len - i, 65535))
		return false;
	return range ? ip_range_ok(s, i - 1) : ip_ok(s, i - 1);
}

static bool mac_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 12) {
		for (i = 0; i < 12; i++)
			if (!hex_digit(s[i]))
				return false;
		return true;
	}
	if (len != 17 || (s[2] != ':' && s[2] != '-'))
		return false;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (s[i] != s[2])
				return false;
		} else if (!hex_digit(s[i])) {
			return false;
		}
	}
	return true;
}

/* decimal 0..255 or an IANA keyword such as "TCP" or "IPv6-ICMP" */
static bool protocol_ok(const char *s, size_t len)
{
	size_t i;

	if (len && s[0] >= '0' && s[0] <= '9')
		return dec_ok(s, len, 255);
	if (len == 0 || len > 32)
		return false;
	for (i = 0; i < len; i++)
		if (!alnum(s[i]) && !strchr("-._+", s[i]))
			return false;
	return true;
}

/* host name labels of letters, digits, '-' and '_'; "*" as first label */
static bool fqdn_ok(const char *s, size_t len)
{
	size_t i, label = 0, labels = 0;

	if (len && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	for (i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '.';

		if (c == '.') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return false;
			labels++;
			label = 0;
			continue;
		}
		if (c == '*') {
			if (i != 0 || (len > 1 && s[1] != '.'))
				return false;
		} else if (!alnum(c) && c != '-' && c != '_') {
			return false;
		} else if (c == '-' && label == 0) {
			return false;
		}
		label++;
	}
	return labels > 0;
}

const char *gbcp_filter_value_check(uint16_t type, const char *value,
				    size_t len)
{
	if (!value && len)
		return "filter value missing";
	switch (type) {
	case GBCP_F_FQDN:
		return fqdn_ok(value, len) ? NULL : "bad FQDN filter value";
	case GBCP_F_DSCP:
		return dec_ok(value, len, 63) ? NULL :
			"bad DSCP filter value (decimal 0..63)";
	case GBCP_F_DST_PORT:
	case GBCP_F_SRC_PORT:
		return dec_ok(value, len, 65535) ? NULL :
			"bad port filter value (decimal 0..65535)";
	case GBCP_F_DST_IP:
	case GBCP_F_SRC_IP:
		return ip_ok(value, len) ? NULL : "bad IP filter value";
	case GBCP_F_DST_IP_PORT:
	case GBCP_F_SRC_IP_PORT:
		return with_port_ok(value, len, false) ? NULL :
			"bad IP:port filter value";
	case GBCP_F_SRC_MAC:
		return mac_ok(value, len) ? NULL : "bad MAC filter value";
	case GBCP_F_PROTOCOL:
		return protocol_ok(value, len) ? NULL :
			"bad protocol filter value";
	case GBCP_F_SRC_IP_RANGE:
	case GBCP_F_DST_IP_RANGE:
		return ip_range_ok(value, len) ? NULL :
			"bad IP range filter value";
	case GBCP_F_SRC_IP_RANGE_PORT:
	case GBCP_F_DST_IP_RANGE_PORT:
		return with_port_ok(value, len, true) ? NULL :
			"bad IP range:port filter value";
	default:
		return NULL;	/* reserved: ignored on receipt */
	}
}
