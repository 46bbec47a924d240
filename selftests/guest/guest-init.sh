#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the test guest, PID 1 on the overlaid host root: run the command that vm.sh wrote into the run directory, record
# its exit status and the kernel log there, and power off. As PID 1 this
# script must never exit: that would panic the guest.
repo=$1
out=$2
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
export HA_GUEST=1 HA_RUN_DIR="$out"

# The command's output goes to the second serial port, which the host shows
# live; the first one carries only the kernel console. Stage 1 did the
# mounts, so that the command starts as early as possible.
exec </dev/null >/dev/ttyS1 2>&1
read -r uptime _ < /proc/uptime
echo "$uptime" > "$out/ready"
cd "$repo" && bash "$out/cmd"
echo $? > "$out/rc.tmp"
dmesg > "$out/dmesg"
mv "$out/rc.tmp" "$out/rc"
sync
# sysrq works whatever kernel.sysrq says and needs no init system; with
# -no-reboot a reboot ends QEMU, and needs no ACPI.
echo b > /proc/sysrq-trigger
sleep 1000000
