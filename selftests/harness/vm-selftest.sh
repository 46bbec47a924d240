#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of the guest harness itself: each boots a guest that
# misbehaves on purpose and checks that vm.sh reports it. Prints KTAP.
#   a failing test fails the run, a skipped one is reported as skipped;
#   a WARN, an oops, a slub memory-debug report and a hang each fail the
#   run with a message that names them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
vm=$top/selftests/guest/vm.sh
kmod=$top/selftests/harness/kmod/ha_harness_test.ko
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n $*"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n $*"; }

# guest EXPECTED_EXIT GREP_PATTERN NAME -- vm.sh args...: the run must exit
# non-zero (or EXPECTED_EXIT) and its output must match GREP_PATTERN
guest() {
	local expect=$1 pattern=$2 name=$3 out rc
	shift 4
	out=$("$vm" "$@" 2>&1)
	rc=$?
	if { [ "$expect" = nonzero ] && [ $rc = 0 ]; } ||
	   { [ "$expect" != nonzero ] && [ $rc != "$expect" ]; }; then
		notok "$name (exit $rc, expected $expect)"
		echo "$out" | tail -n 15 | sed 's/^/# /'
		return
	fi
	if ! echo "$out" | grep -qE "$pattern"; then
		notok "$name (no '$pattern' in the output)"
		echo "$out" | tail -n 15 | sed 's/^/# /'
		return
	fi
	ok "$name"
}

echo "TAP version 13"
echo "1..6"
[ -x "$top/selftests/run_kselftest.sh" ] && [ -f "$kmod" ] || {
	echo "# not built: run 'make selftests'"
	exit 1
}
# one guest runs the harness-meta collection: pass.sh, fail.sh, skip.sh
meta=$("$vm" --ktap -- selftests/run_kselftest.sh -m 2>&1)
meta_rc=$?
check_meta() {
	if [ $meta_rc != 0 ] && echo "$meta" | grep -qE "$1"; then
		ok "$2"
	else
		notok "$2 (exit $meta_rc)"
		echo "$meta" | tail -n 15 | sed 's/^/# /'
	fi
}
check_meta 'not ok [0-9]+ selftests: harness-meta: fail.sh' \
	"failing test fails the run"
check_meta 'ok [0-9]+ selftests: harness-meta: skip.sh # SKIP' \
	"skipped test reported as skipped"
guest nonzero 'FAIL: guest kernel (warning|panic).*(WARNING|deliberate)' \
	"guest WARN fails the run" -- -- insmod "$kmod" action=warn
guest nonzero 'FAIL: guest kernel (oops/BUG|panic)' \
	"guest oops fails the run" -- -- insmod "$kmod" action=oops
guest nonzero 'FAIL: guest kernel slub memory-debug report' \
	"slub report fails the run" -- -- \
	bash -c "insmod $kmod action=slub; sleep 1; echo 1 > /sys/kernel/slab/kmalloc-32/validate; sleep 1"
guest nonzero 'FAIL: hang' "hang fails the run" -- --timeout 30 -- sleep 600
[ $failed = 0 ]
