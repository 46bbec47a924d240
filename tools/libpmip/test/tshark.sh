#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check libpmip's encoding against an independent decoder: tshark's "mip6"
# dissector. pmip_pcapgen writes every sample PBU/PBA into a pcap
# (Ethernet/IPv6, Next Header 135, checksum filled in) plus what the
# dissector should show per frame; this script asks tshark for those
# fields and compares, checks the Timestamp option and the sequence of
# option types on the wire (Pad1/PadN included, from tshark -T pdml), then
# reads tshark -V for "Malformed" and expert warnings/errors. Prints TAP.
#
#   tshark.sh PATH/TO/pmip_pcapgen
#
# Known dissector limits (Wireshark 4.0):
#  * it has no dissector for the RFC 8278 options 63 (MAG Multipath
#    Binding) and 64 (MAG Identifier): it shows them as "Unknown" with an
#    expert Note (not a warning) and a wrong Length, but skips them by
#    their real length (the options after them are checked here), so only
#    their type and position can be compared;
#  * it warns about a Mobile Node Identifier option of Length 1 (no
#    identifier octets), which RFC 5213 §5.3.6 has the LMA send back when
#    the PBU had no MN-ID: the "no-mnid-pba" frame may carry that
#    warning, no other.
set -u
gen=${1:?usage: tshark.sh PATH/TO/pmip_pcapgen}
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/tshark_check.sh"

tshark_start "$gen" pmip
echo "1..$((3 * frames + 3))"

fields=(frame.number mip6.mhtype mip6.hlen mip6.csum
	mip6.bu.seqnr mip6.ba.seqnr mip6.bu.lifetime mip6.ba.lifetime
	mip6.ba.status mip6.bu.a_flag mip6.bu.h_flag mip6.bu.p_flag
	mip6.bu.t_flag mip6.ba.p_flag mip6.ba.t_flag
	mip6.mnid.identifier mip6.nemo.mnp.pfl mip6.nemo.mnp.mnp mip6.hi
	mip6.att mip6.lila_lla mip6.gre_key mip6.mnlli.lli mip6.mobility_opt
	mip6.timestamp_tmp)
nf=$((${#fields[@]} - 1))	# compared as they are; the timestamp apart
tshark_fields "$dir/pmip.pcap" "${fields[@]}"

# option types per frame in wire order: a known option's subtree shows
# its raw octets (the first is the type), an unknown one its type field
tshark -r "$dir/pmip.pcap" -T pdml 2>/dev/null |
	awk '
	function flush() { if (f != "") print f "\t" t }
	/<field name="frame.number"/ {
		flush(); t = ""
		match($0, /show="[0-9]+"/); f = substr($0, RSTART + 6, RLENGTH - 7)
	}
	/<field name="mip6.options\./ {
		match($0, /show="[0-9a-f][0-9a-f]/)
		h = "0123456789abcdef"
		v = 16 * (index(h, substr($0, RSTART + 6, 1)) - 1) + \
			index(h, substr($0, RSTART + 7, 1)) - 1
		t = t (t == "" ? "" : ",") v
	}
	/<field name="mip6.mobility_opt"/ {
		match($0, /show="[0-9]+"/)
		t = t (t == "" ? "" : ",") substr($0, RSTART + 6, RLENGTH - 7)
	}
	END { flush() }' > "$dir/opts"
tap "$( [ -s "$dir/opts" ] && echo OK || echo FAIL)" "tshark -T pdml ran"

# tshark's "Nov 14, 2023 22:13:20.500000000 UTC" to Unix seconds.ns
to_unix() {
	local s=$1
	[ -n "$s" ] || return 0
	echo "$(date -u -d "${s%.*} UTC" +%s).$(echo "${s##*.}" | cut -d' ' -f1)"
}

while IFS= read -r line; do
	IFS=$'\t' read -r -a col <<< "$line"
	frame=${col[0]}
	label=${line##*$'\t'}
	rest=${line%$'\t'*}
	wire=${rest##*$'\t'}
	rest=${rest%$'\t'*}
	ts_exp=${rest##*$'\t'}
	exp=${rest%$'\t'*}
	got_all=$(tshark_frame "$frame")
	tshark_compare "$frame" "$label" "$exp" \
		"$(echo "$got_all" | cut -f1-"$nf")"
	ts_got=$(to_unix "$(echo "$got_all" | cut -f$((nf + 1)))")
	if [ "$ts_got" = "$ts_exp" ]; then
		tap OK "frame $frame $label: timestamp ${ts_exp:-absent}"
	else
		tap FAIL "frame $frame $label: timestamp: want '$ts_exp' got '$ts_got'"
	fi
	opts=$(awk -F'\t' -v f="$frame" '$1 == f { print $2 }' "$dir/opts")
	if [ "$opts" = "$wire" ]; then
		tap OK "frame $frame $label: option types and padding $wire"
	else
		tap FAIL "frame $frame $label: option types: want '$wire' got '$opts'"
	fi
done < "$dir/pmip.expect"

# the known MN-ID warning above: the no-mnid-pba frame may carry it
if ! tshark_expert "$dir/pmip.pcap" "$dir/pmip.expect" no-mnid-pba \
		"known MN-ID length 1 warning"; then
	grep -E 'Malformed|Expert Info \((Warning|Error)' "$dir/verbose" |
		sort | uniq -c | head -10 | sed 's/^/# /'
fi

tshark_done
