#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What B5, B6 and B7 share, on top of bench_lib.sh: the MCP and its peers on the
# standard topology, one client tool for all of them (mcpload), guest-wide
# CPU-seconds and memory.
#
#   client (NS_CLI) -> HG -> dsl -> HAAP (NS_HAAP) -> server (NS_SRV)
#
# On the HAAP's WAN address, side by side:
#   mcp      mcp_proxy, explicit mode: MPTCP from the client with the
#            MP_CONVERT IE in the SYN, plain TCP to the server
#   haproxy  HAProxy 'mode tcp', 'option splice-auto', under mptcpize (so
#            its sockets, the server's leg too, are MPTCP; the server's leg
#            falls back to TCP), port 6000 + the server's port - 5000
#   socks    microsocks (SOCKS5, no authentication) under mptcpize, 1080
# and the reference without a proxy:
#   direct   plain TCP from the client to the server, routed by the HAAP
#
# The server (mcpload serve) listens on DST4 (outside the documentation
# blocks, which the MCP refuses as destinations): 5000 discards, 5001
# answers 1 KiB per 1 KiB (B7), 5002 answers 1 byte per byte (idle
# connections, each proven end to end).
MCPLOAD=$BENCH_BIN/mcpload
PX_MCP4=$HAAP_WAN4
PX_SUB4=192.0.2.0/28
PX_DST4=10.20.0.130
PX_PORT_SINK=5000
PX_PORT_RR=5001
PX_PORT_ONE=5002
PX_SOCKS_PORT=1080
PX_TMP=

# px_init: what every proxy benchmark needs besides bench_init
px_init() {
	ha_require haproxy microsocks mptcpize
	[ -x "$MCPLOAD" ] || die "$MCPLOAD not built (selftests/bench/run.sh builds it)"
	ha_load_module mcp_proxy || die "mcp_proxy.ko cannot be loaded"
	PX_TMP=$(mktemp -d)
	ulimit -n 1048576 2>/dev/null || ulimit -n 65536
	raw "kernel command line: $(cat /proc/cmdline)"
	# the MPTCP token table bounds the MPTCP connections of the guest
	raw "$(dmesg | grep -m1 'MPTCP token hash')"
}

# px_setup: topology without qdiscs (RTT about 0, no rate limit), the
# server, the MCP, HAProxy and microsocks
px_setup() {
	local ns port
	ha_topo_create || return 1
	for ns in "$NS_HG" "$NS_HAAP"; do
		for dev in dsl0 lte0; do
			nsx "$ns" tc qdisc del dev $dev root 2>/dev/null
		done
	done
	nsx "$NS_SRV" ip addr add "$PX_DST4/28" dev eth0 &&
	nsx "$NS_HAAP" ip route add 10.20.0.128/28 dev wan0 &&
	nsx "$NS_HG" ip route add 10.20.0.128/28 via "$HAAP_DSL4" dev dsl0 ||
		return 1
	# many short connections from one address: reuse TIME_WAIT ports,
	# use the whole port range, deep accept queues
	for ns in $HA_ALL_NS; do
		nsx "$ns" sysctl -qw net.ipv4.tcp_tw_reuse=1 \
			net.ipv4.ip_local_port_range="1024 65000" \
			net.core.somaxconn=8192 net.ipv4.tcp_max_syn_backlog=8192 ||
			return 1
	done
	nsx "$NS_CLI" sysctl -qw net.ipv4.tcp_fastopen=5 || return 1

	"$BONDCTL" -n "$NS_HAAP" mcp set mode explicit addr "$PX_MCP4" \
		half-open-max 4096 per-subscriber-max 1048576 \
		idle-timeout 3600 &&
	"$BONDCTL" -n "$NS_HAAP" mcp prefix add "$PX_SUB4" || return 1

	nsx "$NS_SRV" "$MCPLOAD" serve -l "$PX_DST4" -p $PX_PORT_SINK &
	nsx "$NS_SRV" "$MCPLOAD" serve -l "$PX_DST4" -p $PX_PORT_RR -s 1024 &
	nsx "$NS_SRV" "$MCPLOAD" serve -l "$PX_DST4" -p $PX_PORT_ONE -s 1 &

	{
		echo "global"
		echo "	maxconn 100000"
		echo "	pidfile $PX_TMP/haproxy.pid"
		echo "defaults"
		echo "	mode tcp"
		echo "	option splice-auto"
		echo "	maxconn 100000"
		echo "	timeout connect 5s"
		echo "	timeout client 1h"
		echo "	timeout server 1h"
		for port in $PX_PORT_SINK $PX_PORT_RR $PX_PORT_ONE; do
			echo "listen p$port"
			echo "	bind $PX_MCP4:$((port + 1000))"
			echo "	server s $PX_DST4:$port"
		done
	} > "$PX_TMP/haproxy.cfg"
	nsx "$NS_HAAP" mptcpize run haproxy -D -f "$PX_TMP/haproxy.cfg" ||
		return 1
	nsx "$NS_HAAP" mptcpize run microsocks -i "$PX_MCP4" -p $PX_SOCKS_PORT \
		>/dev/null 2>&1 &
	for port in $PX_PORT_SINK $PX_PORT_RR $PX_PORT_ONE; do
		ha_wait_listen "$NS_SRV" $port &&
		ha_wait_listen "$NS_HAAP" $((port + 1000)) || return 1
	done
	ha_wait_listen "$NS_HAAP" $PX_SOCKS_PORT
}

# px_rtt MS: round-trip time added on dsl (netem, half each way; 0: none)
px_rtt() {
	local ns
	for ns in "$NS_HG" "$NS_HAAP"; do
		nsx "$ns" tc qdisc del dev dsl0 root 2>/dev/null
		[ "$1" = 0 ] && continue
		nsx "$ns" tc qdisc add dev dsl0 root netem \
			delay "$(awk -v r="$1" 'BEGIN { print r / 2 }')ms" \
			limit 100000 || return 1
	done
}

# px_srv_rtt MS: netem delay between the proxies and the server (the HAAP's
# wan0 and the server's eth0, half each way; 0 removes it). Direct TCP
# crosses it too.
px_srv_rtt() {
	local ns dev
	for ns in "$NS_HAAP" "$NS_SRV"; do
		dev=wan0
		[ "$ns" = "$NS_SRV" ] && dev=eth0
		nsx "$ns" tc qdisc del dev "$dev" root 2>/dev/null
		[ "$1" = 0 ] && continue
		nsx "$ns" tc qdisc add dev "$dev" root netem \
			delay "$(awk -v r="$1" 'BEGIN { print r / 2 }')ms" \
			limit 100000 || return 1
	done
}

# px_args PEER PORT: mcpload's arguments to reach the server's PORT
px_args() {
	case $1 in
	direct) echo "-x tcp -a $PX_DST4 -p $2" ;;
	ends) echo "-x mptcp -a $PX_DST4 -p $2" ;;
	mcp) echo "-x mcp -a $PX_MCP4 -p $2 -d $PX_DST4 -D $2" ;;
	haproxy) echo "-x mptcp -a $PX_MCP4 -p $(($2 + 1000))" ;;
	socks) echo "-x socks -a $PX_MCP4 -p $PX_SOCKS_PORT -d $PX_DST4 -D $2" ;;
	esac
}

# px_field OUT NAME: the number after "NAME=" in px_load's output, 0 if none
px_field() {
	local v
	v=$(sed -n "s/\(^\|.* \)$2=\([0-9.]*\).*/\2/p" <<<"$1")
	echo "${v:-0}"
}

# px_load MODE PEER PORT [ARGS...]: mcpload in the client namespace
px_load() {
	local mode=$1 peer=$2 port=$3
	shift 3
	# shellcheck disable=SC2046 # px_args prints separate words
	nsx "$NS_CLI" "$MCPLOAD" "$mode" $(px_args "$peer" "$port") "$@"
}

# px_cpu_mark / px_cpu_secs: CPU-seconds the whole guest spent busy since
# the mark, every CPU and every kind (user, system, irq, softirq, steal):
# the MCP works in softirq and in a workqueue, HAProxy mostly in system
# time on behalf of a process
px_cpu_mark() {
	PX_CPU0=$(awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
	PX_SOFT0=$(awk '$1 == "cpu" { print $8 }' /proc/stat)
}

px_cpu_secs() {
	local hz
	hz=$(getconf CLK_TCK)
	awk -v b="$PX_CPU0" -v hz="$hz" '$1 == "cpu" {
		printf "%.3f\n", ($2 + $3 + $4 + $7 + $8 + $9 - b) / hz }' /proc/stat
}

# px_softirq_secs: softirq CPU-seconds since the mark
px_softirq_secs() {
	awk -v b="$PX_SOFT0" -v hz="$(getconf CLK_TCK)" '$1 == "cpu" {
		printf "%.3f\n", ($8 - b) / hz }' /proc/stat
}

# px_meminfo FIELD: kB
px_meminfo() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# px_slab_mark / px_slab_top: the slab caches that grew most since the
# mark, "name +kB" (for the log: where the memory of a connection goes)
px_slab_mark() {
	PX_SLAB0=$(awk 'NR > 2 { print $1, $3 * $4 }' /proc/slabinfo)
}

px_slab_top() {
	{
		echo "$PX_SLAB0"
		echo ---
		awk 'NR > 2 { print $1, $3 * $4 }' /proc/slabinfo
	} | awk '
		$1 == "---" { after = 1; next }
		!after { b[$1] = $2; next }
		{ d = ($2 - b[$1]) / 1024; if (d >= 64) printf "%s +%.0f\n", $1, d }' |
		sort -t+ -k2 -g -r | head -n 8 | tr '\n' ' '
}

# px_rss_kb NAME: resident kB of every process called NAME
px_rss_kb() {
	local pid sum=0 kb
	for pid in $(pidof "$1"); do
		kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		sum=$((sum + ${kb:-0}))
	done
	echo $sum
}

# px_sockets: TCP sockets in use plus TIME_WAIT ones, in all namespaces
px_sockets() {
	local ns n=0 v
	for ns in $HA_ALL_NS; do
		v=$(nsx "$ns" awk '$1 == "TCP:" { print $3 + $7 }' /proc/net/sockstat)
		n=$((n + ${v:-0}))
	done
	echo $n
}

# px_sockets_back N: until no more than N sockets are in use
px_sockets_back() {
	[ "$(px_sockets)" -le "$1" ]
}
