// SPDX-License-Identifier: GPL-2.0
/*
 * libgbcp: names of the protocol's numbers, and the one-line printer.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "gbcp_int.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const msg_names[] = {
	[GBCP_MSG_SETUP_REQUEST] = "setup-request",
	[GBCP_MSG_SETUP_ACCEPT] = "setup-accept",
	[GBCP_MSG_SETUP_DENY] = "setup-deny",
	[GBCP_MSG_HELLO] = "hello",
	[GBCP_MSG_TEAR_DOWN] = "tear-down",
	[GBCP_MSG_NOTIFY] = "notify",
	[GBCP_MSG_LINK_DETECTION] = "link-detection",
};

static const char *const attr_names[] = {
	[GBCP_A_H_IPV4] = "h-ipv4",
	[GBCP_A_H_IPV6] = "h-ipv6",
	[GBCP_A_CIN] = "cin",
	[GBCP_A_SESSION_ID] = "session-id",
	[GBCP_A_TIMESTAMP] = "timestamp",
	[GBCP_A_BYPASS_RATE] = "bypass-rate",
	[GBCP_A_DSL_SYNC_RATE] = "dsl-sync-rate",
	[GBCP_A_FILTER_LIST] = "filter-list",
	[GBCP_A_RTT_DIFF_THRESHOLD] = "rtt-diff-threshold",
	[GBCP_A_BYPASS_CHECK_INTERVAL] = "bypass-check-interval",
	[GBCP_A_SWITCH_TO_DSL] = "switch-to-dsl",
	[GBCP_A_OVERFLOW_TO_LTE] = "overflow-to-lte",
	[GBCP_A_IPV6_PREFIX_HAAP] = "ipv6-prefix-haap",
	[GBCP_A_ACTIVE_HELLO_INTERVAL] = "active-hello-interval",
	[GBCP_A_HELLO_RETRY_TIMES] = "hello-retry-times",
	[GBCP_A_IDLE_TIMEOUT] = "idle-timeout",
	[GBCP_A_ERROR_CODE] = "error-code",
	[GBCP_A_DSL_LINK_FAILURE] = "dsl-link-failure",
	[GBCP_A_LTE_LINK_FAILURE] = "lte-link-failure",
	[GBCP_A_BONDING_KEY] = "bonding-key",
	[GBCP_A_IPV6_PREFIX_HOST] = "ipv6-prefix-host",
	[GBCP_A_DSL_UP_BW] = "dsl-up-bw",
	[GBCP_A_DSL_DOWN_BW] = "dsl-down-bw",
	[GBCP_A_RTT_VIOLATION] = "rtt-violation",
	[GBCP_A_RTT_COMPLIANCE] = "rtt-compliance",
	[GBCP_A_DIAG_START_BONDING] = "diag-start-bonding",
	[GBCP_A_DIAG_START_DSL] = "diag-start-dsl",
	[GBCP_A_DIAG_START_LTE] = "diag-start-lte",
	[GBCP_A_DIAG_END] = "diag-end",
	[GBCP_A_FILTER_LIST_ACK] = "filter-list-ack",
	[GBCP_A_IDLE_HELLO_INTERVAL] = "idle-hello-interval",
	[GBCP_A_NO_TRAFFIC_INTERVAL] = "no-traffic-interval",
	[GBCP_A_SWITCH_ACTIVE_HELLO] = "switch-active-hello",
	[GBCP_A_SWITCH_IDLE_HELLO] = "switch-idle-hello",
	[GBCP_A_TUNNEL_VERIFICATION] = "tunnel-verification",
	[GBCP_A_DT_DSL_LINE_TYPE] = "dt-dsl-line-type",
	[GBCP_A_DT_BRAS_NAME] = "dt-bras-name",
	[GBCP_A_DT_REORDER_TIME] = "dt-reorder-time",
	[GBCP_A_DT_UP_BURST_TIME] = "dt-up-burst-time",
	[GBCP_A_DT_UP_SYNC_RATE] = "dt-up-sync-rate",
	[GBCP_A_DT_END] = "dt-end",
};

static const char *const error_names[] = {
	[GBCP_ERR_HAAP_UNREACHABLE_LTE] = "HAAP unreachable over LTE",
	[GBCP_ERR_HAAP_UNREACHABLE_DSL] = "HAAP unreachable over DSL",
	[GBCP_ERR_LTE_TUNNEL_FAILED] = "LTE GRE tunnel failed",
	[GBCP_ERR_DSL_TUNNEL_FAILED] = "DSL GRE tunnel failed",
	[GBCP_ERR_DSL_USER_NOT_ALLOWED] = "DSL user not allowed to bond",
	[GBCP_ERR_USER_NOT_ALLOWED] = "user ID not allowed to bond",
	[GBCP_ERR_USER_ID_MISMATCH] = "LTE and DSL user IDs differ",
	[GBCP_ERR_SESSION_EXISTS] = "bonding session already exists",
	[GBCP_ERR_CIN_NOT_PERMITTED] = "CIN not permitted",
	[GBCP_ERR_MAINTENANCE] = "terminated for maintenance",
	[GBCP_ERR_MGMT_LTE] = "management system error on LTE setup",
	[GBCP_ERR_MGMT_DSL] = "management system error on DSL setup",
};

static const char *const filter_names[] = {
	[GBCP_F_FQDN] = "fqdn",
	[GBCP_F_DSCP] = "dscp",
	[GBCP_F_DST_PORT] = "dst-port",
	[GBCP_F_DST_IP] = "dst-ip",
	[GBCP_F_DST_IP_PORT] = "dst-ip-port",
	[GBCP_F_SRC_PORT] = "src-port",
	[GBCP_F_SRC_IP] = "src-ip",
	[GBCP_F_SRC_IP_PORT] = "src-ip-port",
	[GBCP_F_SRC_MAC] = "src-mac",
	[GBCP_F_PROTOCOL] = "protocol",
	[GBCP_F_SRC_IP_RANGE] = "src-ip-range",
	[GBCP_F_DST_IP_RANGE] = "dst-ip-range",
	[GBCP_F_SRC_IP_RANGE_PORT] = "src-ip-range-port",
	[GBCP_F_DST_IP_RANGE_PORT] = "dst-ip-range-port",
};

static const char *const fack_names[] = {
	[GBCP_FACK_OK] = "acknowledged",
	[GBCP_FACK_NO_LIST] = "not acknowledged, no list",
	[GBCP_FACK_KEEP_OLD] = "not acknowledged, previous list kept",
};

static const char *const line_names[] = {
	"undefined", "ADSL Annex B", "ADSL2+ Annex J", "VDSL2",
	"VDSL2 vectoring",
};

#define LOOKUP(tab, i) \
	((i) < ARRAY_SIZE(tab) && (tab)[i] ? (tab)[i] : "unknown")

const char *gbcp_msg_type_name(unsigned int type)
{
	return LOOKUP(msg_names, type);
}

const char *gbcp_attr_name(unsigned int attr)
{
	return LOOKUP(attr_names, attr);
}

const char *gbcp_error_name(uint32_t code)
{
	if (code >= GBCP_ERR_DT_FIRST && code <= GBCP_ERR_DT_LAST)
		return "Telekom setup error (4xx)";
	if (code >= GBCP_ERR_DT2_FIRST && code <= GBCP_ERR_DT2_LAST)
		return "Telekom termination (5xx)";
	return LOOKUP(error_names, code);
}

const char *gbcp_filter_type_name(unsigned int type)
{
	return LOOKUP(filter_names, type);
}

const char *gbcp_filter_ack_name(unsigned int code)
{
	return LOOKUP(fack_names, code);
}

const char *gbcp_tunnel_name(unsigned int tunnel)
{
	static const char *const t[] = {
		[GBCP_TUNNEL_OTHER] = "other",
		[GBCP_TUNNEL_DSL] = "dsl",
		[GBCP_TUNNEL_LTE] = "lte",
	};

	return LOOKUP(t, tunnel);
}

const char *gbcp_dialect_name(unsigned int dialect)
{
	static const char *const t[] = {
		[GBCP_DIALECT_RFC] = "rfc",
		[GBCP_DIALECT_DT] = "dt",
	};

	return LOOKUP(t, dialect);
}

const char *gbcp_dt_line_type_name(uint32_t type)
{
	return LOOKUP(line_names, type);
}

/* an snprintf() that keeps count past the end of the buffer */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

/* text in quotes, with anything but printable ASCII as \xNN */
static void put_text(struct out *o, const char *s, size_t len)
{
	size_t i;

	put(o, "\"");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			put(o, "%c", c);
		else
			put(o, "\\x%02x", c);
	}
	put(o, "\"");
}

static void put_ip(struct out *o, int af, const uint8_t *a)
{
	char s[INET6_ADDRSTRLEN];

	if (inet_ntop(af, a, s, sizeof(s)))
		put(o, "%s", s);
	else
		put(o, "?");
}

static void put_filter(struct out *o, const struct gbcp_filter_list *fl)
{
	unsigned int i;

	put(o, "{commit=%u packet=%u/%u items=%u", fl->commit_count,
	    fl->packet_id, fl->packet_sum, fl->n_items);
	for (i = 0; i < fl->n_items && i < GBCP_FILTER_MAX_ITEMS; i++) {
		const struct gbcp_filter_item *it = &fl->items[i];

		if ((size_t)it->desc_off + it->desc_len > GBCP_FILTER_TEXT_MAX ||
		    (size_t)it->value_off + it->value_len > GBCP_FILTER_TEXT_MAX)
			break;
		put(o, " [%s(%u) enable=%u desc=", gbcp_filter_type_name(it->type),
		    it->type, it->enable);
		put_text(o, fl->text + it->desc_off, it->desc_len);
		put(o, " value=");
		put_text(o, fl->text + it->value_off, it->value_len);
		put(o, "]");
	}
	put(o, "}");
}

int gbcp_msg_format(const struct gbcp_msg *m, char *buf, size_t size)
{
	struct out o = { .buf = buf, .size = size };
	unsigned int t;

	if (size)
		buf[0] = 0;
	put(&o, "%s(%u) tunnel=%s", gbcp_msg_type_name(m->type), m->type,
	    gbcp_tunnel_name(m->tunnel));
	if (m->tunnel == GBCP_TUNNEL_OTHER)
		put(&o, "(t-type %u)", m->ttype_raw);

	for (t = 0; t < 64; t++) {
		const struct gbcp_ipv6_prefix *p;
		const uint8_t *z;

		if (!gbcp_has(m, t))
			continue;
		put(&o, " %s", gbcp_attr_name(t));
		switch (t) {
		case GBCP_A_H_IPV4:
			put(&o, "=");
			put_ip(&o, AF_INET, m->h_ipv4);
			break;
		case GBCP_A_H_IPV6:
			put(&o, "=");
			put_ip(&o, AF_INET6, m->h_ipv6);
			break;
		case GBCP_A_CIN:
			z = memchr(m->cin, 0, GBCP_CIN_LEN);
			put(&o, "=");
			put_text(&o, (const char *)m->cin,
				 z ? (size_t)(z - m->cin) : GBCP_CIN_LEN);
			break;
		case GBCP_A_TIMESTAMP:
			put(&o, "=%u.%03us", m->timestamp.sec, m->timestamp.msec);
			break;
		case GBCP_A_SESSION_ID:
		case GBCP_A_BONDING_KEY:
			put(&o, "=0x%08x", t == GBCP_A_SESSION_ID ?
			    m->session_id : m->bonding_key);
			break;
		case GBCP_A_FILTER_LIST:
			put(&o, "=");
			put_filter(&o, &m->filter);
			break;
		case GBCP_A_IPV6_PREFIX_HAAP:
		case GBCP_A_IPV6_PREFIX_HOST:
			p = t == GBCP_A_IPV6_PREFIX_HAAP ? &m->prefix_haap :
				&m->prefix_host;
			put(&o, "=");
			put_ip(&o, AF_INET6, p->addr);
			put(&o, "/%u", p->len);
			break;
		case GBCP_A_ERROR_CODE:
			put(&o, "=%u(%s)", m->error_code,
			    gbcp_error_name(m->error_code));
			break;
		case GBCP_A_FILTER_LIST_ACK:
			put(&o, "={commit=%u code=%u(%s)}",
			    m->filter_ack.commit_count, m->filter_ack.code,
			    gbcp_filter_ack_name(m->filter_ack.code));
			break;
		case GBCP_A_DT_DSL_LINE_TYPE:
			put(&o, "=%u(%s)", m->dt_line_type,
			    gbcp_dt_line_type_name(m->dt_line_type));
			break;
		case GBCP_A_DT_BRAS_NAME:
			put(&o, "=");
			put_text(&o, m->dt_bras_name,
				 m->dt_bras_name_len <= GBCP_BRAS_NAME_MAX ?
				 m->dt_bras_name_len : 0);
			break;
		case GBCP_A_BYPASS_RATE:
			put(&o, "=%ukbps", m->bypass_rate);
			break;
		case GBCP_A_DSL_SYNC_RATE:
			put(&o, "=%ukbps", m->dsl_sync_rate);
			break;
		case GBCP_A_RTT_DIFF_THRESHOLD:
			put(&o, "=%ums", m->rtt_diff_threshold);
			break;
		case GBCP_A_BYPASS_CHECK_INTERVAL:
			put(&o, "=%us", m->bypass_check_interval);
			break;
		case GBCP_A_ACTIVE_HELLO_INTERVAL:
			put(&o, "=%us", m->active_hello_interval);
			break;
		case GBCP_A_HELLO_RETRY_TIMES:
			put(&o, "=%u", m->hello_retry_times);
			break;
		case GBCP_A_IDLE_TIMEOUT:
			put(&o, "=%us", m->idle_timeout);
			break;
		case GBCP_A_DSL_UP_BW:
			put(&o, "=%ukbps", m->dsl_up_bw);
			break;
		case GBCP_A_DSL_DOWN_BW:
			put(&o, "=%ukbps", m->dsl_down_bw);
			break;
		case GBCP_A_RTT_VIOLATION:
			put(&o, "=%u", m->rtt_violation);
			break;
		case GBCP_A_RTT_COMPLIANCE:
			put(&o, "=%u", m->rtt_compliance);
			break;
		case GBCP_A_IDLE_HELLO_INTERVAL:
			put(&o, "=%us", m->idle_hello_interval);
			break;
		case GBCP_A_NO_TRAFFIC_INTERVAL:
			put(&o, "=%us", m->no_traffic_interval);
			break;
		case GBCP_A_DT_REORDER_TIME:
			put(&o, "=%u", m->dt_reorder_time);
			break;
		case GBCP_A_DT_UP_BURST_TIME:
			put(&o, "=%u", m->dt_up_burst_time);
			break;
		case GBCP_A_DT_UP_SYNC_RATE:
			put(&o, "=%ukbps", m->dt_up_sync_rate);
			break;
		default:
			break;	/* flags */
		}
	}
	if (m->n_unknown)
		put(&o, " unknown-attrs=%u", m->n_unknown);
	return o.len > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)o.len;
}
