#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Which kernel to build against, and therefore which kernel the test guest
# boots. Prefer the running kernel's build tree (a real machine with headers);
# otherwise the newest installed Debian headers (our build machines run a
# kernel without modules or headers).
#
#   find-kdir.sh              print KDIR (empty if none)
#   find-kdir.sh --release D  print the kernel release that KDIR D belongs to
set -u

if [ "${1:-}" = "--release" ]; then
	kdir=${2:-}
	[ -n "$kdir" ] || exit 0
	# UTS_RELEASE is what the modules' vermagic and /boot carry
	# (Debian's include/config/kernel.release holds the upstream version).
	sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h" 2>/dev/null
	exit 0
fi

running=/lib/modules/$(uname -r)/build
if [ -d "$running" ]; then
	readlink -f "$running"
	exit 0
fi
# Only trees whose kernel image is installed can be booted by the guest.
for d in $(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V -r); do
	rel=${d#/usr/src/linux-headers-}
	if [ -e "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel/kernel" ]; then
		echo "$d"
		exit 0
	fi
done
exit 0
