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
# the 1 KiB answer, close (mcpload rr -c 1). mcpload times every
# connection from connect() to the answer's first byte (the time to first
# byte, TTFB; the MCP's echo of the IE, which comes before the answer, does
# not count) and prints the median of the run. The MCP client puts the
# request in the SYN behind the MP_CONVERT IE; the HAProxy client waits for
# the handshake; the SOCKS5 client waits for the method and the CONNECT
# answers.
#
# Metric: added time to first byte over direct TCP, in RTTs:
# (ttfb_peer - ttfb_direct) / RTT, the medians of BENCH_RUNS runs, peers
# alternating run by run. Target: MCP <= 0.1 RTT; SOCKS5 >= 2 RTT
# expected; the ratio SOCKS5-added / MCP-added >= 10. A second baseline,
# 'direct-mptcp', is the same MPTCP client socket connecting to the server
# itself (which answers without MPTCP, so the client falls back): the time
# added over it is what the proxy adds for a client that speaks MPTCP
# anyway, without the client's own MPTCP set-up cost.
#
# The anchor puts the server next to the proxies (server RTT 0), where a
# converter's 0-RTT has nothing to save. A second cell puts 20 ms between
# the proxies and the server: the MCP sends the request in the client's
# SYN to the server as soon as the server's connection is up, so its
# answer is on its way while the client's handshake completes; a relay
# that starts after the handshake (HAProxy) pays that server RTT again.
#
#   b5.sh [--runs N] [--quick]      (in the guest; run.sh starts it)
source "$(dirname "$0")/bench_lib.sh"
source "$(dirname "$0")/proxy_lib.sh"
bench_init "$@"
px_init

secs=4
[ "$BENCH_QUICK" = 1 ] && secs=2
rtt_ms=30
srv_rtt_ms=20
peers="direct ends mcp haproxy socks"

px_setup || die "setup (topology, MCP, HAProxy, microsocks)"

# ttfb_one PEER: sets ms (median TTFB of this run, ms) and errs
ttfb_one() {
	local out conns run_s per_conn
	out=$(px_load rr "$1" "$PX_PORT_RR" -c 1 -t "$secs" -s 1024 2>&1)
	conns=$(px_field "$out" conns)
	run_s=$(px_field "$out" secs)
	errs=$(px_field "$out" errors)
	ms=$(px_field "$out" ttfb_ms)
	per_conn=$(awk -v n="$conns" -v s="$run_s" \
		'BEGIN { printf "%.2f", (n > 0 ? s * 1000 / n : 0) }')
	raw "b5 peer=$1 $out ms_per_conn=$per_conn overlap=${BENCH_OVERLAP:-0}"
}

# b5_name PEER: the peer's name in the table
b5_name() {
	case $1 in
	ends) echo direct-mptcp ;;
	*) echo "$1" ;;
	esac
}

bench_header
md ""
md "Cells: time to first byte in ms, from connect() to the first byte of the 1 KiB answer (one client thread, new connection, 1 KiB request, 1 KiB answer, close, for ${secs} s; the median connection of a run), median (min–max) of $BENCH_RUNS runs; then the time added over direct TCP and over direct MPTCP, in ms and in RTTs of the client's path to the proxies (ping, median of 10). 'direct': plain TCP to the server, no proxy; 'direct-mptcp': the MPTCP client socket to the server, no proxy (the server answers without MPTCP: the client falls back); 'mcp': mcp_proxy, request in the SYN behind the MP_CONVERT IE; 'haproxy': HAProxy 2.6 mode tcp under mptcpize; 'socks': microsocks (SOCKS5, no auth) under mptcpize. 'server RTT': netem between the proxies and the server, 0 as the anchor has it (the target is judged there), $srv_rtt_ms ms where a converter's 0-RTT should show (the MCP sends the request to the server before the client's handshake completes). Failed connections (all runs) in the last column."
md ""
md "| server RTT ms | peer | TTFB ms | added ms | added RTT | target | added over direct-mptcp, ms (RTT) | errors |"
md "|---:|---|---:|---:|---:|:---:|---:|---:|"

# b5_cell SERVER_RTT: all peers, BENCH_RUNS runs, one table block
b5_cell() {
	local srv_rtt=$1 direct direct_mptcp peer m lo hi in_rtt over_mptcp target row
	local -A v=() e=() added=()
	local rows=()
	px_srv_rtt "$srv_rtt" || die "netem (server)"
	for _ in $(seq 1 "$BENCH_RUNS"); do
		for peer in $peers; do
			bench_clean ttfb_one "$peer"
			raw "b5 srv_rtt=$srv_rtt peer=$peer ttfb_ms=$ms"
			v[$peer]+=" $ms"
			e[$peer]=$((${e[$peer]:-0} + errs))
		done
	done
	# shellcheck disable=SC2086
	direct=$(bench_median ${v[direct]})
	# shellcheck disable=SC2086
	direct_mptcp=$(bench_median ${v[ends]})
	for peer in $peers; do
		# shellcheck disable=SC2086
		read -r m lo hi <<< "$(bench_stats ${v[$peer]})"
		added[$peer]=$(awk -v a="$m" -v d="$direct" \
			'BEGIN { printf "%.1f", a - d }')
		in_rtt=$(awk -v a="$m" -v d="$direct" -v r="$rtt" \
			'BEGIN { printf "%.2f", (r > 0 ? (a - d) / r : 0) }')
		over_mptcp=$(awk -v a="$m" -v d="$direct_mptcp" -v r="$rtt" \
			'BEGIN { printf "%.1f (%.2f)", a - d, (r > 0 ? (a - d) / r : 0) }')
		target=""
		if [ "$srv_rtt" = 0 ]; then
			case $peer in
			mcp) target="≤ 0.1: no"
			     ha_ge 0.1 "$in_rtt" && target="≤ 0.1: yes" ;;
			socks) target="≥ 2: no"
			       ha_ge "$in_rtt" 2 && target="≥ 2: yes" ;;
			esac
		fi
		rows+=("| $srv_rtt | $(b5_name "$peer") | $(printf '%.1f (%.1f–%.1f)' "$m" "$lo" "$hi") | ${added[$peer]} | $in_rtt | $target | $over_mptcp | ${e[$peer]} |")
	done
	# socks-added / mcp-added means nothing when the MCP adds
	# nothing measurable (or saves time)
	if ha_ge 0 "${added[mcp]}"; then
		ratio="n/a (the MCP adds ≤ 0 ms)"
	else
		ratio=$(ha_ratio "${added[socks]}" "${added[mcp]}")
	fi
	rows+=("| $srv_rtt | SOCKS5-added / MCP-added: $ratio$([ "$srv_rtt" = 0 ] && echo " (target ≥ 10)") | | | | | | |")
	for row in "${rows[@]}"; do
		md "$row"
	done
}

# two cells, a few minutes each: no resume (--resume is accepted and ignored)
px_rtt "$rtt_ms" || die "netem"
rtt=$(ha_rtt_ms "$NS_CLI" "$PX_MCP4" 10)
raw "b5: ping $rtt ms"
b5_cell 0
b5_cell "$srv_rtt_ms"
px_srv_rtt 0
px_rtt 0
md ""
bench_dirty_note
raw "--- bondctl -s mcp show"
"$BONDCTL" -n "$NS_HAAP" -s mcp show
rm -rf "$PX_TMP"
