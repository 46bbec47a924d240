#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An access line fails in the middle of a transfer: the transfer completes
# and arrives intact (sha256). First LTE is cut (DSL only, RFC 8157 4.7), then
# DSL (everything overflows to LTE); each line comes back afterwards.
source "$(dirname "$0")/gb_lib.sh"
gb_require

ktap_header 6
ha_topo_create dsl_rate=20mbit dsl_delay=10ms lte_rate=20mbit lte_delay=30ms ||
	{ ktap_fail "topology"; ktap_finish; }
gb_setup cir 10000 || { ktap_fail "bonds created"; ktap_finish; }
ktap_ok "bonds created"

# cut LINK 1.5 s into a 12 MB transfer, restore it when the transfer is done
transfer_with_cut() {
	local link=$1 from=$2 to=$3 addr=$4 res
	(sleep 1.5; ha_link_set "$link" down) &
	local cutter=$!
	res=$(gb_transfer "$from" "$to" "$addr" 12)
	wait $cutter
	ha_link_set "$link" up
	echo "$res"
}

res=$(transfer_with_cut lte "$NS_CLI" "$NS_SRV" "$SRV4")
ktap_check "LTE cut during an upstream transfer: completes intact ($res)" \
	test "${res%% *}" = ok
ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_LTE4"
res=$(transfer_with_cut lte "$NS_SRV" "$NS_CLI" "$CLI6")
ktap_check "LTE cut during a downstream IPv6 transfer: completes intact ($res)" \
	test "${res%% *}" = ok
ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_LTE4"
res=$(transfer_with_cut dsl "$NS_CLI" "$NS_SRV" "$SRV4")
ktap_check "DSL cut during an upstream transfer: completes intact ($res)" \
	test "${res%% *}" = ok
ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_DSL4"
# both lines back: the bond carries traffic on both again
bondctl -n "$NS_HG" bond stats-reset hab0
ha_iperf "$NS_CLI" "$NS_SRV" "$SRV4" 3 >/dev/null
ktap_check "after recovery both tunnels carry traffic" \
	test "$(gb_stat "$NS_HG" tx_packets 0)" -gt 0 -a \
	     "$(gb_stat "$NS_HG" tx_packets 1)" -gt 0
# administratively disabling LTE (what the control plane does on an RTT
# violation) sends everything to DSL
bondctl -n "$NS_HG" tunnel set hab0 id 1 admin disabled
bondctl -n "$NS_HG" bond stats-reset hab0
ha_iperf "$NS_CLI" "$NS_SRV" "$SRV4" 3 >/dev/null
ktap_check "LTE disabled: nothing sent on it, DSL carries the flow" \
	test "$(gb_stat "$NS_HG" tx_packets 1)" = 0 -a \
	     "$(gb_stat "$NS_HG" tx_packets 0)" -gt 100
ktap_finish
