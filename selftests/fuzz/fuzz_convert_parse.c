// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: mcp_proxy/convert_wire.c on arbitrary bytes.
 *
 * Input: one header octet, then the bytes given both to mcpw_parse() (as a
 * SYN payload) and to mcpw_parse_synopts() and mcpw_parse_segopts() (as a
 * TCP options area). Header:
 * low nibble = the MP_PREFER_PROXY subtype (0-8 are refused), bit 4 = the
 * MCPW_ADDR_DENY_PRIVATE policy.
 * Checks: a refusal names a reason of its kind and leaves the output alone;
 * IEs that parse lie within the input, hold at most two type-0 IEs with
 * different D bits, encode to what mcpw_encoded_len() says, parse back to
 * the same IEs and, when no other type was skipped, equal the input apart
 * from reserved bits and padding; the option walk agrees with a plain
 * reference walk on its verdict and on the MPTCP options it saw.
 */

#include <stdio.h>
#include <stdlib.h>

#include "mcp_proxy/convert_wire.h"
#include "fuzz_check.h"

static unsigned int pad_of(unsigned int len)
{
	return (MCPW_ALIGN - len % MCPW_ALIGN) % MCPW_ALIGN;
}

static void check_ie(const struct mcpw_ie *e)
{
	static const u8 zero[MCPW_ADDR6_LEN];

	CHECK(e->family == MCPW_FAM_IPV4 || e->family == MCPW_FAM_IPV6);
	CHECK(e->src <= 1 && e->has_port <= 1);
	CHECK(e->has_port || e->port == 0);
	if (e->family == MCPW_FAM_IPV4)
		CHECK(!memcmp(e->addr + MCPW_ADDR4_LEN, zero,
			      MCPW_ADDR6_LEN - MCPW_ADDR4_LEN));
}

/* The input's IEs with reserved bits and padding cleared. */
static void normalise(u8 *buf, const struct mcpw_conv *c)
{
	unsigned int i, off = 0;

	for (i = 0; i < c->n; i++) {
		unsigned int ielen;
		u16 flags;

		if (i == 0 || MCPW_MAGIC_EVERY_IE)
			off += MCPW_MAGIC_LEN;
		ielen = buf[off + MCPW_OFF_LEN];
		flags = get_unaligned_be16(buf + off + MCPW_OFF_FLAGS);
		put_unaligned_be16(flags & (MCPW_FLAG_D | MCPW_FLAG_M),
				   buf + off + MCPW_OFF_FLAGS);
		memset(buf + off + ielen, 0, pad_of(ielen));
		off += ielen + pad_of(ielen);
	}
	CHECK(off == c->consumed);
}

static void fuzz_ies(const u8 *data, size_t size, unsigned int policy)
{
	struct mcpw_conv c, again, untouched;
	unsigned int i;
	u8 *enc, *norm;
	int ret, n;

	memset(&c, 0xa5, sizeof(c));
	untouched = c;
	ret = mcpw_parse(data, size, &c);
	if (ret < 0) {
		CHECK(ret <= -MCPW_R_NO_MAGIC && ret >= -MCPW_R_SAME_D);
		CHECK(strcmp(mcpw_reason_name(ret), "unknown"));
		CHECK(!memcmp(&c, &untouched, sizeof(c)));
		return;
	}

	/* within the input, starts with the magic, 32-bit aligned */
	CHECK((unsigned int)ret == c.consumed);
	CHECK(c.consumed <= size && c.consumed >= MCPW_MAGIC_LEN);
	CHECK(get_unaligned_be32(data) == MCPW_MAGIC);
	CHECK(c.consumed % MCPW_ALIGN == 0);
	CHECK(c.n <= MCPW_MAX_ADDR_IES);
	CHECK(c.n + c.n_other >= 1);
	for (i = 0; i < c.n; i++)
		check_ie(&c.ie[i]);
	if (c.n == 2)
		CHECK(c.ie[0].src != c.ie[1].src);

	/* address checks: the first refused IE, or none */
	ret = mcpw_conv_check(&c, policy);
	for (i = 0; i < c.n; i++) {
		int r = mcpw_addr_check(c.ie[i].family, c.ie[i].addr, policy);

		CHECK(r == 0 || (r <= -MCPW_R_ADDR_UNSPECIFIED &&
				 r >= -MCPW_R_ADDR_ULA));
		if (r) {
			CHECK(ret == r);
			break;
		}
	}
	if (i == c.n)
		CHECK(ret == 0);

	/* the echo: exactly the announced size, parses back the same */
	n = mcpw_encoded_len(&c);
	CHECK(n >= 0);
	enc = malloc(n + 1);
	CHECK(enc);
	if (n)
		CHECK(mcpw_encode(&c, enc, n - 1) == -MCPW_R_NO_SPACE);
	CHECK(mcpw_encode(&c, enc, n) == n);
	if (!c.n) {
		CHECK(n == 0);
		free(enc);
		return;
	}
	memset(&again, 0, sizeof(again));
	CHECK(mcpw_parse(enc, n, &again) == n);
	CHECK(again.n == c.n && again.n_other == 0);
	CHECK(!memcmp(again.ie, c.ie, sizeof(c.ie)));

	/* without skipped IEs, byte-exact up to reserved bits and padding */
	if (!c.n_other) {
		CHECK((unsigned int)n == c.consumed);
		norm = malloc(n);
		CHECK(norm);
		memcpy(norm, data, n);
		normalise(norm, &c);
		CHECK(!memcmp(norm, enc, n));
		free(norm);
	}
	free(enc);
}

/* A plain walk: the verdict and the MPTCP options of each subtype. */
static int ref_walk(const u8 *opt, size_t len, unsigned int subtype,
		    unsigned int *n_mpc, unsigned int *n_pp, bool *short_opt)
{
	size_t off = 0;

	*n_mpc = 0;
	*n_pp = 0;
	*short_opt = false;
	while (off < len) {
		if (opt[off] == 0)
			return 0;
		if (opt[off] == 1) {
			off++;
			continue;
		}
		if (off + 1 >= len)
			return -MCPW_R_OPT_NO_LENGTH;
		if (opt[off + 1] < 2)
			return -MCPW_R_OPT_BAD_LENGTH;
		if (off + opt[off + 1] > len)
			return -MCPW_R_OPT_OVERRUN;
		if (opt[off] == 30 && opt[off + 1] < 3)
			*short_opt = true;
		else if (opt[off] == 30 && opt[off + 2] >> 4 == 0)
			(*n_mpc)++;
		else if (opt[off] == 30 && opt[off + 2] >> 4 == subtype)
			(*n_pp)++;
		off += opt[off + 1];
	}
	return 0;
}

static void fuzz_opts(const u8 *data, size_t size, unsigned int subtype)
{
	static const struct mcpw_synopts zero;
	unsigned int n_mpc, n_pp;
	struct mcpw_synopts o;
	bool short_opt;
	int ret, want;
	u8 pp[MCPW_PP_LEN];

	memset(&o, 0xa5, sizeof(o));
	ret = mcpw_parse_synopts(data, size, subtype, &o);
	if (!mcpw_pp_subtype_valid(subtype)) {
		CHECK(subtype <= MCPW_MPTCP_SUB_LAST_ASSIGNED);
		CHECK(ret == -MCPW_R_PP_SUBTYPE);
		CHECK(!memcmp(&o, &zero, sizeof(o)));
		CHECK(mcpw_put_prefer_proxy(pp, sizeof(pp), subtype) == ret);
		return;
	}
	want = ref_walk(data, size, subtype, &n_mpc, &n_pp, &short_opt);
	CHECK(ret == want);
	CHECK(o.mptcp_err == (short_opt ? -MCPW_R_MPTCP_SHORT : 0));

	CHECK(o.mpc <= 1 && o.pp <= 1);
	CHECK(!o.mpc || (n_mpc == 1 && o.mpc_err == 0));
	CHECK(!o.pp || (n_pp == 1 && o.pp_err == 0));
	CHECK(o.pp_reserved <= MCPW_PP_RESERVED_MASK);
	if (!n_mpc)
		CHECK(!o.mpc && !o.mpc_err && !o.mpc_version && !o.mpc_key);
	if (n_mpc == 1)
		CHECK(o.mpc != !!o.mpc_err);
	if (n_mpc > 1)
		CHECK(!o.mpc && o.mpc_err == -MCPW_R_MPC_DUP);
	if (o.mpc && o.mpc_version)
		CHECK(!o.mpc_key);
	if (!n_pp)
		CHECK(!o.pp && !o.pp_err && !o.pp_reserved);
	if (n_pp == 1)
		CHECK(o.pp != !!o.pp_err);
	if (n_pp > 1)
		CHECK(!o.pp && o.pp_err == -MCPW_R_PP_DUP);
	CHECK(mcpw_syn_wants_proxy(&o) == (o.mpc && o.pp));

	/* what mcpw_put_prefer_proxy() writes is found again */
	CHECK(mcpw_put_prefer_proxy(pp, sizeof(pp), subtype) == MCPW_PP_LEN);
	CHECK(mcpw_parse_synopts(pp, sizeof(pp), subtype, &o) == 0);
	CHECK(o.pp && !o.mpc && !o.pp_reserved);
}

/*
 * The segment walk: same verdict as the SYN walk; whatever it reports is
 * an option of the right kind, subtype and length inside the area.
 */
static void fuzz_segopts(const u8 *data, size_t size, unsigned int subtype)
{
	static const struct mcpw_segopts zero;
	struct mcpw_synopts so;
	struct mcpw_segopts o;
	int ret;

	memset(&o, 0xa5, sizeof(o));
	ret = mcpw_parse_segopts(data, size, subtype, &o);
	CHECK(ret == mcpw_parse_synopts(data, size, subtype, &so));
	if (ret == -MCPW_R_PP_SUBTYPE) {
		CHECK(!memcmp(&o, &zero, sizeof(o)));
		return;
	}
	CHECK(o.pp <= 1 && o.keys <= 1 && o.join_syn <= 1);
	if (!o.keys)
		CHECK(!o.sender_key && !o.receiver_key);
	if (!o.join_syn)
		CHECK(!o.join_token);
	/* a SYN-length MP_PREFER_PROXY the SYN walk took is seen here too */
	if (so.pp)
		CHECK(o.pp);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	unsigned int subtype, policy;

	if (!size)
		return 0;
	subtype = data[0] & 0x0f;
	policy = data[0] & 0x10 ? MCPW_ADDR_DENY_PRIVATE : 0;
	fuzz_ies(data + 1, size - 1, policy);
	fuzz_opts(data + 1, size - 1, subtype);
	fuzz_segopts(data + 1, size - 1, subtype);
	return 0;
}
