# SPDX-License-Identifier: GPL-2.0
#
# Included by every collection's Makefile: kselftest's own lib.mk (taken from
# Debian's linux-source at build time by 'make ksrc') gives the usual
# TEST_PROGS / TEST_GEN_PROGS / run_tests / emit_tests behaviour.
HA_TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
KSFT ?= $(HA_TOP)/build/ksrc/tools/testing/selftests
OUTPUT ?= $(CURDIR)
CFLAGS += -O2 -g -Wall -Wextra -I$(HA_TOP)/include/uapi -I$(KSFT)
ifeq ($(wildcard $(KSFT)/lib.mk),)
$(error kselftest files missing: run 'make ksrc' at the top level)
endif
include $(KSFT)/lib.mk
