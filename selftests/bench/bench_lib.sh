#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the guest benchmarks share, on top of ../gre_bond/gb_lib.sh (which
# sources ../lib.sh, the topology): options, the bulk traffic tool, the
# peers (kernel MPTCP, balance-rr bonding over gretap, plain ip_gre), guest
# CPU sampling, statistics and the output format.
#
# Output: every line starting with "MD: " is Markdown for the result file
# (run.sh collects them into build/bench/<name>.md); everything else is the
# raw log. A benchmark script sources this file, calls bench_init with its
# arguments, and prints with md / raw.
source "$(dirname "${BASH_SOURCE[0]}")/../gre_bond/gb_lib.sh"

BENCH_BIN=${BENCH_BIN:-$HA_TOP/build/bench/bin}
BULK=$BENCH_BIN/bulk
BENCH_RUNS=5
BENCH_QUICK=0
BENCH_PORT_TCP=5101
BENCH_PORT_MPTCP=5102

# the extra addresses the gretap/gre peers use as outer endpoints, so that
# they never share an outer address pair with the gre_bond tunnels
RR_HG_DSL4=198.51.100.5 RR_HAAP_DSL4=198.51.100.6
RR_HG_LTE4=203.0.113.5 RR_HAAP_LTE4=203.0.113.6
RR_HG4=10.255.3.1 RR_HAAP4=10.255.3.2
GRE_HG4=10.255.4.1 GRE_HAAP4=10.255.4.2
GRESEQ_HG4=10.255.5.1 GRESEQ_HAAP4=10.255.5.2

md() { echo "MD: $*"; }
raw() { echo "[${SECONDS}s] $*"; }
die() { echo "bench: $*" >&2; exit 1; }

# bench_init "$@": parse --runs N, --quick, --quiet-max S and --resume FILE;
# check what every benchmark needs
bench_init() {
	while [ $# -gt 0 ]; do
		case "$1" in
		--runs) BENCH_RUNS=$2; shift ;;
		--quick) BENCH_QUICK=1 ;;
		--quiet-max) BENCH_QUIET_MAX=$2; shift ;;
		--resume) BENCH_RESUME=$2; shift ;;
		*) die "unknown option $1" ;;
		esac
		shift
	done
	[ "$(id -u)" = 0 ] || die "needs root (run it in the guest)"
	[ -x "$BULK" ] || die "$BULK not built (selftests/bench/run.sh builds it)"
	[ -x "$BONDCTL" ] || die "bondctl not built"
	ha_load_module gre_bond || die "gre_bond.ko cannot be loaded"
	modprobe -q sch_netem; modprobe -q sch_tbf; modprobe -q veth
	raw "guest: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 / 1024 " MiB" }' /proc/meminfo)"
}

# ---------------------------------------------------------------- quiet host

# run.sh writes "OTHERS TICKS" into $HA_RUN_DIR/host_others every 2 s: how
# many other QEMU guests run on the host now, and how many 2 s ticks so far
# saw any. A measurement waits for a quiet host and is repeated when
# another guest ran meanwhile, because a TCG guest that shares the host's
# CPUs measures the sharing, not the network.
BENCH_QUIET_MAX=${BENCH_QUIET_MAX:-1200}	# s to wait for a quiet host

bench_host() {
	local f=${HA_RUN_DIR:-/nonexistent}/host_others
	BENCH_HOST_OTHERS=0 BENCH_HOST_TICKS=0
	[ -r "$f" ] && read -r BENCH_HOST_OTHERS BENCH_HOST_TICKS < "$f"
	: "${BENCH_HOST_OTHERS:=0}" "${BENCH_HOST_TICKS:=0}"
}

# bench_quiet: wait (at most BENCH_QUIET_MAX s) until no other guest runs
bench_quiet() {
	local waited=0
	bench_host
	while [ "$BENCH_HOST_OTHERS" -gt 0 ] && [ $waited -lt "$BENCH_QUIET_MAX" ]; do
		[ $waited = 0 ] && raw "waiting: $BENCH_HOST_OTHERS other QEMU guest(s) on the host"
		sleep 5
		waited=$((waited + 5))
		bench_host
	done
	[ $waited -gt 0 ] && raw "waited ${waited}s for a quiet host"
	BENCH_TICKS0=$BENCH_HOST_TICKS
}

# bench_clean FN ARGS...: run one measurement function on a quiet host;
# repeat it (up to 3 times in all) when another guest ran meanwhile.
# BENCH_OVERLAP: 2 s ticks of the kept attempt that saw another guest.
bench_clean() {
	local try
	for try in 1 2 3; do
		bench_quiet
		"$@"
		bench_host
		BENCH_OVERLAP=$((BENCH_HOST_TICKS - BENCH_TICKS0))
		[ "$BENCH_OVERLAP" -le 0 ] && { BENCH_OVERLAP=0; break; }
		raw "another QEMU guest ran during the measurement ($BENCH_OVERLAP ticks); attempt $try"
	done
	[ "$BENCH_OVERLAP" -gt 0 ] && BENCH_DIRTY=$((BENCH_DIRTY + 1))
	BENCH_TOTAL=$((BENCH_TOTAL + 1))
}
BENCH_DIRTY=0 BENCH_TOTAL=0

# bench_dirty_note: one line for the result file
bench_dirty_note() {
	if [ -z "${HA_RUN_DIR:-}" ] || [ ! -r "$HA_RUN_DIR/host_others" ]; then
		md "Host load was not monitored (run outside run.sh)."
	else
		md "Measurements that overlapped another QEMU guest on the host even after waiting and two repeats: $BENCH_DIRTY of $BENCH_TOTAL."
	fi
}

# ---------------------------------------------------------------- cells

# A result table is built cell by cell (a cell: one row, all peers). Each
# finished row is also printed as "CELL: KEY<tab>ROW"; run.sh keeps those
# when something kills the guest, and the next boot gets them back with
# --resume FILE, so that it measures only the cells still missing. Each
# cell's peers are always measured in one boot.
BENCH_RESUME=
BENCH_ROWS=()

# bench_resume KEY: true, with the row printed, if an earlier boot did KEY
bench_resume() {
	local row
	[ -n "$BENCH_RESUME" ] && [ -r "$BENCH_RESUME" ] || return 1
	row=$(awk -F '\t' -v k="$1" '$1 == k { r = $2 } END { print r }' \
		"$BENCH_RESUME")
	[ -n "$row" ] || return 1
	raw "cell $1: measured in an earlier boot"
	bench_row "$1" "$row"
}

# bench_row KEY ROW: print the table row of a finished cell
bench_row() {
	printf 'CELL: %s\t%s\n' "$1" "$2"
	md "$2"
	BENCH_ROWS+=("$2")
}

# bench_count COLUMN WORD: rows so far whose COLUMN (1 = first) is WORD
bench_count() {
	printf '%s\n' "${BENCH_ROWS[@]}" |
		awk -F '|' -v c="$(($1 + 1))" -v w="$2" '
			{ x = $c; gsub(/^ +| +$/, "", x); if (x == w) n++ }
			END { print n + 0 }'
}

# ---------------------------------------------------------------- stats

# bench_stats V...: "median min max" (numbers as given)
bench_stats() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END {
			if (!NR) { print "0 0 0"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR]
		}'
}

# bench_cell V...: "0.930 (0.912–0.941)" for ratios, median (min–max)
bench_cell() {
	local m lo hi
	read -r m lo hi <<< "$(bench_stats "$@")"
	if [ $# -le 1 ]; then
		printf '%.3f' "$m"
	else
		printf '%.3f (%.3f–%.3f)' "$m" "$lo" "$hi"
	fi
}

# bench_median V...
bench_median() {
	local m lo hi
	read -r m lo hi <<< "$(bench_stats "$@")"
	echo "$m"
}

# ---------------------------------------------------------------- guest CPU

# The guest's CPUs, from /proc/stat: bench_cpu_mark saves a snapshot,
# bench_cpu_busy prints the busiest CPU's and the average busy percentage
# since then ("max/avg"). Busy = everything but idle and iowait.
bench_cpu_mark() {
	BENCH_CPU_SNAP=$(grep -E '^cpu[0-9]+ ' /proc/stat)
}

bench_cpu_busy() {
	{
		echo "$BENCH_CPU_SNAP"
		echo ---
		grep -E '^cpu[0-9]+ ' /proc/stat
	} | awk '
		$1 == "---" { after = 1; next }
		{
			tot = 0
			for (i = 2; i <= NF; i++) tot += $i
			idle = $5 + $6
			if (!after) { t0[$1] = tot; i0[$1] = idle; next }
			dt = tot - t0[$1]; di = idle - i0[$1]
			b = dt > 0 ? 100 * (dt - di) / dt : 0
			if (b > max) max = b
			sum += b; n++
		}
		END { printf "%.0f/%.0f\n", max, n ? sum / n : 0 }'
}

# ---------------------------------------------------------------- traffic

# bench_bulk_servers NS...: a TCP and an MPTCP bulk server in each NS
bench_bulk_servers() {
	local ns
	for ns in "$@"; do
		nsx "$ns" "$BULK" -s -p "$BENCH_PORT_TCP" >/dev/null 2>&1 &
		nsx "$ns" "$BULK" -s -m -p "$BENCH_PORT_MPTCP" >/dev/null 2>&1 &
		ha_wait_listen "$ns" "$BENCH_PORT_TCP" &&
		ha_wait_listen "$ns" "$BENCH_PORT_MPTCP" ||
			die "bulk servers in $ns did not start"
	done
}

# bench_bulk FROM_NS ADDR SECS up|down [tcp|mptcp]: one transfer, the
# client in FROM_NS, the server at ADDR. Sets BENCH_BPS (goodput in bit/s,
# 0 on failure) and BENCH_LAST (what the tool printed). Not in a subshell.
bench_bulk() {
	local ns=$1 addr=$2 secs=$3 dir=$4 proto=${5:-tcp} out
	local args=(-c "$addr" -t "$secs" -w 20)
	[ "$dir" = down ] && args+=(-R)
	if [ "$proto" = mptcp ]; then
		args+=(-m -p "$BENCH_PORT_MPTCP")
	else
		args+=(-p "$BENCH_PORT_TCP")
	fi
	out=$(nsx "$ns" timeout $((secs * 4 + 30)) "$BULK" "${args[@]}" 2>&1)
	# shellcheck disable=SC2034 # read by the benchmark scripts
	BENCH_LAST=$(echo "$out" | tr '\n' ' ')
	BENCH_BPS=$(echo "$out" | sed -n 's/^bps=\([0-9]*\).*/\1/p' | head -n1)
	BENCH_BPS=${BENCH_BPS:-0}
}

# bench_netstat NS FIELD: one counter of /proc/net/netstat in NS
bench_netstat() {
	nsx "$1" awk -v f="$2" '
		NR % 2 == 1 { for (i = 2; i <= NF; i++) name[i] = $i; next }
		{ for (i = 2; i <= NF; i++) if (name[i] == f) print $i }
	' /proc/net/netstat | head -n1
}

# ---------------------------------------------------------------- peers

# Kernel MPTCP between HG (client) and HAAP: the first subflow goes to the
# HAAP's DSL address over dsl, the second one is opened from the HG's LTE
# address (an endpoint with the "subflow" flag, bound to lte0); a source
# rule sends that one over lte.
bench_mptcp_setup() {
	local ns
	for ns in "$NS_HG" "$NS_HAAP"; do
		nsx "$ns" sysctl -qw net.mptcp.enabled=1 || return 1
		nsx "$ns" ip mptcp limits set subflow 2 add_addr_accepted 2 ||
			return 1
		nsx "$ns" ip mptcp endpoint flush
	done
	nsx "$NS_HG" ip mptcp endpoint add "$HG_LTE4" dev lte0 subflow &&
	nsx "$NS_HG" ip rule add from "$HG_LTE4" lookup 203 pref 1000 &&
	nsx "$NS_HG" ip route add default via "$HAAP_LTE4" dev lte0 table 203
}

# MPTCP joins the HG made so far (to check that two subflows ran)
bench_mptcp_joins() {
	bench_netstat "$NS_HG" MPJoinSynAckRx
}

# Extra outer addresses on both access links, for the ip_gre based peers.
bench_outer_extra() {
	nsx "$NS_HG" ip addr add "$RR_HG_DSL4/32" dev dsl0 &&
	nsx "$NS_HAAP" ip addr add "$RR_HAAP_DSL4/32" dev dsl0 &&
	nsx "$NS_HG" ip route add "$RR_HAAP_DSL4/32" dev dsl0 src "$RR_HG_DSL4" &&
	nsx "$NS_HAAP" ip route add "$RR_HG_DSL4/32" dev dsl0 src "$RR_HAAP_DSL4" &&
	nsx "$NS_HG" ip addr add "$RR_HG_LTE4/32" dev lte0 &&
	nsx "$NS_HAAP" ip addr add "$RR_HAAP_LTE4/32" dev lte0 &&
	nsx "$NS_HG" ip route add "$RR_HAAP_LTE4/32" dev lte0 src "$RR_HG_LTE4" &&
	nsx "$NS_HAAP" ip route add "$RR_HG_LTE4/32" dev lte0 src "$RR_HAAP_LTE4"
}

# The in-tree bonding driver in balance-rr mode over two gretap tunnels
# (one per access link) between HG and HAAP: device rr0, 10.255.3.0/30.
bench_rr_setup() {
	local ns side l_dsl r_dsl l_lte r_lte addr
	modprobe -q ip_gre && modprobe -q bonding max_bonds=0 || return 1
	for side in hg haap; do
		if [ $side = hg ]; then
			ns=$NS_HG addr=$RR_HG4
			l_dsl=$RR_HG_DSL4 r_dsl=$RR_HAAP_DSL4
			l_lte=$RR_HG_LTE4 r_lte=$RR_HAAP_LTE4
		else
			ns=$NS_HAAP addr=$RR_HAAP4
			l_dsl=$RR_HAAP_DSL4 r_dsl=$RR_HG_DSL4
			l_lte=$RR_HAAP_LTE4 r_lte=$RR_HG_LTE4
		fi
		nsx "$ns" ip link add rrdsl type gretap local "$l_dsl" \
			remote "$r_dsl" key 21 dev dsl0 &&
		nsx "$ns" ip link add rrlte type gretap local "$l_lte" \
			remote "$r_lte" key 22 dev lte0 &&
		nsx "$ns" ip link add rr0 type bond mode balance-rr miimon 100 &&
		nsx "$ns" ip link set rr0 mtu "$(nsx "$ns" cat /sys/class/net/rrdsl/mtu)" &&
		nsx "$ns" ip link set rrdsl master rr0 &&
		nsx "$ns" ip link set rrlte master rr0 &&
		nsx "$ns" ip link set rr0 up &&
		nsx "$ns" ip addr add "$addr/30" dev rr0 || return 1
	done
	ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$RR_HAAP4"
}

# Plain ip_gre over dsl between HG and HAAP: gre1 without sequence numbers
# (10.255.4.0/30), gre2 with oseq and iseq (10.255.5.0/30).
bench_gre_setup() {
	local ns l r a1 a2
	modprobe -q ip_gre || return 1
	for ns in "$NS_HG" "$NS_HAAP"; do
		if [ "$ns" = "$NS_HG" ]; then
			l=$RR_HG_DSL4 r=$RR_HAAP_DSL4 a1=$GRE_HG4 a2=$GRESEQ_HG4
		else
			l=$RR_HAAP_DSL4 r=$RR_HG_DSL4 a1=$GRE_HAAP4 a2=$GRESEQ_HAAP4
		fi
		nsx "$ns" ip link add gre1 type gre local "$l" remote "$r" \
			key 31 dev dsl0 &&
		nsx "$ns" ip link add gre2 type gre local "$l" remote "$r" \
			key 32 oseq iseq dev dsl0 &&
		nsx "$ns" ip addr add "$a1/30" dev gre1 &&
		nsx "$ns" ip addr add "$a2/30" dev gre2 &&
		nsx "$ns" ip link set gre1 up &&
		nsx "$ns" ip link set gre2 up || return 1
	done
	ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$GRE_HAAP4" &&
	ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$GRESEQ_HAAP4"
}

# bench_bond_params NS... -- ARGS: 'bondctl bond set hab0 ARGS' in each NS
bench_bond_set() {
	local ns
	for ns in "$NS_HG" "$NS_HAAP"; do
		bondctl -n "$ns" bond set hab0 "$@" || return 1
	done
}

# bench_bond_json NS: 'bondctl -j -s bond show hab0' of NS, kept in
# BENCH_BOND_JSON for bench_bond_field (one bondctl run, no python)
bench_bond_json() {
	BENCH_BOND_JSON=$(bondctl -n "$1" -j -s bond show hab0)
}

# bench_bond_field NAME: a number of the bond (not of a tunnel) from it
bench_bond_field() {
	echo "$BENCH_BOND_JSON" | grep -o "\"$1\":[0-9]*" | head -n1 |
		cut -d: -f2
}

# bench_header NAME: what every result file starts with
bench_header() {
	md "Guest kernel $(uname -r), $(nproc) vCPUs, $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo); guest started $(date -u '+%Y-%m-%d %H:%M UTC'); runs per cell: $BENCH_RUNS$([ "$BENCH_QUICK" = 1 ] && echo ' (quick)')."
}
