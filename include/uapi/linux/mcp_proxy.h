/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mcp_proxy: the MPTCP Conversion Point (draft-boucadair-mptcp-plain-mode),
 * generic netlink API.
 *
 * Source of truth: Documentation/netlink/specs/mcp_proxy.yaml. Keep the two
 * in step. Attributes and commands only ever grow by appending; the family
 * version stays 1. Everything is per network namespace.
 */
#ifndef _UAPI_LINUX_MCP_PROXY_H
#define _UAPI_LINUX_MCP_PROXY_H

#define MCP_PROXY_GENL_NAME	"mcp_proxy"
#define MCP_PROXY_GENL_VERSION	1

/* subscriber prefixes per namespace */
#define MCP_PROXY_MAX_PREFIXES	16

/* octets of IEs a SYN carries: two IPv6 IEs with ports fit */
#define MCP_PROXY_SYN_IE_MAX	64
/* MCP_PROXY_CMD_SYN_IE_SET registrations waiting per namespace */
#define MCP_PROXY_SYN_IE_PENDING_MAX	256

enum mcp_proxy_cmd {
	MCP_PROXY_CMD_UNSPEC,
	MCP_PROXY_CMD_CONFIG_GET,	/* doit: configuration, state, counters */
	MCP_PROXY_CMD_CONFIG_SET,	/* change the configuration */
	MCP_PROXY_CMD_PREFIX_ADD,	/* add a subscriber prefix */
	MCP_PROXY_CMD_PREFIX_DEL,	/* remove a subscriber prefix */
	MCP_PROXY_CMD_CONV_GET,		/* dump: live conversions */
	MCP_PROXY_CMD_STATS_RESET,	/* zero the counters */
	MCP_PROXY_CMD_CONV_EVENT,	/* notification, group "events" */
	MCP_PROXY_CMD_SYN_IE_SET,	/* IEs for the SYN of the caller's socket */

	__MCP_PROXY_CMD_MAX,
	MCP_PROXY_CMD_MAX = __MCP_PROXY_CMD_MAX - 1
};

/* multicast group of MCP_PROXY_CMD_CONV_EVENT */
#define MCP_PROXY_MCGRP_EVENTS	"events"

/* MCP_PROXY_A_EVENT */
enum mcp_proxy_event {
	MCP_PROXY_EVENT_STARTED,	/* server connection started */
	MCP_PROXY_EVENT_ENDED,		/* closed; A_REASON says how */
	MCP_PROXY_EVENT_REFUSED,	/* SYN refused; A_REASON is the counter */
};

/* MCP_PROXY_A_MODE bits */
#define MCP_PROXY_MODE_EXPLICIT	0x1	/* SYNs addressed to the MCP (MP_CONVERT) */
#define MCP_PROXY_MODE_ONPATH	0x2	/* SYNs passing by (MP_PREFER_PROXY) */
#define MCP_PROXY_MODE_UPSTREAM	0x4	/* CPE: LAN TCP carried over MPTCP */
#define MCP_PROXY_MODE_TRANSPARENT 0x8	/* with UPSTREAM: send the source IE */
/* with UPSTREAM: the SYN to the server with MP_PREFER_PROXY, no IE */
#define MCP_PROXY_MODE_UPSTREAM_ONPATH 0x10

enum mcp_proxy_attr {
	MCP_PROXY_A_UNSPEC,
	MCP_PROXY_A_PAD,
	MCP_PROXY_A_MODE,		/* u32, MCP_PROXY_MODE_* bits */
	MCP_PROXY_A_ADDR4,		/* in_addr: the MCP's address (explicit, on-path) */
	MCP_PROXY_A_LISTEN_PORT,	/* u16: port of the internal MPTCP listener */
	MCP_PROXY_A_HALF_OPEN_MAX,	/* u32: conversions waiting for a server */
	MCP_PROXY_A_PER_SUBSCRIBER_MAX,	/* u32: conversions per client address */
	MCP_PROXY_A_SUBFLOWS_MAX,	/* u32: subflows per conversion */
	MCP_PROXY_A_HALF_OPEN_TIMEOUT_MS, /* u32: server handshake deadline */
	MCP_PROXY_A_IDLE_TIMEOUT_S,	/* u32: shared idle lifetime of a pair */
	MCP_PROXY_A_PREFIX,		/* nest, mcp_proxy_prefix_attr; multi */
	MCP_PROXY_A_COUNTER,		/* nest, mcp_proxy_counter_attr; multi */
	MCP_PROXY_A_CONV,		/* nest, mcp_proxy_conv_attr */
	MCP_PROXY_A_PP_SUBTYPE,		/* u8, read only: MP_PREFER_PROXY subtype */
	MCP_PROXY_A_HALF_OPEN,		/* u32, read only: now waiting */
	MCP_PROXY_A_ACTIVE,		/* u32, read only: now relaying */
	MCP_PROXY_A_LISTENING,		/* u8, read only: listener is up */
	MCP_PROXY_A_EVENT,		/* u8, mcp_proxy_event (notifications) */
	MCP_PROXY_A_REASON,		/* string: a counter name (notifications) */
	MCP_PROXY_A_UPSTREAM_ADDR4,	/* in_addr: the downstream MCP (upstream) */
	MCP_PROXY_A_UPSTREAM_IFINDEX,	/* u32: LAN device, 0 any (upstream) */
	MCP_PROXY_A_UPSTREAM_PORT,	/* u16: port of the internal TCP listener */
	MCP_PROXY_A_UPSTREAM_LISTENING,	/* u8, read only: LAN listener is up */
	MCP_PROXY_A_UPSTREAM_ACTIVE,	/* u32, read only: upstream conversions */
	MCP_PROXY_A_ADDR6,		/* in6_addr: the MCP's IPv6 address (IPv6 clients) */
	MCP_PROXY_A_LISTENING6,		/* u8, read only: IPv6 listener is up */
	MCP_PROXY_A_UPSTREAM_LOCAL,	/* u8 0/1: convert this host's own TCP too (upstream) */
	MCP_PROXY_A_SOCK_FD,		/* u32: the caller's MPTCP socket (SYN_IE_SET) */
	MCP_PROXY_A_SYN_IE,		/* binary, 1..MCP_PROXY_SYN_IE_MAX (SYN_IE_SET) */
	MCP_PROXY_A_SYN_IE_PENDING,	/* u32, read only: registrations waiting */
	MCP_PROXY_A_UPSTREAM_ADDR6,	/* in6_addr: the downstream MCP's IPv6 address (upstream) */

	__MCP_PROXY_A_MAX,
	MCP_PROXY_A_MAX = __MCP_PROXY_A_MAX - 1
};

enum mcp_proxy_prefix_attr {
	MCP_PROXY_P_UNSPEC,
	MCP_PROXY_P_ADDR4,		/* in_addr */
	MCP_PROXY_P_LEN,		/* u8, 0..32 (IPv4), 0..128 (IPv6) */
	MCP_PROXY_P_ADDR6,		/* in6_addr, instead of P_ADDR4 */

	__MCP_PROXY_P_MAX,
	MCP_PROXY_P_MAX = __MCP_PROXY_P_MAX - 1
};

/*
 * Counters are named by the kernel, so that a new refusal reason needs no
 * change of this header or of the tools.
 */
enum mcp_proxy_counter_attr {
	MCP_PROXY_C_UNSPEC,
	MCP_PROXY_C_PAD,
	MCP_PROXY_C_NAME,		/* string */
	MCP_PROXY_C_VALUE,		/* u64 */

	__MCP_PROXY_C_MAX,
	MCP_PROXY_C_MAX = __MCP_PROXY_C_MAX - 1
};

enum mcp_proxy_conv_state {
	MCP_PROXY_CONV_CONNECTING,	/* client SYN held, server SYN sent */
	MCP_PROXY_CONV_RELEASED,	/* client SYN handed to the listener */
	MCP_PROXY_CONV_RELAYING,	/* both legs established */
	MCP_PROXY_CONV_CLOSING,		/* torn down, being freed */
};

/*
 * MCP_PROXY_V_ROLE: which end of the conversion this host is. The endpoint
 * attributes are named for the downstream role; an upstream conversion
 * fills them as: CLIENT the LAN host, SERVER what its SYN went to (the
 * LAN leg is that 4-tuple, transparent), LOCAL this host's end of the
 * MPTCP leg, MCP the downstream MCP's end of it.
 */
enum mcp_proxy_conv_role {
	MCP_PROXY_ROLE_DOWNSTREAM,	/* the MCP: MPTCP client leg, TCP server leg */
	MCP_PROXY_ROLE_UPSTREAM,	/* the CPE: TCP LAN leg, MPTCP leg to the MCP */
};

enum mcp_proxy_conv_attr {
	MCP_PROXY_V_UNSPEC,
	MCP_PROXY_V_PAD,
	MCP_PROXY_V_STATE,		/* u8, mcp_proxy_conv_state */
	MCP_PROXY_V_CLIENT_ADDR4,	/* in_addr: the client */
	MCP_PROXY_V_CLIENT_PORT,	/* u16 */
	MCP_PROXY_V_MCP_ADDR4,		/* in_addr: what the client connected to */
	MCP_PROXY_V_MCP_PORT,		/* u16 */
	MCP_PROXY_V_LOCAL_ADDR4,	/* in_addr: the MCP's side toward the server */
	MCP_PROXY_V_LOCAL_PORT,		/* u16 */
	MCP_PROXY_V_SERVER_ADDR4,	/* in_addr: the server */
	MCP_PROXY_V_SERVER_PORT,	/* u16 */
	MCP_PROXY_V_BYTES_TO_SERVER,	/* u64 */
	MCP_PROXY_V_BYTES_TO_CLIENT,	/* u64 */
	MCP_PROXY_V_AGE_MS,		/* u64 */
	MCP_PROXY_V_LOCAL_ADDR6,	/* in6_addr: as LOCAL_ADDR4, IPv6 server */
	MCP_PROXY_V_SERVER_ADDR6,	/* in6_addr: as SERVER_ADDR4 */
	MCP_PROXY_V_ONPATH,		/* flag: an on-path conversion */
	MCP_PROXY_V_TOKEN,		/* u32: MPTCP token of the MCP's side */
	MCP_PROXY_V_CLIENT_TOKEN,	/* u32: MPTCP token of the client's side */
	MCP_PROXY_V_SUBFLOWS,		/* u32: subflows taken, the first included */
	MCP_PROXY_V_CLIENT_ADDR6,	/* in6_addr: as CLIENT_ADDR4, IPv6 client */
	MCP_PROXY_V_MCP_ADDR6,		/* in6_addr: as MCP_ADDR4, IPv6 client */
	MCP_PROXY_V_ROLE,		/* u8, mcp_proxy_conv_role */

	__MCP_PROXY_V_MAX,
	MCP_PROXY_V_MAX = __MCP_PROXY_V_MAX - 1
};

#endif /* _UAPI_LINUX_MCP_PROXY_H */
