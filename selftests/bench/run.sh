#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark dispatcher ('make bench B=...'), run on the HOST:
#
#   run.sh [b1|b2|b3|b4|b5|b6|b7|scale|gbcpd|pmip|pmipd|all]... [--runs N] [--quick] [--wait-idle MIN]
#
# Builds what is needed (modules, bondctl, the bench helpers), runs B3 and
# pmipd on the host and every other benchmark in its own boot of the test guest
# (selftests/guest/vm.sh), and writes build/bench/<name>.md (the result
# table with date, kernels, accelerator and host load) and
# build/bench/<name>.log (everything, one line per run).
#
#   --runs N    repetitions per cell (default 5)
#   --quick     fewer runs, shorter transfers, smaller scale: a smoke check
#   --wait-idle MIN   before each benchmark, wait up to MIN minutes for
#               other QEMU guests on this machine to finish (numbers taken
#               while another guest runs are not comparable)
#
# Environment: BENCH_TIMEOUT (guest timeout per benchmark, s, default 5400),
# BENCH_SCALE_N (bonds for 'scale', default 10000), BENCH_GBCPD_N (simulated
# HGs for 'gbcpd', default 1000), BENCH_B6_N (idle connections for 'b6',
# default 10000), BENCH_B6_MEM_RUNS (runs of b6's memory part), BENCH_QUIET_MAX (s a
# measurement waits for other guests to finish, default 1200),
# BENCH_RESUME_CELLS (a file of cells measured before, see below),
# BENCH_RETRIES (new boots when something on the host kills the guest,
# default 2), HA_SMP, HA_MEM.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/bench
runs=5
quick=0
wait_idle=${BENCH_WAIT_IDLE:-0}
names=()

while [ $# -gt 0 ]; do
	case "$1" in
	b1|b2|b3|b4|b5|b6|b7|scale|gbcpd|pmip|pmipd) names+=("$1") ;;
	all) names+=(b3 b1 b2 b4 b5 b6 b7 scale gbcpd) ;;
	--runs) runs=$2; shift ;;
	--quick) quick=1 ;;
	--wait-idle) wait_idle=$2; shift ;;
	-h|--help) sed -n '3,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument '$1' (b1 b2 b3 b4 b5 b6 b7 scale gbcpd pmip pmipd all --runs N --quick)" >&2
	   exit 2 ;;
	esac
	shift
done
[ ${#names[@]} -gt 0 ] || names=(b3 b1 b2 b4 b5 b6 b7 scale gbcpd)
case "$runs" in ''|*[!0-9]*|0) echo "run.sh: --runs needs a positive number" >&2; exit 2 ;; esac
if [ $quick = 1 ] && [ "$runs" = 5 ]; then
	runs=1
fi

mkdir -p "$out"
echo "bench: building (modules, tools, bench helpers)"
make -s -C "$top" all >"$out/build.log" 2>&1 &&
	make -s -C "$top/selftests/bench" >>"$out/build.log" 2>&1 ||
	{ echo "bench: build failed, see $out/build.log" >&2; tail -n 20 "$out/build.log" >&2; exit 1; }
# B8's module is built against the guest's kernel only when asked for
if [[ " ${names[*]} " == *" pmip "* ]]; then
	make -s -C "$("$top/tools/dev/find-kdir.sh")" \
		M="$top/selftests/bench/pmip_b8" modules >>"$out/build.log" 2>&1 ||
		{ echo "bench: pm_b8.ko build failed, see $out/build.log" >&2; exit 1; }
fi

host_state() {
	printf 'load %s, QEMU guests running %s' \
		"$(cut -d' ' -f1-3 /proc/loadavg)" "$(pgrep -c qemu-system || true)"
}

# host_watch MARKER PATTERN: while a benchmark's guest runs, find its run
# directory (the one whose cmd mentions PATTERN, newer than MARKER) and keep
# "OTHERS TICKS" in its host_others file, every 2 s: the other QEMU guests
# running now and the number of ticks so far that saw one. The guest waits
# for a quiet host before each measurement and repeats those that another
# guest overlapped (bench_lib.sh). Also logs the host's load every 30 s.
host_watch() {
	local marker=$1 pat=$2 dir='' n others ticks=0 i=0
	while sleep 2; do
		i=$((i + 1))
		[ $((i % 15)) = 0 ] && echo "host: $(date -u +%H:%M:%S) $(host_state)"
		if [ -z "$dir" ]; then
			dir=$(find "$top/build/guest" -mindepth 2 -maxdepth 2 -name cmd \
				-newer "$marker" -exec grep -l -F -- "$pat" {} + \
				2>/dev/null | head -n1)
			dir=${dir%/cmd}
			[ -n "$dir" ] || continue
		fi
		[ -d "$dir" ] || continue
		n=$(pgrep -c qemu-system)
		others=$((n > 0 ? n - 1 : 0))
		[ $others -gt 0 ] && ticks=$((ticks + 1))
		echo "$others $ticks" > "$dir/host_others.tmp" &&
			mv -f "$dir/host_others.tmp" "$dir/host_others"
	done
}

# header NAME TITLE ACCEL: the top of a result file
header() {
	echo "# $2"
	echo
	echo "Produced by \`make bench B=$1$([ $quick = 1 ] && echo ' QUICK=1')\` ($(date -u '+%Y-%m-%d %H:%M UTC'))."
	echo "Host: $(uname -r), $(nproc) CPUs; accelerator: $3. Host at start: $host_start; at end: $(host_state)."
	echo "Tree: $tree."
	echo
}

title() {
	case $1 in
	b1) echo "B1: single-flow aggregation (simult_flows profiles)" ;;
	b2) echo "B2: delay-difference sweep" ;;
	b3) echo "B3: receive window cost against a sorted list (host)" ;;
	b4) echo "B4: unshaped throughput: bond against plain ip_gre" ;;
	b5) echo "B5: connection setup: time to first byte through the MCP against SOCKS5 and HAProxy" ;;
	b6) echo "B6: proxy efficiency and memory per connection: MCP against HAProxy and SOCKS5" ;;
	b7) echo "B7: short-connection rate: MCP against HAProxy and SOCKS5" ;;
	scale) echo "HAAP scale: 10,000 bonds in one namespace" ;;
	gbcpd) echo "HAAP control plane: simulated HGs set up with one gbcpd" ;;
	pmip) echo "B8: pmip_mmb binding-table scale" ;;
	pmipd) echo "PMIPv6 LMA: registrations per second (pmipd, host)" ;;
	esac
}

# what was measured: the commit, and the module's sources as they were
tree="commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo '?')"
tree+=", gre_bond/*.[ch] sha256 $(cat "$top"/gre_bond/*.[ch] | sha256sum | cut -c1-12)"
tree+=", pmip_mmb/*.[ch] sha256 $(cat "$top"/pmip_mmb/*.[ch] | sha256sum | cut -c1-12)"
tree+=", mcp_proxy/*.[ch] sha256 $(cat "$top"/mcp_proxy/*.[ch] | sha256sum | cut -c1-12)"
[ -n "$(git -C "$top" status --porcelain -- gre_bond pmip_mmb mcp_proxy 2>/dev/null)" ] &&
	tree+=" (uncommitted changes in gre_bond/, pmip_mmb/ or mcp_proxy/)"

failed=0
for name in "${names[@]}"; do
	md=$out/$name.md
	log=$out/$name.log
	if [ "$wait_idle" -gt 0 ] 2>/dev/null; then
		deadline=$(($(date +%s) + wait_idle * 60))
		while [ "$(pgrep -c qemu-system)" -gt 0 ] &&
		      [ "$(date +%s)" -lt "$deadline" ]; do
			echo "bench: waiting for $(pgrep -c qemu-system) other QEMU guest(s) to finish"
			sleep 30
		done
	fi
	host_start=$(host_state)
	echo "bench: $name ($host_start)"
	args=(--runs "$runs")
	[ $quick = 1 ] && args+=(--quick)
	[ -n "${BENCH_QUIET_MAX:-}" ] && args+=(--quiet-max "$BENCH_QUIET_MAX")
	if [ "$name" = b3 ]; then
		packets=2000000
		[ $quick = 1 ] && packets=200000
		{
			echo "host: $(host_state)"
			"$out/bin/reorder_cost" "$packets" "$runs"
		} > "$log" 2>&1
		rc=$?
		{
			header b3 "$(title b3)" "none (host, $(uname -m))"
			echo "Per packet cost of gre_bond/reorder.c (the very code in the module) against a sorted doubly linked list inserted from its tail, for a stream whose odd packets arrive d positions late; $packets packets, median of $runs runs."
			echo
			grep -v '^host:' "$log"
		} > "$md"
		cat "$md"
		[ $rc = 0 ] || failed=$((failed + 1))
		continue
	fi

	if [ "$name" = pmipd ]; then
		"$top/selftests/bench/pmipd.sh" --runs "$runs" \
			$([ $quick = 1 ] && echo --quick) > "$log" 2>&1
		rc=$?
		{
			header pmipd "$(title pmipd)" "none (host, $(uname -m))"
			sed -n 's/^MD: \{0,1\}//p' "$log"
		} > "$md"
		cat "$md"
		[ $rc = 0 ] || failed=$((failed + 1))
		continue
	fi

	vmargs=(--timeout "${BENCH_TIMEOUT:-5400}")
	scale_n=${BENCH_SCALE_N:-10000}
	if [ "$name" = scale ]; then
		[ $quick = 1 ] && scale_n=${BENCH_SCALE_N:-500}
		args+=(--bonds "$scale_n")
		vmargs+=(--mem "${HA_MEM:-3072}")
	fi
	# B8 at 1M mobile nodes needs about 6 GiB (QUICK stops at 100k)
	if [ "$name" = pmip ]; then
		pm_mem=12288
		[ $quick = 1 ] && pm_mem=3072
		vmargs+=(--mem "${HA_MEM:-$pm_mem}")
	fi
	# b6 holds 10,000 proxied connections: 4 sockets each, and 20,000
	# MPTCP tokens in this one kernel (client and MCP); 6.1 sizes the
	# token table at one bucket of at most 4 per MiB, and 3 GiB filled up
	# at 7,796 conversions
	if [ "$name" = b6 ]; then
		vmargs+=(--mem "${HA_MEM:-8192}")
	fi
	# b6 and b7 weigh memory per socket and the cost of setting sockets
	# up against a user-space proxy, b5 the time of that setup: the
	# production allocator, without the guest's usual slab red zones,
	# owner tracking and poisoning
	extra_append=${HA_EXTRA_APPEND:-}
	case $name in
	b5|b6|b7) extra_append+=" slub_debug=- page_poison=0" ;;
	esac
	[ "$name" = b6 ] && [ -n "${BENCH_B6_N:-}" ] &&
		args+=(--conns "$BENCH_B6_N")
	[ "$name" = b6 ] && [ -n "${BENCH_B6_MEM_RUNS:-}" ] &&
		args+=(--mem-runs "$BENCH_B6_MEM_RUNS")
	[ "$name" = gbcpd ] && [ -n "${BENCH_GBCPD_N:-}" ] &&
		args+=(--hgs "$BENCH_GBCPD_N")
	: > "$log.vm"
	: > "$log.load"
	done_cells=$out/$name.done
	rm -f "$done_cells" "$log.out"
	# BENCH_RESUME_CELLS=FILE: cells an earlier run finished ("CELL:"
	# lines of its output, without the prefix) are not measured again
	if [ -n "${BENCH_RESUME_CELLS:-}" ]; then
		cp "$BENCH_RESUME_CELLS" "$done_cells" || exit 1
	fi
	for attempt in $(seq 0 "${BENCH_RETRIES:-2}"); do
		resume=()
		[ -s "$done_cells" ] && resume=(--resume "$done_cells")
		marker=$(mktemp "$out/.start.XXXXXX")
		host_watch "$marker" "selftests/bench/$name.sh" >> "$log.load" &
		sampler=$!
		HA_EXTRA_APPEND=$extra_append HA_VM_OUTPUT=$log.out \
			"$top/selftests/guest/vm.sh" "${vmargs[@]}" -- \
			selftests/bench/$name.sh "${args[@]}" "${resume[@]}" 2>&1 |
			tee "$log.try"
		rc=${PIPESTATUS[0]}
		kill "$sampler" 2>/dev/null
		wait "$sampler" 2>/dev/null
		rm -f "$marker"
		cat "$log.try" >> "$log.vm"
		# A guest that something on the host killed (its qemu.log says
		# so) boots again and measures only the cells it had not
		# finished; any other failure stands.
		rundir=$(sed -n 's/^vm: run directory kept: //p' "$log.try" |
			tail -n1)
		rm -f "$log.try"
		killed=
		if [ -n "$rundir" ]; then
			killed=$(grep -h 'terminating on signal' "$rundir/qemu.log" 2>/dev/null)
			tr -d '\r' < "$rundir/output" 2>/dev/null |
				sed -n 's/^CELL: //p' >> "$done_cells"
			cp "$rundir/output" "$log.out" 2>/dev/null
		fi
		[ "$rc" = 0 ] || [ -z "$killed" ] && break
		echo "bench: $name: the guest was killed from outside ($killed); boot $((attempt + 2)) in 60 s"
		sleep 60
	done
	accel=$(sed -n 's/^vm: booting [^ ]* (\([a-z]*\),.*/\1/p' "$log.vm" | head -n1)
	{
		header "$name" "$(title "$name")" "QEMU ${accel:-?} (guest: selftests/guest/vm.sh)"
		src=$log.out
		[ -s "$src" ] || src=$log.vm
		tr -d '\r' < "$src" | sed -n 's/^MD: \{0,1\}//p'
		if [ "$rc" != 0 ]; then
			echo
			echo "**The run failed (exit $rc); the table may be incomplete. See $name.log.**"
		fi
	} > "$md"
	{
		cat "$log.vm"
		echo "--- host load samples"
		cat "$log.load"
	} | tr -d '\r' | grep -v '^MD: ' > "$log"
	rm -f "$log.vm" "$log.load" "$log.out" "$done_cells"
	echo "bench: $name: $md (exit $rc)"
	[ "$rc" = 0 ] || failed=$((failed + 1))
done
echo "bench: results in $out/ ($failed failed)"
[ $failed = 0 ]
