#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Steering over two bindings: per-packet spreading follows the weights
# (3:1), one flow stays on one binding, many flows use both, a label rule
# (TCP 443 prefers RED, then BLUE) is honoured and falls back when the RED
# binding is deleted; a binding on a keyed ip6gre tunnel (RFC 5845); drops
# when no binding is left. Traffic goes client (MN) -> server through the MAG's
# pm0 and back through the LMA's pm0.
source "$(dirname "$0")/pm_lib.sh"
pm_require

ktap_header 19
ha_topo_create dsl_delay=5ms lte_delay=5ms ||
	{ ktap_fail "topology"; ktap_finish; }
if ! pm_setup rule proto tcp port 443 labels "$PM_RED,$PM_BLUE"; then
	ktap_fail "MAG and LMA sessions with two bindings each"
	ktap_finish
fi
ktap_ok "MAG and LMA sessions with two bindings each"

ktap_check "ping client -> server through the bindings" \
	nsx "$NS_CLI" ping -6 -c3 -i0.2 -W2 -q "$SRV6"

# per packet, weights 3 (dsl) : 1 (lte), on the MAG
bondctl -n "$NS_HG" pmip session set pm0 mnid "$PM_MNID" policy packet
pm_reset
out=$(nsx "$NS_CLI" ping -6 -c 400 -i 0.01 -W1 -q "$SRV6")
d=$(pm_bstat "$NS_HG" 1 packets) l=$(pm_bstat "$NS_HG" 2 packets)
ktap_check "per packet: 400 echo requests split 3:1 (dsl $d, lte $l)" \
	test "$((d + l))" -eq 400 -a "$d" -ge 285 -a "$d" -le 315
# each packet handed to a tunnel once: a second transmission of the same
# skb shows as duplicate replies (or as a crash)
ktap_check "per packet: no duplicate echo replies" \
	bash -c "! grep -q duplicates <<<'$out'"
# the LMA stayed per flow: the replies are one flow, on one binding
d=$(pm_bstat "$NS_HAAP" 1 packets) l=$(pm_bstat "$NS_HAAP" 2 packets)
ktap_check "per flow on the LMA: the echo replies on one binding (dsl $d, lte $l)" \
	test "$((d + l))" -ge 390 -a \( "$d" -eq 0 -o "$l" -eq 0 \)
# (0 if the setup's ping had the same flow hash: the cache remembers it)
ktap_check "per flow on the LMA: 400 replies count as at most one flow" \
	test "$(pm_sstat "$NS_HAAP" flows)" -le 1

# per flow on the MAG
bondctl -n "$NS_HG" pmip session set pm0 mnid "$PM_MNID" policy flow
pm_reset
pm_udp_flow "$NS_CLI" "$SRV6" 9999 50
d=$(pm_bstat "$NS_HG" 1 packets) l=$(pm_bstat "$NS_HG" 2 packets)
ktap_check "per flow: one UDP flow stays on one binding (dsl $d, lte $l)" \
	test "$((d + l))" -eq 50 -a \( "$d" -eq 0 -o "$l" -eq 0 \)

pm_reset
n=$(pm_tcp_syns "$NS_CLI" "$SRV6" 80 40)
d=$(pm_bstat "$NS_HG" 1 packets) l=$(pm_bstat "$NS_HG" 2 packets)
ktap_check "per flow: 40 TCP flows answered ($n)" test "$n" -eq 40
ktap_check "per flow: 40 TCP flows use both bindings (dsl $d, lte $l)" \
	test "$d" -gt 0 -a "$l" -gt 0

# label rule: TCP 443 prefers RED (binding 2, lte)
pm_reset
# what goes over BLUE meanwhile, printed if the check fails
DUMP=$(mktemp)
nsx "$NS_HG" timeout 20 tcpdump -l -n -i tdsl -c 10 >"$DUMP" 2>/dev/null &
DUMP_PID=$!
ha_wait 5 bash -c "ip netns exec $NS_HG ss -H -0 | grep -q ."
n=$(pm_tcp_syns "$NS_CLI" "$SRV6" 443 20)
d=$(pm_bstat "$NS_HG" 1 packets) l=$(pm_bstat "$NS_HG" 2 packets)
ktap_check "label rule: 20 TCP 443 flows all on RED (answered $n, dsl $d, lte $l)" \
	test "$n" -eq 20 -a "$d" -eq 0 -a "$l" -ge 20
kill "$DUMP_PID" 2>/dev/null
[ "$d" -eq 0 ] || sed 's/^/# on BLUE: /' "$DUMP"
# source ports whose low octet is above 443's (0x01bb): the flow hash
# swaps such ports in the dissector's keys; the rule must still see 443
pm_reset
n=$(pm_tcp_syns "$NS_CLI" "$SRV6" 443 20 $((0xc0f0)))
d=$(pm_bstat "$NS_HG" 1 packets) l=$(pm_bstat "$NS_HG" 2 packets)
ktap_check "label rule: 20 TCP 443 flows from ports 0x..f0 on RED (answered $n, dsl $d, lte $l)" \
	test "$n" -eq 20 -a "$d" -eq 0 -a "$l" -ge 20
wait "$DUMP_PID" 2>/dev/null
rm -f "$DUMP"

# rules and prefixes replaced on a live session: a new rules block and a
# new prefix array are published, the old ones freed after the readers.
# TCP 443 now prefers BLUE; a second prefix joins the first.
bondctl -n "$NS_HG" pmip session set pm0 mnid "$PM_MNID" \
	hnp "$PM_HNP" hnp 2001:db8:ff::/64 \
	rule proto tcp port 443 labels "$PM_BLUE,$PM_RED"
pm_reset
n=$(pm_tcp_syns "$NS_CLI" "$SRV6" 443 20)
d=$(pm_bstat "$NS_HG" 1 packets) l=$(pm_bstat "$NS_HG" 2 packets)
ktap_check "rules replaced: 20 TCP 443 flows all on BLUE (answered $n, dsl $d, lte $l)" \
	test "$n" -eq 20 -a "$l" -eq 0 -a "$d" -ge 20
ktap_check "prefixes replaced: the session shows both" \
	bash -c "$BONDCTL -n $NS_HG pmip session show pm0 mnid $PM_MNID | grep -q '2001:db8:ff::/64'"
bondctl -n "$NS_HG" pmip session set pm0 mnid "$PM_MNID" hnp "$PM_HNP" \
	rule proto tcp port 443 labels "$PM_RED,$PM_BLUE"

# RED deleted: TCP 443 falls back to BLUE
bondctl -n "$NS_HG" pmip binding del pm0 mnid "$PM_MNID" bid 2
pm_reset
n=$(pm_tcp_syns "$NS_CLI" "$SRV6" 443 20)
d=$(pm_bstat "$NS_HG" 1 packets)
ktap_check "fallback: RED deleted, TCP 443 on BLUE (answered $n, dsl $d)" \
	test "$n" -eq 20 -a "$d" -ge 20
ktap_check "fallback: no drop for want of a binding" \
	test "$(pm_dstat "$NS_HG" drop_no_binding)" -eq 0

# binding 1 moves to an ip6gre tunnel with RFC 5845 keys (up: MAG -> LMA)
gre_binding() {
	local ns=$1 l=$2 r=$3 ik=$4 ok=$5
	nsx "$ns" ip link add gdsl type ip6gre local "$l" remote "$r" \
		ikey "$ik" okey "$ok" encaplimit none &&
	nsx "$ns" ip link set gdsl up &&
	bondctl -n "$ns" pmip binding add pm0 mnid "$PM_MNID" bid 1 \
		pcoa "$HG_DSL6" label "$PM_BLUE" lifetime 600 tunnel gdsl \
		gre-key-up 0x100 gre-key-down 0x200
}
if gre_binding "$NS_HG" "$HG_DSL6" "$HAAP_DSL6" 0x200 0x100 &&
   gre_binding "$NS_HAAP" "$HAAP_DSL6" "$HG_DSL6" 0x100 0x200; then
	ktap_ok "GRE: binding 1 moved to a keyed ip6gre tunnel on both sides"
else
	ktap_fail "GRE: binding 1 moved to a keyed ip6gre tunnel on both sides"
fi
pm_reset
ktap_check "GRE: ping client -> server over the keyed tunnel" \
	nsx "$NS_CLI" ping -6 -c5 -i0.1 -W2 -q "$SRV6"
ktap_check "GRE: the ip6gre binding counted them, its keys recorded" \
	test "$(pm_bstat "$NS_HG" 1 packets)" -eq 5 -a \
	     "$(pm_bstat "$NS_HG" 1 gre_key_up)" -eq 256

# no binding at all: drops, counted by reason
bondctl -n "$NS_HG" pmip binding del pm0 mnid "$PM_MNID" bid 1
pm_reset
nsx "$NS_CLI" ping -6 -c3 -i0.1 -W1 -q "$SRV6" >/dev/null
ktap_check "no binding: 3 packets dropped and counted" \
	test "$(pm_dstat "$NS_HG" drop_no_binding)" -eq 3 -a \
	     "$(pm_sstat "$NS_HG" drop_no_binding)" -eq 3
# the namespaces go away with live sessions (EXIT trap)
ktap_finish
