#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The standard topology's access links really have the rate and delay they
# were given: RTT at least twice the one-way delay and at most 10% plus
# RTT_SLACK_MS more (an emulated CPU adds about 2 ms of forwarding time per
# round trip, and more when the host is busy; netem never delivers early),
# TCP goodput within 10% of the shaped rate (less the header overhead the
# rate also pays for).
source "$(dirname "$0")/../lib.sh"
ha_require_root
ha_require ip tc iperf3 ping ethtool python3

ktap_header 7
ha_topo_create dsl_rate=20mbit dsl_delay=10ms lte_rate=10mbit lte_delay=25ms ||
	{ ktap_fail "topology created"; ktap_finish; }
ktap_ok "topology created"

ktap_check "client reaches server over IPv6" \
	ha_wait 10 nsx "$NS_CLI" ping -6 -c1 -W1 -q "$SRV6"

RTT_SLACK_MS=${RTT_SLACK_MS:-4}

check_rtt() {
	local name=$1 addr=$2 expect=$3 rtt ceiling
	ceiling=$(awk -v e="$expect" -v s="$RTT_SLACK_MS" 'BEGIN { print e * 1.1 + s }')
	rtt=$(ha_rtt_ms "$NS_HG" "$addr" 10)
	if ha_ge "$rtt" "$expect" && ha_ge "$ceiling" "$rtt"; then
		ktap_ok "$name RTT ${rtt} ms (expected $expect..$ceiling ms)"
	else
		ktap_fail "$name RTT ${rtt} ms (expected $expect..$ceiling ms)"
	fi
}
check_rtt dsl "$HAAP_DSL4" 20
check_rtt lte "$HAAP_LTE4" 50

# goodput of a full-size TCP segment: 1448 payload bytes per 1514 on the wire
check_rate() {
	local name=$1 addr=$2 rate=$3 bps expect
	expect=$(awk -v r="$rate" 'BEGIN { print r * 1448 / 1514 }')
	bps=$(ha_iperf "$NS_HG" "$NS_HAAP" "$addr" 5)
	if ha_within "$bps" "$expect" 10; then
		ktap_ok "$name goodput $(ha_mbit "$bps") Mbit/s (expected $(ha_mbit "$expect"))"
	else
		ktap_fail "$name goodput $(ha_mbit "$bps") Mbit/s (expected $(ha_mbit "$expect") +-10%)"
	fi
}
check_rate dsl "$HAAP_DSL4" 20000000
check_rate lte "$HAAP_LTE4" 10000000

# links can be cut and restored
ha_link_set lte down
if ! nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_LTE4" >/dev/null 2>&1; then
	ha_link_set lte up
	ktap_check "lte cut and restored" \
		ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_LTE4"
else
	ktap_fail "lte cut and restored (still reachable while down)"
fi
ktap_finish
