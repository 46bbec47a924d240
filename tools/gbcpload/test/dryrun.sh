#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gbcpload's injector without sockets (--dry-run), in both dialects: the
# same seed builds the same packets (digest), another seed others; every
# type gets its count, every mutation kind is used, no parser-bound mutant
# had to be left out; bad command lines are refused. Prints TAP.
#
#   dryrun.sh PATH/TO/gbcpload
set -u
bin=${1:?usage: dryrun.sh PATH/TO/gbcpload}
n=0
fail=0

tap() {		# tap OK|FAIL DESCRIPTION
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=$((fail + 1))
	fi
}

check() {	# check DESCRIPTION CMD...
	local d=$1
	shift
	if "$@" >/dev/null 2>&1; then tap OK "$d"; else tap FAIL "$d"; fi
}

run() {		# run DIALECT SEED
	"$bin" mutate --dry-run --dialect "$1" --seed "$2" \
		--lte 203.0.113.1,203.0.113.2 --dsl 198.51.100.1,198.51.100.2 \
		--key 0x1234abcd --session-id 4242 --count 200
}

echo "TAP version 13"
echo "1..14"
for d in rfc dt; do
	a=$(run "$d" 7) || tap FAIL "$d: dry run exits 0"
	b=$(run "$d" 7)
	c=$(run "$d" 8)
	echo "$a" | sed 's/^/# /'
	dig() { sed -n 's/.*digest \([0-9a-f]*\).*/\1/p' <<< "$1"; }
	check "$d: same seed, same packets" test -n "$(dig "$a")" -a "$(dig "$a")" = "$(dig "$b")"
	check "$d: another seed, other packets" test "$(dig "$a")" != "$(dig "$c")"
	check "$d: 200 per type, all six types" \
		grep -q 'per type: 1:200 2:200 3:200 4:200 5:200 6:200 ' <<< "$a"
	check "$d: every mutation kind used (at least 190 each)" python3 -c '
import re, sys
k = dict(re.findall(r"(bitflip|truncate|overrun|attrlen|wrongkey|wrongsrc) (\d+)", sys.argv[1]))
sys.exit(not (len(k) == 6 and all(int(v) >= 190 for v in k.values())))' "$a"
	check "$d: no parser-bound mutant left unsent" \
		grep -q 'unsent 0 send_errors 0' <<< "$a"
done
check "mutate without --key is refused" bash -c \
	"! '$bin' mutate --dry-run --lte 1.2.3.4,5.6.7.8 --session-id 1"
check "setup without --haap is refused" bash -c "! '$bin' setup --lte-base 10.0.0.1"
check "a CIN format with two conversions is refused" bash -c \
	"! '$bin' setup --haap 1.1.1.1 --lte-base 10.0.0.1 --cin-fmt '%d%s'"
check "--help prints the usage" bash -c "'$bin' --help | grep -q 'gbcpload mutate'"
echo "# $((n - fail)) of $n passed"
[ $fail = 0 ]
