#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# LMA registrations per second (on the HOST, run.sh starts it): one LMA
# pmipd in a network namespace, pmipload in another playing many MAGs (8
# source addresses) that register N simulated mobile nodes, once with one
# binding each (legacy PBU) and once with two RFC 8278 bindings each (two
# PBUs with the MMB option, the second with the prefix the first PBA gave),
# at 16, 64 and 256 PBUs outstanding. The LMA runs with -n: the signalling,
# the checks and the binding cache, not the kernel's pmip_mmb (each
# binding's ip6ip6 tunnel creation is rtnetlink's cost, not the daemon's).
# A fresh LMA per run; the median of the runs. Prints "MD:" lines.
#
#   pmipd.sh [--runs N] [--quick] [--nodes N]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PMIPD=$top/tools/pmipd/pmipd PMIPLOAD=$top/tools/pmipd/pmipload
runs=5 quick=0 nodes=10000
while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs=$2; shift ;;
	--quick) quick=1 ;;
	--nodes) nodes=$2; shift ;;
	*) echo "pmipd.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ $quick = 1 ] && { runs=1; [ "$nodes" = 10000 ] && nodes=2000; }
[ "$(id -u)" = 0 ] || { echo "pmipd.sh: needs root" >&2; exit 1; }
[ -x "$PMIPD" ] && [ -x "$PMIPLOAD" ] ||
	{ echo "pmipd.sh: pmipd/pmipload not built" >&2; exit 1; }

M=pdb-mag-$$ L=pdb-lma-$$ D=$(mktemp -d) LP=
cleanup() {
	[ -n "$LP" ] && kill "$LP" 2>/dev/null && wait "$LP" 2>/dev/null
	ip netns del "$M" 2>/dev/null
	ip netns del "$L" 2>/dev/null
	rm -rf "$D"
}
trap cleanup EXIT
ip netns add "$M" && ip netns add "$L" &&
ip link add a0 netns "$M" type veth peer name a0 netns "$L" || exit 1
for ns in "$M" "$L"; do
	ip -n "$ns" link set lo up
	ip -n "$ns" link set a0 up
done
ip -n "$L" addr add 2001:db8:a::2/64 dev a0 nodad
srcs=()
for i in $(seq 10 17); do
	ip -n "$M" addr add "2001:db8:a::$i/64" dev a0 nodad
	srcs+=(-s "2001:db8:a::$i")
done
cat > "$D/lma.conf" <<C
role lma
hnp-pool 2001:db8:100::/40 64
mn-any multipath
C

# one run: prints "RATE P50 P99" or "fail"
one() {
	local out
	ip netns exec "$L" "$PMIPD" -n -f -c "$D/lma.conf" 2>"$D/lma.log" &
	LP=$!
	for i in $(seq 100); do	# until its socket is open
		grep -q 'started as LMA' "$D/lma.log" && break
		sleep 0.05
	done
	out=$(ip netns exec "$M" "$PMIPLOAD" -l 2001:db8:a::2 "${srcs[@]}" \
		-n "$nodes" -b "$1" -w "$2" -t 5000) || { echo fail; }
	echo "# bindings $1 window $2: $out" | tr '\n' ' ' >&2
	echo >&2
	kill "$LP"; wait "$LP" 2>/dev/null; LP=
	echo "$out" | awk '/^registrations/ { r = $10 } /^latency/ { p = $3; q = $5 }
		END { sub("/s", "", r); print r, p, q }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "MD: $nodes simulated mobile nodes registered with one LMA pmipd (-n: no kernel install), 8 MAG source addresses, median of $runs run(s); host $(uname -r), $(nproc) CPUs."
echo "MD:"
echo "MD: | bindings per node | PBUs outstanding | registrations/s | latency p50 ms | latency p99 ms |"
echo "MD: |---|---|---|---|---|"
for b in 1 2; do
	for w in 16 64 256; do
		: > "$D/cell"
		for r in $(seq "$runs"); do
			one "$b" "$w" >> "$D/cell"
		done
		rate=$(awk '{ print $1 }' "$D/cell" | median)
		p50=$(awk '{ print $2 }' "$D/cell" | median)
		p99=$(awk '{ print $3 }' "$D/cell" | median)
		echo "MD: | $b | $w | $rate | $p50 | $p99 |"
	done
done
