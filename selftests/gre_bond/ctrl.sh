#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GRE control messages (type 0xB7EA, and a configured alternate type such as
# Deutsche Telekom's 0x0101) are not data: they go to userspace on the
# "ctrl" multicast group, are counted, and can be sent through a tunnel.
source "$(dirname "$0")/gb_lib.sh"
gb_require

ktap_header 6
ha_topo_create || { ktap_fail "topology"; ktap_finish; }
gb_setup || { ktap_fail "bonds created"; ktap_finish; }
ktap_ok "bonds created"

mon=$(mktemp)
# not through nsx: $! must be the monitor itself (ip netns exec execs it),
# so that killing it really leaves the group without a listener
ip netns exec "$NS_HG" "$BONDCTL" -j monitor ctrl > "$mon" &
monpid=$!
ha_wait 5 bash -c "ip netns exec $NS_HG ss -H -A netlink | grep -q ."
sleep 0.5

rx0=$(nsx "$NS_HG" cat /sys/class/net/hab0/statistics/rx_packets)
bondctl -n "$NS_HAAP" ctrl send hab0 tunnel 1 proto 0xB7EA key 0 hex 01c0ffee
bondctl -n "$NS_HAAP" ctrl send hab0 tunnel 0 proto 0xB7EA hex 0400
ha_wait 5 bash -c "[ \$(grep -c . $mon) -ge 2 ]"
ktap_check "two control messages reached the monitor" \
	test "$(grep -c . "$mon")" -ge 2
ktap_check "the payload arrived unchanged" grep -qi 'c0ffee' "$mon"
ktap_check "control messages counted per tunnel, not delivered as data" \
	test "$(gb_stat "$NS_HG" rx_ctrl 1)" -ge 1 -a \
	     "$(nsx "$NS_HG" cat /sys/class/net/hab0/statistics/rx_packets)" = "$rx0"

bondctl -n "$NS_HG" bond set hab0 ctrl-alt-proto 0x0101
bondctl -n "$NS_HAAP" ctrl send hab0 tunnel 1 proto 0x0101 key 0 hex 0101beef
ha_wait 5 grep -qi 'beef' "$mon"
ktap_check "the alternate control type is taken as control" grep -qi 'beef' "$mon"
kill $monpid 2>/dev/null
wait $monpid 2>/dev/null
rm -f "$mon"
ha_wait 5 bash -c "! ip netns exec $NS_HG ss -H -A netlink -p | grep -q bondctl"

before=$(gb_stat "$NS_HG" drop_ctrl_no_listener)
bondctl -n "$NS_HAAP" ctrl send hab0 tunnel 0 proto 0xB7EA hex 0400
ktap_check "without a listener control messages are dropped and counted" \
	ha_wait 3 gb_stat_ge "$NS_HG" drop_ctrl_no_listener $((before + 1))
ktap_finish
