#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmip_mmb on top of the standard topology (../lib.sh): the HG plays the
# MAG, the HAAP the LMA, and the client is the mobile node "mn1" with home
# network prefix 2001:db8:1::/64 (the LAN). Each side has two ip6ip6
# tunnels, tdsl over the dsl link and tlte over the lte link, and a
# steering device pm0: on the MAG the route to the server goes through it
# (the session matches the source), on the LMA the route to the prefix
# (the session matches the destination). Binding 1 rides tdsl with label
# 11 ("BLUE"), binding 2 rides tlte with label 9 ("RED").
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BONDCTL=${BONDCTL:-$HA_TOP/tools/bondctl/bondctl}
PM_MNID=mn1@example.net
PM_HNP=2001:db8:1::/64
PM_RED=9
PM_BLUE=11

pm_require() {
	ha_require_root
	ha_require ip python3 ping
	if [ ! -x "$BONDCTL" ]; then
		echo "# SKIP: bondctl not built"
		exit "$KSFT_SKIP"
	fi
	if ! ha_load_module pmip_mmb; then
		echo "# SKIP: pmip_mmb module not loadable"
		exit "$KSFT_SKIP"
	fi
	modprobe ip6_tunnel 2>/dev/null
}

bondctl() {
	"$BONDCTL" "$@"
}

# pm_tunnels NS LOCAL_DSL REMOTE_DSL LOCAL_LTE REMOTE_LTE
pm_tunnels() {
	local ns=$1
	nsx "$ns" ip link add tdsl type ip6tnl mode ip6ip6 local "$2" \
		remote "$3" encaplimit none &&
	nsx "$ns" ip link add tlte type ip6tnl mode ip6ip6 local "$4" \
		remote "$5" encaplimit none &&
	nsx "$ns" ip link set tdsl up &&
	nsx "$ns" ip link set tlte up
}

pm_steering_dev() {
	nsx "$1" ip link add pm0 type pmip_mmb &&
	nsx "$1" ip link set pm0 mtu 1460 up
}

# pm_session NS ROLE [session add args...]: mn1 with both bindings; the
# proxy care-of addresses are the MAG's on both sides
pm_session() {
	local ns=$1 role=$2
	shift 2
	bondctl -n "$ns" pmip session add pm0 mnid "$PM_MNID" role "$role" \
		hnp "$PM_HNP" "$@" &&
	bondctl -n "$ns" pmip binding add pm0 mnid "$PM_MNID" bid 1 \
		pcoa "$HG_DSL6" att 3 label "$PM_BLUE" lifetime 600 \
		tunnel tdsl weight 3 &&
	bondctl -n "$ns" pmip binding add pm0 mnid "$PM_MNID" bid 2 \
		pcoa "$HG_LTE6" att 8 label "$PM_RED" lifetime 600 \
		tunnel tlte weight 1
}

# pm_baseline: each ip6ip6 tunnel alone (routes straight into it) carries
# client <-> server traffic, before any steering device exists
# (PM_BASELINE_TUNNELS, default tdsl). The neighbours of the access links
# are flushed afterwards, so that the first packets steered through pm0
# wait in an unresolved neighbour's queue: the path that crashed when
# pm_xmit() sent every packet twice (Documentation/pmip.rst).
pm_baseline() {
	local t ns
	for t in ${PM_BASELINE_TUNNELS-tdsl}; do
		nsx "$NS_HG" ip -6 route replace 2001:db8:5::/64 dev $t &&
		nsx "$NS_HAAP" ip -6 route replace 2001:db8:1::/64 dev $t &&
		nsx "$NS_CLI" ping -6 -c3 -i0.2 -W2 -q "$SRV6" >/dev/null || {
			echo "# baseline: no IPv6 over the plain ip6ip6 tunnel $t"
			return 1
		}
	done
	for ns in "$NS_HG" "$NS_HAAP"; do
		nsx "$ns" ip -6 neigh flush dev dsl0
		nsx "$ns" ip -6 neigh flush dev lte0
	done
	return 0
}

# pm_setup [session add args...]: tunnels, devices, sessions and routes
pm_setup() {
	pm_tunnels "$NS_HG" "$HG_DSL6" "$HAAP_DSL6" "$HG_LTE6" "$HAAP_LTE6" &&
	pm_tunnels "$NS_HAAP" "$HAAP_DSL6" "$HG_DSL6" "$HAAP_LTE6" \
		"$HG_LTE6" &&
	pm_baseline &&
	pm_steering_dev "$NS_HG" && pm_steering_dev "$NS_HAAP" &&
	pm_session "$NS_HG" mag "$@" &&
	pm_session "$NS_HAAP" lma "$@" &&
	nsx "$NS_HG" ip -6 route replace 2001:db8:5::/64 dev pm0 &&
	nsx "$NS_HAAP" ip -6 route replace 2001:db8:1::/64 dev pm0
}

# pm_bstat NS BID KEY: a binding counter of mn1 (0 if the binding is gone)
pm_bstat() {
	bondctl -n "$1" -j -s pmip session show pm0 mnid "$PM_MNID" |
	python3 -c '
import json, sys
bid, key = int(sys.argv[1]), sys.argv[2]
d = json.load(sys.stdin)
for s in d:
    for b in s.get("bindings", []):
        if b["bid"] == bid:
            print(b.get("stats", {}).get(key, b.get(key, 0)))
            sys.exit(0)
print(0)' "$2" "$3"
}

# pm_sstat NS KEY: a session counter of mn1
pm_sstat() {
	bondctl -n "$1" -j -s pmip session show pm0 mnid "$PM_MNID" |
	python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(s.get("stats", {}).get(sys.argv[1], 0) for s in d))' "$2"
}

# pm_dstat NS KEY: a steering device counter
pm_dstat() {
	bondctl -n "$1" -j pmip dev show pm0 | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["stats"].get(sys.argv[1], 0))' "$2"
}

pm_reset() {
	bondctl -n "$NS_HG" pmip dev stats-reset pm0 &&
	bondctl -n "$NS_HAAP" pmip dev stats-reset pm0
}

# pm_tcp_syns NS DST PORT N [SPORT]: N TCP connection attempts, each its
# own flow; prints how many got an answer (accepted or refused). With
# SPORT, flow i comes from source port SPORT + 256 * i (same low octet).
pm_tcp_syns() {
	nsx "$1" python3 -c '
import errno, socket, sys
dst, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sport = int(sys.argv[4])
ok = 0
for i in range(n):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if sport:
        s.bind(("::", sport + 256 * i))
    s.settimeout(2)
    r = s.connect_ex((dst, port))
    if r in (0, errno.ECONNREFUSED):
        ok += 1
    s.close()
print(ok)' "$2" "$3" "$4" "${5:-0}"
}

# pm_udp_flow NS DST PORT N: N datagrams of one flow (one source port)
pm_udp_flow() {
	nsx "$1" python3 -c '
import socket, sys
dst, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::", 40000))
for i in range(n):
    s.sendto(b"x" * 100, (dst, port))' "$2" "$3" "$4"
}
