#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bonds come and go without leaks: deleting a namespace with live bonds
# carrying traffic, and rmmod after deleting bonds, leave no kernel objects
# behind (slab object counts do not grow with the number of cycles) and no
# splat (the harness fails the run on any).
source "$(dirname "$0")/gb_lib.sh"
gb_require

ktap_header 4
slab_objs() {
	awk 'NR > 2 && ($1 ~ /^kmalloc-/ || $1 ~ /^skbuff/ || $1 ~ /^net_namespace/) \
		{ s += $2 } END { print s }' /proc/slabinfo
}

# one_cycle: a namespace with 20 bonds, traffic on one, then the namespace
# is deleted with everything still up
one_cycle() {
	local ns=ha-life-$HA_SUFFIX i
	ip netns add "$ns"
	ip -n "$ns" link set lo up
	ip -n "$ns" link add d0 type veth peer name d1
	ip -n "$ns" addr add 198.51.100.1/30 dev d0
	ip -n "$ns" addr add 198.51.100.2/30 dev d1
	ip -n "$ns" link set d0 up
	ip -n "$ns" link set d1 up
	for i in $(seq 1 20); do
		bondctl -n "$ns" bond add "hab$i" key "$i" cir 1000 &&
		bondctl -n "$ns" tunnel add "hab$i" id 0 role dsl \
			local 198.51.100.1 remote "198.51.100.$((100 + i))" dev d0 &&
		bondctl -n "$ns" tunnel add "hab$i" id 1 role lte \
			local 198.51.100.1 remote "198.51.100.$((200 + i))" &&
		ip -n "$ns" link set "hab$i" up || return 1
	done
	ip -n "$ns" addr add 192.0.2.65/30 dev hab1
	ip netns exec "$ns" ping -c 20 -i 0.01 -W 1 -q 192.0.2.66 >/dev/null 2>&1
	ip netns del "$ns"
}

settle() {
	# netns cleanup and RCU callbacks run asynchronously
	ha_wait 20 bash -c '! ip netns list | grep -q ha-life'
	sleep 2
}

one_cycle && settle
base=$(slab_objs)
ok=1
for c in 1 2 3 4 5; do one_cycle || ok=0; done
settle
after=$(slab_objs)
ktap_check "five namespaces with 20 live bonds each created and deleted" test $ok = 1
# one leaked bond with its two tunnels and windows is hundreds of objects;
# per-cpu slab caching moves the count by less than that
growth=$((after - base))
ktap_check "slab objects after 5 cycles: $base -> $after (growth $growth < 2000)" \
	test "$growth" -lt 2000

# bonds in the initial namespace, deleted, then rmmod
ip link add habx type gre_bond && ip link del habx
ktap_check "rmmod after deleting bonds" rmmod gre_bond
ktap_check "module loads again" ha_load_module gre_bond
ktap_finish
