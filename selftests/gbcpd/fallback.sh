#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Idle Timeout (RFC 8157 5.2.8, spec digest A.15): the HAAP disappears
# (its daemon killed, its bond gone) and the HG has no bonding session;
# after the Idle Timeout (shortened by idle-timeout-ms) the HG routes its
# configured prefixes over raw DSL (via dsl-gateway), traffic flows there,
# and it keeps trying to set up; when the HAAP is back, bonding returns
# and the raw DSL routes go.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

IDLE_MS=2000

raw_route() {
	nsx "$NS_HG" ip route show 192.0.2.128/28 | grep -q "via $HAAP_DSL4 dev dsl0 .*metric 4096"
}

ktap_header 9
gd_bonded hg "reconnect-ms 500" hg "idle-timeout-ms $IDLE_MS" \
	hg "dsl-gateway $HAAP_DSL4"
# the BRAS's way back to the subscriber over raw DSL, below the bond's
nsx "$NS_HAAP" ip route add 192.0.2.0/28 via "$HG_DSL4" metric 4096

kill -9 "$GD_HAAP_PID"
wait "$GD_HAAP_PID" 2>/dev/null
GD_HAAP_PID=
nsx "$NS_HAAP" ip link del hab0
ktap_check "the HG finds both tunnels failed" \
	ha_wait 10 grep -q 'both tunnels failed' "$GD_HG_LOG"
t0=$(gd_log_time "$GD_HG_LOG" 'lte tunnel failed\|dsl tunnel failed')
ktap_check "after the Idle Timeout: routes over raw DSL" \
	ha_wait 15 raw_route
t1=$(gd_log_time "$GD_HG_LOG" 'traffic over raw DSL')
ktap_diag "tunnels failed at $t0, raw DSL at ${t1:-never} (Idle Timeout ${IDLE_MS} ms)"
ktap_check "not before the Idle Timeout" \
	awk -v a="$t0" -v b="${t1:-0}" -v l="$IDLE_MS" 'BEGIN { exit !(b - a >= l / 1000 - 0.3) }'
ktap_check "the session shows the fallback" \
	gd_is hg 's["raw_dsl_fallback"] and s["state"] != "up"'
ktap_check "client -> server over raw DSL" \
	nsx "$NS_CLI" ping -c 3 -i 0.2 -W 2 -q "$SRV4"
n0=$(grep -c 'LTE Setup Request to' "$GD_HG_LOG")
sleep 1.5
n1=$(grep -c 'LTE Setup Request to' "$GD_HG_LOG")
ktap_check "the HG keeps trying to set up ($n0 -> $n1 requests)" \
	test "$n1" -gt "$n0"

mv "$GD_HAAP_LOG" "$GD_HAAP_LOG.old"
gd_start_haap
ktap_check "the HAAP is back: bonding again" ha_wait 30 gd_up
back() {
	! raw_route && gd_is hg 'not s["raw_dsl_fallback"]'
}
ktap_check "the raw DSL routes are gone, the bond's are used" \
	ha_wait 5 back
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
