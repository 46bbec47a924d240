#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Upstream MCP on the CPE (draft-boucadair-mptcp-plain-mode 7.2.2) and
# transparent mode (draft-peirens-mptcp-transparent). A plain TCP client on
# the LAN talks to a plain TCP server; the HG (CPE) intercepts its SYN and
# carries the connection over MPTCP, DSL and LTE, to the downstream MCP on
# the HAAP, which converts it back. 64 MiB each way with sha256, the
# server sees plain TCP from the MCP's address (explicit) or from the LAN
# host's own (transparent), subflows on both access links, one flow faster
# than DSL alone, a refused server resets the LAN client, the conversion
# dump of both ends (upstream and downstream role), rmmod with live
# connections.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require
ha_require iperf3

mcp_test_start 26 mcp_up_topo

# --- DSL alone: plain TCP, routed, before the CPE converts anything --------
mcp_dsl_alone "$NS_CLI"

# --- the downstream MCP (HAAP) and the upstream MCP (HG) --------------------
setup_ok=1
{
	mcp_upstream_setup lan-dev lan0 &&
	bondctl -n "$NS_HG" mcp prefix add "$SUB4"
} || setup_ok=0
ktap_check "CPE in upstream mode, LAN listener up" \
	bash -c "test $setup_ok = 1 && '$BONDCTL' -n $NS_HG mcp show | grep -q 'upstream mcp-addr $MCP4 lan-dev lan0 .* listening yes'"
out=$(bondctl -n "$NS_HG" mcp set mode upstream-transparent mcp-addr 0.0.0.0 2>&1)
ktap_check "upstream without an MCP address refused ($out)" \
	bash -c "echo '$out' | grep -q '^Error: .*downstream MCP'"

# --- 64 MiB each way ----------------------------------------------------------
# Both links at 40 Mbit/s for the bulk transfers; the rate comparison below
# goes back to 8.
mcp_up_shape 40mbit
mcp_bulk_prepare "$tmp"
mcp_up_bulk upload 5001 "$tmp/up.got"
ktap_check "server saw plain TCP from the MCP's address $MCP4" \
	grep -q "accepting connection from AF=2 $MCP4:" "$tmp/up.got.log"
mcp_check_share "upload, subflow on LTE" "$NS_HG" lte0 "$up_lte0" $MCP_BULK_BYTES
joins=$(nsx "$NS_HAAP" nstat -az MPTcpExtMPJoinAckRx | awk '/MPJoinAckRx/ { print $2 }')
ktap_diag "MCP: MP_JOIN subflows completed: ${joins:-?}"
mcp_diag_mptcp "$NS_HG" "$NS_HAAP"

mcp_up_bulk download 5002 "$tmp/down.got"
mcp_check_share "download, subflow on LTE" "$NS_HAAP" lte0 "$up_lte0" $MCP_BULK_BYTES
mcp_up_shape 8mbit
ktap_check "CPE: two upstream conversions established and closed" \
	ha_wait 5 up_convs_done 2
ktap_check "MCP: two conversions established" \
	test "$(mcp_counter conv_established)" -eq 2

# --- one flow over both links against DSL alone ------------------------------
bps=$(ha_iperf "$NS_CLI" "$NS_SRV" "$DST4" 8)
mcp_check_vs_dsl "one converted flow" "$bps" "$dsl_bps"

# --- a refused server: the LAN client gets a reset ---------------------------
mcp_up_check_refused "$NS_CLI" "LAN client reset"

# --- transparent mode: the server sees the LAN host --------------------------
# The MCP refuses documentation addresses in IEs, source ones too: the LAN
# host gets a second address outside the special-purpose blocks.
LAN2=10.30.0.2
nsx "$NS_CLI" ip addr add "$LAN2/24" dev eth0
nsx "$NS_HG" ip addr add 10.30.0.1/24 dev lan0
bondctl -n "$NS_HG" mcp prefix add 10.30.0.0/24
bondctl -n "$NS_HAAP" mcp prefix add 10.30.0.0/24
bondctl -n "$NS_HG" mcp set mode upstream-transparent
mcp_up_shape 40mbit
mcp_lan_upload 5003 "$tmp/tr.got" "bind=$LAN2" > /dev/null
rc=$?
ktap_check "transparent: upload ${MCP_BULK_MIB} MiB, socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/tr.got" "$tmp/bulk.sha256"
ktap_check "transparent: server saw the LAN host's address $LAN2" \
	grep -q "accepting connection from AF=2 $LAN2:" "$tmp/tr.got.log"
mcp_lan_download 5006 "$tmp/trd.got" "bind=$LAN2" > /dev/null
rc=$?
ktap_check "transparent: download ${MCP_BULK_MIB} MiB, socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/trd.got" "$tmp/bulk.sha256"
mcp_up_shape 8mbit
ktap_check "transparent: the MCP honoured the source IE" \
	test "$(mcp_counter source_bound)" -ge 1

# back to explicit addressing: 192.0.2.2 would be refused as a source IE
bondctl -n "$NS_HG" mcp set mode upstream

# --- the multipath host's capability cache (mcpconnect -C) -------------------
# An address that does not convert (the HAAP's DSL address): the first
# attempt fails and marks it, the next goes to the server directly.
nsx "$NS_CLI" sysctl -qw net.ipv4.tcp_fastopen=5
nsx "$NS_SRV" timeout 60 socat -u TCP-LISTEN:5005,bind=$DST4,reuseaddr CREATE:"$tmp/cache.out" &
ha_wait_listen "$NS_SRV" 5005
echo hello | mcp_connect -C "$tmp/cache" -t 5 "$HAAP_DSL4" 5005 "$DST4" 5005 \
	> /dev/null 2>&1
rc=$?
ktap_check "cache: failed conversion (exit $rc) marks the MCP direct" \
	bash -c "test $rc -eq 2 && grep -q '^$HAAP_DSL4 direct ' '$tmp/cache'"
echo hello | mcp_connect -C "$tmp/cache" -t 5 "$HAAP_DSL4" 5005 "$DST4" 5005 \
	> /dev/null 2> "$tmp/cache.cli"
rc=$?
wait
ktap_check "cache: next attempt direct to the server (exit $rc)" \
	bash -c "test $rc -eq 0 && grep -q 'direct to $DST4' '$tmp/cache.cli' && test \"\$(cat '$tmp/cache.out')\" = hello"

# --- the dump, and rmmod with live connections -------------------------------
# A few bytes each way, then both ends stay open
nsx "$NS_SRV" timeout 120 socat TCP-LISTEN:5004,bind=$DST4,reuseaddr \
	SYSTEM:'echo from-server; cat > /dev/null' &
ha_wait_listen "$NS_SRV" 5004
# both ways, so that the client reads and sees the reset
nsx "$NS_CLI" bash -c "timeout 60 socat TCP:$DST4:5004 SYSTEM:'echo from-client; sleep 120'; \
	echo \$? > '$tmp/live.rc'" &
ha_wait 10 bash -c "'$BONDCTL' -n $NS_HG mcp show | grep -q 'active-now 1\$'"

# "upstream relaying LAN -> SERVER | LOCAL -> MCP to-server N to-client N ..."
up_conv_live() {
	bondctl -n "$NS_HG" mcp conversions > "$tmp/conv.hg"
	awk -v c="$CLI4:" -v s="$DST4:5004" -v m="$MCP4:5004" '
		$1 == "upstream" && $2 == "relaying" && index($3, c) == 1 &&
		$5 == s && $7 !~ /^0\.0\.0\.0:/ && $7 !~ /:0$/ && $9 == m &&
		$11 > 0 && $13 > 0 { found = 1 }
		END { exit !found }' "$tmp/conv.hg"
}
ha_wait 10 up_conv_live
ktap_check "dump on the CPE: upstream conversion, both legs, bytes each way ($(grep -m1 "$DST4:5004" "$tmp/conv.hg"))" \
	up_conv_live
ktap_check "dump on the CPE, JSON: role upstream" \
	bash -c "'$BONDCTL' -n $NS_HG -j mcp conversions | grep -q '\"role\":\"upstream\"[^}]*\"server\":\"$DST4:5004\"'"
ktap_check "dump on the MCP: the same connection, role downstream" \
	bash -c "'$BONDCTL' -n $NS_HAAP -j mcp conversions | grep -q '\"role\":\"downstream\"[^}]*\"server\":\"$DST4:5004\"'"
# The CPE's MPTCP socket: its token (the client's side) and its subflows,
# the first included; the LTE join is the path manager's, asynchronous,
# so two subflows are waited for but only one is required.
conv_json() {	# <ns> <role>: that role's JSON entry for the live connection
	"$BONDCTL" -n "$1" -j mcp conversions |
		grep -o "{\"role\":\"$2\"[^}]*\"server\":\"$DST4:5004\"[^}]*}"
}
conv_field() {	# <ns> <role> <field>: a numeric field of that entry
	conv_json "$1" "$2" | sed -n "s/.*\"$3\":\([0-9]*\).*/\1/p"
}
up_two_subflows() {
	test "$(conv_field "$NS_HG" upstream subflows)" -ge 2 2>/dev/null
}
ha_wait 5 up_two_subflows
up_token=$(conv_field "$NS_HG" upstream client_token)
up_subflows=$(conv_field "$NS_HG" upstream subflows)
ktap_check "dump on the CPE: client-token ${up_token:-none} non-zero, subflows ${up_subflows:-none} >= 1" \
	bash -c "test '${up_token:-0}' -ne 0 && test '${up_subflows:-0}' -ge 1"
dn_token=$(conv_field "$NS_HAAP" downstream client_token)
ktap_check "dump on the MCP: client-token ${dn_token:-none} is the CPE's socket's" \
	test "${dn_token:-0}" = "${up_token:-none}"
ktap_check "rmmod with live conversions on both ends" rmmod mcp_proxy
ha_wait 10 test -s "$tmp/live.rc"
ktap_check "the LAN client's connection ended" test -s "$tmp/live.rc"
mcp_test_end
