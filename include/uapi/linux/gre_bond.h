/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * gre_bond: RFC 8157 GRE tunnel bonding, generic netlink API.
 *
 * Source of truth: Documentation/netlink/specs/gre_bond.yaml. Keep the two in
 * step. Attributes and commands only ever grow by appending; the family
 * version stays 1.
 *
 * A bond is a netdev of kind "gre_bond" (created with RTM_NEWLINK, e.g.
 * "ip link add hab0 type gre_bond" or "bondctl bond add"). Everything else,
 * its parameters and its member tunnels, is configured through this family,
 * addressed by GRE_BOND_A_IFINDEX. Everything is per network namespace.
 */
#ifndef _UAPI_LINUX_GRE_BOND_H
#define _UAPI_LINUX_GRE_BOND_H

#define GRE_BOND_GENL_NAME	"gre_bond"
#define GRE_BOND_GENL_VERSION	1
#define GRE_BOND_LINK_KIND	"gre_bond"

/* multicast groups */
#define GRE_BOND_MCGRP_EVENTS	"events"	/* config and state changes */
#define GRE_BOND_MCGRP_CTRL	"ctrl"		/* received control messages */

/* RFC 8157 control message GRE protocol type (spec-digest A.2) */
#define GRE_BOND_CTRL_PROTO	0xB7EA

#define GRE_BOND_MAX_TUNNELS	8

enum gre_bond_cmd {
	GRE_BOND_CMD_UNSPEC,
	GRE_BOND_CMD_BOND_GET,		/* doit (IFINDEX) or dump; reply/notify */
	GRE_BOND_CMD_BOND_SET,		/* change bond parameters */
	GRE_BOND_CMD_TUNNEL_ADD,	/* add a member tunnel */
	GRE_BOND_CMD_TUNNEL_SET,	/* change a member tunnel */
	GRE_BOND_CMD_TUNNEL_DEL,	/* remove a member tunnel */
	GRE_BOND_CMD_CTRL_SEND,		/* send a control message on a tunnel */
	GRE_BOND_CMD_CTRL_RECV,		/* notification: control message received */
	GRE_BOND_CMD_STATS_RESET,	/* zero the bond's and its tunnels' counters */
	GRE_BOND_CMD_BOND_NTF,		/* notification: bond changed/deleted */
	GRE_BOND_CMD_TUNNEL_NTF,	/* notification: tunnel state changed */

	__GRE_BOND_CMD_MAX,
	GRE_BOND_CMD_MAX = __GRE_BOND_CMD_MAX - 1
};

/* how the reorder hold time (RFC 2890 OUTOFORDER_TIMER) is chosen */
enum gre_bond_hold_mode {
	GRE_BOND_HOLD_FIXED,		/* HOLD_US as configured */
	GRE_BOND_HOLD_AUTO,		/* from the measured delay difference */
};

/* tunnel roles: values equal RFC 8157 T-Type (spec-digest A.3) */
enum gre_bond_role {
	GRE_BOND_ROLE_UNSPEC,
	GRE_BOND_ROLE_PRIMARY,		/* DSL: carries green and yellow */
	GRE_BOND_ROLE_SECONDARY,	/* LTE: carries red overflow */
};

enum gre_bond_admin {
	GRE_BOND_ADMIN_UP,
	GRE_BOND_ADMIN_DISABLED,	/* e.g. RTT difference violation */
};

enum gre_bond_oper {
	GRE_BOND_OPER_DOWN,
	GRE_BOND_OPER_UP,
};

/* why a notification was sent (GRE_BOND_A_EVENT) */
enum gre_bond_event {
	GRE_BOND_EVENT_UNSPEC,
	GRE_BOND_EVENT_BOND_NEW,
	GRE_BOND_EVENT_BOND_CHANGED,
	GRE_BOND_EVENT_BOND_DEL,
	GRE_BOND_EVENT_TUNNEL_NEW,
	GRE_BOND_EVENT_TUNNEL_CHANGED,
	GRE_BOND_EVENT_TUNNEL_DEL,
	GRE_BOND_EVENT_TUNNEL_UP,
	GRE_BOND_EVENT_TUNNEL_DOWN,
};

/* top-level attributes (bond) */
enum gre_bond_a {
	GRE_BOND_A_UNSPEC,
	GRE_BOND_A_IFINDEX,		/* u32 */
	GRE_BOND_A_IFNAME,		/* string, output only */
	GRE_BOND_A_KEY,			/* u32, bonding key (GRE Key field) */
	GRE_BOND_A_CIR_KBPS,		/* u32, srTCM CIR in kbit/s; 0: all primary */
	GRE_BOND_A_CBS,			/* u32, srTCM committed burst, bytes */
	GRE_BOND_A_EBS,			/* u32, srTCM excess burst, bytes */
	GRE_BOND_A_HOLD_MODE,		/* u8, enum gre_bond_hold_mode */
	GRE_BOND_A_HOLD_US,		/* u32, fixed hold time, microseconds */
	GRE_BOND_A_HOLD_MAX_US,		/* u32, upper bound in auto mode */
	GRE_BOND_A_HOLD_CUR_US,		/* u32, output: hold time in force */
	GRE_BOND_A_REORDER_MAX,		/* u32, MAX_PERFLOW_BUFFER, packets */
	GRE_BOND_A_CTRL_PROTO_ALT,	/* u16, extra GRE type taken as control,
					 * e.g. 0x0101; 0 for none
					 */
	GRE_BOND_A_TUNNEL,		/* nest, GRE_BOND_T_*; multi-attr */
	GRE_BOND_A_STATS,		/* nest, GRE_BOND_S_*, output only */
	GRE_BOND_A_EVENT,		/* u8, enum gre_bond_event, in notifications */
	GRE_BOND_A_CTRL,		/* nest, GRE_BOND_C_*: control message */
	GRE_BOND_A_MTU,			/* u32, output: MTU derived from underlays */
	GRE_BOND_A_PAD,

	__GRE_BOND_A_MAX,
	GRE_BOND_A_MAX = __GRE_BOND_A_MAX - 1
};

/* tunnel attributes, nested in GRE_BOND_A_TUNNEL */
enum gre_bond_t {
	GRE_BOND_T_UNSPEC,
	GRE_BOND_T_ID,			/* u8, 0..GRE_BOND_MAX_TUNNELS-1, key */
	GRE_BOND_T_ROLE,		/* u8, enum gre_bond_role */
	GRE_BOND_T_NAME,		/* string, label such as "dsl", <= 15 */
	GRE_BOND_T_LOCAL4,		/* binary 4, outer source, IPv4 */
	GRE_BOND_T_REMOTE4,		/* binary 4, outer destination, IPv4 */
	GRE_BOND_T_LOCAL6,		/* binary 16, outer source, IPv6 */
	GRE_BOND_T_REMOTE6,		/* binary 16, outer destination, IPv6 */
	GRE_BOND_T_LINK,		/* u32, underlay ifindex (optional) */
	GRE_BOND_T_FWMARK,		/* u32, routing mark of outer packets */
	GRE_BOND_T_ADMIN,		/* u8, enum gre_bond_admin */
	GRE_BOND_T_OPER,		/* u8, enum gre_bond_oper; the control
					 * daemon may set it (hello failure)
					 */
	GRE_BOND_T_RTT_US,		/* u32, RTT measured by the control plane */
	GRE_BOND_T_STATS,		/* nest, GRE_BOND_TS_*, output only */
	GRE_BOND_T_PAD,

	__GRE_BOND_T_MAX,
	GRE_BOND_T_MAX = __GRE_BOND_T_MAX - 1
};

/* per-tunnel counters, nested in GRE_BOND_T_STATS; all u64 */
enum gre_bond_ts {
	GRE_BOND_TS_UNSPEC,
	GRE_BOND_TS_TX_PACKETS,
	GRE_BOND_TS_TX_BYTES,
	GRE_BOND_TS_TX_GREEN_PACKETS,
	GRE_BOND_TS_TX_GREEN_BYTES,
	GRE_BOND_TS_TX_YELLOW_PACKETS,
	GRE_BOND_TS_TX_YELLOW_BYTES,
	GRE_BOND_TS_TX_RED_PACKETS,
	GRE_BOND_TS_TX_RED_BYTES,
	GRE_BOND_TS_RX_PACKETS,
	GRE_BOND_TS_RX_BYTES,
	GRE_BOND_TS_TX_CTRL,
	GRE_BOND_TS_RX_CTRL,
	GRE_BOND_TS_TX_ERRORS,
	GRE_BOND_TS_PAD,

	__GRE_BOND_TS_MAX,
	GRE_BOND_TS_MAX = __GRE_BOND_TS_MAX - 1
};

/* per-bond counters, nested in GRE_BOND_A_STATS; u64 unless noted */
enum gre_bond_s {
	GRE_BOND_S_UNSPEC,
	GRE_BOND_S_RX_IN_ORDER,		/* delivered without waiting */
	GRE_BOND_S_RX_REORDERED,	/* delivered after waiting in buffer */
	GRE_BOND_S_RX_NO_SEQ,		/* S=0, delivered at once */
	GRE_BOND_S_RX_LATE,		/* dropped: number already passed */
	GRE_BOND_S_RX_DUPLICATE,	/* dropped: same number buffered */
	GRE_BOND_S_FLUSH_TIMEOUT,	/* released by the hold timer */
	GRE_BOND_S_FLUSH_OVERFLOW,	/* released because buffer full */
	GRE_BOND_S_GAPS_SKIPPED,	/* sequence numbers given up on */
	GRE_BOND_S_DEPTH_CUR,		/* packets held now */
	GRE_BOND_S_DEPTH_MAX,		/* most packets ever held */
	GRE_BOND_S_RESIDENCE_MAX_NS,	/* longest wait in buffer */
	GRE_BOND_S_RESIDENCE_SUM_NS,	/* sum over REORDERED, for the mean */
	GRE_BOND_S_RESIDENCE_HIST,	/* binary: u64[GRE_BOND_RES_HIST_BUCKETS] */
	GRE_BOND_S_RESYNC,		/* window resynchronised (peer restart) */
	GRE_BOND_S_DROP_SHORT,		/* malformed: truncated GRE/inner */
	GRE_BOND_S_DROP_BAD_VERSION,	/* GRE version != 0 */
	GRE_BOND_S_DROP_BAD_FLAGS,	/* reserved/routing bits, no key */
	GRE_BOND_S_DROP_BAD_CSUM,	/* GRE checksum wrong */
	GRE_BOND_S_DROP_BAD_PROTO,	/* inner protocol not IPv4/IPv6 */
	GRE_BOND_S_DROP_UNKNOWN_KEY,	/* our addresses, other key */
	GRE_BOND_S_DROP_UNKNOWN_SOURCE,	/* our key, not a tunnel's remote */
	GRE_BOND_S_DROP_TUNNEL_DOWN,	/* arrived on a disabled tunnel */
	GRE_BOND_S_DROP_CTRL_NO_LISTENER, /* control message, no daemon */
	GRE_BOND_S_TX_NO_TUNNEL,	/* nothing usable to send on */
	GRE_BOND_S_TX_TOO_BIG,		/* PMTU error sent to the source */
	GRE_BOND_S_TX_ROUTE_ERROR,	/* no route for the outer packet */
	GRE_BOND_S_TX_SEQ_NEXT,		/* u64: next sequence number to send */
	GRE_BOND_S_PAD,
	GRE_BOND_S_TX_BAD_PACKET,	/* not an IPv4/IPv6 packet */
	GRE_BOND_S_NO_MEMORY,		/* dropped for lack of memory */
	GRE_BOND_S_RX_DEV_DOWN,		/* data arrived while the bond was down */
	GRE_BOND_S_DROP_ECN,		/* outer CE on a not-ECT payload */
	GRE_BOND_S_RX_QUEUE_FULL,	/* delivery queue to the stack full */
	GRE_BOND_S_RX_PURGED,		/* held packets dropped: down, resize */
	GRE_BOND_S_DROP_XFRM_POLICY,	/* refused by IPsec policy */

	__GRE_BOND_S_MAX,
	GRE_BOND_S_MAX = __GRE_BOND_S_MAX - 1
};

/* residence histogram bucket i counts waits < 2^i ms (last: the rest) */
#define GRE_BOND_RES_HIST_BUCKETS	12

/* control message, nested in GRE_BOND_A_CTRL */
enum gre_bond_c {
	GRE_BOND_C_UNSPEC,
	GRE_BOND_C_TUNNEL_ID,		/* u8 */
	GRE_BOND_C_PROTO,		/* u16, GRE protocol type */
	GRE_BOND_C_KEY,			/* u32, GRE key (setup uses 0) */
	GRE_BOND_C_PAYLOAD,		/* binary, what follows the GRE header */
	GRE_BOND_C_REMOTE4,		/* binary 4: destination override (tx),
					 * outer source (rx)
					 */
	GRE_BOND_C_REMOTE6,		/* binary 16, likewise */
	GRE_BOND_C_TIMESTAMP_NS,	/* u64, rx: CLOCK_MONOTONIC arrival */
	GRE_BOND_C_PAD,

	__GRE_BOND_C_MAX,
	GRE_BOND_C_MAX = __GRE_BOND_C_MAX - 1
};

#endif /* _UAPI_LINUX_GRE_BOND_H */
