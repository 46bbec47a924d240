// SPDX-License-Identifier: GPL-2.0
/*
 * gbcpd: what the HG and HAAP roles share: sending messages, hellos and
 * RTT, tunnel failure, the RTT difference switch, Notify retries, and the
 * per-bond state files that "bondctl session show" reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/gre_bond.h>

#include "gbcpd.h"
#include "json.h"

uint16_t ctrl_proto(void)
{
	return conf.dialect == GBCP_DIALECT_DT ? GBCP_GRE_PROTO_DT :
						 GBCP_GRE_PROTO_RFC;
}

const char *tun_name(int tid)
{
	return tid == TUN_DSL ? "dsl" : tid == TUN_LTE ? "lte" : "?";
}

const char *sess_state_name(enum sess_state st)
{
	static const char *const n[] = {
		[SS_INIT] = "init", [SS_LTE_SETUP] = "lte-setup",
		[SS_DSL_SETUP] = "dsl-setup", [SS_UP] = "up",
		[SS_DENIED] = "denied", [SS_DOWN] = "down",
	};

	return st < ARRAY_SIZE(n) ? n[st] : "?";
}

int rand_u32(uint32_t *v)
{
	ssize_t n;

	do {
		n = getrandom(v, sizeof(*v), 0);
	} while (n < 0 && errno == EINTR);
	return n == sizeof(*v) ? 0 : -EIO;
}

void ts_now(struct gbcp_timestamp *ts)
{
	uint64_t ns = now_ns();

	ts->sec = (uint32_t)(ns / NSEC_PER_SEC);
	ts->msec = (uint32_t)(ns % NSEC_PER_SEC / NSEC_PER_MSEC);
}

int send_msg(struct sess *s, int tid, struct gbcp_msg *msg, uint32_t key,
	     const struct addr *to)
{
	uint8_t buf[GBCP_MSG_MAX_LEN];
	const char *why = NULL;
	char line[256];
	int len, r;

	msg->tunnel = tid == TUN_DSL ? GBCP_TUNNEL_DSL : GBCP_TUNNEL_LTE;
	len = gbcp_encode_err(msg, conf.dialect, buf, sizeof(buf), &why);
	if (len < 0) {
		err("%s: cannot encode %s: %s", s->bond,
		    gbcp_msg_type_name(msg->type), why ? why : strerror(-len));
		return len;
	}
	if (log_level >= LOG_LVL_DEBUG) {
		gbcp_msg_format(msg, line, sizeof(line));
		dbg("%s: send on %s: %s", s->bond, tun_name(tid), line);
	}
	r = nl_ctrl_send(s->ifindex, (uint8_t)tid, ctrl_proto(), key, buf,
			 (size_t)len, to);
	if (r)
		dbg("%s: send %s on %s: %s", s->bond,
		    gbcp_msg_type_name(msg->type), tun_name(tid), strerror(-r));
	return r;
}

void tun_set_up(struct sess *s, int tid, bool up, const char *why)
{
	struct tun *t = &s->t[tid];

	if (t->up == up)
		return;
	t->up = up;
	if (up) {
		t->ever_up = true;
	} else {
		/* late answers to hellos of before the failure measure
		 * nothing: forget them, and count the RTT difference afresh
		 */
		t->rtt_valid = false;
		memset(t->ring, 0, sizeof(t->ring));
		s->viol = s->compl = 0;
	}
	info("%s: %s tunnel %s (%s)", s->bond, tun_name(tid),
	     up ? "up" : "failed",
	     why ? why : up ? "hellos answered" : "hellos unanswered");
	if (t->present)
		nl_tunnel_state(s->ifindex, (uint8_t)tid, -1,
				up ? GRE_BOND_OPER_UP : GRE_BOND_OPER_DOWN, -1);
	state_write(s);
}

void hello_missed(struct sess *s, int tid, uint32_t limit)
{
	struct tun *t = &s->t[tid];

	if (t->replied) {
		t->replied = false;
		t->missed = 0;
		return;
	}
	t->missed++;
	dbg("%s: %s: %u hello periods without answer", s->bond,
	    tun_name(tid), t->missed);
	if (t->missed >= limit && t->up)
		tun_set_up(s, tid, false, NULL);
}

void lte_use_set(struct sess *s, bool use, const char *why)
{
	s->lte_use = use;
	s->lte_why = why;
	info("%s: LTE %s (%s)", s->bond, use ? "in use again" : "not used",
	     why);
	if (s->t[TUN_LTE].present)
		nl_tunnel_state(s->ifindex, TUN_LTE,
				use ? GRE_BOND_ADMIN_UP : GRE_BOND_ADMIN_DISABLED,
				-1, -1);
	s->t[TUN_LTE].disabled = !use;
	state_write(s);
}

/* RFC 8157 4.7: one measurement of the DSL/LTE RTT difference */
static void rtt_diff_check(struct sess *s)
{
	struct tun *d = &s->t[TUN_DSL], *l = &s->t[TUN_LTE];
	uint64_t thr = (uint64_t)s->p.rtt_threshold_ms * 1000;
	int64_t diff;

	if (!d->rtt_valid || !l->rtt_valid || !d->up || !l->up || s->idle)
		return;		/* no RTT detection in the Idle state (5.6.14) */
	diff = (int64_t)l->rtt_us - (int64_t)d->rtt_us;
	if (diff < 0)
		diff = -diff;
	s->rtt_diff_us = diff;
	if (!s->p.rtt_threshold_ms)
		return;		/* 0: no switching (the RFC leaves it open) */
	if ((uint64_t)diff > thr) {
		s->compl = 0;
		if (s->viol < UINT32_MAX)
			s->viol++;
		if (s->viol > s->p.rtt_violation && s->lte_use) {
			lte_use_set(s, false, "RTT difference above threshold");
			if (s->role == ROLE_HG)
				notify_start(s, TUN_DSL,
					     1ULL << GBCP_A_SWITCH_TO_DSL);
		}
	} else {
		s->viol = 0;
		if (s->compl < UINT32_MAX)
			s->compl++;
		if (s->compl > s->p.rtt_compliance && !s->lte_use) {
			lte_use_set(s, true, "RTT difference compliant");
			if (s->role == ROLE_HG)
				notify_start(s, TUN_DSL,
					     1ULL << GBCP_A_OVERFLOW_TO_LTE);
		}
	}
}

void hello_reply(struct sess *s, int tid, const struct gbcp_msg *m,
		 uint64_t arrival)
{
	struct tun *t = &s->t[tid];
	uint64_t sent = 0, rtt;
	unsigned int i;

	t->hello_rx++;
	t->replied = true;
	t->missed = 0;
	if (gbcp_has(m, GBCP_A_TIMESTAMP)) {
		for (i = 0; i < HELLO_RING; i++)
			if (t->ring[i].sent &&
			    t->ring[i].ts.sec == m->timestamp.sec &&
			    t->ring[i].ts.msec == m->timestamp.msec) {
				sent = t->ring[i].sent;
				t->ring[i].sent = 0;	/* count it once */
				break;
			}
	}
	if (!t->up)
		tun_set_up(s, tid, true, NULL);
	if (!sent || arrival < sent) {
		dbg("%s: %s: hello echo without a stamp of ours", s->bond,
		    tun_name(tid));
		return;
	}
	rtt = (arrival - sent) / 1000;
	if (rtt > 60ULL * 1000 * 1000)
		return;		/* a minute: not an answer to a live hello */
	t->rtt_us = (uint32_t)rtt;
	t->rtt_valid = true;
	dbg("%s: %s rtt %u us", s->bond, tun_name(tid), t->rtt_us);
	/* the kernel derives the reorder hold time from both RTTs */
	nl_tunnel_state(s->ifindex, (uint8_t)tid, -1, -1, t->rtt_us);
	if (tid == TUN_LTE)
		rtt_diff_check(s);
	state_write(s);
}

static void notify_send(struct sess *s)
{
	struct gbcp_msg m;
	unsigned int a;

	gbcp_msg_init(&m, GBCP_MSG_NOTIFY, GBCP_TUNNEL_DSL);
	for (a = 0; a < 64; a++)
		if (s->ntf.flags >> a & 1)
			gbcp_set(&m, a);
	m.prefix_host = s->ntf.host_prefix;
	send_msg(s, s->ntf.tunnel, &m, s->key, NULL);
}

void notify_start(struct sess *s, int tid, uint64_t flags)
{
	/* one Notify in flight: a new one on the same tunnel joins it */
	if (s->ntf.flags && s->ntf.tunnel == tid)
		flags |= s->ntf.flags;
	else if (s->ntf.flags)
		dbg("%s: Notify on %s replaced before its echo", s->bond,
		    tun_name(s->ntf.tunnel));
	s->ntf.flags = flags;
	s->ntf.tunnel = tid;
	s->ntf.tries = 1;
	notify_send(s);
	timer_after_ms(&s->notify_timer, s->hello_ms);
}

void notify_timer_fn(struct timer *tm)
{
	struct sess *s = tm->data;

	if (!s->ntf.flags)
		return;
	if (s->ntf.tries >= s->p.hello_retry) {
		warn("%s: Notify not acknowledged after %u tries", s->bond,
		     s->ntf.tries);
		s->ntf.flags = 0;
		return;
	}
	s->ntf.tries++;
	notify_send(s);
	timer_after_ms(&s->notify_timer, s->hello_ms);
}

void notify_acked(struct sess *s, const struct gbcp_msg *m)
{
	if (s->ntf.flags && (m->present & s->ntf.flags) == s->ntf.flags) {
		dbg("%s: Notify acknowledged", s->bond);
		s->ntf.flags = 0;
		timer_cancel(&s->notify_timer);
	}
}

/* --- state files ------------------------------------------------------- */

static void json_addr(struct json *j, const char *key, const struct addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (a->family)
		json_str(j, key, addr_str(a, buf, sizeof(buf)));
	else
		json_null(j, key);
}

static void json_prefix(struct json *j, const char *key,
			const struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];

	if (!p->len) {
		json_null(j, key);
		return;
	}
	addr_str(&p->addr, buf, INET6_ADDRSTRLEN);
	snprintf(buf + strlen(buf), 8, "/%u", p->len);
	json_str(j, key, buf);
}

static void write_json(FILE *f, const struct sess *s)
{
	struct json j;
	int i;

	json_init(&j, f, true);
	json_obj_open(&j, NULL);
	json_str(&j, "bond", s->bond);
	json_str(&j, "role", s->role == ROLE_HG ? "hg" : "haap");
	json_str(&j, "dialect", gbcp_dialect_name(conf.dialect));
	json_str(&j, "state", sess_state_name(s->state));
	json_str(&j, "cin", s->cin);
	json_u64(&j, "session_id", s->session_id);
	json_bool(&j, "key_set", s->key != 0);
	json_addr(&j, "haap_address", &s->h);
	json_str(&j, "hello_state", s->idle ? "idle" : "active");
	json_u64(&j, "hello_interval_ms", s->hello_ms);
	json_u64(&j, "hello_retry", s->p.hello_retry);
	json_bool(&j, "lte_use", s->lte_use);
	json_str(&j, "lte_why", s->lte_why ? s->lte_why : "");
	if (s->rtt_diff_us >= 0)
		json_s64(&j, "rtt_diff_us", s->rtt_diff_us);
	else
		json_null(&j, "rtt_diff_us");
	json_u64(&j, "rtt_threshold_ms", s->p.rtt_threshold_ms);
	json_u64(&j, "rtt_violations", s->viol);
	json_u64(&j, "rtt_compliances", s->compl);
	json_u64(&j, "cir_kbps", s->cir_kbps);
	json_u64(&j, "dsl_up_kbps", s->dsl_up_kbps);
	json_u64(&j, "dsl_down_kbps", s->dsl_down_kbps);
	json_u64(&j, "dsl_sync_kbps", s->dsl_sync_kbps);
	filter_json(&j, s);
	json_str(&j, "diagnostic", s->diag == GBCP_A_DIAG_START_BONDING ?
		 "bonding" : s->diag == GBCP_A_DIAG_START_DSL ? "dsl" :
		 s->diag == GBCP_A_DIAG_START_LTE ? "lte" : "");
	json_prefix(&j, "ipv6_prefix", &s->v6_prefix);
	json_prefix(&j, "host_prefix", &s->host_prefix);
	json_bool(&j, "raw_dsl_fallback", s->fallback);
	json_u64(&j, "last_error", s->last_error);
	json_str(&j, "last_error_name",
		 s->last_error ? gbcp_error_name(s->last_error) : "");
	json_arr_open(&j, "tunnels");
	for (i = 0; i < N_TUN; i++) {
		const struct tun *t = &s->t[i];

		if (!t->present)
			continue;
		json_obj_open(&j, NULL);
		json_u64(&j, "id", (uint64_t)i);
		json_str(&j, "name", tun_name(i));
		json_addr(&j, "local", &t->local);
		json_addr(&j, "remote", &t->remote);
		json_str(&j, "state", t->up ? "up" : "down");
		if (s->role == ROLE_HG)
			json_bool(&j, "link_up", !s->link_down[i]);
		json_bool(&j, "disabled", t->disabled);
		if (t->rtt_valid)
			json_u64(&j, "rtt_us", t->rtt_us);
		else
			json_null(&j, "rtt_us");
		json_u64(&j, "missed", t->missed);
		json_u64(&j, "hello_tx", t->hello_tx);
		json_u64(&j, "hello_rx", t->hello_rx);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
}

int state_write(const struct sess *s)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;
	int fd;

	if (!s->bond[0] || !conf.state_dir[0])
		return 0;
	if (mkdir(conf.state_dir, 0755) < 0 && errno != EEXIST) {
		dbg("state dir %s: %s", conf.state_dir, strerror(errno));
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/%s.json", conf.state_dir, s->bond);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -errno;
	}
	write_json(f, s);
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -errno;
	}
	return 0;
}

void state_remove(const struct sess *s)
{
	char path[PATH_MAX];

	if (!s->bond[0] || !conf.state_dir[0])
		return;
	snprintf(path, sizeof(path), "%s/%s.json", conf.state_dir, s->bond);
	unlink(path);
}
