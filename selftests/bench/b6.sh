#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B6: proxy data-path efficiency and memory per connection, the MCP
# (mcp_proxy, explicit mode) against HAProxy ('mode tcp', 'option
# splice-auto') and microsocks, both under mptcpize, on the same unshaped
# veth path in one boot (proxy_lib.sh sets them up).
#
# Throughput: one bulk upload (client -> server) of SECS through each peer,
# peers alternating run by run; the metric is Mbit transferred per busy
# CPU-second of the whole guest (/proc/stat: user, system, irq, softirq,
# steal of every vCPU; the client, the forwarding HG and the server are in
# it too, the same for every peer). 'direct' (plain TCP, routed, no proxy)
# is the ceiling.
#
# Memory: N idle connections held through each peer (each proven end to end
# by one byte each way), and the deltas of /proc/meminfo Slab and
# SUnreclaim, of MemAvailable (everything: slab, pages from the page
# allocator such as kmalloc() above 8 KiB, and user memory) and of HAProxy's
# RSS, divided by N. 'ends' is the client's MPTCP socket and the server's
# socket alone (MPTCP straight to the server, which falls back to TCP):
# subtracted, it leaves what the proxy costs.
#
#   b6.sh [--runs N] [--quick] [--conns N] [--mem-runs N]
#                                   (in the guest; run.sh starts it)
# --conns: idle connections (default 10000, quick 1000; run.sh passes
# BENCH_B6_N); --mem-runs: runs of the memory part (default the runs per
# cell, at most 3; BENCH_B6_MEM_RUNS).
source "$(dirname "$0")/bench_lib.sh"
source "$(dirname "$0")/proxy_lib.sh"
conns=
mem_runs=
args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--conns) conns=$2; shift ;;
	--mem-runs) mem_runs=$2; shift ;;
	*) args+=("$1") ;;
	esac
	shift
done
bench_init "${args[@]}"
px_init

secs=8
if [ "$BENCH_QUICK" = 1 ]; then
	secs=3
	: "${conns:=1000}"
fi
: "${conns:=10000}" "${mem_runs:=$BENCH_RUNS}"
[ "$mem_runs" -gt 3 ] && mem_runs=3
[ "$conns" -ge 1 ] && [ "$conns" -le 60000 ] || die "--conns: 1..60000"
bulk_peers="direct mcp haproxy socks"
mem_peers="ends mcp haproxy"

px_setup || die "setup (topology, MCP, HAProxy, microsocks)"

# bulk_one PEER: one transfer; sets bps, cpu (s), soft (s), eff (Mbit/CPU-s)
bulk_one() {
	local out bytes
	px_cpu_mark
	out=$(px_load bulk "$1" $PX_PORT_SINK -t "$secs" 2>&1)
	cpu=$(px_cpu_secs)
	soft=$(px_softirq_secs)
	bytes=$(echo "$out" | sed -n 's/^bytes=\([0-9]*\) .*/\1/p')
	bps=$(echo "$out" | sed -n 's/.* bps=\([0-9]*\).*/\1/p')
	bytes=${bytes:-0} bps=${bps:-0}
	eff=$(awk -v b="$bytes" -v c="$cpu" \
		'BEGIN { printf "%.1f", (c > 0 ? b * 8 / 1e6 / c : 0) }')
	raw "b6 bulk peer=$1 $out cpu=${cpu}s softirq=${soft}s eff=${eff}Mbit/CPU-s overlap=${BENCH_OVERLAP:-0}"
}

# mptcp_fallbacks: the client's MPTCP fallback and MP_CAPABLE counters
mptcp_fallbacks() {
	nsx "$NS_CLI" awk '
		$1 == "MPTcpExt:" && !n { for (i = 2; i <= NF; i++) k[i] = $i; n = 1; next }
		$1 == "MPTcpExt:" { for (i = 2; i <= NF; i++)
			if (k[i] ~ /Fallback|MPCapable/ && $i > 0) printf "%s %s ", k[i], $i }
	' /proc/net/netstat
}

# mem_one PEER: N idle connections; sets got, slab, sunr, avail, rss
# (bytes per connection)
mem_one() {
	local hold=$PX_TMP/hold.$1 out=$PX_TMP/idle.$1 socks0 s0 u0 a0 r0
	local s1 u1 a1 r1 f0 f1 pid
	rm -f "$hold" "$out"
	socks0=$(px_sockets)
	px_slab_mark
	f0=$(px_meminfo MemFree)
	s0=$(px_meminfo Slab) u0=$(px_meminfo SUnreclaim)
	a0=$(px_meminfo MemAvailable) r0=$(px_rss_kb haproxy)
	px_load idle "$1" $PX_PORT_ONE -n "$conns" -H "$hold" > "$out" 2>&1 &
	pid=$!
	ha_wait $((conns / 20 + 120)) grep -q '^ready' "$out"
	s1=$(px_meminfo Slab) u1=$(px_meminfo SUnreclaim)
	a1=$(px_meminfo MemAvailable) r1=$(px_rss_kb haproxy)
	f1=$(px_meminfo MemFree)
	# why a connection failed, if one did: MPTCP fallbacks on the client
	raw "b6 mem peer=$1 client MPTCP counters: $(mptcp_fallbacks)"
	got=$(sed -n 's/^ready \([0-9]*\).*/\1/p' "$out")
	got=${got:-0}
	raw "b6 mem peer=$1 $(tr '\n' ' ' < "$out") slab ${s0}->${s1} kB, sunreclaim ${u0}->${u1} kB, available ${a0}->${a1} kB, haproxy rss ${r0}->${r1} kB, free ${f0}->${f1} kB, sockets before $socks0, now $(px_sockets); slab caches that grew most (kB): $(px_slab_top)"
	touch "$hold"
	wait "$pid"
	# the resets must have closed every socket before the next peer
	ha_wait 120 px_sockets_back "$socks0" ||
		raw "b6 mem peer=$1: $(px_sockets) sockets still open (were $socks0)"
	per() {
		awk -v a="$1" -v b="$2" -v n="$got" \
			'BEGIN { printf "%.0f", (n > 0 ? (b - a) * 1024 / n : 0) }'
	}
	slab=$(per "$s0" "$s1") sunr=$(per "$u0" "$u1")
	avail=$(per "$a1" "$a0") rss=$(per "$r0" "$r1")
}

bench_header
md ""
md "### Bulk throughput per CPU-second"
md ""
md "One ${secs} s upload (client -> server) through each peer, unshaped veth path (client -> HG -> HAAP -> server), peers alternating run by run. Cells: median (min–max) of $BENCH_RUNS runs of Mbit transferred per busy CPU-second of the whole guest (client, HG forwarding and server included, the same for every peer; softirq included), then the median throughput (Mbit/s) and busy CPU-seconds. 'direct': plain TCP, routed, no proxy; 'mcp': mcp_proxy (client MPTCP with MP_CONVERT); 'haproxy': HAProxy 2.6 mode tcp, splice-auto, under mptcpize; 'socks': microsocks under mptcpize."
md ""
md "| peer | Mbit per CPU-s | Mbit/s | CPU-s | softirq CPU-s |"
md "|---|---:|---:|---:|---:|"
# two tables of several rows: no resumable cells (--resume is ignored)
{
	declare -A eff_v=() bps_v=() cpu_v=() soft_v=()
	for _ in $(seq 1 "$BENCH_RUNS"); do
		for peer in $bulk_peers; do
			bench_clean bulk_one "$peer"
			eff_v[$peer]+=" $eff"
			bps_v[$peer]+=" $bps"
			cpu_v[$peer]+=" $cpu"
			soft_v[$peer]+=" $soft"
		done
	done
	rows=
	for peer in $bulk_peers; do
		# shellcheck disable=SC2086
		rows+="| $peer | $(bench_cell ${eff_v[$peer]}) | $(ha_mbit "$(bench_median ${bps_v[$peer]})") | $(bench_median ${cpu_v[$peer]}) | $(bench_median ${soft_v[$peer]}) |"$'\n'
	done
	# shellcheck disable=SC2086
	{
		e_mcp=$(bench_median ${eff_v[mcp]})
		e_hap=$(bench_median ${eff_v[haproxy]})
		e_soc=$(bench_median ${eff_v[socks]})
		e_dir=$(bench_median ${eff_v[direct]})
	}
	ok=no
	ha_ge "$(ha_ratio "$e_mcp" "$e_hap")" 1.5 && ok=yes
	summary="mcp / haproxy $(ha_ratio "$e_mcp" "$e_hap"), mcp / socks $(ha_ratio "$e_mcp" "$e_soc"), mcp / direct $(ha_ratio "$e_mcp" "$e_dir") (Mbit per CPU-s, medians); target mcp >= 1.5 haproxy: $ok"
	while IFS= read -r r; do
		[ -n "$r" ] && md "$r"
	done <<< "$rows"
	md ""
	md "Ratios: $summary."
	unset eff_v bps_v cpu_v soft_v
}

md ""
md "### Memory per idle proxied connection"
md ""
md "$conns idle connections through each peer (each proven end to end by one byte each way), $mem_runs runs. Cells: median bytes per connection of the deltas of /proc/meminfo Slab, SUnreclaim (both count kmalloc() above 8 KiB too, which /proc/slabinfo does not list) and MemAvailable (everything: kernel and user memory), and of HAProxy's RSS, divided by the connections that were established. 'ends': the client's MPTCP socket and the server's socket alone (MPTCP straight to the server, falling back to TCP); 'proxy' = total − ends' total."
md ""
md "| peer | connections | Slab B/conn | SUnreclaim B/conn | RSS B/conn | total B/conn | proxy B/conn |"
md "|---|---:|---:|---:|---:|---:|---:|"
{
	declare -A slab_v=() sunr_v=() avail_v=() rss_v=() got_v=()
	for _ in $(seq 1 "$mem_runs"); do
		for peer in $mem_peers; do
			bench_clean mem_one "$peer"
			slab_v[$peer]+=" $slab"
			sunr_v[$peer]+=" $sunr"
			avail_v[$peer]+=" $avail"
			rss_v[$peer]+=" $rss"
			got_v[$peer]+=" $got"
		done
	done
	# shellcheck disable=SC2086
	ends=$(bench_median ${avail_v[ends]})
	declare -A proxy=()
	for peer in $mem_peers; do
		# shellcheck disable=SC2086
		{
			tot=$(bench_median ${avail_v[$peer]})
			proxy[$peer]=$(awk -v a="$tot" -v e="$ends" 'BEGIN { printf "%.0f", a - e }')
			md "| $peer | $(bench_median ${got_v[$peer]}) | $(bench_median ${slab_v[$peer]}) | $(bench_median ${sunr_v[$peer]}) | $(bench_median ${rss_v[$peer]}) | $tot | ${proxy[$peer]} |"
		}
	done
	ok=no
	ha_ge 0.25 "$(ha_ratio "${proxy[mcp]}" "${proxy[haproxy]}")" && ok=yes
	summary="mcp / haproxy per connection (proxy part) $(ha_ratio "${proxy[mcp]}" "${proxy[haproxy]}"); target <= 0.25: $ok"
	md ""
	md "Ratio: $summary."
	unset slab_v sunr_v avail_v rss_v got_v proxy
}
md ""
bench_dirty_note
raw "--- bondctl -s mcp show"
"$BONDCTL" -n "$NS_HAAP" -s mcp show
rm -rf "$PX_TMP"
