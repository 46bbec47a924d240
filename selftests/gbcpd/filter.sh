#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Filter lists and bypass (RFC 8157 4.5, 5.6.1, 5.6.2, 5.6.12). The HAAP
# pushes a list with one Destination IP & Port item (the server, TCP port
# 5001), a disabled item, and an FQDN item (localhost: the HG resolves it
# into its set); the HG applies it with nftables and policy routing, so the flow
# client -> server:5001 leaves the HG over raw DSL, masqueraded to the DSL
# address (as a CPE does: the HAAP routes the LAN prefix into the bond, so
# without NAT the replies would come back through it, and the HG could
# not see the downstream bypass it must report). Other traffic still goes
# through the bond. The HG reports the downstream bypass rate (Notify with
# attribute 6) every Bypass Bandwidth Check Interval and the HAAP lowers
# the bond's downstream CIR by it. On exit the HG removes its table and
# rule.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require
ha_require nft
if ! nft --version >/dev/null 2>&1; then
	echo "# SKIP: nft does not run"
	exit $KSFT_SKIP
fi

PORT=5001

# the HAAP bond's downstream CIR in the kernel is $1
haap_cir_is() {
	test "$(gb_stat "$NS_HAAP" cir_kbps)" = "$1"
}

# sysfs counter of a device in a namespace
dev_stat() {
	nsx "$1" cat "/sys/class/net/$2/statistics/$3"
}

ktap_header 15
gd_topo || { ktap_fail "topology"; ktap_finish; }
gd_config_hg "$GD_CIN" "bypass-gateway $HAAP_DSL4"
gd_config_haap "bypass-interval 10" \
	"filter dst-ip-port $SRV4:$PORT \"test server\"" \
	"filter dst-port 9 disabled \"discard, off\"" \
	"filter fqdn localhost \"a name from /etc/hosts\""
if ! gd_bring_up; then
	ktap_fail "bonding established"
	gd_dump_logs
	ktap_finish
fi
ktap_ok "bonding established"

ktap_check "the HAAP has the list acknowledged (code 0)" \
	ha_wait 15 gd_is haap 's["filter_list"]["ack_code"] == 0'
ktap_check "the HG applied it: 1 rule, commit as sent" \
	gd_is hg 's["filter_list"]["applied"] and s["filter_list"]["rules"] == 1 and s["filter_list"]["commit"] == '"$(gd_session haap 's["filter_list"]["commit"]')"
out=$("$BONDCTL" session show hab0 dir "$GD_HAAP_STATE")
echo "$out" | grep filter_list | sed 's/^/# /'
ktap_check "bondctl session show: the ACK on the HAAP" \
	bash -c "echo '$out' | grep -q 'filter_list .*ack acknowledged ack_code 0'"
ktap_diag "HG: $(grep -o 'filter list .* applied.*\|nft ruleset .* in [0-9]* ms' "$GD_HG_LOG" | tr '\n' ' ')"
ktap_check "HG: ip rule fwmark -> table 4742, its default route via the DSL peer" \
	bash -c "ip netns exec $NS_HG ip rule | grep -q 'fwmark 0x4742/0x4742 lookup 4742' && ip netns exec $NS_HG ip route show table 4742 | grep -q 'default via $HAAP_DSL4 dev dsl0'"
rules=$(nsx "$NS_HG" nft list table inet gbcpd_hab0 2>&1)
ktap_check "HG: nft table with the item, not the disabled one, GRE excepted" \
	bash -c "echo '$rules' | grep -q 'ip daddr $SRV4 .* th dport $PORT goto bypass' && ! echo '$rules' | grep -q 'dport 9 ' && echo '$rules' | grep -q 'gre return'"

ktap_check "FQDN item: the HG resolved it into its set (getaddrinfo_a)" \
	ha_wait 10 bash -c "ip netns exec $NS_HG nft list set inet gbcpd_hab0 fqdn4 | grep -q 127.0.0.1"

# downstream bypass traffic: iperf3 -R, the server sends, 8 Mbit/s for 25 s
# (longer than two check intervals: at least one whole interval is busy)
dsl_rx0=$(dev_stat "$NS_HG" dsl0 rx_bytes)
bond_rx0=$(dev_stat "$NS_HG" hab0 rx_bytes)
bond_tx0=$(dev_stat "$NS_HG" hab0 tx_bytes)
nsx "$NS_SRV" iperf3 -s -1 -p "$PORT" -D >/dev/null 2>&1
ha_wait_listen "$NS_SRV" "$PORT"
nsx "$NS_CLI" iperf3 -c "$SRV4" -p "$PORT" -R -b 8M -t 25 -J \
	>"$GD_DIR/iperf.json" 2>/dev/null &
iperf_pid=$!
ktap_check "the HAAP lowered the downstream CIR by the reported bypass" \
	ha_wait 30 gd_is haap 's["cir_kbps"] < 14000'
cir=$(gb_stat "$NS_HAAP" cir_kbps)
line=$(grep 'bypass .* kbit/s: downstream CIR' "$GD_HAAP_LOG" | tail -n 1)
ktap_diag "HAAP: $line; kernel CIR $cir"
rate=$(echo "$line" | sed -n 's/.*bypass \([0-9]*\) kbit\/s.*/\1/p')
ktap_check "kernel CIR = 18000 - reported bypass (bondctl bond show)" \
	test -n "$rate" -a "$cir" = "$((rate < 18000 ? 18000 - rate : 0))"
wait "$iperf_pid"
got=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["end"]["sum_received"]["bytes"]))' \
	"$GD_DIR/iperf.json" 2>/dev/null || echo 0)
dsl_rx=$(( $(dev_stat "$NS_HG" dsl0 rx_bytes) - dsl_rx0 ))
bond_rx=$(( $(dev_stat "$NS_HG" hab0 rx_bytes) - bond_rx0 ))
bond_tx=$(( $(dev_stat "$NS_HG" hab0 tx_bytes) - bond_tx0 ))
ktap_diag "bypass flow: $got bytes received; HG dsl0 rx $dsl_rx, bond rx $bond_rx tx $bond_tx"
ktap_check "the flow to server:$PORT went over raw DSL" \
	test "$got" -gt 10000000 -a "$dsl_rx" -gt "$got"
ktap_check "... and not through the bond" \
	test "$bond_rx" -lt $((got / 20)) -a "$bond_tx" -lt $((got / 20))
ktap_check "the HG's downstream bypass counter has the flow" \
	ha_wait 15 gd_is hg "s[\"filter_list\"][\"bypass_down_bytes\"] > $got"

# other traffic: still the bond
bond_tx0=$(dev_stat "$NS_HG" hab0 tx_bytes)
r=$(gb_transfer "$NS_CLI" "$NS_SRV" "$SRV4" 2)
ktap_diag "transfer: $r"
ktap_check "other traffic (TCP client -> server) through the bond" \
	test "${r%% *}" = ok -a \
	"$(( $(dev_stat "$NS_HG" hab0 tx_bytes) - bond_tx0 ))" -gt 2000000

ktap_check "no bypass, CIR back to the configured 18000" \
	ha_wait 30 haap_cir_is 18000

kill "$GD_HG_PID"
wait "$GD_HG_PID"
GD_HG_PID=
ktap_check "HG exit: nft table, ip rule and route removed" \
	bash -c "! ip netns exec $NS_HG nft list table inet gbcpd_hab0 >/dev/null 2>&1 && ! ip netns exec $NS_HG ip rule | grep -q 4742 && ! ip netns exec $NS_HG ip route show table 4742 | grep -q ."
ktap_diag "tunnel failures logged: HG $(grep -c 'failed (hellos unanswered)' "$GD_HG_LOG"), HAAP $(grep -c 'failed (hellos unanswered)' "$GD_HAAP_LOG")"
gd_stop
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
