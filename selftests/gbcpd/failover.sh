#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# LTE stops carrying packets while its devices stay up (100% loss: the HG's
# link watch sees nothing, linkfail.sh tests that path): the HG daemon
# declares the LTE tunnel failed after Hello Retry Times unanswered hellos
# (within retry x interval + one interval), tells the kernel (tunnel oper
# down, on both ends), traffic goes on over DSL; when the loss ends the
# hellos return and the tunnel is up again.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

ktap_header 8
gd_bonded
sleep 1

# the cut: the HG's end first; /proc/uptime is read without a fork
ha_shape "$NS_HG" lte0 20mbit 30ms 0ms 100%
read -r t0 _ < /proc/uptime
ha_shape "$NS_HAAP" lte0 20mbit 30ms 0ms 100%
ha_wait 10 grep -q 'lte tunnel failed (hellos unanswered)' "$GD_HG_LOG"
t1=$(gd_log_time "$GD_HG_LOG" 'lte tunnel failed')
# the daemon stamps CLOCK_MONOTONIC, /proc/uptime is CLOCK_BOOTTIME: the
# same in a guest that never suspends
limit=$(awk -v h="$GD_HELLO_MS" 'BEGIN { print (3 * h + h) / 1000 }')
ktap_diag "LTE cut at $t0, failure declared at ${t1:-never} (limit ${limit}s + 0.2s for the emulator)"
ktap_check "LTE failure detected within retry x interval + interval" \
	awk -v a="$t0" -v b="${t1:-1e9}" -v l="$limit" 'BEGIN { exit !(b - a <= l + 0.2) }'
ktap_check "the HG's kernel tunnel is oper down" \
	ha_wait 3 bash -c "$BONDCTL -n $NS_HG -j bond show hab0 | grep -q '\"oper\":\"down\"'"
ktap_check "the HAAP noticed too (its LTE tunnel down)" \
	ha_wait 5 gd_is haap 't["lte"]["state"] == "down"'

r=$(gb_transfer "$NS_CLI" "$NS_SRV" "$SRV4" 1)
ktap_diag "transfer over DSL alone: $r"
ktap_check "traffic continues over DSL" test "${r%% *}" = ok
ktap_check "the session is still up on DSL" \
	gd_is hg 's["state"] == "up" and t["dsl"]["state"] == "up"'

ha_link_shape lte 20mbit 30ms
ktap_check "LTE comes back when its hellos return" \
	ha_wait 10 gd_is hg 't["lte"]["state"] == "up"'
ktap_check "the kernel tunnels are oper up again" \
	ha_wait 5 bash -c "! $BONDCTL -n $NS_HG -j bond show hab0 | grep -q '\"oper\":\"down\"'"
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
