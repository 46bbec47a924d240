#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Write the seed corpora of the fuzz targets into corpus/<target>/. The
# generated files are committed; run this again after changing it. Input
# formats are described at the top of each fuzz_*.c.
set -eu
cd "$(dirname "$0")"

# seed TARGET NAME HEX...: write the bytes given in hex (spaces ignored)
seed() {
	local dir=corpus/$1 name=$2 hex
	shift 2
	hex=$(echo "$*" | tr -d ' \n')
	mkdir -p "$dir"
	printf "$(echo "$hex" | sed 's/../\\x&/g')" > "$dir/$name"
}

# repeat N HEX: HEX N times
repeat() {
	local i out=
	for ((i = 0; i < $1; i++)); do out+=$2; done
	echo "$out"
}

rm -rf corpus
G=fuzz_gre_parse
# RFC 8157 data header (spec-digest I), IPv4, then the start of a packet
seed $G data_ipv4 30 00 08 00 11 22 33 44 00 00 00 07 45 00 00 14
seed $G data_ipv6 30 00 86 dd 11 22 33 44 ff ff ff ff 60 00 00 00
# DSL Notify "Switching to DSL Tunnel" (spec-digest I)
seed $G ctrl_notify 20 00 b7 ea 11 22 33 44 61 0b 00 00
# C, K and S with a checksum field, and the shortest header
seed $G csum_key_seq b0 00 08 00 4f 1a 00 00 00 00 00 2a 00 00 00 01 45
seed $G plain 00 00 08 00
# rejected: version 1, the R bit, a reserved0 bit, cut short
seed $G bad_version 30 01 08 00 11 22 33 44 00 00 00 00
seed $G bad_routing 70 00 08 00 11 22 33 44 00 00 00 00 00 00 00 00
seed $G bad_reserved 30 40 08 00 11 22 33 44 00 00 00 00
seed $G short 30 00 08 00 11 22 33

R=fuzz_reorder
# header: window 1 << (b % 11), max_held b * (window + 1) / 256, hold b * 100 us
# ops: 0x08 push next, 0x08 + k push next + k, 0x80 abs, 0xa0 + a timer,
# 0xc0 no number, 0xe0 + a clock back, 0xff purge
seed $R in_order 06 ff 0a $(repeat 24 08)
seed $R swap 04 ff 0a 08 09 07 08 0a 08 06 08
seed $R timeout 04 ff 05 08 0a 0b 0d 08 a4 bf 08 08 bf
seed $R overflow 04 50 ff 08 $(repeat 12 0a) 08 bf
seed $R beyond_window 02 ff 0a 08 09 1f 1f 1f 08 08 bf
seed $R wrap 04 ff 0a 80 ff ff ff f8 $(repeat 6 08) 0a 07 08 08 bf
seed $R restart 05 ff 0a $(repeat 10 08) 80 00 00 00 00 $(repeat 70 08)
seed $R mixed 04 ff 14 08 c0 0a e5 08 c0 09 ff 08 0a a1 e1 08
seed $R hold_zero 04 ff 00 08 0a a0 0a 08 a0

S=fuzz_srtcm
# header: u64 cir, u32 cbs, u32 ebs, u64 start; records: u8 shift,
# u16 step, u32 bytes (shift bit 6: the clock goes back)
seed $S basic 00000000000003e8 000005dc 00000bb8 0000000000000000 \
	00 0000 000005dc  00 0000 00000001  00 0000 00000bb7 \
	14 01f4 00000258  54 0010 00000001  14 0001 00000001
seed $S fast_big 00000002e90edd00 ffffffff ffffffff ffffff0000000000 \
	00 0000 ffffffff  00 0000 ffffffff  3f 7fff 00000001 \
	00 0001 ffffffff  30 ffff 00000000
seed $S cir_zero 0000000000000000 000005dc 000005dc 0000000000000001 \
	00 0000 00000001  20 0001 00000040
seed $S ebs_only 0000000000000064 00000000 000000fa 0000000000000000 \
	00 0000 00000000  00 0000 000000c8  1e 0001 00000064
