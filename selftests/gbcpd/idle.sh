#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Active/Idle hello states (RFC 8157 5.2.14, 5.2.15, 5.6.13, 5.6.14): with
# no traffic on the bond for No Traffic Monitored Interval (30 s, the
# least the RFC allows) the HG asks to go Idle (Notify 34), both ends
# switch on the echo and the HG's hellos slow down to the Idle Hello
# Interval; traffic brings both back to Active (Notify 33) and the RTTs
# are measured again.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

both_active() {
	gd_is hg 's["hello_state"] == "active"' &&
	gd_is haap 's["hello_state"] == "active"'
}

ktap_header 6
gd_bonded haap "no-traffic-interval 30" haap "idle-hello-interval 100"

ktap_check "without traffic the HG goes Idle" \
	ha_wait 50 gd_is hg 's["hello_state"] == "idle"'
ktap_check "the HAAP switched too" \
	ha_wait 5 gd_is haap 's["hello_state"] == "idle"'
n0=$(gd_session hg 't["lte"]["hello_tx"]')
sleep 2
n1=$(gd_session hg 't["lte"]["hello_tx"]')
ktap_diag "LTE hellos sent in 2 s of Idle: $((n1 - n0))"
ktap_check "Idle: no hellos at the Active rate" test $((n1 - n0)) -le 1

nsx "$NS_CLI" ping -c 3 -i 0.2 -W 1 -q "$SRV4" >/dev/null
ktap_check "traffic brings both back to Active" ha_wait 10 both_active
n0=$(gd_session hg 't["lte"]["hello_rx"]')
sleep 2
n1=$(gd_session hg 't["lte"]["hello_rx"]')
ktap_diag "LTE hello answers in 2 s of Active: $((n1 - n0))"
ktap_check "Active: hellos and RTTs at the Active rate again" \
	test $((n1 - n0)) -ge 5
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
