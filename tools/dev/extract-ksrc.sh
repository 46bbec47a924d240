#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Take the few kernel-tree files the project uses at build time (checkpatch,
# the kselftest headers and runner) out of Debian's linux-source tarball.
# They are never committed.
set -eu
tarball=$1
dest=$2
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
	echo "linux-source tarball not found: run 'make deps'" >&2
	exit 1
fi
top=$(basename "$tarball" .tar.xz)
mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$dest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xJf "$tarball" --wildcards \
	"$top/scripts/checkpatch.pl" \
	"$top/scripts/spelling.txt" \
	"$top/scripts/const_structs.checkpatch" \
	"$top/scripts/subarch.include" \
	"$top/tools/testing/selftests/lib.mk" \
	"$top/tools/testing/selftests/kselftest*" \
	"$top/tools/testing/selftests/net/mptcp/mptcp_connect.c"
rm -rf "$dest"
mv "$tmp/$top" "$dest"
touch "$dest/tools/testing/selftests/kselftest_harness.h" "$dest/scripts/checkpatch.pl"
