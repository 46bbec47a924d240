#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Dual-stack upstream MCP, a small check of each family combination: the
# HG (CPE) as the upstream MCP with an IPv4 and/or an IPv6 address of the
# downstream MCP (the HAAP, explicit or on-path mode on both families).
# A plain TCP client on the LAN, IPv6 or IPv4, sends a short file to a
# plain server; the HG's conversion dump, taken while a connection is
# open, tells which family each leg has. Then transparent mode, upstream
# on-path, up-local and a refused server, for IPv6 LAN connections.
# upstream.sh, uplocal.sh and uponpath.sh cover IPv4 in depth.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require

tmp=$(mktemp -d)
start_dmesg=$(dmesg | wc -l)
MCP6=$HAAP_WAN6

# peer6 ADDR LOG: socat's log names the IPv6 peer ADDR (socat writes every
# group of an IPv6 address in full, "[2001:0db8:...]")
peer6() {
	local full
	full=$(python3 -c "import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]).exploded)" "$1")
	grep -qi "accepting connection from AF=10 \[\($1\|$full\)\]:" "$2"
}

# peer LOG: the peer socat's log names, for the diagnostics
peer() {
	sed -n 's/.*accepting connection from \(AF=[0-9]* [^ ]*\).*/\1/p' "$1" | head -1
}

ktap_header 22
if ! ha_topo_create; then
	ktap_fail "setup"
	ktap_finish
fi
ha_wait_dad "$NS_CLI"
ha_wait_dad "$NS_HG"
mcp_upstream_routes
nsx "$NS_SRV" ip addr add "$DST6/64" dev eth0 nodad
nsx "$NS_HAAP" ip -6 route add fd20::/64 dev wan0
nsx "$NS_HG" ip -6 route add fd20::/64 via "$HAAP_DSL6" dev dsl0
head -c 200000 /dev/urandom > "$tmp/file"
sha256sum < "$tmp/file" > "$tmp/file.sha256"

setup_ok=1
{
	mcp_upstream_setup lan-dev lan0 mcp-addr "$MCP6" &&
	bondctl -n "$NS_HAAP" mcp set addr "$MCP6" &&
	bondctl -n "$NS_HAAP" mcp prefix add 2001:db8:d51::/64 &&
	bondctl -n "$NS_HAAP" mcp prefix add 2001:db8:17e::/64 &&
	bondctl -n "$NS_HAAP" mcp prefix add 2001:db8:1::/64 &&
	bondctl -n "$NS_HG" mcp prefix add "$SUB4" &&
	bondctl -n "$NS_HG" mcp prefix add 2001:db8:1::/64
} || setup_ok=0
bondctl -n "$NS_HG" mcp show > "$tmp/show"
ktap_check "CPE: both MCP addresses, IPv4 line unchanged" \
	bash -c "test $setup_ok = 1 && grep -q 'upstream mcp-addr $MCP4 lan-dev lan0 .* listening yes' '$tmp/show' && grep -qx 'upstream mcp-addr6 $MCP6' '$tmp/show'"
ktap_check "CPE: JSON mcp_addr6" \
	bash -c "'$BONDCTL' -n $NS_HG -j mcp show | grep -q '\"mcp_addr6\":\"$MCP6\"'"
bondctl -n "$NS_HG" mcp set mcp-addr ff02::1 > "$tmp/mc" 2>&1
ktap_check "multicast IPv6 MCP address refused ($(cat "$tmp/mc"))" \
	grep -q '^Error: .*IPv6 address' "$tmp/mc"
bondctl -n "$NS_HG" mcp set mcp-addr ::1 > "$tmp/lo" 2>&1
ktap_check "loopback IPv6 MCP address refused ($(cat "$tmp/lo"))" \
	grep -q '^Error: .*IPv6 address' "$tmp/lo"
ktap_check "CPE: IPv6 LAN listener on ::1" \
	bash -c "ip netns exec $NS_HG ss -H -tln 'sport = :4398' | grep -q '\[::1\]:4398'"

# send FAMILY PORT TAG: the client sends the file to the server's address
# of FAMILY; the server logs its peer to TAG.log, hashes into TAG
send() {
	local dst=$DST4 l=TCP-LISTEN c=TCP
	if [ "$1" = 6 ]; then
		dst="[$DST6]" l=TCP6-LISTEN c=TCP6
	fi
	nsx "$NS_SRV" bash -c "timeout 30 socat -d -d -u $l:$2,reuseaddr STDOUT \
		2> '$tmp/$3.log' | sha256sum > '$tmp/$3'" &
	ha_wait_listen "$NS_SRV" "$2"
	nsx "$NS_CLI" timeout 20 socat -u OPEN:"$tmp/file" $c:$dst:$2
	mcp_transfer_ok $? "$tmp/$3" "$tmp/file.sha256"
}

# live FAMILY PORT: a connection from the LAN host that stays open
live() {
	local dst=$DST4 l=TCP-LISTEN c=TCP
	if [ "$1" = 6 ]; then
		dst="[$DST6]" l=TCP6-LISTEN c=TCP6
	fi
	nsx "$NS_SRV" timeout 30 socat -u $l:$2,reuseaddr STDOUT > /dev/null &
	ha_wait_listen "$NS_SRV" "$2"
	nsx "$NS_CLI" timeout 20 bash -c "(echo hi; sleep 6) | socat -u - $c:$dst:$2" &
}

# conv PATTERN...: the CPE's dump has a relaying line matching each
conv() {
	bondctl -n "$NS_HG" mcp conversions > "$tmp/conv"
	local p
	for p in "$@"; do
		grep "relaying" "$tmp/conv" | grep -qF -- "$p" || return 1
	done
}

# --- LAN IPv6, MCP IPv6 ---------------------------------------------------
ktap_check "LAN v6 + MCP v6: transfer, sha256" send 6 5001 v6v6
ktap_check "LAN v6 + MCP v6: server sees the MCP's IPv6 address ($(peer "$tmp/v6v6.log"))" \
	peer6 "$MCP6" "$tmp/v6v6.log"
live 6 5002
ha_wait 10 conv "[$CLI6]:" "[$DST6]:5002" "-> [$MCP6]:5002"
ktap_check "LAN v6 + MCP v6: dump ($(grep -F "$DST6" "$tmp/conv"))" \
	conv "[$CLI6]:" "[$DST6]:5002" "-> [$MCP6]:5002"
wait

# --- LAN IPv4, MCP IPv4 still preferred for IPv4 ----------------------------
live 4 5003
ha_wait 10 conv "$CLI4:" "$DST4:5003" "-> $MCP4:5003"
ktap_check "LAN v4 + both: the IPv4 MCP ($(grep -F "$DST4" "$tmp/conv"))" \
	conv "$CLI4:" "$DST4:5003" "-> $MCP4:5003"
wait

# --- LAN IPv6 over an IPv4 MCP leg -----------------------------------------
bondctl -n "$NS_HG" mcp set mcp-addr ::
ktap_check "LAN v6 + MCP v4: transfer, sha256" send 6 5004 v6v4
live 6 5005
ha_wait 10 conv "[$CLI6]:" "[$DST6]:5005" "-> $MCP4:5005"
ktap_check "LAN v6 + MCP v4: dump ($(grep -F "$DST6" "$tmp/conv"))" \
	conv "[$CLI6]:" "[$DST6]:5005" "-> $MCP4:5005"
wait

# --- LAN IPv4 over an IPv6 MCP leg -----------------------------------------
bondctl -n "$NS_HG" mcp set mcp-addr "$MCP6" mcp-addr 0.0.0.0
ktap_check "LAN v4 + MCP v6: transfer, sha256" send 4 5006 v4v6
live 4 5007
ha_wait 10 conv "$CLI4:" "$DST4:5007" "-> [$MCP6]:5007"
ktap_check "LAN v4 + MCP v6: dump ($(grep -F "$DST4" "$tmp/conv"))" \
	conv "$CLI4:" "$DST4:5007" "-> [$MCP6]:5007"
wait

# --- transparent, IPv6 -------------------------------------------------------
bondctl -n "$NS_HG" mcp set mode upstream-transparent
ktap_check "transparent v6: transfer, sha256" send 6 5008 tr6
ktap_check "transparent v6: server sees the LAN host $CLI6 ($(peer "$tmp/tr6.log"))" \
	peer6 "$CLI6" "$tmp/tr6.log"

# --- refused, IPv6 -----------------------------------------------------------
bondctl -n "$NS_HG" mcp set mode upstream
before=$(bondctl -n "$NS_HG" -ss mcp show | awk '$1 == "up_refused" { print $2 }')
nsx "$NS_CLI" timeout 10 socat -u /dev/null "TCP6:[$DST6]:5999" 2> "$tmp/refused"
after=$(bondctl -n "$NS_HG" -ss mcp show | awk '$1 == "up_refused" { print $2 }')
ktap_check "refused v6: LAN client reset, up_refused ${before:-0} -> ${after:-0}" \
	bash -c "grep -q 'Connection refused' '$tmp/refused' && test '${after:-0}' -gt '${before:-0}'"

# --- up-local, IPv6 ----------------------------------------------------------
bondctl -n "$NS_HG" mcp set up-local on
nsx "$NS_SRV" bash -c "timeout 30 socat -d -d -u TCP6-LISTEN:5009,reuseaddr STDOUT \
	2> '$tmp/loc6.log' | sha256sum > '$tmp/loc6'" &
ha_wait_listen "$NS_SRV" 5009
nsx "$NS_HG" timeout 20 socat -u OPEN:"$tmp/file" "TCP6:[$DST6]:5009"
ktap_check "up-local v6: transfer, sha256" \
	mcp_transfer_ok $? "$tmp/loc6" "$tmp/file.sha256"
ktap_check "up-local v6: server sees the MCP's IPv6 address ($(peer "$tmp/loc6.log"))" \
	peer6 "$MCP6" "$tmp/loc6.log"
bondctl -n "$NS_HG" mcp set up-local off

# --- upstream on-path, IPv6 ----------------------------------------------------
bondctl -n "$NS_HAAP" mcp set mode onpath
bondctl -n "$NS_HG" mcp set mode upstream-onpath
ktap_check "on-path v6: transfer, sha256" send 6 5010 op6
pp=$(bondctl -n "$NS_HG" -ss mcp show | awk '$1 == "up_pp_added" { print $2 }')
ktap_check "on-path v6: MP_PREFER_PROXY added (up_pp_added ${pp:-0})" \
	test "${pp:-0}" -ge 1
ktap_check "on-path v6: the MCP converted it" \
	bash -c "'$BONDCTL' -n $NS_HAAP -ss mcp show | awk '\$1 == \"syn_prefer_proxy\" && \$2 > 0 { f = 1 } END { exit !f }'"

ktap_diag "HG: $(bondctl -n "$NS_HG" -ss mcp show | awk '($1 ~ /^up_/ || $1 == "syn_retransmit" || $1 == "no_listener") && $2 > 0 { printf "%s=%s ", $1, $2 }')"
ktap_check "clean kernel log" \
	bash -c "! dmesg | tail -n +$((start_dmesg + 1)) | grep -qE 'BUG|WARNING|Oops|refcount_t'"
ktap_finish
