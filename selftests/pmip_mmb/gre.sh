#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipd with "tunnel gre" on both sides (RFC 5845): the MAG (HG) and the
# LMA (HAAP) register two bindings over keyed ip6gre tunnels the daemons
# create; "ip -d link" shows the keys crosswise (each side receives with
# its own key and sends with the peer's); the kernel bindings record them;
# tshark finds the GRE Key option in the PBU (the MAG's downlink key) and
# in the PBA (the LMA's uplink key); the MN's traffic crosses the access
# links as GRE with exactly those keys. Then lte0 flaps and loses its
# address: when the address comes back the MAG registers at once, not on
# its back-off timer (about 4 s later by then).
source "$(dirname "$0")/pd_lib.sh"
modprobe ip6_gre 2>/dev/null

# mag_key IFNAME ikey|okey: the MAG's key of that link, from its state file
mag_key() {
	awk -v l="$1" -v k="$2" '$1 == "link" && $2 == l {
		for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' \
		"$PD_DIR/mag.state"
}

# dotted KEY: as iproute2 prints GRE keys
dotted() {
	local k=$(($1))
	echo "$((k >> 24 & 255)).$((k >> 16 & 255)).$((k >> 8 & 255)).$((k & 255))"
}

# link_has NS DEV ikey|okey KEY: "ip -d link" shows ip6gre with that key
# (iproute2 prints it dotted; a decimal one is taken too)
link_has() {
	local out
	out=$(ip -n "$1" -d link show "$2") &&
	grep -q ip6gre <<<"$out" &&
	grep -qE "$3 ($(dotted "$4")|$(($4))) " <<<"$out"
}

ktap_header 10
pd_topo || { ktap_fail "topology"; ktap_finish; }

# immediate: the last packets must not wait in the capture buffer
ip netns exec "$NS_HAAP" tcpdump -i any --immediate-mode -U \
	-w "$PD_DIR/wan.pcap" \
	ip6 proto 135 or ip6 proto 47 2>"$PD_DIR/tcpdump.log" &
TD_PID=$!
ha_wait 5 grep -q listening "$PD_DIR/tcpdump.log"
pd_start_lma yes "tunnel gre"
pd_start_mag "tunnel gre"

ktap_check "MAG: both links bound over keyed ip6gre" ha_wait 15 bash -c \
	"[ \$(grep -c 'state bound tunnel ip6gre ikey' $PD_DIR/mag.state) = 2 ]"
ktap_check "two bindings in the kernel on both sides" ha_wait 5 bash -c \
	"[ \"\$(pd_nbind $NS_HG)\" = 2 ] && [ \"\$(pd_nbind $NS_HAAP)\" = 2 ]"

ok=0
for l in dsl0 lte0; do
	in=$(mag_key $l ikey) out=$(mag_key $l okey)
	ktap_diag "$l: MAG receives with $in, sends with $out"
	[ -n "$in" ] && [ -n "$out" ] && [ "$in" != "$out" ] || continue
	# the LMA's tunnel of this link: the one sending with our key
	lt=$(ip -n "$NS_HAAP" -d link show |
	     awk -v k="okey ($(dotted "$in")|$((in))) " '/^[0-9]+:/ { d = $2 }
	     $0 ~ k { sub(/@.*|:$/, "", d); print d }')
	link_has "$NS_HG" "pm-$l" ikey "$in" &&
	link_has "$NS_HG" "pm-$l" okey "$out" &&
	[ -n "$lt" ] && link_has "$NS_HAAP" "$lt" ikey "$out" &&
	ok=$((ok + 1))
done
ktap_check "ip -d link: ip6gre on both sides, keys crosswise" test "$ok" = 2

in=$(mag_key dsl0 ikey) out=$(mag_key dsl0 okey)
ktap_check "the MAG's kernel binding 1 records the keys (up $out, down $in)" \
	test "$(pm_bstat "$NS_HG" 1 gre_key_up)" = "$((out))" -a \
	     "$(pm_bstat "$NS_HG" 1 gre_key_down)" = "$((in))"
ktap_check "the LMA's kernel binding 1 records the same keys" \
	test "$(pm_bstat "$NS_HAAP" 1 gre_key_up)" = "$((out))" -a \
	     "$(pm_bstat "$NS_HAAP" 1 gre_key_down)" = "$((in))"

ktap_check "ping MN -> correspondent over the GRE bindings" \
	ha_wait 10 nsx "$NS_CLI" ping -6 -c3 -i0.2 -W2 -q "$SRV6"

# the pings' GRE packets on file (a request and a reply at least)
ha_wait 5 bash -c "[ \$(tshark -r $PD_DIR/wan.pcap -Y gre 2>/dev/null |
	grep -c .) -ge 2 ]"
kill "$TD_PID" 2>/dev/null; wait "$TD_PID" 2>/dev/null
TD_PID=
tshark -r "$PD_DIR/wan.pcap" -Y mipv6 -T fields -E separator=/t \
	-e mip6.mhtype -e mip6.gre_key > "$PD_DIR/mh.txt" 2>&1
tshark -r "$PD_DIR/wan.pcap" -Y gre -T fields -E separator=/t \
	-e ipv6.src -e gre.key > "$PD_DIR/gre.txt" 2>&1
sed 's/^/# mh: /' "$PD_DIR/mh.txt" | head -4
sed 's/^/# gre: /' "$PD_DIR/gre.txt" | sort | uniq -c | head -6
# the MAG's keys of both links: its downlink keys in the PBUs, the LMA's
# uplink keys in the PBAs; GRE from the MAG with the uplink key of that
# link's pCoA, from the LMA with the downlink key
python3 - "$PD_DIR" "$HG_DSL6" "$HAAP_DSL6" "$HG_LTE6" "$HAAP_LTE6" \
	"$(mag_key dsl0 ikey)" "$(mag_key dsl0 okey)" \
	"$(mag_key lte0 ikey)" "$(mag_key lte0 okey)" > "$PD_DIR/verdict" <<'PY'
import ipaddress, sys
d, hd, ld, hl, ll, di, do, li, lo = sys.argv[1:10]
down, up = {int(di, 0), int(li, 0)}, {int(do, 0), int(lo, 0)}
want = {(hd, int(do, 0)), (ld, int(di, 0)), (hl, int(lo, 0)),
        (ll, int(li, 0))}
def num(s):
    return int(s, 0) if s else None
pbu, pba = set(), set()
for line in open(d + "/mh.txt"):
    f = line.rstrip("\n").split("\t")
    if len(f) == 2 and f[1]:
        (pbu if f[0] == "5" else pba).add(num(f[1]))
print("mh", "ok" if down <= pbu and up <= pba else "bad", pbu, pba)
n, bad, srcs = 0, 0, set()
for line in open(d + "/gre.txt"):
    f = line.rstrip("\n").split("\t")
    if len(f) != 2:
        continue
    n += 1
    # the outer header's (the inner one follows it)
    src = str(ipaddress.ip_address(f[0].split(",")[0]))
    k = num(f[1])
    srcs.add(src)
    if (src, k) not in {(str(ipaddress.ip_address(a)), b) for a, b in want}:
        bad += 1
print("gre", "ok" if n and not bad and
      {str(ipaddress.ip_address(ld)), str(ipaddress.ip_address(ll))} & srcs and
      {str(ipaddress.ip_address(hd)), str(ipaddress.ip_address(hl))} & srcs
      else "bad", n, bad)
PY
sed 's/^/# verdict: /' "$PD_DIR/verdict"
ktap_check "tshark: GRE Key option with the MAG's key in the PBU, the LMA's in the PBA" \
	grep -q "^mh ok" "$PD_DIR/verdict"
ktap_check "tshark: the MN's packets are GRE with the expected keys both ways" \
	grep -q "^gre ok" "$PD_DIR/verdict"

# lte0 flaps and comes back without its address (as after a DHCP lease
# is lost); the MAG's PBUs on lte0 cannot leave and back off; the address
# comes back: the registration goes at once
nsx "$NS_HG" ip link set lte0 down
ktap_check "lte0 down: one binding left on both sides" ha_wait 10 bash -c \
	"[ \"\$(pd_nbind $NS_HG)\" = 1 ] && [ \"\$(pd_nbind $NS_HAAP)\" = 1 ]"
nsx "$NS_HG" ip addr del "$HG_LTE6/64" dev lte0 2>/dev/null
r0=$(pd_stat mag retransmits)
nsx "$NS_HG" ip link set lte0 up
ha_wait 10 bash -c "[ \$(awk '\$1 == \"retransmits\" { print \$2 }' \
	$PD_DIR/mag.state) -ge $((r0 + 2)) ]"
nsx "$NS_HG" ip addr add "$HG_LTE6/64" dev lte0 nodad
ha_wait 8 bash -c "[ \"\$(pd_nbind $NS_HG)\" = 2 ]"
# in the MAG's own clock: from the last PBU that could not leave to the
# PBA; the back-off timer would send the next one 4 s after it
ms=$(awk -v a="send to $HAAP_LTE6: " -v p="-> $HAAP_LTE6 PBU seq=" '
	{ t = $1; sub(/^[^[]*\[/, "", t); sub(/\].*/, "", t) }
	index($0, a) && /Invalid argument/ { fail = t; seq = got = ""; next }
	fail != "" && seq == "" && index($0, p) {
		seq = substr($0, index($0, p) + length(p)); sub(/ .*/, "", seq)
	}
	seq != "" && got == "" && index($0, "PBA seq " seq ": 0 ") { got = t }
	END { if (fail == "" || got == "") print 99999
	      else printf "%d\n", (got - fail) * 1000 }' "$PD_DIR/mag.log")
ktap_check "address back: lte0 registered ${ms} ms after its last failed PBU (timer: 4000)" \
	test "$ms" -lt 3000

if [ "$ktap_failed" -gt 0 ]; then
	for f in lma.log mag.log lma.state mag.state; do
		sed "s/^/# $f: /" "$PD_DIR/$f" | tail -30
	done
fi
ktap_finish
