/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire formats of the MPTCP Conversion Point (draft-boucadair-mptcp-plain-
 * mode-10, spec-digest D): the MP_CONVERT Information Elements at the start
 * of a SYN payload, their echo in the SYN/ACK, the address rules of RFC 6890
 * (spec-digest F), and the MP_CAPABLE and MP_PREFER_PROXY options of a SYN.
 * Pure: compiled into the future mcp_proxy module and into the host unit
 * tests and fuzz targets. The layout constants live in convert_layout.h.
 *
 * Every function that can fail returns a negative enum mcpw_reason, so that
 * the module can count each reason; mcpw_reason_name() names them.
 */
#ifndef _MCP_PROXY_CONVERT_WIRE_H
#define _MCP_PROXY_CONVERT_WIRE_H

#include "../include/hybrid/pure.h"
#include "convert_layout.h"

/**
 * enum mcpw_reason - why bytes or an address were refused
 * @MCPW_OK: no problem
 * @MCPW_R_NO_MAGIC: the payload does not start with the magic: no IE at all
 * @MCPW_R_BAD_MAGIC: M unset, but the next IE does not start with the magic
 * @MCPW_R_MISSING_NEXT: M unset, but the payload ends after the IE
 * @MCPW_R_TRUNCATED: the payload ends inside a magic or before Type+Length
 * @MCPW_R_ZERO_LENGTH: an IE with Length 0
 * @MCPW_R_SHORT_LENGTH: an IE with Length 1 to 3 (below the minimum of 4)
 * @MCPW_R_OVERRUN: Length runs past the end of the payload
 * @MCPW_R_PAD_TRUNCATED: the padding after an IE runs past the end
 * @MCPW_R_BAD_LENGTH: a type-0 IE whose Length is not 8, 10, 20 or 22
 * @MCPW_R_TOO_MANY: a third type-0 IE
 * @MCPW_R_SAME_D: two type-0 IEs with the same D bit
 * @MCPW_R_BAD_FAMILY: encoding: an IE that is neither IPv4 nor IPv6
 * @MCPW_R_NO_SPACE: encoding: the buffer is too small
 * @MCPW_R_ADDR_UNSPECIFIED: 0.0.0.0 or ::
 * @MCPW_R_ADDR_THIS_NETWORK: 0.0.0.0/8 other than 0.0.0.0
 * @MCPW_R_ADDR_LOOPBACK: 127.0.0.0/8 or ::1
 * @MCPW_R_ADDR_LINK_LOCAL: 169.254.0.0/16 or fe80::/10
 * @MCPW_R_ADDR_IETF_PROTO: 192.0.0.0/24, IETF protocol assignments
 * @MCPW_R_ADDR_DOCUMENTATION: TEST-NET-1/2/3 or 2001:db8::/32
 * @MCPW_R_ADDR_RESERVED: 240.0.0.0/4 other than the broadcast address
 * @MCPW_R_ADDR_BROADCAST: 255.255.255.255
 * @MCPW_R_ADDR_MULTICAST: 224.0.0.0/4 or ff00::/8
 * @MCPW_R_ADDR_V4MAPPED: ::ffff:0:0/96
 * @MCPW_R_ADDR_ORCHID: 2001:10::/28
 * @MCPW_R_ADDR_PRIVATE: 10/8, 172.16/12, 192.168/16 (policy)
 * @MCPW_R_ADDR_SHARED: 100.64.0.0/10 (policy)
 * @MCPW_R_ADDR_ULA: fc00::/7 (policy)
 * @MCPW_R_OPT_NO_LENGTH: TCP options end after a kind octet
 * @MCPW_R_OPT_BAD_LENGTH: a TCP option with length 0 or 1
 * @MCPW_R_OPT_OVERRUN: a TCP option longer than the bytes left
 * @MCPW_R_MPTCP_SHORT: an MPTCP option too short to carry a subtype
 * @MCPW_R_MPC_BAD_LENGTH: MP_CAPABLE length wrong for its version in a SYN
 * @MCPW_R_MPC_DUP: more than one MP_CAPABLE
 * @MCPW_R_PP_BAD_LENGTH: MP_PREFER_PROXY with a length other than 4
 * @MCPW_R_PP_DUP: more than one MP_PREFER_PROXY
 * @MCPW_R_PP_SUBTYPE: the configured subtype is assigned or out of range
 * @MCPW_R_COUNT: number of values, for counter arrays
 */
enum mcpw_reason {
	MCPW_OK = 0,
	MCPW_R_NO_MAGIC,
	MCPW_R_BAD_MAGIC,
	MCPW_R_MISSING_NEXT,
	MCPW_R_TRUNCATED,
	MCPW_R_ZERO_LENGTH,
	MCPW_R_SHORT_LENGTH,
	MCPW_R_OVERRUN,
	MCPW_R_PAD_TRUNCATED,
	MCPW_R_BAD_LENGTH,
	MCPW_R_TOO_MANY,
	MCPW_R_SAME_D,
	MCPW_R_BAD_FAMILY,
	MCPW_R_NO_SPACE,
	MCPW_R_ADDR_UNSPECIFIED,
	MCPW_R_ADDR_THIS_NETWORK,
	MCPW_R_ADDR_LOOPBACK,
	MCPW_R_ADDR_LINK_LOCAL,
	MCPW_R_ADDR_IETF_PROTO,
	MCPW_R_ADDR_DOCUMENTATION,
	MCPW_R_ADDR_RESERVED,
	MCPW_R_ADDR_BROADCAST,
	MCPW_R_ADDR_MULTICAST,
	MCPW_R_ADDR_V4MAPPED,
	MCPW_R_ADDR_ORCHID,
	MCPW_R_ADDR_PRIVATE,
	MCPW_R_ADDR_SHARED,
	MCPW_R_ADDR_ULA,
	MCPW_R_OPT_NO_LENGTH,
	MCPW_R_OPT_BAD_LENGTH,
	MCPW_R_OPT_OVERRUN,
	MCPW_R_MPTCP_SHORT,
	MCPW_R_MPC_BAD_LENGTH,
	MCPW_R_MPC_DUP,
	MCPW_R_PP_BAD_LENGTH,
	MCPW_R_PP_DUP,
	MCPW_R_PP_SUBTYPE,
	MCPW_R_COUNT
};

/* address families of struct mcpw_ie, independent of AF_INET* */
#define MCPW_FAM_IPV4		4
#define MCPW_FAM_IPV6		6

/* mcpw_addr_check() policy: also refuse private-use and shared space */
#define MCPW_ADDR_DENY_PRIVATE	0x1

/**
 * struct mcpw_ie - one type-0 MP_CONVERT Information Element
 * @family: MCPW_FAM_IPV4 or MCPW_FAM_IPV6
 * @src: 1 when the D bit is set (source address and port), 0 for the
 *	destination
 * @has_port: 1 when the IE carries a port
 * @port: the port, host order; 0 without one (the caller then uses the
 *	destination port of the SYN)
 * @addr: the address, network order; an IPv4 address in the first four
 *	octets, the rest zero
 */
struct mcpw_ie {
	u8 family;
	u8 src;
	u8 has_port;
	u16 port;
	u8 addr[MCPW_ADDR6_LEN];
};

/**
 * struct mcpw_conv - the MP_CONVERT IEs at the start of a SYN payload
 * @n: number of type-0 IEs in @ie, in the order received: 0 to 2
 * @n_other: IEs of other types, skipped by their Length
 * @consumed: octets taken by the IEs, magics and padding included: the
 *	application data (TFO-style SYN data) starts here
 * @ie: the type-0 IEs
 */
struct mcpw_conv {
	unsigned int n;
	unsigned int n_other;
	unsigned int consumed;
	struct mcpw_ie ie[MCPW_MAX_ADDR_IES];
};

/**
 * struct mcpw_synopts - what the options of a SYN say about MPTCP
 * @mpc: 1 when exactly one MP_CAPABLE is there and it is well formed
 * @mpc_version: its version (valid when @mpc)
 * @mpc_flags: its flags octet A..H (valid when @mpc)
 * @pp: 1 when exactly one MP_PREFER_PROXY is there and it is well formed
 * @pp_reserved: its 12 reserved bits as received (ignored by the draft)
 * @mpc_key: the sender's key of a version 0 MP_CAPABLE, host order
 * @mpc_err: 0, or the negative reason the MP_CAPABLE seen is unusable
 * @pp_err: 0, or the negative reason the MP_PREFER_PROXY seen is unusable
 * @mptcp_err: 0, or -MCPW_R_MPTCP_SHORT for an MPTCP option too short to
 *	carry a subtype
 */
struct mcpw_synopts {
	u8 mpc;
	u8 mpc_version;
	u8 mpc_flags;
	u8 pp;
	u16 pp_reserved;
	u64 mpc_key;
	int mpc_err;
	int pp_err;
	int mptcp_err;
};

/**
 * mcpw_syn_wants_proxy() - does a SYN ask an on-path MCP to proxy it?
 * @o: the options of a SYN (SYN set, ACK unset), from mcpw_parse_synopts()
 *
 * The draft (section 4.2) ignores MP_PREFER_PROXY without MP_CAPABLE.
 *
 * Return: true when both a usable MP_CAPABLE and MP_PREFER_PROXY are there.
 */
static inline bool mcpw_syn_wants_proxy(const struct mcpw_synopts *o)
{
	return o->mpc && o->pp;
}

/**
 * struct mcpw_segopts - what the options of any segment say to an MCP
 * @pp: an MP_PREFER_PROXY (configured subtype, length 4) is there
 * @keys: an MP_CAPABLE with both keys (third ACK, first data) is there
 * @join_syn: an MP_JOIN of SYN length is there
 * @sender_key: the first key of @keys, host order
 * @receiver_key: the second key of @keys, host order
 * @join_token: the receiver's token of @join_syn, host order
 */
struct mcpw_segopts {
	u8 pp;
	u8 keys;
	u8 join_syn;
	u64 sender_key;
	u64 receiver_key;
	u32 join_token;
};

const char *mcpw_reason_name(int reason);
int mcpw_parse(const u8 *buf, size_t len, struct mcpw_conv *out);
int mcpw_addr_check(unsigned int family, const u8 *addr, unsigned int policy);
int mcpw_conv_check(const struct mcpw_conv *c, unsigned int policy);
int mcpw_encoded_len(const struct mcpw_conv *c);
int mcpw_encode(const struct mcpw_conv *c, u8 *buf, size_t len);
bool mcpw_pp_subtype_valid(unsigned int subtype);
int mcpw_parse_synopts(const u8 *opt, size_t len, unsigned int pp_subtype,
		       struct mcpw_synopts *out);
int mcpw_put_prefer_proxy(u8 *buf, size_t len, unsigned int subtype);
int mcpw_parse_segopts(const u8 *opt, size_t len, unsigned int pp_subtype,
		       struct mcpw_segopts *out);

#endif /* _MCP_PROXY_CONVERT_WIRE_H */
