/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sample control messages shared by the libgbcp tests (unit test, pcap
 * generator): every message type, and between them every attribute of the
 * dialect, each with a plausible value.
 */
#ifndef _GBCP_SAMPLES_H
#define _GBCP_SAMPLES_H

#include <arpa/inet.h>
#include <string.h>

#include "../gbcp.h"

/* every filter item type once, in type order */
static const char *const gbcp_sample_filters[14][2] = {
	{ "FQDN", "www.example.com" },
	{ "DSCP", "46" },
	{ "DstPort", "5060" },
	{ "DstIP", "198.51.100.0/24" },
	{ "DstIP&Port", "203.0.113.5:554" },
	{ "SrcPort", "123" },
	{ "SrcIP", "2001:db8::/32" },
	{ "SrcIP&Port", "[2001:db8::5]:8080" },
	{ "SrcMac", "00:11:22:33:44:55" },
	{ "Protocol", "UDP" },
	{ "SrcIPRange", "192.0.2.10-192.0.2.20" },
	{ "DstIPRange", "198.51.100.0/25" },
	{ "SrcIPRange&Port", "192.0.2.0/24:53" },
	{ "DstIPRange&Port", "2001:db8::1-2001:db8::ff:443" },
};

enum {
	GBCP_S_LTE_REQUEST,
	GBCP_S_DSL_REQUEST,
	GBCP_S_LTE_ACCEPT,
	GBCP_S_DSL_ACCEPT,
	GBCP_S_DENY,
	GBCP_S_DSL_HELLO,
	GBCP_S_LTE_HELLO,
	GBCP_S_TEAR_DOWN,
	GBCP_S_DSL_NOTIFY,
	GBCP_S_LTE_NOTIFY,
	GBCP_S_FILTER_LIST,
	GBCP_S_FILTER_ACK,
	GBCP_S_LINK_DETECTION,	/* DT only */
	GBCP_S_COUNT
};

static const char *const gbcp_sample_names[GBCP_S_COUNT] = {
	"lte-setup-request", "dsl-setup-request", "lte-setup-accept",
	"dsl-setup-accept", "setup-deny", "dsl-hello", "lte-hello",
	"tear-down", "dsl-notify", "lte-notify", "filter-list",
	"filter-list-ack", "link-detection",
};

static inline void gbcp_sample_ip6(uint8_t *a, const char *s)
{
	inet_pton(AF_INET6, s, a);
}

/*
 * gbcp_sample() - fill @m with sample @i in dialect @d
 * Return: 0, or -1 if the sample does not exist in @d
 */
static inline int gbcp_sample(unsigned int i, enum gbcp_dialect d,
			      struct gbcp_msg *m)
{
	bool dt = d == GBCP_DIALECT_DT;
	unsigned int k;

	switch (i) {
	case GBCP_S_LTE_REQUEST:
		gbcp_msg_init(m, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_LTE);
		gbcp_set_cin(m, "HG-TEST");
		break;
	case GBCP_S_DSL_REQUEST:
		gbcp_msg_init(m, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_DSL);
		m->session_id = 0x01020304;
		gbcp_set(m, GBCP_A_SESSION_ID);
		m->dsl_sync_rate = 100000;
		gbcp_set(m, GBCP_A_DSL_SYNC_RATE);
		if (dt) {
			m->dt_line_type = 3;
			gbcp_set(m, GBCP_A_DT_DSL_LINE_TYPE);
			m->dt_up_sync_rate = 40000;
			gbcp_set(m, GBCP_A_DT_UP_SYNC_RATE);
		}
		break;
	case GBCP_S_LTE_ACCEPT:
		gbcp_msg_init(m, GBCP_MSG_SETUP_ACCEPT, GBCP_TUNNEL_LTE);
		inet_pton(AF_INET, "192.0.2.1", m->h_ipv4);
		gbcp_set(m, GBCP_A_H_IPV4);
		gbcp_sample_ip6(m->h_ipv6, "2001:db8::1");
		gbcp_set(m, GBCP_A_H_IPV6);
		m->session_id = 0x01020304;
		gbcp_set(m, GBCP_A_SESSION_ID);
		m->rtt_diff_threshold = 60;
		gbcp_set(m, GBCP_A_RTT_DIFF_THRESHOLD);
		m->bypass_check_interval = 30;
		gbcp_set(m, GBCP_A_BYPASS_CHECK_INTERVAL);
		m->active_hello_interval = 5;
		gbcp_set(m, GBCP_A_ACTIVE_HELLO_INTERVAL);
		m->hello_retry_times = 3;
		gbcp_set(m, GBCP_A_HELLO_RETRY_TIMES);
		m->idle_timeout = 86400;
		gbcp_set(m, GBCP_A_IDLE_TIMEOUT);
		m->bonding_key = 0x11223344;
		gbcp_set(m, GBCP_A_BONDING_KEY);
		m->rtt_violation = 3;
		gbcp_set(m, GBCP_A_RTT_VIOLATION);
		m->rtt_compliance = 3;
		gbcp_set(m, GBCP_A_RTT_COMPLIANCE);
		m->idle_hello_interval = 1800;
		gbcp_set(m, GBCP_A_IDLE_HELLO_INTERVAL);
		m->no_traffic_interval = 60;
		gbcp_set(m, GBCP_A_NO_TRAFFIC_INTERVAL);
		if (dt) {
			gbcp_set_bras_name(m, "bras1");
			m->dt_reorder_time = 100;
			gbcp_set(m, GBCP_A_DT_REORDER_TIME);
			m->dt_up_burst_time = 50;
			gbcp_set(m, GBCP_A_DT_UP_BURST_TIME);
		}
		break;
	case GBCP_S_DSL_ACCEPT:
		gbcp_msg_init(m, GBCP_MSG_SETUP_ACCEPT, GBCP_TUNNEL_DSL);
		m->bonding_key = 0x11223344;
		gbcp_set(m, GBCP_A_BONDING_KEY);
		m->dsl_up_bw = 40000;
		gbcp_set(m, GBCP_A_DSL_UP_BW);
		m->dsl_down_bw = 100000;
		gbcp_set(m, GBCP_A_DSL_DOWN_BW);
		break;
	case GBCP_S_DENY:
		gbcp_msg_init(m, GBCP_MSG_SETUP_DENY, GBCP_TUNNEL_LTE);
		m->error_code = dt ? 404 : GBCP_ERR_SESSION_EXISTS;
		gbcp_set(m, GBCP_A_ERROR_CODE);
		break;
	case GBCP_S_DSL_HELLO:
		gbcp_msg_init(m, GBCP_MSG_HELLO, GBCP_TUNNEL_DSL);
		m->timestamp.sec = 100;
		m->timestamp.msec = 250;
		gbcp_set(m, GBCP_A_TIMESTAMP);
		gbcp_sample_ip6(m->prefix_haap.addr, "2001:db8:100::");
		m->prefix_haap.len = 56;
		gbcp_set(m, GBCP_A_IPV6_PREFIX_HAAP);
		break;
	case GBCP_S_LTE_HELLO:
		gbcp_msg_init(m, GBCP_MSG_HELLO, GBCP_TUNNEL_LTE);
		m->timestamp.sec = 4000000000u;
		m->timestamp.msec = 999;
		gbcp_set(m, GBCP_A_TIMESTAMP);
		break;
	case GBCP_S_TEAR_DOWN:
		gbcp_msg_init(m, GBCP_MSG_TEAR_DOWN, GBCP_TUNNEL_DSL);
		m->error_code = dt ? 502 : GBCP_ERR_MAINTENANCE;
		gbcp_set(m, GBCP_A_ERROR_CODE);
		break;
	case GBCP_S_DSL_NOTIFY:
		gbcp_msg_init(m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
		m->bypass_rate = 2500;
		gbcp_set(m, GBCP_A_BYPASS_RATE);
		gbcp_set(m, GBCP_A_SWITCH_TO_DSL);
		gbcp_set(m, GBCP_A_OVERFLOW_TO_LTE);
		gbcp_set(m, GBCP_A_LTE_LINK_FAILURE);
		gbcp_set(m, GBCP_A_DIAG_START_BONDING);
		gbcp_set(m, GBCP_A_DIAG_START_DSL);
		gbcp_set(m, GBCP_A_DIAG_START_LTE);
		gbcp_set(m, GBCP_A_DIAG_END);
		break;
	case GBCP_S_LTE_NOTIFY:
		gbcp_msg_init(m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_LTE);
		gbcp_set(m, GBCP_A_DSL_LINK_FAILURE);
		gbcp_sample_ip6(m->prefix_host.addr, "2001:db8:200::");
		m->prefix_host.len = 64;
		gbcp_set(m, GBCP_A_IPV6_PREFIX_HOST);
		gbcp_set(m, GBCP_A_SWITCH_ACTIVE_HELLO);
		gbcp_set(m, GBCP_A_SWITCH_IDLE_HELLO);
		gbcp_set(m, GBCP_A_TUNNEL_VERIFICATION);
		break;
	case GBCP_S_FILTER_LIST:
		gbcp_msg_init(m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
		for (k = 0; k < 14; k++)
			if (gbcp_filter_add(m, (uint16_t)(k + 1), k != 5,
					    gbcp_sample_filters[k][0],
					    gbcp_sample_filters[k][1]))
				return -1;
		m->filter.commit_count = 7;
		m->filter.packet_sum = 2;
		m->filter.packet_id = 1;
		break;
	case GBCP_S_FILTER_ACK:
		gbcp_msg_init(m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_LTE);
		m->filter_ack.commit_count = 7;
		m->filter_ack.code = GBCP_FACK_KEEP_OLD;
		gbcp_set(m, GBCP_A_FILTER_LIST_ACK);
		break;
	case GBCP_S_LINK_DETECTION:
		if (!dt)
			return -1;
		gbcp_msg_init(m, GBCP_MSG_LINK_DETECTION, GBCP_TUNNEL_LTE);
		m->timestamp.sec = 7;
		m->timestamp.msec = 1;
		gbcp_set(m, GBCP_A_TIMESTAMP);
		break;
	default:
		return -1;
	}
	return 0;
}

#endif /* _GBCP_SAMPLES_H */
