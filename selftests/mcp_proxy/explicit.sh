#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Downstream MCP, explicit mode: an MPTCP client (mcpconnect) puts an
# MP_CONVERT IE in its SYN, addressed to the MCP on the HAAP; the MCP
# connects to a plain TCP server (socat) and relays. The client's IE gets
# into its SYN by the module's SYN_IE_SET (no Fast Open: the connection
# stays multipath); a registration for another process's socket or for a
# connected one is refused with the kernel's message, and none is left
# over. 64 MiB each way with
# sha256 from a client on DSL and LTE (a subflow on each), one flow at
# least 1.5x the DSL-alone rate, a join on the internal listener's own
# port, SYN data after the IE in order, a Fast Open client's SYN data sent
# to the server before its handshake completes and relayed once, the
# server sees the MCP's address, a refused server resets the client,
# malformed IEs are refused and counted, an IE of another type is skipped
# (a long IE area), native MPTCP to the MCP's address
# passes untouched, a client outside the subscriber prefixes is refused,
# the conversion dump, rmmod with a live conversion.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require

mcp_test_start 38 mcp_setup
lte_ok=1
mcp_client_lte || lte_ok=0
# the client's own counters: its SYN IE registrations (syn_ie.c)
cli_counter() {
	local v
	v=$(bondctl -n "$NS_CLI" -ss mcp show | awk -v n="$1" '$1 == n { print $2 }')
	echo "${v:-0}"
}
ktap_check "MCP configured, listener up, client on DSL and LTE" \
	bash -c "test $lte_ok = 1 && \"$BONDCTL\" -n $NS_HAAP mcp show | grep -q 'listening yes'"

out=$(bondctl -n "$NS_HAAP" mcp set half-open-timeout 5 2>&1)
rc=$?
ktap_check "out-of-range setting refused with the kernel's message ($out)" \
	test $rc -eq 1 -a -n "$(echo "$out" | grep '^Error:')"

# --- 64 MiB each way, the client on DSL and LTE ----------------------------
# Both links at 40 Mbit/s: the links, not the guest's CPU, limit the
# transfer, so a subflow on LTE has to carry a real share of it.
ha_link_shape dsl 40mbit 5ms
ha_link_shape lte 40mbit 5ms
mcp_bulk_prepare "$tmp"
mcp_sink 5001 "$tmp/up.got"
# what the server must get: the SYN data, then the file (hashed meanwhile)
{ printf hello; cat "$tmp/bulk"; } | sha256sum > "$tmp/up.want" &
lte0=$(mcp_tx_bytes "$NS_HG" lte0)
t0=$(date +%s.%N)
mcp_connect -t 20 -s "hello" "$MCP4" 5001 "$DST4" 5001 \
	< "$tmp/bulk" > /dev/null 2> "$tmp/up.cli"
rc=$?
t1=$(date +%s.%N)
wait
ktap_diag "upload ${MCP_BULK_MIB} MiB: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')"
ktap_check "upload: client got the echo of its IE" \
	grep -q 'echo ok' "$tmp/up.cli"
sent=$(cli_counter syn_ie_sent)
ktap_check "upload: the IE went in the SYN by registration (client syn_ie_sent $sent, registered $(cli_counter syn_ie_registered)), not Fast Open" \
	test "$sent" -ge 1 -a "$(cli_counter syn_ie_registered)" -ge 1 \
		-a -z "$(grep 'Fast Open' "$tmp/up.cli")"
ktap_check "upload ${MCP_BULK_MIB} MiB: mcpconnect exit $rc, SYN data first, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/up.got" "$tmp/up.want"
ktap_check "server saw plain TCP from the MCP's address $MCP4" \
	grep -q "accepting connection from AF=2 $MCP4:" "$tmp/up.got.log"
mcp_check_share "upload, subflow on LTE" "$NS_HG" lte0 "$lte0" $MCP_BULK_BYTES
mcp_diag_mptcp "$NS_CLI" "$NS_HAAP"

mcp_source 5002 "$tmp/bulk"
lte0=$(mcp_tx_bytes "$NS_HAAP" lte0)
t0=$(date +%s.%N)
# the client's side stays open: a join needs both ends not half-closed
mcp_connect_open -q -t 20 "$MCP4" 5002 "$DST4" 5002 |
	sha256sum > "$tmp/down.got"
rc=${PIPESTATUS[0]}
t1=$(date +%s.%N)
wait
ktap_diag "download ${MCP_BULK_MIB} MiB: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }')"
ktap_check "download ${MCP_BULK_MIB} MiB: mcpconnect exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/down.got" "$tmp/bulk.sha256"
mcp_check_share "download, subflow on LTE" "$NS_HAAP" lte0 "$lte0" $MCP_BULK_BYTES
conv_done() {
	test "$(mcp_counter conv_closed)" -eq 2 -a \
		"$(mcp_counter conv_established)" -eq 2
}
ktap_check "two conversions established and closed cleanly" ha_wait 5 conv_done

# --- Fast Open: the SYN's data goes to the server at once -----------------------
# The IE and the data behind it ride in the SYN as Fast Open data (-F). The
# MCP sends that data to the server as soon as the server's connection is
# up, before the client's handshake completes; the copy the client sends
# again after the handshake is dropped. The server must get it exactly
# once, before the rest.
head -c 1M "$tmp/bulk" > "$tmp/tfo.in"
{ printf early-data; cat "$tmp/tfo.in"; } | sha256sum > "$tmp/tfo.want"
mcp_sink 5003 "$tmp/tfo.got"
early=$(mcp_counter syn_data_early)
mcp_connect -F -t 20 -s early-data "$MCP4" 5003 "$DST4" 5003 \
	< "$tmp/tfo.in" > /dev/null 2> "$tmp/tfo.cli"
rc=$?
wait
early_sent() {
	test "$(mcp_counter syn_data_early)" -eq $((early + 1))
}
ktap_check "Fast Open SYN data sent to the server ahead of the handshake (syn_data_early $early -> $(mcp_counter syn_data_early))" \
	early_sent
ktap_check "... and relayed once, in order: mcpconnect exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/tfo.got" "$tmp/tfo.want"
ktap_check "Fast Open client: echo checked" grep -q 'echo ok' "$tmp/tfo.cli"

# --- one flow over both links against DSL alone ------------------------------
# The same download, by the same tool, twice: plain TCP from CLI4 (routed
# over DSL), then one conversion from the client on DSL and LTE. Links at
# 10 Mbit/s (MCP_RATE_LINK), where the emulated CPUs are not the limit
# (mcp_lib.sh); 16 MiB: process start and the join weigh little.
mcp_rate_shape
rate_bytes=$((16 << 20))
dsl_bps=$(mcp_download_bps 5007 $rate_bytes -P -n "$DST4" 5007)
bps=$(mcp_download_bps 5008 $rate_bytes "$MCP4" 5008 "$DST4" 5008)
mcp_check_vs_dsl "one converted flow" "$bps" "$dsl_bps"
ha_link_shape dsl 100mbit 5ms
ha_link_shape lte 100mbit 5ms

# --- a conversion on the internal listener's own port (4399) ----------------
# Its join listener is the internal listener itself (struct mcp_join_lsn):
# the client's LTE join must be completed by the MCP's MPTCP, not refused
# for its port (MismatchPortSynRx) nor dropped for want of a listener.
joined=$(mcp_counter subflow_joined)
acks=$(mcp_mib "$NS_HAAP" MPTcpExtMPJoinAckRx)
mismatch=$(mcp_mib "$NS_HAAP" MPTcpExtMismatchPortSynRx)
bps=$(mcp_download_bps 4399 $((16 << 20)) "$MCP4" 4399 "$DST4" 4399)
acks2=$(mcp_mib "$NS_HAAP" MPTcpExtMPJoinAckRx)
mismatch2=$(mcp_mib "$NS_HAAP" MPTcpExtMismatchPortSynRx)
ktap_check "on the internal listener's port: 16 MiB arrived, the join taken (subflow_joined $joined -> $(mcp_counter subflow_joined), MPJoinAckRx ${acks:-0} -> ${acks2:-0}, MismatchPortSynRx ${mismatch:-0} -> ${mismatch2:-0})" \
	test "$bps" -gt 0 -a "$(mcp_counter subflow_joined)" -gt "$joined" \
		-a "${acks2:-0}" -gt "${acks:-0}" \
		-a "${mismatch2:-0}" -eq "${mismatch:-0}"

# --- time to first byte: direct TCP against the MCP, on a 30 ms RTT path ----
# Reported, not judged: speed is for benchmarks (perf-anchors B5); the
# MCP measured about 0 RTT added here (Documentation/mcp_proxy.rst).
ha_link_shape dsl 100mbit 15ms
rtt=$(ha_rtt_ms "$NS_CLI" "$MCP4" 5)
nsx "$NS_SRV" timeout 60 socat -U TCP-LISTEN:5006,bind=$DST4,reuseaddr,fork \
	SYSTEM:"echo banner" &
ha_wait_listen "$NS_SRV" 5006
ttfb() {	# median of 5 ttfb_us
	local i
	for i in 1 2 3 4 5; do
		mcp_connect -T -t 5 "$@" < /dev/null 2>&1 >/dev/null |
			awk '/ttfb_us/ { print $3 }'
	done | sort -n | sed -n 3p
}
direct=$(ttfb -P -n -s x "$DST4" 5006)
viamcp=$(ttfb -s x "$MCP4" 5006 "$DST4" 5006)
added=$(awk -v a="${viamcp:-0}" -v d="${direct:-0}" -v r="$rtt" \
	'BEGIN { printf "%.3f", (a - d) / 1000 / r }')
ktap_diag "TTFB median of 5: direct ${direct} us, via MCP ${viamcp} us, RTT ${rtt} ms: added ${added} RTT"

# --- registrations the kernel must refuse (the banner server still up) ------
out=$(mcp_connect -X connected "$DST4" 5006 "$DST4" 5006 2>&1)
ktap_check "registration for a connected socket refused ($out)" \
	bash -c "echo '$out' | grep -q 'register before connect()'"
out=$(mcp_connect -X foreign "$MCP4" 5001 "$DST4" 5001 2>&1)
ktap_check "registration for another process's socket refused ($out)" \
	bash -c "echo '$out' | grep -q 'no socket with this descriptor in the calling process'"
ha_link_shape dsl 100mbit 5ms
kill %% 2>/dev/null
wait

# --- refused server ---------------------------------------------------------
t0=$(date +%s%N)
mcp_connect -q -t 10 "$MCP4" 5999 "$DST4" 5999 < /dev/null
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
ktap_check "refused server: the client gets a reset (exit $rc, ${ms} ms)" \
	test $rc -eq 2
ktap_check "refused server: counted" mcp_counter_ge server_refused 1

# --- malformed IEs: not converted, counted ---------------------------------
magic=faa8faa8
malformed() {	# NAME COUNTER HEX
	mcp_check_not_converted "malformed $1" "$2" "$3" "$MCP4" 5001
}
malformed "bad length" ie_bad_length ${magic}000c00010a14008213890000
malformed "two destination IEs" ie_same_d \
	${magic}000a00000a14008213890000${magic}000a00010a14008213890000
malformed "loopback address" ie_addr_loopback ${magic}000a00017f00000113890000
malformed "multicast address" ie_addr_multicast ${magic}000a0001e000000113890000
malformed "truncated" ie_truncated ${magic}00
malformed "length past the payload" ie_overrun ${magic}001600010a140082

before=$(mcp_counter ie_without_mpc)
mcp_connect -q -P -t 2 "$MCP4" 5001 "$DST4" 5001 < /dev/null
rc=$?
ktap_check "IE without MP_CAPABLE (plain TCP): not converted (exit $rc), counted" \
	test \( $rc -eq 2 -o $rc -eq 4 \) -a \
		"$(mcp_counter ie_without_mpc)" -eq $((before + 1))

# An IE of another type is skipped by its Length. With it, these IEs take
# 60 octets: more than a conversion keeps in place (MCP_IE_INLINE in conv.c).
# The echo holds the type-0 IE alone.
dst_ie=${magic}000a00010a14008213910000
mcp_sink 5009 "$tmp/other.got"
printf after-the-ies | sha256sum > "$tmp/other.want"
mcp_connect -q -t 10 -s after-the-ies \
	-r ${magic}07280000$(printf '%072d' 0)$dst_ie "$MCP4" 5009 \
	< /dev/null > "$tmp/other.echo"
rc=$?
echo_hex=$(od -An -tx1 "$tmp/other.echo" | tr -d ' \n')
ok=0
[ "$echo_hex" = "$dst_ie" ] &&
	mcp_transfer_ok $rc "$tmp/other.got" "$tmp/other.want" && ok=1
ktap_check "an IE of another type ahead of the destination: skipped, converted, the data relayed after the IEs (exit $rc, sha256), echo $echo_hex" \
	test $ok = 1

# --- IPv4 client leg, IPv6 server leg --------------------------------------
head -c $((1 << 20)) /dev/urandom > "$tmp/v6.in"
nsx "$NS_SRV" timeout 60 socat -d -d -u TCP6-LISTEN:5005,bind="[$DST6]",reuseaddr \
	CREATE:"$tmp/v6.out" 2> "$tmp/v6.log" &
ha_wait_listen "$NS_SRV" 5005
mcp_connect -q -t 20 "$MCP4" 5005 "$DST6" 5005 < "$tmp/v6.in" > /dev/null
rc=$?
wait
ktap_check "IPv6 server leg: 1 MiB, exit $rc, sha256 matches" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/v6.out")" = \
		"$(sha256sum < "$tmp/v6.in")"
# socat writes the address in full: compare it normalised
from=$(sed -n 's/.*accepting connection from AF=10 \[\([^]]*\)\].*/\1/p' \
	"$tmp/v6.log" | head -n1)
from=$(python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]))' \
	"${from:-::}")
ktap_check "IPv6 server leg: the server saw the MCP's address ($from)" \
	test "$from" = "$HAAP_WAN6"

# --- native MPTCP to the MCP's address, SYN data without magic --------------
conv_before=$(mcp_counter syn_convert)
nsx "$NS_HAAP" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 7000)); s.listen(1)
c, _ = s.accept(); d = b""
while True:
    b = c.recv(100)
    if not b: break
    d += b
c.sendall(d); c.close()' "$MCP4" &
ha_wait_listen "$NS_HAAP" 7000
got=$(mcp_connect -q -n -t 5 -s native-ping "$MCP4" 7000 < /dev/null)
wait
ktap_check "native MPTCP to the MCP's address passes untouched ($got)" \
	test "$got" = native-ping -a "$(mcp_counter syn_convert)" -eq "$conv_before"

# --- subscriber prefixes ----------------------------------------------------
bondctl -n "$NS_HAAP" mcp prefix del "$SUB4"
mcp_connect -q -t 2 "$MCP4" 5001 "$DST4" 5001 < /dev/null
rc=$?
ktap_check "client outside the subscriber prefixes: not converted (exit $rc), counted" \
	test \( $rc -eq 2 -o $rc -eq 4 \) -a "$(mcp_counter not_subscriber)" -eq 1
bondctl -n "$NS_HAAP" mcp prefix add "$SUB4"

# --- a live conversion: the dump, then rmmod under it -----------------------
nsx "$NS_SRV" timeout 60 socat -u TCP-LISTEN:5004,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5004
# stdin stays open (and bash does not wait for it) until the connection ends
nsx "$NS_CLI" bash -c "timeout 120 '$MCPCONNECT' -q -t 60 $MCP4 5004 $DST4 5004 \
	< <(sleep 120) > /dev/null; echo \$? > '$tmp/live.rc'" &
ha_wait 10 bash -c "'$BONDCTL' -n $NS_HAAP mcp conversions | grep -q '^relaying'"
line=$(bondctl -n "$NS_HAAP" mcp conversions)
ktap_check "dump: $line" \
	bash -c "echo '$line' | grep -q 'relaying $CLI4:[0-9]* -> $MCP4:5004 | $MCP4:[0-9]* -> $DST4:5004'"
ktap_check "JSON dump parses" \
	bash -c "'$BONDCTL' -j -n $NS_HAAP mcp conversions | python3 -c 'import json,sys; assert json.load(sys.stdin)[0][\"state\"] == \"relaying\"'"
# every registration ended: handshakes done, sockets closed, or expired
no_pending() {
	"$BONDCTL" -n "$NS_CLI" mcp show | grep -q '^host syn-ie-pending 0$'
}
ktap_check "client namespace: no SYN IE registration left ($(cli_counter syn_ie_registered) made, $(cli_counter syn_ie_unused) unused)" \
	ha_wait 12 no_pending
ktap_check "JSON show with counters parses" \
	bash -c "'$BONDCTL' -j -s -n $NS_HAAP mcp show | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"counters\"][\"conv_established\"] >= 3'"

ktap_check "rmmod with a live conversion" rmmod mcp_proxy
ha_wait 10 test -s "$tmp/live.rc"
ktap_check "the client's connection ended (exit $(cat "$tmp/live.rc" 2>/dev/null))" \
	test -s "$tmp/live.rc"
mcp_test_end
