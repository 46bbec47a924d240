#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ordinary ip_gre and ip6_gre tunnels keep working while a bond is up: the
# bond's receive hook takes only its own tunnels' packets.
source "$(dirname "$0")/gb_lib.sh"
gb_require
modprobe ip_gre 2>/dev/null && modprobe ip6_gre 2>/dev/null ||
	{ echo "# SKIP: no ip_gre/ip6_gre"; exit $KSFT_SKIP; }

ktap_header 5
ha_topo_create || { ktap_fail "topology"; ktap_finish; }
gb_setup || { ktap_fail "bonds created"; ktap_finish; }
ktap_ok "bonds created"

# plain GRE between other addresses of the same two boxes
nsx "$NS_HG" ip addr add 198.51.100.5/32 dev dsl0
nsx "$NS_HAAP" ip addr add 198.51.100.6/32 dev dsl0
nsx "$NS_HG" ip route add 198.51.100.6/32 dev dsl0
nsx "$NS_HAAP" ip route add 198.51.100.5/32 dev dsl0
nsx "$NS_HG" ip link add gre1 type gre local 198.51.100.5 remote 198.51.100.6 key 7
nsx "$NS_HAAP" ip link add gre1 type gre local 198.51.100.6 remote 198.51.100.5 key 7
nsx "$NS_HG" ip addr add 10.255.1.1/30 dev gre1
nsx "$NS_HAAP" ip addr add 10.255.1.2/30 dev gre1
nsx "$NS_HG" ip -6 addr add 2001:db8:d51::5/128 dev dsl0 nodad
nsx "$NS_HAAP" ip -6 addr add 2001:db8:d51::6/128 dev dsl0 nodad
nsx "$NS_HG" ip link add gre6 type ip6gre local 2001:db8:d51::5 remote 2001:db8:d51::6
nsx "$NS_HAAP" ip link add gre6 type ip6gre local 2001:db8:d51::6 remote 2001:db8:d51::5
nsx "$NS_HG" ip addr add 10.255.2.1/30 dev gre6
nsx "$NS_HAAP" ip addr add 10.255.2.2/30 dev gre6
for ns in "$NS_HG" "$NS_HAAP"; do
	nsx "$ns" ip link set gre1 up
	nsx "$ns" ip link set gre6 up
done

ktap_check "ip_gre tunnel next to the bond" \
	ha_wait 5 nsx "$NS_HG" ping -c1 -W1 -q 10.255.1.2
ktap_check "ip6_gre tunnel next to the bond" \
	ha_wait 5 nsx "$NS_HG" ping -c1 -W1 -q 10.255.2.2
ktap_check "the bond still carries traffic" \
	nsx "$NS_CLI" ping -c3 -i0.2 -W2 -q "$SRV4"
ktap_check "bond removed, rmmod-able while ip_gre stays" \
	bash -c "ip netns exec $NS_HG ip link del hab0 && ip netns exec $NS_HAAP ip link del hab0 && ip netns exec $NS_HG ping -c1 -W2 -q 10.255.1.2"
ktap_finish
