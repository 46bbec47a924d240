#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo ('make demo'): a home gateway with a DSL and an LTE line, an
# aggregation point, a subscriber and a server, in network namespaces of the
# test guest. One TCP flow over DSL alone, over LTE alone and over the bond;
# then how the bond split the traffic, its colours and its reordering.
#
# Environment: DSL="20mbit 15ms 0ms"  LTE="20mbit 40ms 5ms"  (rate delay
# jitter), SECS=10 per measurement.
source "$(dirname "$0")/../gre_bond/gb_lib.sh"

read -r dsl_rate dsl_delay dsl_jitter <<< "${DSL:-20mbit 15ms 0ms}"
read -r lte_rate lte_delay lte_jitter <<< "${LTE:-20mbit 40ms 5ms}"
secs=${SECS:-10}

step() { printf '\n==> %s\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

gb_require >/dev/null || fail "gre_bond or bondctl not built"

step "Building the topology: client - HG = DSL $dsl_rate ${dsl_delay} / LTE $lte_rate ${lte_delay} ±${lte_jitter} = HAAP - server"
ha_topo_create dsl_rate="$dsl_rate" dsl_delay="$dsl_delay" dsl_jitter="$dsl_jitter" \
	lte_rate="$lte_rate" lte_delay="$lte_delay" lte_jitter="$lte_jitter" ||
	fail "topology"

measure() {
	local label=$1 up down
	shift
	printf '    %-10s upstream ... ' "$label"
	up=$(ha_iperf "$NS_CLI" "$NS_SRV" "$SRV4" "$secs" -O 2)
	printf '%6s Mbit/s   downstream ... ' "$(ha_mbit "$up")"
	down=$(ha_iperf "$NS_CLI" "$NS_SRV" "$SRV4" "$secs" -O 2 -R)
	printf '%6s Mbit/s\n' "$(ha_mbit "$down")"
	eval "${label}_up=$up ${label}_down=$down"
}

step "One TCP flow, $secs s each way (the first 2 s of slow start left out), over each line alone"
ha_route_via dsl
measure dsl
ha_route_via lte
measure lte

# The CIR is a little below the DSL line rate, so that DSL's queue stays
# short and the overflow goes to LTE (RFC 8157 4.3, 4.5).
dsl_kbit=$(($(ha_rate_bps "$dsl_rate") / 1000))
cir=$((dsl_kbit * 95 / 100))
step "Bonding with bondctl: key $GB_KEY, CIR $cir kbit/s, reorder hold auto"
gb_setup cir "$cir" hold auto || fail "bond setup"
for side in "$NS_HG" "$NS_HAAP"; do
	bondctl -n "$side" bond show hab0 | sed 's/^/    /'
done
bondctl -n "$NS_HG" bond stats-reset hab0
bondctl -n "$NS_HAAP" bond stats-reset hab0

step "One TCP flow, $secs s each way, over the bond"
measure bond

sum_up=$(($(ha_rate_bps "$dsl_rate") + $(ha_rate_bps "$lte_rate")))
best_up=$(( dsl_up > lte_up ? dsl_up : lte_up ))
best_down=$(( dsl_down > lte_down ? dsl_down : lte_down ))

step "Results"
printf '    %-22s %12s %12s\n' "" "upstream" "downstream"
printf '    %-22s %12s %12s\n' "DSL alone (Mbit/s)" "$(ha_mbit $dsl_up)" "$(ha_mbit $dsl_down)"
printf '    %-22s %12s %12s\n' "LTE alone (Mbit/s)" "$(ha_mbit $lte_up)" "$(ha_mbit $lte_down)"
printf '    %-22s %12s %12s\n' "bond (Mbit/s)" "$(ha_mbit $bond_up)" "$(ha_mbit $bond_down)"
printf '    %-22s %12s %12s\n' "bond / best line" "$(ha_ratio $bond_up $best_up)" "$(ha_ratio $bond_down $best_down)"
printf '    %-22s %12s %12s\n' "bond / line-rate sum" "$(ha_ratio $bond_up $sum_up)" "$(ha_ratio $bond_down $sum_up)"

split() {
	local ns=$1 dir=$2 t pk
	for t in 0 1; do
		pk=$(gb_stat "$ns" tx_packets $t)
		printf '    %-4s %-5s %10s pkts %8s MB  green %9s  yellow %9s  red %9s\n' \
			"$dir" "$([ $t = 0 ] && echo dsl || echo lte)" "$pk" \
			"$(awk -v b="$(gb_stat "$ns" tx_bytes $t)" 'BEGIN { printf "%.1f", b / 1e6 }')" \
			"$(gb_stat "$ns" tx_green_packets $t)" \
			"$(gb_stat "$ns" tx_yellow_packets $t)" \
			"$(gb_stat "$ns" tx_red_packets $t)"
	done
}
step "Per-tunnel split and srTCM colours (packets)"
split "$NS_HG" up
split "$NS_HAAP" down

reorder() {
	local ns=$1 dir=$2 res_sum re
	re=$(gb_stat "$ns" rx_reordered)
	res_sum=$(gb_stat "$ns" residence_sum_ns)
	printf '    %-4s in-order %9s  reordered %9s  late %6s  dup %6s  timeout-flush %6s  overflow-flush %6s\n' \
		"$dir" "$(gb_stat "$ns" rx_in_order)" "$re" "$(gb_stat "$ns" rx_late)" \
		"$(gb_stat "$ns" rx_duplicate)" "$(gb_stat "$ns" flush_timeout)" \
		"$(gb_stat "$ns" flush_overflow)"
	printf '         depth max %6s  residence mean %6s ms  max %6s ms  hold in force %s ms\n' \
		"$(gb_stat "$ns" depth_max)" \
		"$(awk -v s="$res_sum" -v n="$re" 'BEGIN { printf "%.1f", n ? s / n / 1e6 : 0 }')" \
		"$(awk -v m="$(gb_stat "$ns" residence_max_ns)" 'BEGIN { printf "%.1f", m / 1e6 }')" \
		"$(awk -v h="$(gb_stat "$ns" hold_cur_us)" 'BEGIN { printf "%.1f", h / 1e3 }')"
}
step "Reordering at the receiving end (up: at the HAAP, down: at the HG)"
reorder "$NS_HAAP" up
reorder "$NS_HG" down
echo
