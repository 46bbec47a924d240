#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gre_bond on top of the standard topology (../lib.sh): one bond "hab0" on the
# HG and one on the HAAP, each with tunnel 0 over dsl (primary) and tunnel 1
# over lte (secondary), addressed inside with 192.0.2.64/30 and
# 2001:db8:b0::/64, and subscriber traffic (LAN <-> WAN) routed over it.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

BONDCTL=${BONDCTL:-$HA_TOP/tools/bondctl/bondctl}
GB_KEY=${GB_KEY:-0x1234abcd}
HG_BOND4=192.0.2.65 HAAP_BOND4=192.0.2.66
HG_BOND6=2001:db8:b0::1 HAAP_BOND6=2001:db8:b0::2

gb_require() {
	ha_require_root
	ha_require ip tc iperf3 ping python3 socat sha256sum
	if [ ! -x "$BONDCTL" ]; then
		echo "# SKIP: bondctl not built"
		exit $KSFT_SKIP
	fi
	if ! ha_load_module gre_bond; then
		echo "# SKIP: gre_bond module not loadable"
		exit $KSFT_SKIP
	fi
}

bondctl() {
	"$BONDCTL" "$@"
}

# gb_bond_create NS OUTER(4|6) SIDE(hg|haap) [bond add params...]
gb_bond_create() {
	local ns=$1 outer=$2 side=$3 dsl_l dsl_r lte_l lte_r
	shift 3
	if [ "$side" = hg ]; then
		if [ "$outer" = 6 ]; then
			dsl_l=$HG_DSL6 dsl_r=$HAAP_DSL6 lte_l=$HG_LTE6 lte_r=$HAAP_LTE6
		else
			dsl_l=$HG_DSL4 dsl_r=$HAAP_DSL4 lte_l=$HG_LTE4 lte_r=$HAAP_LTE4
		fi
	else
		if [ "$outer" = 6 ]; then
			dsl_l=$HAAP_DSL6 dsl_r=$HG_DSL6 lte_l=$HAAP_LTE6 lte_r=$HG_LTE6
		else
			dsl_l=$HAAP_DSL4 dsl_r=$HG_DSL4 lte_l=$HAAP_LTE4 lte_r=$HG_LTE4
		fi
	fi
	bondctl -n "$ns" bond add hab0 key "$GB_KEY" "$@" &&
	bondctl -n "$ns" tunnel add hab0 id 0 role dsl name dsl \
		local "$dsl_l" remote "$dsl_r" dev dsl0 &&
	bondctl -n "$ns" tunnel add hab0 id 1 role lte name lte \
		local "$lte_l" remote "$lte_r" dev lte0 &&
	nsx "$ns" ip link set hab0 up
}

# gb_setup [outer=4|6] [any 'bondctl bond add' parameters...]: both bonds,
# inner addresses, routes over the bond.
gb_setup() {
	local outer=4
	if [ "${1:-}" = outer=6 ] || [ "${1:-}" = outer=4 ]; then
		outer=${1#outer=}
		shift
	fi
	gb_bond_create "$NS_HG" "$outer" hg "$@" &&
	gb_bond_create "$NS_HAAP" "$outer" haap "$@" || return 1
	nsx "$NS_HG" ip addr add "$HG_BOND4/30" dev hab0
	nsx "$NS_HG" ip addr add "$HG_BOND6/64" dev hab0 nodad
	nsx "$NS_HAAP" ip addr add "$HAAP_BOND4/30" dev hab0
	nsx "$NS_HAAP" ip addr add "$HAAP_BOND6/64" dev hab0 nodad
	ha_route_via hab0 || return 1
	# resolve the underlays' neighbours now: a first packet that waits for
	# ARP or ND on one tunnel arrives too late for the reorder window
	nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_DSL4" >/dev/null
	nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_LTE4" >/dev/null
	nsx "$NS_HG" ping -6 -c1 -W1 -q "$HAAP_DSL6" >/dev/null
	nsx "$NS_HG" ping -6 -c1 -W1 -q "$HAAP_LTE6" >/dev/null
	ha_wait 10 nsx "$NS_HG" ping -c1 -W1 -q "$HAAP_BOND4"
}

gb_teardown() {
	nsx "$NS_HG" ip link del hab0 2>/dev/null
	nsx "$NS_HAAP" ip link del hab0 2>/dev/null
	ha_route_via dsl
}

# gb_stat NS NAME [TUNNEL_ID]: one counter of bond hab0 (or of one of its
# tunnels) from 'bondctl -j -s bond show', wherever it is nested.
# gb_stat_ge NS NAME MIN [TUNNEL]: counter NAME has reached MIN (for ha_wait,
# which must re-read the counter on every try)
gb_stat_ge() {
	local ns=$1 name=$2 min=$3
	shift 3
	[ "$(gb_stat "$ns" "$name" "$@")" -ge "$min" ]
}

gb_stat() {
	bondctl -n "$1" -j -s bond show hab0 | python3 -c '
import json, sys
name, tid = sys.argv[1], (int(sys.argv[2]) if len(sys.argv) > 2 else None)
def find(o):
    if isinstance(o, dict):
        if name in o and not isinstance(o[name], (dict, list)):
            return o[name]
        for k, v in o.items():
            if k == "tunnels":
                continue
            r = find(v)
            if r is not None:
                return r
    elif isinstance(o, list):
        for v in o:
            r = find(v)
            if r is not None:
                return r
    return None
d = json.load(sys.stdin)
b = d[0] if isinstance(d, list) else d
if tid is not None:
    b = [t for t in b.get("tunnels", []) if t.get("id") == tid][0]
v = find(b)
print(0 if v is None else v)
' "$2" ${3:+"$3"}
}

# gb_transfer FROM_NS TO_NS TO_ADDR MBYTES: send a random file over TCP and
# compare sha256 at both ends. Prints "ok <seconds>" or "fail <why>".
gb_transfer() {
	local from=$1 to=$2 addr=$3 mb=$4 port=$((7000 + RANDOM % 1000))
	local dir src dst t0 t1 sum_a sum_b
	dir=$(mktemp -d)
	src=$dir/src dst=$dir/dst
	head -c "$((mb * 1048576))" /dev/urandom > "$src"
	# dual stack: one IPv6 listener takes IPv4 too. Its output must not
	# reach the caller's $(...), which would otherwise wait for it forever.
	nsx "$to" timeout 150 socat -u "TCP6-LISTEN:$port,reuseaddr,ipv6only=0" \
		"OPEN:$dst,creat,trunc" </dev/null >/dev/null 2>&1 &
	local srv=$!
	ha_wait_listen "$to" "$port" || { echo "fail listen"; return 1; }
	t0=$(date +%s.%N)
	if [[ "$addr" == *:* ]]; then addr="[$addr]"; fi
	nsx "$from" timeout 120 socat -u "OPEN:$src" "TCP:$addr:$port" ||
		{ echo "fail send"; kill $srv 2>/dev/null; return 1; }
	wait $srv
	t1=$(date +%s.%N)
	sum_a=$(sha256sum < "$src")
	sum_b=$(sha256sum < "$dst")
	rm -rf "$dir"
	if [ "$sum_a" = "$sum_b" ]; then
		echo "ok $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
	else
		echo "fail sha256 mismatch"
		return 1
	fi
}
