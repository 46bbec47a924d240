#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check libgbcp's encoding against an independent decoder: tshark's
# "grebonding" dissector. gbcp_pcapgen writes every sample message in both
# dialects into a pcap (Ethernet/IPv4/GRE with K set, protocol 0xB7EA or
# 0x0101) plus what the dissector should show per frame; this script asks
# tshark for those fields and compares, then reads tshark -V for
# "Malformed" and expert warnings/errors. Prints TAP.
#
#   tshark.sh PATH/TO/gbcp_pcapgen
#
# Known dissector defect (Wireshark 4.0's packet-grebonding.c): it reads the
# Filter List ACK code one attribute length past the attribute's start plus
# its length, i.e. the octet after the attribute. A message that ends with
# attribute 30 (the RFC-dialect sample, and spec-digest I's byte example)
# therefore shows as Malformed; in the DT dialect it shows 255 (the closing
# attribute's type) as the code. That frame may be Malformed, no other.
set -u
gen=${1:?usage: tshark.sh PATH/TO/gbcp_pcapgen}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

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

echo "TAP version 13"
if ! command -v tshark >/dev/null; then
	echo "1..1"
	echo "ok 1 - tshark cross-check # SKIP tshark not installed"
	exit 0
fi

if ! "$gen" "$dir/gbcp.pcap" "$dir/gbcp.expect"; then
	echo "1..1"
	echo "not ok 1 - gbcp_pcapgen failed"
	exit 1
fi
frames=$(wc -l < "$dir/gbcp.expect")
echo "1..$((frames + 2))"

fields=(frame.number grebonding.type grebonding.tunneltype
	grebonding.attr.type grebonding.attr.val.ipv4
	grebonding.attr.val.ipv6 grebonding.attr.val.error
	grebonding.attr.val.uint64 grebonding.attr.val.filter.commit
	grebonding.attr.val.filter.item.type
	grebonding.attr.val.filter.item.val grebonding.attr.val.string
	grebonding.attr.val.time)
args=()
for f in "${fields[@]}"; do
	args+=(-e "$f")
done

tshark -r "$dir/gbcp.pcap" -T fields -E separator=/t -E occurrence=a \
	-E aggregator=, "${args[@]}" > "$dir/fields" 2> "$dir/fields.err"
tap "$( [ $? = 0 ] && echo OK || echo FAIL)" "tshark -T fields ran"
grep -v 'Running as user "root"' "$dir/fields.err" | sed 's/^/# /'

# one line per frame: compare all columns but the label
while IFS= read -r line; do
	label=${line##*$'\t'}
	exp=${line%$'\t'*}
	frame=${line%%$'\t'*}
	got=$(awk -F'\t' -v f="$frame" '$1 == f' "$dir/fields")
	# tshark drops trailing empty columns
	got=$(echo "$got" | sed 's/\t*$//')
	exp=$(echo "$exp" | sed 's/\t*$//')
	if [ "$got" = "$exp" ]; then
		tap OK "frame $frame $label: tshark shows the encoded fields"
	else
		tap FAIL "frame $frame $label: tshark shows the encoded fields"
		echo "# want: $exp" | tr '\t' '|'
		echo "# got:  $got" | tr '\t' '|'
	fi
done < "$dir/gbcp.expect"

# frames with Malformed / expert warnings or errors in tshark -V
tshark -r "$dir/gbcp.pcap" -V > "$dir/verbose" 2>/dev/null
bad=$(awk '/^Frame [0-9]+:/ { f = $2; sub(":", "", f) }
	/Malformed|Expert Info \((Warning|Error)/ { print f }' "$dir/verbose" |
	sort -un | tr '\n' ' ')
allowed=$(awk -F'\t' '$NF == "rfc/filter-list-ack" { print $1 }' \
	"$dir/gbcp.expect" | tr '\n' ' ')
if [ "$bad" = "$allowed" ] || [ -z "$bad" ]; then
	tap OK "tshark -V: no Malformed or expert warning (known ACK defect: frames ${bad:-none})"
else
	tap FAIL "tshark -V: Malformed or expert warning in frames $bad (allowed: $allowed)"
fi

echo "# tshark cross-check: $((n - fail)) of $n passed"
[ $fail = 0 ]
