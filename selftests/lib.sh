#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The standard Hybrid Access topology, KTAP output and small helpers shared by
# every selftest, benchmark and the demo. Source it; it never exits by itself.
#
#                 LAN                  dsl (tbf + netem)                 WAN
#  +--------+  192.0.2.0/28    +------+ 198.51.100.0/30 +--------+ 192.0.2.128/28 +--------+
#  | client |eth0 ------- lan0 |  HG  |dsl0 ------ dsl0 |  HAAP  |wan0 ----- eth0 | server |
#  | .2     | 2001:db8:1::/64  | .1   |                 |        | 2001:db8:5::/64| .130   |
#  +--------+                  |      |lte0 ------ lte0 | .129   |                +--------+
#                              +------+ 203.0.113.0/30  +--------+
#                                        lte (tbf + netem)
#
#  dsl: HG 198.51.100.1, HAAP 198.51.100.2, 2001:db8:d51::1/::2
#  lte: HG 203.0.113.1,  HAAP 203.0.113.2,  2001:db8:17e::1/::2
#
# Every link is a veth pair. The two access links are shaped in both
# directions: netem (delay, jitter, loss) at the root with a tbf (rate) below
# it. Without a bond, HG and HAAP route LAN <-> WAN over dsl; ha_route_via
# moves that to lte or to any device (a bond).
#
# Namespace names carry a per-run suffix, so runs never collide; everything is
# deleted on exit (ha_cleanup runs from an EXIT trap).

HA_SUFFIX=${HA_SUFFIX:-$(mktemp -u XXXXXX | tr '[:upper:]' '[:lower:]')}
NS_CLI=ha-cli-$HA_SUFFIX
NS_HG=ha-hg-$HA_SUFFIX
NS_HAAP=ha-haap-$HA_SUFFIX
NS_SRV=ha-srv-$HA_SUFFIX
HA_ALL_NS="$NS_CLI $NS_HG $NS_HAAP $NS_SRV"

CLI4=192.0.2.2 CLI6=2001:db8:1::2
HG_LAN4=192.0.2.1 HG_LAN6=2001:db8:1::1
SRV4=192.0.2.130 SRV6=2001:db8:5::2
HAAP_WAN4=192.0.2.129 HAAP_WAN6=2001:db8:5::1
HG_DSL4=198.51.100.1 HAAP_DSL4=198.51.100.2
HG_DSL6=2001:db8:d51::1 HAAP_DSL6=2001:db8:d51::2
HG_LTE4=203.0.113.1 HAAP_LTE4=203.0.113.2
HG_LTE6=2001:db8:17e::1 HAAP_LTE6=2001:db8:17e::2

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

HA_TOP=${HA_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
HA_VERBOSE=${HA_VERBOSE:-0}

# ---------------------------------------------------------------- KTAP

ktap_n=0
ktap_failed=0
ktap_passed=0
ktap_skipped=0

ktap_header() {
	echo "TAP version 13"
	echo "1..$1"
}

ktap_ok() {
	ktap_n=$((ktap_n + 1))
	ktap_passed=$((ktap_passed + 1))
	echo "ok $ktap_n $*"
}

ktap_fail() {
	ktap_n=$((ktap_n + 1))
	ktap_failed=$((ktap_failed + 1))
	echo "not ok $ktap_n $*"
}

ktap_skip() {
	ktap_n=$((ktap_n + 1))
	ktap_skipped=$((ktap_skipped + 1))
	echo "ok $ktap_n $1 # SKIP ${2:-}"
}

# ktap_check NAME CMD...: one subtest from a command's exit status
ktap_check() {
	local name=$1
	shift
	if "$@"; then
		ktap_ok "$name"
	else
		ktap_fail "$name"
	fi
}

ktap_diag() {
	echo "# $*"
}

# ktap_finish: the exit status kselftest expects (0 pass, 1 fail, 4 skip)
ktap_finish() {
	# SECONDS counts from the script's start: the guest's wall time per
	# script, to find what makes the CI run long
	echo "# totals: pass:$ktap_passed fail:$ktap_failed skip:$ktap_skipped (${SECONDS}s)"
	if [ "$ktap_failed" -gt 0 ]; then
		exit $KSFT_FAIL
	fi
	if [ "$ktap_passed" -eq 0 ] && [ "$ktap_skipped" -gt 0 ]; then
		exit $KSFT_SKIP
	fi
	exit $KSFT_PASS
}

# ---------------------------------------------------------------- helpers

# run CMD in namespace NS, traced when HA_VERBOSE=1
nsx() {
	local ns=$1
	shift
	[ "$HA_VERBOSE" = 1 ] && echo "# [$ns] $*" >&2
	ip netns exec "$ns" "$@"
}

ha_require() {
	local cmd
	for cmd in "$@"; do
		if ! command -v "$cmd" >/dev/null 2>&1; then
			echo "# SKIP: $cmd not installed"
			exit $KSFT_SKIP
		fi
	done
}

ha_require_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "# SKIP: needs root"
		exit $KSFT_SKIP
	fi
}

# ha_wait TIMEOUT_S CMD...: poll until CMD succeeds (every 50 ms)
ha_wait() {
	local deadline=$(($(date +%s%N) + $1 * 1000000000))
	shift
	until "$@" >/dev/null 2>&1; do
		if [ "$(date +%s%N)" -gt "$deadline" ]; then
			return 1
		fi
		sleep 0.05
	done
}

# ha_wait_listen NS PORT [tcp|udp]: until something listens on PORT in NS
ha_wait_listen() {
	local flag=-tln
	[ "${3:-tcp}" = udp ] && flag=-uln
	ha_wait 10 bash -c "ip netns exec $1 ss -H $flag 'sport = :$2' | grep -q ."
}

# ha_wait_dad NS: until no IPv6 address in NS is tentative
ha_wait_dad() {
	ha_wait 10 bash -c "! ip netns exec $1 ip -6 addr show tentative | grep -q inet6"
}

# ha_insmod KO [PARAMS...]: insmod a module built out of tree, after
# modprobe-ing the in-tree modules it depends on (insmod does not)
ha_insmod() {
	local ko=$1 dep
	shift
	for dep in $(modinfo -F depends "$ko" 2>/dev/null | tr ',' ' '); do
		modprobe "$dep" || return 1
	done
	insmod "$ko" "$@"
}

# ha_load_module NAME: load a project module (or modprobe a kernel one)
ha_load_module() {
	local name=$1 ko
	if grep -q "^$name " /proc/modules 2>/dev/null; then
		return 0
	fi
	ko=$(find "$HA_TOP" -name "$name.ko" -not -path '*/build/*' 2>/dev/null | head -n1)
	if [ -n "$ko" ]; then
		ha_insmod "$ko"
	else
		modprobe "$name"
	fi
}

# ---------------------------------------------------------------- topology

# ha_shape NS DEV RATE DELAY [JITTER] [LOSS]: (re)shape one end of a link.
#   RATE as tc takes it (20mbit), DELAY/JITTER in ms units (10ms), LOSS (0.1%).
ha_shape() {
	local ns=$1 dev=$2 rate=$3 delay=$4 jitter=${5:-0ms} loss=${6:-0%}
	local bps burst limit netem
	bps=$(ha_rate_bps "$rate")
	# tbf: a bucket of 10 ms (at least two full frames): a smaller one
	# loses tokens whenever an emulated guest's timer fires late. A queue
	# of 50 ms (at least 64 KiB): what an access router typically buffers.
	burst=$((bps / 8 / 100))
	[ "$burst" -lt 3200 ] && burst=3200
	limit=$((bps / 8 / 20))
	[ "$limit" -lt 65536 ] && limit=65536
	netem="delay $delay"
	[ "$jitter" != 0ms ] && [ "$jitter" != 0 ] && netem+=" $jitter distribution normal"
	[ "$loss" != 0% ] && [ "$loss" != 0 ] && netem+=" loss $loss"
	nsx "$ns" tc qdisc del dev "$dev" root 2>/dev/null
	nsx "$ns" tc qdisc add dev "$dev" root handle 1: netem $netem limit 100000 &&
	nsx "$ns" tc qdisc add dev "$dev" parent 1:1 handle 10: \
		tbf rate "$rate" burst "$burst" limit "$limit"
}

# ha_rate_bps 20mbit -> 20000000
ha_rate_bps() {
	local r=${1,,}
	case "$r" in
	*gbit) echo $((${r%gbit} * 1000000000)) ;;
	*mbit) echo $((${r%mbit} * 1000000)) ;;
	*kbit) echo $((${r%kbit} * 1000)) ;;
	*bit) echo "${r%bit}" ;;
	*) echo "$r" ;;
	esac
}

# ha_link_shape dsl|lte RATE DELAY [JITTER] [LOSS]: both directions
ha_link_shape() {
	local link=$1
	shift
	ha_shape "$NS_HG" "${link}0" "$@" &&
	ha_shape "$NS_HAAP" "${link}0" "$@"
}

# ha_link_set dsl|lte up|down: cut or restore an access link (both ends)
ha_link_set() {
	nsx "$NS_HG" ip link set "${1}0" "$2" &&
	nsx "$NS_HAAP" ip link set "${1}0" "$2"
}

# ha_topo_create [key=value ...]: build the topology. Keys (defaults):
#   dsl_rate=20mbit dsl_delay=10ms dsl_jitter=0ms dsl_loss=0%
#   lte_rate=20mbit lte_delay=30ms lte_jitter=0ms lte_loss=0%
#   offload=on   (off: no TSO/GSO/GRO on any veth)
ha_topo_create() {
	local dsl_rate=20mbit dsl_delay=10ms dsl_jitter=0ms dsl_loss=0%
	local lte_rate=20mbit lte_delay=30ms lte_jitter=0ms lte_loss=0%
	local offload=on kv ns dev
	for kv in "$@"; do
		case "$kv" in
		dsl_rate=*|dsl_delay=*|dsl_jitter=*|dsl_loss=*|\
		lte_rate=*|lte_delay=*|lte_jitter=*|lte_loss=*|offload=*)
			local "${kv%%=*}=${kv#*=}" ;;
		*) echo "# ha_topo_create: unknown parameter $kv" >&2
		   return 1 ;;
		esac
	done

	trap ha_cleanup EXIT
	for ns in $HA_ALL_NS; do
		ip netns add "$ns" || return 1
		nsx "$ns" ip link set lo up
		nsx "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	for ns in "$NS_HG" "$NS_HAAP"; do
		nsx "$ns" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1
	done

	ip link add eth0 netns "$NS_CLI" type veth peer name lan0 netns "$NS_HG" &&
	ip link add dsl0 netns "$NS_HG" type veth peer name dsl0 netns "$NS_HAAP" &&
	ip link add lte0 netns "$NS_HG" type veth peer name lte0 netns "$NS_HAAP" &&
	ip link add wan0 netns "$NS_HAAP" type veth peer name eth0 netns "$NS_SRV" ||
		return 1

	nsx "$NS_CLI" ip addr add "$CLI4/28" dev eth0
	nsx "$NS_CLI" ip addr add "$CLI6/64" dev eth0 nodad
	nsx "$NS_HG" ip addr add "$HG_LAN4/28" dev lan0
	nsx "$NS_HG" ip addr add "$HG_LAN6/64" dev lan0 nodad
	nsx "$NS_HG" ip addr add "$HG_DSL4/30" dev dsl0
	nsx "$NS_HG" ip addr add "$HG_DSL6/64" dev dsl0 nodad
	nsx "$NS_HG" ip addr add "$HG_LTE4/30" dev lte0
	nsx "$NS_HG" ip addr add "$HG_LTE6/64" dev lte0 nodad
	nsx "$NS_HAAP" ip addr add "$HAAP_DSL4/30" dev dsl0
	nsx "$NS_HAAP" ip addr add "$HAAP_DSL6/64" dev dsl0 nodad
	nsx "$NS_HAAP" ip addr add "$HAAP_LTE4/30" dev lte0
	nsx "$NS_HAAP" ip addr add "$HAAP_LTE6/64" dev lte0 nodad
	nsx "$NS_HAAP" ip addr add "$HAAP_WAN4/28" dev wan0
	nsx "$NS_HAAP" ip addr add "$HAAP_WAN6/64" dev wan0 nodad
	nsx "$NS_SRV" ip addr add "$SRV4/28" dev eth0
	nsx "$NS_SRV" ip addr add "$SRV6/64" dev eth0 nodad

	# RPS on every veth: a veth hands packets to the backlog of the CPU
	# that sends them, so a flow whose sender moves between CPUs would be
	# reordered on the next hop. Steering by flow hash keeps each flow on
	# one CPU, as a router's NIC queues do.
	local cpus
	cpus=$(printf '%x' $(( (1 << $(nproc)) - 1 )))
	for ns in $HA_ALL_NS; do
		for dev in $(nsx "$ns" ls /sys/class/net); do
			[ "$dev" = lo ] && continue
			nsx "$ns" sh -c "echo $cpus > /sys/class/net/$dev/queues/rx-0/rps_cpus"
			if [ "$offload" = off ]; then
				nsx "$ns" ethtool -K "$dev" tso off gso off gro off \
					>/dev/null 2>&1
			fi
			nsx "$ns" ip link set "$dev" up
		done
	done

	nsx "$NS_CLI" ip route add default via "$HG_LAN4"
	nsx "$NS_CLI" ip -6 route add default via "$HG_LAN6"
	nsx "$NS_SRV" ip route add default via "$HAAP_WAN4"
	nsx "$NS_SRV" ip -6 route add default via "$HAAP_WAN6"
	ha_route_via dsl || return 1

	ha_link_shape dsl "$dsl_rate" "$dsl_delay" "$dsl_jitter" "$dsl_loss" &&
	ha_link_shape lte "$lte_rate" "$lte_delay" "$lte_jitter" "$lte_loss" ||
		return 1

	ha_wait 10 nsx "$NS_CLI" ping -c1 -W1 -q "$SRV4" ||
		{ echo "# topology: client cannot reach server" >&2; return 1; }
}

# ha_route_via dsl|lte|DEVICE [HG_PEER4 HG_PEER6 HAAP_PEER4 HAAP_PEER6]:
# route subscriber traffic (LAN <-> WAN) between HG and HAAP over one path.
# For a point-to-point device (a bond) no peers are needed.
ha_route_via() {
	local via_hg via_haap via_hg6 via_haap6
	case "$1" in
	dsl)
		via_hg="via $HAAP_DSL4 dev dsl0"; via_haap="via $HG_DSL4 dev dsl0"
		via_hg6="via $HAAP_DSL6 dev dsl0"; via_haap6="via $HG_DSL6 dev dsl0" ;;
	lte)
		via_hg="via $HAAP_LTE4 dev lte0"; via_haap="via $HG_LTE4 dev lte0"
		via_hg6="via $HAAP_LTE6 dev lte0"; via_haap6="via $HG_LTE6 dev lte0" ;;
	*)
		via_hg="dev $1"; via_haap="dev ${2:-$1}"
		via_hg6="dev $1"; via_haap6="dev ${2:-$1}" ;;
	esac
	nsx "$NS_HG" ip route replace 192.0.2.128/28 $via_hg &&
	nsx "$NS_HG" ip -6 route replace 2001:db8:5::/64 $via_hg6 &&
	nsx "$NS_HAAP" ip route replace 192.0.2.0/28 $via_haap &&
	nsx "$NS_HAAP" ip -6 route replace 2001:db8:1::/64 $via_haap6
}

ha_cleanup() {
	local ns pid
	for ns in $HA_ALL_NS; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$pid" 2>/dev/null
		done
	done
	for ns in $HA_ALL_NS; do
		ip netns del "$ns" 2>/dev/null
	done
	# A helper left in the root namespace (a 'sleep' feeding a client's
	# stdin, say) inherited the runner's output pipe: the runner would
	# wait for it to end before it starts the next test.
	pkill -P $$ 2>/dev/null
	return 0
}

# ---------------------------------------------------------------- traffic

# ha_iperf FROM_NS TO_NS TO_ADDR SECONDS [extra iperf3 client args]:
# prints the receiver's goodput in bit/s (integer); 0 on failure.
ha_iperf() {
	local from=$1 to=$2 addr=$3 secs=$4 port=$((5201 + RANDOM % 500))
	shift 4
	nsx "$to" iperf3 -s -1 -p "$port" -D >/dev/null 2>&1 || { echo 0; return 1; }
	if ! ha_wait_listen "$to" "$port"; then
		echo 0
		return 1
	fi
	nsx "$from" iperf3 -c "$addr" -p "$port" -t "$secs" -J "$@" 2>/dev/null |
		python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
    print(int(d["end"]["sum_received"]["bits_per_second"]))
except Exception:
    print(0)
'
}

# ha_rtt_ms FROM_NS ADDR [COUNT]: median ping RTT in ms. One ping first, so
# that neighbour resolution (one more round trip) is not measured.
ha_rtt_ms() {
	nsx "$1" ping -q -n -c 1 -W 2 "$2" >/dev/null 2>&1
	nsx "$1" ping -n -i 0.2 -c "${3:-10}" "$2" 2>/dev/null |
		sed -n 's/.* time=\([0-9.]*\) ms$/\1/p' |
		sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# ha_within VALUE TARGET PERCENT: |VALUE - TARGET| <= PERCENT% of TARGET
ha_within() {
	awk -v v="$1" -v t="$2" -v p="$3" \
		'BEGIN { d = v - t; if (d < 0) d = -d; exit !(d <= t * p / 100) }'
}

# ha_ratio A B: A / B with 3 decimals
ha_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'
}

# ha_ge A B: A >= B (floats)
ha_ge() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'
}

# ha_mbit BPS: bit/s to Mbit/s with 1 decimal
ha_mbit() {
	awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'
}

# ha_median V...: median of numbers
ha_median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
