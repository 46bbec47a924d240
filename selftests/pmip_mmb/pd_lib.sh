#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipd in the test topology, for daemon.sh and gre.sh: the MAG in the HG
# namespace (access links dsl0 and lte0, the mobile node behind lan0), the
# LMA in the HAAP's; their configuration, start, stop and state.
source "$(dirname "$0")/pm_lib.sh"
PMIPD=${PMIPD:-$HA_TOP/tools/pmipd/pmipd}
pm_require
ha_require tcpdump tshark
[ -x "$PMIPD" ] || { echo "# SKIP: pmipd not built"; exit "$KSFT_SKIP"; }

PD_DIR=$(mktemp -d /tmp/pmipd-test.XXXXXX)
MAG_PID= LMA_PID= TD_PID=

pd_stop() {
	local p
	# the MAG first: its de-registrations reach the LMA
	for p in $MAG_PID $LMA_PID; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	MAG_PID= LMA_PID=
}

pd_exit() {
	[ -n "$TD_PID" ] && kill "$TD_PID" 2>/dev/null && wait "$TD_PID" 2>/dev/null
	pd_stop
	ha_cleanup
	rm -rf "$PD_DIR"
}

# pd_stat lma|mag KEY: a counter from the daemon's state file (0 if absent)
pd_stat() {
	awk -v k="$2" '$1 == k { v = $2 } END { print v + 0 }' \
		"$PD_DIR/$1.state" 2>/dev/null || echo 0
}

pd_state() {
	grep -q "$2" "$PD_DIR/$1.state" 2>/dev/null
}

# pd_nbind NS: bindings in NS's kernel table
pd_nbind() {
	bondctl -n "$1" -j pmip session show pm0 mnid "$PM_MNID" 2>/dev/null |
	python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    d = []
print(sum(len(s.get("bindings", [])) for s in d))'
}

# pd_topo: the topology, the exit trap, the underlay neighbours resolved
# and a steering device on both sides
pd_topo() {
	ha_topo_create || return 1
	trap pd_exit EXIT
	export BONDCTL PM_MNID
	export -f bondctl pd_nbind
	local a
	for a in "$HAAP_DSL6" "$HAAP_LTE6"; do
		nsx "$NS_HG" ping -6 -c1 -W2 -q "$a" >/dev/null
	done
	for a in "$HG_DSL6" "$HG_LTE6"; do
		nsx "$NS_HAAP" ping -6 -c1 -W2 -q "$a" >/dev/null
	done
	pm_steering_dev "$NS_HG" && pm_steering_dev "$NS_HAAP"
}

# pd_start_lma MULTIPATH [LINE...]: the LMA, serving mn1 with multipath
# yes|no and mn9; the LINEs go into its configuration's global part
pd_start_lma() {
	local mp=$1
	shift
	{
		echo "role lma"
		[ $# -gt 0 ] && printf '%s\n' "$@"
		cat <<CONF
state-file $PD_DIR/lma.state
hnp-pool 2001:db8:1::/48 64
max-lifetime 120
# the TCG guest can take longer than RFC 5213's 300 ms between two daemons
timestamp-window-ms 1000
mn $PM_MNID
	multipath $mp
mn mn9@example.net
CONF
	} > "$PD_DIR/lma.conf"
	# not through nsx: $! must be the daemon itself
	ip netns exec "$NS_HAAP" "$PMIPD" -f -v -c "$PD_DIR/lma.conf" \
		>>"$PD_DIR/lma.log" 2>&1 &
	LMA_PID=$!
	ha_wait 10 grep -q 'started as LMA' "$PD_DIR/lma.log"
}

# pd_start_mag [LINE...]: the MAG with both links; the LINEs go into its
# configuration's global part
pd_start_mag() {
	{
		echo "role mag"
		[ $# -gt 0 ] && printf '%s\n' "$@"
		cat <<CONF
state-file $PD_DIR/mag.state
mn-id $PM_MNID
mag-id mag1@example.net
access-if lan0
lifetime 60
link dsl0
	pcoa $HG_DSL6
	lma $HAAP_DSL6
	att 3
	label $PM_BLUE
	bid 1
link lte0
	pcoa $HG_LTE6
	lma $HAAP_LTE6
	att 8
	label $PM_RED
	bid 2
CONF
	} > "$PD_DIR/mag.conf"
	rm -f "$PD_DIR/mag.state"
	ip netns exec "$NS_HG" "$PMIPD" -f -v -c "$PD_DIR/mag.conf" \
		>>"$PD_DIR/mag.log" 2>&1 &
	MAG_PID=$!
}
