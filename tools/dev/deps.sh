#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package the project needs, and nothing when they are
# all there already (idempotent; fast when there is nothing to do).
#   deps.sh [--quiet] [--list]
set -eu

packages=(
	# build: modules against Debian's kernel, tools, gates
	make gcc libc6-dev pkg-config linux-headers-amd64 linux-source-6.1
	sparse clang libclang-rt-14-dev llvm perl xz-utils
	libmnl-dev libnl-3-dev libnl-genl-3-dev libnl-route-3-dev
	# the netlink spec check (tools/dev/nlspec_check.py, in make unit)
	python3-yaml
	# the test guest: Debian's kernel under QEMU with a busybox initramfs
	qemu-system-x86 linux-image-amd64 busybox-static kmod cpio gzip bc
	# what tests and benchmarks run inside the guest
	iproute2 nftables iperf3 iputils-ping ethtool procps python3 socat
	tshark tcpdump
	# B6/B7 peers: HAProxy and a SOCKS5 server, made MPTCP by mptcpize
	haproxy microsocks mptcpize
)

quiet=0
for arg in "$@"; do
	case "$arg" in
	--quiet) quiet=1 ;;
	--list) printf '%s\n' "${packages[@]}"; exit 0 ;;
	*) echo "deps.sh: unknown option $arg" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	     grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} = 0 ]; then
	[ $quiet = 1 ] || echo "deps: all ${#packages[@]} packages installed"
	exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; they may not.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
	$sudo debconf-set-selections 2>/dev/null || true
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
