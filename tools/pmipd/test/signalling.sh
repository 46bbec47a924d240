#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pmipd MAG <-> LMA signalling on the host, without the kernel module
# (pmipd -n): two network namespaces joined by two veth pairs, a0 and b0,
# the MAG's two access links. Both links bound with multipath; b0 down
# de-registers its binding through a0; b0 up registers it again; the MAG's
# SIGTERM removes the node from the LMA; an LMA with multipath off for the
# node answers 180 and the MAG keeps one binding; with "tunnel gre" both
# sides agree on RFC 5845 keys; a gre-required LMA answers an ip6ip6 MAG
# 163; a care-of address added late is picked up at once, not on the
# back-off timer; pmipload registers 2,000 simulated nodes with two
# bindings each. TAP; skips without root/netns.
#
#   signalling.sh PATH/TO/pmipd PATH/TO/pmipload
set -u
PMIPD=$(realpath "$1") PMIPLOAD=$(realpath "$2")
echo "TAP version 13"
if [ "$(id -u)" != 0 ] || ! ip netns add pdt-probe-$$ 2>/dev/null; then
	echo "1..0 # SKIP needs root and network namespaces"
	exit 0
fi
ip netns del pdt-probe-$$
M=pdt-mag-$$ L=pdt-lma-$$ D=$(mktemp -d)
MP= LP=
n=0 fail=0

cleanup() {
	[ -n "$MP" ] && kill "$MP" 2>/dev/null
	[ -n "$LP" ] && kill "$LP" 2>/dev/null
	wait 2>/dev/null
	ip netns del "$M" 2>/dev/null
	ip netns del "$L" 2>/dev/null
	rm -rf "$D"
}
trap cleanup EXIT

check() {	# check NAME CMD...: one TAP line
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fail=$((fail + 1))
	fi
}

# wait_for S CMD...: poll CMD every 50 ms for S seconds
wait_for() {
	local end=$(($(date +%s%N) + $1 * 1000000000))
	shift
	until "$@"; do
		[ "$(date +%s%N)" -gt "$end" ] && return 1
		sleep 0.05
	done
}

in_state() { grep -qs "$2" "$D/$1.state" 2>/dev/null; }
count_state() { [ "$(grep -cs "$2" "$D/$1.state" 2>/dev/null)" = "$3" ]; }
no_state() { ! grep -qs "$2" "$D/$1.state" 2>/dev/null; }

ip netns add "$M" && ip netns add "$L" &&
ip link add a0 netns "$M" type veth peer name a0 netns "$L" &&
ip link add b0 netns "$M" type veth peer name b0 netns "$L" || {
	echo "1..0 # SKIP no veth"
	exit 0
}
# the care-of address must survive "link down" (IPv6 drops it otherwise,
# and here nothing would configure it again)
ip netns exec "$M" sysctl -qw net.ipv6.conf.b0.keep_addr_on_down=1
for ns in "$M" "$L"; do
	ip -n "$ns" link set lo up
	ip -n "$ns" link set a0 up
	ip -n "$ns" link set b0 up
done
ip -n "$M" addr add 2001:db8:a::1/64 dev a0 nodad
ip -n "$L" addr add 2001:db8:a::2/64 dev a0 nodad
ip -n "$M" addr add 2001:db8:b::1/64 dev b0 nodad
ip -n "$L" addr add 2001:db8:b::2/64 dev b0 nodad
srcs=()
for i in $(seq 10 13); do
	ip -n "$M" addr add "2001:db8:a::$i/64" dev a0 nodad
	srcs+=(-s "2001:db8:a::$i")
done

lma_start() {	# lma_start yes|no [GLOBAL-LINES]: multipath for mn1
	cat > "$D/lma.conf" <<C
role lma
${2:-}
hnp-pool 2001:db8:100::/40 64
state-file $D/lma.state
mn-any multipath
mn mn1@example.net
	multipath $1
C
	rm -f "$D/lma.state"
	ip netns exec "$L" "$PMIPD" -n -f -c "$D/lma.conf" 2>>"$D/lma.log" &
	LP=$!
	wait_for 5 test -s "$D/lma.state"
}

mag_start() {	# mag_start [GLOBAL-LINES]
	cat > "$D/mag.conf" <<C
role mag
${1:-}
mn-id mn1@example.net
mag-id mag1@example.net
access-if lo
state-file $D/mag.state
lifetime 60
link a0
	pcoa 2001:db8:a::1
	lma 2001:db8:a::2
	bid 1
link b0
	pcoa 2001:db8:b::1
	lma 2001:db8:b::2
	att 8
	bid 2
C
	rm -f "$D/mag.state"
	ip netns exec "$M" "$PMIPD" -n -f -v -c "$D/mag.conf" 2>>"$D/mag.log" &
	MP=$!
}

stop() {	# stop PIDVAR
	local p=${!1}
	[ -n "$p" ] && kill "$p" && wait "$p"
	eval "$1="
}

echo "1..13"
lma_start yes
mag_start
check "MAG: both links bound, multipath on" wait_for 5 bash -c \
	"grep -qs 'multipath on' $D/mag.state &&
	 [ \$(grep -cs 'state bound' $D/mag.state) = 2 ]"
check "LMA: mn1 with two bindings" wait_for 2 in_state lma \
	"mn mn1@example.net hnp 2001:db8:100::/64 bindings 2"
ip -n "$M" link set b0 down
check "b0 down: de-registered through a0, one binding left" wait_for 5 \
	in_state lma "mn mn1@example.net .* bindings 1"
ip -n "$M" link set b0 up
check "b0 up: registered again" wait_for 5 \
	in_state lma "mn mn1@example.net .* bindings 2"
stop MP
check "MAG stopped: the LMA has no entry for mn1" wait_for 3 \
	no_state lma "mn mn1@example.net"
stop LP
lma_start no
mag_start
check "multipath off for mn1: 180, the MAG keeps one binding" wait_for 5 \
	bash -c "grep -qs 'multipath off' $D/mag.state &&
		 grep -qs status_180 $D/mag.state &&
		 [ \$(grep -cs 'state bound' $D/mag.state) = 1 ] &&
		 grep -qs 'bindings 1' $D/lma.state"
stop MP
stop LP

# RFC 5845: each side sends with the key the other receives with
gre_keys_match() {
	awk '
	FNR == NR && $1 == "link" && /ikey/ { mi[$4] = $10; mo[$4] = $12 }
	FNR != NR && $1 == "binding" && /ikey/ { li[$2] = $8; lo[$2] = $10 }
	END {
		for (b in mi)
			if (mi[b] != lo[b] || mo[b] != li[b] || mi[b] == mo[b])
				exit 1
		exit length(mi) == 2 ? 0 : 1
	}' "$D/mag.state" "$D/lma.state"
}
lma_start yes "tunnel gre"
mag_start "tunnel gre"
check "GRE: both links bound over keyed ip6gre" wait_for 5 bash -c \
	"[ \$(grep -cs 'state bound tunnel ip6gre ikey' $D/mag.state) = 2 ]"
check "GRE: the MAG's keys are the LMA's, crosswise" wait_for 2 gre_keys_match
stop MP

# b0's care-of address missing: its PBU cannot leave, the back-off grows;
# the address comes: the PBU leaves at once, not 4 s later on the timer
ip -n "$M" addr del 2001:db8:b::1/64 dev b0
mag_start "tunnel gre"
check "no address on b0: a0 bound, b0 retransmitting" wait_for 6 bash -c \
	"grep -qs 'link a0 bid 1 state bound' $D/mag.state &&
	 [ \$(awk '\$1 == \"retransmits\" { print \$2 }' $D/mag.state) -ge 2 ]"
t0=$(date +%s%N)
ip -n "$M" addr add 2001:db8:b::1/64 dev b0 nodad
wait_for 3 in_state mag "link b0 bid 2 state bound"
ms=$((($(date +%s%N) - t0) / 1000000))
check "address added: b0 bound ${ms} ms later (the timer: ~4000)" \
	test "$ms" -lt 1500
stop MP
stop LP

lma_start yes "tunnel gre
gre-required yes"
mag_start
check "gre-required LMA, ip6ip6 MAG: 163, nothing bound" wait_for 5 \
	bash -c "grep -qs status_163 $D/mag.state &&
		 ! grep -qs 'state bound' $D/mag.state &&
		 ! grep -qs 'mn mn1@example.net' $D/lma.state"
stop MP
stop LP
lma_start yes
out=$(ip netns exec "$M" "$PMIPLOAD" -l 2001:db8:a::2 "${srcs[@]}" \
	-n 2000 -b 2 -w 64)
rc=$?
echo "$out" | sed 's/^/# /'
check "pmipload: 2000 nodes x 2 bindings registered" test "$rc" = 0
check "the LMA logged no error" bash -c "! grep -q 'error:' $D/lma.log"
if [ $fail -gt 0 ]; then
	sed 's/^/# lma: /' "$D/lma.log" | tail -20
	sed 's/^/# mag: /' "$D/mag.log" | tail -20
fi
echo "# $((n - fail)) passed, $fail failed"
[ $fail = 0 ]
