#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# B8, binding-table scale, in the guest: loads pmip_b8/pm_b8.ko (pmip_mmb's
# own session.c and select.c compiled in, see pmip_b8/b8.c), which
# measures while it loads and prints its table as "pm_b8: MD: " kernel
# messages; this script turns them into MD: lines for run.sh.
#
#   pmip.sh [--runs N] [--quick]   (--runs is accepted and ignored: one
#                                    pass measures every size)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ko=$top/selftests/bench/pmip_b8/pm_b8.ko
sizes=1000,10000,100000,1000000
lookups=200000
updates=20000
while [ $# -gt 0 ]; do
	case "$1" in
	--runs|--quiet-max|--resume) shift ;;
	--quick) sizes=1000,10000,100000; lookups=100000; updates=10000 ;;
	esac
	shift
done
[ -r "$ko" ] || { echo "pmip.sh: $ko not built" >&2; exit 1; }

md() { echo "MD: $*"; }
md "B8 measures pmip_mmb/session.c and select.c as compiled into the module: per lookup what pm_xmit() does (prefix rhashtable lookup, RCU snapshot, flow selection with one label rule); an entry is one mobile node (a session with a /64 prefix and two bindings). Baseline: 128 fixed buckets, chained lists, one global rwlock, same key and selector. Bytes per entry: kmalloc sizes (ksize()) of session, prefix array, rules block, bindings array, snapshot and bindings plus the per-CPU counters (computed); in brackets the NR_SLAB_*_B growth over the load, inflated by the guest's slub_debug. Updates: a PBU refresh (pm_binding_set() under RTNL) on one CPU for 1 s while a kthread on the other CPU looks up; 'lookups slowed' compares that kthread's rate with and without the updates. Lookups $lookups per size; under TCG the absolute rates are for calibration only, the ratios are the result."
md ""
mark="pm_b8 start $$"
echo "$mark" > /dev/kmsg
if ! insmod "$ko" sizes="$sizes" lookups="$lookups" updates="$updates"; then
	echo "pmip.sh: insmod failed" >&2
	exit 1
fi
dmesg | sed -n "/$mark/,\$p" | sed -n 's/.*pm_b8: //p' | while IFS= read -r line; do
	case "$line" in
	MD:*) echo "$line" ;;
	*) echo "# $line" ;;
	esac
done
rmmod pm_b8
