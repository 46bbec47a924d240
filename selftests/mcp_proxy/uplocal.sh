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

tmp=$(mktemp -d)
start_dmesg=$(dmesg | wc -l)

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

ktap_header 21
if ! ha_topo_create dsl_rate=8mbit dsl_delay=10ms lte_rate=8mbit \
	lte_delay=20ms; then
	ktap_fail "setup"
	ktap_finish
fi
mcp_upstream_routes

# --- DSL alone: the HG's own plain TCP, before it converts anything -------
dsl_bps=$(ha_iperf "$NS_HG" "$NS_SRV" "$DST4" 6)
ktap_diag "DSL alone, plain TCP from the HG: $(ha_mbit "$dsl_bps") Mbit/s"

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
ha_link_shape dsl 40mbit 10ms
ha_link_shape lte 40mbit 20ms
mcp_bulk_prepare "$tmp"
cap_start up
mcp_sink 5001 "$tmp/up.got"
lte0=$(mcp_tx_bytes "$NS_HG" lte0)
t0=$(date +%s.%N)
nsx "$NS_HG" timeout 120 socat -u OPEN:"$tmp/bulk" TCP:$DST4:5001 \
	2> "$tmp/up.cli"
rc=$?
t1=$(date +%s.%N)
wait $!
ktap_diag "upload ${MCP_BULK_MIB} MiB: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')"
ktap_check "upload ${MCP_BULK_MIB} MiB from the HG: socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/up.got" "$tmp/bulk.sha256"
srv_mpc=$(mcp_mib "$NS_SRV" MPTcpExtMPCapableSYNRX)
ktap_check "server saw plain TCP (MPCapableSYNRX ${srv_mpc:-0}) from the MCP's address $MCP4" \
	bash -c "test '${srv_mpc:-0}' -eq 0 && grep -q 'accepting connection from AF=2 $MCP4:' '$tmp/up.got.log'"
mcp_check_share "upload, subflow on LTE" "$NS_HG" lte0 "$lte0" $MCP_BULK_BYTES

mcp_source 5002 "$tmp/bulk"
lte0=$(mcp_tx_bytes "$NS_HAAP" lte0)
t0=$(date +%s.%N)
nsx "$NS_HG" timeout 120 socat -u TCP:$DST4:5002 - | sha256sum > "$tmp/down.got"
rc=${PIPESTATUS[0]}
t1=$(date +%s.%N)
wait $!
ktap_diag "download ${MCP_BULK_MIB} MiB: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')"
ktap_check "download ${MCP_BULK_MIB} MiB to the HG: socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/down.got" "$tmp/bulk.sha256"
mcp_check_share "download, subflow on LTE" "$NS_HAAP" lte0 "$lte0" $MCP_BULK_BYTES
leaked=$(cap_count up)
ktap_check "no segment between the application and $DST4 on the access links ($leaked)" \
	test "$leaked" -eq 0
ha_link_shape dsl 8mbit 10ms
ha_link_shape lte 8mbit 20ms

up_done() {
	test "$(up_counter up_closed)" -eq 2 -a \
		"$(up_counter up_established)" -eq 2
}
ktap_check "CPE: two local conversions established and closed" \
	ha_wait 5 up_done
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
refused=$(up_counter up_refused)
nsx "$NS_HG" timeout 15 socat -u /dev/null TCP:$DST4:5999 2> "$tmp/ref.cli"
ktap_check "refused server: the application is refused ($(tail -c 80 "$tmp/ref.cli"))" \
	grep -q "Connection refused\|Connection reset" "$tmp/ref.cli"
ktap_check "refused server: counted on the CPE" \
	test "$(up_counter up_refused)" -gt "$refused"

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
nsx "$NS_SRV" timeout 120 socat -u TCP-LISTEN:5005,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5005
# both ways, so that the application reads and sees the reset
nsx "$NS_HG" bash -c "timeout 60 socat TCP:$DST4:5005 EXEC:'sleep 120'; \
	echo \$? > '$tmp/live.rc'" &
ha_wait 10 bash -c "'$BONDCTL' -n $NS_HG mcp show | grep -q 'active-now 1\$'"
ktap_check "rmmod with a live local conversion" rmmod mcp_proxy
ha_wait 10 test -s "$tmp/live.rc"
ktap_check "the application's connection ended" test -s "$tmp/live.rc"
bad=$(dmesg | tail -n +"$start_dmesg" | grep -E 'BUG|WARNING|refcount|unregister_netdevice|leak' | head -3)
ktap_check "kernel log clean ($bad)" test -z "$bad"

rm -rf "$tmp"
ktap_finish
