#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B7: short-connection rate through the MCP (mcp_proxy, explicit mode)
# against HAProxy ('mode tcp', under mptcpize) and SOCKS5 (microsocks under
# mptcpize), in one boot (proxy_lib.sh sets them up): THREADS client
# threads each loop over new connection, 1 KiB request, 1 KiB answer,
# close, for SECS; RTT 0 (unshaped veth) and RTT 20 ms (netem on dsl, the
# access link between client and proxy). Peers alternate run by run.
#
# The MCP client puts the request in the SYN behind the MP_CONVERT IE
# (TCP_FASTOPEN_CONNECT); the HAProxy client waits for the handshake; the
# SOCKS5 client waits for the method and the CONNECT answers.
#
# Metric: completed connections per second, and per busy CPU-second of the
# whole guest (client, HG, proxy and server: the same for every peer).
# Targets: at RTT 20 ms, MCP >= 2x SOCKS5 (rate); at RTT 0, MCP >= 1.0x
# HAProxy (per CPU-second).
#
#   b7.sh [--runs N] [--quick]      (in the guest; run.sh starts it)
source "$(dirname "$0")/bench_lib.sh"
source "$(dirname "$0")/proxy_lib.sh"
bench_init "$@"
px_init

secs=10
threads=8
if [ "$BENCH_QUICK" = 1 ]; then
	secs=4
	threads=4
fi
peers="direct mcp haproxy socks"

px_setup || die "setup (topology, MCP, HAProxy, microsocks)"

# rr_one PEER: sets rate (conn/s), errs, per_cpu (conn per CPU-s)
rr_one() {
	local out cpu conns
	px_cpu_mark
	out=$(px_load rr "$1" $PX_PORT_RR -c "$threads" -t "$secs" -s 1024 2>&1)
	cpu=$(px_cpu_secs)
	conns=$(px_field "$out" conns)
	rate=$(px_field "$out" rate)
	errs=$(px_field "$out" errors)
	per_cpu=$(awk -v n="$conns" -v c="$cpu" \
		'BEGIN { printf "%.1f", (c > 0 ? n / c : 0) }')
	raw "b7 rtt=$rtt peer=$1 $out cpu=${cpu}s per_cpu=$per_cpu overlap=${BENCH_OVERLAP:-0}"
}

bench_header
md ""
md "Cells: completed connections per second, median (min–max) of $BENCH_RUNS runs of ${secs} s with $threads client threads (new connection, 1 KiB request, 1 KiB answer, close), then per busy CPU-second of the whole guest (median). 'direct': plain TCP to the server, no proxy; 'mcp': mcp_proxy, request in the SYN behind the MP_CONVERT IE; 'haproxy': HAProxy 2.6 mode tcp under mptcpize; 'socks': microsocks (SOCKS5, no auth) under mptcpize. Failed connections (all runs) in the last column."
md ""
md "| RTT ms | direct conn/s | mcp conn/s | haproxy conn/s | socks conn/s | per CPU-s direct / mcp / haproxy / socks | mcp / haproxy (per CPU-s) | mcp / socks (rate) | target | errors mcp / haproxy / socks |"
md "|---:|---:|---:|---:|---:|---|---:|---:|:---:|---|"

for rtt in 0 20; do
	bench_resume "rtt$rtt" && continue
	px_rtt "$rtt" || die "netem"
	raw "b7 rtt=$rtt: ping $(ha_rtt_ms "$NS_CLI" "$PX_MCP4" 5) ms"
	declare -A r_v=() c_v=() e_v=()
	for _ in $(seq 1 "$BENCH_RUNS"); do
		for peer in $peers; do
			bench_clean rr_one "$peer"
			r_v[$peer]+=" $rate"
			c_v[$peer]+=" $per_cpu"
			e_v[$peer]=$((${e_v[$peer]:-0} + errs))
		done
	done
	# shellcheck disable=SC2086
	{
		cell() {
			local m lo hi
			read -r m lo hi <<< "$(bench_stats "$@")"
			printf '%.0f (%.0f–%.0f)' "$m" "$lo" "$hi"
		}
		pc() { printf '%.0f' "$(bench_median ${c_v[$1]})"; }
		m_mcp=$(bench_median ${r_v[mcp]})
		m_soc=$(bench_median ${r_v[socks]})
		c_mcp=$(bench_median ${c_v[mcp]})
		c_hap=$(bench_median ${c_v[haproxy]})
		x_hap=$(ha_ratio "$c_mcp" "$c_hap")
		x_soc=$(ha_ratio "$m_mcp" "$m_soc")
		if [ "$rtt" = 0 ]; then
			ok="mcp ≥ 1.0 haproxy: no"
			ha_ge "$x_hap" 1.0 && ok="mcp ≥ 1.0 haproxy: yes"
		else
			ok="mcp ≥ 2 socks: no"
			ha_ge "$x_soc" 2 && ok="mcp ≥ 2 socks: yes"
		fi
		bench_row "rtt$rtt" "| $rtt | $(cell ${r_v[direct]}) | $(cell ${r_v[mcp]}) | $(cell ${r_v[haproxy]}) | $(cell ${r_v[socks]}) | $(pc direct) / $(pc mcp) / $(pc haproxy) / $(pc socks) | $x_hap | $x_soc | $ok | ${e_v[mcp]} / ${e_v[haproxy]} / ${e_v[socks]} |"
	}
	unset r_v c_v e_v
done
px_rtt 0
md ""
bench_dirty_note
raw "--- bondctl -s mcp show"
"$BONDCTL" -n "$NS_HAAP" -s mcp show
rm -rf "$PX_TMP"
