#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the test guest, PID 1 on the overlaid host root: finish the
# mounts, run the command that vm.sh wrote into the run directory, record
# its exit status and the kernel log there, and power off. As PID 1 this
# script must never exit: that would panic the guest.
repo=$1
out=$2
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8
export HA_GUEST=1 HA_RUN_DIR="$out"

mkdir -p /dev/pts /dev/shm /sys/kernel/debug
# devtmpfs has no /dev/fd links; udev would make them
ln -sfn /proc/self/fd /dev/fd
ln -sfn /proc/self/fd/0 /dev/stdin
ln -sfn /proc/self/fd/1 /dev/stdout
ln -sfn /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mkdir -p /var/run/netns /run/netns
hostname ha-guest
ip link set lo up
# The command's output goes to the second serial port, which the host shows
# live; the first one carries only the kernel console.
exec </dev/null >/dev/ttyS1 2>&1
stty -F /dev/ttyS1 raw -echo 2>/dev/null

cut -d' ' -f1 /proc/uptime > "$out/ready"
cd "$repo" && bash "$out/cmd"
echo $? > "$out/rc.tmp"
dmesg > "$out/dmesg"
mv "$out/rc.tmp" "$out/rc"
sync
# sysrq works whatever kernel.sysrq says and needs no init system; with
# -no-reboot a reboot ends QEMU, and needs no ACPI.
echo b > /proc/sysrq-trigger
sleep 1000000
