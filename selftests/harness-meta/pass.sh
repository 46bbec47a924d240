#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Exits 0 on purpose: harness/vm-selftest.sh checks how the run reports it.
echo "# harness-meta: pass, exiting 0"
exit 0
