/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pmipd: the PMIPv6 mobility daemon (RFC 5213) with RFC 8278 multipath
 * bindings, in the MAG or the LMA role.
 *
 *   main.c    options, signals, the MH socket, wiring of the roles
 *   conf.c    the configuration file
 *   lma.c     LMA decisions: PBU checks, binding cache, PBA (no I/O)
 *   mag.c     MAG state per access link: PBU, PBA, timers (no I/O)
 *   nl.c      pmip_mmb generic netlink and rtnetlink requests
 * The event loop, logging and address helpers are gbcpd's (../gbcpd);
 * the Mobility Header codec is libpmip's (../libpmip).
 */
#ifndef PMIPD_H
#define PMIPD_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/pmip_mmb.h>

#include "gbcpd.h"	/* loop, timers, logging, struct addr/prefix */
#include "pmip.h"

#define PD_MAX_LINKS	8	/* access links of a MAG */
#define PD_MAX_MN	64	/* mobile nodes configured on an LMA */
#define PD_MAX_MAGS	16	/* "mag-allow" prefixes */
#define PD_MAX_BCE	16384	/* binding cache entries of an LMA */
#define PD_MAX_BIND	8	/* bindings of one mobile node */
#define PD_MAX_ACT	(PD_MAX_BIND + 2)

/* exit codes */
#define PD_EXIT_OK	0
#define PD_EXIT_ERR	1
#define PD_EXIT_USAGE	2

/* RFC 6275 §13 / RFC 5213 §6.9.4: PBU retransmission */
#define PD_INITIAL_BINDACK_MS	1000
#define PD_MAX_BINDACK_MS	32000

enum pd_role { PD_ROLE_NONE, PD_ROLE_MAG, PD_ROLE_LMA };

struct pd_link_conf {
	char ifname[GB_IFNAMSIZ];
	struct in6_addr pcoa;	/* our address on that link */
	struct in6_addr lma;	/* the LMA address reached through it */
	uint8_t att;		/* If-ATT */
	uint8_t label;		/* If-Label */
	uint8_t bid;		/* Binding ID, 1..254 */
};

struct pd_mn_conf {
	struct pmip_ident id;	/* NAI */
	bool multipath;		/* may register several bindings */
};

struct pd_conf {
	enum pd_role role;
	char steer_dev[GB_IFNAMSIZ];	/* the pmip_mmb device, "pm0" */
	bool timestamps;		/* timestamp scheme (else sequence) */
	bool gre;			/* "tunnel gre": RFC 5845 keyed ip6gre */
	bool gre_required;		/* LMA: a PBU without GRE Key -> 163 */
	char state_file[256];		/* counters and bindings, "" = none */

	/* MAG */
	struct pmip_ident mn_id;
	struct pmip_ident mag_id;
	char access_if[GB_IFNAMSIZ];	/* the mobile node's link */
	uint32_t lifetime_s;		/* requested */
	uint32_t table;			/* source-routing table */
	bool multipath;			/* ask for RFC 8278 bindings */
	unsigned int n_links;
	struct pd_link_conf links[PD_MAX_LINKS];

	/* LMA */
	uint32_t max_lifetime_s;
	uint32_t ts_window_ms;		/* TimestampValidityWindow */
	struct prefix pool;		/* HNPs are carved from it */
	uint8_t pool_plen;		/* ... with this length */
	bool mn_any;			/* unknown MNs accepted */
	bool mn_any_multipath;		/* ... with multipath */
	unsigned int n_mags;
	struct prefix mags[PD_MAX_MAGS];	/* empty: any MAG */
	unsigned int n_mn;
	struct pd_mn_conf mn[PD_MAX_MN];
};

void pd_conf_defaults(struct pd_conf *c);
int pd_conf_load(const char *path, struct pd_conf *c);
int pd_conf_parse(const char *path, const char *text, struct pd_conf *c);

/* --- counters ------------------------------------------------------------ */

struct pd_stats {
	uint64_t rx;			/* MH messages read */
	uint64_t rx_malformed;		/* libpmip refused them: dropped */
	uint64_t rx_unexpected;		/* PBU at a MAG, PBA at an LMA */
	uint64_t rx_unmatched;		/* PBA of no outstanding PBU */
	uint64_t rx_ignored;		/* de-registration of no binding */
	uint64_t tx;
	uint64_t tx_err;
	uint64_t accepted;		/* PBAs sent / received accepting */
	uint64_t rejected;
	uint64_t retransmits;
	uint64_t nl_err;		/* kernel requests that failed */
	uint64_t status[256];		/* PBAs by status */
};

/* --- tunnels --------------------------------------------------------------- */

/*
 * How a binding's tunnel encapsulates. RFC 5845: each side receives with
 * the key it chose itself and sends with the key its peer asked for.
 */
struct pd_encap {
	bool gre;			/* ip6gre, else ip6ip6 */
	bool keyed;			/* GRE with the keys below */
	uint32_t ikey;			/* ours: the peer sends with it */
	uint32_t okey;			/* the peer's: we send with it */
};

bool pd_encap_eq(const struct pd_encap *a, const struct pd_encap *b);

/* --- LMA (lma.c) ---------------------------------------------------------- */

struct pd_binding {
	uint8_t bid;
	uint8_t att;
	uint8_t label;
	bool installed;			/* in the kernel (I/O layer's mark) */
	struct in6_addr pcoa;		/* the PBU's source */
	struct in6_addr lmaa;		/* the PBU's destination */
	uint64_t expires_ns;		/* CLOCK_MONOTONIC */
	uint32_t lifetime_s;
	int tunnel;			/* ifindex, I/O layer's */
	struct in6_addr tun_remote;	/* the tunnel's, I/O layer's */
	struct pd_encap encap;		/* negotiated by the last PBU */
	struct pd_encap tun_encap;	/* the tunnel's, I/O layer's */
	/*
	 * With multipath, freshness is per binding: the PBUs of two
	 * bindings travel different paths and may overtake each other.
	 */
	bool has_ts;
	struct pmip_timestamp last_ts;
	uint16_t last_seq;
};

struct pd_bce {
	bool used;
	bool installed;			/* session in the kernel */
	bool multipath;			/* RFC 8278 bindings (else one) */
	struct pmip_ident mn_id;
	struct pmip_prefix hnp;
	uint32_t pool_slot;
	int32_t hnext;			/* next entry in the MN-ID hash chain */
	uint16_t key_gen;		/* in its GRE keys: no reuse at once */
	bool has_ts;
	struct pmip_timestamp last_ts;	/* newest accepted */
	bool has_seq;
	uint16_t last_seq;
	unsigned int n_bind;
	struct pd_binding bind[PD_MAX_BIND];
};

/* what the I/O layer must do to the kernel after lma_process() */
enum pd_act_op {
	PD_ACT_SESSION_ADD,
	PD_ACT_SESSION_DEL,
	PD_ACT_BIND_SET,	/* add or update (a new lifetime) */
	PD_ACT_BIND_DEL,
};

struct pd_act {
	enum pd_act_op op;
	unsigned int bce;		/* index into lma.bce */
	struct pd_binding bind;		/* BIND_*: a copy (DEL: the removed) */
};

#define PD_HASH		(2 * PD_MAX_BCE)

struct pd_lma {
	const struct pd_conf *conf;
	struct pd_bce bce[PD_MAX_BCE];
	int32_t slot_bce[PD_MAX_BCE];	/* pool slot -> entry, -1: free */
	int32_t hash[PD_HASH];		/* MN-ID hash -> first entry, -1 */
	uint32_t free_hint;		/* where to look for a free entry */
	uint32_t slot_hint;		/* ... and for a free pool slot */
	uint16_t key_gen;		/* the next entry's */
	unsigned int n_act;
	struct pd_act act[PD_MAX_ACT];
};

/* the context of one received PBU */
struct pd_rx {
	struct in6_addr src, dst;
	uint64_t real_ns;		/* CLOCK_REALTIME */
	uint64_t mono_ns;		/* CLOCK_MONOTONIC */
};

void lma_init(struct pd_lma *l, const struct pd_conf *c);
/*
 * Process one decoded PBU: checks in RFC 5213 §5.3.1 order, the §5.4.1
 * lookup extended to several bindings per mobile node (RFC 8278), the
 * binding cache update. Fills @pba; l->act lists the kernel changes.
 * Return: true if @pba is to be sent (false: silently ignored).
 */
bool lma_process(struct pd_lma *l, const struct pmip_msg *pbu,
		 const struct pd_rx *rx, struct pmip_msg *pba);
/* entry @i's bindings whose lifetime ran out by @mono_ns go (l->act) */
void lma_expire_bce(struct pd_lma *l, unsigned int i, uint64_t mono_ns);
/*
 * The uplink GRE key of binding @bid of entry @i: unique among the live
 * bindings of this LMA (the entry index and the BID are in it).
 */
uint32_t lma_gre_key(const struct pd_lma *l, unsigned int i, uint8_t bid);
/* the entry of mobile node @id, or -1 */
int lma_find(const struct pd_lma *l, const struct pmip_ident *id);
/* the earliest expiry of any binding, or 0 */
uint64_t lma_next_expiry(const struct pd_lma *l);
int lma_pool_prefix(const struct pd_conf *c, uint32_t slot,
		    struct pmip_prefix *p);
/* RFC 6275 §9.5.1: @seq newer than @last (mod 2^16, 32768 window) */
bool pd_seq_newer(uint16_t seq, uint16_t last);
int pd_ts_cmp(const struct pmip_timestamp *a, const struct pmip_timestamp *b);

/* --- MAG (mag.c) ---------------------------------------------------------- */

enum pd_link_state {
	PD_LINK_DOWN,		/* the access link has no carrier */
	PD_LINK_IDLE,		/* up, not registered (waiting its turn) */
	PD_LINK_REG,		/* PBU sent, waiting for the PBA */
	PD_LINK_BOUND,		/* registered */
	PD_LINK_DEREG,		/* de-registration sent */
};

enum pd_mp { PD_MP_UNKNOWN, PD_MP_ON, PD_MP_OFF };

struct pd_mag_link {
	const struct pd_link_conf *conf;
	int ifindex;
	bool up;			/* carrier and admin up */
	enum pd_link_state state;
	bool pending;			/* a PBU waits for its PBA */
	bool pending_mmb;		/* ... and it carried the MMB option */
	uint16_t seq;			/* of that PBU */
	uint8_t hi;			/* its Handoff Indicator */
	uint32_t retx_ms;		/* current PBA timeout */
	uint32_t tries;
	uint32_t granted_s;
	uint64_t deadline_ns;		/* retransmit or refresh, mono */
	uint64_t expires_ns;		/* the binding's end, mono */
	bool installed;			/* binding in the kernel (I/O's) */
	int tunnel;			/* I/O layer's */
	struct pd_encap encap;		/* learnt from the last PBA */
	struct pd_encap tun_encap;	/* the tunnel's, I/O layer's */
};

struct pd_mag {
	const struct pd_conf *conf;
	enum pd_mp mp;
	bool has_hnp;
	struct pmip_prefix hnp;		/* learned from the first PBA */
	bool session_installed;
	uint16_t next_seq;
	uint32_t key_salt;		/* 24 bits of our GRE keys */
	unsigned int n_links;
	struct pd_mag_link link[PD_MAX_LINKS];
};

/* what the I/O layer must do after a MAG event */
struct pd_mag_out {
	unsigned int n_pbu;
	struct {
		unsigned int link;
		struct pmip_msg msg;
	} pbu[2 * PD_MAX_LINKS];
	unsigned int n_retx;
	unsigned int n_act;
	struct {
		enum pd_act_op op;
		unsigned int link;
	} act[2 * PD_MAX_LINKS + 2];
};

void mag_init(struct pd_mag *m, const struct pd_conf *c, uint16_t seq0);
void mag_link_event(struct pd_mag *m, unsigned int link, bool up,
		    uint64_t real_ns, uint64_t mono_ns, struct pd_mag_out *o);
/*
 * Link @i's care-of address became usable (added, or its DAD done): a PBU
 * waiting for its back-off timer goes now.
 */
void mag_addr_event(struct pd_mag *m, unsigned int i, uint64_t real_ns,
		    uint64_t mono_ns, struct pd_mag_out *o);
/* our downlink GRE key for link @i: unique among this MAG's bindings */
uint32_t mag_gre_key(const struct pd_mag *m, unsigned int i);
/* PD_LINK_DEREG give up after this many tries (no PBA needed to go) */
#define PD_DEREG_TRIES	3
/* a PBA from @src; false if it matched no outstanding PBU */
bool mag_pba(struct pd_mag *m, const struct pmip_msg *pba,
	     const struct in6_addr *src, uint64_t real_ns, uint64_t mono_ns,
	     struct pd_mag_out *o);
void mag_tick(struct pd_mag *m, uint64_t real_ns, uint64_t mono_ns,
	      struct pd_mag_out *o);
/* all links de-register (shutdown) */
void mag_stop(struct pd_mag *m, uint64_t real_ns, struct pd_mag_out *o);
uint64_t mag_next_deadline(const struct pd_mag *m);
/* timer math */
uint32_t mag_retx_next(uint32_t ms);
uint64_t mag_refresh_after_ms(uint32_t granted_s);

/* --- netlink (nl.c) -------------------------------------------------------- */

/* with_genl false: rtnetlink only (pmipd -n) */
int pd_nl_init(bool with_genl);
int pd_nl_link_watch(void (*cb)(int ifindex, bool up),
		     void (*addr_cb)(int ifindex, const struct in6_addr *a));
int pd_nl_link_usable(int ifindex);
int pd_nl_steer_dev(const char *name);
int pd_nl_tunnel_add(const char *name, const struct in6_addr *local,
		     const struct in6_addr *remote, const struct pd_encap *e);
int pd_nl_link_del(int ifindex);
int pd_nl_session_add(int dev, const struct pmip_ident *mn, bool lma,
		      const struct pmip_prefix *hnp);
int pd_nl_session_del(int dev, const struct pmip_ident *mn);
int pd_nl_binding_set(int dev, const struct pmip_ident *mn,
		      const struct pd_binding *b, const struct in6_addr *peer,
		      bool lma);
int pd_nl_binding_del(int dev, const struct pmip_ident *mn, uint8_t bid);
int pd_nl_route(bool add, uint32_t table, const struct pmip_prefix *p,
		int oif);
int pd_nl_rule_src(bool add, const struct pmip_prefix *p, const char *iif,
		   uint32_t table);

#endif /* PMIPD_H */
