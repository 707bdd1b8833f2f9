# SPDX-License-Identifier: MIT
# ---- make bench --------------------------------------------------------------
# tests/bench/run.sh: each benchmark figure (tests/bench/RESULTS.md lists
# them) as a ratio against a baseline measured in the same run (median of
# BENCH_ROUNDS interleaved rounds, at least 5), into build/bench/results.md.
# Not part of make check.  The server figures need root (network
# namespaces, dnsmasq's port 69).
#
#   make bench [BENCH_ROUNDS=5]
#   make bench-build          just the helpers in build/bench/
BENCH_BINS = $(B)/bench/tftpbench $(B)/bench/storebench $(B)/bench/shimbench $(B)/bench/dnsbench $(B)/bench/dhcpbench

.PHONY: bench bench-build

bench: all $(BENCH_BINS)
	@BENCH_ROUNDS="$(BENCH_ROUNDS)" CC="$(CC)" sh tests/bench/run.sh

bench-build: $(BENCH_BINS)

# The TFTP and DNS clients and the stand-in server: plain C, no library.
$(B)/bench/tftpbench $(B)/bench/shimbench $(B)/bench/dnsbench $(B)/bench/dhcpbench: $(B)/bench/%: tests/bench/%.c tests/bench/latency.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -D_GNU_SOURCE $(CFLAGS) $(LDFLAGS) -o $@ $<

# Library internals (lib/model.h) for classify + lookup: linked statically.
$(B)/bench/storebench: tests/bench/storebench.c $(B)/libphoneprov.a $(wildcard include/*.h lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(PP_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libphoneprov.a $(PP_LDLIBS)
