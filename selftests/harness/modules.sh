#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every module that 'make' built loads and unloads in the guest kernel, and
# leaves no taint but "out-of-tree" (O) and "unsigned" (E).
source "$(dirname "$0")/../lib.sh"
ha_require_root
ha_require insmod rmmod

mods=()
for ko in "$HA_TOP"/gre_bond/gre_bond.ko "$HA_TOP"/mcp_proxy/mcp_proxy.ko \
	  "$HA_TOP"/pmip_mmb/pmip_mmb.ko \
	  "$HA_TOP"/selftests/harness/kmod/ha_harness_test.ko; do
	[ -f "$ko" ] && mods+=("$ko")
done
ktap_header $((${#mods[@]} * 2 + 1))

# O (4096) and E (8192) are expected for modules built out of tree
allowed_taint=$((4096 | 8192))
taint_before=$(cat /proc/sys/kernel/tainted)

for ko in "${mods[@]}"; do
	name=$(basename "$ko" .ko)
	if ha_insmod "$ko" && grep -q "^$name " /proc/modules; then
		ktap_ok "load $name"
	else
		ktap_fail "load $name"
		continue
	fi
	if rmmod "$name" && ! grep -q "^$name " /proc/modules; then
		ktap_ok "unload $name"
	else
		ktap_fail "unload $name"
	fi
done

taint=$(cat /proc/sys/kernel/tainted)
unexpected=$(( (taint & ~taint_before) & ~allowed_taint ))
if [ "$unexpected" = 0 ]; then
	ktap_ok "no unexpected taint (tainted=$taint)"
else
	ktap_fail "unexpected taint bits $unexpected (tainted=$taint)"
fi
ktap_finish
