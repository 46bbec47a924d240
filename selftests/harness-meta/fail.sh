#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Exits 1 on purpose: harness/vm-selftest.sh checks how the run reports it.
echo "# harness-meta: fail, exiting 1"
exit 1
