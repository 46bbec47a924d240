#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mcp_proxy on top of the standard topology (../lib.sh): the HAAP is the
# downstream MCP, explicit mode, on its WAN address; the client's LAN is the
# subscriber prefix. The server gets second addresses outside the
# special-purpose blocks (the topology's own are documentation addresses,
# which an MCP refuses as destinations), reached on-link from the HAAP and
# through it from the HG: the client reaches them directly too (on-path
# mode, the direct-TCP reference of the time to first byte).
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BONDCTL=${BONDCTL:-$HA_TOP/tools/bondctl/bondctl}
MCPCONNECT=${MCPCONNECT:-$HA_TOP/tools/mcpconnect/mcpconnect}
MCP4=$HAAP_WAN4
SUB4=192.0.2.0/28
DST4=10.20.0.130
DST6=fd20::130

mcp_require() {
	ha_require_root
	ha_require ip python3 socat sha256sum
	if [ ! -x "$BONDCTL" ] || [ ! -x "$MCPCONNECT" ]; then
		echo "# SKIP: bondctl or mcpconnect not built"
		exit $KSFT_SKIP
	fi
	if ! ha_load_module mcp_proxy; then
		echo "# SKIP: mcp_proxy module not loadable"
		exit $KSFT_SKIP
	fi
}

bondctl() {
	"$BONDCTL" "$@"
}

# mcp_setup: topology, server address, MCP configuration
mcp_setup() {
	ha_topo_create dsl_rate=100mbit dsl_delay=5ms lte_rate=100mbit \
		lte_delay=5ms || return 1
	nsx "$NS_SRV" ip addr add "$DST4/28" dev eth0 &&
	nsx "$NS_SRV" ip addr add "$DST6/64" dev eth0 nodad &&
	nsx "$NS_HAAP" ip route add 10.20.0.128/28 dev wan0 &&
	nsx "$NS_HAAP" ip -6 route add fd20::/64 dev wan0 &&
	nsx "$NS_HG" ip route add 10.20.0.128/28 via "$HAAP_DSL4" dev dsl0 &&
	nsx "$NS_HG" ip -6 route add fd20::/64 via "$HAAP_DSL6" dev dsl0 &&
	nsx "$NS_CLI" sysctl -qw net.ipv4.tcp_fastopen=5 &&
	bondctl -n "$NS_HAAP" mcp set mode explicit addr "$MCP4" &&
	bondctl -n "$NS_HAAP" mcp prefix add "$SUB4"
}

# mcp_counter NAME: a counter of the MCP (0 when it has not moved)
mcp_counter() {
	local v
	v=$(bondctl -n "$NS_HAAP" -ss mcp show | awk -v n="$1" '$1 == n { print $2 }')
	echo "${v:-0}"
}

# mcp_counter_ge NAME MIN
mcp_counter_ge() {
	[ "$(mcp_counter "$1")" -ge "$2" ]
}

# mcp_connect ARGS...: mcpconnect in the client namespace
mcp_connect() {
	nsx "$NS_CLI" "$MCPCONNECT" "$@"
}

# mcp_prefer_proxy on|off: MP_PREFER_PROXY in the client's SYNs. No Linux
# API lets an application add an MPTCP suboption, so the test topology
# rewrites the SYN on the client's way out (tc u32 + pedit + csum): a
# Linux SYN with timestamps carries SACK-permitted and Timestamps in octets
# 44-55 of the packet (IPv4 without options); they become SACK-permitted,
# MP_PREFER_PROXY (1e 04 f0 00, subtype 0xF) and six NOPs. Only SYNs
# without ACK whose Timestamps option sits there are touched; MP_CAPABLE,
# if any, stays where it is. Without timestamps in the SYN the connection
# runs without them.
mcp_prefer_proxy() {
	if [ "$1" = off ]; then
		nsx "$NS_CLI" tc qdisc del dev eth0 clsact
		return
	fi
	nsx "$NS_CLI" tc qdisc add dev eth0 clsact &&
	nsx "$NS_CLI" tc filter add dev eth0 egress protocol ip prio 1 u32 \
		match u8 0x45 0xff at 0 \
		match ip protocol 6 0xff \
		match u8 0x02 0x12 at 33 \
		match u16 0x080a 0xffff at 46 \
		action pedit munge offset 44 u32 set 0x04021e04 \
			munge offset 48 u32 set 0xf0000101 \
			munge offset 52 u32 set 0x01010101 pipe \
		action csum tcp
}
