#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B2: where aggregation collapses as the delay difference grows. DSL
# 10 Mbit/s, 20 ms one way; LTE 10 Mbit/s, (20 + D) ms with 5 ms jitter,
# D in {0, 10, 20, 40, 80, 160} ms. One TCP (or MPTCP) flow, downstream
# (HAAP -> HG, the subscriber's download; B2_DIRS="down up" adds upstream),
# between the HG and HAAP namespaces. Peers, alternating run by run:
#   auto    gre_bond, CIR 9500 kbit/s, hold auto, reorder-max 1024 (defaults)
#   fixed   the same bond set to reorder-max 3, hold 1 s (the IP-TFS and
#           IPNET defaults)
#   mptcp   kernel MPTCP, two subflows
#   dsl     plain TCP over the DSL link alone
#   lte     plain TCP over the LTE link alone
# Ratios: to the link-rate sum (20 Mbit/s) and to the better single link
# (the higher of the dsl and lte medians at that D).
# (10 Mbit/s links: a TCG guest forwards about 35 Mbit/s through the bond,
# so at the perf-anchors 50 + 50 the emulated CPU, not reordering, would
# set the result.)
#
#   b2.sh [--runs N] [--quick]      (in the guest; run.sh starts it)
source "$(dirname "$0")/bench_lib.sh"
bench_init "$@"

secs=8
deltas="0 10 20 40 80 160"
dirs=${B2_DIRS:-down}
if [ "$BENCH_QUICK" = 1 ]; then
	secs=4
	deltas="0 40 160"
fi
peers="auto fixed mptcp dsl lte"
sum=20000000

ha_topo_create dsl_rate=10mbit dsl_delay=20ms lte_rate=10mbit \
	lte_delay=20ms lte_jitter=5ms || die "topology"
gb_setup cir 9500 hold auto || die "gre_bond setup"
bench_mptcp_setup || die "MPTCP setup"
bench_bulk_servers "$NS_HAAP"

# one PEER DIR: a measurement with the guest CPU load around it; for the
# bond, counters reset before and the hold time in force half way (hmid)
one() {
	local peer=$1 dir=$2 ns hfile hpid=''
	ns=$(rx_ns "$dir")
	hmid=
	if [ "$peer" = auto ] || [ "$peer" = fixed ]; then
		bondctl -n "$ns" bond stats-reset hab0
	fi
	if [ "$peer" = auto ]; then
		hfile=$(mktemp)
		( sleep $((secs / 2)); bench_bond_json "$ns"
		  bench_bond_field hold_cur_us > "$hfile" ) &
		hpid=$!
	fi
	bench_cpu_mark
	measure "$peer" "$dir"
	busy=$(bench_cpu_busy)
	if [ -n "$hpid" ]; then
		wait "$hpid"
		hmid=$(cat "$hfile")
		rm -f "$hfile"
	fi
}

# receiving end of the bond for a direction
rx_ns() { [ "$1" = down ] && echo "$NS_HG" || echo "$NS_HAAP"; }

measure() {
	local peer=$1 dir=$2
	case $peer in
	auto|fixed) bench_bulk "$NS_HG" "$HAAP_BOND4" $secs "$dir" ;;
	mptcp) bench_bulk "$NS_HG" "$HAAP_DSL4" $secs "$dir" mptcp ;;
	dsl) bench_bulk "$NS_HG" "$HAAP_DSL4" $secs "$dir" ;;
	lte) bench_bulk "$NS_HG" "$HAAP_LTE4" $secs "$dir" ;;
	esac
}

bench_header
md ""
md "Cells: median (min–max) of $BENCH_RUNS runs of ${secs} s. /sum: goodput / 20 Mbit/s; /best: goodput / the better single link's median goodput at that D. CPU: busiest guest vCPU, highest over all runs of the row (%). Reorder columns (auto, at the receiving bond): hold time in force half way through a transfer (median over the runs), and packets late and packets released by the hold timer (summed over the runs)."
md ""
md "| dir | D ms | DSL alone Mbit/s | LTE alone Mbit/s | auto /sum | fixed 3/1 s /sum | MPTCP /sum | auto /best | fixed /best | MPTCP /best | auto ≥ 0.85 sum | auto ≥ best | CPU % | auto: hold ms, late, timeout flushes |"
md "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|:---:|---:|---|"

for dir in $dirs; do
	for d in $deltas; do
		bench_resume "$dir/$d" && continue
		ha_link_shape lte 10mbit "$((20 + d))ms" 5ms || die "shape lte"
		declare -A v=()
		cpu=0 late=0 flushes=0 holds=
		for run in $(seq 1 "$BENCH_RUNS"); do
			for peer in $peers; do
				case $peer in
				auto) bench_bond_set reorder-max 1024 hold auto ;;
				fixed) bench_bond_set reorder-max 3 hold 1000000 ;;
				esac
				j0=0 j1=0
				[ $peer = mptcp ] && j0=$(bench_mptcp_joins)
				ns=$(rx_ns "$dir")
				bench_clean one "$peer" "$dir"
				[ $peer = mptcp ] && j1=$(bench_mptcp_joins)
				v[$peer]+=" $BENCH_BPS"
				[ "$cpu" -lt "${busy%%/*}" ] && cpu=${busy%%/*}
				extra=
				if [ $peer = auto ] || [ $peer = fixed ]; then
					bench_bond_json "$ns"
					h=$(bench_bond_field hold_cur_us)
					l=$(bench_bond_field rx_late)
					f=$(bench_bond_field flush_timeout)
					extra="hold_mid_us=${hmid:-?} hold_end_us=$h late=$l flush_timeout=$f overflow=$(bench_bond_field flush_overflow) depth_max=$(bench_bond_field depth_max) residence_max_ns=$(bench_bond_field residence_max_ns)"
					if [ $peer = auto ]; then
						holds+=" ${hmid:-0}"
						late=$((late + l)) flushes=$((flushes + f))
					fi
				fi
				raw "b2 dir=$dir D=$d run=$run peer=$peer bps=$BENCH_BPS cpu=$busy joins=$((j1 - j0)) overlap=$BENCH_OVERLAP $extra | $BENCH_LAST"
			done
		done
		# shellcheck disable=SC2086,SC2046
		{
			dsl=$(bench_median ${v[dsl]})
			lte=$(bench_median ${v[lte]})
			best=$(awk -v a="$dsl" -v b="$lte" 'BEGIN { print (a > b ? a : b) }')
			rs() { local x out=; for x in "$@"; do out+=" $(ha_ratio "$x" "$sum")"; done; echo $out; }
			rb() { local x out=; for x in "$@"; do out+=" $(ha_ratio "$x" "$best")"; done; echo $out; }
			auto_s=$(bench_median $(rs ${v[auto]}))
			auto_b=$(bench_median $(rb ${v[auto]}))
			ok1=no ok2=no
			ha_ge "$auto_s" 0.85 && ok1=yes
			[ "$d" -gt 80 ] && ok1="($ok1, no target)"
			ha_ge "$auto_b" 1.0 && ok2=yes
			bench_row "$dir/$d" "| $dir | $d | $(ha_mbit "$dsl") | $(ha_mbit "$lte") | $(bench_cell $(rs ${v[auto]})) | $(bench_cell $(rs ${v[fixed]})) | $(bench_cell $(rs ${v[mptcp]})) | $(bench_cell $(rb ${v[auto]})) | $(bench_cell $(rb ${v[fixed]})) | $(bench_cell $(rb ${v[mptcp]})) | $ok1 | $ok2 | $cpu | $(awk -v h="$(bench_median $holds)" 'BEGIN { printf "%.1f", h / 1000 }'), $late, $flushes |"
		}
		unset v
	done
done
md ""
bench_dirty_note
bench_bond_set reorder-max 1024 hold auto
for ns in "$NS_HG" "$NS_HAAP"; do
	raw "--- bondctl -s bond show hab0 in $ns"
	bondctl -n "$ns" -s bond show hab0
done
