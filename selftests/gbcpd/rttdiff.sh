#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RTT difference threshold (RFC 8157 4.7): LTE's delay grows beyond the
# threshold; after more than rtt-violation measurements in a row the HG
# stops using LTE (DSL Notify with Switching to DSL Tunnel, the HAAP
# echoes it and stops too; no data on LTE); when the delay is back, after
# more than rtt-compliance measurements LTE is used again (Notify with
# Overflowing to LTE Tunnel).
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

# lte_tx NS: data packets sent on the LTE tunnel (tunnel 1)
lte_tx() {
	gb_stat "$1" tx_packets 1
}

# in_a_row THRESHOLD_US PATTERN: replay the HG's RTT log lines; how many
# measurements in a row were on the side of the threshold that the switch
# logged as PATTERN needs, when it happened
in_a_row() {
	python3 - "$1" "$2" "$GD_HG_LOG" <<'EOP'
import re, sys
thr, pat, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
dsl, viol, comp = None, 0, 0
for line in open(log):
    m = re.search(r": (dsl|lte) rtt (\d+) us", line)
    if m and m.group(1) == "dsl":
        dsl = int(m.group(2))
    elif m and dsl is not None:
        if abs(int(m.group(2)) - dsl) > thr:
            viol, comp = viol + 1, 0
        else:
            viol, comp = 0, comp + 1
    elif pat in line:
        print(viol if "not used" in pat else comp)
        break
EOP
}

ktap_header 11
# DSL 2 x 10 ms, LTE 2 x 15 ms: 10 ms apart, threshold 40 ms
gd_bonded topo lte_delay=15ms haap "rtt-threshold-ms 40" \
	haap "rtt-violation 3" haap "rtt-compliance 3"
ha_wait 5 gd_is hg 's["rtt_diff_us"] is not None'
ktap_check "LTE in use while the RTT difference is small" \
	gd_is hg 's["lte_use"] and s["rtt_diff_us"] < 40000'

# LTE 2 x 60 ms: 100 ms apart
ha_link_shape lte 20mbit 60ms
ktap_check "LTE switched off" ha_wait 10 gd_is hg 'not s["lte_use"]'
ktap_check "after more than rtt-violation (3) measurements in a row" \
	test "$(in_a_row 40000 'LTE not used')" = 4
ktap_check "the HAAP got Notify 11 (Switching to DSL Tunnel)" \
	ha_wait 5 grep -q 'HG: Switching to DSL Tunnel' "$GD_HAAP_LOG"
ktap_check "the kernel LTE tunnel is disabled on both ends" \
	bash -c "$BONDCTL -n $NS_HG -j bond show hab0 | grep -q '\"admin\":\"disabled\"' && $BONDCTL -n $NS_HAAP -j bond show hab0 | grep -q '\"admin\":\"disabled\"'"

a=$(lte_tx "$NS_HG")
r=$(gb_transfer "$NS_CLI" "$NS_SRV" "$SRV4" 2)
b=$(lte_tx "$NS_HG")
ktap_diag "transfer: $r; LTE data packets sent by the HG: $a -> $b"
ktap_check "above the CIR, still no data on LTE" \
	test "${r%% *}" = ok -a "$a" = "$b"

ha_link_shape lte 20mbit 15ms
ktap_check "LTE used again" ha_wait 10 gd_is hg 's["lte_use"]'
ktap_check "after more than rtt-compliance (3) measurements in a row" \
	test "$(in_a_row 40000 'LTE in use again')" = 4
ktap_check "the HAAP got Notify 12 (Overflowing to LTE Tunnel)" \
	ha_wait 5 grep -q 'HG: Overflowing to LTE Tunnel' "$GD_HAAP_LOG"
a=$(lte_tx "$NS_HG")
r=$(gb_transfer "$NS_CLI" "$NS_SRV" "$SRV4" 2)
b=$(lte_tx "$NS_HG")
ktap_diag "transfer: $r; LTE data packets sent by the HG: $a -> $b"
ktap_check "above the CIR, LTE carries the overflow again" \
	test "${r%% *}" = ok -a "$b" -gt "$a"
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
