#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# HAAP scale: N bonds (default 10,000), each with a DSL and an LTE tunnel
# to remotes of its own, in one namespace. Reports the creation rate (bonds
# with both tunnels per second, through 'bondctl -b', one netlink socket),
# the memory per bond (MemAvailable, Slab and Percpu deltas of
# /proc/meminfo divided by N), the rate of a full 'bond show' dump, the
# delete rate, and whether the memory came back. For comparison, the netdev
# part alone: N 'ip link add ... type gre_bond' and N dummy devices, both
# through 'ip -b'.
#
#   scale.sh [--runs N] [--quick] [--bonds N]  (in the guest; run.sh starts
#   it, with --mem 3072: the guest's slub_debug makes every object bigger)
source "$(dirname "$0")/bench_lib.sh"
n=10000
args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--bonds) n=$2; shift ;;
	*) args+=("$1") ;;
	esac
	shift
done
bench_init "${args[@]}"
[ "$n" -ge 1 ] && [ "$n" -le 65536 ] || die "--bonds: 1..65536"
# one run by default: deleting 10,000 devices one by one takes minutes
# under TCG (each unregistration waits for RCU); SCALE_RUNS=N for more
runs=${SCALE_RUNS:-1}

ns=ha-scale-$HA_SUFFIX
HA_ALL_NS=$ns
trap ha_cleanup EXIT
ip netns add "$ns" || die "netns"
nsx "$ns" ip link set lo up
nsx "$ns" ip link add wan0 type dummy
nsx "$ns" ip addr add 198.51.100.2/24 dev wan0
nsx "$ns" ip addr add 203.0.113.2/24 dev wan0
nsx "$ns" ip link set wan0 up

dir=$(mktemp -d)
awk -v n="$n" 'BEGIN {
	for (i = 0; i < n; i++) {
		a = int(i / 256); b = i % 256
		printf "bond add hab%d key %d\n", i, i + 1
		printf "tunnel add hab%d id 0 role dsl local 198.51.100.2 remote 10.1.%d.%d\n", i, a, b
		printf "tunnel add hab%d id 1 role lte local 203.0.113.2 remote 10.2.%d.%d\n", i, a, b
	}
}' > "$dir/create"
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "bond del hab%d\n", i }' > "$dir/del"
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "link add hab%d type gre_bond\n", i }' > "$dir/ipadd"
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "link del hab%d\n", i }' > "$dir/ipdel"
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "link add dm%d type dummy\n", i }' > "$dir/dmadd"
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "link del dm%d\n", i }' > "$dir/dmdel"

# meminfo FIELD: kB
meminfo() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }

# settle: let RCU callbacks and deferred frees finish, then read memory
settle() {
	sleep 3
	echo 2 > /proc/sys/vm/drop_caches
	sleep 1
	MA=$(meminfo MemAvailable) SL=$(meminfo Slab) PC=$(meminfo Percpu)
	VM=$(meminfo VmallocUsed)
}

# timed CMD...: wall seconds (float) in T, exit status kept
timed() {
	local t0 t1 rc
	t0=$(date +%s%N)
	"$@"
	rc=$?
	t1=$(date +%s%N)
	T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	return $rc
}

per() { awk -v d="$1" -v n="$n" 'BEGIN { printf "%.1f", d / n }'; }
rate() { awk -v t="$1" -v n="$n" 'BEGIN { printf "%.0f", (t > 0 ? n / t : 0) }'; }

# slab_snap FILE: active objects and bytes of every slab cache
slab_snap() {
	awk 'NR > 2 { print $1, $2, $2 * $4 }' /proc/slabinfo | sort > "$1"
}

# slab_diff BEFORE AFTER: the caches that grew most (more than 64 KiB)
slab_diff() {
	join "$1" "$2" | awk '{ d = ($5 - $3) / 1024; if (d > 64)
		printf "%10.0f KiB %+9d objects  %s\n", d, $4 - $2, $1 }' |
		sort -rn | head -n 12
}
count_links() { nsx "$ns" ip -o link show | grep -c "$1"; }

bench_header
md ""
md "N = $n per phase, $runs run(s) each; creation through one process and one netlink socket (\`bondctl -n NS -b FILE\`, \`ip -n NS -b FILE\`). Memory: deltas of /proc/meminfo after creation (3 s settle, page cache dropped), per device, in KiB; 'not back' = what creation took and deletion did not return, for all N together (≈ 0 when everything came back). The guest runs with slub_debug=FZPU (red zones, owner tracking), which inflates every slab object."
md ""
md "| phase | run | create /s | delete /s | MemAvailable KiB/dev | Slab KiB/dev | Percpu KiB/dev | Vmalloc KiB/dev | not back after delete: MemAvail / Slab KiB total | dump /s |"
md "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"

phase() {
	local name=$1 tool=$2 add=$3 del=$4 match=$5 run=$6
	local ma0 sl0 pc0 vm0 tc td dump=- dm cnt
	bench_resume "$name/$run" && return 0
	bench_quiet
	settle
	ma0=$MA sl0=$SL pc0=$PC vm0=$VM
	slab_snap "$dir/slab0"
	if [ "$tool" = bondctl ]; then
		timed bondctl -n "$ns" -b "$add" || die "$name: creation failed"
	else
		timed nsx "$ns" ip -b "$add" || die "$name: creation failed"
	fi
	tc=$T
	cnt=$(count_links "$match")
	[ "$cnt" = "$n" ] || die "$name: $cnt devices instead of $n"
	if [ "$tool" = bondctl ]; then
		timed bondctl -n "$ns" bond show > "$dir/dump"
		dm=$(grep -c '^hab' "$dir/dump")
		[ "$dm" = "$n" ] || raw "scale: dump listed $dm bonds"
		dump=$(rate "$T")
	fi
	settle
	slab_snap "$dir/slab1"
	local dma=$((ma0 - MA)) dsl=$((SL - sl0)) dpc=$((PC - pc0)) dvm=$((VM - vm0))
	local ma1=$MA sl1=$SL
	if [ "$tool" = bondctl ]; then
		timed bondctl -n "$ns" -b "$del" || die "$name: deletion failed"
	else
		timed nsx "$ns" ip -b "$del" || die "$name: deletion failed"
	fi
	td=$T
	cnt=$(count_links "$match")
	[ "$cnt" = 0 ] || die "$name: $cnt devices left"
	settle
	slab_snap "$dir/slab2"
	local back_ma=$((ma0 - MA)) back_sl=$((SL - sl0))
	bench_host
	local overlap=$((BENCH_HOST_TICKS - BENCH_TICKS0))
	[ "$overlap" -gt 0 ] && BENCH_DIRTY=$((BENCH_DIRTY + 1))
	BENCH_TOTAL=$((BENCH_TOTAL + 1))
	raw "$name: slab caches that grew most with the devices:"
	slab_diff "$dir/slab0" "$dir/slab1"
	raw "$name: slab caches not back to where they were after deletion:"
	slab_diff "$dir/slab0" "$dir/slab2"
	raw "scale phase=$name run=$run n=$n create_s=$tc delete_s=$td memavail_kb=$dma slab_kb=$dsl percpu_kb=$dpc vmalloc_kb=$dvm after_create=($ma1,$sl1) left_memavail_kb=$back_ma left_slab_kb=$back_sl dump=$dump overlap=$overlap"
	bench_row "$name/$run" "| $name | $run | $(rate "$tc") | $(rate "$td") | $(per $dma) | $(per $dsl) | $(per $dpc) | $(per $dvm) | $back_ma / $back_sl | $dump |"
}

for run in $(seq 1 "$runs"); do
	phase "gre_bond + 2 tunnels (bondctl -b)" bondctl "$dir/create" "$dir/del" ': hab' "$run"
	phase "gre_bond netdev only (ip -b)" ip "$dir/ipadd" "$dir/ipdel" ': hab' "$run"
	phase "dummy netdev (ip -b), baseline" ip "$dir/dmadd" "$dir/dmdel" ': dm' "$run"
done
md ""
bench_dirty_note
raw "meminfo at the end:"
grep -E 'MemTotal|MemAvailable|Slab|SUnreclaim|Percpu|Vmalloc' /proc/meminfo
rm -rf "$dir"
