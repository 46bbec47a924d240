// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: gb_gre_parse() on arbitrary bytes, and the checksum.
 *
 * Input: the bytes of a GRE header and whatever follows it.
 * Checks: the verdict agrees with the flag word and the length; a header
 * that parses lies within the input, matches the bytes field by field, and
 * comes out of gb_gre_build() byte for byte again (apart from C, which
 * gb_gre_build() never writes); a checksum appended to the input makes the
 * whole sum to zero.
 */

#include <stdio.h>
#include <stdlib.h>

#include "gre_bond/gre_wire.h"
#include "fuzz_check.h"

static void check_csum(const u8 *data, size_t size)
{
	size_t even = size + (size & 1);
	u8 *buf = calloc(1, even + 2);
	u16 c;

	CHECK(buf);
	memcpy(buf, data, size);
	c = gb_gre_csum(buf, even);
	CHECK(c == gb_gre_csum(data, size));	/* odd tail padded with 0 */
	buf[even] = c >> 8;
	buf[even + 1] = c & 0xff;
	CHECK(gb_gre_csum(buf, even + 2) == 0);
	free(buf);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct gb_gre_hdr h, again;
	enum gb_gre_parse_err err;
	u8 built[GB_GRE_MAX_HLEN];
	unsigned int n, off;
	u16 flags;

	check_csum(data, size);

	memset(&h, 0xa5, sizeof(h));
	err = gb_gre_parse(data, size, &h);
	if (size < GB_GRE_BASE_LEN) {
		CHECK(err == GB_GRE_ERR_SHORT);
		return 0;
	}
	flags = data[0] << 8 | data[1];
	if (flags & GB_GRE_VERSION_MASK) {
		CHECK(err == GB_GRE_ERR_VERSION);
		return 0;
	}
	if (flags & (GB_GRE_F_ROUTING | GB_GRE_F_STRICT | GB_GRE_F_RECUR |
		     GB_GRE_F_RESERVED0)) {
		CHECK(err == GB_GRE_ERR_FLAGS);
		return 0;
	}
	if (size < gb_gre_hlen(flags)) {
		CHECK(err == GB_GRE_ERR_SHORT);
		return 0;
	}
	CHECK(err == GB_GRE_OK);

	/* the header lies within the input and says what the bytes say */
	CHECK(h.hlen <= size);
	CHECK(h.hlen == gb_gre_hlen(h.flags));
	CHECK(h.hlen >= 4 && h.hlen <= GB_GRE_MAX_HLEN && !(h.hlen & 3));
	CHECK(h.flags == flags);
	CHECK(h.proto == (data[2] << 8 | data[3]));
	off = 4;
	if (gb_gre_has_csum(&h)) {
		CHECK(h.csum == (data[4] << 8 | data[5]));
		off += 4;
	} else {
		CHECK(h.csum == 0);
	}
	if (gb_gre_has_key(&h)) {
		CHECK(h.key == get_unaligned_be32(data + off));
		off += 4;
	} else {
		CHECK(h.key == 0);
	}
	if (gb_gre_has_seq(&h)) {
		CHECK(h.seq == get_unaligned_be32(data + off));
		off += 4;
	} else {
		CHECK(h.seq == 0);
	}
	CHECK(off == h.hlen);

	/* rebuild: everything but the C word comes out the same */
	n = gb_gre_build(built, sizeof(built), h.proto, gb_gre_has_key(&h),
			 h.key, gb_gre_has_seq(&h), h.seq);
	off = gb_gre_has_csum(&h) ? 8 : 4;
	CHECK(n == h.hlen - (off - 4));
	CHECK(built[0] == (data[0] & ~(GB_GRE_F_CSUM >> 8)));
	CHECK(built[1] == data[1]);
	CHECK(!memcmp(built + 2, data + 2, 2));
	CHECK(!memcmp(built + 4, data + off, n - 4));
	CHECK(gb_gre_build(built, n - 1, h.proto, gb_gre_has_key(&h), h.key,
			   gb_gre_has_seq(&h), h.seq) == 0);

	/* and parses back to the same header */
	CHECK(gb_gre_parse(built, n, &again) == GB_GRE_OK);
	CHECK(again.flags == (h.flags & ~GB_GRE_F_CSUM));
	CHECK(again.proto == h.proto && again.key == h.key &&
	      again.seq == h.seq && again.hlen == n);
	return 0;
}
