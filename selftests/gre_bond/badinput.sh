#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and foreign GRE is dropped, counted by reason, never delivered;
# invalid configuration is refused with the kernel's extack message, which
# bondctl prints.
source "$(dirname "$0")/gb_lib.sh"
gb_require

ktap_header 16
ha_topo_create || { ktap_fail "topology"; ktap_finish; }
gb_setup || { ktap_fail "bonds created"; ktap_finish; }
ktap_ok "bonds created"
# an address on the HAAP that is no tunnel's remote
nsx "$NS_HAAP" ip addr add 198.51.100.6/32 dev dsl0
nsx "$NS_HG" ip route add 198.51.100.6/32 dev dsl0

# gre SRC FLAGS PROTO [KEY] [SEQ] [TRUNCATE]: send one GRE packet from the
# HAAP to the HG's DSL address, carrying an ICMP echo request to the HG's
# bond address as its inner packet (which the HG would answer if it were
# delivered).
gre() {
	nsx "$NS_HAAP" python3 - "$@" "$HG_DSL4" "$HAAP_BOND4" "$HG_BOND4" <<'PY'
import socket, struct, sys
src, flags, proto, key, seq, trunc, dst, isrc, idst = sys.argv[1:10]
flags, proto = int(flags, 0), int(proto, 0)
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
icmp = struct.pack("!BBHHH", 8, 0, 0, 0x4242, 1) + b"x" * 32
icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 1, 0, 64, 1, 0,
                 socket.inet_aton(isrc), socket.inet_aton(idst))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
opt = b""
if flags & 0x8000: opt += b"\0\0\0\0"
if flags & 0x2000: opt += struct.pack("!I", int(key, 0))
if flags & 0x1000: opt += struct.pack("!I", int(seq, 0))
pkt = struct.pack("!HH", flags, proto) + opt + ip
if flags & 0x8000 and trunc != "badcsum":
    c = csum(pkt)
    pkt = pkt[:4] + struct.pack("!H", c) + pkt[6:]
if trunc not in ("0", "badcsum"): pkt = pkt[:int(trunc)]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_GRE)
s.bind((src, 0))
s.sendto(pkt, (dst, 0))
PY
}

key=$GB_KEY
# drop_check NAME COUNTER ARGS...: send 3 packets, the counter grows by 3,
# and nothing reaches the bond device
drop_check() {
	local name=$1 counter=$2 before after rx0 rx1
	shift 2
	before=$(gb_stat "$NS_HG" "$counter")
	rx0=$(nsx "$NS_HG" cat /sys/class/net/hab0/statistics/rx_packets)
	for i in 1 2 3; do gre "$@"; done
	ha_wait 3 gb_stat_ge "$NS_HG" "$counter" $((before + 3))
	after=$(gb_stat "$NS_HG" "$counter")
	rx1=$(nsx "$NS_HG" cat /sys/class/net/hab0/statistics/rx_packets)
	if [ "$after" -ge $((before + 3)) ] && [ "$rx0" = "$rx1" ]; then
		ktap_ok "$name: dropped, $counter $before -> $after"
	else
		ktap_fail "$name: $counter $before -> $after, delivered $((rx1 - rx0))"
	fi
}

drop_check "truncated GRE header" drop_short $HAAP_DSL4 0x3000 0x0800 $key 100 6
drop_check "GRE version 1" drop_bad_version $HAAP_DSL4 0x3001 0x0800 $key 100 0
drop_check "routing bit set" drop_bad_flags $HAAP_DSL4 0x7000 0x0800 $key 100 0
drop_check "no key" drop_bad_flags $HAAP_DSL4 0x1000 0x0800 0 100 0
drop_check "inner protocol ARP" drop_bad_proto $HAAP_DSL4 0x3000 0x0806 $key 100 0
drop_check "wrong checksum" drop_bad_csum $HAAP_DSL4 0xb000 0x0800 $key 100 badcsum
drop_check "unknown key" drop_unknown_key $HAAP_DSL4 0x3000 0x0800 0x99 100 0
drop_check "unknown source" drop_unknown_source 198.51.100.6 0x3000 0x0800 $key 100 0

# positive control: the same packet, well formed, is delivered and answered
rx0=$(nsx "$NS_HG" cat /sys/class/net/hab0/statistics/rx_packets)
gre $HAAP_DSL4 0x2000 0x0800 $key 0 0
ha_wait 3 bash -c "[ \$(ip netns exec $NS_HG cat /sys/class/net/hab0/statistics/rx_packets) -gt $rx0 ]"
ktap_check "well-formed GRE (S=0) is delivered" \
	test "$(nsx "$NS_HG" cat /sys/class/net/hab0/statistics/rx_packets)" -gt "$rx0"

# invalid configuration: refused, with the kernel's reason on stderr
refused() {
	local name=$1 pattern=$2 err
	shift 2
	if err=$(bondctl -n "$NS_HG" "$@" 2>&1); then
		ktap_fail "$name: accepted"
	elif echo "$err" | grep -qiE "$pattern"; then
		ktap_ok "$name: refused ($(echo "$err" | head -n1))"
	else
		ktap_fail "$name: refused without the expected message: $err"
	fi
}
refused "duplicate tunnel id" "error" tunnel add hab0 id 0 role dsl \
	local $HG_DSL4 remote $HAAP_DSL4
refused "unknown tunnel" "error" tunnel set hab0 id 5 admin disabled
refused "second primary tunnel" "error" tunnel add hab0 id 2 role dsl \
	local $HG_LTE4 remote 203.0.113.9
refused "mixed address families" "error|family" tunnel add hab0 id 3 role lte \
	local $HG_LTE4 remote 2001:db8:17e::9
refused "out-of-range hold time" "error" bond set hab0 hold-max 999999999
refused "not a gre_bond device" "error|not" bond set lan0 cir 1000
ktap_finish
