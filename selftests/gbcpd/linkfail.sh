#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DSL/LTE Link Failure (RFC 8157 5.6.5, 5.6.6): the HG watches its underlay
# devices; when one goes down it fails that tunnel at once and tells the
# HAAP over the other tunnel (Notify 19 for LTE over DSL, 18 for DSL over
# LTE); the HAAP stops using the tunnel in the kernel right away (T_OPER
# down, long before its hellos would tell) and echoes. LTE back: the HG
# re-establishes it with an LTE Setup Request naming its Session ID, the
# HAAP revives the same session (5.1.2, A.9 step 7).
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

# oper NS TUNNEL_ID: the kernel's oper state of that tunnel of hab0
oper() {
	"$BONDCTL" -n "$1" -j bond show hab0 | python3 -c '
import json, sys
def walk(x):
    if isinstance(x, dict):
        if x.get("id") == int(sys.argv[1]) and "oper" in x:
            print(x["oper"])
            sys.exit(0)
        x = list(x.values())
    if isinstance(x, list):
        for y in x:
            walk(y)
walk(json.load(sys.stdin))
' "$2"
}

oper_is() {
	[ "$(oper "$1" "$2")" = "$3" ]
}

ktap_header 14
gd_bonded
id0=$(gd_session hg 's["session_id"]')
sleep 1

# --- LTE: only the HG's end goes down (the HAAP's veth loses its carrier)
read -r t0 _ < /proc/uptime
nsx "$NS_HG" ip link set lte0 down
ktap_check "the HG reports the LTE link failure over DSL" \
	ha_wait 5 grep -q 'reporting lte-link-failure over dsl' "$GD_HG_LOG"
ktap_check "the HAAP fails its LTE tunnel on the Notify" \
	ha_wait 5 grep -q 'lte tunnel failed (HG: LTE Link Failure)' "$GD_HAAP_LOG"
t1=$(gd_log_time "$GD_HAAP_LOG" 'lte tunnel failed (HG: LTE Link Failure)')
limit=$(awk -v h="$GD_HELLO_MS" 'BEGIN { print 3 * h / 1000 }')
th=$(gd_log_time "$GD_HG_LOG" 'lte link down')
ktap_diag "LTE down at $t0, seen by the HG at ${th:-never}, the HAAP's tunnel failed at ${t1:-never} (hellos would take over ${limit}s)"
ktap_check "at once: faster than Hello Retry Times periods" \
	awk -v a="$t0" -v b="${t1:-1e9}" -v l="$limit" 'BEGIN { exit !(b - a < l) }'
ktap_check "the HAAP's kernel LTE tunnel is oper down" \
	oper_is "$NS_HAAP" 1 down
ktap_check "the HAAP echoed: the HG saw the acknowledgement" \
	ha_wait 5 grep -q 'link failure report acknowledged' "$GD_HG_LOG"
ktap_check "traffic goes on over DSL" \
	nsx "$NS_CLI" ping -c 3 -i 0.2 -W 2 -q "$SRV4"

# --- LTE back: revived with the Session ID
nsx "$NS_HG" ip link set lte0 up
ktap_check "the HG asks for LTE again naming its session" \
	ha_wait 10 grep -q 'send on lte: setup-request(1).*session-id=' "$GD_HG_LOG"
ktap_check "the HAAP revived the same session" \
	ha_wait 10 grep -q "LTE tunnel of session $id0 revived" "$GD_HAAP_LOG"
lte_revived() {
	grep -q "LTE tunnel of session $id0 re-established" "$GD_HG_LOG" &&
	gd_is hg "t['lte']['state'] == 'up' and s['session_id'] == $id0" &&
	gd_is haap "t['lte']['state'] == 'up' and s['session_id'] == $id0"
}
ktap_check "the HG took the Accept; LTE up on both ends, same Session ID" \
	ha_wait 10 lte_revived
ktap_check "the HAAP's kernel LTE tunnel is oper up again" \
	ha_wait 5 oper_is "$NS_HAAP" 1 up

# --- DSL: the same the other way round
read -r t0 _ < /proc/uptime
nsx "$NS_HG" ip link set dsl0 down
ktap_check "DSL down: reported over LTE, the HAAP fails its DSL tunnel" \
	ha_wait 5 bash -c "grep -q 'reporting dsl-link-failure over lte' $GD_HG_LOG &&
		grep -q 'dsl tunnel failed (HG: DSL Link Failure)' $GD_HAAP_LOG"
ktap_check "traffic goes on over LTE" \
	nsx "$NS_CLI" ping -c 3 -i 0.2 -W 2 -q "$SRV4"
nsx "$NS_HG" ip link set dsl0 up
ktap_check "DSL back: its hellos bring both ends up again" \
	ha_wait 10 gd_up
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
