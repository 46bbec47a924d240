#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's test command ('make check'): dependencies, build, quality
# gates, host unit tests, fuzz smoke, harness self-tests and the guest
# selftests. Every stage's output is kept under build/check/; the last line
# counts results: 'N passed, N failed, N skipped'.
#
#   check.sh [--only STAGE[,STAGE...]] [--skip STAGE[,STAGE...]]
#   stages: deps build checkpatch sparse w1 unit tools-test fuzz harness guest
set -u
cd "$(dirname "$0")/../.."
top=$PWD
log=$top/build/check
mkdir -p "$log"

only=""
skip=""
while [ $# -gt 0 ]; do
	case "$1" in
	--only) only=",$2,"; shift ;;
	--skip) skip=",$2,"; shift ;;
	*) echo "check.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

passed=0
failed=0
skipped=0
failures=()
t0=$(date +%s)

# stage NAME TAP|plain CMD...: run one stage. TAP stages are counted by their
# top-level ok / not ok lines; a plain stage counts as one result. A stage
# that fails without reporting a failure of its own counts as one failure.
stage() {
	local name=$1 kind=$2 rc start p f s
	shift 2
	if { [ -n "$only" ] && [[ "$only" != *",$name,"* ]]; } ||
	   [[ "$skip" == *",$name,"* ]]; then
		return 0
	fi
	start=$(date +%s)
	echo "== $name: $*"
	"$@" > "$log/$name.log" 2>&1
	rc=$?
	if [ "$kind" = TAP ]; then
		p=$(grep -cE '^ok [0-9]+' "$log/$name.log" | head -n1)
		s=$(grep -cE '^ok [0-9]+.*# SKIP' "$log/$name.log" | head -n1)
		f=$(grep -cE '^not ok [0-9]+' "$log/$name.log" | head -n1)
		p=$((p - s))
		grep -E '^(not )?ok [0-9]+' "$log/$name.log" | sed 's/^/   /'
		if [ $rc != 0 ] && [ "$f" = 0 ]; then
			f=1
			echo "   not ok: $name exited $rc without a failing test"
		fi
		if [ $rc = 0 ] && [ "$f" != 0 ]; then
			echo "   $name exited 0 but reported failures: counted"
		fi
	else
		s=0
		if [ $rc = 0 ]; then
			p=1 f=0
			echo "   ok"
		else
			p=0 f=1
		fi
	fi
	if [ "$f" != 0 ]; then
		failures+=("$name")
		echo "   -- last lines of build/check/$name.log:"
		tail -n 25 "$log/$name.log" | sed 's/^/   | /'
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	echo "   ($name: $((p)) passed, $f failed, $s skipped, $(($(date +%s) - start)) s)"
}

stage deps plain tools/dev/deps.sh
stage build plain make -s all
stage checkpatch plain make -s checkpatch
stage sparse plain make -s sparse
stage w1 plain make -s w1
# the gates rebuilt the modules with other flags: build them once more
make -s modules > "$log/rebuild.log" 2>&1 || echo "   rebuild failed"
stage unit TAP make -s unit
# every tool whose Makefile has a test target runs it (TAP)
stage tools-test TAP bash -c 'rc=0; for m in tools/*/Makefile; do
	grep -q "^test:" "$m" || continue
	make -s -C "${m%/Makefile}" test || rc=1; done; exit $rc'
stage fuzz TAP make -s fuzz-smoke
stage harness TAP bash -c 'make -s selftests && selftests/harness/vm-selftest.sh'
stage guest TAP make -s guest-test

echo
if [ ${#failures[@]} != 0 ]; then
	echo "failed stages: ${failures[*]} (logs in build/check/)"
fi
echo "check took $(($(date +%s) - t0)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
