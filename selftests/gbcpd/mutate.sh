#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Robustness against forged and broken control messages: with a bonded
# HG/HAAP pair up, gbcpload injects 200 mutated messages of each of the six
# types (bit flips, truncation, Length overruns, Length lies: right key and
# source, so they reach the parser and must be rejected there; valid ones
# with a wrong key or from a wrong source) at the HAAP, from the HG's
# addresses, and at the HG, from the HAAP's. The templates of Accept,
# Tear Down and Notify would change the session if taken (Notify: switch
# to DSL, DSL link failure, a bypass rate). Afterwards: both daemons
# alive, the same Session ID, both tunnels up at both ends, LTE still
# used, the HAAP's CIR unchanged, traffic flows, the module counted every
# wrong-key message as a drop. Reproducible: GD_MUTATE_SEED (default 1).
source "$(dirname "$0")/gbcpd_lib.sh"
GBCPLOAD=${GBCPLOAD:-$HA_TOP/tools/gbcpload/gbcpload}
SEED=${GD_MUTATE_SEED:-1}
gd_require
if [ ! -x "$GBCPLOAD" ]; then
	echo "# SKIP: gbcpload not built"
	exit $KSFT_SKIP
fi

# inject SIDE(haap|hg): gbcpload's summary line of the injection at SIDE
inject() {
	local ns lte dsl sid
	sid=$(gd_session hg 's["session_id"]')
	if [ "$1" = haap ]; then
		ns=$NS_HG lte=$HG_LTE4,$HAAP_LTE4 dsl=$HG_DSL4,$HAAP_DSL4
	else
		ns=$NS_HAAP lte=$HAAP_LTE4,$HG_LTE4 dsl=$HAAP_DSL4,$HG_DSL4
	fi
	nsx "$ns" "$GBCPLOAD" mutate --seed "$SEED" --count 200 \
		--lte "$lte" --dsl "$dsl" --key "$(gb_stat "$NS_HG" key)" \
		--session-id "$sid" --interval-us 500
}

# field NAME LINE: the number after NAME in gbcpload's summary
field() {
	sed -n "s/.* $1 \([0-9]*\).*/\1/p" <<< "$2"
}

ktap_header 14
gd_topo || { ktap_fail "topology"; ktap_finish; }
# forged sources must reach the module and the daemons, not rp_filter
for ns in "$NS_HG" "$NS_HAAP"; do
	for dev in all default dsl0 lte0; do
		nsx "$ns" sysctl -qw "net.ipv4.conf.$dev.rp_filter=0"
	done
done
gd_config_hg
gd_config_haap
if ! gd_bring_up; then
	ktap_fail "bonding established"
	gd_dump_logs
	ktap_finish
fi
ktap_ok "bonding established"
ha_wait 10 gd_is hg 't["dsl"]["rtt_us"] and t["lte"]["rtt_us"]'

sid_hg=$(gd_session hg 's["session_id"]')
sid_haap=$(gd_session haap 's["session_id"]')
key=$(gb_stat "$NS_HG" key)
uk_hg0=$(gb_stat "$NS_HG" drop_unknown_key)
uk_haap0=$(gb_stat "$NS_HAAP" drop_unknown_key)
bad_haap0=$(grep -c 'bad control message' "$GD_HAAP_LOG")
bad_hg0=$(grep -c 'bad control message' "$GD_HG_LOG")
ktap_diag "session $sid_hg, key $key, seed $SEED"

out_haap=$(inject haap)
sed 's/^/# at the HAAP: /' <<< "$out_haap"
out_hg=$(inject hg)
sed 's/^/# at the HG: /' <<< "$out_hg"
ktap_check "1200 messages injected at each end, none left out" bash -c \
	"grep -q 'per type: 1:200 2:200 3:200 4:200 5:200 6:200' <<< '$out_haap' &&
	 grep -q 'per type: 1:200 2:200 3:200 4:200 5:200 6:200' <<< '$out_hg' &&
	 grep -q 'unsent 0 send_errors 0' <<< '$out_haap' &&
	 grep -q 'unsent 0 send_errors 0' <<< '$out_hg'"

# five more hello echoes on each tunnel: the session lived on after the
# injection, and anything the messages might have set off had its time
rx_dsl=$(gd_session hg 't["dsl"]["hello_rx"]')
rx_lte=$(gd_session hg 't["lte"]["hello_rx"]')
ha_wait 10 gd_is hg "t['dsl']['hello_rx'] >= $rx_dsl + 5 and t['lte']['hello_rx'] >= $rx_lte + 5"

ktap_check "the HAAP daemon is alive" kill -0 "$GD_HAAP_PID"
ktap_check "the HG daemon is alive" kill -0 "$GD_HG_PID"
ktap_check "same Session ID at both ends" test \
	"$(gd_session hg 's["session_id"]')" = "$sid_hg" -a \
	"$(gd_session haap 's["session_id"]')" = "$sid_haap" -a \
	"$sid_hg" = "$sid_haap"
ktap_check "same key, both bonds" test \
	"$(gb_stat "$NS_HG" key)" = "$key" -a "$(gb_stat "$NS_HAAP" key)" = "$key"
ktap_check "both tunnels up at the HG" ha_wait 5 gd_is hg \
	's["state"] == "up" and t["dsl"]["state"] == "up" and t["lte"]["state"] == "up"'
ktap_check "both tunnels up at the HAAP" ha_wait 5 gd_is haap \
	's["state"] == "up" and t["dsl"]["state"] == "up" and t["lte"]["state"] == "up"'
lte_used() {
	gd_is hg 's["lte_use"]' && gd_is haap 's["lte_use"]'
}
ktap_check "LTE still in use at both ends (no forged Notify taken)" lte_used
ktap_check "the HAAP's downstream CIR unchanged (no forged bypass rate)" \
	test "$(gb_stat "$NS_HAAP" cir_kbps)" = 18000
ktap_check "no Tear Down taken, no new setup" bash -c \
	"! grep -q -e 'Tear Down from the HG' -e 'Tear Down by the HAAP' -e 'replacing the session' $GD_HG_LOG $GD_HAAP_LOG"
ktap_check "client -> server through the bond" \
	nsx "$NS_CLI" ping -c 3 -i 0.2 -W 2 -q "$SRV4"

wk_haap=$(field wrongkey "$out_haap")
wk_hg=$(field wrongkey "$out_hg")
uk_haap=$(($(gb_stat "$NS_HAAP" drop_unknown_key) - uk_haap0))
uk_hg=$(($(gb_stat "$NS_HG" drop_unknown_key) - uk_hg0))
ktap_diag "unknown-key drops: HAAP $uk_haap (sent $wk_haap), HG $uk_hg (sent $wk_hg)"
ktap_check "the modules dropped every wrong-key message (drop_unknown_key)" \
	test "$uk_haap" -ge "$wk_haap" -a "$uk_hg" -ge "$wk_hg" -a "$wk_hg" -gt 0

# the parser-bound mutants reach the daemons and are rejected there
to_parser() {
	echo $(($(field bitflip "$1") + $(field truncate "$1") + \
		$(field overrun "$1") + $(field attrlen "$1")))
}
bad_haap=$(($(grep -c 'bad control message' "$GD_HAAP_LOG") - bad_haap0))
bad_hg=$(($(grep -c 'bad control message' "$GD_HG_LOG") - bad_hg0))
# empty payloads end before the parser (nl.c: incomplete CTRL_RECV)
want_haap=$(($(to_parser "$out_haap") - $(field empty "$out_haap")))
want_hg=$(($(to_parser "$out_hg") - $(field empty "$out_hg")))
ktap_diag "rejected by the parser: HAAP $bad_haap of $want_haap, HG $bad_hg of $want_hg"
ktap_check "every malformed message with a payload was rejected by the parser" \
	test "$bad_haap" -ge "$want_haap" -a "$bad_hg" -ge "$want_hg" -a "$want_hg" -gt 0
gd_stop
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
