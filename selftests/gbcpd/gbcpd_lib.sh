#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gbcpd, the control daemon, on the standard topology (../lib.sh through
# ../gre_bond/gb_lib.sh): an HG daemon in the HG namespace and a HAAP daemon
# in the HAAP namespace set up bond hab0 on both ends themselves. The HG
# sends its LTE Setup Request to the HAAP's lte address (G); the HAAP names
# its dsl address as H, where the DSL tunnel goes. Short hellos (GD_HELLO_MS)
# keep the tests fast.
source "$(dirname "${BASH_SOURCE[0]}")/../gre_bond/gb_lib.sh"

GBCPD=${GBCPD:-$HA_TOP/tools/gbcpd/gbcpd}
GD_CIN=${GD_CIN:-HG-TEST-0001}
GD_HELLO_MS=${GD_HELLO_MS:-200}
GD_GLOBAL=${GD_GLOBAL:-}	# global configuration lines (e.g. "dialect dt")
GD_DIR=$(mktemp -d /tmp/gbcpd-test.XXXXXX)
GD_HG_STATE=$GD_DIR/hg
GD_HAAP_STATE=$GD_DIR/haap
GD_HG_LOG=$GD_DIR/hg.log
GD_HAAP_LOG=$GD_DIR/haap.log
GD_HG_PID=
GD_HAAP_PID=
GD_CLIENT_EXTRA=()	# extra lines of the HAAP's client section

gd_require() {
	gb_require
	if [ ! -x "$GBCPD" ]; then
		echo "# SKIP: gbcpd not built"
		exit $KSFT_SKIP
	fi
}

# gd_config_hg [CIN] [extra lines...]
gd_config_hg() {
	local cin=${1:-$GD_CIN}
	shift
	cat > "$GD_DIR/hg.conf" <<EOC
${GD_GLOBAL:-}
state-dir $GD_HG_STATE
hg hab0
	cin "$cin"
	haap-address $HAAP_LTE4
	lte-local $HG_LTE4
	lte-dev lte0
	dsl-local $HG_DSL4
	dsl-dev dsl0
	dsl-sync-rate 20000
	hello-interval-ms $GD_HELLO_MS
	setup-retry-ms 500
	on-deny exit
	address $HG_BOND4/30
	route 192.0.2.128/28
EOC
	printf '\t%s\n' "$@" >> "$GD_DIR/hg.conf"
}

# gd_config_haap [extra lines for the haap section...]
gd_config_haap() {
	cat > "$GD_DIR/haap.conf" <<EOC
${GD_GLOBAL:-}
state-dir $GD_HAAP_STATE
haap
	bond-prefix hab
	h-address4 $HAAP_DSL4
	hello-interval-ms $GD_HELLO_MS
	hello-retry 3
	dsl-up-kbps 15000
	dsl-down-kbps 18000
EOC
	printf '\t%s\n' "$@" >> "$GD_DIR/haap.conf"
	cat >> "$GD_DIR/haap.conf" <<EOC
client $GD_CIN
	address $HAAP_BOND4/30
	route 192.0.2.0/28
EOC
	[ ${#GD_CLIENT_EXTRA[@]} -gt 0 ] &&
		printf '\t%s\n' "${GD_CLIENT_EXTRA[@]}" >> "$GD_DIR/haap.conf"
	return 0
}

# not through nsx: $! must be the daemon itself
gd_start_haap() {
	ip netns exec "$NS_HAAP" "$GBCPD" -f -v -v -c "$GD_DIR/haap.conf" \
		>"$GD_HAAP_LOG" 2>&1 &
	GD_HAAP_PID=$!
	# the raw socket is open when the daemon says it is ready
	ha_wait 10 grep -q 'started as HAAP' "$GD_HAAP_LOG"
}

gd_start_hg() {
	ip netns exec "$NS_HG" "$GBCPD" -f -v -v -c "$GD_DIR/hg.conf" \
		>"$GD_HG_LOG" 2>&1 &
	GD_HG_PID=$!
}

gd_stop() {
	local pid
	for pid in $GD_HG_PID $GD_HAAP_PID; do
		kill "$pid" 2>/dev/null
	done
	for pid in $GD_HG_PID $GD_HAAP_PID; do
		wait "$pid" 2>/dev/null
	done
	GD_HG_PID= GD_HAAP_PID=
}

# gd_session SIDE(hg|haap) PYTHON_EXPR: evaluate EXPR on the session JSON
# (bound to s; t = {name: tunnel}); prints the value
gd_session() {
	local dir=$GD_HG_STATE
	[ "$1" = haap ] && dir=$GD_HAAP_STATE
	"$BONDCTL" -j session show hab0 dir "$dir" 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)
t = {x["name"]: x for x in s.get("tunnels", [])}
print(eval(sys.argv[1]))
' "$2"
}

# gd_is SIDE EXPR: EXPR (python) is true on SIDE's session
gd_is() {
	[ "$(gd_session "$1" "$2" 2>/dev/null)" = True ]
}

gd_up() {
	gd_is hg 's["state"] == "up" and t["dsl"]["state"] == "up" and t["lte"]["state"] == "up"' &&
	gd_is haap 's["state"] == "up"'
}

# the logs without the hello chatter
gd_dump_logs() {
	echo "# --- HG log"
	grep -v -e 'hello(4)' -e ' rtt ' "$GD_HG_LOG" 2>/dev/null | tail -n 60 |
		sed 's/^/# /'
	echo "# --- HAAP log"
	grep -v -e 'hello(4)' "$GD_HAAP_LOG" 2>/dev/null | tail -n 60 |
		sed 's/^/# /'
}

gd_cleanup() {
	gd_stop
	ha_cleanup
	rm -rf "$GD_DIR"
}

# gd_topo [ha_topo_create args]: the topology, cleaned up with the daemons
gd_topo() {
	ha_topo_create "$@" || return 1
	trap gd_cleanup EXIT
}

# gd_bring_up: both daemons, until bonding is established; then neighbours
gd_bring_up() {
	gd_start_haap || return 1
	gd_start_hg
	ha_wait 30 gd_up || return 1
	ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_BOND4"
}

# gd_bonded [topo ARG]... [hg LINE]... [haap LINE]... [client LINE]...:
# how a test starts: the topology (ha_topo_create ARGs), both
# configurations (extra LINEs in the hg, haap and client sections), both
# daemons, then "ok 1 bonding
# established"; on failure the logs and the end of the test
gd_bonded() {
	local topo=() hg=() haap=()
	while [ $# -ge 2 ]; do
		case "$1" in
		topo) topo+=("$2") ;;
		hg) hg+=("$2") ;;
		haap) haap+=("$2") ;;
		client) GD_CLIENT_EXTRA+=("$2") ;;
		*) break ;;
		esac
		shift 2
	done
	if [ $# -gt 0 ]; then
		echo "# gd_bonded: cannot parse: $*" >&2
		ktap_fail "test setup"
		ktap_finish
	fi
	gd_topo "${topo[@]}" || { ktap_fail "topology"; ktap_finish; }
	gd_config_hg "$GD_CIN" "${hg[@]}"
	gd_config_haap "${haap[@]}"
	if ! gd_bring_up; then
		ktap_fail "bonding established"
		gd_dump_logs
		ktap_finish
	fi
	ktap_ok "bonding established"
}

# gd_log_time LOG PATTERN: the daemon's monotonic stamp of the first line
# matching PATTERN (the guest never suspends: the same as /proc/uptime)
gd_log_time() {
	grep -m1 "$2" "$1" | sed -n 's/^gbcpd\[\([0-9.]*\)\].*/\1/p'
}
