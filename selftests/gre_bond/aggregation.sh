#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One TCP flow gets the sum of both lines. DSL 20 Mbit/s 10 ms, LTE 20 Mbit/s
# 30 ms: the bond must give at least 1.5x DSL alone (benchmark B1 measures
# the real ratio). With the CIR below the DSL rate, the primary tunnel
# carries the CIR within 10% and the rest overflows to LTE.
source "$(dirname "$0")/gb_lib.sh"
gb_require

ktap_header 5
ha_topo_create dsl_rate=20mbit dsl_delay=10ms lte_rate=20mbit lte_delay=30ms ||
	{ ktap_fail "topology"; ktap_finish; }
secs=10
# both measurements leave out the first 2 s: slow start is not what the
# bond is measured on (over the longer LTE round trip it ramps up later)
omit="-O 2"

dsl=$(ha_iperf "$NS_CLI" "$NS_SRV" "$SRV4" $secs $omit)
ktap_diag "DSL alone: $(ha_mbit "$dsl") Mbit/s"

# CIR 19 Mbit/s: green/yellow fill DSL, red goes to LTE
gb_setup cir 19000 hold auto ||
	{ ktap_fail "bonds created"; ktap_finish; }
ktap_ok "bonds created"
# bond_flow DIR [IPERF ARGS]: one flow through the bond, and one more when
# the first falls short: the emulated guest CPU, shared with whatever else
# runs on the host, forwards about 35 Mbit/s, so a busy host can push one
# transfer under the mark; a bond that does not aggregate fails both.
bond_flow() {
	local dir=$1 bond ratio try
	shift
	for try in 1 2; do
		bond=$(ha_iperf "$NS_CLI" "$NS_SRV" "$SRV4" $secs $omit "$@")
		ratio=$(ha_ratio "$bond" "$dsl")
		ha_ge "$ratio" 1.5 && break
		ktap_diag "$dir try $try: $(ha_mbit "$bond") Mbit/s = ${ratio}x"
	done
	ktap_check "one TCP flow $dir: bond $(ha_mbit "$bond") Mbit/s = ${ratio}x DSL alone (>= 1.5)" \
		ha_ge "$ratio" 1.5
}
bond_flow upstream
bond_flow downstream -R

# CIR 8 Mbit/s: the primary tunnel carries 8 Mbit/s of IP bytes, within 10%
bondctl -n "$NS_HG" bond set hab0 cir 8000
bondctl -n "$NS_HG" bond stats-reset hab0
b0=$(gb_stat "$NS_HG" tx_bytes 0)
t0=$(date +%s.%N)
ha_iperf "$NS_CLI" "$NS_SRV" "$SRV4" $secs >/dev/null
b1=$(gb_stat "$NS_HG" tx_bytes 0)
t1=$(date +%s.%N)
# tx_bytes counts inner IP bytes, as the meter does; iperf3 runs ~secs
dsl_bps=$(awk -v a="$b0" -v b="$b1" -v s="$secs" 'BEGIN { print (b - a) * 8 / s }')
ktap_check "CIR 8000 kbit/s: primary tunnel carried $(ha_mbit "$dsl_bps") Mbit/s (8 +-10%)" \
	ha_within "$dsl_bps" 8000000 10
red=$(gb_stat "$NS_HG" tx_red_packets 1)
ktap_check "red packets overflowed to LTE ($red)" test "${red:-0}" -gt 0
ktap_finish
