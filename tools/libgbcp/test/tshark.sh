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
. "$(dirname "${BASH_SOURCE[0]}")/../../lib/tshark_check.sh"

tshark_start "$gen" gbcp
echo "1..$((frames + 2))"

tshark_fields "$dir/gbcp.pcap" frame.number grebonding.type \
	grebonding.tunneltype grebonding.attr.type grebonding.attr.val.ipv4 \
	grebonding.attr.val.ipv6 grebonding.attr.val.error \
	grebonding.attr.val.uint64 grebonding.attr.val.filter.commit \
	grebonding.attr.val.filter.item.type \
	grebonding.attr.val.filter.item.val grebonding.attr.val.string \
	grebonding.attr.val.time

# one line per frame: compare all columns but the label
while IFS= read -r line; do
	label=${line##*$'\t'}
	frame=${line%%$'\t'*}
	tshark_compare "$frame" "$label" "${line%$'\t'*}" \
		"$(tshark_frame "$frame")"
done < "$dir/gbcp.expect"

# the known ACK defect above: that frame may be Malformed
tshark_expert "$dir/gbcp.pcap" "$dir/gbcp.expect" rfc/filter-list-ack \
	"known ACK defect"

tshark_done
