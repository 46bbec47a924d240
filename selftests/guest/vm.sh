#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot Debian's packaged kernel (the one KDIR belongs to) under QEMU and run
# one shell command in it, in this checkout, with the host's root file system
# shared read-only (a tmpfs overlay takes the writes).
#
#   vm.sh [options] -- COMMAND [ARGS...]
#
#   --ktap           COMMAND prints KTAP: also check that it reported no
#                    failures (a runner that exits 0 is not trusted alone)
#   --timeout SECS   give up on the guest after SECS (default 900): a hang
#   --quiet          show only COMMAND's output, not the harness's lines
#   --accel A        tcg or kvm (default: kvm if a probe boot succeeds, once
#                    per machine, else tcg; HA_ACCEL overrides too)
#   --smp N, --mem MB
#   --keep           keep the run directory (console log, dmesg, output)
#
# Exit status: COMMAND's status (4 = skipped), or 1 with a line saying why
# the run failed: a kernel warning, BUG, oops, panic or memory-debug report
# in the guest log; a hang; a guest that never reached the command.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
timeout=900
quiet=0
ktap=0
keep=0
accel=${HA_ACCEL:-}
smp=${HA_SMP:-2}
mem=${HA_MEM:-1024}

while [ $# -gt 0 ]; do
	case "$1" in
	--ktap) ktap=1 ;;
	--timeout) timeout=$2; shift ;;
	--quiet) quiet=1 ;;
	--accel) accel=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--keep) keep=1 ;;
	--) shift; break ;;
	*) echo "vm.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
	esac
	shift
done
[ $# -gt 0 ] || { echo "vm.sh: no command given" >&2; exit 2; }

say() {
	[ $quiet = 1 ] || echo "vm: $*" >&2
}

kdir=${KDIR:-$("$top/tools/dev/find-kdir.sh")}
krel=${KREL:-$("$top/tools/dev/find-kdir.sh" --release "$kdir")}
kernel=/boot/vmlinuz-$krel
moddir=/lib/modules/$krel
if [ -z "$krel" ] || [ ! -r "$kernel" ] || [ ! -d "$moddir/kernel" ]; then
	echo "vm.sh: no bootable kernel for '$krel' (run 'make deps')" >&2
	exit 1
fi

guestdir=$top/build/guest
mkdir -p "$guestdir"

# The initramfs: static busybox, stage 1, and the modules that 9p and
# overlayfs need, in dependency order. Rebuilt when the kernel or stage 1
# changes.
initrd=$guestdir/initrd-$krel.cpio.gz
if [ ! -s "$initrd" ] || [ "$0" -nt "$initrd" ] ||
   [ "$top/selftests/guest/initramfs-init" -nt "$initrd" ]; then
	say "building initramfs for $krel"
	stage=$(mktemp -d "$guestdir/initrd.XXXXXX")
	mkdir -p "$stage/bin" "$stage/modules" "$stage/dev" "$stage/proc" \
		"$stage/sys"
	cp /bin/busybox "$stage/bin/busybox"
	cp "$top/selftests/guest/initramfs-init" "$stage/init"
	: > "$stage/modules.list"
	for mod in virtio_pci 9p 9pnet_virtio overlay; do
		modprobe -S "$krel" --show-depends "$mod" 2>/dev/null |
			awk '$1 == "insmod" { print $2 }'
	done | awk '!seen[$0]++' | while read -r ko; do
		name=$(basename "$ko" .ko)
		case "$ko" in
		*.ko.xz) name=$(basename "$ko" .ko.xz)
			 xz -dc "$ko" > "$stage/modules/$name.ko" ;;
		*.ko.zst) name=$(basename "$ko" .ko.zst)
			 zstd -qdc "$ko" > "$stage/modules/$name.ko" ;;
		*) cp "$ko" "$stage/modules/$name.ko" ;;
		esac
		echo "$name" >> "$stage/modules.list"
	done
	if ! grep -qx 9p "$stage/modules.list"; then
		echo "vm.sh: cannot find the 9p modules of $krel" >&2
		rm -rf "$stage"
		exit 1
	fi
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) \
		> "$initrd.tmp" && mv "$initrd.tmp" "$initrd"
	rm -rf "$stage"
fi

run=$(mktemp -d "$guestdir/run.XXXXXX")
cleanup() {
	[ -n "${tail_pid:-}" ] && kill "$tail_pid" 2>/dev/null
	[ -n "${qemu_pid:-}" ] && kill "$qemu_pid" 2>/dev/null
	if [ $keep = 1 ]; then
		say "run directory kept: $run"
	else
		rm -rf "$run"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
	printf 'set -o pipefail\n'
	printf '%q ' "$@"
	printf '\n'
} > "$run/cmd"
: > "$run/output"

cmdline="console=ttyS0,115200 ha.repo=$top ha.out=$run"
cmdline+=" slub_debug=FZPU page_poison=1 panic_on_warn=1 oops=panic"
cmdline+=" panic=-1 loglevel=5 mitigations=off tsc=reliable"
cmdline+=" no_timer_check random.trust_cpu=on nokaslr ${HA_EXTRA_APPEND:-}"

# qemu_boot ACCEL TIMEOUT: boot once with the current $run/cmd
qemu_boot() {
	local acc=$1 limit=$2 cpu=max
	[ "$acc" = kvm ] && cpu=host
	rm -f "$run/rc" "$run/ready" "$run/dmesg"
	: > "$run/console.log"
	timeout --foreground -k 5 "$limit" qemu-system-x86_64 \
		-machine "${HA_MACHINE:-q35},accel=$acc" -cpu "$cpu" -smp "$smp" -m "$mem" \
		-nodefaults -no-reboot -display none -monitor none \
		-serial "file:$run/console.log" -serial "file:$run/output" \
		-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
		-virtfs "local,path=$top,mount_tag=repo,security_model=none,readonly=on,multidevs=remap" \
		-virtfs "local,path=$run,mount_tag=results,security_model=none,multidevs=remap" \
		-device virtio-rng-pci \
		</dev/null >"$run/qemu.log" 2>&1 &
	qemu_pid=$!
	wait "$qemu_pid"
	local rc=$?
	qemu_pid=
	return $rc
}

# KVM is tried once per machine and kernel: some hosts (nested
# virtualisation) accept KVM_CREATE_VM and then hang the guest.
if [ -z "$accel" ]; then
	probe=$guestdir/accel-$krel
	if [ ! -s "$probe" ]; then
		accel=tcg
		if [ -w /dev/kvm ]; then
			say "probing KVM (15 s at most)"
			mv "$run/cmd" "$run/cmd.real"
			echo true > "$run/cmd"
			if qemu_boot kvm 15 && [ -f "$run/rc" ]; then
				accel=kvm
			fi
			mv "$run/cmd.real" "$run/cmd"
		fi
		echo "$accel" > "$probe"
	fi
	accel=$(cat "$probe")
fi

say "booting $krel ($accel, $smp CPUs, ${mem} MiB): $*"
start=$(date +%s.%N)
tail -n +1 -F "$run/output" 2>/dev/null &
tail_pid=$!
qemu_boot "$accel" "$timeout"
qrc=$?
end=$(date +%s.%N)
sleep 0.3
kill "$tail_pid" 2>/dev/null
wait "$tail_pid" 2>/dev/null
tail_pid=

verdict() {
	echo "vm: FAIL: $*" >&2
	echo "vm: last kernel messages:" >&2
	tail -n 40 "$run/console.log" | sed 's/^/vm:   /' >&2
	keep=1
	exit 1
}

# Any of these in the kernel log fails the run, whatever the command said.
splat='WARNING:|BUG:|BUG [a-z]|Oops|Kernel panic|kernel BUG|general protection fault|'
splat+='Redzone|Poison overwritten|Object padding|INFO: task .* blocked|'
splat+='UBSAN:|KASAN:|RCU stall|rcu_sched detected|Call Trace:|list_(add|del) corruption|'
splat+='unregister_netdevice: waiting'
found=$(cat "$run/console.log" "$run/dmesg" 2>/dev/null | grep -E -m1 "$splat")
if [ -n "$found" ]; then
	kind=warning
	case "$found" in
	*panic*) kind=panic ;;
	*Oops*|*"general protection"*|*"kernel BUG"*|*BUG:*) kind=oops/BUG ;;
	*Redzone*|*Poison*|*padding*|*"BUG "*) kind="slub memory-debug report" ;;
	*blocked*|*stall*|*waiting*) kind="hung task / stall / refcount leak" ;;
	esac
	verdict "guest kernel $kind: $found"
fi
if [ $qrc = 124 ] || [ $qrc = 137 ]; then
	verdict "hang: guest still running after ${timeout}s (timeout)"
fi
if [ ! -f "$run/rc" ]; then
	verdict "guest stopped without a verdict (qemu exit $qrc; see $run/qemu.log)"
fi
ready=$(cat "$run/ready" 2>/dev/null)
say "$(printf 'boot to command: %.2fs guest uptime; whole run %.1fs wall' \
	"${ready:-0}" "$(echo "$end - $start" | bc)")"
rc=$(cat "$run/rc")
if [ "$ktap" = 1 ] && [ "$rc" = 0 ] && grep -qE '^ *not ok ' "$run/output"; then
	say "FAIL: a test reported 'not ok' although the runner exited 0"
	rc=1
fi
if [ "$rc" != 0 ] && [ "$rc" != 4 ]; then
	say "FAIL: command exited $rc"
fi
if [ -n "${HA_VM_OUTPUT:-}" ]; then
	cp "$run/output" "$HA_VM_OUTPUT"
fi
exit "$rc"
