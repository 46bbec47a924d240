#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The receiver reorders: a UDP stream carrying counters, spread over DSL
# (5 ms) and LTE (25 ms), arrives in order. Duplicates and late packets made
# by netem are dropped and counted, never delivered twice.
source "$(dirname "$0")/gb_lib.sh"
gb_require

UDP_SEQ=$(dirname "$0")/udp_seq
ktap_header 7
ha_topo_create dsl_rate=50mbit dsl_delay=5ms lte_rate=50mbit lte_delay=25ms ||
	{ ktap_fail "topology"; ktap_finish; }
# CIR 1 Mbit/s with small buckets: most packets overflow to LTE, so the two
# delays interleave all the time.
gb_setup cir 1000 cbs 3000 ebs 0 hold 60000 ||
	{ ktap_fail "bonds created"; ktap_finish; }
ktap_ok "bonds created"

# udp_stream COUNT PPS: prints the receiver's summary line
udp_stream() {
	local out
	out=$(mktemp)
	nsx "$NS_SRV" "$UDP_SEQ" recv 9000 "$1" 3000 > "$out" 2>&1 &
	local rcv=$!
	ha_wait 5 grep -q listening "$out"
	nsx "$NS_CLI" "$UDP_SEQ" send "$SRV4" 9000 "$1" "$2" 200
	wait $rcv
	tail -n1 "$out"
	rm -f "$out"
}
kv() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

res=$(udp_stream 3000 1000)
ktap_diag "$res"
ktap_check "3000 datagrams over two delays arrive in order" \
	test "$(kv "$res" out_of_order)" = 0 -a "$(kv "$res" lost)" = 0
re=$(gb_stat "$NS_HAAP" rx_reordered)
ktap_check "the HAAP window reordered packets ($re)" test "${re:-0}" -gt 0
red=$(gb_stat "$NS_HG" tx_packets 1)
ktap_check "LTE carried part of the stream ($red packets)" test "${red:-0}" -gt 100

# netem duplicates 10% of the packets on both links: nothing duplicated
# reaches the application, and the window counts the copies it dropped.
ha_link_shape dsl 50mbit 5ms 0ms 0%
ha_link_shape lte 50mbit 25ms 0ms 0%
for dev in dsl0 lte0; do
	nsx "$NS_HG" tc qdisc change dev $dev root handle 1: netem delay \
		"$([ $dev = dsl0 ] && echo 5ms || echo 25ms)" duplicate 10% limit 100000
done
bondctl -n "$NS_HAAP" bond stats-reset hab0
res=$(udp_stream 2000 1000)
ktap_diag "$res"
ktap_check "netem duplicates never reach the application" \
	test "$(kv "$res" duplicates)" = 0 -a "$(kv "$res" out_of_order)" = 0
dups=$(( $(gb_stat "$NS_HAAP" rx_duplicate) + $(gb_stat "$NS_HAAP" rx_late) ))
ktap_check "the window dropped and counted the copies ($dups)" test "$dups" -gt 50

# a short hold time: LTE packets arrive after their slot was given up on,
# so they are late, dropped and counted (and the stream still never goes
# backwards)
bondctl -n "$NS_HAAP" bond set hab0 hold 1000
bondctl -n "$NS_HAAP" bond stats-reset hab0
res=$(udp_stream 2000 1000)
ktap_diag "$res"
late=$(gb_stat "$NS_HAAP" rx_late)
ktap_check "hold 1 ms: late packets dropped and counted ($late), none delivered out of order" \
	test "${late:-0}" -gt 0 -a "$(kv "$res" out_of_order)" = 0
ktap_finish
