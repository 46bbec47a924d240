/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gbcpd: the RFC 8157 GRE tunnel bonding control daemon (HG and HAAP).
 *
 * One process, one epoll loop, no threads. The pieces:
 *   main.c    options, signals, the loop
 *   loop.c    epoll watchers and timers (one timerfd, a min-heap)
 *   conf.c    the configuration file
 *   nl.c      generic netlink (gre_bond) and rtnetlink requests
 *   proto.c   what both roles share: encode/send, hellos, RTT, state files
 *   policy.c  protocol decisions without side effects (host unit tested)
 *   hg.c      the home gateway role
 *   haap.c    the aggregation point role
 * Message encoding and decoding is libgbcp's (../libgbcp).
 */
#ifndef GBCPD_H
#define GBCPD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>

#include "gbcp.h"

#define GB_IFNAMSIZ	16	/* IFNAMSIZ */

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

/* exit codes */
#define GBCPD_EXIT_OK		0
#define GBCPD_EXIT_ERR		1	/* could not run at all */
#define GBCPD_EXIT_USAGE	2
#define GBCPD_EXIT_DENIED	3	/* the HAAP denied or tore us down */

/* --- logging (log.c) ---------------------------------------------------- */

enum { LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

extern int log_level;
void log_open(bool use_syslog, int level);
void log_msg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define err(...)	log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define warn(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define dbg(...)						\
	do {							\
		if (log_level >= LOG_LVL_DEBUG)			\
			log_msg(LOG_LVL_DEBUG, __VA_ARGS__);	\
	} while (0)

/* --- addresses ---------------------------------------------------------- */

struct addr {
	int family;		/* 0 (unset), AF_INET, AF_INET6 */
	uint8_t a[16];
};

struct prefix {
	struct addr addr;
	uint8_t len;
};

static inline size_t addr_len(const struct addr *a)
{
	return a->family == AF_INET ? 4 : a->family == AF_INET6 ? 16 : 0;
}

bool addr_eq(const struct addr *x, const struct addr *y);
/* text form into buf (INET6_ADDRSTRLEN), "-" if unset */
const char *addr_str(const struct addr *a, char *buf, size_t size);
int addr_parse(const char *s, struct addr *a);
int prefix_parse(const char *s, struct prefix *p);

/*
 * Config file values (util.c, shared with pmipd): an error is logged as
 * "path:line: key: why" and returned as -EINVAL (-ERANGE out of range).
 */
int conf_bad(const char *path, unsigned int line, const char *key,
	     const char *why);
int conf_u32(const char *path, unsigned int line, const char *key,
	     const char *v, uint32_t min, uint32_t max, uint32_t *out);

/* --- event loop (loop.c) ------------------------------------------------ */

struct watcher {
	int fd;
	void (*fn)(struct watcher *w, uint32_t events);
};

struct timer {
	uint64_t when;		/* CLOCK_MONOTONIC ns */
	int idx;		/* heap slot, -1 if not armed */
	void (*fn)(struct timer *t);
	void *data;
};

int loop_init(void);
int loop_add(struct watcher *w);
void loop_del(struct watcher *w);
int loop_run(void);		/* until loop_stop(); returns its code */
void loop_stop(int code);
bool loop_stopping(void);

uint64_t now_ns(void);
void timer_init(struct timer *t, void (*fn)(struct timer *t), void *data);
void timer_arm(struct timer *t, uint64_t when);
void timer_after_ms(struct timer *t, uint64_t ms);
void timer_cancel(struct timer *t);
static inline bool timer_armed(const struct timer *t)
{
	return t->idx >= 0;
}

/* --- configuration (conf.c) --------------------------------------------- */

enum role { ROLE_NONE, ROLE_HG, ROLE_HAAP };

/* the timers and thresholds an LTE Setup Accept carries */
struct params {
	uint32_t rtt_threshold_ms;	/* 9 */
	uint32_t bypass_interval_s;	/* 10 */
	uint32_t active_hello_s;	/* 14 */
	uint32_t hello_retry;		/* 15 */
	uint32_t idle_timeout_s;	/* 16 */
	uint32_t rtt_violation;		/* 24 */
	uint32_t rtt_compliance;	/* 25 */
	uint32_t idle_hello_s;		/* 31 */
	uint32_t no_traffic_s;		/* 32 */
};

#define CONF_MAX_PREFIXES	8

/* one configured filter item (HAAP; filter.c) */
struct conf_filter {
	uint16_t type;			/* enum gbcp_filter_type */
	uint16_t enable;		/* 1, or 0 for "disabled" */
	char *desc, *value;
};

struct conf_client {
	char cin[GBCP_CIN_LEN + 1];
	uint32_t dsl_up_kbps, dsl_down_kbps;	/* 0: the haap defaults */
	struct prefix addrs[CONF_MAX_PREFIXES];	/* on the bond */
	unsigned int n_addrs;
	struct prefix routes[CONF_MAX_PREFIXES];	/* through the bond */
	unsigned int n_routes;
	struct prefix v6_prefix;	/* attribute 13 (len 0: none) */
	struct conf_client *next;
};

struct conf_hg {
	char bond[GB_IFNAMSIZ];
	char cin[GBCP_CIN_LEN + 1];
	struct addr haap;		/* G: where the LTE Setup Request goes */
	struct addr dsl_local, lte_local;
	struct addr dsl_remote;		/* unset: H from the LTE Accept */
	char dsl_dev[GB_IFNAMSIZ], lte_dev[GB_IFNAMSIZ];
	uint32_t dsl_sync_kbps;
	uint32_t hello_ms;		/* 0: Active Hello Interval */
	uint32_t setup_retry_ms;
	uint32_t reconnect_ms;		/* after a Tear Down */
	struct addr dsl_gateway;	/* raw DSL next hop (Idle Timeout) */
	uint32_t idle_timeout_ms;	/* 0: the Accept's Idle Timeout */
	char prefix_dev[GB_IFNAMSIZ];	/* takes a /64 of attribute 13 */
	bool deny_exit;			/* exit on Deny, else stay idle */
	uint32_t teardown_code;		/* sent on shutdown */
	struct prefix addrs[CONF_MAX_PREFIXES];
	unsigned int n_addrs;
	struct prefix routes[CONF_MAX_PREFIXES];
	unsigned int n_routes;
	/* bypass (hg_bypass.c): where bypassed traffic goes */
	struct addr bypass_gw4, bypass_gw6;	/* unset: "dev dsl-dev" */
	uint32_t bypass_mark, bypass_table;
	bool bypass_nat;
	uint32_t fqdn_refresh_s;
};

struct conf_haap {
	char bond_prefix[GB_IFNAMSIZ - 5];
	struct addr h4, h6;		/* attributes 1 and 2 */
	struct params p;
	uint32_t hello_ms;		/* HG hello period we expect; 0: 14 */
	uint32_t dsl_up_kbps, dsl_down_kbps;	/* defaults, attrs 22, 23 */
	uint32_t setup_rate;		/* setup requests per second per source */
	uint32_t setup_burst;
	uint32_t max_sessions;
	uint32_t session_timeout_s;	/* no control message at all: gone */
	uint32_t teardown_code;		/* sent on shutdown */
	struct conf_client *clients;
	struct conf_filter *filters;	/* pushed to every HG */
	unsigned int n_filters;
};

struct conf {
	enum role role;
	enum gbcp_dialect dialect;
	char state_dir[PATH_MAX / 2];
	uint32_t hold_max_us;		/* 0: the module's default */
	struct params p;		/* HG: what we got; HAAP: what we send */
	struct conf_hg hg;
	struct conf_haap haap;
};

int conf_load(const char *path, struct conf *c);
void conf_free(struct conf *c);
const struct conf_client *conf_client_find(const struct conf *c,
					   const char *cin);

/* --- netlink (nl.c) ----------------------------------------------------- */

struct nl_tunnel {
	uint8_t id;
	uint8_t role;			/* enum gre_bond_role */
	const char *name;
	const struct addr *local, *remote;
	int link;			/* ifindex, 0 for none */
};

int nl_init(void (*ctrl_cb)(int ifindex, uint8_t tid, uint16_t proto,
			    uint32_t key, const uint8_t *payload, size_t len,
			    const struct addr *src, uint64_t ts));
void nl_fini(void);
int nl_ifindex(const char *name);
int nl_bond_create(const char *name);
/* create bond name, replacing a leftover: its ifindex, or -errno */
int nl_bond_create_fresh(const char *name);
int nl_link_del(int ifindex);
int nl_link_up(int ifindex, bool up);
int nl_bond_set(int ifindex, int64_t key, int64_t cir_kbps, int ctrl_alt,
		uint32_t hold_max_us);
int nl_tunnel_add(int ifindex, const struct nl_tunnel *t);
int nl_tunnel_remote(int ifindex, uint8_t id, const struct addr *remote);
/* -1: leave alone */
int nl_tunnel_state(int ifindex, uint8_t id, int admin, int oper,
		    int64_t rtt_us);
int nl_ctrl_send(int ifindex, uint8_t tid, uint16_t proto, uint32_t key,
		 const uint8_t *payload, size_t len, const struct addr *to);
int nl_addr_add(int ifindex, const struct prefix *p);
/* add or delete a route to p in table out of oif (through gw if set) */
int nl_route(bool add, uint32_t table, const struct prefix *p, int oif,
	     const struct addr *gw, uint32_t metric);
/* RTM_NEWLINK/DELLINK events: cb(ifindex, up and running) */
int nl_link_watch(void (*cb)(int ifindex, bool up));
/* 1 up and running, 0 not, -errno */
int nl_link_usable(int ifindex);
/* the bypass: ip rule fwmark MARK/MARK table T, and T's default route */
int nl_rule_fwmark(bool add, int family, uint32_t mark, uint32_t table,
		   uint32_t prio);

/* --- protocol pieces both roles share (proto.c) ------------------------- */

enum { TUN_DSL, TUN_LTE, N_TUN };	/* also the kernel tunnel ids */

#define HELLO_RING	16

struct tun {
	bool present;			/* added to the kernel bond */
	struct addr local, remote;
	bool up;			/* hellos come back */
	bool ever_up;
	bool disabled;			/* administratively (RTT difference) */
	uint32_t missed;		/* hellos in a row without reply */
	bool replied;			/* reply since the last hello */
	uint32_t rtt_us;		/* last measurement */
	bool rtt_valid;
	uint64_t last_rx;		/* last control message, ns */
	uint64_t hello_tx, hello_rx;
	struct {
		struct gbcp_timestamp ts;
		uint64_t sent;
	} ring[HELLO_RING];
	unsigned int ring_next;
};

enum sess_state {
	SS_INIT,		/* nothing sent yet */
	SS_LTE_SETUP,		/* LTE Setup Request sent, waiting */
	SS_DSL_SETUP,		/* LTE up, DSL Setup Request sent */
	SS_UP,			/* both accepted */
	SS_DENIED,		/* denied: idle */
	SS_DOWN,		/* torn down, waiting to reconnect */
};

/* A.13: a Tunnel Verification of a session's LTE tunnel (HAAP) */
#define VERIFY_TRIES	3	/* 1 + 2 retries (5.6.15) */

struct verify {
	bool active;
	unsigned int tries;		/* Notify 35 sent so far */
	/* the conflicting LTE Setup Request, answered when it ends */
	struct addr src, dst;
	uint32_t key;
};

/* a pending Notify, repeated until its echo comes back */
struct notify {
	uint64_t flags;		/* attribute bits (flags, and 21 below) */
	struct gbcp_ipv6_prefix host_prefix;	/* 21 */
	int tunnel;		/* TUN_* */
	unsigned int tries;
};

struct sess {
	enum role role;
	enum sess_state state;
	char bond[GB_IFNAMSIZ];
	int ifindex;
	uint32_t key, session_id;
	char cin[GBCP_CIN_LEN + 1];
	struct params p;
	uint32_t hello_ms;
	struct tun t[N_TUN];
	uint32_t dsl_sync_kbps;
	uint32_t dsl_up_kbps, dsl_down_kbps, cir_kbps;
	struct addr h;			/* HAAP end point (HG: from the Accept) */

	bool lte_use;			/* LTE carries traffic */
	const char *lte_why;		/* why not, or why again */
	uint32_t viol, compl;		/* RTT difference, in a row */
	int64_t rtt_diff_us;		/* last |LTE - DSL|, -1 none */
	bool idle;			/* hello state idle (5.2.14) */
	uint64_t last_traffic;		/* HG: bond counters last moved, ns */
	uint64_t last_pkts;		/* HG: bond rx + tx packets then */
	uint64_t last_hello;		/* HG: hellos last sent, ns */
	uint64_t all_down_since;	/* HG: both tunnels failed, ns */
	uint64_t gone_since;		/* HG: no bonding session since, ns */
	bool fallback;			/* HG: routes via raw DSL (16) */
	bool link_down[N_TUN];		/* HG: underlay device down */
	bool lte_revive;		/* HG: LTE Request with Session ID */
	int diag;			/* diagnostic running: attr 26-28, 0 */
	struct prefix v6_prefix;	/* attribute 13 (len 0: none) */
	struct prefix host_prefix;	/* attribute 21 (len 0: none) */
	struct verify verify;		/* HAAP */

	struct notify ntf;
	struct timer hello_timer;	/* HG: send; HAAP: check liveness */
	struct timer setup_timer;	/* HG: setup retries, reconnect */
	struct timer notify_timer;
	struct timer idle_timer;	/* HG: Idle Timeout; HAAP: verify */
	uint64_t created, last_rx;
	uint32_t last_error;		/* last error code seen or sent */
	struct filter_sess *flt;	/* filter list and bypass, or NULL */

	/* HAAP bookkeeping */
	const struct conf_client *client;
	struct sess *next_id, *next_cin, *next_key;
	unsigned int slot;		/* bond name number */
};

extern struct conf conf;

uint16_t ctrl_proto(void);
/* encode and send msg on tunnel tid of s with key (to: override or NULL) */
int send_msg(struct sess *s, int tid, struct gbcp_msg *msg, uint32_t key,
	     const struct addr *to);
void ts_now(struct gbcp_timestamp *ts);
const char *sess_state_name(enum sess_state st);
const char *tun_name(int tid);
/* a Hello came back (HG) on tid: RTT, oper state, RTT difference logic */
void hello_reply(struct sess *s, int tid, const struct gbcp_msg *m,
		 uint64_t arrival);
/* a hello period passed without reply on tid: count, fail at limit */
void hello_missed(struct sess *s, int tid, uint32_t limit);
/* tunnel tid up or failed, why for the log (NULL: by its hellos) */
void tun_set_up(struct sess *s, int tid, bool up, const char *why);
void lte_use_set(struct sess *s, bool use, const char *why);
void notify_start(struct sess *s, int tid, uint64_t flags);
void notify_timer_fn(struct timer *t);
/* echo of a pending notify arrived */
void notify_acked(struct sess *s, const struct gbcp_msg *m);
int state_write(const struct sess *s);
/* rx + tx packets of a netdev, from sysfs; false if unreadable */
bool dev_packets(const char *dev, uint64_t *pkts);
void state_remove(const struct sess *s);
int rand_u32(uint32_t *v);

/* --- filter lists and bypass (haap_filter.c, hg_bypass.c) ------------- */

struct json;
/* the "filter_list" object of the state file */
void filter_json(struct json *j, const struct sess *s);
int haap_filter_init(void);
void haap_filter_push(struct sess *s);
void haap_filter_ack(struct sess *s, const struct gbcp_filter_ack *ack);
void haap_filter_free(struct sess *s);
/* HG: a Notify's filter fragment; fills the ACK into a when one is due */
void hg_filter_rx(struct sess *s, const struct gbcp_msg *m,
		  struct gbcp_msg *a);
/* HG: a Notify failed to decode; NACK a filter list in it if there is one */
void hg_filter_bad(struct sess *s, int tid, const uint8_t *payload,
		   size_t len);
void hg_bypass_stop(struct sess *s);
/* --- protocol decisions (policy.c, host unit tested) -------------------- */

/* which side starts a Notify carrying attr (ROLE_NONE: not a Notify's) */
enum role notify_initiator(unsigned int attr);
/* of a received Notify's attributes, those side `me` echoes as the ACK */
uint64_t notify_echo_mask(enum role me, uint64_t present);

enum lte_req {
	LTE_REQ_NEW,		/* no session for the CIN */
	LTE_REQ_SAME_ACCEPT,	/* our Accept was lost: send it again */
	LTE_REQ_REVIVE,		/* Session ID + key: revive its LTE tunnel */
	LTE_REQ_VERIFY,		/* conflict: Tunnel Verification first */
};

/* what an LTE Setup Request means for the CIN's session s (or NULL) */
enum lte_req lte_request_kind(const struct sess *s, const struct addr *src,
			      const struct addr *dst, bool has_sid,
			      uint32_t sid, uint32_t key);

enum verify_step { VERIFY_IDLE, VERIFY_SEND, VERIFY_DEAD };
/* one verification period passed: send again, or the tunnel is dead */
enum verify_step verify_tick(struct verify *v);

bool idle_timeout_passed(uint64_t gone_since, uint64_t now,
			 uint64_t timeout_ns);
/* the HG's Idle Timeout: the configured override (ms) or the Accept's */
uint64_t idle_timeout_ns(uint32_t conf_ms, uint32_t accept_s);
/* tunnel to report failed_tid's link failure on; *attr = 18 or 19 */
int link_failure_report(int failed_tid, unsigned int *attr);
bool ipv6_prefix_ok(const struct gbcp_ipv6_prefix *p);

/* --- roles -------------------------------------------------------------- */

int hg_start(void);
void hg_stop(void);
/* SIGUSR1: start a bonding diagnostic (Notify 26); SIGUSR2: end it (29) */
void hg_diag(bool start);
void hg_ctrl(int ifindex, uint8_t tid, uint16_t proto, uint32_t key,
	     const uint8_t *payload, size_t len, const struct addr *src,
	     uint64_t ts);

int haap_start(void);
void haap_stop(void);
void haap_ctrl(int ifindex, uint8_t tid, uint16_t proto, uint32_t key,
	       const uint8_t *payload, size_t len, const struct addr *src,
	       uint64_t ts);

#endif /* GBCPD_H */
