// SPDX-License-Identifier: GPL-2.0
/*
 * GRE header parse and build (RFC 2784, RFC 2890), the RFC 1071 checksum.
 * Pure: see include/hybrid/pure.h.
 */

#include "../include/hybrid/pure.h"
#include "gre_wire.h"

#define GB_GRE_F_REJECT \
	(GB_GRE_F_ROUTING | GB_GRE_F_STRICT | GB_GRE_F_RECUR | \
	 GB_GRE_F_RESERVED0)

/**
 * gb_gre_parse() - validate and decode a GRE header
 * @buf: first byte of the GRE header
 * @len: bytes readable at @buf
 * @out: the decoded header; written completely on success only
 *
 * Checks, in this order: that the 4 base bytes are there, that the version
 * is 0, that none of the bits RFC 2784 and RFC 2890 leave unused are set
 * (R, s, recursion control, reserved0), and that every optional field the
 * flags announce fits in @len. Fields that are absent read as 0 in @out.
 *
 * Return: GB_GRE_OK, or the first reason the header is unusable.
 */
enum gb_gre_parse_err gb_gre_parse(const u8 *buf, size_t len,
				   struct gb_gre_hdr *out)
{
	unsigned int off = GB_GRE_BASE_LEN;
	unsigned int hlen;
	u16 flags;

	if (len < GB_GRE_BASE_LEN)
		return GB_GRE_ERR_SHORT;

	flags = get_unaligned_be16(buf);
	if (flags & GB_GRE_VERSION_MASK)
		return GB_GRE_ERR_VERSION;
	if (flags & GB_GRE_F_REJECT)
		return GB_GRE_ERR_FLAGS;

	hlen = gb_gre_hlen(flags);
	if (len < hlen)
		return GB_GRE_ERR_SHORT;

	out->flags = flags;
	out->proto = get_unaligned_be16(buf + 2);
	out->csum = 0;
	out->key = 0;
	out->seq = 0;
	out->hlen = hlen;

	if (flags & GB_GRE_F_CSUM) {
		/* the 16 bits after the checksum are Reserved1, ignored */
		out->csum = get_unaligned_be16(buf + off);
		off += GB_GRE_OPT_LEN;
	}
	if (flags & GB_GRE_F_KEY) {
		out->key = get_unaligned_be32(buf + off);
		off += GB_GRE_OPT_LEN;
	}
	if (flags & GB_GRE_F_SEQ)
		out->seq = get_unaligned_be32(buf + off);

	return GB_GRE_OK;
}

/**
 * gb_gre_build() - write a GRE header without checksum
 * @buf: where the header goes
 * @len: bytes writable at @buf
 * @proto: protocol type, host order
 * @with_key: set K and write @key
 * @key: key, host order
 * @with_seq: set S and write @seq
 * @seq: sequence number
 *
 * RFC 8157 data packets use K and S (GB_GRE_DATA_HLEN bytes), control
 * messages K only. Nothing is written when @len is too small.
 *
 * Return: the header length written, or 0 if it does not fit in @len.
 */
unsigned int gb_gre_build(u8 *buf, size_t len, u16 proto, bool with_key,
			  u32 key, bool with_seq, u32 seq)
{
	u16 flags = (with_key ? GB_GRE_F_KEY : 0) |
		    (with_seq ? GB_GRE_F_SEQ : 0);
	unsigned int hlen = gb_gre_hlen(flags);
	unsigned int off = GB_GRE_BASE_LEN;

	if (len < hlen)
		return 0;

	put_unaligned_be16(flags, buf);
	put_unaligned_be16(proto, buf + 2);
	if (with_key) {
		put_unaligned_be32(key, buf + off);
		off += GB_GRE_OPT_LEN;
	}
	if (with_seq)
		put_unaligned_be32(seq, buf + off);

	return hlen;
}

/**
 * gb_gre_csum() - RFC 1071 internet checksum
 * @buf: bytes to sum, read as big-endian 16-bit words (an odd last byte is
 *	padded with a zero byte)
 * @len: number of bytes
 *
 * To fill in a checksum, zero the field, run this over the header and
 * payload and store the result big-endian. Run over a packet whose field is
 * already filled in, it returns 0 exactly when the checksum is right. The
 * 64-bit accumulator cannot overflow below 16 GiB of input.
 *
 * Return: the one's complement of the one's complement sum, host order.
 */
u16 gb_gre_csum(const u8 *buf, size_t len)
{
	u64 sum = 0;

	/* 2^32 = 1 (mod 2^16 - 1): 32-bit words fold to the same sum */
	while (len >= 4) {
		sum += get_unaligned_be32(buf);
		buf += 4;
		len -= 4;
	}
	if (len >= 2) {
		sum += get_unaligned_be16(buf);
		buf += 2;
		len -= 2;
	}
	if (len)
		sum += (u32)buf[0] << 8;

	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);

	return (u16)~sum;
}
