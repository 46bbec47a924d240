// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the srTCM meter against a plain 128-bit model of
 * RFC 2697 colour-blind metering.
 *
 * Input (big-endian):
 *   u64 cir, u32 cbs, u32 ebs, u64 start time
 *   then records of 7 bytes until the input ends:
 *     u8  shift: bits 0-5 scale the time step, bit 6 sets it going back
 *     u16 step:  the clock moves by step << (shift & 63), wrapping
 *     u32 bytes: the packet size
 * Checks: the buckets never exceed CBS and EBS, the colours and token
 * counts equal the model's, and a packet is paid for by the bucket whose
 * colour it gets.
 */

#include <stdio.h>
#include <stdlib.h>

#include "gre_bond/srtcm.h"
#include "fuzz_check.h"

#define u128 unsigned __int128

struct model {
	u128 tc, te, cmax, emax;
	u64 cir, last;
};

static u64 get_be64(const u8 *p)
{
	return (u64)get_unaligned_be32(p) << 32 | get_unaligned_be32(p + 4);
}

static enum gb_colour model_colour(struct model *m, u32 bytes, u64 now)
{
	u128 cost = (u128)bytes * NSEC_PER_SEC_U64, add;

	if (!m->cir || (!m->cmax && !m->emax))
		return GB_RED;
	if (now > m->last) {
		add = (u128)m->cir * (now - m->last);
		m->last = now;
		if (m->tc + add <= m->cmax) {
			m->tc += add;
		} else {
			add -= m->cmax - m->tc;
			m->tc = m->cmax;
			m->te = m->te + add < m->emax ? m->te + add : m->emax;
		}
	}
	if (m->tc >= cost) {
		m->tc -= cost;
		return GB_GREEN;
	}
	if (m->te >= cost) {
		m->te -= cost;
		return GB_YELLOW;
	}
	return GB_RED;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct gb_srtcm m;
	struct model ref;
	u64 cir, now;
	u32 cbs, ebs;

	if (size < 24)
		return 0;
	cir = get_be64(data);
	cbs = get_unaligned_be32(data + 8);
	ebs = get_unaligned_be32(data + 12);
	now = get_be64(data + 16);
	data += 24;
	size -= 24;

	gb_srtcm_init(&m, cir, cbs, ebs, now);
	ref.cir = cir;
	ref.cmax = (u128)cbs * NSEC_PER_SEC_U64;
	ref.emax = (u128)ebs * NSEC_PER_SEC_U64;
	ref.tc = ref.cmax;
	ref.te = ref.emax;
	ref.last = now;

	for (; size >= 7; data += 7, size -= 7) {
		u64 step = (u64)get_unaligned_be16(data + 1) << (data[0] & 63);
		u32 bytes = get_unaligned_be32(data + 3);
		u64 tc_before, te_before;
		enum gb_colour c, want;

		now = data[0] & 0x40 ? now - step : now + step;
		want = model_colour(&ref, bytes, now);
		tc_before = m.tc;
		te_before = m.te;
		c = gb_srtcm_colour(&m, bytes, now);

		CHECK(c < GB_COLOURS);
		CHECK(m.tc <= (u64)cbs * NSEC_PER_SEC_U64);
		CHECK(m.te <= (u64)ebs * NSEC_PER_SEC_U64);
		CHECK(c == want);
		CHECK(m.tc == ref.tc && m.te == ref.te);
		if (c == GB_RED)	/* a red packet takes nothing */
			CHECK(m.tc >= tc_before && m.te >= te_before);
		if (bytes > cbs)
			CHECK(c != GB_GREEN);
		if (bytes > ebs && bytes > cbs)
			CHECK(c == GB_RED);
		if (!cir || (!cbs && !ebs))
			CHECK(c == GB_RED);
	}
	return 0;
}
