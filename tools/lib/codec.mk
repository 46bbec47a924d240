# SPDX-License-Identifier: GPL-2.0
#
# The build of a codec library, included by tools/libgbcp/Makefile and
# tools/libpmip/Makefile (run in their own folder) after they set
#
#   CODEC  the codec: builds lib$(CODEC).a and test/$(CODEC)_pcapgen
#   SRCS   the library's sources
#   HDRS   the library's headers
#
# and then have their own rule
#
#   test: $(LIBA) $(PCAPGEN)
#	$(TSHARK_TEST)
#
# which builds the pcap generator test/$(CODEC)_pcapgen.c (linked with the
# shared pcap helpers of ../lib) and checks it with test/tshark.sh.

ifeq ($(origin CC),default)
CC := gcc
endif
AR ?= ar

CFLAGS ?= -O2 -g
override CFLAGS += -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE

TOOLS_LIB := ../lib

LIBA := lib$(CODEC).a
OBJS := $(SRCS:.c=.o)
HDRS += $(TOOLS_LIB)/be_bytes.h

PCAPGEN := test/$(CODEC)_pcapgen
PCAPGEN_SRCS := test/$(CODEC)_pcapgen.c $(TOOLS_LIB)/pcapgen_util.c
PCAPGEN_HDRS := $(wildcard test/*.h) $(TOOLS_LIB)/pcapgen_util.h
TEST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I. \
	-I$(TOOLS_LIB) -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

.PHONY: all clean test

all: $(LIBA)

$(LIBA): $(OBJS)
	rm -f $@
	$(AR) rcs $@ $(OBJS)

%.o: %.c $(HDRS)
	$(CC) $(CFLAGS) -c -o $@ $<

# built from the sources (with sanitizers), not from the library
$(PCAPGEN): $(PCAPGEN_SRCS) $(PCAPGEN_HDRS) $(SRCS) $(HDRS)
	$(CC) $(TEST_CFLAGS) -o $@ $(PCAPGEN_SRCS) $(SRCS)

# what the including Makefile's own "test:" rule runs (it stays there:
# CI finds the tools with tests by a "^test:" line in their Makefile)
TSHARK_TEST := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	test/tshark.sh ./$(PCAPGEN)

clean:
	rm -f $(LIBA) $(OBJS) $(PCAPGEN) test/*.pcap test/*.expect
