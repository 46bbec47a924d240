#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B5: connection setup through the MCP (mcp_proxy, explicit mode) against
# SOCKS5 (microsocks under mptcpize) and HAProxy ('mode tcp' under
# mptcpize, a relay that is not 0-RTT), in one boot (proxy_lib.sh sets
# them up), on a 30 ms RTT path between the client and the proxies (netem
# on dsl). The server sits next to the proxies: its own RTT is about 0.
#
# One client thread loops for SECS: new connection, 1 KiB request, read
# the 1 KiB answer, close (mcpload rr -c 1). The answer is one segment,
# so the time per connection is the time to the answer's first byte from
# connect(), plus the client's own per-connection work, the same for
# every peer. The MCP client puts the request in the SYN behind the
# MP_CONVERT IE; the HAProxy client waits for the handshake; the SOCKS5
# client waits for the method and the CONNECT answers.
#
# Metric: added time to first byte over direct TCP, in RTTs:
# (ms_peer - ms_direct) / RTT, the medians of BENCH_RUNS runs, peers
# alternating run by run. Target: MCP <= 0.1 RTT; SOCKS5 >= 2 RTT
# expected; the ratio SOCKS5-added / MCP-added >= 10.
#
#   b5.sh [--runs N] [--quick]      (in the guest; run.sh starts it)
source "$(dirname "$0")/bench_lib.sh"
source "$(dirname "$0")/proxy_lib.sh"
bench_init "$@"
px_init

secs=4
[ "$BENCH_QUICK" = 1 ] && secs=2
rtt_ms=30
peers="direct mcp haproxy socks"

px_setup || die "setup (topology, MCP, HAProxy, microsocks)"

# ttfb_one PEER: sets ms (mean ms per connection in this run) and errs
ttfb_one() {
	local out conns run_s
	out=$(px_load rr "$1" "$PX_PORT_RR" -c 1 -t "$secs" -s 1024 2>&1)
	conns=$(px_field "$out" conns)
	run_s=$(px_field "$out" secs)
	errs=$(px_field "$out" errors)
	ms=$(awk -v n="$conns" -v s="$run_s" \
		'BEGIN { printf "%.2f", (n > 0 ? s * 1000 / n : 0) }')
	raw "b5 peer=$1 $out ms_per_conn=$ms overlap=${BENCH_OVERLAP:-0}"
}

bench_header
md ""
md "Cells: milliseconds from connect() to the 1 KiB answer (one client thread, new connection, 1 KiB request, 1 KiB answer, close, for ${secs} s; the mean of a run), median (min–max) of $BENCH_RUNS runs; then the time added over direct TCP, in ms and in RTTs of the path (ping, median of 10). 'direct': plain TCP to the server, no proxy; 'mcp': mcp_proxy, request in the SYN behind the MP_CONVERT IE; 'haproxy': HAProxy 2.6 mode tcp under mptcpize; 'socks': microsocks (SOCKS5, no auth) under mptcpize. Failed connections (all runs) in the last column."
md ""
md "| peer | ms per connection | added ms | added RTT | target | errors |"
md "|---|---:|---:|---:|:---:|---:|"

# one cell, a few minutes: no resume (--resume is accepted and ignored)
px_rtt "$rtt_ms" || die "netem"
rtt=$(ha_rtt_ms "$NS_CLI" "$PX_MCP4" 10)
raw "b5: ping $rtt ms"
declare -A v=() e=() added=()
for _ in $(seq 1 "$BENCH_RUNS"); do
	for peer in $peers; do
		bench_clean ttfb_one "$peer"
		v[$peer]+=" $ms"
		e[$peer]=$((${e[$peer]:-0} + errs))
	done
done
# shellcheck disable=SC2086
{
	direct=$(bench_median ${v[direct]})
	rows=()
	for peer in $peers; do
		read -r m lo hi <<< "$(bench_stats ${v[$peer]})"
		added[$peer]=$(awk -v a="$m" -v d="$direct" \
			'BEGIN { printf "%.1f", a - d }')
		in_rtt=$(awk -v a="$m" -v d="$direct" -v r="$rtt" \
			'BEGIN { printf "%.2f", (r > 0 ? (a - d) / r : 0) }')
		target=""
		case $peer in
		mcp) target="≤ 0.1: no"
		     ha_ge 0.1 "$in_rtt" && target="≤ 0.1: yes" ;;
		socks) target="≥ 2: no"
		       ha_ge "$in_rtt" 2 && target="≥ 2: yes" ;;
		esac
		rows+=("| $peer | $(printf '%.1f (%.1f–%.1f)' "$m" "$lo" "$hi") | ${added[$peer]} | $in_rtt | $target | ${e[$peer]} |")
	done
	# socks-added / mcp-added means nothing when the MCP adds
	# nothing measurable (or saves time)
	if ha_ge 0 "${added[mcp]}"; then
		ratio="n/a (the MCP adds ≤ 0 ms)"
	else
		ratio=$(ha_ratio "${added[socks]}" "${added[mcp]}")
	fi
	rows+=("| RTT $rtt ms | SOCKS5-added / MCP-added: $ratio (target ≥ 10) | | | | |")
	for row in "${rows[@]}"; do
		md "$row"
	done
}
px_rtt 0
md ""
bench_dirty_note
raw "--- bondctl -s mcp show"
"$BONDCTL" -n "$NS_HAAP" -s mcp show
rm -rf "$PX_TMP"
