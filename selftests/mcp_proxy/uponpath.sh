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

mcp_test_start 17 mcp_up_topo

mcp_dsl_alone "$NS_CLI"

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
mcp_up_shape 40mbit
mcp_bulk_prepare "$tmp"
mcp_up_bulk upload 5001 "$tmp/up.got"
ktap_check "server saw plain TCP from the on-path MCP's address $MCP4" \
	grep -q "accepting connection from AF=2 $MCP4:" "$tmp/up.got.log"
ktap_check "CPE added MP_PREFER_PROXY, the MCP converted on-path" \
	test "$(up_counter up_pp_added)" -ge 1 -a \
		"$(mcp_counter syn_prefer_proxy)" -ge 1
mcp_check_share "upload, subflow on LTE" "$NS_HG" lte0 "$up_lte0" $MCP_BULK_BYTES
mcp_diag_mptcp "$NS_HG" "$NS_HAAP"

mcp_up_bulk download 5002 "$tmp/down.got"
mcp_check_share "download, subflow on LTE" "$NS_HAAP" lte0 "$up_lte0" $MCP_BULK_BYTES
mcp_up_shape 8mbit
ktap_check "CPE: two upstream conversions established and closed" \
	ha_wait 5 up_convs_done 2

# --- one flow over both links against DSL alone ------------------------------
bps=$(ha_iperf "$NS_CLI" "$NS_SRV" "$DST4" 8)
mcp_check_vs_dsl "one converted flow" "$bps" "$dsl_bps"

# --- a refused server: the LAN client gets a reset ---------------------------
mcp_up_check_refused "$NS_CLI" "LAN client reset"

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
mcp_up_rmmod_live "$NS_CLI" 5004 "live conversions on both ends" "the LAN client"
mcp_test_end
