/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every wire constant of the MPTCP Conversion Point (MCP), in one place.
 *
 * draft-boucadair-mptcp-plain-mode-10 lost its figures in our copy, so most
 * of the MP_CONVERT and MP_PREFER_PROXY layout is a reconstruction
 * (spec-digest D.1, D.2, G.1, G.2). A correction must only touch this file:
 * convert_wire.c and its tests derive every offset and size from here.
 *
 * Tags, as in the spec digest:
 *   [V]      verified against a published RFC (section given)
 *   [V seed] stated in prose by our copy of plain-mode-10 (section 5.1)
 *   [R]      reconstructed, NOT verified against the original figure
 * All multi-octet fields are in network byte order.
 */
#ifndef _MCP_PROXY_CONVERT_LAYOUT_H
#define _MCP_PROXY_CONVERT_LAYOUT_H

/* ---- MP_CONVERT Information Element, in the SYN payload ---- */

/* [V seed] 0xFAA8 0xFAA8 announces an IE; Length never counts it */
#define MCPW_MAGIC		0xFAA8FAA8U
#define MCPW_MAGIC_LEN		4
/*
 * [R] 1: every IE starts with its own magic (the draft lists the magic
 * among the fields of one IE); 0: only the first IE of the payload has it.
 */
#define MCPW_MAGIC_EVERY_IE	1

/* [V seed] Type 0: an IP address and, optionally, a port */
#define MCPW_TYPE_ADDR		0

/*
 * [R] Octet offsets inside an IE, counted from Type (after the magic).
 * [V seed] "the minimum size of this option is 4 bytes"; [R] those 4 are
 * Type, Length and the 16-bit flags word, so Length counts them, the
 * address and the port (the preferred reading of spec-digest D.1).
 */
#define MCPW_OFF_TYPE		0
#define MCPW_OFF_LEN		1
#define MCPW_OFF_FLAGS		2	/* 16 bits: Reserved, D, M */
#define MCPW_OFF_ADDR		4	/* [R] the address precedes the port */
#define MCPW_HDR_LEN		4	/* minimum Length, see above */

/*
 * [R] D and M inside the flags word (host order after a be16 read): the
 * draft lists "Reserved bits, D-bit, M-bit" in this order, so they are
 * taken as the two least significant bits, M last. The drawing in
 * spec-digest D.1 shows them as the two most significant bits instead
 * (0x8000, 0x4000): the digest contradicts itself here.
 */
#define MCPW_FLAG_D		0x0002	/* set: source; unset: destination */
#define MCPW_FLAG_M		0x0001	/* set: last IE, then application data */

/* [V seed] Length selects the family and whether a port follows */
#define MCPW_LEN_IPV4		8
#define MCPW_LEN_IPV4_PORT	10
#define MCPW_LEN_IPV6		20
#define MCPW_LEN_IPV6_PORT	22
#define MCPW_ADDR4_LEN		4
#define MCPW_ADDR6_LEN		16
#define MCPW_PORT_LEN		2	/* [R] right after the address */

/*
 * [V seed] an IE whose Length is not a multiple of 4 is followed by
 * padding up to the next 32-bit boundary, not counted in Length; [R] the
 * padding octets are zero (written as zero, ignored on receipt).
 */
#define MCPW_ALIGN		4

/* [V seed] at most two type-0 IEs per SYN, with different D bits */
#define MCPW_MAX_ADDR_IES	2

/* ---- TCP options (RFC 9293 section 3.1, RFC 8684 section 3) ---- */

#define MCPW_TCPOPT_EOL		0	/* [V] end of option list */
#define MCPW_TCPOPT_NOP		1	/* [V] no-operation */
#define MCPW_TCPOPT_MPTCP	30	/* [V] RFC 8684 section 7.1 */
#define MCPW_TCPOPT_MAX_LEN	40	/* [V] doff 15 minus 20 octets */

/* [V] RFC 8684 section 3: the subtype is the high nibble of octet 2 */
#define MCPW_MPTCP_SUBTYPE_OFF	2
#define MCPW_MPTCP_SUBTYPE_SHIFT 4
#define MCPW_MPTCP_MIN_LEN	3	/* kind, length, subtype octet */

/* [V] RFC 8684 section 7.2: assigned MPTCP subtypes */
#define MCPW_MPTCP_SUB_CAPABLE	0x0	/* MP_CAPABLE */
#define MCPW_MPTCP_SUB_LAST_ASSIGNED 0x8 /* MP_TCPRST; 0x9-0xE unassigned */
#define MCPW_MPTCP_SUB_EXPERIMENTAL 0xF	/* MP_EXPERIMENTAL */

/*
 * MP_CAPABLE in a SYN [V]: version in the low nibble of octet 2, flags
 * A..H in octet 3. Version 1 (RFC 8684 section 3.1) carries no key in the
 * SYN (length 4); version 0 (RFC 6824 section 3.1) carries the sender's
 * 64-bit key (length 12).
 */
#define MCPW_MPC_VERSION_MASK	0x0f
#define MCPW_MPC_FLAGS_OFF	3
#define MCPW_MPC_KEY_OFF	4
#define MCPW_MPC_SYN_LEN_V0	12
#define MCPW_MPC_SYN_LEN_V1	4
#define MCPW_MPC_F_A		0x80	/* checksum required */
#define MCPW_MPC_F_B		0x40	/* extensibility, must be 0 */
#define MCPW_MPC_F_C		0x20	/* no more subflows to this address */
#define MCPW_MPC_F_H		0x01	/* v1: HMAC-SHA256; v0: HMAC-SHA1 */

/*
 * MP_CAPABLE after the SYN [V] (RFC 8684 section 3.1): the third ACK
 * carries the sender's and then the receiver's 64-bit key (length 20); the
 * first data segment, if the ACK was lost, the same plus the data-level
 * length (22) and a checksum (24). A connection's token is the most
 * significant 32 bits of SHA-256 of its key.
 */
#define MCPW_MPC_ACK_LEN	20
#define MCPW_MPC_DATA_LEN	22
#define MCPW_MPC_DATA_CSUM_LEN	24
#define MCPW_MPC_RKEY_OFF	12

/*
 * MP_JOIN in a SYN [V] (RFC 8684 section 3.2): subtype 1, length 12, the
 * address ID in octet 3, then the receiver's token and the sender's nonce.
 */
#define MCPW_MPTCP_SUB_JOIN	0x1
#define MCPW_JOIN_SYN_LEN	12
#define MCPW_JOIN_TOKEN_OFF	4

/*
 * MP_PREFER_PROXY: [V seed] kind 30, length 4, an MPTCP subtype; [R] the
 * subtype in the high nibble of octet 2, as for every MPTCP option, and the
 * 12 bits after it reserved (zero on sending, ignored on receipt). No
 * subtype was ever assigned: the default is MP_EXPERIMENTAL [V: RFC 8684
 * section 7.2], overridable by the module parameter.
 */
#define MCPW_PP_LEN		4
#define MCPW_PP_SUBTYPE_DEFAULT	MCPW_MPTCP_SUB_EXPERIMENTAL
#define MCPW_PP_RESERVED_MASK	0x0fff	/* of the be16 at octet 2 */

#endif /* _MCP_PROXY_CONVERT_LAYOUT_H */
