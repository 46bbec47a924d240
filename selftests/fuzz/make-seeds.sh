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

C=fuzz_gbcp_decode
# The GRE payload of a control message. Every sample message of
# tools/libgbcp/test/gbcp_samples.h, encoded in the RFC 8157 dialect (rfc_)
# and in Deutsche Telekom's (dt_: T-Type 0/8, closing attribute 255)
seed $C rfc_lte_setup_request 12 03 00 28 48 47 2d 54 45 53 54 00 00 00 00 00 00 00 00 00 00 00 00 00 \
	00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
seed $C rfc_dsl_setup_request 11 04 00 04 01 02 03 04 07 00 04 00 01 86 a0
seed $C rfc_lte_setup_accept 22 01 00 04 c0 00 02 01 02 00 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 \
	00 00 01 04 00 04 01 02 03 04 09 00 04 00 00 00 3c 0a 00 04 00 00 00 1e \
	0e 00 04 00 00 00 05 0f 00 04 00 00 00 03 10 00 04 00 01 51 80 14 00 04 \
	11 22 33 44 18 00 04 00 00 00 03 19 00 04 00 00 00 03 1f 00 04 00 00 07 \
	08 20 00 04 00 00 00 3c
seed $C rfc_dsl_setup_accept 21 14 00 04 11 22 33 44 16 00 04 00 00 9c 40 17 00 04 00 01 86 a0
seed $C rfc_setup_deny 32 11 00 04 00 00 00 08
seed $C rfc_dsl_hello 41 05 00 08 00 00 00 64 00 00 00 fa 0d 00 11 20 01 0d b8 01 00 00 00 00 \
	00 00 00 00 00 00 00 38
seed $C rfc_lte_hello 42 05 00 08 ee 6b 28 00 00 00 03 e7
seed $C rfc_tear_down 51 11 00 04 00 00 00 0a
seed $C rfc_dsl_notify 61 06 00 04 00 00 09 c4 0b 00 00 0c 00 00 13 00 00 1a 00 00 1b 00 00 1c \
	00 00 1d 00 00
seed $C rfc_lte_notify 62 12 00 00 15 00 11 20 01 0d b8 02 00 00 00 00 00 00 00 00 00 00 00 40 \
	21 00 00 22 00 00 23 00 00
# one filter list (all 14 item types), the same in both dialects
filter_list="08 01 a4 00 00 00 07 00 02 00 01 00 01 00 17 00 01 00 04 46 51 44 4e 77
	77 77 2e 65 78 61 6d 70 6c 65 2e 63 6f 6d 00 02 00 0a 00 01 00 04 44 53
	43 50 34 36 00 03 00 0f 00 01 00 07 44 73 74 50 6f 72 74 35 30 36 30 00
	04 00 18 00 01 00 05 44 73 74 49 50 31 39 38 2e 35 31 2e 31 30 30 2e 30
	2f 32 34 00 05 00 1d 00 01 00 0a 44 73 74 49 50 26 50 6f 72 74 32 30 33
	2e 30 2e 31 31 33 2e 35 3a 35 35 34 00 06 00 0e 00 00 00 07 53 72 63 50
	6f 72 74 31 32 33 00 07 00 16 00 01 00 05 53 72 63 49 50 32 30 30 31 3a
	64 62 38 3a 3a 2f 33 32 00 08 00 20 00 01 00 0a 53 72 63 49 50 26 50 6f
	72 74 5b 32 30 30 31 3a 64 62 38 3a 3a 35 5d 3a 38 30 38 30 00 09 00 1b
	00 01 00 06 53 72 63 4d 61 63 30 30 3a 31 31 3a 32 32 3a 33 33 3a 34 34
	3a 35 35 00 0a 00 0f 00 01 00 08 50 72 6f 74 6f 63 6f 6c 55 44 50 00 0b
	00 23 00 01 00 0a 53 72 63 49 50 52 61 6e 67 65 31 39 32 2e 30 2e 32 2e
	31 30 2d 31 39 32 2e 30 2e 32 2e 32 30 00 0c 00 1d 00 01 00 0a 44 73 74
	49 50 52 61 6e 67 65 31 39 38 2e 35 31 2e 31 30 30 2e 30 2f 32 35 00 0d
	00 22 00 01 00 0f 53 72 63 49 50 52 61 6e 67 65 26 50 6f 72 74 31 39 32
	2e 30 2e 32 2e 30 2f 32 34 3a 35 33 00 0e 00 2f 00 01 00 0f 44 73 74 49
	50 52 61 6e 67 65 26 50 6f 72 74 32 30 30 31 3a 64 62 38 3a 3a 31 2d 32
	30 30 31 3a 64 62 38 3a 3a 66 66 3a 34 34 33"
seed $C rfc_filter_list 61 $filter_list
seed $C rfc_filter_list_ack 62 1e 00 05 00 00 00 07 02
seed $C dt_lte_setup_request 10 03 00 28 48 47 2d 54 45 53 54 00 00 00 00 00 00 00 00 00 00 00 00 00 \
	00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff 00 00
seed $C dt_dsl_setup_request 18 04 00 04 01 02 03 04 07 00 04 00 01 86 a0 35 00 01 03 3b 00 04 00 00 \
	9c 40 ff 00 00
seed $C dt_lte_setup_accept 20 01 00 04 c0 00 02 01 02 00 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 \
	00 00 01 04 00 04 01 02 03 04 09 00 04 00 00 00 3c 0a 00 04 00 00 00 1e \
	0e 00 04 00 00 00 05 0f 00 04 00 00 00 03 10 00 04 00 01 51 80 14 00 04 \
	11 22 33 44 18 00 04 00 00 00 03 19 00 04 00 00 00 03 1f 00 04 00 00 07 \
	08 20 00 04 00 00 00 3c 36 00 05 62 72 61 73 31 38 00 04 00 00 00 64 39 \
	00 04 00 00 00 32 ff 00 00
seed $C dt_dsl_setup_accept 28 14 00 04 11 22 33 44 16 00 04 00 00 9c 40 17 00 04 00 01 86 a0 ff 00 \
	00
seed $C dt_setup_deny 30 11 00 04 00 00 01 94 ff 00 00
seed $C dt_dsl_hello 48 05 00 08 00 00 00 64 00 00 00 fa 0d 00 11 20 01 0d b8 01 00 00 00 00 \
	00 00 00 00 00 00 00 38 ff 00 00
seed $C dt_lte_hello 40 05 00 08 ee 6b 28 00 00 00 03 e7 ff 00 00
seed $C dt_tear_down 58 11 00 04 00 00 01 f6 ff 00 00
seed $C dt_dsl_notify 68 06 00 04 00 00 09 c4 0b 00 00 0c 00 00 13 00 00 1a 00 00 1b 00 00 1c \
	00 00 1d 00 00 ff 00 00
seed $C dt_lte_notify 60 12 00 00 15 00 11 20 01 0d b8 02 00 00 00 00 00 00 00 00 00 00 00 40 \
	21 00 00 22 00 00 23 00 00 ff 00 00
seed $C dt_filter_list 68 $filter_list ff 00 00
seed $C dt_filter_list_ack 60 1e 00 05 00 00 00 07 02 ff 00 00
seed $C dt_link_detection a0 05 00 08 00 00 00 07 00 00 00 01 ff 00 00
# rejected or odd: overrun, truncated attribute header, reserved MsgType,
# repeated attribute, unknown attributes, DT 255 not last, bad filter item
seed $C overrun 41 05 00 09 00 00 00 64 00 00 00 fa
seed $C short_attr 41 05 00
seed $C reserved_type 71 0b 00 00
seed $C repeated 61 0b 00 00 0b 00 00
seed $C unknown 61 24 00 02 ab cd c8 00 00 0b 00 00 ff 00 00
seed $C dt_end_early 48 ff 00 00 05 00 08 00 00 00 64 00 00 00 fa
seed $C filter_bad_item 61 08 00 0f 00 00 00 01 00 01 00 01 00 02 00 03 00 01 00

P=fuzz_convert_parse
# header: low nibble MP_PREFER_PROXY subtype, 0x10 deny private space; then
# the same bytes as a SYN payload and as TCP options. MP_CONVERT in the
# reconstructed layout (mcp_proxy/convert_layout.h), magic fa a8 fa a8
mg="fa a8 fa a8"
v6="26 06 28 00 02 20 00 01 02 48 18 93 25 c8 19 46"
seed $P v4_dst 0f $mg 00 08 00 01 5d b8 d8 22 47 45 54
seed $P v4_port_data 0f $mg 00 0a 00 01 5d b8 d8 22 01 bb 00 00 47 45 54 20 2f
seed $P v6_src_port 0f $mg 00 16 00 03 $v6 00 50 00 00
seed $P two_then_data 0f $mg 00 08 00 00 5d b8 d8 22 $mg 00 16 00 03 $v6 \
	00 50 00 00 47 45 54
seed $P unknown_then_addr 0f $mg 07 05 00 00 aa 00 00 00 $mg 00 08 00 01 \
	08 08 08 08
seed $P private_policy 1f $mg 00 08 00 01 0a 00 00 01
seed $P loopback 0f $mg 00 08 00 01 7f 00 00 01
# rejected: same D, three, Length 0 / 3 / past the end, padding cut, M unset
seed $P same_d 0f $mg 00 08 00 00 01 02 03 04 $mg 00 08 00 00 05 06 07 08
seed $P too_many 0f $mg 00 08 00 00 01 02 03 04 $mg 00 08 00 02 05 06 07 08 \
	$mg 00 08 00 03 09 0a 0b 0c
seed $P zero_length 0f $mg 00 00 00 01
seed $P short_length 0f $mg 00 03 00 01
seed $P overrun 0f $mg 00 14 00 01 01 02 03 04
seed $P pad_truncated 0f $mg 00 0a 00 01 01 02 03 04 00 50
seed $P missing_next 0f $mg 00 08 00 00 01 02 03 04
# SYN options: Linux's MP_CAPABLE v1 (spec-digest I), v0 with its key,
# MP_PREFER_PROXY with the default and a configured subtype, malformed ones
seed $P syn_linux 0f 02 04 05 b4 04 02 08 0a 00 01 02 03 00 00 00 00 01 03 \
	03 07 1e 04 01 01
seed $P syn_prefer_proxy 0f 02 04 05 b4 01 1e 04 01 01 1e 04 f0 00 00 00
seed $P syn_v0 0f 1e 0c 00 81 01 02 03 04 05 06 07 08 01 1e 04 f0 00
seed $P syn_subtype_a 0a 1e 04 01 01 1e 04 a0 00
seed $P syn_bad 0f 1e 04 01 01 1e 04 01 01 1e 06 f0 00 00 00 1e 02 08 01
seed $P syn_bad_subtype 03 1e 04 01 01
seed $P opt_overrun 0f 1e 04 01 01 08 0a 00 00
# other segments: a third ACK with both keys, a first data segment with
# checksum, a join SYN (token a1 b2 c3 d4), MP_PREFER_PROXY in an ACK
seed $P ack_keys 0f 01 01 08 0a 00 00 00 01 00 00 00 02 1e 14 01 81 01 02 03 \
	04 05 06 07 08 11 12 13 14 15 16 17 18
seed $P data_keys_csum 0f 1e 18 01 81 01 02 03 04 05 06 07 08 08 07 06 05 04 \
	03 02 01 00 09 aa bb
seed $P join_syn 0f 02 04 05 b4 1e 0c 10 02 a1 b2 c3 d4 09 09 09 09
seed $P ack_prefer_proxy 0f 01 01 08 0a 00 00 00 01 00 00 00 02 1e 04 f0 00

PM=fuzz_pmip_decode
# A Mobility Header (Next Header 135) carrying a PBU or PBA. Every sample
# message of tools/libpmip/test/pmip_samples.h, checksum for MAG 2001:db8::1
# <-> LMA 2001:db8::2; digest_pbu is spec-digest I's PBU
seed $PM digest_pbu 3b 0c 05 00 2f 4a 00 01 c2 00 03 84 16 12 00 00 00 00 00 00 00 00 00 00 \
	00 00 00 00 00 00 00 00 01 00 1b 08 00 00 65 53 f1 00 80 00 08 10 01 6d \
	6e 31 40 65 78 61 6d 70 6c 65 2e 63 6f 6d 17 02 00 01 18 02 00 08 3f 06 \
	08 0b 01 00 00 00 40 12 01 00 6d 61 67 31 40 65 78 61 6d 70 6c 65 2e 63 \
	6f 6d 01 04 00 00 00 00
seed $PM full_pbu 3b 16 05 00 42 18 10 92 c2 80 00 96 16 12 00 38 20 01 0d b8 00 01 01 00 \
	00 00 00 00 00 00 00 00 01 02 00 00 16 12 00 40 20 01 0d b8 00 01 02 00 \
	00 00 00 00 00 00 00 00 01 00 1b 08 00 00 65 53 f1 7b 40 00 01 00 1a 10 \
	fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 21 06 00 00 11 22 33 44 \
	08 14 01 68 67 34 32 40 68 79 62 72 69 64 2e 65 78 61 6d 70 6c 65 17 02 \
	00 01 18 02 00 08 19 08 00 00 02 00 5e 10 20 30 3f 06 08 0b 01 40 00 00 \
	3f 06 04 09 02 00 00 00 40 19 01 00 6d 61 67 2d 68 67 34 32 40 68 79 62 \
	72 69 64 2e 65 78 61 6d 70 6c 65 01 03 00 00 00
seed $PM full_pba 3b 12 06 00 5c fc 00 30 10 92 00 96 16 12 00 38 20 01 0d b8 00 01 01 00 \
	00 00 00 00 00 00 00 00 01 02 00 00 16 12 00 40 20 01 0d b8 00 01 02 00 \
	00 00 00 00 00 00 00 00 01 00 1b 08 00 00 65 53 f1 7b 40 00 01 00 1a 10 \
	fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 21 06 00 00 55 66 77 88 \
	08 14 01 68 67 34 32 40 68 79 62 72 69 64 2e 65 78 61 6d 70 6c 65 17 02 \
	00 01 18 02 00 08 19 08 00 00 02 00 5e 10 20 30 3f 06 08 0b 01 40 00 00 \
	3f 06 04 09 02 00 00 00
seed $PM reject_180 3b 08 06 00 78 3b b4 20 00 07 00 00 16 12 00 00 00 00 00 00 00 00 00 00 \
	00 00 00 00 00 00 00 00 08 10 01 6d 6e 31 40 65 78 61 6d 70 6c 65 2e 63 \
	6f 6d 17 02 00 01 18 02 00 08 3f 06 08 0b 01 00 00 00 01 04 00 00 00 00
seed $PM wlan_pbu 3b 0c 05 00 61 de 00 02 c2 00 03 84 16 12 00 38 20 01 0d b8 00 01 01 00 \
	00 00 00 00 00 00 00 00 01 00 1b 08 00 00 65 53 f1 01 00 00 21 02 00 00 \
	08 10 01 6d 6e 31 40 65 78 61 6d 70 6c 65 2e 63 6f 6d 17 02 00 01 18 02 \
	00 04 3f 06 04 09 02 80 00 00 40 12 01 00 6d 61 67 31 40 65 78 61 6d 70 \
	6c 65 2e 63 6f 6d 01 00
seed $PM dereg_pbu 3b 0c 05 00 75 c9 ff ff c2 00 00 00 16 12 00 38 20 01 0d b8 00 01 01 00 \
	00 00 00 00 00 00 00 00 01 00 1b 08 00 00 65 53 ff 10 ff ff 08 10 01 6d \
	6e 31 40 65 78 61 6d 70 6c 65 2e 63 6f 6d 17 02 00 05 18 02 00 08 3f 06 \
	08 0b 01 00 00 00 40 12 01 00 6d 61 67 31 40 65 78 61 6d 70 6c 65 2e 63 \
	6f 6d 01 04 00 00 00 00
seed $PM bare_pba 3b 01 06 00 c1 c6 a0 20 00 09 00 00 01 02 00 00
seed $PM no_mnid_pba 3b 02 06 00 b5 8e a0 20 00 0a 00 00 08 01 01 17 02 00 00 18 02 00 00 00
seed $PM pad1_pba 3b 02 06 00 4a 4d 80 20 00 0b 00 00 08 09 01 61 40 65 78 2e 6f 72 67 00
# rejected or odd: Header Len disagreeing with the length, Header Len 0,
# an option overrunning the end, an option header cut by the end,
# reserved MH type, repeated HI, two MMBs with one BID, MMB with B and O,
# O in a de-registration, BID 0, HNP prefix length 129, GRE Key Length 4,
# MN-ID without subtype; accepted: unknown options skipped, unaligned
# options, Pad1 runs, reserved bits set
seed $PM hlen_mismatch 3b 02 05 00 00 00 00 01 c2 00 00 64 01 02 00 00
seed $PM hlen_zero 3b 00 05 00 00 00 00 01
seed $PM overrun 3b 01 05 00 00 00 00 01 c2 00 00 64 17 04 00 01
seed $PM cut_option 3b 01 05 00 00 00 00 01 c2 00 00 64 01 01 00 17
seed $PM reserved_type 3b 01 07 00 00 00 00 01 c2 00 00 64 01 02 00 00
seed $PM repeated_hi 3b 02 05 00 00 00 00 01 c2 00 00 64 17 02 00 01 17 02 00 01 01 02 00 00
seed $PM mmb_same_bid 3b 03 05 00 00 00 00 01 c2 00 00 64 3f 06 08 0b 01 00 00 00 3f 06 04 09 \
	01 00 00 00 01 02 00 00
seed $PM mmb_b_and_o 3b 02 05 00 00 00 00 01 c2 00 00 64 3f 06 08 0b 01 c0 00 00 01 02 00 00
seed $PM mmb_o_dereg 3b 02 05 00 00 00 00 01 c2 00 00 00 3f 06 08 0b 01 40 00 00 01 02 00 00
seed $PM mmb_bid_zero 3b 02 06 00 00 00 00 20 00 01 00 64 3f 06 08 0b 00 00 00 00 01 02 00 00
seed $PM hnp_plen_129 3b 03 05 00 00 00 00 01 c2 00 00 64 16 12 00 81 20 01 0d b8 00 00 00 00 \
	00 00 00 00 00 00 00 00
seed $PM gre_len_4 3b 02 05 00 00 00 00 01 c2 00 00 64 21 04 00 00 00 00 01 02 00 00 00 00
seed $PM mnid_empty 3b 01 05 00 00 00 00 01 c2 00 00 64 08 00 01 00
seed $PM unknown_options 3b 03 05 00 00 00 00 01 c2 00 00 64 c8 03 61 62 63 2c 00 1d 06 00 00 00 \
	00 00 00 17 02 00 02 00
seed $PM unaligned 3b 05 05 00 00 00 00 01 c2 00 00 64 17 02 00 01 1b 08 00 00 65 53 f1 00 \
	80 00 16 12 00 40 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 00 01 00
seed $PM reserved_bits 3b 02 06 ff 00 00 00 ff 00 01 00 64 3f 06 08 0b 01 bf ff ff 01 02 00 00
seed $PM pad1_run 3b 01 05 00 00 00 00 01 c2 00 00 64 00 00 00 00
