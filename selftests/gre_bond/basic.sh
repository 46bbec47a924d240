#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ping and TCP through the bond, client to server, with IPv4 and IPv6 inside
# and IPv4 and IPv6 outer tunnels; the sequence counter starts at 0 and both
# tunnels carry traffic once the CIR is below what a flow sends.
source "$(dirname "$0")/gb_lib.sh"
gb_require

ktap_header 14
ha_topo_create dsl_rate=20mbit dsl_delay=5ms lte_rate=20mbit lte_delay=5ms ||
	{ ktap_fail "topology"; ktap_finish; }

for outer in 4 6; do
	if ! gb_setup outer=$outer; then
		ktap_fail "outer IPv$outer: bonds created"
		continue
	fi
	ktap_ok "outer IPv$outer: bonds created"
	ktap_check "outer IPv$outer: first packet carries sequence number 0" \
		test "$(gb_stat "$NS_HG" tx_seq_next)" -ge 1
	ktap_check "outer IPv$outer: ping IPv4 client -> server" \
		nsx "$NS_CLI" ping -c3 -i0.2 -W2 -q "$SRV4"
	ktap_check "outer IPv$outer: ping IPv6 client -> server" \
		nsx "$NS_CLI" ping -6 -c3 -i0.2 -W2 -q "$SRV6"
	res=$(gb_transfer "$NS_CLI" "$NS_SRV" "$SRV4" 2)
	ktap_check "outer IPv$outer: TCP over IPv4, 2 MB, sha256 ($res)" \
		test "${res%% *}" = ok
	res=$(gb_transfer "$NS_SRV" "$NS_CLI" "$CLI6" 2)
	ktap_check "outer IPv$outer: TCP over IPv6 downstream, 2 MB, sha256 ($res)" \
		test "${res%% *}" = ok
	rx=$(gb_stat "$NS_HAAP" rx_packets 0)
	ktap_check "outer IPv$outer: HAAP received on the dsl tunnel ($rx packets)" \
		test "${rx:-0}" -gt 0
	gb_teardown
done
ktap_finish
