// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: the home gateway role (RFC 8157 5.1-5.6, 6.2).
 *
 *   INIT -> LTE_SETUP: bond created with key 0 and the LTE tunnel toward
 *	the HAAP's address G; LTE Setup Request (CIN) repeated until
 *	answered.
 *   LTE_SETUP -> DSL_SETUP: LTE Accept: key, Session ID, H, timers; the
 *	bond takes the key and goes up, hellos start on LTE, the DSL tunnel
 *	is added (disabled for data) and DSL Setup Request (Session ID, sync
 *	rate) is repeated until answered.
 *   DSL_SETUP -> UP: DSL Accept: its upstream bandwidth becomes the CIR,
 *	DSL carries data, hellos on both tunnels.
 *   any -> DENIED: a Deny (error code logged); exit or stay idle.
 *   any -> DOWN: a Tear Down, or both tunnels failed for reconnect-ms;
 *	the bond is removed and setup starts over after reconnect-ms.
 *
 * Beside the states: the underlay devices are watched (rtnetlink); a link
 * going down fails its tunnel at once and is reported over the other one
 * (Notify 18/19); LTE coming back is re-established with a Setup Request
 * naming the session. Without a bonding session for Idle Timeout the
 * configured routes go over raw DSL until bonding is back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/gre_bond.h>
#include <linux/rtnetlink.h>

#include "gbcpd.h"

static struct sess hg;

static void hg_begin(void);

static void bond_remove(struct sess *s)
{
	int i;

	timer_cancel(&s->hello_timer);
	timer_cancel(&s->setup_timer);
	timer_cancel(&s->notify_timer);
	if (s->ifindex)
		nl_link_del(s->ifindex);
	s->ifindex = 0;
	for (i = 0; i < N_TUN; i++)
		memset(&s->t[i], 0, sizeof(s->t[i]));
	s->key = 0;
}

static void send_lte_request(struct sess *s)
{
	char buf[INET6_ADDRSTRLEN];
	struct gbcp_msg m;

	gbcp_msg_init(&m, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_LTE);
	if (gbcp_set_cin(&m, s->cin)) {
		err("cin \"%s\" is not valid UTF-8 of at most %d octets",
		    s->cin, GBCP_CIN_LEN);
		loop_stop(GBCPD_EXIT_ERR);
		return;
	}
	/* 5.1.2: reviving a failed LTE tunnel of a live session */
	if (s->session_id && s->key) {
		m.session_id = s->session_id;
		gbcp_set(&m, GBCP_A_SESSION_ID);
	}
	info("%s: LTE Setup Request to %s", s->bond,
	     addr_str(&conf.hg.haap, buf, sizeof(buf)));
	send_msg(s, TUN_LTE, &m, s->key, NULL);
}

static void send_dsl_request(struct sess *s)
{
	struct gbcp_msg m;

	gbcp_msg_init(&m, GBCP_MSG_SETUP_REQUEST, GBCP_TUNNEL_DSL);
	m.session_id = s->session_id;
	gbcp_set(&m, GBCP_A_SESSION_ID);
	m.dsl_sync_rate = s->dsl_sync_kbps;
	gbcp_set(&m, GBCP_A_DSL_SYNC_RATE);
	info("%s: DSL Setup Request (session %u)", s->bond, s->session_id);
	send_msg(s, TUN_DSL, &m, s->key, NULL);
}

static void setup_timer_fn(struct timer *tm)
{
	struct sess *s = tm->data;

	switch (s->state) {
	case SS_LTE_SETUP:
		send_lte_request(s);
		break;
	case SS_DSL_SETUP:
		send_dsl_request(s);
		break;
	case SS_DOWN:
		hg_begin();
		return;
	case SS_UP:
		if (!s->lte_revive || s->link_down[TUN_LTE])
			return;
		send_lte_request(s);
		break;
	default:
		return;
	}
	timer_after_ms(&s->setup_timer, conf.hg.setup_retry_ms);
}

/* --- no bonding session: Idle Timeout and raw DSL (5.2.8, A.15) -------- */

#define FALLBACK_METRIC	4096	/* below the bond's routes when both exist */

static void fallback_routes(struct sess *s, bool add)
{
	int oif = conf.hg.dsl_dev[0] ? nl_ifindex(conf.hg.dsl_dev) : 0;
	unsigned int i;

	if (s->fallback == add)
		return;
	s->fallback = add;
	if (!oif) {
		warn("%s: no dsl-dev: no raw DSL routes", s->bond);
		return;
	}
	for (i = 0; i < conf.hg.n_routes; i++)
		nl_route(add, RT_TABLE_MAIN, &conf.hg.routes[i], oif,
			 &conf.hg.dsl_gateway, FALLBACK_METRIC);
	state_write(s);
}

static void idle_timer_fn(struct timer *tm)
{
	struct sess *s = tm->data;
	uint64_t to = idle_timeout_ns(conf.hg.idle_timeout_ms,
				      s->p.idle_timeout_s);

	if (!idle_timeout_passed(s->gone_since, now_ns(), to) || s->fallback)
		return;
	warn("%s: no bonding session for the Idle Timeout (%llu ms): traffic over raw DSL, still setting up",
	     s->bond, (unsigned long long)(to / NSEC_PER_MSEC));
	fallback_routes(s, true);
}

/* the bonding session is gone (both tunnels failed, Tear Down) */
static void session_gone(struct sess *s, uint64_t since)
{
	uint64_t to = idle_timeout_ns(conf.hg.idle_timeout_ms,
				      s->p.idle_timeout_s);

	if (s->gone_since)
		return;
	s->gone_since = since;
	if (to)		/* 0: never (5.2.8) */
		timer_arm(&s->idle_timer, since + to);
}

/* bonding established again: back from raw DSL */
static void session_back(struct sess *s)
{
	s->gone_since = 0;
	timer_cancel(&s->idle_timer);
	if (s->fallback) {
		info("%s: bonding back: routes through the bond again",
		     s->bond);
		fallback_routes(s, false);
	}
}

/* --- underlay links (5.6.5, 5.6.6) ---------------------------------------- */

static void link_changed(struct sess *s, int tid, bool up)
{
	unsigned int attr;
	int via;

	if (s->link_down[tid] == !up)
		return;
	s->link_down[tid] = !up;
	info("%s: %s link %s", s->bond, tun_name(tid), up ? "up" : "down");
	if (s->state != SS_UP) {
		state_write(s);
		return;
	}
	if (!up) {
		tun_set_up(s, tid, false, "its link is down");
		via = link_failure_report(tid, &attr);
		if (via >= 0 && s->t[via].up && !s->link_down[via]) {
			info("%s: reporting %s over %s", s->bond,
			     gbcp_attr_name(attr), tun_name(via));
			notify_start(s, via, 1ULL << attr);
		}
		if (tid == TUN_LTE) {
			s->lte_revive = false;
			timer_cancel(&s->setup_timer);
		}
	} else if (tid == TUN_LTE) {
		/* A.9 step 7: re-establish LTE, naming the session */
		s->lte_revive = true;
		timer_cancel(&s->setup_timer);
		timer_after_ms(&s->setup_timer, 0);
	}
	/* DSL back: its hellos are answered again */
	state_write(s);
}

static void hg_link(int ifindex, bool up)
{
	struct sess *s = &hg;
	int tid;

	for (tid = 0; tid < N_TUN; tid++) {
		const char *dev = tid == TUN_DSL ? conf.hg.dsl_dev :
						   conf.hg.lte_dev;

		if (dev[0] && nl_ifindex(dev) == ifindex)
			link_changed(s, tid, up);
	}
}

/* the links' state now (at start, and when events may have been lost) */
static void links_poll(struct sess *s)
{
	int tid, idx, r;

	for (tid = 0; tid < N_TUN; tid++) {
		const char *dev = tid == TUN_DSL ? conf.hg.dsl_dev :
						   conf.hg.lte_dev;

		idx = dev[0] ? nl_ifindex(dev) : 0;
		r = idx ? nl_link_usable(idx) : -1;
		if (r >= 0)
			link_changed(s, tid, r == 1);
	}
}

/*
 * Active/Idle hello state (5.2.14, 5.2.15, 5.6.13, 5.6.14): without traffic
 * on the bond for No Traffic Monitored Interval the HG asks to go Idle
 * (Notify 34), with traffic again to go Active (Notify 33); the switch
 * takes effect when the HAAP's echo arrives (on_notify). Checked every
 * Active hello period, whatever the state.
 */
static void idle_check(struct sess *s, uint64_t now)
{
	uint64_t pkts;

	if (s->state != SS_UP || !dev_packets(s->bond, &pkts))
		return;
	if (pkts != s->last_pkts || !s->last_traffic) {
		s->last_pkts = pkts;
		s->last_traffic = now;
		if (s->idle && !s->ntf.flags) {
			info("%s: traffic: asking to go Active", s->bond);
			notify_start(s, TUN_DSL,
				     1ULL << GBCP_A_SWITCH_ACTIVE_HELLO);
		}
		return;
	}
	if (!s->idle && !s->ntf.flags && s->p.no_traffic_s &&
	    now - s->last_traffic >= s->p.no_traffic_s * NSEC_PER_SEC) {
		info("%s: no traffic for %u s: asking to go Idle", s->bond,
		     s->p.no_traffic_s);
		notify_start(s, TUN_DSL, 1ULL << GBCP_A_SWITCH_IDLE_HELLO);
	}
}

static void hello_timer_fn(struct timer *tm)
{
	struct sess *s = tm->data;
	uint64_t now = now_ns();
	struct gbcp_msg m;
	struct tun *t;
	int tid;

	idle_check(s, now);
	timer_after_ms(&s->hello_timer, s->hello_ms);
	/* both tunnels dead (the HAAP restarted and lost us, say): after
	 * reconnect-ms, set up from scratch
	 */
	if (s->state == SS_UP && !s->t[TUN_DSL].up && !s->t[TUN_LTE].up) {
		if (!s->all_down_since) {
			s->all_down_since = now;
			session_gone(s, now);
		} else if (now - s->all_down_since >=
			   conf.hg.reconnect_ms * NSEC_PER_MSEC) {
			warn("%s: both tunnels failed for %u ms: setting up again",
			     s->bond, conf.hg.reconnect_ms);
			bond_remove(s);
			s->session_id = 0;
			s->state = SS_DOWN;
			state_write(s);
			timer_after_ms(&s->setup_timer, 0);
			return;
		}
	} else {
		s->all_down_since = 0;
	}
	if (s->idle && now - s->last_hello <
	    (uint64_t)s->p.idle_hello_s * NSEC_PER_SEC)
		return;
	s->last_hello = now;
	for (tid = 0; tid < N_TUN; tid++) {
		t = &s->t[tid];
		if (!t->present || (tid == TUN_DSL && s->state != SS_UP))
			continue;
		if (t->hello_tx)
			hello_missed(s, tid, s->p.hello_retry);
		gbcp_msg_init(&m, GBCP_MSG_HELLO, GBCP_TUNNEL_DSL);
		ts_now(&m.timestamp);
		gbcp_set(&m, GBCP_A_TIMESTAMP);
		t->ring[t->ring_next].ts = m.timestamp;
		t->ring[t->ring_next].sent = now_ns();
		t->ring_next = (t->ring_next + 1) % HELLO_RING;
		t->hello_tx++;
		send_msg(s, tid, &m, s->key, NULL);
	}
}

static int add_tunnel(struct sess *s, int tid, const struct addr *remote)
{
	const struct conf_hg *h = &conf.hg;
	struct nl_tunnel nt = {
		.id = (uint8_t)tid,
		.role = tid == TUN_DSL ? GRE_BOND_ROLE_PRIMARY :
					 GRE_BOND_ROLE_SECONDARY,
		.name = tun_name(tid),
		.local = tid == TUN_DSL ? &h->dsl_local : &h->lte_local,
		.remote = remote,
	};
	const char *dev = tid == TUN_DSL ? h->dsl_dev : h->lte_dev;
	int r;

	if (dev[0]) {
		nt.link = nl_ifindex(dev);
		if (!nt.link) {
			err("%s: no device %s", s->bond, dev);
			return -ENODEV;
		}
	}
	r = nl_tunnel_add(s->ifindex, &nt);
	if (r)
		return r;
	s->t[tid].present = true;
	s->t[tid].local = *nt.local;
	s->t[tid].remote = *remote;
	return 0;
}

static void hg_begin(void)
{
	struct sess *s = &hg;
	int r;

	s->state = SS_INIT;
	s->key = 0;
	s->lte_use = true;
	s->lte_why = "";
	s->viol = s->compl = 0;
	s->rtt_diff_us = -1;
	s->idle = false;
	s->last_traffic = s->last_pkts = s->last_hello = 0;
	s->all_down_since = 0;
	s->lte_revive = false;
	s->diag = 0;
	memset(&s->v6_prefix, 0, sizeof(s->v6_prefix));
	memset(&s->host_prefix, 0, sizeof(s->host_prefix));
	s->cir_kbps = s->dsl_up_kbps = s->dsl_down_kbps = 0;
	memset(&s->h, 0, sizeof(s->h));
	r = nl_bond_create_fresh(s->bond);
	if (r > 0) {
		s->ifindex = r;
		r = 0;
	}
	if (!r)
		r = nl_bond_set(s->ifindex, 0, -1,
				conf.dialect == GBCP_DIALECT_DT ?
				GBCP_GRE_PROTO_DT : -1, conf.hold_max_us);
	if (!r)
		r = add_tunnel(s, TUN_LTE, &conf.hg.haap);
	if (r) {
		err("%s: cannot set up the bond", s->bond);
		loop_stop(GBCPD_EXIT_ERR);
		return;
	}
	s->state = SS_LTE_SETUP;
	state_write(s);
	setup_timer_fn(&s->setup_timer);
}

/* both ends of the bond: addresses and routes of the configuration */
static void hg_bond_up(struct sess *s)
{
	unsigned int i;

	nl_link_up(s->ifindex, true);
	for (i = 0; i < conf.hg.n_addrs; i++)
		nl_addr_add(s->ifindex, &conf.hg.addrs[i]);
	for (i = 0; i < conf.hg.n_routes; i++)
		nl_route(true, RT_TABLE_MAIN, &conf.hg.routes[i], s->ifindex,
			 NULL, 0);
}

/* the MUST attributes of an LTE Accept, range-checked again */
static const char *lte_accept_check(const struct gbcp_msg *m)
{
	static const unsigned int must[] = {
		GBCP_A_SESSION_ID, GBCP_A_RTT_DIFF_THRESHOLD,
		GBCP_A_BYPASS_CHECK_INTERVAL, GBCP_A_ACTIVE_HELLO_INTERVAL,
		GBCP_A_HELLO_RETRY_TIMES, GBCP_A_IDLE_TIMEOUT,
		GBCP_A_RTT_VIOLATION, GBCP_A_RTT_COMPLIANCE,
		GBCP_A_IDLE_HELLO_INTERVAL, GBCP_A_NO_TRAFFIC_INTERVAL,
		GBCP_A_BONDING_KEY,
	};
	static char why[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(must); i++)
		if (!gbcp_has(m, must[i])) {
			snprintf(why, sizeof(why), "no %s",
				 gbcp_attr_name(must[i]));
			return why;
		}
	if (!gbcp_has(m, GBCP_A_H_IPV4) && !gbcp_has(m, GBCP_A_H_IPV6))
		return "no H address";
	if (!m->bonding_key)
		return "bonding key 0";
	if (!m->session_id)
		return "session id 0";
	if (m->rtt_diff_threshold > 1000 || m->active_hello_interval < 1 ||
	    m->active_hello_interval > 100 || m->hello_retry_times < 3 ||
	    m->hello_retry_times > 10 || m->rtt_violation < 1 ||
	    m->rtt_violation > 25 || m->rtt_compliance < 1 ||
	    m->rtt_compliance > 25 || m->idle_timeout > 172800)
		return "a value out of range";
	return NULL;
}

static void on_lte_accept(struct sess *s, const struct gbcp_msg *m)
{
	static const uint8_t zero16[16];
	const char *why = lte_accept_check(m);
	struct addr h = { 0 }, *dsl_remote;
	char buf[INET6_ADDRSTRLEN];
	int r;

	if (why) {
		warn("%s: LTE Accept ignored: %s", s->bond, why);
		return;
	}
	s->key = m->bonding_key;
	s->session_id = m->session_id;
	s->p.rtt_threshold_ms = m->rtt_diff_threshold;
	s->p.bypass_interval_s = m->bypass_check_interval;
	s->p.active_hello_s = m->active_hello_interval;
	s->p.hello_retry = m->hello_retry_times;
	s->p.idle_timeout_s = m->idle_timeout;
	s->p.rtt_violation = m->rtt_violation;
	s->p.rtt_compliance = m->rtt_compliance;
	s->p.idle_hello_s = m->idle_hello_interval;
	s->p.no_traffic_s = m->no_traffic_interval;
	s->hello_ms = conf.hg.hello_ms ? conf.hg.hello_ms :
					 s->p.active_hello_s * 1000;
	/* H of our family; all-zero means "not given" */
	if (conf.hg.haap.family == AF_INET && gbcp_has(m, GBCP_A_H_IPV4) &&
	    memcmp(m->h_ipv4, "\0\0\0\0", 4)) {
		h.family = AF_INET;
		memcpy(h.a, m->h_ipv4, 4);
	} else if (conf.hg.haap.family == AF_INET6 &&
		   gbcp_has(m, GBCP_A_H_IPV6) &&
		   memcmp(m->h_ipv6, zero16, 16)) {
		h.family = AF_INET6;
		memcpy(h.a, m->h_ipv6, 16);
	} else {
		h = conf.hg.haap;
	}
	s->h = h;
	info("%s: LTE Accept: session %u, H %s, hello %u ms x %u, RTT threshold %u ms (%u/%u)",
	     s->bond, s->session_id, addr_str(&h, buf, sizeof(buf)),
	     s->hello_ms, s->p.hello_retry, s->p.rtt_threshold_ms,
	     s->p.rtt_violation, s->p.rtt_compliance);
	r = nl_bond_set(s->ifindex, s->key, -1, -1, 0);
	if (r) {
		loop_stop(GBCPD_EXIT_ERR);
		return;
	}
	s->t[TUN_LTE].up = true;
	s->t[TUN_LTE].ever_up = true;
	hg_bond_up(s);
	dsl_remote = conf.hg.dsl_remote.family ? &conf.hg.dsl_remote : &h;
	if (!s->t[TUN_DSL].present) {
		r = add_tunnel(s, TUN_DSL, dsl_remote);
		if (r) {
			loop_stop(GBCPD_EXIT_ERR);
			return;
		}
	}
	/* no data on DSL before the HAAP accepted it */
	nl_tunnel_state(s->ifindex, TUN_DSL, GRE_BOND_ADMIN_DISABLED, -1, -1);
	s->t[TUN_DSL].disabled = true;
	s->state = SS_DSL_SETUP;
	state_write(s);
	timer_after_ms(&s->hello_timer, s->hello_ms);
	timer_cancel(&s->setup_timer);
	setup_timer_fn(&s->setup_timer);
}

static void on_dsl_accept(struct sess *s, const struct gbcp_msg *m)
{
	if (!gbcp_has(m, GBCP_A_DSL_UP_BW) || !gbcp_has(m, GBCP_A_DSL_DOWN_BW)) {
		warn("%s: DSL Accept without the DSL bandwidths, ignored",
		     s->bond);
		return;
	}
	s->dsl_up_kbps = m->dsl_up_bw;
	s->dsl_down_kbps = m->dsl_down_bw;
	/* 5.2.10: the configured upstream bandwidth is the upstream CIR */
	s->cir_kbps = s->dsl_up_kbps;
	info("%s: DSL Accept: up %u kbit/s (CIR), down %u kbit/s", s->bond,
	     s->dsl_up_kbps, s->dsl_down_kbps);
	nl_bond_set(s->ifindex, -1, s->cir_kbps, -1, 0);
	nl_tunnel_state(s->ifindex, TUN_DSL, GRE_BOND_ADMIN_UP,
			GRE_BOND_OPER_UP, -1);
	s->t[TUN_DSL].disabled = false;
	s->t[TUN_DSL].up = true;
	s->t[TUN_DSL].ever_up = true;
	s->state = SS_UP;
	timer_cancel(&s->setup_timer);
	info("%s: bonding established", s->bond);
	session_back(s);
	state_write(s);
}

static void on_deny(struct sess *s, int tid, const struct gbcp_msg *m)
{
	uint32_t code = gbcp_has(m, GBCP_A_ERROR_CODE) ? m->error_code : 0;

	s->last_error = code;
	err("%s: %s Setup Denied: error code %u (%s)", s->bond, tun_name(tid),
	    code, gbcp_error_name(code));
	bond_remove(s);
	s->state = SS_DENIED;
	state_write(s);
	if (conf.hg.deny_exit)
		loop_stop(GBCPD_EXIT_DENIED);
	else
		info("%s: staying idle (on-deny idle)", s->bond);
}

static void on_tear_down(struct sess *s, const struct gbcp_msg *m)
{
	uint32_t code = gbcp_has(m, GBCP_A_ERROR_CODE) ? m->error_code : 0;

	s->last_error = code;
	warn("%s: Tear Down by the HAAP: error code %u (%s); reconnecting in %u ms",
	     s->bond, code, gbcp_error_name(code), conf.hg.reconnect_ms);
	bond_remove(s);
	s->session_id = 0;
	s->state = SS_DOWN;
	session_gone(s, now_ns());
	state_write(s);
	timer_after_ms(&s->setup_timer, conf.hg.reconnect_ms);
}

/* the echo of our pending Notify arrived: what it switches */
static void notify_echoed(struct sess *s, const struct gbcp_msg *m)
{
	uint64_t acked = s->ntf.flags;

	notify_acked(s, m);
	if (acked >> GBCP_A_SWITCH_IDLE_HELLO & 1) {
		s->idle = true;
		s->viol = s->compl = 0;
		s->rtt_diff_us = -1;
		info("%s: hello state Idle (hellos every %u s, no RTT detection)",
		     s->bond, s->p.idle_hello_s);
	}
	if (acked >> GBCP_A_SWITCH_ACTIVE_HELLO & 1) {
		s->idle = false;
		info("%s: hello state Active", s->bond);
	}
	if (acked & (1ULL << GBCP_A_DSL_LINK_FAILURE |
		     1ULL << GBCP_A_LTE_LINK_FAILURE))
		info("%s: link failure report acknowledged", s->bond);
	if (acked >> GBCP_A_IPV6_PREFIX_HOST & 1)
		info("%s: IPv6 Prefix Assigned to Host acknowledged", s->bond);
	if (acked & (1ULL << GBCP_A_DIAG_START_BONDING |
		     1ULL << GBCP_A_DIAG_END))
		info("%s: diagnostic %s acknowledged", s->bond,
		     acked >> GBCP_A_DIAG_END & 1 ? "end" : "start");
	state_write(s);
}

static void on_notify(struct sess *s, int tid, const struct gbcp_msg *m)
{
	struct gbcp_msg a;

	if (s->ntf.flags && (m->present & s->ntf.flags) == s->ntf.flags)
		notify_echoed(s, m);
	gbcp_msg_init(&a, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	if (gbcp_has(m, GBCP_A_FILTER_LIST))
		hg_filter_rx(s, m, &a);
	/* 5.6.15: our tunnel works, say so */
	if (gbcp_has(m, GBCP_A_TUNNEL_VERIFICATION))
		info("%s: Tunnel Verification on %s: answering", s->bond,
		     tun_name(tid));
	/* what the HAAP started is echoed; our own attributes coming back
	 * are echoes (a late duplicate included), never echoed again
	 */
	a.present |= notify_echo_mask(ROLE_HG, m->present);
	if (a.present)
		send_msg(s, tid, &a, s->key, NULL);
}

/* 5.4.2: the prefix the HAAP assigned us; its first /64 on prefix-dev,
 * announced back as the prefix assigned to the hosts (5.6.7)
 */
static void on_prefix(struct sess *s, const struct gbcp_ipv6_prefix *gp)
{
	char buf[INET6_ADDRSTRLEN];
	struct prefix p = { .addr.family = AF_INET6, .len = gp->len };
	struct prefix lan;
	int idx;

	if (s->state != SS_UP)
		return;
	memcpy(p.addr.a, gp->addr, 16);
	if (s->v6_prefix.len && !memcmp(&s->v6_prefix, &p, sizeof(p)))
		return;
	if (!ipv6_prefix_ok(gp) || gp->len > 64) {
		warn("%s: IPv6 Prefix Assigned by HAAP /%u not usable, ignored",
		     s->bond, gp->len);
		return;
	}
	s->v6_prefix = p;
	info("%s: IPv6 prefix assigned by the HAAP: %s/%u", s->bond,
	     addr_str(&p.addr, buf, sizeof(buf)), p.len);
	state_write(s);
	if (!conf.hg.prefix_dev[0])
		return;
	idx = nl_ifindex(conf.hg.prefix_dev);
	if (!idx) {
		warn("%s: no prefix-dev %s", s->bond, conf.hg.prefix_dev);
		return;
	}
	lan = p;
	lan.len = 64;
	lan.addr.a[15] = 1;
	if (nl_addr_add(idx, &lan))
		return;
	lan.addr.a[15] = 0;
	s->host_prefix = lan;
	memcpy(s->ntf.host_prefix.addr, lan.addr.a, 16);
	s->ntf.host_prefix.len = 64;
	info("%s: %s/64 on %s, announced to the HAAP", s->bond,
	     addr_str(&lan.addr, buf, sizeof(buf)), conf.hg.prefix_dev);
	notify_start(s, TUN_DSL, 1ULL << GBCP_A_IPV6_PREFIX_HOST);
	state_write(s);
}

/* the LTE Accept answering our revival request (A.9 step 7) */
static void on_lte_revived(struct sess *s, const struct gbcp_msg *m)
{
	if (!gbcp_has(m, GBCP_A_SESSION_ID) || m->session_id != s->session_id) {
		warn("%s: LTE Accept for session %u while reviving %u, ignored",
		     s->bond, m->session_id, s->session_id);
		return;
	}
	s->lte_revive = false;
	timer_cancel(&s->setup_timer);
	info("%s: LTE tunnel of session %u re-established", s->bond,
	     s->session_id);
	tun_set_up(s, TUN_LTE, true, "LTE Accept");
}

void hg_diag(bool start)
{
	struct sess *s = &hg;
	unsigned int a = start ? GBCP_A_DIAG_START_BONDING : GBCP_A_DIAG_END;

	if (s->state != SS_UP) {
		warn("%s: no bonding session: no diagnostic", s->bond);
		return;
	}
	s->diag = start ? GBCP_A_DIAG_START_BONDING : 0;
	info("%s: %s", s->bond, gbcp_attr_name(a));
	notify_start(s, TUN_DSL, 1ULL << a);
	state_write(s);
}

/*
 * Anybody who knows our addresses can send undecodable messages: each one
 * is a debug line, but a warning comes at most once per BAD_MSG_WARN_NS
 * (saying how many there were since the last), so a flood cannot fill
 * the log.
 */
#define BAD_MSG_WARN_NS	(10 * 1000000000ULL)

static void bad_msg_log(const struct sess *s, int tid, const char *why)
{
	static uint64_t warned_ns;
	static unsigned long since;
	uint64_t now = now_ns();

	dbg("%s: bad control message on %s: %s", s->bond, tun_name(tid), why);
	since++;
	if (warned_ns && now - warned_ns < BAD_MSG_WARN_NS)
		return;
	warn("%s: %lu undecodable control message(s) on %s, the last: %s",
	     s->bond, since, tun_name(tid), why);
	warned_ns = now;
	since = 0;
}

void hg_ctrl(int ifindex, uint8_t tid, uint16_t proto, uint32_t key,
	     const uint8_t *payload, size_t len, const struct addr *src,
	     uint64_t ts)
{
	char line[256], abuf[INET6_ADDRSTRLEN];
	struct sess *s = &hg;
	const char *why = NULL;
	struct gbcp_msg m;
	int r;

	if (ifindex != s->ifindex || !s->ifindex)
		return;
	if (proto != ctrl_proto() || tid >= N_TUN || !s->t[tid].present)
		return;
	r = gbcp_decode(payload, len, conf.dialect, &m, &why);
	if (r) {
		bad_msg_log(s, tid, why ? why : strerror(-r));
		if (key == s->key)
			hg_filter_bad(s, tid, payload, len);
		return;
	}
	if (log_level >= LOG_LVL_DEBUG) {
		gbcp_msg_format(&m, line, sizeof(line));
		dbg("%s: recv on %s from %s: %s", s->bond, tun_name(tid),
		    addr_str(src, abuf, sizeof(abuf)), line);
	}
	/* A.2: once the key is known only an Accept or Deny may lack it;
	 * before, nothing else is for us (an old session's Notify 35 or Tear
	 * Down reaching the restarted HG at the same address)
	 */
	if (key != s->key && m.type != GBCP_MSG_SETUP_ACCEPT &&
	    m.type != GBCP_MSG_SETUP_DENY) {
		dbg("%s: %s with key %u dropped", s->bond,
		    gbcp_msg_type_name(m.type), key);
		return;
	}
	s->t[tid].last_rx = ts;
	s->last_rx = ts;
	switch (m.type) {
	case GBCP_MSG_SETUP_ACCEPT:
		if (tid == TUN_LTE && s->state == SS_LTE_SETUP)
			on_lte_accept(s, &m);
		else if (tid == TUN_LTE && s->state == SS_UP && s->lte_revive)
			on_lte_revived(s, &m);
		else if (tid == TUN_DSL && s->state == SS_DSL_SETUP)
			on_dsl_accept(s, &m);
		break;
	case GBCP_MSG_SETUP_DENY:
		if (s->state == SS_LTE_SETUP || s->state == SS_DSL_SETUP)
			on_deny(s, tid, &m);
		break;
	case GBCP_MSG_TEAR_DOWN:
		on_tear_down(s, &m);
		break;
	case GBCP_MSG_HELLO:
		hello_reply(s, tid, &m, ts);
		if (gbcp_has(&m, GBCP_A_IPV6_PREFIX_HAAP))
			on_prefix(s, &m.prefix_haap);
		break;
	case GBCP_MSG_NOTIFY:
		on_notify(s, tid, &m);
		break;
	default:
		dbg("%s: %s ignored", s->bond, gbcp_msg_type_name(m.type));
		break;
	}
}

int hg_start(void)
{
	struct sess *s = &hg;

	memset(s, 0, sizeof(*s));
	s->role = ROLE_HG;
	snprintf(s->bond, sizeof(s->bond), "%s", conf.hg.bond);
	snprintf(s->cin, sizeof(s->cin), "%s", conf.hg.cin);
	s->p = conf.p;
	s->dsl_sync_kbps = conf.hg.dsl_sync_kbps;
	s->hello_ms = conf.hg.hello_ms ? conf.hg.hello_ms :
					 s->p.active_hello_s * 1000;
	s->rtt_diff_us = -1;
	timer_init(&s->hello_timer, hello_timer_fn, s);
	timer_init(&s->setup_timer, setup_timer_fn, s);
	timer_init(&s->notify_timer, notify_timer_fn, s);
	timer_init(&s->idle_timer, idle_timer_fn, s);
	if (nl_link_watch(hg_link))
		warn("link events: cannot listen; link failures found by hellos only");
	links_poll(s);
	hg_begin();
	return 0;
}

void hg_stop(void)
{
	struct sess *s = &hg;
	struct gbcp_msg m;
	int tid;

	if (s->ifindex && s->key) {
		/* not an RFC direction; a HAAP of ours ends the session */
		gbcp_msg_init(&m, GBCP_MSG_TEAR_DOWN, GBCP_TUNNEL_DSL);
		m.error_code = conf.hg.teardown_code;
		gbcp_set(&m, GBCP_A_ERROR_CODE);
		for (tid = 0; tid < N_TUN; tid++)
			if (s->t[tid].present)
				send_msg(s, tid, &m, s->key, NULL);
	}
	hg_bypass_stop(s);
	fallback_routes(s, false);
	if (s->state != SS_DENIED) {
		bond_remove(s);
		state_remove(s);
	}
}
