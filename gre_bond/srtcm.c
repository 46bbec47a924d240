// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 2697 single rate three colour marker, colour-blind (spec-digest B).
 * Pure: see include/hybrid/pure.h.
 *
 * Tokens are kept in byte-nanoseconds, so that a refill is the single
 * product cir * elapsed_ns with nothing rounded away, and a packet of B
 * bytes costs B * 10^9. A full bucket of the largest size, (2^32 - 1) * 10^9,
 * and both buckets together fit in a u64 with room to spare.
 */

#include "../include/hybrid/pure.h"
#include "srtcm.h"

/**
 * gb_srtcm_init() - (re)start a meter with both buckets full
 * @m: the meter
 * @cir_bytes_per_sec: committed information rate (0: every packet is red)
 * @cbs: committed burst size in bytes
 * @ebs: excess burst size in bytes
 * @now_ns: the caller's clock, the same one later passed to
 *	gb_srtcm_colour()
 *
 * With @cbs and @ebs both 0 every packet is red as well.
 */
void gb_srtcm_init(struct gb_srtcm *m, u64 cir_bytes_per_sec, u32 cbs,
		   u32 ebs, u64 now_ns)
{
	m->cir = cir_bytes_per_sec;
	m->cbs = cbs;
	m->ebs = ebs;
	m->tc = (u64)cbs * NSEC_PER_SEC_U64;
	m->te = (u64)ebs * NSEC_PER_SEC_U64;
	m->last_ns = now_ns;
}

/*
 * Add cir * (now - last) tokens, C first, the rest to E, the rest lost.
 * A clock that went backwards adds nothing and leaves last_ns alone, so the
 * same interval is never credited twice. When the product overflows, far
 * more time has passed than it takes to fill both buckets from empty.
 */
static void srtcm_refill(struct gb_srtcm *m, u64 now_ns)
{
	u64 cmax = (u64)m->cbs * NSEC_PER_SEC_U64;
	u64 emax = (u64)m->ebs * NSEC_PER_SEC_U64;
	u64 add, room;

	if (now_ns <= m->last_ns)
		return;

	if (check_mul_overflow(m->cir, now_ns - m->last_ns, &add))
		add = U64_MAX;
	m->last_ns = now_ns;

	room = cmax - m->tc;
	if (add <= room) {
		m->tc += add;
		return;
	}
	add -= room;
	m->tc = cmax;

	room = emax - m->te;
	m->te += min(add, room);
}

/**
 * gb_srtcm_colour() - meter one packet
 * @m: the meter
 * @bytes: packet size as RFC 2697 counts it (IP header included)
 * @now_ns: the caller's clock
 *
 * Colour-blind: green if C holds @bytes tokens, else yellow if E does, else
 * red, taking the tokens from the bucket that pays. A packet is never paid
 * for partly, so one larger than a bucket never gets that bucket's colour.
 *
 * Return: the colour; green and yellow go to the primary tunnel.
 */
enum gb_colour gb_srtcm_colour(struct gb_srtcm *m, u32 bytes, u64 now_ns)
{
	u64 cost = (u64)bytes * NSEC_PER_SEC_U64;

	if (unlikely(!m->cir || (!m->cbs && !m->ebs)))
		return GB_RED;

	srtcm_refill(m, now_ns);

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
