# SPDX-License-Identifier: GPL-2.0
#
# What the codecs' test/tshark.sh scripts (tools/libgbcp, tools/libpmip)
# share, sourced by them: TAP output, the skip without tshark, the run of
# the pcap generator, the per-frame comparison of tshark's fields with the
# generator's expectations and the scan of tshark -V for "Malformed" and
# expert warnings/errors.
#
# The generator writes one expectation line per frame: tab-separated, the
# frame number first and a label last. The caller's state lives in the
# globals below:
#   dir    a temporary folder, removed on exit: $dir/NAME.pcap,
#          $dir/NAME.expect, $dir/fields (tshark -T fields), $dir/verbose
#          (tshark -V)
#   n      tests so far
#   fail   failed tests so far
#   frames the number of frames the generator wrote

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

n=0
fail=0
frames=0

tap() {		# tap OK|FAIL DESCRIPTION
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=$((fail + 1))
	fi
}

# tshark_start GEN NAME: print the TAP header; without tshark, skip and
# exit 0; else run GEN $dir/NAME.pcap $dir/NAME.expect (exit 1 if it
# fails) and set frames. The caller prints the plan.
tshark_start() {
	local gen=$1 name=$2

	echo "TAP version 13"
	if ! command -v tshark >/dev/null; then
		echo "1..1"
		echo "ok 1 - tshark cross-check # SKIP tshark not installed"
		exit 0
	fi

	if ! "$gen" "$dir/$name.pcap" "$dir/$name.expect"; then
		echo "1..1"
		echo "not ok 1 - ${gen##*/} failed"
		exit 1
	fi
	frames=$(wc -l < "$dir/$name.expect")
}

# tshark_fields PCAP FIELD...: tshark's FIELDs of each frame of PCAP into
# $dir/fields, tab-separated, repeated fields comma-separated (one test)
tshark_fields() {
	local pcap=$1 f args=()

	shift
	for f in "$@"; do
		args+=(-e "$f")
	done
	tshark -r "$pcap" -T fields -E separator=/t -E occurrence=a \
		-E aggregator=, "${args[@]}" > "$dir/fields" 2> "$dir/fields.err"
	tap "$( [ $? = 0 ] && echo OK || echo FAIL)" "tshark -T fields ran"
	grep -v 'Running as user "root"' "$dir/fields.err" | sed 's/^/# /'
}

# tshark_frame FRAME: the line of $dir/fields for FRAME
tshark_frame() {
	awk -F'\t' -v f="$1" '$1 == f' "$dir/fields"
}

# tshark_compare FRAME LABEL EXPECTED GOT: one test, the columns equal
# (tshark drops trailing empty columns: so are they ignored)
tshark_compare() {
	local frame=$1 label=$2 exp got

	exp=$(echo "$3" | sed 's/\t*$//')
	got=$(echo "$4" | sed 's/\t*$//')
	if [ "$got" = "$exp" ]; then
		tap OK "frame $frame $label: tshark shows the encoded fields"
	else
		tap FAIL "frame $frame $label: tshark shows the encoded fields"
		echo "# want: $exp" | tr '\t' '|'
		echo "# got:  $got" | tr '\t' '|'
	fi
}

# tshark_expert PCAP EXPECT LABEL KNOWN: one test, no frame of PCAP shows
# as Malformed or with an expert warning or error in tshark -V (kept in
# $dir/verbose), but exactly the frames labelled LABEL in EXPECT may;
# KNOWN names their defect. Returns 1 if the test failed.
tshark_expert() {
	local pcap=$1 expect=$2 label=$3 known=$4 bad allowed

	tshark -r "$pcap" -V > "$dir/verbose" 2>/dev/null
	bad=$(awk '/^Frame [0-9]+:/ { f = $2; sub(":", "", f) }
		/Malformed|Expert Info \((Warning|Error)/ { print f }' \
		"$dir/verbose" | sort -un | tr '\n' ' ')
	allowed=$(awk -F'\t' -v l="$label" '$NF == l { print $1 }' \
		"$expect" | tr '\n' ' ')
	if [ -z "$bad" ] || [ "$bad" = "$allowed" ]; then
		tap OK "tshark -V: no Malformed or expert warning ($known: frames ${bad:-none})"
	else
		tap FAIL "tshark -V: Malformed or expert warning in frames $bad (allowed: $allowed)"
		return 1
	fi
}

# tshark_done: the summary; the status is that of the whole run
tshark_done() {
	echo "# tshark cross-check: $((n - fail)) of $n passed"
	[ $fail = 0 ]
}
