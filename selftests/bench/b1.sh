#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B1: single-flow aggregation on the profiles of upstream MPTCP's
# simult_flows.sh: DSL+LTE rates 10+10 and 15+5 Mbit/s, one-way delays
# (dsl/lte) 0/0, 1/25 and 25/1 ms, upstream (HG -> HAAP) and downstream.
# Metric: goodput / (r1 + r2) of one bulk transfer.
#
# Peers, all between the HG and HAAP namespaces on the same shaped links,
# alternating run by run in one boot:
#   bond    gre_bond, CIR = 95 % of the DSL rate, hold auto; TCP between the
#           bonds' inner addresses
#   mptcp   kernel MPTCP, two subflows (dsl, lte)
#   rr      bonding balance-rr over two gretap tunnels (dsl, lte)
#   e2e     gre_bond again, but client -> server (traffic forwarded by HG
#           and HAAP, as a subscriber sees it); informational
#
#   b1.sh [--runs N] [--quick]      (in the guest; run.sh starts it)
source "$(dirname "$0")/bench_lib.sh"
bench_init "$@"

secs=6
profiles="10:10:0:0 10:10:1:25 10:10:25:1 15:5:0:0 15:5:1:25 15:5:25:1"
if [ "$BENCH_QUICK" = 1 ]; then
	secs=3
fi
peers="bond mptcp rr e2e"

ha_topo_create dsl_rate=10mbit lte_rate=10mbit dsl_delay=0ms lte_delay=0ms ||
	die "topology"
bench_outer_extra || die "extra outer addresses"
gb_setup cir 9500 hold auto || die "gre_bond setup"
bench_mptcp_setup || die "MPTCP setup"
bench_rr_setup || die "balance-rr setup"
bench_bulk_servers "$NS_HAAP" "$NS_SRV"

# one PEER DIR: a measurement with the guest CPU load around it (and the
# bond's counters reset before it)
one() {
	if [ "$1" = bond ] || [ "$1" = e2e ]; then
		bondctl -n "$(rx_ns "$2")" bond stats-reset hab0
	fi
	bench_cpu_mark
	measure "$1" "$2"
	busy=$(bench_cpu_busy)
}

# the receiving end of the bond for a direction
rx_ns() { [ "$1" = down ] && echo "$NS_HG" || echo "$NS_HAAP"; }

# measure PEER DIR: one transfer (sets BENCH_BPS)
measure() {
	local peer=$1 dir=$2
	case $peer in
	bond) bench_bulk "$NS_HG" "$HAAP_BOND4" $secs "$dir" ;;
	mptcp) bench_bulk "$NS_HG" "$HAAP_DSL4" $secs "$dir" mptcp ;;
	rr) bench_bulk "$NS_HG" "$RR_HAAP4" $secs "$dir" ;;
	e2e) bench_bulk "$NS_CLI" "$SRV4" $secs "$dir" ;;
	esac
}

bench_header
md ""
md "Cells: goodput / (r1 + r2), median (min–max) of $BENCH_RUNS runs of ${secs} s. Profile: DSL+LTE Mbit/s, DSL/LTE one-way delay ms. CPU: busiest guest vCPU, highest over the cell's runs (%)."
md ""
md "| profile | dir | gre_bond | MPTCP | balance-rr | gre_bond e2e | bond ≥ 0.90 | bond ≥ MPTCP | CPU % bond / mptcp / rr / e2e |"
md "|---|---|---:|---:|---:|---:|:---:|:---:|---|"

for prof in $profiles; do
	IFS=: read -r r1 r2 d1 d2 <<< "$prof"
	ha_link_shape dsl "${r1}mbit" "${d1}ms" || die "shape dsl"
	ha_link_shape lte "${r2}mbit" "${d2}ms" || die "shape lte"
	bench_bond_set cir $((r1 * 1000 * 95 / 100)) || die "bond set cir"
	sum=$(( (r1 + r2) * 1000000 ))
	for dir in up down; do
		bench_resume "$prof/$dir" && continue
		declare -A ratios=() cpu=()
		for run in $(seq 1 "$BENCH_RUNS"); do
			for peer in $peers; do
				j0=0 j1=0 extra=
				[ $peer = mptcp ] && j0=$(bench_mptcp_joins)
				bench_clean one "$peer" "$dir"
				bps=$BENCH_BPS
				[ $peer = mptcp ] && j1=$(bench_mptcp_joins)
				if [ $peer = bond ] || [ $peer = e2e ]; then
					bench_bond_json "$(rx_ns "$dir")"
					extra="hold_end_us=$(bench_bond_field hold_cur_us) late=$(bench_bond_field rx_late) flush_timeout=$(bench_bond_field flush_timeout) gaps=$(bench_bond_field gaps_skipped) residence_max_ns=$(bench_bond_field residence_max_ns)"
				fi
				r=$(ha_ratio "$bps" "$sum")
				ratios[$peer]+=" $r"
				c=${busy%%/*}
				[ "${cpu[$peer]:-0}" -lt "$c" ] && cpu[$peer]=$c
				raw "b1 profile=$r1+$r2/$d1/$d2 dir=$dir run=$run peer=$peer bps=$bps ratio=$r cpu=$busy joins=$((j1 - j0)) overlap=$BENCH_OVERLAP $extra | $BENCH_LAST"
			done
		done
		# shellcheck disable=SC2086
		{
			mb=$(bench_median ${ratios[bond]})
			mm=$(bench_median ${ratios[mptcp]})
			ok1=no ok2=no
			ha_ge "$mb" 0.90 && ok1=yes
			ha_ge "$mb" "$mm" && ok2=yes
			bench_row "$prof/$dir" "| $r1+$r2, $d1/$d2 | $dir | $(bench_cell ${ratios[bond]}) | $(bench_cell ${ratios[mptcp]}) | $(bench_cell ${ratios[rr]}) | $(bench_cell ${ratios[e2e]}) | $ok1 | $ok2 | ${cpu[bond]} / ${cpu[mptcp]} / ${cpu[rr]} / ${cpu[e2e]} |"
		}
		unset ratios cpu
	done
done
md ""
md "Target ≥ 0.90 met on $(bench_count 7 yes) of ${#BENCH_ROWS[@]} profiles; bond ≥ MPTCP on $(bench_count 8 yes) of ${#BENCH_ROWS[@]}."
bench_dirty_note
for ns in "$NS_HG" "$NS_HAAP"; do
	raw "--- bondctl -s bond show hab0 in $ns"
	bondctl -n "$ns" -s bond show hab0
done
