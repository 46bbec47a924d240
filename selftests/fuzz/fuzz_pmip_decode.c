// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: pmip_decode() (tools/libpmip) on arbitrary bytes.
 *
 * Input: a Mobility Header as carried after the IPv6 header (Payload
 * Proto, Header Len, MH Type, ...). Checks: a decode that fails says why;
 * one that succeeds re-encodes without error (checksum filled in for fixed
 * addresses, and then verifies), decodes again to an equal message and
 * encodes to the same octets (the second encoding is the canonical form:
 * options in a fixed order, aligned, unknown ones and reserved bits
 * dropped); pmip_decode_verify() agrees with pmip_decode() apart from the
 * checksum; the printer stays within its buffer.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/libpmip/pmip.h"
#include "fuzz_check.h"

static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static struct pmip_msg m, again, verified;
static uint8_t enc[PMIP_MSG_MAX_LEN], enc2[PMIP_MSG_MAX_LEN];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL;
	char text[1024];
	int rc, rc2, len, len2, n;

	rc = pmip_decode(data, size, &m, &err);
	rc2 = pmip_decode_verify(data, size, src, dst, &verified, NULL);
	if (rc2 != -EILSEQ)
		CHECK(rc2 == rc);
	if (rc) {
		CHECK(rc < 0 && err);
		return 0;
	}
	CHECK(!err);
	CHECK(size % 8 == 0 && size == ((size_t)data[1] + 1) * 8);
	CHECK(m.mh_type == data[2]);
	CHECK(m.n_hnp <= PMIP_MAX_HNP && m.n_mmb <= PMIP_MAX_MMB);

	len = pmip_encode_err(&m, enc, sizeof(enc), &err);
	if (len < 0)
		fprintf(stderr, "re-encode: %s\n", err);
	CHECK(len >= 16 && len % 8 == 0 && (size_t)len <= sizeof(enc));
	CHECK(pmip_encode_csum(&m, src, dst, enc2, sizeof(enc2)) == len);
	CHECK(pmip_checksum_ok(src, dst, enc2, (size_t)len));
	CHECK(!memcmp(enc + 6, enc2 + 6, (size_t)len - 6));

	rc = pmip_decode_verify(enc2, (size_t)len, src, dst, &again, &err);
	if (rc)
		fprintf(stderr, "decode again: %s\n", err);
	CHECK(rc == 0);
	CHECK(again.n_unknown == 0);
	CHECK(pmip_msg_equal(&m, &again));
	CHECK(pmip_msg_equal(&again, &m));

	len2 = pmip_encode(&again, enc2, sizeof(enc2));
	CHECK(len2 == len && !memcmp(enc, enc2, (size_t)len));

	memset(text, 0x5a, sizeof(text));
	n = pmip_msg_format(&m, text, sizeof(text) - 8);
	CHECK(n >= 0);
	CHECK(strlen(text) < sizeof(text) - 8);
	CHECK(!memcmp(text + sizeof(text) - 8, "ZZZZZZZZ", 8));
	return 0;
}
