#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Downstream MCP, IPv6 client leg: the MCP has an IPv6 address (the
# HAAP's WAN address) and the client's IPv6 LAN prefix is a subscriber
# prefix. Explicit mode: IPv6 client to IPv6 server both ways with sha256,
# IPv6 client to IPv4 server, IPv4 client to IPv6 server (the server sees
# the MCP's address of its own family), an IPv6 client naming its IPv4
# address as source element (the server sees it), an IPv6 client naming
# its IPv6 address as source element toward an IPv6 server (the server
# sees it: the server leg is IPV6_TRANSPARENT and its segments are steered
# by the IPv6 hook), the kernel's message for a bad IPv6 address, a
# refused IPv6 server resets the client, an IPv6 client outside the
# prefixes, IPv6 elements with loopback and multicast addresses and an
# IPv6 source element outside the prefixes are refused and counted.
# On-path mode for an IPv6 client (MP_PREFER_PROXY added by tc). The dump
# of an IPv6 conversion, rmmod with a live IPv6 conversion.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require
ha_require tc

MIB=${MCP_TEST_MIB:-4}
SUB6=2001:db8:1::/64
tmp=$(mktemp -d)
start_dmesg=$(dmesg | wc -l)

ktap_header 27
if ! mcp_setup ||
   ! bondctl -n "$NS_HAAP" mcp set addr "$HAAP_WAN6" ||
   ! bondctl -n "$NS_HAAP" mcp prefix add "$SUB6"; then
	ktap_fail "setup"
	ktap_finish
fi
ktap_check "IPv6 MCP address configured, IPv6 listener up" \
	bash -c "\"$BONDCTL\" -n $NS_HAAP mcp show | grep -q '^addr6 $HAAP_WAN6 listening6 yes'"
ktap_check "IPv6 prefix listed" \
	bash -c "\"$BONDCTL\" -n $NS_HAAP mcp show | grep -q '^prefix $SUB6'"

out=$(bondctl -n "$NS_HAAP" mcp set addr ff02::1 2>&1)
rc=$?
ktap_check "multicast IPv6 MCP address refused with the kernel's message ($out)" \
	test $rc -eq 1 -a -n "$(echo "$out" | grep '^Error:.*IPv6 address')"

# --- IPv6 client, IPv6 server: upload ------------------------------------
head -c $((MIB << 20)) /dev/urandom > "$tmp/up.in"
nsx "$NS_SRV" timeout 60 socat -d -d -u TCP6-LISTEN:5101,bind="[$DST6]",reuseaddr \
	CREATE:"$tmp/up.out" 2> "$tmp/up.log" &
ha_wait_listen "$NS_SRV" 5101
mcp_connect -t 20 -s "hello6" "$HAAP_WAN6" 5101 "$DST6" 5101 \
	< "$tmp/up.in" > /dev/null 2> "$tmp/up.cli"
rc=$?
wait
ktap_check "6->6 upload: client got the echo of its IE" \
	grep -q 'echo ok' "$tmp/up.cli"
{ printf hello6; cat "$tmp/up.in"; } | sha256sum > "$tmp/up.want"
ktap_check "6->6 upload ${MIB} MiB: exit $rc, SYN data first, sha256 matches" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/up.out")" = "$(cat "$tmp/up.want")"
from=$(mcp_peer_of "$tmp/up.log")
ktap_check "6->6: the server saw the MCP's IPv6 address ($from)" \
	test "$from" = "$HAAP_WAN6"

# --- IPv6 client, IPv6 server: download ----------------------------------
head -c $((MIB << 20)) /dev/urandom > "$tmp/down.in"
nsx "$NS_SRV" timeout 60 socat -u OPEN:"$tmp/down.in" \
	TCP6-LISTEN:5102,bind="[$DST6]",reuseaddr &
ha_wait_listen "$NS_SRV" 5102
mcp_connect -q -t 20 "$HAAP_WAN6" 5102 "$DST6" 5102 < /dev/null \
	> "$tmp/down.out"
rc=$?
wait
ktap_check "6->6 download ${MIB} MiB: exit $rc, sha256 matches" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/down.out")" = \
		"$(sha256sum < "$tmp/down.in")"

# --- mixed families -------------------------------------------------------
head -c $((1 << 20)) /dev/urandom > "$tmp/mix.in"
nsx "$NS_SRV" timeout 60 socat -d -d -u TCP-LISTEN:5103,bind=$DST4,reuseaddr \
	CREATE:"$tmp/m64.out" 2> "$tmp/m64.log" &
ha_wait_listen "$NS_SRV" 5103
mcp_connect -q -t 20 "$HAAP_WAN6" 5103 "$DST4" 5103 < "$tmp/mix.in" > /dev/null
rc=$?
wait
ktap_check "IPv6 client -> IPv4 server: 1 MiB, exit $rc, sha256 matches" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/m64.out")" = \
		"$(sha256sum < "$tmp/mix.in")"
from=$(mcp_peer_of "$tmp/m64.log")
ktap_check "IPv6 client -> IPv4 server: the server saw $from" \
	test "$from" = "$MCP4"

nsx "$NS_SRV" timeout 60 socat -d -d -u TCP6-LISTEN:5104,bind="[$DST6]",reuseaddr \
	CREATE:"$tmp/m46.out" 2> "$tmp/m46.log" &
ha_wait_listen "$NS_SRV" 5104
mcp_connect -q -t 20 "$MCP4" 5104 "$DST6" 5104 < "$tmp/mix.in" > /dev/null
rc=$?
wait
ktap_check "IPv4 client -> IPv6 server (IPv6 listener up too): exit $rc, sha256 matches" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/m46.out")" = \
		"$(sha256sum < "$tmp/mix.in")"
from=$(mcp_peer_of "$tmp/m46.log")
ktap_check "IPv4 client -> IPv6 server: the server saw $from" \
	test "$from" = "$HAAP_WAN6"
conv_done() {
	test "$(mcp_counter conv_closed)" -eq 4 -a \
		"$(mcp_counter conv_established)" -eq 4
}
ktap_check "four conversions established and closed cleanly" \
	ha_wait 5 conv_done

# IPv6 client, IPv4 source element (the client's IPv4 address, in the
# subscriber prefixes) and IPv4 server: the server sees the client's IPv4
# address; the bound server leg is steered by the IPv4 hook.
nsx "$NS_SRV" timeout 60 socat -d -d -u TCP-LISTEN:5107,bind=$DST4,reuseaddr \
	CREATE:"$tmp/src.out" 2> "$tmp/src.log" &
ha_wait_listen "$NS_SRV" 5107
mcp_connect -t 10 -S "$CLI4" -s sourced "$HAAP_WAN6" 5107 "$DST4" 5107 \
	< /dev/null > /dev/null 2> "$tmp/src.cli"
rc=$?
wait
from=$(mcp_peer_of "$tmp/src.log")
ktap_check "IPv6 client, IPv4 source element $CLI4: exit $rc, echo, server saw $from, data arrived" \
	bash -c "test $rc -eq 0 -a '$from' = '$CLI4' && grep -q 'echo ok' '$tmp/src.cli' && test \"\$(cat '$tmp/src.out')\" = sourced"

# IPv6 client, IPv6 source element (its own address, in the IPv6
# subscriber prefix) and IPv6 server: the server leg binds it, the
# server's answers come back through the MCP and are steered to that leg.
bound=$(mcp_counter source_bound)
# bounded: without the steering no connection completes and the wait
# below would block
nsx "$NS_SRV" timeout 20 socat -d -d -u TCP6-LISTEN:5108,bind="[$DST6]",reuseaddr \
	CREATE:"$tmp/src6.out" 2> "$tmp/src6.log" &
ha_wait_listen "$NS_SRV" 5108
mcp_connect -t 10 -S "$CLI6" -s sourced6 "$HAAP_WAN6" 5108 "$DST6" 5108 \
	< /dev/null > /dev/null 2> "$tmp/src6.cli"
rc=$?
wait
from=$(mcp_peer_of "$tmp/src6.log")
ktap_check "IPv6 client, IPv6 source element $CLI6: exit $rc, echo, server saw $from, data arrived" \
	bash -c "test $rc -eq 0 -a '$from' = '$CLI6' && grep -q 'echo ok' '$tmp/src6.cli' && test \"\$(cat '$tmp/src6.out')\" = sourced6"
ktap_check "IPv6 source element: server leg bound, counted" \
	test "$(mcp_counter source_bound)" -gt "$bound"

# --- refused IPv6 server: a reset to the IPv6 client ----------------------
mcp_connect -q -t 10 "$HAAP_WAN6" 5999 "$DST6" 5999 < /dev/null
rc=$?
ktap_check "refused IPv6 server: the IPv6 client gets a reset (exit $rc)" \
	test $rc -eq 2
ktap_check "refused IPv6 server: counted" mcp_counter_ge server_refused 1

# --- refusals of the SYN --------------------------------------------------
# As for IPv4 (explicit.sh): dropped silently, the retransmitted plain SYN
# meets the MCP host's stack: exit 2 or 4, and the counter moved once.
magic=faa8faa8
refused() {	# NAME COUNTER HEX
	mcp_check_not_converted "IPv6 client, $1" "$2" "$3" "$HAAP_WAN6" 5101
}
refused "loopback element ::1" ie_addr_loopback \
	${magic}001600010000000000000000000000000000000113890000
refused "multicast element ff02::1" ie_addr_multicast \
	${magic}00160001ff02000000000000000000000000000113890000
# destination fd20::130 port 5001, then source 2001:db8:2::2 (D and M
# set), outside the subscriber prefix 2001:db8:1::/64 (BCP 38)
refused "IPv6 source element outside the prefixes" source_refused \
	${magic}00160000fd20000000000000000000000000013013890000${magic}0014000320010db8000200000000000000000002

bondctl -n "$NS_HAAP" mcp prefix del "$SUB6"
before=$(mcp_counter not_subscriber)
mcp_connect -q -t 2 "$HAAP_WAN6" 5101 "$DST6" 5101 < /dev/null
rc=$?
ktap_check "IPv6 client outside the subscriber prefixes: not converted (exit $rc), counted" \
	test \( $rc -eq 2 -o $rc -eq 4 \) -a \
		"$(mcp_counter not_subscriber)" -eq $((before + 1))
bondctl -n "$NS_HAAP" mcp prefix add "$SUB6"

# --- on-path, IPv6: converted toward the SYN's own destination -------------
# MP_PREFER_PROXY in the client's IPv6 SYNs, as mcp_prefer_proxy does for
# IPv4, 20 octets further on (the IPv6 header is 40): SACK-permitted and
# Timestamps at octets 64-75 become SACK-permitted, MP_PREFER_PROXY and
# six NOPs.
prefer_proxy6() {
	nsx "$NS_CLI" tc qdisc add dev eth0 clsact &&
	nsx "$NS_CLI" tc filter add dev eth0 egress protocol ipv6 prio 2 u32 \
		match u8 0x60 0xf0 at 0 \
		match u8 6 0xff at 6 \
		match u8 0x02 0x12 at 53 \
		match u16 0x080a 0xffff at 66 \
		action pedit munge offset 64 u32 set 0x04021e04 \
			munge offset 68 u32 set 0xf0000101 \
			munge offset 72 u32 set 0x01010101 pipe \
		action csum tcp
}
for m in cls_u32 act_pedit act_csum sch_ingress; do
	modprobe -q "$m" 2>/dev/null
done
if bondctl -n "$NS_HAAP" mcp set mode both && prefer_proxy6; then
	head -c $((MIB << 20)) /dev/urandom > "$tmp/op.in"
	nsx "$NS_SRV" timeout 60 socat -d -d -u TCP6-LISTEN:5106,bind="[$DST6]",reuseaddr \
		CREATE:"$tmp/op.out" 2> "$tmp/op.log" &
	ha_wait_listen "$NS_SRV" 5106
	before=$(mcp_counter syn_prefer_proxy)
	mcp_connect -q -t 20 -n -s hello6 "$DST6" 5106 < "$tmp/op.in" \
		> /dev/null
	rc=$?
	wait
	ktap_diag "tc: $(nsx "$NS_CLI" tc -s filter show dev eth0 egress | grep -m1 -o 'Sent [0-9]* bytes [0-9]* pkt')"
	{ printf hello6; cat "$tmp/op.in"; } | sha256sum > "$tmp/op.want"
	ktap_check "on-path IPv6 upload ${MIB} MiB: exit $rc, sha256 matches, counted" \
		test $rc -eq 0 -a "$(sha256sum < "$tmp/op.out")" = \
			"$(cat "$tmp/op.want")" -a \
			"$(mcp_counter syn_prefer_proxy)" -gt "$before"
	from=$(mcp_peer_of "$tmp/op.log")
	ktap_check "on-path IPv6: the server saw the MCP's address ($from), not the client" \
		test "$from" = "$HAAP_WAN6"
	nsx "$NS_CLI" tc qdisc del dev eth0 clsact
	bondctl -n "$NS_HAAP" mcp set mode explicit
else
	ktap_fail "on-path IPv6: mode both and tc"
	ktap_fail "on-path IPv6: the server saw the MCP"
fi

# --- a live IPv6 conversion: the dump, then rmmod under it -----------------
nsx "$NS_SRV" timeout 60 socat -u TCP6-LISTEN:5105,bind="[$DST6]",reuseaddr \
	OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5105
nsx "$NS_CLI" bash -c "timeout 120 '$MCPCONNECT' -q -t 60 $HAAP_WAN6 5105 $DST6 5105 \
	< <(sleep 120) > /dev/null; echo \$? > '$tmp/live.rc'" &
ha_wait 10 bash -c "'$BONDCTL' -n $NS_HAAP mcp conversions | grep -q '^relaying'"
line=$(bondctl -n "$NS_HAAP" mcp conversions)
ktap_check "dump: $line" \
	bash -c "echo '$line' | grep -q 'relaying \[$CLI6\]:[0-9]* -> \[$HAAP_WAN6\]:5105 | \[$HAAP_WAN6\]:[0-9]* -> \[$DST6\]:5105'"

ktap_check "rmmod with a live IPv6 conversion" rmmod mcp_proxy
ha_wait 10 test -s "$tmp/live.rc"
ktap_check "the client's connection ended (exit $(cat "$tmp/live.rc" 2>/dev/null))" \
	test -s "$tmp/live.rc"
bad=$(dmesg | tail -n +"$start_dmesg" | grep -E 'BUG|WARNING|refcount|unregister_netdevice|leak' | head -3)
ktap_check "kernel log clean ($bad)" test -z "$bad"

rm -rf "$tmp"
ktap_finish
