#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B4: unshaped throughput through the bond against plain ip_gre, between the
# HG and HAAP namespaces: no qdisc on the access links, offloads on (veth
# defaults). iperf3 -P 1 and -P 4, upstream (HG -> HAAP), peers alternating
# run by run:
#   gre       ip_gre without sequence numbers, over dsl (the ceiling)
#   greseq    ip_gre with oseq and iseq, over dsl
#   bond      gre_bond with the meter off (cir 0): everything over dsl
#   split     gre_bond with CIR = half of the first gre run's rate: both
#             links, sequence numbers, reordering at the HAAP
# Metric: bond / gre (target >= 0.8) and bond / greseq. Under TCG the
# absolute numbers are calibration only; the ratios are the result.
#
#   b4.sh [--runs N] [--quick]      (in the guest; run.sh starts it)
source "$(dirname "$0")/bench_lib.sh"
bench_init "$@"
ha_require iperf3

secs=6
[ "$BENCH_QUICK" = 1 ] && secs=3
peers="gre greseq bond split"

ha_topo_create || die "topology"
for ns in "$NS_HG" "$NS_HAAP"; do
	for dev in dsl0 lte0; do
		nsx "$ns" tc qdisc del dev $dev root 2>/dev/null
	done
done
bench_outer_extra || die "extra outer addresses"
bench_gre_setup || die "ip_gre setup"
gb_setup || die "gre_bond setup"

addr_of() {
	case $1 in
	gre) echo "$GRE_HAAP4" ;;
	greseq) echo "$GRESEQ_HAAP4" ;;
	bond|split) echo "$HAAP_BOND4" ;;
	esac
}

# one PEER STREAMS: iperf3 with the guest CPU load around it
one() {
	bench_cpu_mark
	bps=$(ha_iperf "$NS_HG" "$NS_HAAP" "$(addr_of "$1")" $secs -P "$2")
	busy=$(bench_cpu_busy)
}

# calibration: the CIR for 'split'
bench_quiet
cal=$(ha_iperf "$NS_HG" "$NS_HAAP" "$GRE_HAAP4" 3)
cir=$((cal / 2 / 1000))
[ "$cir" -gt 0 ] || cir=100000
raw "b4 calibration: gre ${cal} bit/s, split CIR ${cir} kbit/s"

bench_header
md ""
md "Cells: Mbit/s median (min–max) of $BENCH_RUNS runs of ${secs} s iperf3 (TCP, upstream HG -> HAAP), and ratios of medians. No qdiscs on the links, veth offloads on (TSO/GSO/GRO). 'bond': gre_bond, meter off (everything over DSL); 'split': CIR $cir kbit/s, so about half the packets take LTE and are reordered at the HAAP. CPU: busiest guest vCPU, highest over the row's runs (%)."
md ""
md "| streams | ip_gre | ip_gre oseq/iseq | gre_bond | gre_bond split | bond / gre | bond / greseq | split / gre | bond ≥ 0.8 gre | CPU % gre / greseq / bond / split |"
md "|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---|"

for par in 1 4; do
	bench_resume "P$par" && continue
	declare -A v=() cpu=()
	for run in $(seq 1 "$BENCH_RUNS"); do
		for peer in $peers; do
			if [ $peer = bond ]; then
				bench_bond_set cir 0
			elif [ $peer = split ]; then
				bench_bond_set cir "$cir"
			fi
			bench_clean one "$peer" "$par"
			v[$peer]+=" $bps"
			c=${busy%%/*}
			[ "${cpu[$peer]:-0}" -lt "$c" ] && cpu[$peer]=$c
			raw "b4 P=$par run=$run peer=$peer bps=$bps cpu=$busy overlap=$BENCH_OVERLAP"
		done
	done
	# shellcheck disable=SC2086
	{
		mg=$(bench_median ${v[gre]})
		ms=$(bench_median ${v[greseq]})
		mb=$(bench_median ${v[bond]})
		mp=$(bench_median ${v[split]})
		mcell() {
			local m lo hi
			read -r m lo hi <<< "$(bench_stats "$@")"
			if [ $# -gt 1 ]; then
				echo "$(ha_mbit "$m") ($(ha_mbit "$lo")–$(ha_mbit "$hi"))"
			else
				ha_mbit "$m"
			fi
		}
		ok=no
		ha_ge "$(ha_ratio "$mb" "$mg")" 0.8 && ok=yes
		bench_row "P$par" "| $par | $(mcell ${v[gre]}) | $(mcell ${v[greseq]}) | $(mcell ${v[bond]}) | $(mcell ${v[split]}) | $(ha_ratio "$mb" "$mg") | $(ha_ratio "$mb" "$ms") | $(ha_ratio "$mp" "$mg") | $ok | ${cpu[gre]} / ${cpu[greseq]} / ${cpu[bond]} / ${cpu[split]} |"
	}
	unset v cpu
done
md ""
bench_dirty_note
for ns in "$NS_HG" "$NS_HAAP"; do
	raw "--- bondctl -s bond show hab0 in $ns"
	bondctl -n "$ns" -s bond show hab0
	raw "--- ip -s link show gre2 in $ns (iseq drops show as rx errors)"
	nsx "$ns" ip -s link show gre2
done
