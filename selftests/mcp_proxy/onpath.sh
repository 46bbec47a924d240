#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Downstream MCP, on-path mode (draft sections 4, 7.2.1), and the source
# IE of explicit mode. An MPTCP SYN from the client to the server itself
# passes through the HAAP; with MP_PREFER_PROXY (added on the client's way
# out by tc, mcp_prefer_proxy in mcp_lib.sh) the MCP terminates it and
# connects to the SYN's destination, so the plain TCP server sees the MCP's
# address. Without the option the SYN is forwarded untouched (the server
# sees the client); the option without MP_CAPABLE, or in a segment that is
# not a SYN, is ignored and counted. Explicit mode: a source IE inside the
# client's subscriber prefix is what the server sees; outside it the
# conversion is refused and counted.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require
ha_require tc

tmp=$(mktemp -d)
start_dmesg=$(dmesg | wc -l)

ktap_header 21
if ! mcp_setup; then
	ktap_fail "setup"
	ktap_finish
fi
for m in cls_u32 act_pedit act_csum sch_ingress; do
	modprobe -q "$m" 2>/dev/null
done
ktap_check "mode both accepted" bondctl -n "$NS_HAAP" mcp set mode both
ktap_check "bondctl shows the mode" \
	bash -c "\"$BONDCTL\" -n $NS_HAAP mcp show | grep -q 'mode both'"
if ! mcp_prefer_proxy on; then
	ktap_fail "tc cannot add MP_PREFER_PROXY on the client"
	ktap_finish
fi

# serve PORT FILE: a plain TCP server that stores what it gets, logs peers
serve() {
	nsx "$NS_SRV" socat -d -d -u TCP-LISTEN:"$1",bind=$DST4,reuseaddr \
		CREATE:"$2" 2> "$2.log" &
	ha_wait_listen "$NS_SRV" "$1"
}

# --- on-path: converted toward the SYN's destination -----------------------
head -c $((4 << 20)) /dev/urandom > "$tmp/up.in"
serve 5101 "$tmp/up.out"
mcp_connect -t 20 -n -s hello "$DST4" 5101 < "$tmp/up.in" > /dev/null \
	2> "$tmp/up.cli"
rc=$?
wait
ktap_diag "tc: $(nsx "$NS_CLI" tc -s filter show dev eth0 egress | grep -m1 -o 'Sent [0-9]* bytes [0-9]* pkt')"
{ printf hello; cat "$tmp/up.in"; } | sha256sum > "$tmp/up.want"
ktap_check "on-path upload 4 MiB: exit $rc, sha256 matches" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/up.out")" = "$(cat "$tmp/up.want")"
ktap_check "on-path: the server saw the MCP's address $MCP4, not the client" \
	grep -q "accepting connection from AF=2 $MCP4:" "$tmp/up.out.log"
ktap_check "on-path: counted (syn_prefer_proxy, conv_established)" \
	test "$(mcp_counter syn_prefer_proxy)" -ge 1 -a \
		"$(mcp_counter conv_established)" -ge 1

# download. The server reads what the client sends (the SYN data "x",
# relayed by the MCP) into /dev/null: a socket closed with unread data
# resets the connection (tcp_close()) and drops what is still unsent, so
# a server that never reads (socat -u) resets the MCP's server leg when
# the 4 MiB have not left within socat's 0.5 s after its EOF, and the
# MCP passes the reset on to the client.
head -c $((4 << 20)) /dev/urandom > "$tmp/down.in"
before=$(mcp_counter relay_abort)
nsx "$NS_SRV" socat TCP-LISTEN:5102,bind=$DST4,reuseaddr \
	OPEN:"$tmp/down.in"'!!'OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5102
mcp_connect -q -t 20 -n -s x "$DST4" 5102 < /dev/null > "$tmp/down.out"
rc=$?
wait
ktap_diag "download: $(stat -c %s "$tmp/down.out") bytes, relay_abort $before -> $(mcp_counter relay_abort)"
ktap_check "on-path download 4 MiB: exit $rc, sha256 matches" \
	test $rc -eq 0 -a "$(sha256sum < "$tmp/down.out")" = \
		"$(sha256sum < "$tmp/down.in")"

nsx "$NS_SRV" socat -u TCP-LISTEN:5104,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5104
nsx "$NS_CLI" bash -c "'$MCPCONNECT' -q -n -s x -t 30 $DST4 5104 \
	< <(sleep 8) > /dev/null" &
ha_wait 10 bash -c "'$BONDCTL' -n $NS_HAAP mcp conversions | grep -q '^relaying'"
line=$(bondctl -n "$NS_HAAP" mcp conversions)
ktap_check "dump: $line" \
	bash -c "echo '$line' | grep -q 'relaying $CLI4:[0-9]* -> $DST4:5104 | $MCP4:[0-9]* -> $DST4:5104'"
wait

# --- refused server: the client's handshake waits for the server's ---------
before=$(mcp_counter server_refused)
mcp_connect -q -n -s x -t 10 "$DST4" 5199 < /dev/null
rc=$?
ktap_check "on-path, refused server: the client gets a reset (exit $rc), counted" \
	test $rc -eq 2 -a "$(mcp_counter server_refused)" -eq $((before + 1))

# --- MP_PREFER_PROXY without MP_CAPABLE: forwarded untouched, counted -------
before=$(mcp_counter prefer_proxy_ignored)
serve 5105 "$tmp/plain.out"
mcp_connect -q -P -n -s plain -t 10 "$DST4" 5105 < /dev/null > /dev/null
rc=$?
wait
ktap_check "plain TCP SYN with MP_PREFER_PROXY: forwarded (exit $rc), the server saw the client" \
	grep -q "accepting connection from AF=2 $CLI4:" "$tmp/plain.out.log"
ktap_check "... and counted as ignored" \
	test "$(mcp_counter prefer_proxy_ignored)" -ge $((before + 1))

# --- MP_PREFER_PROXY in a segment without SYN: ignored, counted ------------
before=$(mcp_counter prefer_proxy_ignored)
nsx "$NS_CLI" python3 -c '
import socket, struct, sys
src, dst = sys.argv[1], sys.argv[2]
opt = bytes([0x1e, 4, 0xf0, 0])
hdr = struct.pack("!HHIIBBHHH", 40000, 5998, 1, 1, (5 + len(opt) // 4) << 4,
                  0x10, 1024, 0, 0) + opt
ph = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(hdr))
b = ph + hdr
t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
while t >> 16:
    t = (t & 0xffff) + (t >> 16)
hdr = hdr[:16] + struct.pack("!H", ~t & 0xffff) + hdr[18:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
s.sendto(hdr, (dst, 0))' "$CLI4" "$DST4"
ktap_check "MP_PREFER_PROXY in an ACK: ignored and counted" \
	ha_wait 5 mcp_counter_ge prefer_proxy_ignored $((before + 1))

# --- native MPTCP without MP_PREFER_PROXY: forwarded, never tracked --------
mcp_prefer_proxy off
before=$(mcp_counter conv_started)
serve 5106 "$tmp/native.out"
mcp_connect -q -n -s native -t 10 "$DST4" 5106 < /dev/null > /dev/null
rc=$?
wait
ktap_check "MPTCP SYN without MP_PREFER_PROXY: forwarded (exit $rc), the server saw the client" \
	grep -q "accepting connection from AF=2 $CLI4:" "$tmp/native.out.log"
ktap_check "... and not converted" \
	test "$(mcp_counter conv_started)" -eq "$before"

# --- explicit mode, source IE; the events of bondctl mcp monitor -----------
"$BONDCTL" -n "$NS_HAAP" mcp monitor > "$tmp/mon" 2>&1 &
monpid=$!
# a refused source IE, again until the monitor (joined by then) reports it
refused_seen() {
	mcp_connect -q -t 1 -S 198.51.100.7 -s x "$MCP4" 5107 "$DST4" 5107 \
		< /dev/null
	grep -q '^refused source_refused' "$tmp/mon"
}
before=$(mcp_counter source_refused)
ha_wait 10 refused_seen
ktap_check "source IE outside the subscriber prefixes: refused, counted, monitor reports it" \
	bash -c "grep -q '^refused source_refused' '$tmp/mon' && test $(mcp_counter source_refused) -gt $before"

serve 5107 "$tmp/src.out"
mcp_connect -t 10 -S "$CLI4" -s sourced "$MCP4" 5107 "$DST4" 5107 < /dev/null \
	> /dev/null 2> "$tmp/src.cli"
rc=$?
wait $!
ktap_check "source IE $CLI4 (in the subscriber prefixes): exit $rc, echo of both IEs" \
	bash -c "test $rc -eq 0 && grep -q 'echo ok' '$tmp/src.cli'"
ktap_check "source IE: the server saw $CLI4, data arrived, source_bound counted" \
	bash -c "grep -q 'accepting connection from AF=2 $CLI4:' '$tmp/src.out.log' && test \"\$(cat '$tmp/src.out')\" = sourced -a $(mcp_counter source_bound) -ge 1"

ha_wait 5 grep -q '^ended closed .*:5107' "$tmp/mon"
kill "$monpid" 2>/dev/null
ktap_check "monitor: started and ended closed ($(grep -c . "$tmp/mon") lines)" \
	bash -c "grep -q '^started .*$DST4:5107' '$tmp/mon' && grep -q '^ended closed .*$DST4:5107' '$tmp/mon'"

# --- subflows: the token in the dump, subflows-max enforced ------------------
# On-path, without SYN data: the client's first bytes go after the
# handshake, with an MPTCP mapping, so the connection stays MPTCP and the
# client's path manager, once the MCP acknowledges them, joins from two
# more addresses. The MCP's own MPTCP limit is high, so only subflows-max
# 2 (the first + one join) can stop the second join. The join SYNs get
# MP_PREFER_PROXY from tc as well: the MCP must still see them as joins.
mcp_prefer_proxy on
nsx "$NS_HAAP" ip mptcp limits set subflows 8 add_addr_accepted 8
nsx "$NS_CLI" ip addr add 192.0.2.3/28 dev eth0
nsx "$NS_CLI" ip addr add 192.0.2.4/28 dev eth0
nsx "$NS_CLI" ip mptcp limits set subflows 8 add_addr_accepted 8
nsx "$NS_CLI" ip mptcp endpoint add 192.0.2.3 dev eth0 subflow
nsx "$NS_CLI" ip mptcp endpoint add 192.0.2.4 dev eth0 subflow
bondctl -n "$NS_HAAP" mcp set subflows-max 2
nsx "$NS_SRV" socat -u TCP-LISTEN:5108,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5108
nsx "$NS_CLI" bash -c "'$MCPCONNECT' -q -n -t 30 $DST4 5108 \
	< <(echo hello; sleep 20) > /dev/null" &
ha_wait 15 mcp_counter_ge subflow_limit 1
line=$(bondctl -n "$NS_HAAP" mcp conversions | grep ':5108 ')
token=$(echo "$line" | sed -n 's/.* token \([0-9a-f]*\) .*/\1/p')
ss_tokens=$(nsx "$NS_HAAP" ss -MHni 2>/dev/null | grep -o 'token:[0-9a-f]*' | cut -d: -f2)
ktap_diag "dump: $line; ss tokens: $(echo $ss_tokens)"
ktap_check "dump: the MPTCP token ($token) is the MCP's connection's (ss -M)" \
	bash -c "test -n '$token' && echo '$ss_tokens' | grep -qx \"\$(printf %x 0x$token)\""
ktap_check "one join taken, the second over subflows-max dropped (joined $(mcp_counter subflow_joined), limit $(mcp_counter subflow_limit))" \
	test "$(mcp_counter subflow_joined)" -eq 1 -a "$(mcp_counter subflow_limit)" -ge 1
ktap_check "dump: subflows 2" bash -c "echo '$line' | grep -q ' subflows 2 '"
wait

bad=$(dmesg | tail -n +"$start_dmesg" | grep -E 'BUG|WARNING|refcount|leak' | head -3)
ktap_check "kernel log clean ($bad)" test -z "$bad"
kill %% 2>/dev/null
rm -rf "$tmp"
ktap_finish
