#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the daemons really put on the wire, judged by an independent
# decoder: tcpdump captures the control messages on both access links (in
# the HAAP's namespace) during a whole session (setup of LTE and DSL,
# hellos, Notify 11 and 12 from the RTT difference switch with their
# echoes, the HAAP's Tear Down), in the RFC dialect and in the DT dialect
# ("dialect dt"); tshark's grebonding dissector must decode every message
# with the fields meant (wire_check.py: type, T-Type per link, key, the
# attribute values we know) and show no Malformed or expert warning.
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require
ha_require tcpdump tshark

CHECKS=14	# lines wire_check.py prints per dialect
CAP_PIDS=

cap_start() {	# cap_start DIALECT: one tcpdump per access link
	local link
	for link in lte dsl; do
		# IPv4 GRE whose protocol type is a control one (RFC or DT)
		# immediate mode: a packet still in the capture ring when
		# tcpdump is stopped would be lost (the Tear Down, the last)
		ip netns exec "$NS_HAAP" tcpdump -n -U --immediate-mode -Z root \
			-s 0 -i "${link}0" \
			-w "$GD_DIR/$1-$link.pcap" \
			'ip proto 47 and (ip[22:2] = 0xb7ea or ip[22:2] = 0x0101)' \
			2>"$GD_DIR/$1-$link.tcpdump" &
		CAP_PIDS+=" $!"
		ha_wait 10 grep -q 'listening on' "$GD_DIR/$1-$link.tcpdump" ||
			return 1
	done
}

cap_stop() {
	local pid
	for pid in $CAP_PIDS; do
		kill -INT "$pid" 2>/dev/null
	done
	for pid in $CAP_PIDS; do
		wait "$pid" 2>/dev/null
	done
	CAP_PIDS=
}

# session DIALECT: one whole session with capture; then judge it
session() {
	local d=$1 key sid link line fields
	GD_GLOBAL=
	[ "$d" = dt ] && GD_GLOBAL="dialect dt"
	gd_topo || { ktap_fail "$d: topology"; return 1; }
	gd_config_hg
	# DSL 2 x 10 ms, LTE 2 x 30 ms: 40 ms apart, beyond the threshold
	gd_config_haap "rtt-threshold-ms 20" "rtt-violation 1" "rtt-compliance 1"
	cap_start "$d" || { ktap_fail "$d: tcpdump started"; return 1; }
	if ! gd_bring_up; then
		ktap_fail "$d: bonding established"
		gd_dump_logs
		cap_stop
		return 1
	fi
	ktap_ok "$d: bonding established"
	key=$(gb_stat "$NS_HG" key)
	sid=$(gd_session hg 's["session_id"]')
	# Notify 11, echoed; then LTE as fast as DSL: Notify 12, echoed
	ha_wait 15 gd_is haap 'not s["lte_use"]' &&
		ha_wait 5 gd_is hg 'not s["lte_use"]'
	ha_link_shape lte 20mbit 10ms
	ha_wait 15 gd_is haap 's["lte_use"]' &&
		ha_wait 5 gd_is hg 's["lte_use"]'
	# a few more echoed hellos, then the HAAP ends the session
	ha_wait 10 gd_is hg 't["dsl"]["hello_rx"] >= 5 and t["lte"]["hello_rx"] >= 5'
	kill "$GD_HAAP_PID"
	wait "$GD_HAAP_PID"
	GD_HAAP_PID=
	ha_wait 5 grep -q 'Tear Down by the HAAP' "$GD_HG_LOG"
	gd_stop
	# until both captures hold their Tear Down (or 10 s)
	for link in lte dsl; do
		ha_wait 10 bash -c "tshark -r '$GD_DIR/$d-$link.pcap' \
			-Y grebonding.type==5 2>/dev/null | grep -q ."
	done
	cap_stop

	for link in lte dsl; do
		tshark -r "$GD_DIR/$d-$link.pcap" -T fields -E separator=/t \
			-E occurrence=a -E aggregator=, \
			$(for fields in frame.number ip.src ip.dst gre.key gre.proto \
				grebonding.type grebonding.tunneltype \
				grebonding.attr.type grebonding.attr.val.ipv4 \
				grebonding.attr.val.error grebonding.attr.val.uint64 \
				grebonding.attr.val.string grebonding.attr.val.time; do
				echo "-e $fields"; done) \
			> "$GD_DIR/$d-$link.fields" 2>/dev/null
		ktap_diag "$d $link: $(wc -l < "$GD_DIR/$d-$link.fields") control frames"
	done
	W_KEY=$key W_SID=$sid W_CIN=$GD_CIN W_H=$HAAP_DSL4 W_SYNC=20000 \
	W_UP=15000 W_DOWN=18000 W_HG_LTE=$HG_LTE4 W_HG_DSL=$HG_DSL4 \
	W_HAAP_LTE=$HAAP_LTE4 W_HAAP_DSL=$HAAP_DSL4 \
		python3 "$(dirname "$0")/wire_check.py" "$d" \
		"$GD_DIR/$d-lte.fields" "$GD_DIR/$d-dsl.fields" \
		> "$GD_DIR/$d.result" 2>&1
	while IFS= read -r line; do
		case "$line" in
		PASS\ *) ktap_ok "$d: ${line#PASS }" ;;
		FAIL\ *) ktap_fail "$d: ${line#FAIL }" ;;
		*) ktap_diag "$line" ;;
		esac
	done < "$GD_DIR/$d.result"
	# tshark -V: no frame Malformed, no expert warning or error
	bad=$(for link in lte dsl; do
		tshark -r "$GD_DIR/$d-$link.pcap" -V 2>/dev/null |
			awk -v l="$link" '/^Frame [0-9]+:/ { f = $2; sub(":", "", f) }
				/Malformed|Expert Info \((Warning|Error)/ { print l "/" f }'
	done | sort -u | tr '\n' ' ')
	ktap_check "$d: tshark -V shows no Malformed frame or expert warning${bad:+ ($bad)}" \
		test -z "$bad"
	ha_cleanup
	trap - EXIT
}

ktap_header $((2 * (CHECKS + 2)))
for dialect in rfc dt; do
	HA_SUFFIX=$(mktemp -u XXXXXX | tr '[:upper:]' '[:lower:]')
	NS_CLI=ha-cli-$HA_SUFFIX NS_HG=ha-hg-$HA_SUFFIX
	NS_HAAP=ha-haap-$HA_SUFFIX NS_SRV=ha-srv-$HA_SUFFIX
	HA_ALL_NS="$NS_CLI $NS_HG $NS_HAAP $NS_SRV"
	session "$dialect"
	[ "$ktap_failed" -gt 0 ] && gd_dump_logs
done
cap_stop
rm -rf "$GD_DIR"
ktap_finish
