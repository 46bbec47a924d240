#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the selftests (all of kselftest-list.txt, or a selection) with the
# kernel's own kselftest runner, printing KTAP. Usage:
#   run_kselftest.sh [-c COLLECTION]... [-t COLLECTION:TEST]... [-l] [-m]
#     -l  list the tests   -m  use the harness-meta list (tests that fail
#                              on purpose)
BASE_DIR=$(cd "$(dirname "$0")" && pwd)
list=$BASE_DIR/kselftest-list.txt
selected=""
listing=0
while getopts "c:t:lm" opt; do
	case $opt in
	c) selected+=$(grep "^$OPTARG:" "$list")$'\n' ;;
	t) selected+="$OPTARG"$'\n' ;;
	l) listing=1 ;;
	m) list=$BASE_DIR/kselftest-meta-list.txt ;;
	*) exit 2 ;;
	esac
done
if [ ! -r "$list" ] || [ ! -e "$BASE_DIR/kselftest/runner.sh" ]; then
	echo "run_kselftest.sh: not built: run 'make selftests' at the top" >&2
	exit 1
fi
[ -n "$selected" ] || selected=$(cat "$list")
if [ $listing = 1 ]; then
	echo "$selected" | sed '/^$/d'
	exit 0
fi
export BASE_DIR
# shellcheck source=/dev/null
. "$BASE_DIR/kselftest/runner.sh"

rc=0
for collection in $(echo "$selected" | sed '/^$/d' | cut -d: -f1 | awk '!s[$0]++'); do
	tests=$(echo "$selected" | awk -F: -v c="$collection" '$1 == c { print $2 }')
	out=$(mktemp)
	(cd "$BASE_DIR/$collection" && run_many $tests) | tee "$out"
	grep -q '^not ok' "$out" && rc=1
	rm -f "$out"
done
exit $rc
