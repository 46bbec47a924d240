// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: gbcp_decode() (tools/libgbcp) on arbitrary bytes.
 *
 * Input: a control message as carried in GRE (MsgType/T-Type octet, then
 * attributes). It is decoded in both dialects. Checks: a decode that fails
 * says why; one that succeeds re-encodes without error, decodes again to an
 * equal message and encodes to the same octets (the second encoding is the
 * canonical form: attributes in type order, unknown ones dropped, the DT
 * closing attribute added); the printer stays within its buffer.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/libgbcp/gbcp.h"
#include "fuzz_check.h"

static struct gbcp_msg m, again;
static uint8_t enc[GBCP_MSG_MAX_LEN], enc2[GBCP_MSG_MAX_LEN];

static void one(const uint8_t *data, size_t size, enum gbcp_dialect d)
{
	const char *err = NULL;
	char text[256];
	int rc, len, len2, n;

	rc = gbcp_decode(data, size, d, &m, &err);
	if (rc) {
		CHECK(rc < 0 && err);
		return;
	}
	CHECK(!err);
	CHECK(m.type == data[0] >> 4);

	len = gbcp_encode_err(&m, d, enc, sizeof(enc), &err);
	if (len < 0)
		fprintf(stderr, "re-encode: %s\n", err);
	CHECK(len > 0 && (size_t)len <= sizeof(enc));
	/* nothing unknown and no DT end: the encoding is the input */
	if (!m.n_unknown && d == GBCP_DIALECT_RFC && (size_t)len == size)
		CHECK(enc[0] == data[0]);

	rc = gbcp_decode(enc, (size_t)len, d, &again, &err);
	if (rc)
		fprintf(stderr, "decode again: %s\n", err);
	CHECK(rc == 0);
	CHECK(again.n_unknown == 0);
	CHECK(gbcp_msg_equal(&m, &again));
	CHECK(gbcp_msg_equal(&again, &m));

	len2 = gbcp_encode(&again, d, enc2, sizeof(enc2));
	CHECK(len2 == len && !memcmp(enc, enc2, (size_t)len));

	memset(text, 0x5a, sizeof(text));
	n = gbcp_msg_format(&m, text, sizeof(text) - 8);
	CHECK(n >= 0);
	CHECK(strlen(text) < sizeof(text) - 8);
	CHECK(!memcmp(text + sizeof(text) - 8, "ZZZZZZZZ", 8));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, GBCP_DIALECT_RFC);
	one(data, size, GBCP_DIALECT_DT);
	return 0;
}
