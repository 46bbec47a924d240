/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 2697 single rate three colour marker, colour-blind mode, as RFC 8157
 * uses it (spec-digest B): green and yellow go to the primary (DSL) tunnel,
 * red overflows to the secondary (LTE) one. Pure: the caller supplies the
 * clock and does the locking.
 */
#ifndef _GRE_BOND_SRTCM_H
#define _GRE_BOND_SRTCM_H

#include "../include/hybrid/pure.h"

enum gb_colour {
	GB_GREEN,
	GB_YELLOW,
	GB_RED,
	GB_COLOURS,
};

/**
 * struct gb_srtcm - meter state
 * @cir: committed information rate, bytes per second (0: everything red)
 * @cbs: committed burst size, bytes
 * @ebs: excess burst size, bytes
 * @tc: tokens in the committed bucket, in byte-nanoseconds (bytes * 1e9)
 *	so that sub-byte refills are not lost between close packets
 * @te: tokens in the excess bucket, same unit
 * @last_ns: clock value of the last refill
 *
 * Set up with gb_srtcm_init(). @cir may be changed in place between calls
 * (bandwidth updates keep the tokens); @cbs and @ebs only by gb_srtcm_init(),
 * since @tc <= @cbs * 10^9 and @te <= @ebs * 10^9 must hold.
 */
struct gb_srtcm {
	u64 cir;
	u32 cbs;
	u32 ebs;
	u64 tc;
	u64 te;
	u64 last_ns;
};

/* kbit/s as RFC 8157 carries it, to srTCM bytes per second */
static inline u64 gb_srtcm_kbps_to_bytes(u32 kbps)
{
	return (u64)kbps * 1000 / 8;
}

void gb_srtcm_init(struct gb_srtcm *m, u64 cir_bytes_per_sec, u32 cbs,
		   u32 ebs, u64 now_ns);
enum gb_colour gb_srtcm_colour(struct gb_srtcm *m, u32 bytes, u64 now_ns);

#endif /* _GRE_BOND_SRTCM_H */
