/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GRE header as RFC 2784 + RFC 2890 define it and RFC 8157 uses it
 * (spec-digest A.2, A.8, C). Pure: compiled into gre_bond.ko and into the
 * host unit tests and fuzz targets. Every wire constant of the data plane
 * lives here.
 */
#ifndef _GRE_BOND_GRE_WIRE_H
#define _GRE_BOND_GRE_WIRE_H

#include "../include/hybrid/pure.h"

/* first 16 bits, host order */
#define GB_GRE_F_CSUM		0x8000	/* C: checksum + reserved1 present */
#define GB_GRE_F_ROUTING	0x4000	/* R: RFC 1701 only, rejected */
#define GB_GRE_F_KEY		0x2000	/* K: key present */
#define GB_GRE_F_SEQ		0x1000	/* S: sequence number present */
#define GB_GRE_F_STRICT		0x0800	/* s: RFC 1701 only, rejected */
#define GB_GRE_F_RECUR		0x0700	/* recursion control, rejected */
#define GB_GRE_F_RESERVED0	0x00f8	/* must be zero (RFC 2784) */
#define GB_GRE_VERSION_MASK	0x0007

#define GB_GRE_BASE_LEN		4
#define GB_GRE_OPT_LEN		4
/* K and S, no checksum: what RFC 8157 data packets carry */
#define GB_GRE_DATA_HLEN	12
#define GB_GRE_MAX_HLEN		16

#define GB_GRE_PROTO_IPV4	0x0800
#define GB_GRE_PROTO_IPV6	0x86DD
#define GB_GRE_PROTO_CTRL	0xB7EA	/* RFC 8157 control messages */

enum gb_gre_parse_err {
	GB_GRE_OK = 0,
	GB_GRE_ERR_SHORT,	/* fewer bytes than the flags promise */
	GB_GRE_ERR_VERSION,	/* version != 0 */
	GB_GRE_ERR_FLAGS,	/* R, s, recursion or reserved0 bits set */
};

/**
 * struct gb_gre_hdr - a parsed GRE header
 * @flags: first 16 bits, host order
 * @proto: protocol type, host order
 * @csum: checksum field, host order (valid when @flags has GB_GRE_F_CSUM)
 * @key: key, host order (valid when @flags has GB_GRE_F_KEY)
 * @seq: sequence number (valid when @flags has GB_GRE_F_SEQ)
 * @hlen: header length in bytes: 4, 8, 12 or 16
 */
struct gb_gre_hdr {
	u16 flags;
	u16 proto;
	u16 csum;
	u32 key;
	u32 seq;
	unsigned int hlen;
};

static inline bool gb_gre_has_key(const struct gb_gre_hdr *h)
{
	return h->flags & GB_GRE_F_KEY;
}

static inline bool gb_gre_has_seq(const struct gb_gre_hdr *h)
{
	return h->flags & GB_GRE_F_SEQ;
}

static inline bool gb_gre_has_csum(const struct gb_gre_hdr *h)
{
	return h->flags & GB_GRE_F_CSUM;
}

/* Header length implied by the first 16 bits (flags + version). */
static inline unsigned int gb_gre_hlen(u16 flags)
{
	return GB_GRE_BASE_LEN +
	       (flags & GB_GRE_F_CSUM ? GB_GRE_OPT_LEN : 0) +
	       (flags & GB_GRE_F_KEY ? GB_GRE_OPT_LEN : 0) +
	       (flags & GB_GRE_F_SEQ ? GB_GRE_OPT_LEN : 0);
}

enum gb_gre_parse_err gb_gre_parse(const u8 *buf, size_t len,
				   struct gb_gre_hdr *out);
unsigned int gb_gre_build(u8 *buf, size_t len, u16 proto, bool with_key,
			  u32 key, bool with_seq, u32 seq);
u16 gb_gre_csum(const u8 *buf, size_t len);

#endif /* _GRE_BOND_GRE_WIRE_H */
