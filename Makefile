# SPDX-License-Identifier: GPL-2.0
#
# Hybrid Access for Linux: the user-facing build.
#
#   make               modules + tools
#   make demo          the main job: bond DSL + LTE in a guest, show the gain
#   make check         everything CI runs: gates, unit, fuzz smoke, guest tests
#   make deps          install the Debian packages the project needs
#   make modules | tools | unit | fuzz | checkpatch | sparse | w1 | guest-test
#   make guest CMD='...'            run a shell command inside the test guest
#   make guest-test T=gre_bond:basic.sh   one selftest (collection:test)
#
# KDIR picks the kernel to build against; the guest boots that same kernel.

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD := $(TOP)/build

KDIR ?= $(shell tools/dev/find-kdir.sh)
KREL := $(shell tools/dev/find-kdir.sh --release $(KDIR))
ifneq ($(MAKECMDGOALS),deps)
ifeq ($(KDIR),)
$(info No kernel headers found: run 'make deps' (installs linux-headers-amd64).)
else
$(info KDIR=$(KDIR) (kernel $(KREL)))
endif
endif

# kselftest headers, runner and checkpatch come from Debian's linux-source-6.1
# at build time; nothing of the kernel tree is committed.
KSRC_TAR ?= $(lastword $(sort $(wildcard /usr/src/linux-source-*.tar.xz)))
KSFT := $(BUILD)/ksrc/tools/testing/selftests
CHECKPATCH := $(BUILD)/ksrc/scripts/checkpatch.pl

KERNEL_SOURCES = $(shell git ls-files -co --exclude-standard -- \
	'gre_bond/*.[ch]' 'mcp_proxy/*.[ch]' 'pmip_mmb/*.[ch]' \
	'include/*.h' ':!include/hybrid/pure_host.h' 2>/dev/null)

TOOLS := $(patsubst %/Makefile,%,$(wildcard tools/*/Makefile))

export KDIR KREL KSFT TOP BUILD

.PHONY: all modules tools clean deps unit fuzz fuzz-smoke checkpatch sparse \
	w1 gates selftests guest guest-test check demo ksrc bench

all: modules tools

modules:
	$(MAKE) -C $(KDIR) M=$(TOP) modules

tools:
	@set -e; for t in $(TOOLS); do $(MAKE) -C $$t; done

deps:
	tools/dev/deps.sh

ksrc: $(KSFT)/kselftest_harness.h

$(KSFT)/kselftest_harness.h $(CHECKPATCH) &:
	tools/dev/extract-ksrc.sh "$(KSRC_TAR)" "$(BUILD)/ksrc"

unit: ksrc
	$(MAKE) -C selftests/unit run

fuzz: ksrc
	$(MAKE) -C selftests/fuzz run

fuzz-smoke: ksrc
	$(MAKE) -C selftests/fuzz run FUZZ_SECONDS=$${FUZZ_SECONDS:-10}

checkpatch: ksrc
	@out=$$($(CHECKPATCH) --strict --no-tree --terse --show-types \
		--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES \
		-f $(KERNEL_SOURCES) 2>&1) ; rc=$$?; \
	echo "$$out" | grep -E 'ERROR|WARNING|CHECK' ; \
	if [ $$rc -ne 0 ] || echo "$$out" | grep -qE 'ERROR|WARNING|CHECK'; then \
		echo "checkpatch: findings in project code"; exit 1; fi; \
	echo "checkpatch: clean ($(words $(KERNEL_SOURCES)) files)"

# sparse and W=1 rebuild every object so that each finding is seen.
sparse:
	@$(MAKE) -s -C $(KDIR) M=$(TOP) clean >/dev/null
	@$(MAKE) -C $(KDIR) M=$(TOP) C=2 CF=-D__CHECK_ENDIAN__ modules 2>&1 | \
		tee $(BUILD)/sparse.log | grep -E 'warning|error' ; \
	if grep -qE 'warning|error' $(BUILD)/sparse.log; then \
		echo "sparse: findings in project code"; exit 1; fi; \
	echo "sparse: clean"

w1:
	@mkdir -p $(BUILD)
	@$(MAKE) -s -C $(KDIR) M=$(TOP) clean >/dev/null
	@$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules 2>&1 | tee $(BUILD)/w1.log | \
		grep -E 'warning|error' ; \
	if grep -qE 'warning|error' $(BUILD)/w1.log; then \
		echo "W=1: findings in project code"; exit 1; fi; \
	echo "W=1: clean"

gates: checkpatch sparse w1

selftests: all ksrc
	$(MAKE) -C selftests all

# Run a shell command in the guest: make guest CMD='ip -br link'
guest: all
	selftests/guest/vm.sh -- $(CMD)

# Run the guest selftests (all, or T=collection:test, or C=collection)
guest-test: selftests
	selftests/guest/vm.sh --timeout $${GUEST_TIMEOUT:-4500} --ktap -- \
		selftests/run_kselftest.sh \
		$(if $(T),-t $(T)) $(if $(C),-c $(C))

# Benchmarks: make bench B=b1|b2|b3|b4|b5|b6|b7|scale|gbcpd|all [RUNS=N] [QUICK=1]
# [WAIT_IDLE=MIN]. run.sh runs on the host, builds what it needs, runs B3
# there, boots one guest per other benchmark and writes
# build/bench/<name>.md and .log (Documentation/benchmarks.md)
bench:
	selftests/bench/run.sh $(or $(B),all) $(if $(RUNS),--runs $(RUNS)) \
		$(if $(QUICK),--quick) $(if $(WAIT_IDLE),--wait-idle $(WAIT_IDLE))

demo:
	@tools/dev/deps.sh --quiet
	@$(MAKE) -s all
	@selftests/guest/vm.sh --quiet -- selftests/demo/demo.sh

check:
	@tools/dev/check.sh

clean:
	-$(MAKE) -s -C $(KDIR) M=$(TOP) clean
	-@for t in $(TOOLS); do $(MAKE) -s -C $$t clean; done
	-$(MAKE) -s -C selftests/unit clean
	-$(MAKE) -s -C selftests/fuzz clean
	rm -rf $(BUILD)/guest $(BUILD)/sparse.log $(BUILD)/w1.log
