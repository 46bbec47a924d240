#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipd from nothing: the MAG (the HG namespace, access links dsl0 and
# lte0, the mobile node "mn1" behind lan0) and the LMA (the HAAP) register
# two RFC 8278 bindings over ip6ip6 tunnels the daemons create, traffic
# flows MN <-> correspondent through pm0; lte0 going down de-registers its
# binding and traffic stays on dsl; tshark decodes the PBU/PBA with the
# options 63 and 64; malformed PBUs are dropped and counted or answered
# with the right status; SIGTERM leaves no session or tunnel behind; an
# LMA with multipath off for mn1 answers 180 and the MAG keeps one binding.
source "$(dirname "$0")/pd_lib.sh"

ktap_header 20
pd_topo || { ktap_fail "topology"; ktap_finish; }

ktap_check "pmipd -t accepts a configuration" bash -c \
	"printf 'role lma\nhnp-pool 2001:db8:1::/48 64\n' > $PD_DIR/t.conf &&
	 $PMIPD -t -c $PD_DIR/t.conf >/dev/null"

ip netns exec "$NS_HAAP" tcpdump -i dsl0 -U -w "$PD_DIR/dsl.pcap" \
	ip6 proto 135 2>"$PD_DIR/tcpdump.log" &
TD_PID=$!
ha_wait 5 grep -q listening "$PD_DIR/tcpdump.log"
pd_start_lma yes
pd_start_mag

ktap_check "MAG: both links bound, multipath on" ha_wait 15 bash -c \
	"grep -q 'multipath on' $PD_DIR/mag.state &&
	 [ \$(grep -c 'state bound' $PD_DIR/mag.state) = 2 ]"
ktap_check "bondctl pmip on the MAG shows two bindings" \
	ha_wait 5 bash -c "[ \"\$(pd_nbind $NS_HG)\" = 2 ]"
ktap_check "bondctl pmip on the LMA shows two bindings" \
	ha_wait 5 bash -c "[ \"\$(pd_nbind $NS_HAAP)\" = 2 ]"
ktap_check "the LMA gave mn1 the first prefix of the pool" \
	pd_state mag "hnp 2001:db8:1::/64"
ktap_check "ping MN -> correspondent through the bindings" \
	ha_wait 10 nsx "$NS_CLI" ping -6 -c2 -i0.2 -W2 -q "$SRV6"
d=$(pm_bstat "$NS_HG" 1 packets) l=$(pm_bstat "$NS_HG" 2 packets)
ktap_check "MAG steered the traffic into a binding (dsl $d, lte $l)" \
	test "$((d + l))" -gt 0

kill "$TD_PID" 2>/dev/null; wait "$TD_PID" 2>/dev/null
tshark -r "$PD_DIR/dsl.pcap" -Y mipv6 -T fields -E separator=/t \
	-e mip6.mhtype -e mip6.mnid.identifier -e mip6.mobility_opt \
	> "$PD_DIR/tshark.txt" 2>&1
sed 's/^/# tshark: /' "$PD_DIR/tshark.txt" | head -6
ktap_check "tshark: a PBU with MN-ID mn1 and the options 63 and 64" \
	grep -qE "^5	$PM_MNID	.*\b63\b.*\b64\b|^5	$PM_MNID	.*\b64\b.*\b63\b" \
	"$PD_DIR/tshark.txt"
ktap_check "tshark: a PBA echoing option 63 without 64" bash -c \
	"grep -E '^6	' $PD_DIR/tshark.txt | grep -w 63 | grep -vqw 64"

# malformed and refused PBUs, from the MAG's namespace to the LMA
pd_send() {
	nsx "$NS_HG" python3 - "${PD_SRC:-$HG_DSL6}" "$HAAP_DSL6" "$@" <<'PY'
import socket, struct, sys, time
src, dst, kinds = sys.argv[1], sys.argv[2], sys.argv[3].split("+")
mn = (sys.argv[4] if len(sys.argv) > 4 else "mn1@example.net").encode()
def opt(t, d): return bytes([t, len(d)]) + d
def ts(t):
    return opt(27, struct.pack("!Q", (int(t) << 16) | int((t % 1) * 65536)))
mnid = opt(8, b"\x01" + mn)
hnp = opt(22, bytes(18))
hi, att = opt(23, b"\x00\x01"), opt(24, b"\x00\x03")
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 135)
s.bind((src, 0))
s.settimeout(1)
now = time.time()
seq = 40000 + int(now * 10) % 20000
out = []
for kind in kinds:
    seq += 1
    opts = {"trunc": [mnid, hnp, bytes([23, 200, 0])],
            "badlen": [mnid, bytes([22, 17]) + bytes(17), hi, att, ts(now)],
            "nohi": [mnid, hnp, att, ts(now)],
            # ahead of the clock, so that "old", sent after the answer,
            # is still within the window however slow the guest
            "fresh": [mnid, hnp, hi, att, ts(now + 0.6)],
            "old": [mnid, hnp, hi, att, ts(now + 0.59)],
            "stale": [mnid, hnp, hi, att, ts(now - 3600)]}[kind]
    body = b"".join(opts)
    pad = (-(12 + len(body))) % 8
    if pad == 1:
        body += b"\x00"
    elif pad:
        body += bytes([1, pad - 2]) + bytes(pad - 2)
    msg = bytes([59, (12 + len(body)) // 8 - 1, 5, 0, 0, 0])
    msg += struct.pack("!HHH", seq, 0xc200, 10) + body
    s.sendto(msg, (dst, 0))
    got = "none"
    end = time.time() + 3
    while time.time() < end:
        try:
            b, a = s.recvfrom(4096)
        except socket.timeout:
            continue
        if len(b) >= 12 and b[2] == 6 and \
           struct.unpack("!H", b[8:10])[0] == seq:
            got = str(b[6])
            break
    out.append(got)
print(" ".join(out))
PY
}
m0=$(pd_stat lma rx_malformed)
ktap_check "truncated option: no answer" test "$(pd_send trunc)" = none
ktap_check "HNP option of length 17: no answer" test "$(pd_send badlen)" = none
ktap_check "both dropped and counted (rx_malformed $m0 -> 2 more)" \
	ha_wait 3 bash -c "[ \$(awk '\$1 == \"rx_malformed\" { print \$2 }' \
		$PD_DIR/lma.state) -eq $((m0 + 2)) ]"
ktap_check "no Handoff Indicator: status 161" test "$(pd_send nohi)" = 161
ktap_check "timestamp an hour old: status 156" test "$(pd_send stale)" = 156
# mn9 from an address of its own (its tunnel must not clash with mn1's)
nsx "$NS_HG" ip addr add 2001:db8:d51::9/64 dev dsl0 nodad
r=$(PD_SRC=2001:db8:d51::9 pd_send fresh+old mn9@example.net)
ktap_check "timestamp older than the accepted one: 157 (got: $r)" \
	test "$r" = "0 157"
kill -0 "$LMA_PID" 2>/dev/null
ktap_check "the LMA is still running" test $? = 0

# lte0 goes down: its binding is de-registered, traffic stays on dsl
nsx "$NS_HG" ip link set lte0 down
ktap_check "lte0 down: one binding left on both sides" ha_wait 10 bash -c \
	"[ \"\$(pd_nbind $NS_HG)\" = 1 ] && [ \"\$(pd_nbind $NS_HAAP)\" = 1 ]"
ktap_check "lte0 down: traffic still flows MN -> correspondent" \
	ha_wait 5 nsx "$NS_CLI" ping -6 -c2 -i0.2 -W2 -q "$SRV6"

# SIGTERM: each daemon takes what it installed with it
pd_stop
ktap_check "SIGTERM: no session left on either side, no daemon tunnel" \
	bash -c "[ \"\$(pd_nbind $NS_HG)\" = 0 ] &&
		 [ \"\$(pd_nbind $NS_HAAP)\" = 0 ] &&
		 ! ip -n $NS_HG link show | grep -q 'pm-' &&
		 ! ip -n $NS_HAAP link show | grep -q 'pmt'"

# an LMA with multipath off for mn1: 180, and the MAG keeps one binding
nsx "$NS_HG" ip link set lte0 up
pd_start_lma no
pd_start_mag
ktap_check "multipath off at the LMA: 180, the MAG falls back to one binding" \
	ha_wait 15 bash -c "grep -q 'multipath off' $PD_DIR/mag.state &&
	 grep -q 'status_180' $PD_DIR/mag.state &&
	 [ \$(grep -c 'state bound' $PD_DIR/mag.state) = 1 ] &&
	 [ \"\$(pd_nbind $NS_HAAP)\" = 1 ]"

if [ "$ktap_failed" -gt 0 ]; then
	for f in lma.log mag.log lma.state mag.state; do
		sed "s/^/# $f: /" "$PD_DIR/$f" | tail -30
	done
fi
ktap_finish
