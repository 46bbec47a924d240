#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mcp_proxy on top of the standard topology (../lib.sh): the HAAP is the
# downstream MCP, explicit mode, on its WAN address; the client's LAN is the
# subscriber prefix. The server gets second addresses outside the
# special-purpose blocks (the topology's own are documentation addresses,
# which an MCP refuses as destinations), reached on-link from the HAAP.
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
