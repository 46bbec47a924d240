#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Upstream MCP in on-path mode (draft-boucadair-mptcp-plain-mode 7.2.2):
# the CPE carries a LAN host's plain TCP connection over MPTCP whose SYN
# goes to the server itself with MP_PREFER_PROXY (added by the CPE's
# module, no MP_CONVERT IE); the downstream MCP on the HAAP, in on-path
# mode, meets it on the way and converts it back. 64 MiB each way with
# sha256, the server sees plain TCP from the MCP, subflows on DSL and LTE
# (the HAAP signals its LTE address), one flow faster than DSL alone, a
# refused server resets the LAN client; without an on-path MCP on the way
# the option is ignored and the connection still works (the server, plain
# TCP, makes it fall back). rmmod with live connections is clean.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require
ha_require iperf3

tmp=$(mktemp -d)
start_dmesg=$(dmesg | wc -l)

ktap_header 17
if ! ha_topo_create dsl_rate=8mbit dsl_delay=10ms lte_rate=8mbit \
	lte_delay=20ms; then
	ktap_fail "setup"
	ktap_finish
fi
mcp_upstream_routes

dsl_bps=$(ha_iperf "$NS_CLI" "$NS_SRV" "$DST4" 6)
ktap_diag "DSL alone, plain TCP: $(ha_mbit "$dsl_bps") Mbit/s"

# The HAAP: on-path MCP; the HG: the upstream role in on-path mode, no
# MCP address. The HG's second subflow goes to the HAAP's signalled LTE
# address, or to the server's on LTE (an on-path join).
setup_ok=1
{
	mcp_upstream_setup onpath lan-dev lan0 &&
	bondctl -n "$NS_HG" mcp prefix add "$SUB4"
} || setup_ok=0
ktap_check "CPE in upstream on-path mode without an MCP address, LAN listener up" \
	bash -c "test $setup_ok = 1 && '$BONDCTL' -n $NS_HG mcp show > '$tmp/show' && grep -q '^mode upstream-onpath ' '$tmp/show' && grep -q '^upstream mcp-addr 0.0.0.0 lan-dev lan0 .* listening yes' '$tmp/show'"

# --- 64 MiB each way ----------------------------------------------------------
ha_link_shape dsl 40mbit 10ms
ha_link_shape lte 40mbit 20ms
mcp_bulk_prepare "$tmp"
lte0=$(mcp_tx_bytes "$NS_HG" lte0)
took=$(mcp_lan_upload 5001 "$tmp/up.got")
rc=$?
ktap_diag "upload ${MCP_BULK_MIB} MiB: $took"
ktap_check "upload ${MCP_BULK_MIB} MiB: socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/up.got" "$tmp/bulk.sha256"
ktap_check "server saw plain TCP from the on-path MCP's address $MCP4" \
	grep -q "accepting connection from AF=2 $MCP4:" "$tmp/up.got.log"
ktap_check "CPE added MP_PREFER_PROXY, the MCP converted on-path" \
	test "$(up_counter up_pp_added)" -ge 1 -a \
		"$(mcp_counter syn_prefer_proxy)" -ge 1
mcp_check_share "upload, subflow on LTE" "$NS_HG" lte0 "$lte0" $MCP_BULK_BYTES
for ns in "$NS_HG" "$NS_HAAP"; do
	ktap_diag "$ns: $(nsx "$ns" nstat -az | awk '/MPTcpExt/ && $2 > 0 { printf "%s=%s ", $1, $2 }')"
done

lte0=$(mcp_tx_bytes "$NS_HAAP" lte0)
took=$(mcp_lan_download 5002 "$tmp/down.got")
rc=$?
ktap_diag "download ${MCP_BULK_MIB} MiB: $took"
ktap_check "download ${MCP_BULK_MIB} MiB: socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/down.got" "$tmp/bulk.sha256"
mcp_check_share "download, subflow on LTE" "$NS_HAAP" lte0 "$lte0" $MCP_BULK_BYTES
ha_link_shape dsl 8mbit 10ms
ha_link_shape lte 8mbit 20ms
up_done() {
	test "$(up_counter up_closed)" -eq 2 -a \
		"$(up_counter up_established)" -eq 2
}
ktap_check "CPE: two upstream conversions established and closed" \
	ha_wait 5 up_done

# --- one flow over both links against DSL alone ------------------------------
bps=$(ha_iperf "$NS_CLI" "$NS_SRV" "$DST4" 8)
mcp_check_vs_dsl "one converted flow" "$bps" "$dsl_bps"

# --- a refused server: the LAN client gets a reset ---------------------------
refused=$(up_counter up_refused)
nsx "$NS_CLI" timeout 15 socat -u /dev/null TCP:$DST4:5999 2> "$tmp/ref.cli"
ktap_check "refused server: LAN client reset ($(tail -c 80 "$tmp/ref.cli"))" \
	grep -q "Connection refused\|Connection reset" "$tmp/ref.cli"
ktap_check "refused server: counted on the CPE" \
	test "$(up_counter up_refused)" -gt "$refused"

# --- no on-path MCP on the way: the option is ignored, nothing breaks --------
bondctl -n "$NS_HAAP" mcp set mode explicit
added=$(up_counter up_pp_added)
took=$(mcp_lan_upload 5003 "$tmp/plain.got")
rc=$?
ktap_check "without an on-path MCP: upload ${MCP_BULK_MIB} MiB, socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/plain.got" "$tmp/bulk.sha256"
ktap_check "... the server saw the CPE's own address $HG_DSL4" \
	grep -q "accepting connection from AF=2 $HG_DSL4:" "$tmp/plain.got.log"
ktap_check "... with MP_PREFER_PROXY in its SYN, not converted" \
	test "$(up_counter up_pp_added)" -gt "$added"
bondctl -n "$NS_HAAP" mcp set mode onpath

# --- rmmod with live connections ---------------------------------------------
nsx "$NS_SRV" timeout 120 socat -u TCP-LISTEN:5004,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5004
nsx "$NS_CLI" bash -c "timeout 60 socat TCP:$DST4:5004 EXEC:'sleep 120'; \
	echo \$? > '$tmp/live.rc'" &
ha_wait 10 bash -c "'$BONDCTL' -n $NS_HG mcp show | grep -q 'active-now 1\$'"
ktap_check "rmmod with live conversions on both ends" rmmod mcp_proxy
ha_wait 10 test -s "$tmp/live.rc"
ktap_check "the LAN client's connection ended" test -s "$tmp/live.rc"
bad=$(dmesg | tail -n +"$start_dmesg" | grep -E 'BUG|WARNING|refcount|unregister_netdevice|leak' | head -3)
ktap_check "kernel log clean ($bad)" test -z "$bad"

rm -rf "$tmp"
ktap_finish
