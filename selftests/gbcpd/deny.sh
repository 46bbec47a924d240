#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An HG whose CIN the HAAP does not know is denied with error code 9 (RFC
# 8157 5.3.1: CIN not permitted); the HG daemon logs it, removes its bond
# and exits with status 3 (on-deny exit). The HAAP creates nothing.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

ktap_header 6
gd_topo || { ktap_fail "topology"; ktap_finish; }
gd_config_hg "HG-NOT-ALLOWED-42"
gd_config_haap
gd_start_haap || { ktap_fail "HAAP daemon started"; gd_dump_logs; ktap_finish; }
gd_start_hg
pid=$GD_HG_PID
ha_wait 30 bash -c "! kill -0 $pid"
ktap_check "the HG daemon stopped by itself" bash -c "! kill -0 $pid 2>/dev/null"
wait "$pid"
rc=$?
GD_HG_PID=
ktap_check "its exit status says denied (3)" test "$rc" = 3
ktap_check "it logged error code 9" \
	grep -q 'Setup Denied: error code 9' "$GD_HG_LOG"
ktap_check "the HAAP refused the CIN" grep -q 'not permitted' "$GD_HAAP_LOG"
ktap_check "the HG state file says denied, error 9" \
	gd_is hg 's["state"] == "denied" and s["last_error"] == 9'
ktap_check "no bond left on either side" \
	bash -c "! ip netns exec $NS_HG ip link show hab0 >/dev/null 2>&1 && ! ip netns exec $NS_HAAP ip link show hab0 >/dev/null 2>&1"
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
