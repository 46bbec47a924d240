// SPDX-License-Identifier: GPL-2.0
/*
 * MP_CONVERT Information Elements (parse, address checks, echo) and the
 * MP_CAPABLE and MP_PREFER_PROXY options of a SYN, per
 * draft-boucadair-mptcp-plain-mode-10 as reconstructed in spec-digest D.
 * Pure: see include/hybrid/pure.h. Offsets and sizes: convert_layout.h.
 */

#include "../include/hybrid/pure.h"
#include "convert_wire.h"

/* no SYN payload is larger; keeps every offset well inside an int */
#define MCPW_MAX_PAYLOAD	65535

static const char * const mcpw_reason_names[MCPW_R_COUNT] = {
	[MCPW_OK]			= "ok",
	[MCPW_R_NO_MAGIC]		= "no_magic",
	[MCPW_R_BAD_MAGIC]		= "bad_magic",
	[MCPW_R_MISSING_NEXT]		= "missing_next",
	[MCPW_R_TRUNCATED]		= "truncated",
	[MCPW_R_ZERO_LENGTH]		= "zero_length",
	[MCPW_R_SHORT_LENGTH]		= "short_length",
	[MCPW_R_OVERRUN]		= "overrun",
	[MCPW_R_PAD_TRUNCATED]		= "pad_truncated",
	[MCPW_R_BAD_LENGTH]		= "bad_length",
	[MCPW_R_TOO_MANY]		= "too_many",
	[MCPW_R_SAME_D]			= "same_d",
	[MCPW_R_BAD_FAMILY]		= "bad_family",
	[MCPW_R_NO_SPACE]		= "no_space",
	[MCPW_R_ADDR_UNSPECIFIED]	= "addr_unspecified",
	[MCPW_R_ADDR_THIS_NETWORK]	= "addr_this_network",
	[MCPW_R_ADDR_LOOPBACK]		= "addr_loopback",
	[MCPW_R_ADDR_LINK_LOCAL]	= "addr_link_local",
	[MCPW_R_ADDR_IETF_PROTO]	= "addr_ietf_proto",
	[MCPW_R_ADDR_DOCUMENTATION]	= "addr_documentation",
	[MCPW_R_ADDR_RESERVED]		= "addr_reserved",
	[MCPW_R_ADDR_BROADCAST]		= "addr_broadcast",
	[MCPW_R_ADDR_MULTICAST]		= "addr_multicast",
	[MCPW_R_ADDR_V4MAPPED]		= "addr_v4mapped",
	[MCPW_R_ADDR_ORCHID]		= "addr_orchid",
	[MCPW_R_ADDR_PRIVATE]		= "addr_private",
	[MCPW_R_ADDR_SHARED]		= "addr_shared",
	[MCPW_R_ADDR_ULA]		= "addr_ula",
	[MCPW_R_OPT_NO_LENGTH]		= "opt_no_length",
	[MCPW_R_OPT_BAD_LENGTH]		= "opt_bad_length",
	[MCPW_R_OPT_OVERRUN]		= "opt_overrun",
	[MCPW_R_MPTCP_SHORT]		= "mptcp_short",
	[MCPW_R_MPC_BAD_LENGTH]		= "mpc_bad_length",
	[MCPW_R_MPC_DUP]		= "mpc_dup",
	[MCPW_R_PP_BAD_LENGTH]		= "pp_bad_length",
	[MCPW_R_PP_DUP]			= "pp_dup",
	[MCPW_R_PP_SUBTYPE]		= "pp_subtype",
};

/**
 * mcpw_reason_name() - short name of a reason, for counters and logs
 * @reason: an enum mcpw_reason, or its negation as the functions return it
 *
 * Return: a static string; "unknown" for a value outside the enum.
 */
const char *mcpw_reason_name(int reason)
{
	if (reason <= -MCPW_R_COUNT || reason >= MCPW_R_COUNT)
		return "unknown";
	if (reason < 0)
		reason = -reason;
	return mcpw_reason_names[reason];
}

static unsigned int mcpw_pad(unsigned int len)
{
	return (MCPW_ALIGN - len % MCPW_ALIGN) % MCPW_ALIGN;
}

static bool mcpw_has_magic(unsigned int index)
{
	return index == 0 || MCPW_MAGIC_EVERY_IE;
}

/* Decode one type-0 IE whose Length and padding are known to fit. */
static int mcpw_parse_addr_ie(const u8 *ie, unsigned int ielen, u16 flags,
			      struct mcpw_conv *c)
{
	unsigned int alen, i;
	struct mcpw_ie *e;
	u8 family, src;

	BUILD_BUG_ON(MCPW_OFF_ADDR + MCPW_ADDR4_LEN != MCPW_LEN_IPV4);
	BUILD_BUG_ON(MCPW_OFF_ADDR + MCPW_ADDR6_LEN != MCPW_LEN_IPV6);
	BUILD_BUG_ON(MCPW_LEN_IPV4 + MCPW_PORT_LEN != MCPW_LEN_IPV4_PORT);
	BUILD_BUG_ON(MCPW_LEN_IPV6 + MCPW_PORT_LEN != MCPW_LEN_IPV6_PORT);

	switch (ielen) {
	case MCPW_LEN_IPV4:
	case MCPW_LEN_IPV4_PORT:
		family = MCPW_FAM_IPV4;
		alen = MCPW_ADDR4_LEN;
		break;
	case MCPW_LEN_IPV6:
	case MCPW_LEN_IPV6_PORT:
		family = MCPW_FAM_IPV6;
		alen = MCPW_ADDR6_LEN;
		break;
	default:
		return -MCPW_R_BAD_LENGTH;
	}

	if (c->n >= MCPW_MAX_ADDR_IES)
		return -MCPW_R_TOO_MANY;
	src = !!(flags & MCPW_FLAG_D);
	for (i = 0; i < c->n; i++)
		if (c->ie[i].src == src)
			return -MCPW_R_SAME_D;

	e = &c->ie[c->n++];
	memset(e, 0, sizeof(*e));
	e->family = family;
	e->src = src;
	memcpy(e->addr, ie + MCPW_OFF_ADDR, alen);
	if (ielen > MCPW_OFF_ADDR + alen) {
		e->has_port = 1;
		e->port = get_unaligned_be16(ie + MCPW_OFF_ADDR + alen);
	}
	return 0;
}

/**
 * mcpw_parse() - decode the MP_CONVERT IEs at the start of a SYN payload
 * @buf: the first octet of the TCP payload
 * @len: octets readable at @buf
 * @out: the IEs; written on success only
 *
 * Walks IEs until one has the M bit set: each is a magic (every IE, or the
 * first only, per MCPW_MAGIC_EVERY_IE), Type, Length, the flags word, the
 * body, and padding up to 32 bits. Type-0 IEs need Length 8 or 10 (IPv4,
 * without or with a port) or 20 or 22 (IPv6); there may be two of them,
 * with different D bits. IEs of other types are skipped by their Length
 * and counted. Reserved bits and padding octets are ignored. Nothing is
 * read outside @buf.
 *
 * Only meaningful for a SYN carrying MP_CAPABLE: the draft (section 5.2)
 * ignores IEs anywhere else, and that check is the caller's. So is the
 * policy on a payload with no type-0 IE (@out->n == 0 on success) and the
 * checks of the addresses (mcpw_conv_check()).
 *
 * Return: the octets taken by the IEs (where application data starts), or
 * a negative enum mcpw_reason; -MCPW_R_NO_MAGIC means "no IE at all".
 */
int mcpw_parse(const u8 *buf, size_t len, struct mcpw_conv *out)
{
	struct mcpw_conv c;
	unsigned int index = 0;
	size_t off = 0;
	int err;

	memset(&c, 0, sizeof(c));
	if (len > MCPW_MAX_PAYLOAD)
		len = MCPW_MAX_PAYLOAD;

	for (;; index++) {
		size_t left = len - off;
		unsigned int ielen, pad;
		const u8 *ie;
		u16 flags;

		if (index && !left)
			return -MCPW_R_MISSING_NEXT;
		if (mcpw_has_magic(index)) {
			if (left < MCPW_MAGIC_LEN)
				return index ? -MCPW_R_TRUNCATED :
					       -MCPW_R_NO_MAGIC;
			if (get_unaligned_be32(buf + off) != MCPW_MAGIC)
				return index ? -MCPW_R_BAD_MAGIC :
					       -MCPW_R_NO_MAGIC;
			off += MCPW_MAGIC_LEN;
			left -= MCPW_MAGIC_LEN;
		}
		if (left <= MCPW_OFF_LEN)
			return -MCPW_R_TRUNCATED;

		ie = buf + off;
		ielen = ie[MCPW_OFF_LEN];
		if (!ielen)
			return -MCPW_R_ZERO_LENGTH;
		if (ielen < MCPW_HDR_LEN)
			return -MCPW_R_SHORT_LENGTH;
		if (ielen > left)
			return -MCPW_R_OVERRUN;
		pad = mcpw_pad(ielen);
		if (ielen + pad > left)
			return -MCPW_R_PAD_TRUNCATED;

		flags = get_unaligned_be16(ie + MCPW_OFF_FLAGS);
		if (ie[MCPW_OFF_TYPE] == MCPW_TYPE_ADDR) {
			err = mcpw_parse_addr_ie(ie, ielen, flags, &c);
			if (err)
				return err;
		} else {
			c.n_other++;
		}
		off += ielen + pad;
		if (flags & MCPW_FLAG_M)
			break;
	}

	c.consumed = off;
	*out = c;
	return off;
}

/**
 * struct mcpw_block - a special-purpose address block
 * @family: MCPW_FAM_IPV4 or MCPW_FAM_IPV6
 * @plen: prefix length
 * @reason: what mcpw_addr_check() answers for an address inside
 * @policy: 0 for always, else the policy flag that enables the block
 * @prefix: the prefix, network order
 */
struct mcpw_block {
	u8 family;
	u8 plen;
	u8 reason;
	u8 policy;
	u8 prefix[MCPW_ADDR6_LEN];
};

#define V4(l, r, pol, ...) \
	{ MCPW_FAM_IPV4, l, MCPW_R_ADDR_##r, pol, { __VA_ARGS__ } }
#define V6(l, r, pol, ...) \
	{ MCPW_FAM_IPV6, l, MCPW_R_ADDR_##r, pol, { __VA_ARGS__ } }
#define PRIV MCPW_ADDR_DENY_PRIVATE

/*
 * spec-digest F: the blocks RFC 6890 (updated by RFC 8190) marks as not
 * forwardable, plus multicast (RFC 5771, RFC 4291), and the private-use and
 * shared space left to policy. The first match wins: more specific blocks
 * come first.
 */
static const struct mcpw_block mcpw_blocks[] = {
	V4(32, UNSPECIFIED, 0, 0, 0, 0, 0),		/* 0.0.0.0/32 */
	V4(8, THIS_NETWORK, 0, 0, 0, 0, 0),		/* 0.0.0.0/8 */
	V4(8, LOOPBACK, 0, 127, 0, 0, 0),		/* 127.0.0.0/8 */
	V4(16, LINK_LOCAL, 0, 169, 254, 0, 0),		/* 169.254.0.0/16 */
	V4(24, IETF_PROTO, 0, 192, 0, 0, 0),		/* 192.0.0.0/24 */
	V4(24, DOCUMENTATION, 0, 192, 0, 2, 0),		/* 192.0.2.0/24 */
	V4(24, DOCUMENTATION, 0, 198, 51, 100, 0),	/* 198.51.100.0/24 */
	V4(24, DOCUMENTATION, 0, 203, 0, 113, 0),	/* 203.0.113.0/24 */
	V4(4, MULTICAST, 0, 224, 0, 0, 0),		/* 224.0.0.0/4 */
	V4(32, BROADCAST, 0, 255, 255, 255, 255),	/* 255.255.255.255/32 */
	V4(4, RESERVED, 0, 240, 0, 0, 0),		/* 240.0.0.0/4 */
	V4(8, PRIVATE, PRIV, 10, 0, 0, 0),		/* 10.0.0.0/8 */
	V4(12, PRIVATE, PRIV, 172, 16, 0, 0),		/* 172.16.0.0/12 */
	V4(16, PRIVATE, PRIV, 192, 168, 0, 0),		/* 192.168.0.0/16 */
	V4(10, SHARED, PRIV, 100, 64, 0, 0),		/* 100.64.0.0/10 */
	V6(128, UNSPECIFIED, 0, 0),			/* ::/128 */
	V6(128, LOOPBACK, 0, [15] = 1),			/* ::1/128 */
	V6(96, V4MAPPED, 0, [10] = 0xff, [11] = 0xff),	/* ::ffff:0:0/96 */
	V6(10, LINK_LOCAL, 0, 0xfe, 0x80),		/* fe80::/10 */
	V6(32, DOCUMENTATION, 0, 0x20, 0x01, 0x0d, 0xb8),	/* 2001:db8::/32 */
	V6(28, ORCHID, 0, 0x20, 0x01, 0x00, 0x10),	/* 2001:10::/28 */
	V6(8, MULTICAST, 0, 0xff),			/* ff00::/8 */
	V6(7, ULA, PRIV, 0xfc),				/* fc00::/7 */
};

#undef V4
#undef V6
#undef PRIV

static bool mcpw_prefix_match(const u8 *addr, const u8 *prefix,
			      unsigned int plen)
{
	unsigned int bytes = plen / 8, bits = plen % 8;
	u8 mask;

	if (memcmp(addr, prefix, bytes))
		return false;
	if (!bits)
		return true;
	mask = (u8)(0xff << (8 - bits));
	return !((addr[bytes] ^ prefix[bytes]) & mask);
}

/**
 * mcpw_addr_check() - may the MCP connect to (or accept from) this address?
 * @family: MCPW_FAM_IPV4 or MCPW_FAM_IPV6
 * @addr: 4 or 16 octets, network order
 * @policy: 0, or MCPW_ADDR_DENY_PRIVATE to refuse private-use (RFC 1918,
 *	fc00::/7) and shared (100.64.0.0/10) space too
 *
 * Refuses the special-purpose blocks spec-digest F lists: unspecified,
 * "this network", loopback, link-local, IETF protocol assignments,
 * documentation, reserved, limited broadcast, multicast, IPv4-mapped and
 * ORCHID. The draft (section 5.2) silently tears down a connection whose
 * IE carries a multicast, broadcast or loopback address.
 *
 * Return: 0 when the address is acceptable, else -MCPW_R_ADDR_* (or
 * -MCPW_R_BAD_FAMILY).
 */
int mcpw_addr_check(unsigned int family, const u8 *addr, unsigned int policy)
{
	unsigned int i;

	if (family != MCPW_FAM_IPV4 && family != MCPW_FAM_IPV6)
		return -MCPW_R_BAD_FAMILY;

	for (i = 0; i < ARRAY_SIZE(mcpw_blocks); i++) {
		const struct mcpw_block *b = &mcpw_blocks[i];

		if (b->family != family)
			continue;
		if (b->policy && !(b->policy & policy))
			continue;
		if (mcpw_prefix_match(addr, b->prefix, b->plen))
			return -b->reason;
	}
	return 0;
}

/**
 * mcpw_conv_check() - mcpw_addr_check() on every type-0 IE
 * @c: IEs from mcpw_parse()
 * @policy: as for mcpw_addr_check()
 *
 * Return: 0, or the reason of the first IE refused.
 */
int mcpw_conv_check(const struct mcpw_conv *c, unsigned int policy)
{
	unsigned int i;
	int err;

	for (i = 0; i < c->n && i < MCPW_MAX_ADDR_IES; i++) {
		err = mcpw_addr_check(c->ie[i].family, c->ie[i].addr, policy);
		if (err)
			return err;
	}
	return 0;
}

static int mcpw_ie_len(const struct mcpw_ie *e)
{
	switch (e->family) {
	case MCPW_FAM_IPV4:
		return e->has_port ? MCPW_LEN_IPV4_PORT : MCPW_LEN_IPV4;
	case MCPW_FAM_IPV6:
		return e->has_port ? MCPW_LEN_IPV6_PORT : MCPW_LEN_IPV6;
	default:
		return -MCPW_R_BAD_FAMILY;
	}
}

/**
 * mcpw_encoded_len() - octets mcpw_encode() writes for these IEs
 * @c: the IEs; only @c->n and @c->ie are read
 *
 * Return: the length (0 for no IE), or -MCPW_R_TOO_MANY,
 * -MCPW_R_SAME_D or -MCPW_R_BAD_FAMILY.
 */
int mcpw_encoded_len(const struct mcpw_conv *c)
{
	unsigned int i;
	int total = 0;

	if (c->n > MCPW_MAX_ADDR_IES)
		return -MCPW_R_TOO_MANY;
	if (c->n == 2 && !c->ie[0].src == !c->ie[1].src)
		return -MCPW_R_SAME_D;

	for (i = 0; i < c->n; i++) {
		int ielen = mcpw_ie_len(&c->ie[i]);

		if (ielen < 0)
			return ielen;
		if (mcpw_has_magic(i))
			total += MCPW_MAGIC_LEN;
		total += ielen + mcpw_pad(ielen);
	}
	return total;
}

/**
 * mcpw_encode() - write type-0 IEs, e.g. the echo in the MCP's SYN/ACK
 * @c: the IEs, in order; only @c->n and @c->ie are read
 * @buf: where the IEs go
 * @len: octets writable at @buf
 *
 * The M bit is set on the last IE only; reserved bits and padding are
 * zero. For input made of type-0 IEs with zero reserved bits and padding,
 * mcpw_encode(mcpw_parse(x)) gives back x up to the application data.
 * Nothing is written on failure.
 *
 * Return: the octets written, or a negative enum mcpw_reason
 * (-MCPW_R_NO_SPACE when @len is too small).
 */
int mcpw_encode(const struct mcpw_conv *c, u8 *buf, size_t len)
{
	int total = mcpw_encoded_len(c);
	unsigned int i, off = 0;

	if (total < 0)
		return total;
	if ((size_t)total > len)
		return -MCPW_R_NO_SPACE;

	for (i = 0; i < c->n; i++) {
		const struct mcpw_ie *e = &c->ie[i];
		unsigned int ielen = mcpw_ie_len(e);
		unsigned int alen = e->family == MCPW_FAM_IPV4 ?
				    MCPW_ADDR4_LEN : MCPW_ADDR6_LEN;
		u16 flags = 0;
		u8 *ie;

		if (mcpw_has_magic(i)) {
			put_unaligned_be32(MCPW_MAGIC, buf + off);
			off += MCPW_MAGIC_LEN;
		}
		ie = buf + off;
		memset(ie, 0, ielen + mcpw_pad(ielen));
		ie[MCPW_OFF_TYPE] = MCPW_TYPE_ADDR;
		ie[MCPW_OFF_LEN] = ielen;
		if (e->src)
			flags |= MCPW_FLAG_D;
		if (i + 1 == c->n)
			flags |= MCPW_FLAG_M;
		put_unaligned_be16(flags, ie + MCPW_OFF_FLAGS);
		memcpy(ie + MCPW_OFF_ADDR, e->addr, alen);
		if (e->has_port)
			put_unaligned_be16(e->port, ie + MCPW_OFF_ADDR + alen);
		off += ielen + mcpw_pad(ielen);
	}
	return off;
}

/**
 * mcpw_pp_subtype_valid() - may MP_PREFER_PROXY use this MPTCP subtype?
 * @subtype: the configured value
 *
 * Only the unassigned subtypes 0x9-0xE and MP_EXPERIMENTAL (0xF) are
 * accepted, so that the option can never be taken for MP_CAPABLE, DSS or
 * any other assigned MPTCP option.
 *
 * Return: true when @subtype is usable.
 */
bool mcpw_pp_subtype_valid(unsigned int subtype)
{
	return subtype > MCPW_MPTCP_SUB_LAST_ASSIGNED &&
	       subtype <= MCPW_MPTCP_SUB_EXPERIMENTAL;
}

static void mcpw_opt_mpc(const u8 *o, unsigned int olen,
			 struct mcpw_synopts *out, unsigned int *seen)
{
	u8 version = o[MCPW_MPTCP_SUBTYPE_OFF] & MCPW_MPC_VERSION_MASK;
	unsigned int want;

	if ((*seen)++) {
		out->mpc = 0;
		out->mpc_err = -MCPW_R_MPC_DUP;
		return;
	}
	/* a newer version in a SYN has the v1 length (RFC 8684 3.1) */
	want = version ? MCPW_MPC_SYN_LEN_V1 : MCPW_MPC_SYN_LEN_V0;
	if (olen != want) {
		out->mpc_err = -MCPW_R_MPC_BAD_LENGTH;
		return;
	}
	out->mpc = 1;
	out->mpc_version = version;
	out->mpc_flags = o[MCPW_MPC_FLAGS_OFF];
	if (!version)
		out->mpc_key =
			(u64)get_unaligned_be32(o + MCPW_MPC_KEY_OFF) << 32 |
			get_unaligned_be32(o + MCPW_MPC_KEY_OFF + 4);
}

static void mcpw_opt_pp(const u8 *o, unsigned int olen,
			struct mcpw_synopts *out, unsigned int *seen)
{
	if ((*seen)++) {
		out->pp = 0;
		out->pp_err = -MCPW_R_PP_DUP;
		return;
	}
	if (olen != MCPW_PP_LEN) {
		out->pp_err = -MCPW_R_PP_BAD_LENGTH;
		return;
	}
	out->pp = 1;
	out->pp_reserved = get_unaligned_be16(o + MCPW_MPTCP_SUBTYPE_OFF) &
			   MCPW_PP_RESERVED_MASK;
}

/*
 * One step of the TCP option walk both parsers share: 1 with the next
 * option in *@o and its length in *@olen, 0 at the end or EOL, or the
 * negative -MCPW_R_OPT_* reason the walk cannot go on for.
 */
static int mcpw_opt_next(const u8 *opt, size_t len, size_t *off,
			 const u8 **o, unsigned int *olen)
{
	while (*off < len && opt[*off] == MCPW_TCPOPT_NOP)
		(*off)++;
	if (*off >= len || opt[*off] == MCPW_TCPOPT_EOL)
		return 0;
	if (len - *off < 2)
		return -MCPW_R_OPT_NO_LENGTH;
	*o = opt + *off;
	*olen = (*o)[1];
	if (*olen < 2)
		return -MCPW_R_OPT_BAD_LENGTH;
	if (*olen > len - *off)
		return -MCPW_R_OPT_OVERRUN;
	*off += *olen;
	return 1;
}

/**
 * mcpw_parse_synopts() - find MP_CAPABLE and MP_PREFER_PROXY in a SYN
 * @opt: the TCP options area (after the 20-octet fixed header)
 * @len: its length, (doff - 5) * 4
 * @pp_subtype: the MPTCP subtype of MP_PREFER_PROXY (the module parameter,
 *	MCPW_PP_SUBTYPE_DEFAULT unless configured)
 * @out: what was found; always written
 *
 * Walks the options the way Linux does: EOL ends the list, NOP is one
 * octet, any other option needs a length octet of at least 2 that fits
 * in what is left, else the walk stops there. What was found before a stop
 * stays in @out. MP_CAPABLE must have the SYN length of its version (4 for
 * version 1 and later, 12 for version 0), MP_PREFER_PROXY length 4; each
 * may appear once. An option with the configured subtype and another
 * length (e.g. someone else's MP_EXPERIMENTAL) is reported in
 * @out->pp_err, not taken.
 *
 * The caller must only pass the options of a segment with SYN set and ACK
 * unset: the lengths checked are those of a SYN, and the draft (section
 * 4.2) ignores MP_PREFER_PROXY in any other segment and in a SYN without
 * MP_CAPABLE (mcpw_syn_wants_proxy()). Checking the MP_CAPABLE flags
 * (B, H) is also the caller's.
 *
 * Return: 0 when the walk reached the end or EOL, -MCPW_R_PP_SUBTYPE for
 * an unusable @pp_subtype (nothing parsed), else the negative
 * -MCPW_R_OPT_* reason the walk stopped for.
 */
int mcpw_parse_synopts(const u8 *opt, size_t len, unsigned int pp_subtype,
		       struct mcpw_synopts *out)
{
	unsigned int seen_mpc = 0, seen_pp = 0, olen;
	size_t off = 0;
	const u8 *o;
	int err;

	memset(out, 0, sizeof(*out));
	if (!mcpw_pp_subtype_valid(pp_subtype))
		return -MCPW_R_PP_SUBTYPE;

	while ((err = mcpw_opt_next(opt, len, &off, &o, &olen)) > 0) {
		unsigned int subtype;

		if (o[0] != MCPW_TCPOPT_MPTCP)
			continue;
		if (olen < MCPW_MPTCP_MIN_LEN) {
			out->mptcp_err = -MCPW_R_MPTCP_SHORT;
			continue;
		}
		subtype = o[MCPW_MPTCP_SUBTYPE_OFF] >> MCPW_MPTCP_SUBTYPE_SHIFT;
		if (subtype == MCPW_MPTCP_SUB_CAPABLE)
			mcpw_opt_mpc(o, olen, out, &seen_mpc);
		else if (subtype == pp_subtype)
			mcpw_opt_pp(o, olen, out, &seen_pp);
	}
	return err;
}

/**
 * mcpw_put_prefer_proxy() - write an MP_PREFER_PROXY option
 * @buf: where the option goes
 * @len: octets writable at @buf
 * @subtype: the MPTCP subtype to use (see mcpw_pp_subtype_valid())
 *
 * Reserved bits are zero. Nothing is written on failure.
 *
 * Return: MCPW_PP_LEN, -MCPW_R_PP_SUBTYPE or -MCPW_R_NO_SPACE.
 */
int mcpw_put_prefer_proxy(u8 *buf, size_t len, unsigned int subtype)
{
	if (!mcpw_pp_subtype_valid(subtype))
		return -MCPW_R_PP_SUBTYPE;
	if (len < MCPW_PP_LEN)
		return -MCPW_R_NO_SPACE;
	buf[0] = MCPW_TCPOPT_MPTCP;
	buf[1] = MCPW_PP_LEN;
	buf[MCPW_MPTCP_SUBTYPE_OFF] = subtype << MCPW_MPTCP_SUBTYPE_SHIFT;
	buf[MCPW_MPTCP_SUBTYPE_OFF + 1] = 0;
	return MCPW_PP_LEN;
}

static u64 mcpw_get_key(const u8 *p)
{
	return (u64)get_unaligned_be32(p) << 32 | get_unaligned_be32(p + 4);
}

/**
 * mcpw_parse_segopts() - the MPTCP options an MCP follows in any segment
 * @opt: the TCP options area (after the 20-octet fixed header)
 * @len: its length, (doff - 5) * 4
 * @pp_subtype: the MPTCP subtype of MP_PREFER_PROXY
 * @out: what was found; always written
 *
 * The same walk as mcpw_parse_synopts(). Reports MP_PREFER_PROXY (so that
 * the caller can count it where the draft ignores it), the keys of an
 * MP_CAPABLE of length 20, 22 or 24 (the connection's tokens derive from
 * them) and the token of an MP_JOIN of length 12 (a SYN's). The first of
 * each counts; the caller checks the segment's flags.
 *
 * Return: 0, -MCPW_R_PP_SUBTYPE (nothing parsed) or the -MCPW_R_OPT_*
 * reason the walk stopped for (what was found before stays in @out).
 */
int mcpw_parse_segopts(const u8 *opt, size_t len, unsigned int pp_subtype,
		       struct mcpw_segopts *out)
{
	unsigned int olen;
	size_t off = 0;
	const u8 *o;
	int err;

	memset(out, 0, sizeof(*out));
	if (!mcpw_pp_subtype_valid(pp_subtype))
		return -MCPW_R_PP_SUBTYPE;

	while ((err = mcpw_opt_next(opt, len, &off, &o, &olen)) > 0) {
		unsigned int subtype;

		if (o[0] != MCPW_TCPOPT_MPTCP || olen < MCPW_MPTCP_MIN_LEN)
			continue;
		subtype = o[MCPW_MPTCP_SUBTYPE_OFF] >> MCPW_MPTCP_SUBTYPE_SHIFT;
		if (subtype == MCPW_MPTCP_SUB_CAPABLE && !out->keys &&
		    (olen == MCPW_MPC_ACK_LEN || olen == MCPW_MPC_DATA_LEN ||
		     olen == MCPW_MPC_DATA_CSUM_LEN)) {
			out->keys = 1;
			out->sender_key = mcpw_get_key(o + MCPW_MPC_KEY_OFF);
			out->receiver_key = mcpw_get_key(o + MCPW_MPC_RKEY_OFF);
		} else if (subtype == MCPW_MPTCP_SUB_JOIN && !out->join_syn &&
			   olen == MCPW_JOIN_SYN_LEN) {
			out->join_syn = 1;
			out->join_token =
				get_unaligned_be32(o + MCPW_JOIN_TOKEN_OFF);
		} else if (subtype == pp_subtype && olen == MCPW_PP_LEN) {
			out->pp = 1;
		}
	}
	return err;
}
