# SPDX-License-Identifier: MIT
# phoneprov: plain GNU make.  Variables you may well want to override:
CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
PREFIX  ?= /usr/local
DESTDIR ?=

# Below here you should not need to change anything.
BINDIR     = $(PREFIX)/bin
LIBDIR     = $(PREFIX)/lib
INCDIR     = $(PREFIX)/include
SONAME     = libphoneprov.so.0
B          = build

WARN       = -std=c11 -Wall -Wextra -Wpedantic -Werror
PP_CFLAGS  = $(WARN) -D_GNU_SOURCE -fPIC -fvisibility=hidden -Iinclude -Ilib $(CFLAGS)
PP_LDLIBS  = -lconfig
TOOL_LDLIBS = -lacl # the command alone: enable's ACL entries (tools/facl.c)

LIB_SRCS   = $(sort $(wildcard lib/*.c))
LIB_OBJS   = $(LIB_SRCS:%.c=$(B)/obj/%.o)
TOOL_SRCS  = $(sort $(wildcard tools/*.c))
TOOL_OBJS  = $(TOOL_SRCS:%.c=$(B)/obj/%.o)
UNIT_SRCS  = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  = $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
UNIT_HELP  = $(filter-out $(UNIT_SRCS),$(sort $(wildcard tests/unit/*.c)))

.PHONY: all deps check test unit clean install demo
.DEFAULT_GOAL := all

all: $(B)/libphoneprov.so $(B)/libphoneprov.a $(B)/phoneprov $(B)/libphoneprov-preload.so \
     $(B)/phoneprov-dhcp-script

$(B)/obj/%.o: %.c $(wildcard include/*.h lib/*.h tools/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(PP_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libphoneprov.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/libphoneprov.so: $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $(B)/$(SONAME) $^ $(PP_LDLIBS)
	ln -sf $(SONAME) $@

$(B)/phoneprov: $(TOOL_OBJS) $(B)/libphoneprov.a
	$(CC) $(LDFLAGS) -o $@ $(TOOL_OBJS) $(B)/libphoneprov.a $(PP_LDLIBS) $(TOOL_LDLIBS)

$(B)/tests/%: tests/unit/%.c $(UNIT_HELP) $(B)/libphoneprov.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(PP_CFLAGS) -Wno-pedantic -Itests/unit $(LDFLAGS) -o $@ $< $(UNIT_HELP) \
		$(B)/libphoneprov.a $(PP_LDLIBS) -lcmocka

# dnsmasq's --dhcp-script: leases and completed transfers into the journal.
$(B)/phoneprov-dhcp-script: $(B)/obj/hooks/dhcp-script.o $(B)/libphoneprov.a
	$(CC) $(LDFLAGS) -o $@ $< $(B)/libphoneprov.a $(PP_LDLIBS)

# Installs missing Debian packages as root; otherwise prints the apt-get line.
deps:
	@sh tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory test

# The unit tests also run under ASan and UBSan (mk/sanitize.mk).
test: all $(UNIT_BINS)
	@$(MAKE) --no-print-directory unit-asan-build && sh tests/run.sh $(UNIT_BINS) $(ASAN_UNIT_BINS)

# The cmocka tests alone (no servers, no root).
unit: all $(UNIT_BINS)
	@PP_UNIT_ONLY=1 sh tests/run.sh $(UNIT_BINS)

clean:
	rm -rf $(B)

# ---- LD_PRELOAD shim and demo ----------------------------------------------
# build/libphoneprov-preload.so: the hooks/preload*.c wrappers with the
# library's objects linked in, so LD_PRELOAD works without ldconfig.  Only
# the wrapped libc functions are exported (hooks/preload_symbols.h).
PRELOAD_SRCS = $(sort $(wildcard hooks/preload*.c))
PRELOAD_OBJS = $(PRELOAD_SRCS:%.c=$(B)/obj/%.o)

$(PRELOAD_OBJS): $(B)/obj/%.o: %.c $(wildcard include/*.h hooks/preload*.h)
	@mkdir -p $(dir $@)
	$(CC) $(PP_CFLAGS) -MMD -MP -c -o $@ $<

# The version script, from the one list of wrapped symbols.
$(B)/gen/preload.map: hooks/preload.map.in hooks/preload_symbols.h
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -Ihooks -o $@ $<

$(B)/libphoneprov-preload.so: $(PRELOAD_OBJS) $(B)/libphoneprov.a $(B)/gen/preload.map
	$(CC) -shared -pthread -Wl,--version-script=$(B)/gen/preload.map -Wl,-z,defs \
		-Wl,-z,now -Wl,-z,relro $(LDFLAGS) -o $@ $(PRELOAD_OBJS) $(B)/libphoneprov.a \
		$(PP_LDLIBS) -ldl

# Needs root (chroot, user switch): sudo make demo.  The script installs
# what is missing, builds, and runs in.tftpd on 127.0.0.1.
demo:
	@MAKE="$(MAKE)" sh tools/demo.sh

# What each object includes, as the compiler saw it (-MMD -MP above): a
# header change rebuilds every object that uses it, the shim's too.
-include $(wildcard $(B)/obj/*/*.d)

# ---- more targets, one file per concern (fuzz, bench, install, deb, cross) --
include $(sort $(wildcard mk/*.mk))
