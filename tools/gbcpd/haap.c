// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: the aggregation point role. All HG sessions live in this one
 * process, in hash tables by Session ID, by CIN and by bond ifindex.
 *
 * Setup requests of HGs that have no tunnel here yet are not the bond
 * module's: they are read from raw IPPROTO_GRE sockets (a socket filter
 * passes only the control protocol type). Everything else arrives on the
 * gre_bond "ctrl" group. Each session gets its own bond, named
 * <bond-prefix><N>, with the key and Session ID drawn from getrandom().
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/gre_bond.h>
#include <linux/rtnetlink.h>

#include "gbcpd.h"

#define HASH_SIZE	4096
#define RL_SIZE		1024

static struct sess *by_id[HASH_SIZE], *by_cin[HASH_SIZE], *by_if[HASH_SIZE];
static unsigned int n_sess;
static uint8_t *slots;		/* bond name numbers in use, a bitmap */
static struct watcher raw4_w, raw6_w;

/* per-source token bucket for setup requests */
static struct {
	struct addr src;
	uint64_t last;
	uint64_t tokens;	/* in 1/1000 of a request */
} rl[RL_SIZE];

static uint32_t hash_bytes(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static unsigned int h_id(uint32_t id)
{
	return hash_bytes(&id, sizeof(id)) % HASH_SIZE;
}

static unsigned int h_cin(const char *cin)
{
	return hash_bytes(cin, strlen(cin)) % HASH_SIZE;
}

static unsigned int h_if(int ifindex)
{
	return hash_bytes(&ifindex, sizeof(ifindex)) % HASH_SIZE;
}

static struct sess *find_id(uint32_t id)
{
	struct sess *s;

	for (s = by_id[h_id(id)]; s; s = s->next_id)
		if (s->session_id == id)
			return s;
	return NULL;
}

static struct sess *find_cin(const char *cin)
{
	struct sess *s;

	for (s = by_cin[h_cin(cin)]; s; s = s->next_cin)
		if (!strcmp(s->cin, cin))
			return s;
	return NULL;
}

static struct sess *find_if(int ifindex)
{
	struct sess *s;

	for (s = by_if[h_if(ifindex)]; s; s = s->next_key)
		if (s->ifindex == ifindex)
			return s;
	return NULL;
}

static void unlink_sess(struct sess *s)
{
	struct sess **pp;

	for (pp = &by_id[h_id(s->session_id)]; *pp; pp = &(*pp)->next_id)
		if (*pp == s) {
			*pp = s->next_id;
			break;
		}
	for (pp = &by_cin[h_cin(s->cin)]; *pp; pp = &(*pp)->next_cin)
		if (*pp == s) {
			*pp = s->next_cin;
			break;
		}
	for (pp = &by_if[h_if(s->ifindex)]; *pp; pp = &(*pp)->next_key)
		if (*pp == s) {
			*pp = s->next_key;
			break;
		}
}

static bool rate_ok(const struct addr *src)
{
	unsigned int i = hash_bytes(src->a, addr_len(src)) % RL_SIZE;
	uint64_t now = now_ns(), cap = conf.haap.setup_burst * 1000ULL;

	if (!addr_eq(&rl[i].src, src)) {
		rl[i].src = *src;
		rl[i].tokens = cap;
	} else {
		rl[i].tokens += (now - rl[i].last) / NSEC_PER_MSEC *
				conf.haap.setup_rate;
		if (rl[i].tokens > cap)
			rl[i].tokens = cap;
	}
	rl[i].last = now;
	if (rl[i].tokens < 1000)
		return false;
	rl[i].tokens -= 1000;
	return true;
}

/* --- sessions ---------------------------------------------------------- */

static void verify_timer_fn(struct timer *tm);

static void sess_free(struct sess *s, bool teardown, uint32_t code)
{
	struct gbcp_msg m;
	int tid;

	if (teardown && s->ifindex) {
		gbcp_msg_init(&m, GBCP_MSG_TEAR_DOWN, GBCP_TUNNEL_DSL);
		m.error_code = code;
		gbcp_set(&m, GBCP_A_ERROR_CODE);
		for (tid = 0; tid < N_TUN; tid++)
			if (s->t[tid].present)
				send_msg(s, tid, &m, s->key, NULL);
	}
	if (teardown)
		info("%s: session %u of \"%s\" ended (Tear Down, error code %u)",
		     s->bond, s->session_id, s->cin, code);
	else
		info("%s: session %u of \"%s\" ended", s->bond,
		     s->session_id, s->cin);
	timer_cancel(&s->hello_timer);
	timer_cancel(&s->setup_timer);
	timer_cancel(&s->notify_timer);
	haap_filter_free(s);
	timer_cancel(&s->idle_timer);
	unlink_sess(s);
	if (s->ifindex)
		nl_link_del(s->ifindex);
	state_remove(s);
	slots[s->slot / 8] &= (uint8_t)~(1u << (s->slot % 8));
	n_sess--;
	free(s);
}

/* liveness: the HG's hellos, and the session timeout */
static void watch_fn(struct timer *tm)
{
	struct sess *s = tm->data;
	uint64_t now = now_ns();
	int tid;

	uint64_t timeout = conf.haap.session_timeout_s * NSEC_PER_SEC;

	/* Idle: hellos only every Idle Hello Interval; wait for two */
	if (s->idle && timeout < 2ULL * s->p.idle_hello_s * NSEC_PER_SEC)
		timeout = 2ULL * s->p.idle_hello_s * NSEC_PER_SEC;
	if (now - s->last_rx > timeout) {
		warn("%s: nothing from the HG for %u s", s->bond,
		     conf.haap.session_timeout_s);
		sess_free(s, true, GBCP_ERR_LTE_TUNNEL_FAILED);
		return;
	}
	/* one period more than the HG waits: the two clocks drift */
	for (tid = 0; tid < N_TUN && !s->idle; tid++)
		if (s->t[tid].present && s->t[tid].ever_up)
			hello_missed(s, tid, s->p.hello_retry + 1);
	timer_after_ms(&s->hello_timer, s->hello_ms);
}

static int slot_get(void)
{
	unsigned int i;

	for (i = 0; i < conf.haap.max_sessions; i++)
		if (!(slots[i / 8] & (1u << (i % 8)))) {
			slots[i / 8] |= (uint8_t)(1u << (i % 8));
			return (int)i;
		}
	return -1;
}

static int tunnel_add(struct sess *s, int tid, const struct addr *local,
		      const struct addr *remote)
{
	struct nl_tunnel nt = {
		.id = (uint8_t)tid,
		.role = tid == TUN_DSL ? GRE_BOND_ROLE_PRIMARY :
					 GRE_BOND_ROLE_SECONDARY,
		.name = tun_name(tid),
		.local = local,
		.remote = remote,
	};
	int r = nl_tunnel_add(s->ifindex, &nt);

	if (r)
		return r;
	s->t[tid].present = true;
	s->t[tid].local = *local;
	s->t[tid].remote = *remote;
	s->t[tid].up = true;
	s->t[tid].ever_up = true;
	return 0;
}

static struct sess *sess_new(const char *cin, const struct conf_client *cl,
			     const struct addr *local,
			     const struct addr *remote)
{
	char name[32];
	struct sess *s;
	unsigned int i;
	int slot, r;

	slot = slot_get();
	if (slot < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		slots[slot / 8] &= (uint8_t)~(1u << (slot % 8));
		return NULL;
	}
	s->slot = (unsigned int)slot;
	s->role = ROLE_HAAP;
	s->client = cl;
	snprintf(s->cin, sizeof(s->cin), "%s", cin);
	snprintf(name, sizeof(name), "%s%d", conf.haap.bond_prefix, slot);
	if (strlen(name) >= sizeof(s->bond)) {
		err("bond name %s too long", name);
		slots[slot / 8] &= (uint8_t)~(1u << (slot % 8));
		free(s);
		return NULL;
	}
	memcpy(s->bond, name, strlen(name) + 1);
	s->p = conf.p;
	s->hello_ms = conf.haap.hello_ms ? conf.haap.hello_ms :
					   s->p.active_hello_s * 1000;
	s->lte_use = true;
	s->lte_why = "";
	s->rtt_diff_us = -1;
	s->dsl_up_kbps = cl->dsl_up_kbps ? cl->dsl_up_kbps :
					   conf.haap.dsl_up_kbps;
	s->dsl_down_kbps = cl->dsl_down_kbps ? cl->dsl_down_kbps :
					       conf.haap.dsl_down_kbps;
	s->h = local->family == AF_INET ? conf.haap.h4 : conf.haap.h6;
	s->created = s->last_rx = now_ns();
	timer_init(&s->hello_timer, watch_fn, s);
	timer_init(&s->setup_timer, NULL, s);
	timer_init(&s->notify_timer, notify_timer_fn, s);
	timer_init(&s->idle_timer, verify_timer_fn, s);
	do {
		if (rand_u32(&s->session_id) || rand_u32(&s->key))
			goto fail;
	} while (!s->session_id || !s->key || find_id(s->session_id));

	s->ifindex = nl_bond_create_fresh(s->bond);
	if (s->ifindex < 0) {
		r = s->ifindex;
		s->ifindex = 0;
		goto fail;
	}
	/* downstream CIR: the configured DSL downstream bandwidth (4.5) */
	s->cir_kbps = s->dsl_down_kbps;
	r = nl_bond_set(s->ifindex, s->key, s->cir_kbps,
			conf.dialect == GBCP_DIALECT_DT ? GBCP_GRE_PROTO_DT : -1,
			conf.hold_max_us);
	if (!r)
		r = tunnel_add(s, TUN_LTE, local, remote);
	if (!r)
		r = nl_link_up(s->ifindex, true);
	if (r)
		goto fail;
	for (i = 0; i < cl->n_addrs; i++)
		nl_addr_add(s->ifindex, &cl->addrs[i]);
	for (i = 0; i < cl->n_routes; i++)
		nl_route(true, RT_TABLE_MAIN, &cl->routes[i], s->ifindex,
			 NULL, 0);
	/* the prefix assigned to the HG (13) is reached through the bond */
	if (cl->v6_prefix.len) {
		s->v6_prefix = cl->v6_prefix;
		nl_route(true, RT_TABLE_MAIN, &s->v6_prefix, s->ifindex,
			 NULL, 0);
	}

	s->next_id = by_id[h_id(s->session_id)];
	by_id[h_id(s->session_id)] = s;
	s->next_cin = by_cin[h_cin(s->cin)];
	by_cin[h_cin(s->cin)] = s;
	s->next_key = by_if[h_if(s->ifindex)];
	by_if[h_if(s->ifindex)] = s;
	n_sess++;
	s->state = SS_DSL_SETUP;
	timer_after_ms(&s->hello_timer, s->hello_ms);
	return s;
fail:
	err("%s: cannot create the session's bond", s->bond);
	if (s->ifindex)
		nl_link_del(s->ifindex);
	slots[slot / 8] &= (uint8_t)~(1u << (slot % 8));
	free(s);
	return NULL;
}

/* --- sending to strangers ---------------------------------------------- */

/*
 * A Deny to an HG without a bond here: GRE built by hand on the raw socket,
 * from the address the request was sent to.
 */
static void raw_send(const struct addr *from, const struct addr *to,
		     uint32_t key, struct gbcp_msg *m)
{
	uint8_t buf[8 + GBCP_MSG_MAX_LEN];
	union {
		char c4[CMSG_SPACE(sizeof(struct in_pktinfo))];
		char c6[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	struct sockaddr_storage ss = { 0 };
	struct iovec iov = { buf, 0 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	uint16_t proto = htons(ctrl_proto());
	uint32_t nkey = htonl(key);
	int len, fd;

	len = gbcp_encode(m, conf.dialect, buf + 8, sizeof(buf) - 8);
	if (len < 0)
		return;
	buf[0] = 0x20;		/* K */
	buf[1] = 0;
	memcpy(buf + 2, &proto, 2);
	memcpy(buf + 4, &nkey, 4);
	iov.iov_len = (size_t)len + 8;
	memset(&cbuf, 0, sizeof(cbuf));
	mh.msg_name = &ss;
	mh.msg_control = &cbuf;
	if (to->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
		struct in_pktinfo *pi;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, to->a, 4);
		mh.msg_namelen = sizeof(*sin);
		mh.msg_controllen = CMSG_SPACE(sizeof(*pi));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(*pi));
		pi = (struct in_pktinfo *)CMSG_DATA(cm);
		memcpy(&pi->ipi_spec_dst, from->a, 4);
		fd = raw4_w.fd;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
		struct in6_pktinfo *pi;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, to->a, 16);
		mh.msg_namelen = sizeof(*sin6);
		mh.msg_controllen = CMSG_SPACE(sizeof(*pi));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(*pi));
		pi = (struct in6_pktinfo *)CMSG_DATA(cm);
		memcpy(&pi->ipi6_addr, from->a, 16);
		fd = raw6_w.fd;
	}
	if (fd < 0 || sendmsg(fd, &mh, 0) < 0)
		warn("send %s: %s", gbcp_msg_type_name(m->type),
		     fd < 0 ? "no raw socket" : strerror(errno));
}

static void deny(struct sess *s, int tid, const struct addr *from,
		 const struct addr *to, uint32_t key, uint32_t code,
		 enum gbcp_tunnel tt)
{
	char buf[INET6_ADDRSTRLEN];
	struct gbcp_msg m;

	gbcp_msg_init(&m, GBCP_MSG_SETUP_DENY, tt);
	m.error_code = code;
	gbcp_set(&m, GBCP_A_ERROR_CODE);
	info("deny %s setup from %s: error code %u (%s)",
	     tt == GBCP_TUNNEL_DSL ? "DSL" : "LTE",
	     addr_str(to, buf, sizeof(buf)), code, gbcp_error_name(code));
	if (s && tid >= 0 && s->t[tid].present)
		send_msg(s, tid, &m, key, to);
	else
		raw_send(from, to, key, &m);
}

/* --- setup ------------------------------------------------------------- */

static void send_lte_accept(struct sess *s)
{
	struct gbcp_msg m;

	gbcp_msg_init(&m, GBCP_MSG_SETUP_ACCEPT, GBCP_TUNNEL_LTE);
	if (conf.haap.h4.family) {
		memcpy(m.h_ipv4, conf.haap.h4.a, 4);
		gbcp_set(&m, GBCP_A_H_IPV4);
	}
	/* both are MUST (5.2): an unset one goes out as all zeros */
	if (conf.haap.h6.family)
		memcpy(m.h_ipv6, conf.haap.h6.a, 16);
	gbcp_set(&m, GBCP_A_H_IPV6);
	gbcp_set(&m, GBCP_A_H_IPV4);
	m.session_id = s->session_id;
	gbcp_set(&m, GBCP_A_SESSION_ID);
	m.rtt_diff_threshold = s->p.rtt_threshold_ms;
	gbcp_set(&m, GBCP_A_RTT_DIFF_THRESHOLD);
	m.bypass_check_interval = s->p.bypass_interval_s;
	gbcp_set(&m, GBCP_A_BYPASS_CHECK_INTERVAL);
	m.active_hello_interval = s->p.active_hello_s;
	gbcp_set(&m, GBCP_A_ACTIVE_HELLO_INTERVAL);
	m.hello_retry_times = s->p.hello_retry;
	gbcp_set(&m, GBCP_A_HELLO_RETRY_TIMES);
	m.idle_timeout = s->p.idle_timeout_s;
	gbcp_set(&m, GBCP_A_IDLE_TIMEOUT);
	m.bonding_key = s->key;
	gbcp_set(&m, GBCP_A_BONDING_KEY);
	m.rtt_violation = s->p.rtt_violation;
	gbcp_set(&m, GBCP_A_RTT_VIOLATION);
	m.rtt_compliance = s->p.rtt_compliance;
	gbcp_set(&m, GBCP_A_RTT_COMPLIANCE);
	m.idle_hello_interval = s->p.idle_hello_s;
	gbcp_set(&m, GBCP_A_IDLE_HELLO_INTERVAL);
	m.no_traffic_interval = s->p.no_traffic_s;
	gbcp_set(&m, GBCP_A_NO_TRAFFIC_INTERVAL);
	/* the HG has no key yet: its bond takes key 0 control messages */
	send_msg(s, TUN_LTE, &m, 0, NULL);
}

static void send_dsl_accept(struct sess *s)
{
	struct gbcp_msg m;

	gbcp_msg_init(&m, GBCP_MSG_SETUP_ACCEPT, GBCP_TUNNEL_DSL);
	m.dsl_up_bw = s->dsl_up_kbps;
	gbcp_set(&m, GBCP_A_DSL_UP_BW);
	m.dsl_down_bw = s->dsl_down_kbps;
	gbcp_set(&m, GBCP_A_DSL_DOWN_BW);
	send_msg(s, TUN_DSL, &m, s->key, NULL);
}

static void lte_accept_new(const char *cin, const struct conf_client *cl,
			   const struct addr *src, const struct addr *dst,
			   uint32_t key);

/*
 * 5.1.2, A.9 step 7: the HG re-establishes a broken LTE tunnel of its live
 * session (its LTE link came back, perhaps with a new address): the same
 * session, the LTE tunnel pointed at the request's source, the same Accept.
 */
static void lte_revive(struct sess *s, const struct addr *src,
		       const struct addr *dst)
{
	char buf[INET6_ADDRSTRLEN];

	if (!addr_eq(&s->t[TUN_LTE].remote, src)) {
		if (nl_tunnel_remote(s->ifindex, TUN_LTE, src))
			return;
		s->t[TUN_LTE].remote = *src;
	}
	(void)dst;
	info("%s: LTE tunnel of session %u revived from %s", s->bond,
	     s->session_id, addr_str(src, buf, sizeof(buf)));
	s->last_rx = now_ns();
	s->t[TUN_LTE].missed = 0;
	s->t[TUN_LTE].replied = true;
	tun_set_up(s, TUN_LTE, true, "revived by an LTE Setup Request");
	send_lte_accept(s);
	state_write(s);
}

static void verify_send(struct sess *s)
{
	struct gbcp_msg m;

	gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_LTE);
	gbcp_set(&m, GBCP_A_TUNNEL_VERIFICATION);
	send_msg(s, TUN_LTE, &m, s->key, NULL);
}

/*
 * 5.6.15: an LTE Setup Request conflicts with session s. Notify 35 goes
 * over s's LTE tunnel, at most VERIFY_TRIES times one hello period apart;
 * the requests meanwhile are dropped (the HG repeats them). The echo means
 * the old HG lives: the newcomer is denied (error code 8). Silence: the
 * old session is dead, ended, and the newcomer's request accepted.
 */
static void verify_start(struct sess *s, const struct addr *src,
			 const struct addr *dst, uint32_t key)
{
	char buf[INET6_ADDRSTRLEN];

	/* the latest requester is the one to answer */
	s->verify.src = *src;
	s->verify.dst = *dst;
	s->verify.key = key;
	if (s->verify.active) {
		dbg("%s: LTE Setup Request during verification dropped",
		    s->bond);
		return;
	}
	info("%s: LTE Setup Request for \"%s\" from %s conflicts with session %u: Tunnel Verification",
	     s->bond, s->cin, addr_str(src, buf, sizeof(buf)),
	     s->session_id);
	s->verify.active = true;
	s->verify.tries = 0;
	timer_after_ms(&s->idle_timer, 0);
}

static void verify_timer_fn(struct timer *tm)
{
	struct sess *s = tm->data;
	struct verify v = s->verify;
	const struct conf_client *cl = s->client;
	char cin[GBCP_CIN_LEN + 1];

	switch (verify_tick(&s->verify)) {
	case VERIFY_SEND:
		verify_send(s);
		timer_after_ms(&s->idle_timer, s->hello_ms);
		break;
	case VERIFY_DEAD:
		warn("%s: no answer to %u Tunnel Verifications: session %u is dead, accepting the new request",
		     s->bond, VERIFY_TRIES, s->session_id);
		memcpy(cin, s->cin, sizeof(cin));
		/* no Tear Down: nobody there, and the newcomer may share the
		 * old addresses and take it for its own
		 */
		s->last_error = GBCP_ERR_LTE_TUNNEL_FAILED;
		sess_free(s, false, 0);
		lte_accept_new(cin, cl, &v.src, &v.dst, v.key);
		break;
	case VERIFY_IDLE:
		break;
	}
}

/* the echo of Notify 35: the old HG is alive (A.13 step 3) */
static void verify_alive(struct sess *s)
{
	char buf[INET6_ADDRSTRLEN];

	if (!s->verify.active)
		return;
	s->verify.active = false;
	timer_cancel(&s->idle_timer);
	info("%s: Tunnel Verification answered: session %u lives, denying %s",
	     s->bond, s->session_id, addr_str(&s->verify.src, buf, sizeof(buf)));
	deny(NULL, -1, &s->verify.dst, &s->verify.src, s->verify.key,
	     GBCP_ERR_SESSION_EXISTS, GBCP_TUNNEL_LTE);
}

static void lte_request(struct sess *via, const struct gbcp_msg *m,
			const struct addr *src, const struct addr *dst,
			uint32_t key)
{
	char cin[GBCP_CIN_LEN + 1], buf[INET6_ADDRSTRLEN];
	const struct conf_client *cl;
	struct sess *s;
	size_t n, i;

	memcpy(cin, m->cin, GBCP_CIN_LEN);
	cin[GBCP_CIN_LEN] = '\0';
	n = strlen(cin);
	for (i = 0; i < n; i++)		/* no control characters in logs */
		if ((unsigned char)cin[i] < 0x20 || cin[i] == 0x7f)
			n = 0;
	if (!n) {
		deny(via, TUN_LTE, dst, src, 0, GBCP_ERR_CIN_NOT_PERMITTED,
		     GBCP_TUNNEL_LTE);
		return;
	}
	cl = conf_client_find(&conf, cin);
	if (!cl) {
		info("LTE Setup Request from %s: CIN \"%s\" not permitted",
		     addr_str(src, buf, sizeof(buf)), cin);
		deny(via, TUN_LTE, dst, src, key, GBCP_ERR_CIN_NOT_PERMITTED,
		     GBCP_TUNNEL_LTE);
		return;
	}
	s = find_cin(cin);
	switch (lte_request_kind(s, src, dst, gbcp_has(m, GBCP_A_SESSION_ID),
				 m->session_id, key)) {
	case LTE_REQ_SAME_ACCEPT:
		dbg("%s: LTE Setup Request again, same Accept", s->bond);
		s->last_rx = now_ns();
		send_lte_accept(s);
		return;
	case LTE_REQ_REVIVE:
		lte_revive(s, src, dst);
		return;
	case LTE_REQ_VERIFY:
		verify_start(s, src, dst, key);
		return;
	case LTE_REQ_NEW:
		break;
	}
	lte_accept_new(cin, cl, src, dst, key);
}

/* a new session for an allowed CIN, and its LTE Accept */
static void lte_accept_new(const char *cin, const struct conf_client *cl,
			   const struct addr *src, const struct addr *dst,
			   uint32_t key)
{
	char buf[INET6_ADDRSTRLEN];
	struct sess *s;

	if (n_sess >= conf.haap.max_sessions) {
		deny(NULL, -1, dst, src, key, GBCP_ERR_MGMT_LTE,
		     GBCP_TUNNEL_LTE);
		return;
	}
	s = sess_new(cin, cl, dst, src);
	if (!s) {
		deny(NULL, -1, dst, src, key, GBCP_ERR_MGMT_LTE,
		     GBCP_TUNNEL_LTE);
		return;
	}
	info("%s: LTE Accept to \"%s\" at %s: session %u", s->bond, cin,
	     addr_str(src, buf, sizeof(buf)), s->session_id);
	send_lte_accept(s);
	state_write(s);
}

static void dsl_request(const struct gbcp_msg *m, const struct addr *src,
			const struct addr *dst, uint32_t key)
{
	char buf[INET6_ADDRSTRLEN];
	struct sess *s;
	int r;

	if (!gbcp_has(m, GBCP_A_SESSION_ID) ||
	    !gbcp_has(m, GBCP_A_DSL_SYNC_RATE) || !m->dsl_sync_rate) {
		dbg("DSL Setup Request from %s without Session ID or sync rate",
		    addr_str(src, buf, sizeof(buf)));
		return;
	}
	s = find_id(m->session_id);
	if (!s || key != s->key) {
		info("DSL Setup Request from %s: session %u %s",
		     addr_str(src, buf, sizeof(buf)), m->session_id,
		     s ? "with the wrong key" : "unknown");
		deny(NULL, -1, dst, src, key, GBCP_ERR_USER_ID_MISMATCH,
		     GBCP_TUNNEL_DSL);
		return;
	}
	s->last_rx = now_ns();
	s->dsl_sync_kbps = m->dsl_sync_rate;
	if (!s->t[TUN_DSL].present) {
		r = tunnel_add(s, TUN_DSL, dst, src);
		if (r) {
			/* A.9 step 6: Deny on DSL, Tear Down on LTE */
			deny(NULL, -1, dst, src, key, GBCP_ERR_MGMT_DSL,
			     GBCP_TUNNEL_DSL);
			sess_free(s, true, GBCP_ERR_MGMT_DSL);
			return;
		}
	} else if (!addr_eq(&s->t[TUN_DSL].remote, src)) {
		if (nl_tunnel_remote(s->ifindex, TUN_DSL, src))
			return;
		s->t[TUN_DSL].remote = *src;
	}
	info("%s: DSL Accept to %s: up %u, down %u kbit/s (sync %u)",
	     s->bond, addr_str(src, buf, sizeof(buf)), s->dsl_up_kbps,
	     s->dsl_down_kbps, s->dsl_sync_kbps);
	send_dsl_accept(s);
	if (s->state != SS_UP) {
		s->state = SS_UP;
		info("%s: bonding established with \"%s\"", s->bond, s->cin);
		haap_filter_push(s);
	}
	state_write(s);
}

/* a Setup Request, from the raw socket or a bond's ctrl message */
static void setup_request(struct sess *via, const struct gbcp_msg *m,
			  const struct addr *src, const struct addr *dst,
			  uint32_t key)
{
	char buf[INET6_ADDRSTRLEN];

	if (!rate_ok(src)) {
		dbg("setup request from %s: rate limited",
		    addr_str(src, buf, sizeof(buf)));
		return;
	}
	/* which tunnel: by content (A.3: T-Type is not to be trusted) */
	if (gbcp_has(m, GBCP_A_CIN))
		lte_request(via, m, src, dst, key);
	else if (gbcp_has(m, GBCP_A_SESSION_ID) &&
		 gbcp_has(m, GBCP_A_DSL_SYNC_RATE))
		dsl_request(m, src, dst, key);
	else
		dbg("setup request from %s without CIN or Session ID",
		    addr_str(src, buf, sizeof(buf)));
}

/* --- messages of live sessions ----------------------------------------- */

static const char *diag_name(int attr)
{
	return attr == GBCP_A_DIAG_START_BONDING ? "bonding tunnel" :
	       attr == GBCP_A_DIAG_START_DSL ? "DSL tunnel" :
	       attr == GBCP_A_DIAG_START_LTE ? "LTE tunnel" : "none";
}

/* 5.6.7: the prefix the HG gave a host is routed to it through the bond */
static void host_prefix(struct sess *s, const struct gbcp_ipv6_prefix *hp)
{
	char buf[INET6_ADDRSTRLEN];
	struct prefix p = { .addr.family = AF_INET6, .len = hp->len };

	if (!ipv6_prefix_ok(hp)) {
		warn("%s: IPv6 Prefix Assigned to Host /%u not usable, ignored",
		     s->bond, hp->len);
		return;
	}
	memcpy(p.addr.a, hp->addr, 16);
	if (s->host_prefix.len && !memcmp(&s->host_prefix, &p, sizeof(p)))
		return;
	if (s->host_prefix.len)
		nl_route(false, RT_TABLE_MAIN, &s->host_prefix, s->ifindex,
			 NULL, 0);
	s->host_prefix = p;
	info("%s: HG assigned %s/%u to a host: routed through the bond",
	     s->bond, addr_str(&p.addr, buf, sizeof(buf)), p.len);
	nl_route(true, RT_TABLE_MAIN, &p, s->ifindex, NULL, 0);
}

static void on_notify(struct sess *s, int tid, const struct gbcp_msg *m)
{
	struct gbcp_msg *a;
	int t, d;

	notify_acked(s, m);
	if (gbcp_has(m, GBCP_A_TUNNEL_VERIFICATION))
		verify_alive(s);
	if (gbcp_has(m, GBCP_A_SWITCH_TO_DSL) && s->lte_use)
		lte_use_set(s, false, "HG: Switching to DSL Tunnel");
	if (gbcp_has(m, GBCP_A_OVERFLOW_TO_LTE) && !s->lte_use)
		lte_use_set(s, true, "HG: Overflowing to LTE Tunnel");
	/* 5.6.5, 5.6.6: no more data on that tunnel, at once */
	if (gbcp_has(m, GBCP_A_DSL_LINK_FAILURE))
		tun_set_up(s, TUN_DSL, false, "HG: DSL Link Failure");
	if (gbcp_has(m, GBCP_A_LTE_LINK_FAILURE))
		tun_set_up(s, TUN_LTE, false, "HG: LTE Link Failure");
	if (gbcp_has(m, GBCP_A_SWITCH_IDLE_HELLO) && !s->idle) {
		s->idle = true;
		info("%s: hello state Idle", s->bond);
	}
	if (gbcp_has(m, GBCP_A_SWITCH_ACTIVE_HELLO) && s->idle) {
		s->idle = false;
		for (t = 0; t < N_TUN; t++) {
			s->t[t].missed = 0;
			s->t[t].replied = true;
		}
		info("%s: hello state Active", s->bond);
	}
	for (d = GBCP_A_DIAG_START_BONDING; d <= GBCP_A_DIAG_START_LTE; d++)
		if (gbcp_has(m, (unsigned int)d)) {
			s->diag = d;
			info("%s: HG: Diagnostic Start: %s", s->bond,
			     diag_name(d));
		}
	if (gbcp_has(m, GBCP_A_DIAG_END)) {
		info("%s: HG: Diagnostic End (%s)", s->bond,
		     diag_name(s->diag));
		s->diag = 0;
	}
	if (gbcp_has(m, GBCP_A_BYPASS_RATE)) {
		uint32_t c = m->bypass_rate < s->dsl_down_kbps ?
			     s->dsl_down_kbps - m->bypass_rate : 0;

		/* 4.5: downstream CIR = configured DSL down - bypass */
		if (c != s->cir_kbps && !nl_bond_set(s->ifindex, -1, c, -1, 0)) {
			info("%s: bypass %u kbit/s: downstream CIR %u kbit/s",
			     s->bond, m->bypass_rate, c);
			s->cir_kbps = c;
		}
	}
	if (gbcp_has(m, GBCP_A_IPV6_PREFIX_HOST))
		host_prefix(s, &m->prefix_host);
	if (gbcp_has(m, GBCP_A_FILTER_LIST_ACK))
		haap_filter_ack(s, &m->filter_ack);
	/* 5.6: the ACK is the received attributes, values and all */
	a = malloc(sizeof(*a));
	if (a) {
		*a = *m;
		a->type = GBCP_MSG_NOTIFY;
		a->present = notify_echo_mask(ROLE_HAAP, m->present);
		if (a->present)
			send_msg(s, tid, a, s->key, NULL);
		free(a);
	}
	state_write(s);
}

static void on_hello(struct sess *s, int tid, const struct gbcp_msg *m)
{
	struct gbcp_msg a;

	s->t[tid].hello_rx++;
	s->t[tid].replied = true;
	s->t[tid].missed = 0;
	if (!s->t[tid].up)
		tun_set_up(s, tid, true, NULL);
	gbcp_msg_init(&a, GBCP_MSG_HELLO, GBCP_TUNNEL_DSL);
	if (gbcp_has(m, GBCP_A_TIMESTAMP))
		a.timestamp = m->timestamp;	/* the HG's stamp, echoed */
	else
		ts_now(&a.timestamp);
	gbcp_set(&a, GBCP_A_TIMESTAMP);
	/* 5.4.2: the HAAP's hellos carry the prefix it assigned the HG */
	if (s->v6_prefix.len) {
		memcpy(a.prefix_haap.addr, s->v6_prefix.addr.a, 16);
		a.prefix_haap.len = s->v6_prefix.len;
		gbcp_set(&a, GBCP_A_IPV6_PREFIX_HAAP);
	}
	s->t[tid].hello_tx++;
	send_msg(s, tid, &a, s->key, NULL);
}

static void handle(struct sess *via, int tid, const uint8_t *payload,
		   size_t len, const struct addr *src, const struct addr *dst,
		   uint32_t key, uint64_t ts)
{
	char line[256], buf[INET6_ADDRSTRLEN];
	const char *why = NULL;
	struct gbcp_msg m;
	int r;

	r = gbcp_decode(payload, len, conf.dialect, &m, &why);
	if (r) {
		dbg("bad control message from %s: %s",
		    addr_str(src, buf, sizeof(buf)), why ? why : strerror(-r));
		return;
	}
	if (log_level >= LOG_LVL_DEBUG) {
		gbcp_msg_format(&m, line, sizeof(line));
		dbg("%s: recv from %s: %s", via ? via->bond : "raw",
		    addr_str(src, buf, sizeof(buf)), line);
	}
	if (m.type == GBCP_MSG_SETUP_REQUEST) {
		setup_request(via, &m, src, dst, key);
		return;
	}
	if (!via)
		return;		/* not ours: no session for that address */
	if (key != via->key) {
		dbg("%s: %s with key %u dropped", via->bond,
		    gbcp_msg_type_name(m.type), key);
		return;
	}
	via->last_rx = ts;
	via->t[tid].last_rx = ts;
	switch (m.type) {
	case GBCP_MSG_HELLO:
		on_hello(via, tid, &m);
		break;
	case GBCP_MSG_NOTIFY:
		on_notify(via, tid, &m);
		break;
	case GBCP_MSG_TEAR_DOWN:
		if (!gbcp_has(&m, GBCP_A_ERROR_CODE))
			warn("%s: Tear Down from the HG without an error code",
			     via->bond);
		else
			info("%s: Tear Down from the HG: error code %u (%s)",
			     via->bond, m.error_code,
			     gbcp_error_name(m.error_code));
		sess_free(via, false, 0);
		break;
	default:
		dbg("%s: %s ignored", via->bond, gbcp_msg_type_name(m.type));
		break;
	}
}

void haap_ctrl(int ifindex, uint8_t tid, uint16_t proto, uint32_t key,
	       const uint8_t *payload, size_t len, const struct addr *src,
	       uint64_t ts)
{
	struct sess *s = find_if(ifindex);

	if (!s || proto != ctrl_proto() || tid >= N_TUN || !s->t[tid].present)
		return;
	handle(s, tid, payload, len, src, &s->t[tid].local, key, ts);
}

/* --- raw sockets ------------------------------------------------------- */

/* GRE header of a control message: K set, C optional, S and R clear */
static int gre_parse(const uint8_t *p, size_t len, uint32_t *key,
		     size_t *hlen)
{
	size_t off = 4;
	uint16_t flags, proto;

	if (len < 4)
		return -1;
	flags = (uint16_t)(p[0] << 8 | p[1]);
	proto = (uint16_t)(p[2] << 8 | p[3]);
	if ((flags & 0x7) || (flags & 0x5000) || !(flags & 0x2000) ||
	    proto != ctrl_proto())
		return -1;
	if (flags & 0x8000)
		off += 4;
	if (len < off + 4)
		return -1;
	*key = (uint32_t)p[off] << 24 | (uint32_t)p[off + 1] << 16 |
	       (uint32_t)p[off + 2] << 8 | p[off + 3];
	*hlen = off + 4;
	return 0;
}

static void raw4_fn(struct watcher *w, uint32_t events)
{
	uint8_t buf[4096];
	struct addr src = { .family = AF_INET }, dst = { .family = AF_INET };
	size_t ihl, hlen, tot;
	uint32_t key;
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < 64; i++) {
		n = recv(w->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0)
			return;
		if (n < 20 || (buf[0] >> 4) != 4)
			continue;
		ihl = (size_t)(buf[0] & 0xf) * 4;
		tot = (size_t)(buf[2] << 8 | buf[3]);
		if (ihl < 20 || tot > (size_t)n || ihl >= tot)
			continue;
		/* fragments were reassembled before raw delivery */
		memcpy(src.a, buf + 12, 4);
		memcpy(dst.a, buf + 16, 4);
		if (gre_parse(buf + ihl, tot - ihl, &key, &hlen) ||
		    ihl + hlen >= tot)
			continue;
		handle(NULL, -1, buf + ihl + hlen, tot - ihl - hlen, &src,
		       &dst, key, now_ns());
	}
}

static void raw6_fn(struct watcher *w, uint32_t events)
{
	uint8_t buf[4096];
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct sockaddr_in6 from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct addr src = { .family = AF_INET6 }, dst = { .family = 0 };
	struct cmsghdr *cm;
	size_t hlen;
	uint32_t key;
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < 64; i++) {
		mh.msg_namelen = sizeof(from);
		mh.msg_controllen = sizeof(cbuf);
		n = recvmsg(w->fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			return;
		memcpy(src.a, &from.sin6_addr, 16);
		dst.family = 0;
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == IPPROTO_IPV6 &&
			    cm->cmsg_type == IPV6_PKTINFO &&
			    cm->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
				struct in6_pktinfo pi;

				memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
				dst.family = AF_INET6;
				memcpy(dst.a, &pi.ipi6_addr, 16);
			}
		if (!dst.family || gre_parse(buf, (size_t)n, &key, &hlen) ||
		    hlen >= (size_t)n)
			continue;
		handle(NULL, -1, buf + hlen, (size_t)n - hlen, &src, &dst, key,
		       now_ns());
	}
}

/* only the control protocol type reaches us, not the bonds' data */
static void raw_filter(int fd, bool v4)
{
	uint32_t proto = ctrl_proto();
	struct sock_filter f4[] = {
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, proto, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_filter f6[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, proto, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {
		.len = v4 ? ARRAY_SIZE(f4) : ARRAY_SIZE(f6),
		.filter = v4 ? f4 : f6,
	};

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
		       sizeof(prog)) < 0)
		warn("raw socket filter: %s", strerror(errno));
}

static int raw_open(struct watcher *w, int family)
{
	int one = 1;

	w->fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_GRE);
	if (w->fd < 0)
		return -errno;
	raw_filter(w->fd, family == AF_INET);
	if (family == AF_INET6)
		setsockopt(w->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
			   sizeof(one));
	w->fn = family == AF_INET ? raw4_fn : raw6_fn;
	return loop_add(w);
}

/* bonds named like ours are leftovers of an earlier run (SIGKILL, crash):
 * their tunnels would take the HGs' new setup requests away from us
 */
static void delete_leftovers(void)
{
	size_t plen = strlen(conf.haap.bond_prefix);
	struct dirent *de;
	const char *p;
	DIR *d;

	d = opendir("/sys/class/net");
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, conf.haap.bond_prefix, plen))
			continue;
		p = de->d_name + plen;
		if (!*p || strspn(p, "0123456789") != strlen(p))
			continue;
		warn("%s: left over from an earlier run, deleting it",
		     de->d_name);
		nl_link_del(nl_ifindex(de->d_name));
	}
	closedir(d);
}

int haap_start(void)
{
	char b4[INET6_ADDRSTRLEN], b6[INET6_ADDRSTRLEN];
	int r;

	slots = calloc(conf.haap.max_sessions / 8 + 1, 1);
	if (!slots)
		return -ENOMEM;
	r = haap_filter_init();
	if (r)
		return r;
	raw4_w.fd = raw6_w.fd = -1;
	delete_leftovers();
	r = raw_open(&raw4_w, AF_INET);
	if (r) {
		err("raw IPv4 GRE socket: %s", strerror(-r));
		return r;
	}
	r = raw_open(&raw6_w, AF_INET6);
	if (r) {
		warn("raw IPv6 GRE socket: %s (IPv6 HGs cannot set up)",
		     strerror(-r));
		raw6_w.fd = -1;
	}
	info("HAAP ready: %s dialect, H %s %s", gbcp_dialect_name(conf.dialect),
	     addr_str(&conf.haap.h4, b4, sizeof(b4)),
	     addr_str(&conf.haap.h6, b6, sizeof(b6)));
	return 0;
}

void haap_stop(void)
{
	struct sess *s;
	unsigned int i;

	for (i = 0; i < HASH_SIZE; i++)
		while ((s = by_id[i]))
			sess_free(s, true, conf.haap.teardown_code);
	if (raw4_w.fd >= 0)
		close(raw4_w.fd);
	if (raw6_w.fd >= 0)
		close(raw6_w.fd);
	free(slots);
}
