# SPDX-License-Identifier: MIT
# ---- libFuzzer targets -------------------------------------------------------
# tests/fuzz/fuzz_TARGET.c, built with clang under libFuzzer, ASan and UBSan
# into build/fuzz/fuzz_TARGET.  The library sources are compiled into each
# fuzzer with the same flags (build/fuzz/obj), except lib/arena.c, which is
# replaced by tests/sanitize/arena.c: one malloc per allocation, so ASan sees
# the bounds of every string and array of a loaded store.
#
#   make fuzz [SECONDS=60]   each target for SECONDS, one after the other
#   make fuzz-smoke          each target for 20 s (CI), after replaying
#                            tests/fuzz/regress/TARGET/*
#   make fuzz-build          just build
# Details, corpus and crash locations: tests/fuzz/run.sh.
FUZZ_CC       ?= clang
FUZZ_TARGETS   = names store render sip pjsip
FUZZ_SAN       = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS    = $(WARN) -D_GNU_SOURCE -Iinclude -Ilib -Itests/fuzz -g -O1 $(FUZZ_SAN)
FUZZ_SRCS      = $(filter-out lib/arena.c,$(LIB_SRCS)) tests/sanitize/arena.c \
                 tests/sanitize/defaults.c tests/fuzz/common.c tests/fuzz/wellformed.c
FUZZ_OBJS      = $(FUZZ_SRCS:%.c=$(B)/fuzz/obj/%.o)
FUZZ_BINS      = $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%)
SECONDS       ?= 60

.PHONY: fuzz fuzz-build fuzz-smoke

$(B)/fuzz/obj/%.o: %.c $(wildcard include/*.h lib/*.h tests/fuzz/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(B)/fuzz/fuzz_%: $(B)/fuzz/obj/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(PP_LDLIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	@B=$(B) sh tests/fuzz/run.sh $(SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@B=$(B) sh tests/fuzz/run.sh 20 $(FUZZ_TARGETS)

# The objects are intermediate files of the pattern rules above: keep them.
.SECONDARY: $(FUZZ_OBJS) $(FUZZ_TARGETS:%=$(B)/fuzz/obj/tests/fuzz/fuzz_%.o)
