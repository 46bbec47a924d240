#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# HAAP control plane at scale: N simulated home gateways (default 1,000,
# gbcpload) set up with one HAAP gbcpd, each from an LTE and a DSL address
# of its own on one veth (so that the HAAP's per-source setup rate limit is
# no factor): LTE Setup Request -> Accept, DSL Setup Request -> Accept,
# each creating and configuring one gre_bond with two tunnels. Reports the
# sessions set up per second, setup latency percentiles (first LTE request
# to DSL Accept), failures, and the memory per session: the daemon's RSS
# delta / N and the kernel's Slab and MemAvailable deltas (/proc/meminfo,
# settled, page cache dropped) / N; then the time the HAAP's SIGTERM takes
# to tear all sessions down. Median over the runs.
#
#   gbcpd.sh [--runs N] [--quick] [--hgs N]  (in the guest; run.sh starts it)
source "$(dirname "$0")/bench_lib.sh"
GBCPD=${GBCPD:-$HA_TOP/tools/gbcpd/gbcpd}
GBCPLOAD=${GBCPLOAD:-$HA_TOP/tools/gbcpload/gbcpload}
n=1000
args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--hgs) n=$2; shift ;;
	*) args+=("$1") ;;
	esac
	shift
done
bench_init "${args[@]}"
[ "$BENCH_QUICK" = 1 ] && [ "$n" = 1000 ] && n=100
[ "$n" -ge 1 ] && [ "$n" -le 60000 ] || die "--hgs: 1..60000"
[ -x "$GBCPD" ] && [ -x "$GBCPLOAD" ] || die "gbcpd or gbcpload not built"
runs=$BENCH_RUNS
[ "$BENCH_QUICK" = 1 ] && runs=1

NS_LOAD=ha-load-$HA_SUFFIX
NS_H=ha-haap-$HA_SUFFIX
HA_ALL_NS="$NS_LOAD $NS_H"
G=10.0.0.2 H=10.0.0.3 LOAD_GW=10.0.0.1
LTE_BASE=10.64.0.1 DSL_BASE=10.65.0.1
dir=$(mktemp -d)
haap_pid=
stop_haap() {
	[ -n "$haap_pid" ] && kill "$haap_pid" 2>/dev/null && wait "$haap_pid"
	haap_pid=
}
trap 'stop_haap; ha_cleanup; rm -rf "$dir"' EXIT

ip netns add "$NS_LOAD" && ip netns add "$NS_H" || die "netns"
ip link add l0 netns "$NS_LOAD" type veth peer name h0 netns "$NS_H" || die "veth"
nsx "$NS_LOAD" ip link set lo up
nsx "$NS_H" ip link set lo up
nsx "$NS_LOAD" ip addr add "$LOAD_GW/24" dev l0
nsx "$NS_H" ip addr add "$G/24" dev h0
nsx "$NS_H" ip addr add "$H/24" dev h0
nsx "$NS_LOAD" ip link set l0 up
nsx "$NS_H" ip link set h0 up
# every HG address through one gateway: one neighbour entry, not 2 N
nsx "$NS_H" ip route add 10.64.0.0/15 via "$LOAD_GW"
# the HG addresses: HG i has LTE 10.64.0.1 + i and DSL 10.65.0.1 + i
awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++)
	printf "addr add 10.64.%d.%d/32 dev l0\naddr add 10.65.%d.%d/32 dev l0\n",
		int(i / 256), i % 256, int(i / 256), i % 256 }' > "$dir/addrs"
nsx "$NS_LOAD" ip -b "$dir/addrs" || die "adding $((2 * n)) addresses"
ha_wait 10 nsx "$NS_LOAD" ping -c1 -W1 -q "$G" || die "no path to the HAAP"

{
	echo "state-dir $dir/state"
	echo "haap"
	echo "	bond-prefix hab"
	echo "	h-address4 $H"
	# no hellos come: keep the watch timers and the timeout out of the way
	echo "	active-hello-interval 100"
	echo "	session-timeout 86400"
	echo "	dsl-up-kbps 15000"
	echo "	dsl-down-kbps 18000"
	awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "client HG-LOAD-%05d\n", i }'
} > "$dir/haap.conf"

meminfo() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }
rss() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
settle() {
	sleep 3
	echo 2 > /proc/sys/vm/drop_caches
	sleep 1
	MA=$(meminfo MemAvailable) SL=$(meminfo Slab)
}
per() { awk -v d="$1" -v n="$n" 'BEGIN { printf "%.1f", d / n }'; }

bench_header
md ""
md "N = $n simulated HGs (\`gbcpload setup\`, 32 setups in flight), one HAAP gbcpd without -v; each session: LTE and DSL Setup Request/Accept, one gre_bond with two tunnels, a state file. Setup latency: the HG's first LTE request to its DSL Accept. Memory per session in KiB: the daemon's VmRSS delta, and the kernel's Slab and MemAvailable deltas after a 3 s settle with the page cache dropped (the guest runs with slub_debug, which inflates every slab object). Teardown: the HAAP's SIGTERM (Tear Down to every HG, every bond deleted) until it exits."
md ""
md "| run | sessions/s | set up | failed | latency p50 / p90 / p99 ms | RSS KiB/session | Slab KiB/session | MemAvailable KiB/session | teardown s |"
md "|---:|---:|---:|---:|---|---:|---:|---:|---:|"

rates=() rsss=() slabs=() mas=() p50s=() tds=()
for run in $(seq 1 "$runs"); do
	bench_quiet
	rm -rf "$dir/state"
	settle
	ma0=$MA sl0=$SL
	ip netns exec "$NS_H" "$GBCPD" -f -c "$dir/haap.conf" > "$dir/haap.log" 2>&1 &
	haap_pid=$!
	ha_wait 30 grep -q 'started as HAAP' "$dir/haap.log" || die "the HAAP did not start"
	rss0=$(rss "$haap_pid")
	out=$(nsx "$NS_LOAD" "$GBCPLOAD" setup -n "$n" --haap "$G" \
		--lte-base "$LTE_BASE" --dsl-base "$DSL_BASE" --window 32 \
		--timeout-ms 5000)
	raw "run $run: $out"
	ok=$(sed -n 's/.* established \([0-9]*\) .*/\1/p' <<< "$out")
	failed=$(sed -n 's/.* failed \([0-9]*\) .*/\1/p' <<< "$out")
	rate=$(sed -n 's/.* setups_per_s \([0-9.]*\).*/\1/p' <<< "$out")
	lat=$(sed -n 's/.*setup_latency_ms p50 \([0-9.]*\) p90 \([0-9.]*\) p99 \([0-9.]*\) .*/\1 \/ \2 \/ \3/p' <<< "$out")
	bonds=$(nsx "$NS_H" ip -o link show type gre_bond | wc -l)
	[ "$bonds" = "$ok" ] || raw "run $run: $bonds bonds for $ok sessions"
	settle
	rss1=$(rss "$haap_pid")
	d_rss=$((rss1 - rss0)) d_sl=$((SL - sl0)) d_ma=$((ma0 - MA))
	t0=$(date +%s%N)
	stop_haap
	td=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	left=$(nsx "$NS_H" ip -o link show type gre_bond | wc -l)
	[ "$left" = 0 ] || raw "run $run: $left bonds left after SIGTERM"
	bench_host
	overlap=$((BENCH_HOST_TICKS - BENCH_TICKS0))
	[ "$overlap" -gt 0 ] && BENCH_DIRTY=$((BENCH_DIRTY + 1))
	BENCH_TOTAL=$((BENCH_TOTAL + 1))
	raw "gbcpd run=$run n=$n ok=$ok failed=$failed rate=$rate rss_kb=$d_rss slab_kb=$d_sl memavail_kb=$d_ma teardown_s=$td overlap=$overlap"
	rates+=("$rate") rsss+=("$(per $d_rss)") slabs+=("$(per $d_sl)")
	mas+=("$(per $d_ma)") p50s+=("${lat%% *}") tds+=("$td")
	bench_row "gbcpd/$run" "| $run | $rate | $ok | $failed | $lat | $(per $d_rss) | $(per $d_sl) | $(per $d_ma) | $td |"
done
md "| **median** | **$(ha_median "${rates[@]}")** | | | p50 $(ha_median "${p50s[@]}") | **$(ha_median "${rsss[@]}")** | **$(ha_median "${slabs[@]}")** | $(ha_median "${mas[@]}") | $(ha_median "${tds[@]}") |"
md ""
bench_dirty_note
