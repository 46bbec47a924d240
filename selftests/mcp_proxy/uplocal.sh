#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The upstream MCP on the CPE's own outgoing connections (up-local): a
# plain TCP application running on the HG itself (socat, iperf3) talks to
# a plain TCP server; the HG holds its SYN at LOCAL_OUT, opens the MPTCP
# connection to the downstream MCP on the HAAP, and hands the application's
# connection to its internal listener. 64 MiB each way with sha256, the
# server sees plain TCP from the MCP's address, no segment of the
# application leaves the HG toward the server itself (tcpdump), subflows on
# both access links, a refused server refuses the application, LAN hosts
# are not intercepted without LAN prefixes, the switch off leaves the
# application's TCP alone, rmmod with a live local conversion.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require
ha_require iperf3 tcpdump nstat

# cap_start NAME: tcpdump on the HG's access links, TCP to or from the
# server's own address: with up-local on only the MCP's address is seen
cap_pids=()
cap_start() {
	local link
	for link in dsl0 lte0; do
		ip netns exec "$NS_HG" tcpdump -n -U --immediate-mode -Z root \
			-i "$link" -w "$tmp/$1-$link.pcap" "tcp and host $DST4" \
			2> "$tmp/$1-$link.log" &
		cap_pids+=($!)
		ha_wait 10 grep -q 'listening on' "$tmp/$1-$link.log"
	done
}

# cap_count NAME: stop the captures, print the packets both caught
cap_count() {
	local link n=0 c
	kill -INT "${cap_pids[@]}" 2>/dev/null
	wait "${cap_pids[@]}" 2>/dev/null
	cap_pids=()
	for link in dsl0 lte0; do
		c=$(tcpdump -n -r "$tmp/$1-$link.pcap" 2>/dev/null | wc -l)
		n=$((n + c))
	done
	echo "$n"
}

mcp_test_start 21 mcp_up_topo

# --- DSL alone: the HG's own plain TCP, before it converts anything -------
mcp_dsl_alone "$NS_HG" "from the HG"

# --- upstream mode with no LAN prefix: only the HG's own connections ------
setup_ok=1
{
	mcp_upstream_setup up-local on
} || setup_ok=0
ktap_check "CPE: upstream mode, up-local on, listener up" \
	bash -c "test $setup_ok = 1 && '$BONDCTL' -n $NS_HG mcp show | grep -q 'upstream mcp-addr $MCP4 .* up-local on listening yes'"
ktap_check "CPE: JSON says up_local true" \
	bash -c "'$BONDCTL' -n $NS_HG -j mcp show | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d, list) else d; sys.exit(d[\"up_local\"] is not True)'"
# the kernel's message has an apostrophe: passed as an argument, not quoted in
out=$(bondctl -n "$NS_HAAP" mcp set up-local on 2>&1)
ktap_check "up-local without upstream mode refused ($(head -n 1 <<<"$out"))" \
	bash -c 'grep -q "^Error: .*needs upstream mode" <<<"$1"' _ "$out"

# --- 64 MiB each way from the HG itself ---------------------------------------
mcp_up_shape 40mbit
mcp_bulk_prepare "$tmp"
cap_start up
mcp_up_bulk -n "$NS_HG" upload 5001 "$tmp/up.got" "from the HG"
srv_mpc=$(mcp_mib "$NS_SRV" MPTcpExtMPCapableSYNRX)
ktap_check "server saw plain TCP (MPCapableSYNRX ${srv_mpc:-0}) from the MCP's address $MCP4" \
	bash -c "test '${srv_mpc:-0}' -eq 0 && grep -q 'accepting connection from AF=2 $MCP4:' '$tmp/up.got.log'"
mcp_check_share "upload, subflow on LTE" "$NS_HG" lte0 "$up_lte0" $MCP_BULK_BYTES

mcp_up_bulk -n "$NS_HG" download 5002 "$tmp/down.got" "to the HG"
mcp_check_share "download, subflow on LTE" "$NS_HAAP" lte0 "$up_lte0" $MCP_BULK_BYTES
leaked=$(cap_count up)
ktap_check "no segment between the application and $DST4 on the access links ($leaked)" \
	test "$leaked" -eq 0
mcp_up_shape 8mbit

ktap_check "CPE: two local conversions established and closed" \
	ha_wait 5 up_convs_done 2
ktap_diag "CPE: up_local_syn $(up_counter up_local_syn) up_local_diverted $(up_counter up_local_diverted) up_local_no_route $(up_counter up_local_no_route) syn_retransmit $(up_counter syn_retransmit)"
ktap_check "CPE: two local SYNs taken, the application's segments diverted" \
	test "$(up_counter up_local_syn)" -eq 2 -a \
		"$(up_counter up_local_diverted)" -gt 100 -a \
		"$(up_counter up_local_no_route)" -eq 0
ktap_check "MCP: two conversions established" \
	test "$(mcp_counter conv_established)" -eq 2
ktap_diag "HG: $(nsx "$NS_HG" nstat -az | awk '/MPTcpExt|TcpExtListenDrops|TcpInErrs|TcpInCsumErrors|IpInAddrErrors|IpExtInNoRoutes/ && $2 > 0 { printf "%s=%s ", $1, $2 }')"

# --- iperf3 on the HG: control and data connection, both links ---------------
bps=$(ha_iperf "$NS_HG" "$NS_SRV" "$DST4" 8)
mcp_check_vs_dsl "iperf3 from the HG, converted" "$bps" "$dsl_bps"

# --- a refused server: the application is refused -----------------------------
mcp_up_check_refused "$NS_HG" "the application is refused"

# --- no LAN prefix: a LAN host's connection is plain routed TCP ----------------
syns=$(up_counter up_syn)
mcp_sink 5003 "$tmp/lan.got"
echo hello | nsx "$NS_CLI" timeout 15 socat -u - TCP:$DST4:5003
wait $!
ktap_check "LAN host not intercepted: the server saw $CLI4, up_syn unchanged" \
	bash -c "grep -q 'accepting connection from AF=2 $CLI4:' '$tmp/lan.got.log' && test $(up_counter up_syn) -eq $syns"

# --- up-local off: the application's TCP goes to the server itself ----------
bondctl -n "$NS_HG" mcp set up-local off
local_syns=$(up_counter up_local_syn)
cap_start off
mcp_sink 5004 "$tmp/off.got"
echo hello | nsx "$NS_HG" timeout 15 socat -u - TCP:$DST4:5004
rc=$?
wait $!
seen=$(cap_count off)
ktap_check "up-local off: exit $rc, the server saw $HG_DSL4, up_local_syn unchanged" \
	bash -c "test $rc -eq 0 && grep -q 'accepting connection from AF=2 $HG_DSL4:' '$tmp/off.got.log' && test $(up_counter up_local_syn) -eq $local_syns"
ktap_check "up-local off: the capture saw the plain TCP connection ($seen)" \
	test "$seen" -ge 6

# --- rmmod with a live local conversion ----------------------------------------
bondctl -n "$NS_HG" mcp set up-local on
mcp_up_rmmod_live "$NS_HG" 5005 "a live local conversion" "the application"
mcp_test_end
