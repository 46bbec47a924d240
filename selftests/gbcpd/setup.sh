#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# From nothing to a bond: the HG daemon sets up LTE then DSL with the HAAP
# daemon, both create and configure hab0 (key, tunnels, CIR, addresses,
# routes), hellos measure an RTT per tunnel, client -> server traffic goes
# through the bond, and the HAAP's SIGTERM tears the session down.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

ktap_header 10
gd_bonded

ktap_check "both ends use the same key" test \
	"$(gb_stat "$NS_HG" key)" = "$(gb_stat "$NS_HAAP" key)" -a \
	"$(gb_stat "$NS_HG" key)" != 0
ktap_check "HG upstream CIR is the DSL Accept's upstream bandwidth" \
	test "$(gb_stat "$NS_HG" cir_kbps)" = 15000
ktap_check "HAAP downstream CIR is the configured downstream bandwidth" \
	test "$(gb_stat "$NS_HAAP" cir_kbps)" = 18000

ha_wait 10 gd_is hg 't["dsl"]["rtt_us"] and t["lte"]["rtt_us"]'
out=$("$BONDCTL" session show hab0 dir "$GD_HG_STATE")
echo "$out" | sed 's/^/# /'
ktap_check "session show: both tunnels up with an RTT" \
	gd_is hg 't["dsl"]["state"] == "up" and t["lte"]["state"] == "up" and t["dsl"]["rtt_us"] > 0 and t["lte"]["rtt_us"] > t["dsl"]["rtt_us"]'
ktap_check "session show text output names the tunnels" \
	bash -c "echo '$out' | grep -q 'tunnel id 0 name dsl' && echo '$out' | grep -q 'tunnel id 1 name lte'"

r=$(gb_transfer "$NS_CLI" "$NS_SRV" "$SRV4" 2)
ktap_diag "transfer: $r"
ktap_check "a TCP transfer client -> server through the bond" \
	test "${r%% *}" = ok
ktap_check "data went through the bond" \
	test "$(gb_stat "$NS_HG" tx_packets 0)" -gt 100 -a \
	     "$(nsx "$NS_HAAP" cat /sys/class/net/hab0/statistics/rx_packets)" -gt 100

kill "$GD_HAAP_PID"
wait "$GD_HAAP_PID"
GD_HAAP_PID=
ktap_check "SIGTERM: the HAAP tore down and removed its bond" \
	bash -c "grep -q 'session .* ended' $GD_HAAP_LOG && ! ip netns exec $NS_HAAP ip link show hab0 >/dev/null 2>&1"
ktap_check "the HG got the Tear Down (error code 10) and removed its bond" \
	ha_wait 5 bash -c "grep -q 'Tear Down by the HAAP: error code 10' $GD_HG_LOG && ! ip netns exec $NS_HG ip link show hab0 >/dev/null 2>&1"
gd_stop
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
