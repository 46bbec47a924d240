#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Notifies and Tear Down (RFC 8157 5.4.2, 5.5, 5.6): the HAAP's hellos
# carry the IPv6 prefix it assigned (13), the HG puts its first /64 on its
# LAN and announces it (21), the HAAP routes it through the bond; a
# diagnostic started (26) and ended (29) on the HG is logged and shown by
# the HAAP; every Notify is echoed once as its ACK and the echo is not
# echoed back; the HG's SIGTERM tears down with its error code, which the
# HAAP logs.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

notifies() {
	grep -c 'notify(6)' "$1"
}

ktap_header 13
gd_bonded hg "prefix-dev lan0" hg "teardown-code 6" \
	client "ipv6-prefix 2001:db8:100::/56"

# --- IPv6 prefixes
ktap_check "the HG took the prefix from the HAAP's hellos (13)" \
	ha_wait 5 gd_is hg 's["ipv6_prefix"] == "2001:db8:100::/56"'
ktap_check "its first /64 is on the LAN" \
	ha_wait 5 bash -c "ip netns exec $NS_HG ip -6 addr show dev lan0 | grep -q '2001:db8:100::1/64'"
ktap_check "the HAAP got the host prefix (21) and shows it" \
	ha_wait 5 gd_is haap 's["host_prefix"] == "2001:db8:100::/64"'
ktap_check "the HAAP routes it through the bond" \
	bash -c "ip netns exec $NS_HAAP ip -6 route show 2001:db8:100::/64 | grep -q 'dev hab0'"
ktap_check "the HG saw the echo of 21" \
	ha_wait 5 grep -q 'IPv6 Prefix Assigned to Host acknowledged' "$GD_HG_LOG"

# --- diagnostics
kill -USR1 "$GD_HG_PID"
ktap_check "SIGUSR1: the HAAP logs Diagnostic Start: bonding tunnel" \
	ha_wait 5 grep -q 'HG: Diagnostic Start: bonding tunnel' "$GD_HAAP_LOG"
diag_shown() {
	grep -q 'diagnostic start acknowledged' "$GD_HG_LOG" &&
	gd_is haap 's["diagnostic"] == "bonding"'
}
ktap_check "the HAAP's session shows it, the HG got the echo" \
	ha_wait 5 diag_shown
kill -USR2 "$GD_HG_PID"
diag_ended() {
	grep -q 'HG: Diagnostic End (bonding tunnel)' "$GD_HAAP_LOG" &&
	gd_is haap 's["diagnostic"] == ""'
}
ktap_check "SIGUSR2: Diagnostic End, the HAAP's session shows none" \
	ha_wait 5 diag_ended
ha_wait 5 grep -q 'diagnostic end acknowledged' "$GD_HG_LOG"

# --- one echo per Notify, no ping-pong
n0=$(notifies "$GD_HAAP_LOG")
sleep 1
n1=$(notifies "$GD_HAAP_LOG")
ktap_diag "Notify lines in the HAAP log: $n0, 1 s later $n1"
ktap_check "no Notify bounces between the ends" test "$n0" = "$n1"
sent=$(grep -c 'send on dsl: notify(6)' "$GD_HG_LOG")
echoed=$(grep -c 'send on dsl: notify(6)' "$GD_HAAP_LOG")
ktap_diag "Notifies sent by the HG: $sent, echoes sent by the HAAP: $echoed"
ktap_check "each Notify the HG sent (21, 26, 29) was echoed exactly once" \
	test "$sent" -ge 3 -a "$sent" = "$echoed"

# --- Tear Down with an error code, HG -> HAAP
kill "$GD_HG_PID"
wait "$GD_HG_PID"
GD_HG_PID=
ktap_check "the HG's Tear Down carries its error code (6), the HAAP logs it" \
	ha_wait 5 grep -q 'Tear Down from the HG: error code 6' "$GD_HAAP_LOG"
ktap_check "the HAAP ended the session and removed its bond" \
	ha_wait 5 bash -c "! ip netns exec $NS_HAAP ip link show hab0 >/dev/null 2>&1"
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
