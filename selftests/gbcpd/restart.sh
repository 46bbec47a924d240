#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The HAAP daemon dies without a word (SIGKILL) and is started again: it
# deletes the bond its predecessor left, the HG finds both tunnels dead,
# sets up from scratch after reconnect-ms and gets a new session.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

ktap_header 5
gd_topo || { ktap_fail "topology"; ktap_finish; }
gd_config_hg "$GD_CIN" "reconnect-ms 1000"
gd_config_haap
if ! gd_bring_up; then
	ktap_fail "bonding established"
	gd_dump_logs
	ktap_finish
fi
ktap_ok "bonding established"
id0=$(gd_session hg 's["session_id"]')

kill -9 "$GD_HAAP_PID"
wait "$GD_HAAP_PID" 2>/dev/null
mv "$GD_HAAP_LOG" "$GD_HAAP_LOG.old"
gd_start_haap
ktap_check "the new HAAP deleted its predecessor's bond" \
	grep -q 'hab0: left over from an earlier run' "$GD_HAAP_LOG"
ktap_check "the HG saw both tunnels fail and set up again" \
	ha_wait 20 grep -q 'both tunnels failed' "$GD_HG_LOG"
ktap_check "a new session is up" ha_wait 30 gd_up
id1=$(gd_session hg 's["session_id"]')
ktap_diag "session $id0 -> $id1"
ktap_check "with a new Session ID, and traffic flows" \
	bash -c "[ '$id0' != '$id1' ] && ip netns exec $NS_CLI ping -c 3 -i 0.2 -W 2 -q $SRV4 >/dev/null"
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
