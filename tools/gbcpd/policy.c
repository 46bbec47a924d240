// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: protocol decisions without side effects, so that the host unit
 * test (test/test_gbcpd.c) can check them: which Notify attributes a side
 * echoes, what an LTE Setup Request for a known CIN means, the tunnel
 * verification count, the Idle Timeout, link failure reports, IPv6
 * prefixes.
 */
#include <string.h>

#include "gbcpd.h"

/*
 * RFC 8157 5.6: the HG starts Notifies about its own state (bypass rate,
 * RTT switch, link failures, the prefix it gave a host, diagnostics, the
 * hello state); the HAAP starts the Filter List and the Tunnel
 * Verification. The receiver echoes what the peer started; an attribute
 * it started itself coming back is the peer's echo, never echoed again
 * (else two sides would bounce a late duplicate forever).
 */
enum role notify_initiator(unsigned int attr)
{
	switch (attr) {
	case GBCP_A_BYPASS_RATE:
	case GBCP_A_SWITCH_TO_DSL:
	case GBCP_A_OVERFLOW_TO_LTE:
	case GBCP_A_DSL_LINK_FAILURE:
	case GBCP_A_LTE_LINK_FAILURE:
	case GBCP_A_IPV6_PREFIX_HOST:
	case GBCP_A_DIAG_START_BONDING:
	case GBCP_A_DIAG_START_DSL:
	case GBCP_A_DIAG_START_LTE:
	case GBCP_A_DIAG_END:
	case GBCP_A_FILTER_LIST_ACK:
	case GBCP_A_SWITCH_ACTIVE_HELLO:
	case GBCP_A_SWITCH_IDLE_HELLO:
		return ROLE_HG;
	case GBCP_A_FILTER_LIST:
	case GBCP_A_TUNNEL_VERIFICATION:
		return ROLE_HAAP;
	default:
		return ROLE_NONE;
	}
}

uint64_t notify_echo_mask(enum role me, uint64_t present)
{
	uint64_t echo = 0;
	unsigned int a;

	for (a = 0; a < 64; a++) {
		if (!(present >> a & 1))
			continue;
		/* a Filter List is acknowledged by attribute 30 (5.6.12),
		 * and attribute 30 is itself an acknowledgement
		 */
		if (a == GBCP_A_FILTER_LIST || a == GBCP_A_FILTER_LIST_ACK)
			continue;
		if (notify_initiator(a) != ROLE_NONE &&
		    notify_initiator(a) != me)
			echo |= 1ULL << a;
	}
	return echo;
}

enum lte_req lte_request_kind(const struct sess *s, const struct addr *src,
			      const struct addr *dst, bool has_sid,
			      uint32_t sid, uint32_t key)
{
	if (!s)
		return LTE_REQ_NEW;
	/* 5.1.2: an HG reviving its LTE tunnel names its session, and it
	 * proves it by the bonding key
	 */
	if (has_sid && sid == s->session_id && s->key && key == s->key)
		return LTE_REQ_REVIVE;
	/* our Accept was lost: the session never got further */
	if (s->state == SS_DSL_SETUP && s->t[TUN_LTE].present &&
	    addr_eq(&s->t[TUN_LTE].remote, src) &&
	    addr_eq(&s->t[TUN_LTE].local, dst))
		return LTE_REQ_SAME_ACCEPT;
	/* 5.6.15: conflicts with a session that got further */
	return LTE_REQ_VERIFY;
}

enum verify_step verify_tick(struct verify *v)
{
	if (!v->active)
		return VERIFY_IDLE;
	if (v->tries < VERIFY_TRIES) {
		v->tries++;
		return VERIFY_SEND;
	}
	v->active = false;
	return VERIFY_DEAD;
}

bool idle_timeout_passed(uint64_t gone_since, uint64_t now,
			 uint64_t timeout_ns)
{
	return gone_since && timeout_ns && now >= gone_since &&
	       now - gone_since >= timeout_ns;
}

uint64_t idle_timeout_ns(uint32_t conf_ms, uint32_t accept_s)
{
	if (conf_ms)
		return conf_ms * NSEC_PER_MSEC;
	return accept_s * NSEC_PER_SEC;
}

/* 5.6.5, 5.6.6: a failed link is reported over the other tunnel */
int link_failure_report(int failed_tid, unsigned int *attr)
{
	if (failed_tid == TUN_DSL) {
		*attr = GBCP_A_DSL_LINK_FAILURE;
		return TUN_LTE;
	}
	if (failed_tid == TUN_LTE) {
		*attr = GBCP_A_LTE_LINK_FAILURE;
		return TUN_DSL;
	}
	return -1;
}

/* attributes 13 and 21: a unicast prefix, no bits beyond its length */
bool ipv6_prefix_ok(const struct gbcp_ipv6_prefix *p)
{
	static const uint8_t zero[16];
	unsigned int i, bits;

	if (p->len == 0 || p->len > 128 || p->addr[0] == 0xff ||
	    !memcmp(p->addr, zero, 16))
		return false;
	for (i = 0; i < 16; i++) {
		bits = p->len > i * 8 ? p->len - i * 8 : 0;
		if (bits >= 8)
			continue;
		if (p->addr[i] & (uint8_t)(0xff >> bits))
			return false;
	}
	return true;
}
