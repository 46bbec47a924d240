/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pmip_mmb: PMIPv6 multipath bindings (RFC 8278), generic netlink API.
 *
 * Source of truth: Documentation/netlink/specs/pmip_mmb.yaml. Keep the two in
 * step. Attributes and commands only ever grow by appending; the family
 * version stays 1.
 *
 * A steering device is a netdev of kind "pmip_mmb" ("ip link add pm0 type
 * pmip_mmb"). Routes toward a mobile node's home network prefix (LMA) or
 * from it (MAG, by source routing) point at it. A mobility session belongs
 * to one steering device and holds the mobile node's identifier, its home
 * network prefixes and up to 254 bindings, keyed by Binding ID; each binding
 * names the tunnel device (ip6ip6, ip6gre, ...) that carries its share of
 * the session's traffic. Everything is per network namespace.
 */
#ifndef _UAPI_LINUX_PMIP_MMB_H
#define _UAPI_LINUX_PMIP_MMB_H

#define PMIP_MMB_GENL_NAME	"pmip_mmb"
#define PMIP_MMB_GENL_VERSION	1
#define PMIP_MMB_LINK_KIND	"pmip_mmb"

/* multicast group: sessions and bindings added, changed, expired, deleted */
#define PMIP_MMB_MCGRP_EVENTS	"events"

#define PMIP_MMB_BID_MIN	1	/* RFC 8278 4.1: 0 and 255 reserved */
#define PMIP_MMB_BID_MAX	254
#define PMIP_MMB_MNID_MAX	254	/* MN Identifier option: Length - 1 */
#define PMIP_MMB_MAX_HNP	8	/* home network prefixes per session */
#define PMIP_MMB_MAX_RULES	16	/* label rules per session */
#define PMIP_MMB_MAX_PREF	4	/* labels in one rule's preference list */
#define PMIP_MMB_LIFETIME_MAX	262140	/* 65535 units of 4 s (RFC 6275) */

enum pmip_mmb_cmd {
	PMIP_MMB_CMD_UNSPEC,
	PMIP_MMB_CMD_SESSION_ADD,	/* new session on a steering device */
	PMIP_MMB_CMD_SESSION_SET,	/* change policy, rules, prefixes */
	PMIP_MMB_CMD_SESSION_DEL,	/* delete a session and its bindings */
	PMIP_MMB_CMD_SESSION_GET,	/* doit (IFINDEX + MNID) or dump */
	PMIP_MMB_CMD_BINDING_ADD,	/* add or update one binding; O flag */
	PMIP_MMB_CMD_BINDING_REFRESH,	/* new lifetime: one BID or B flag */
	PMIP_MMB_CMD_BINDING_DEL,	/* delete one binding */
	PMIP_MMB_CMD_DEV_GET,		/* doit (IFINDEX) or dump: counters */
	PMIP_MMB_CMD_STATS_RESET,	/* zero a device's and its sessions' */
	PMIP_MMB_CMD_SESSION_NTF,	/* notification: session event */
	PMIP_MMB_CMD_BINDING_NTF,	/* notification: binding event */

	__PMIP_MMB_CMD_MAX,
	PMIP_MMB_CMD_MAX = __PMIP_MMB_CMD_MAX - 1
};

/* which address of a packet names its session */
enum pmip_mmb_role {
	PMIP_MMB_ROLE_LMA,	/* destination in a home network prefix */
	PMIP_MMB_ROLE_MAG,	/* source in a home network prefix */
};

/* how a session spreads its traffic (RFC 8278 3.2) */
enum pmip_mmb_policy {
	PMIP_MMB_POLICY_FLOW,	/* per flow: flow hash, label rules */
	PMIP_MMB_POLICY_PACKET,	/* per packet, in proportion to weights */
};

enum pmip_mmb_state {
	PMIP_MMB_STATE_ACTIVE,		/* carries traffic */
	PMIP_MMB_STATE_TUNNEL_DOWN,	/* its tunnel device is down */
};

/* why a notification was sent (PMIP_MMB_A_EVENT) */
enum pmip_mmb_event {
	PMIP_MMB_EVENT_UNSPEC,
	PMIP_MMB_EVENT_SESSION_NEW,
	PMIP_MMB_EVENT_SESSION_CHANGED,
	PMIP_MMB_EVENT_SESSION_DEL,
	PMIP_MMB_EVENT_BINDING_NEW,
	PMIP_MMB_EVENT_BINDING_CHANGED,	/* updated, or tunnel up/down */
	PMIP_MMB_EVENT_BINDING_REFRESHED,
	PMIP_MMB_EVENT_BINDING_DEL,	/* deleted by request */
	PMIP_MMB_EVENT_BINDING_EXPIRED,	/* lifetime ran out */
	PMIP_MMB_EVENT_BINDING_OVERWRITTEN, /* removed by an O-flag add */
	PMIP_MMB_EVENT_BINDING_TUNNEL_GONE, /* its tunnel was unregistered */
};

/* PMIP_MMB_A_FLAGS: the MMB option's flags (RFC 8278 4.1) */
#define PMIP_MMB_F_BULK		0x1	/* B: refresh all the session's */
#define PMIP_MMB_F_OVERWRITE	0x2	/* O: this binding replaces all */

/* top-level attributes */
enum pmip_mmb_a {
	PMIP_MMB_A_UNSPEC,
	PMIP_MMB_A_IFINDEX,		/* u32, steering device */
	PMIP_MMB_A_IFNAME,		/* string, output only */
	PMIP_MMB_A_MNID,		/* binary 1..PMIP_MMB_MNID_MAX */
	PMIP_MMB_A_MNID_TYPE,		/* u8, MN-ID subtype, 1 = NAI */
	PMIP_MMB_A_ROLE,		/* u8, enum pmip_mmb_role */
	PMIP_MMB_A_POLICY,		/* u8, enum pmip_mmb_policy */
	PMIP_MMB_A_HNP,			/* nest, PMIP_MMB_P_*; multi-attr */
	PMIP_MMB_A_RULE,		/* nest, PMIP_MMB_R_*; multi, in order */
	PMIP_MMB_A_BINDING,		/* nest, PMIP_MMB_B_*; multi-attr */
	PMIP_MMB_A_FLAGS,		/* u32, PMIP_MMB_F_* */
	PMIP_MMB_A_EVENT,		/* u8, enum pmip_mmb_event */
	PMIP_MMB_A_STATS,		/* nest, PMIP_MMB_S_*, output only */
	PMIP_MMB_A_DEV_STATS,		/* nest, PMIP_MMB_D_*, output only */
	PMIP_MMB_A_PAD,

	__PMIP_MMB_A_MAX,
	PMIP_MMB_A_MAX = __PMIP_MMB_A_MAX - 1
};

/* home network prefix, nested in PMIP_MMB_A_HNP */
enum pmip_mmb_p {
	PMIP_MMB_P_UNSPEC,
	PMIP_MMB_P_PREFIX,		/* binary 16, IPv6; host bits zero */
	PMIP_MMB_P_LEN,			/* u8, 1..128 */

	__PMIP_MMB_P_MAX,
	PMIP_MMB_P_MAX = __PMIP_MMB_P_MAX - 1
};

/* label rule, nested in PMIP_MMB_A_RULE (per-flow policy only) */
enum pmip_mmb_r {
	PMIP_MMB_R_UNSPEC,
	PMIP_MMB_R_PROTO,		/* u8, IP protocol; absent: any */
	PMIP_MMB_R_PORT,		/* u16, destination port; absent: any */
	PMIP_MMB_R_LABELS,		/* binary 1..PMIP_MMB_MAX_PREF: If-Labels
					 * in order of preference; when none
					 * is live, any live binding
					 */

	__PMIP_MMB_R_MAX,
	PMIP_MMB_R_MAX = __PMIP_MMB_R_MAX - 1
};

/* binding, nested in PMIP_MMB_A_BINDING */
enum pmip_mmb_b {
	PMIP_MMB_B_UNSPEC,
	PMIP_MMB_B_BID,			/* u8, PMIP_MMB_BID_MIN..MAX; key */
	PMIP_MMB_B_PCOA,		/* binary 4 or 16: proxy care-of addr */
	PMIP_MMB_B_PEER,		/* binary 4 or 16: LMA or MAG address */
	PMIP_MMB_B_ATT,			/* u8, If-ATT, access technology type */
	PMIP_MMB_B_LABEL,		/* u8, If-Label */
	PMIP_MMB_B_LIFETIME,		/* u32, seconds, 1..LIFETIME_MAX */
	PMIP_MMB_B_TUNNEL,		/* u32, ifindex of the tunnel device */
	PMIP_MMB_B_WEIGHT,		/* u8, 1..255, default 1 */
	PMIP_MMB_B_STATE,		/* u8, enum pmip_mmb_state, output */
	PMIP_MMB_B_EXPIRES_MS,		/* u32, output: time left */
	PMIP_MMB_B_GRE_KEY_UP,		/* u32, RFC 5845 uplink key (record) */
	PMIP_MMB_B_GRE_KEY_DOWN,	/* u32, RFC 5845 downlink key (record) */
	PMIP_MMB_B_STATS,		/* nest, PMIP_MMB_BS_*, output only */
	PMIP_MMB_B_TUNNEL_NAME,		/* string, output only */
	PMIP_MMB_B_PAD,

	__PMIP_MMB_B_MAX,
	PMIP_MMB_B_MAX = __PMIP_MMB_B_MAX - 1
};

/* per-binding counters, nested in PMIP_MMB_B_STATS; all u64 */
enum pmip_mmb_bs {
	PMIP_MMB_BS_UNSPEC,
	PMIP_MMB_BS_PACKETS,		/* handed to the tunnel */
	PMIP_MMB_BS_BYTES,
	PMIP_MMB_BS_FLOWS,		/* flows first seen on this binding */
	PMIP_MMB_BS_PAD,

	__PMIP_MMB_BS_MAX,
	PMIP_MMB_BS_MAX = __PMIP_MMB_BS_MAX - 1
};

/* per-session counters, nested in PMIP_MMB_A_STATS; all u64 */
enum pmip_mmb_s {
	PMIP_MMB_S_UNSPEC,
	PMIP_MMB_S_PACKETS,		/* steered onto some binding */
	PMIP_MMB_S_BYTES,
	PMIP_MMB_S_FLOWS,
	PMIP_MMB_S_DROP_NO_BINDING,	/* no live binding */
	PMIP_MMB_S_FALLBACKS,		/* label rule matched, no preferred
					 * label live: sent elsewhere
					 */
	PMIP_MMB_S_PAD,

	__PMIP_MMB_S_MAX,
	PMIP_MMB_S_MAX = __PMIP_MMB_S_MAX - 1
};

/* per-device counters, nested in PMIP_MMB_A_DEV_STATS; all u64 */
enum pmip_mmb_d {
	PMIP_MMB_D_UNSPEC,
	PMIP_MMB_D_TX_PACKETS,		/* handed to some tunnel */
	PMIP_MMB_D_TX_BYTES,
	PMIP_MMB_D_DROP_NOT_IPV6,	/* not an IPv6 packet */
	PMIP_MMB_D_DROP_NO_SESSION,	/* no session's prefix matches */
	PMIP_MMB_D_DROP_NO_BINDING,	/* session without a live binding */
	PMIP_MMB_D_DROP_TUNNEL_DOWN,	/* chosen tunnel device is down */
	PMIP_MMB_D_DROP_XMIT,		/* the tunnel device refused it */
	PMIP_MMB_D_DROP_LOOP,		/* steered twice (misrouting) */
	PMIP_MMB_D_SESSIONS,		/* sessions now (a gauge) */
	PMIP_MMB_D_PAD,

	__PMIP_MMB_D_MAX,
	PMIP_MMB_D_MAX = __PMIP_MMB_D_MAX - 1
};

#endif /* _UAPI_LINUX_PMIP_MMB_H */
