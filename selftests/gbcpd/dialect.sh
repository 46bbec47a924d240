#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Deutsche Telekom's dialect (GRE type 0x0101, T-Type 0/8, attribute 255
# closing every message) end to end between our own HG and HAAP: the bonds
# take 0x0101 as control, setup and hellos work, traffic flows. (Not
# interop with real equipment: both ends are gbcpd and libgbcp.)
GD_GLOBAL="dialect dt"
source "$(dirname "$0")/gbcpd_lib.sh"
gd_require

ktap_header 5
gd_bonded
ktap_check "both bonds take 0x0101 as control" test \
	"$(gb_stat "$NS_HG" ctrl_proto_alt)" = 257 -a \
	"$(gb_stat "$NS_HAAP" ctrl_proto_alt)" = 257
ktap_check "the session says dt, RTTs measured" \
	ha_wait 5 gd_is hg 's["dialect"] == "dt" and t["dsl"]["rtt_us"] > 0 and t["lte"]["rtt_us"] > 0'
ktap_check "the HG took the Accept as 0x0101 (it ignores 0xB7EA in dt)" \
	grep -q 'recv on lte.*setup-accept' "$GD_HG_LOG"
ktap_check "client -> server through the bond" \
	nsx "$NS_CLI" ping -c 3 -i 0.2 -W 2 -q "$SRV4"
[ "$ktap_failed" -gt 0 ] && gd_dump_logs
ktap_finish
