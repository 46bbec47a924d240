#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits of the MCP: a burst of conversions from one subscriber address
# toward a server that never answers stays within per-subscriber-max and
# half-open-max (the held SYNs are the memory an attacker can pin), the
# client's retransmitted SYNs are not taken twice, every held client gets
# a reset when the half-open deadline passes, and a legitimate client at
# another address of the subscriber prefix is served meanwhile. Then the
# shared idle lifetime ends a quiet conversion with a reset on both legs.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require

CLI4B=192.0.2.3
BLACKHOLE4=10.30.0.1
tmp=$(mktemp -d)

ktap_header 9
if ! mcp_setup; then
	ktap_fail "setup"
	ktap_finish
fi
# a server that never answers: its packets vanish into a dummy device
nsx "$NS_HAAP" ip link add mcpblack type dummy &&
nsx "$NS_HAAP" ip link set mcpblack up &&
nsx "$NS_HAAP" ip route add 10.30.0.0/24 dev mcpblack &&
nsx "$NS_CLI" ip addr add "$CLI4B/28" dev eth0 ||
	{ ktap_fail "blackhole and second client address"; ktap_finish; }
bondctl -n "$NS_HAAP" mcp set per-subscriber-max 3 half-open-max 8 \
	half-open-timeout 2500

# --- a burst from one address ------------------------------------------------
for i in 1 2 3 4 5 6; do
	mcp_connect -q -t 8 "$MCP4" 5010 "$BLACKHOLE4" 80 < /dev/null \
		> /dev/null 2>&1 &
	echo $! >> "$tmp/pids"
done
ha_wait 5 mcp_counter_ge subscriber_limit 3
half=$(bondctl -n "$NS_HAAP" mcp show | awk '/half-open-now/ { print $4 }')
ktap_check "burst of 6 from one address: $half held (per-subscriber-max 3)" \
	test "$half" = 3
ktap_check "the other 3 refused and counted (subscriber_limit $(mcp_counter subscriber_limit))" \
	test "$(mcp_counter subscriber_limit)" -ge 3

# --- a legitimate client at another address of the prefix --------------------
head -c $((1 << 20)) /dev/urandom > "$tmp/legit.in"
nsx "$NS_SRV" timeout 60 socat -u OPEN:"$tmp/legit.in" \
	TCP-LISTEN:5011,bind=$DST4,reuseaddr &
ha_wait_listen "$NS_SRV" 5011
mcp_connect -q -b "$CLI4B" -t 10 "$MCP4" 5011 "$DST4" 5011 < /dev/null \
	> "$tmp/legit.out"
rc=$?
ktap_check "meanwhile a client at $CLI4B is served (exit $rc, sha256)" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/legit.out")" = \
		"$(sha256sum < "$tmp/legit.in")"

# --- the deadline: resets, the retransmitted SYNs were dropped ---------------
rcs=""
for pid in $(cat "$tmp/pids"); do
	wait "$pid"
	rcs="$rcs $?"
done
resets=$(echo "$rcs" | tr ' ' '\n' | grep -c '^2$')
# the held ones from the MCP at the deadline; the refused ones from the
# MCP host's stack, which gets their data-less SYN retransmission
ktap_check "server_timeout after the deadline ($(mcp_counter server_timeout))" \
	test "$(mcp_counter server_timeout)" -eq 3
others=$(echo "$rcs" | tr ' ' '\n' | grep -c '^[013]$')
ktap_check "no client of the burst connected: $resets resets (exits:$rcs)" \
	test "$resets" -ge 3 -a "$others" -eq 0
ktap_check "the clients' SYN retransmissions were dropped, not taken twice" \
	mcp_counter_ge syn_retransmit 1
ktap_check "nothing is held any more" \
	ha_wait 3 bash -c "'$BONDCTL' -n $NS_HAAP mcp show | grep -q 'half-open-now 0 active-now 0'"

# --- the shared idle lifetime -------------------------------------------------
bondctl -n "$NS_HAAP" mcp set idle-timeout 2
nsx "$NS_SRV" timeout 60 socat -u TCP-LISTEN:5012,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5012
t0=$(date +%s)
mcp_connect -q -t 30 "$MCP4" 5012 "$DST4" 5012 < <(sleep 30) > /dev/null
rc=$?
secs=$(($(date +%s) - t0))
ktap_check "idle conversion ended by the MCP after ${secs}s (exit $rc: reset)" \
	test $rc -eq 2 -a $secs -lt 10
ktap_check "idle_timeout counted" mcp_counter_ge idle_timeout 1

rm -rf "$tmp"
ktap_finish
