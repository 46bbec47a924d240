#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Downstream MCP, on-path mode (draft sections 4, 7.2.1), and the source
# IE of explicit mode. An MPTCP SYN from the client to the server itself
# passes through the HAAP; with MP_PREFER_PROXY (added on the client's way
# out by tc, mcp_prefer_proxy in mcp_lib.sh) the MCP terminates it and
# connects to the SYN's destination, so the plain TCP server sees the MCP's
# address: 64 MiB each way with sha256 from a client on DSL and LTE (a
# subflow on each), one flow at least 1.5x the DSL-alone rate. Without
# the option the SYN is forwarded untouched (the server sees the
# client); the option without MP_CAPABLE, or in a segment that is
# not a SYN, is ignored and counted. Explicit mode: a source IE inside the
# client's subscriber prefix is what the server sees; outside it the
# conversion is refused and counted.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require
ha_require tc

mcp_test_start 25 mcp_setup
for m in cls_u32 act_pedit act_csum sch_ingress; do
	modprobe -q "$m" 2>/dev/null
done
lte_ok=1
mcp_client_lte || lte_ok=0
ktap_check "mode both accepted, client on DSL and LTE" \
	bash -c "test $lte_ok = 1 && '$BONDCTL' -n $NS_HAAP mcp set mode both"
ktap_check "bondctl shows the mode" \
	bash -c "\"$BONDCTL\" -n $NS_HAAP mcp show | grep -q 'mode both'"
if ! mcp_prefer_proxy on; then
	ktap_fail "tc cannot add MP_PREFER_PROXY on the client"
	ktap_finish
fi

# serve PORT FILE: a plain TCP server that stores what it gets, logs peers
serve() {
	nsx "$NS_SRV" timeout 180 socat -d -d -u TCP-LISTEN:"$1",bind=$DST4,reuseaddr \
		CREATE:"$2" 2> "$2.log" &
	ha_wait_listen "$NS_SRV" "$1"
}

# --- on-path, 64 MiB each way, the client on DSL and LTE -------------------
# Without SYN data: a Fast Open SYN's data goes out again after the
# handshake without a DSS mapping and the connection falls back to TCP
# (Documentation/mcp_proxy.rst), so only a connection whose first bytes
# follow the handshake gets its LTE subflow. Both links at 40 Mbit/s: the
# links, not the guest's CPU, limit the transfer.
ha_link_shape dsl 40mbit 5ms
ha_link_shape lte 40mbit 5ms
mcp_bulk_prepare "$tmp"
mcp_sink 5101 "$tmp/up.got"
lte0=$(mcp_tx_bytes "$NS_HG" lte0)
t0=$(date +%s.%N)
mcp_connect -q -t 20 -n "$DST4" 5101 < "$tmp/bulk" > /dev/null
rc=$?
t1=$(date +%s.%N)
wait
ktap_diag "upload ${MCP_BULK_MIB} MiB: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }'); tc: $(nsx "$NS_CLI" tc -s filter show dev eth0 egress | grep -m1 -o 'Sent [0-9]* bytes [0-9]* pkt')"
ktap_check "on-path upload ${MCP_BULK_MIB} MiB: exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/up.got" "$tmp/bulk.sha256"
ktap_check "on-path: the server saw the MCP's address $MCP4, not the client" \
	grep -q "accepting connection from AF=2 $MCP4:" "$tmp/up.got.log"
ktap_check "on-path: counted (syn_prefer_proxy, conv_established)" \
	test "$(mcp_counter syn_prefer_proxy)" -ge 1 -a \
		"$(mcp_counter conv_established)" -ge 1
mcp_check_share "on-path upload, subflow on LTE" "$NS_HG" lte0 "$lte0" $MCP_BULK_BYTES
mcp_diag_mptcp "$NS_CLI" "$NS_HAAP"

# The client keeps its side open until the server's EOF: a client that
# closes it at once gets no LTE subflow from 6.1 (mcp_connect_open).
mcp_source 5102 "$tmp/bulk"
lte0=$(mcp_tx_bytes "$NS_HAAP" lte0)
t0=$(date +%s.%N)
mcp_connect_open -q -t 20 -n "$DST4" 5102 | sha256sum > "$tmp/down.got"
rc=${PIPESTATUS[0]}
t1=$(date +%s.%N)
wait
ktap_diag "download ${MCP_BULK_MIB} MiB: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }'), relay_abort $(mcp_counter relay_abort)"
ktap_check "on-path download ${MCP_BULK_MIB} MiB: exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/down.got" "$tmp/bulk.sha256"
mcp_check_share "on-path download, subflow on LTE" "$NS_HAAP" lte0 "$lte0" $MCP_BULK_BYTES

# --- one flow over both links against DSL alone ------------------------------
# The same download, by the same tool, twice: plain TCP from CLI4 (routed
# over DSL; its SYN gets the option too, ignored without MP_CAPABLE), then
# one on-path conversion from the client on DSL and LTE. Neither has
# timestamps (the tc rewrite takes them).
# Links at 10 Mbit/s (MCP_RATE_LINK, mcp_lib.sh). 16 MiB, not less: the
# timing includes process start and, for the conversion, the join after
# the first data (about a second under TCG in all), which at 12 MiB and
# 20 Mbit/s took a tenth off the ratio (1.48x in one run).
mcp_rate_shape
rate_bytes=$((16 << 20))
dsl_bps=$(mcp_download_bps 5110 $rate_bytes -P -n "$DST4" 5110)
bps=$(mcp_download_bps 5111 $rate_bytes -n "$DST4" 5111)
mcp_check_vs_dsl "one on-path flow" "$bps" "$dsl_bps"
ha_link_shape dsl 100mbit 5ms
ha_link_shape lte 100mbit 5ms

# --- on-path with SYN data: relayed first, in order ---------------------------
serve 5103 "$tmp/syn.out"
printf world | mcp_connect -q -t 10 -n -s hello "$DST4" 5103 > /dev/null
rc=$?
wait
ktap_check "on-path, SYN data: exit $rc, the server got it first ($(head -c 20 "$tmp/syn.out"))" \
	test $rc -eq 0 -a "$(cat "$tmp/syn.out")" = helloworld

nsx "$NS_SRV" timeout 60 socat -u TCP-LISTEN:5104,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5104
nsx "$NS_CLI" bash -c "timeout 60 '$MCPCONNECT' -q -n -s x -t 30 $DST4 5104 \
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
# the second address besides MCP_CLI_LTE4 (mcp_client_lte): two joins
nsx "$NS_CLI" ip addr add 192.0.2.4/28 dev eth0
nsx "$NS_CLI" ip mptcp limits set subflows 8 add_addr_accepted 8
nsx "$NS_CLI" ip mptcp endpoint add 192.0.2.4 dev eth0 subflow
joined=$(mcp_counter subflow_joined)
limited=$(mcp_counter subflow_limit)
bondctl -n "$NS_HAAP" mcp set subflows-max 2
nsx "$NS_SRV" timeout 60 socat -u TCP-LISTEN:5108,bind=$DST4,reuseaddr OPEN:/dev/null &
ha_wait_listen "$NS_SRV" 5108
nsx "$NS_CLI" bash -c "timeout 60 '$MCPCONNECT' -q -n -t 30 $DST4 5108 \
	< <(echo hello; sleep 20) > /dev/null" &
ha_wait 15 mcp_counter_ge subflow_limit $((limited + 1))
line=$(bondctl -n "$NS_HAAP" mcp conversions | grep ':5108 ')
token=$(echo "$line" | sed -n 's/.* token \([0-9a-f]*\) .*/\1/p')
ss_tokens=$(nsx "$NS_HAAP" ss -MHni 2>/dev/null | grep -o 'token:[0-9a-f]*' | cut -d: -f2)
ktap_diag "dump: $line; ss tokens: $(echo $ss_tokens)"
ktap_check "dump: the MPTCP token ($token) is the MCP's connection's (ss -M)" \
	bash -c "test -n '$token' && echo '$ss_tokens' | grep -qx \"\$(printf %x 0x$token)\""
ktap_check "one join taken, the second over subflows-max dropped (joined $joined -> $(mcp_counter subflow_joined), limit $limited -> $(mcp_counter subflow_limit))" \
	test "$(mcp_counter subflow_joined)" -eq $((joined + 1)) -a \
		"$(mcp_counter subflow_limit)" -ge $((limited + 1))
ktap_check "dump: subflows 2" bash -c "echo '$line' | grep -q ' subflows 2 '"
wait

bad=$(dmesg | tail -n +"$start_dmesg" | grep -E 'BUG|WARNING|refcount|leak' | head -3)
ktap_check "kernel log clean ($bad)" test -z "$bad"
kill %% 2>/dev/null
rm -rf "$tmp"
ktap_finish
