# SPDX-License-Identifier: MIT
# ---- the unit tests under ASan and UBSan -----------------------------------
# The library and every tests/unit/test_*.c, built with clang and
# -fsanitize=address,undefined -fno-sanitize-recover=all into build/asan/,
# run through tests/run.sh (cmocka output, then its summary line).  Any
# sanitizer report makes that test binary exit non-zero, which tests/run.sh
# counts as a failure.
#   - lib/arena.c is replaced by tests/sanitize/arena.c (one malloc per
#     allocation): the real arena hands out pieces of big mmap'd blocks,
#     inside which ASan sees no bounds.  ASAN_ARENA=lib/arena.c builds the
#     real one instead.
#   - tests/sanitize/defaults.c carries the runtime defaults and the
#     (libconfig-only) leak suppressions.
#
#   make unit-asan          build and run them (about 10 s once built)
#   make unit-asan-build    just build them ($(ASAN_UNIT_BINS))
ASAN_CC        ?= clang
ASAN_ARENA     ?= tests/sanitize/arena.c
ASAN_SAN        = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS     = $(WARN) -D_GNU_SOURCE -Iinclude -Ilib -g -O1 $(ASAN_SAN)
ASAN_LIB_SRCS   = $(filter-out lib/arena.c,$(LIB_SRCS)) $(ASAN_ARENA)
ASAN_LIB_OBJS   = $(ASAN_LIB_SRCS:%.c=$(B)/asan/obj/%.o)
ASAN_HELP_OBJS  = $(UNIT_HELP:%.c=$(B)/asan/obj/%.o) $(B)/asan/obj/tests/sanitize/defaults.o
ASAN_UNIT_BINS  = $(UNIT_SRCS:tests/unit/%.c=$(B)/asan/tests/%)

.PHONY: unit-asan unit-asan-build

$(ASAN_LIB_OBJS) $(ASAN_HELP_OBJS): $(B)/asan/obj/%.o: %.c $(wildcard include/*.h lib/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(ASAN_CFLAGS) -Itests/unit -c -o $@ $<

$(B)/asan/libphoneprov.a: $(ASAN_LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/asan/tests/%: tests/unit/%.c $(ASAN_HELP_OBJS) $(B)/asan/libphoneprov.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(ASAN_CFLAGS) -Wno-pedantic -Itests/unit $(LDFLAGS) -o $@ $< $(ASAN_HELP_OBJS) \
		$(B)/asan/libphoneprov.a $(PP_LDLIBS) -lcmocka

unit-asan-build: $(ASAN_UNIT_BINS)

unit-asan: $(ASAN_UNIT_BINS)
	@PP_UNIT_ONLY=1 sh tests/run.sh $(ASAN_UNIT_BINS)
