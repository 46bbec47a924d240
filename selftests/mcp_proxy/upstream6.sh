#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The upstream MCP on the CPE with IPv6 (draft-boucadair-mptcp-plain-mode
# 7.2.2; the issue's "IPv4 and IPv6 on both legs, including one leg of
# each"). The HAAP is the downstream MCP on its IPv4 and IPv6 WAN
# addresses; the HG converts its LAN hosts' plain TCP. IPv6 LAN host to
# IPv6 server over an IPv6 MPTCP leg: 64 MiB each way with sha256, the
# server sees plain TCP from the MCP's IPv6 address, subflows on DSL and
# LTE (IPv6 on both), one flow faster than DSL alone, a refused server
# resets the LAN host. One leg of each family: an IPv4 LAN connection over
# an IPv6 MPTCP leg and an IPv6 one over an IPv4 leg, each seen in the
# CPE's dump. Transparent mode for an IPv6 LAN host (the server sees it),
# the on-path variant for an IPv6 server, the CPE's own IPv6 connections
# (up-local). The dump of an IPv6 conversion on both ends, rmmod with live
# IPv6 conversions.
source "$(dirname "$0")/mcp_lib.sh"
mcp_require
ha_require iperf3

MCP6=$HAAP_WAN6
SUB6=2001:db8:1::/64
MIB=${MCP_TEST_SMALL_MIB:-8}

mcp_test_start 29 mcp_up_topo
nsx "$NS_SRV" ip addr add "$DST6/64" dev eth0 nodad
nsx "$NS_HAAP" ip -6 route add fd20::/64 dev wan0
nsx "$NS_HG" ip -6 route add fd20::/64 via "$HAAP_DSL6" dev dsl0
ha_wait_dad "$NS_SRV"
mcp_server_family 6

mcp_dsl_alone "$NS_CLI" "over IPv6"

# The IPv4 set-up of the other upstream scripts, and its IPv6 twin: the
# HAAP's IPv6 MCP address, the HG's IPv6 access addresses as subscribers,
# its LTE address signalled for joins; the HG's IPv6 LTE address a subflow
# endpoint routed over LTE. The HG has only the IPv6 MCP address first.
setup_ok=1
{
	mcp_upstream_setup lan-dev lan0 &&
	bondctl -n "$NS_HG" mcp set mcp-addr 0.0.0.0 mcp-addr "$MCP6" &&
	bondctl -n "$NS_HG" mcp prefix add "$SUB4" &&
	bondctl -n "$NS_HG" mcp prefix add "$SUB6" &&
	bondctl -n "$NS_HAAP" mcp set addr "$MCP6" &&
	bondctl -n "$NS_HAAP" mcp prefix add 2001:db8:d51::/64 &&
	bondctl -n "$NS_HAAP" mcp prefix add 2001:db8:17e::/64 &&
	nsx "$NS_HAAP" ip mptcp endpoint add "$HAAP_LTE6" dev lte0 port 4400 signal &&
	nsx "$NS_HG" ip -6 rule add from "$HG_LTE6" table 100 &&
	nsx "$NS_HG" ip -6 route add default via "$HAAP_LTE6" dev lte0 table 100 &&
	nsx "$NS_HG" ip mptcp endpoint add "$HG_LTE6" dev lte0 subflow
} || setup_ok=0
bondctl -n "$NS_HG" mcp show > "$tmp/show"
ktap_check "CPE in upstream mode with the MCP's IPv6 address only, LAN listener up" \
	bash -c "test $setup_ok = 1 && grep -q 'mcp-addr6 $MCP6\\b' '$tmp/show' && grep -q '^upstream mcp-addr 0.0.0.0 .* listening yes' '$tmp/show'"
out=$(bondctl -n "$NS_HG" mcp set mcp-addr ff02::1 2>&1)
# the message has an apostrophe: compared in this shell, not quoted into one
ktap_check "a multicast IPv6 MCP address refused with the kernel's message ($out)" \
	test "${out#Error: *IPv6 address}" != "$out"

# --- IPv6 LAN host, IPv6 leg, IPv6 server: 64 MiB each way --------------------
mcp_up_shape 40mbit
mcp_bulk_prepare "$tmp"
mcp_up_bulk upload 5001 "$tmp/up.got" "over IPv6"
peer=$(mcp_peer_of "$tmp/up.got.log")
ktap_check "server saw plain TCP from the MCP's IPv6 address $MCP6 ($peer)" \
	test "$peer" = "$MCP6"
mcp_check_share "IPv6 upload, subflow on LTE" "$NS_HG" lte0 "$up_lte0" $MCP_BULK_BYTES
mcp_diag_mptcp "$NS_HG" "$NS_HAAP"

mcp_up_bulk download 5002 "$tmp/down.got" "over IPv6"
mcp_check_share "IPv6 download, subflow on LTE" "$NS_HAAP" lte0 "$up_lte0" $MCP_BULK_BYTES
mcp_up_shape 8mbit
ktap_check "CPE: two upstream conversions established and closed" \
	ha_wait 5 up_convs_done 2

bps=$(ha_iperf "$NS_CLI" "$NS_SRV" "$DST6" 8)
mcp_check_vs_dsl "one converted IPv6 flow" "$bps" "$dsl_bps"

mcp_up_check_refused "$NS_CLI" "IPv6 LAN client reset"

# transfer_from RC GOT WANT PEER: mcp_transfer_ok, and the server's log
# names PEER as the client
transfer_from() {
	mcp_transfer_ok "$1" "$2" "$3" && [ "$(mcp_peer_of "$2.log")" = "$4" ]
}

# The rest sends MIB MiB
MCP_BULK_MIB=$MIB MCP_BULK_BYTES=$((MIB << 20))
mkdir "$tmp/s" && mcp_bulk_prepare "$tmp/s"

# --- one live conversion, seen in the dumps -----------------------------------
# live_start PORT [SOCAT-OPTS]: a LAN client connection to MCP_SRV:PORT
# that exchanges a line each way and stays open; its socat's exit status
# goes to $tmp/live.PORT when it ends (live_stop ends it)
live_start() {
	nsx "$NS_SRV" timeout 90 socat "$(mcp_srv_listen "$1")" \
		SYSTEM:'echo from-server; cat > /dev/null' &
	ha_wait_listen "$NS_SRV" "$1"
	nsx "$NS_CLI" bash -c "timeout 60 socat '$(mcp_srv_connect "$1" "$2")' \
		SYSTEM:'echo from-client; sleep 60' > /dev/null 2>&1
		echo \$? > '$tmp/live.$1'" &
	live_pid=$!
}
live_stop() {
	nsx "$NS_CLI" pkill -f "from-client; sleep 60" 2>/dev/null
	kill "$live_pid" 2>/dev/null
	wait 2>/dev/null
}
# dump_has NS ROLE SERVER MCP: NS's JSON dump has a conversion of ROLE to
# SERVER whose MPTCP leg is MCP ("[addr]:port" for IPv6), bytes each way
dump_has() {
	"$BONDCTL" -n "$1" -j mcp conversions > "$tmp/dump.json" &&
	python3 - "$tmp/dump.json" "$2" "$3" "$4" <<'EOF'
import json, sys
role, server, mcp = sys.argv[2:5]
convs = json.load(open(sys.argv[1]))
if isinstance(convs, dict):
    convs = next(v for v in convs.values() if isinstance(v, list))
sys.exit(not any(c.get("role") == role and c.get("server") == server and
                 (mcp == "-" or c.get("mcp") == mcp) and
                 c.get("bytes_to_server", 0) > 0 and
                 c.get("bytes_to_client", 0) > 0 for c in convs))
EOF
}

live_start 5004
ktap_check "dump on the CPE: IPv6 LAN host over an IPv6 leg to [$MCP6]:5004" \
	ha_wait 10 dump_has "$NS_HG" upstream "[$DST6]:5004" "[$MCP6]:5004"
ktap_check "dump on the MCP: the same connection, role downstream" \
	dump_has "$NS_HAAP" downstream "[$DST6]:5004" -
live_stop

# --- one leg of each family -----------------------------------------------------
# mixed_leg FAMILY LEG PORT upload|download: a connection from a LAN host of
# FAMILY (4 or 6) whose MPTCP leg the CPE's dump shows toward LEG
# ("addr:port" form without the port, e.g. "[$MCP6]"), then a bulk transfer
# on PORT + 1 in the given direction (an upload also checks that the server
# saw the MCP's address of FAMILY)
mixed_leg() {
	local family=$1 leg=$2 port=$3 direction=$4 server mcp leg_family got rc
	mcp_server_family "$family"
	if [ "$family" = 4 ]; then
		server=$DST4:$port mcp=$MCP4 leg_family=6
	else
		server=[$DST6]:$port mcp=$MCP6 leg_family=4
	fi
	live_start "$port"
	ktap_check "IPv$family LAN host over an IPv$leg_family MPTCP leg ($leg:$port)" \
		ha_wait 10 dump_has "$NS_HG" upstream "$server" "$leg:$port"
	live_stop
	got=$tmp/v${family}v$leg_family.got
	"mcp_lan_$direction" $((port + 1)) "$got" > /dev/null
	rc=$?
	if [ "$direction" = upload ]; then
		ktap_check "... ${MCP_BULK_MIB} MiB upload: socat exit $rc, sha256 matches, server saw $mcp ($(mcp_peer_of "$got.log"))" \
			transfer_from $rc "$got" "$tmp/s/bulk.sha256" "$mcp"
	else
		ktap_check "... ${MCP_BULK_MIB} MiB download: socat exit $rc, sha256 matches" \
			mcp_transfer_ok $rc "$got" "$tmp/s/bulk.sha256"
	fi
}

# An IPv4 LAN connection with only the IPv6 MCP address configured: its
# MPTCP leg is IPv6, the MCP's server leg IPv4.
mixed_leg 4 "[$MCP6]" 5005 upload

# An IPv6 LAN connection with only the IPv4 MCP address
bondctl -n "$NS_HG" mcp set mcp-addr :: mcp-addr "$MCP4"
mixed_leg 6 "$MCP4" 5007 download

# Both configured: each connection takes the leg of its own family
bondctl -n "$NS_HG" mcp set mcp-addr "$MCP6"
live_start 5009
ktap_check "both MCP addresses: an IPv6 LAN host takes the IPv6 leg" \
	ha_wait 10 dump_has "$NS_HG" upstream "[$DST6]:5009" "[$MCP6]:5009"
live_stop

# --- transparent mode: the server sees the IPv6 LAN host -------------------------
# The MCP refuses documentation addresses in IEs, source ones too: the LAN
# host gets a second IPv6 address outside the special-purpose blocks.
LAN6=fd30::2
nsx "$NS_CLI" ip addr add "$LAN6/64" dev eth0 nodad
nsx "$NS_HG" ip addr add fd30::1/64 dev lan0 nodad
bondctl -n "$NS_HG" mcp prefix add fd30::/64
bondctl -n "$NS_HAAP" mcp prefix add fd30::/64
bondctl -n "$NS_HG" mcp set mode upstream-transparent
bound=$(mcp_counter source_bound)
mcp_lan_upload 5010 "$tmp/tr.got" "bind=[$LAN6]" > /dev/null
rc=$?
ktap_check "transparent: IPv6 upload $MIB MiB, socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/tr.got" "$tmp/s/bulk.sha256"
peer=$(mcp_peer_of "$tmp/tr.got.log")
ktap_check "transparent: the server saw the IPv6 LAN host $LAN6 ($peer)" \
	test "$peer" = "$LAN6"
ktap_check "transparent: the MCP honoured the IPv6 source IE" \
	test "$(mcp_counter source_bound)" -gt "$bound"
bondctl -n "$NS_HG" mcp set mode upstream

# --- the CPE's own IPv6 connections (up-local) ------------------------------------
bondctl -n "$NS_HG" mcp set up-local on
syn=$(up_counter up_local_syn)
mcp_lan_upload -n "$NS_HG" 5011 "$tmp/local.got" > /dev/null
rc=$?
ktap_check "up-local: the CPE's own IPv6 upload $MIB MiB, socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/local.got" "$tmp/s/bulk.sha256"
peer=$(mcp_peer_of "$tmp/local.got.log")
ktap_check "up-local: converted (up_local_syn moved), the server saw $MCP6 ($peer)" \
	test "$(up_counter up_local_syn)" -gt "$syn" -a "$peer" = "$MCP6"
bondctl -n "$NS_HG" mcp set up-local off

# --- on-path variant, IPv6 server ---------------------------------------------------
bondctl -n "$NS_HAAP" mcp set mode onpath
bondctl -n "$NS_HG" mcp set mode upstream-onpath
added=$(up_counter up_pp_added)
mcp_lan_upload 5012 "$tmp/op.got" > /dev/null
rc=$?
ktap_check "on-path: IPv6 upload $MIB MiB, socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/op.got" "$tmp/s/bulk.sha256"
peer=$(mcp_peer_of "$tmp/op.got.log")
ktap_check "on-path: MP_PREFER_PROXY added, converted on the way, the server saw $MCP6 ($peer)" \
	test "$(up_counter up_pp_added)" -gt "$added" -a "$peer" = "$MCP6"
mcp_lan_download 5013 "$tmp/opd.got" > /dev/null
rc=$?
ktap_check "on-path: IPv6 download $MIB MiB, socat exit $rc, sha256 matches" \
	mcp_transfer_ok $rc "$tmp/opd.got" "$tmp/s/bulk.sha256"

# --- rmmod with live IPv6 conversions -----------------------------------------------
mcp_up_rmmod_live "$NS_CLI" 5014 "live IPv6 conversions on both ends" "the IPv6 LAN client"
mcp_test_end
