# SPDX-License-Identifier: MIT
# ---- cross builds for a Raspberry Pi ----------------------------------------
#   make cross ARCH=arm64     64-bit Raspberry Pi OS, Debian arm64
#   make cross ARCH=armhf     32-bit Raspberry Pi OS, Debian armhf
#
# Installs what is missing as root (packaging/deps.sh cross: Debian's
# crossbuild-essential-ARCH, multiarch libconfig-dev, libacl1-dev and
# libcmocka-dev, qemu-user), builds everything and the unit tests into build/ARCH/ with
# Debian's cross compiler, runs the unit tests under qemu-user (each bounded
# to 10 minutes; the network-namespace tests, whose forked children can hang
# in qemu-user, and one threaded store test that spins there, are skipped
# under it and run natively in make check), then
# tests/packaging/cross.t.sh: the shim on that ABI under qemu, and on armhf a
# probe built with _TIME_BITS=64 (Debian 13's armhf, so Raspberry Pi OS),
# whose recvmsg is __recvmsg64.
CROSS_TRIPLET_arm64 = aarch64-linux-gnu
CROSS_TRIPLET_armhf = arm-linux-gnueabihf
CROSS_QEMU_arm64    = qemu-aarch64
CROSS_QEMU_armhf    = qemu-arm
CROSS_TRIPLET       = $(CROSS_TRIPLET_$(ARCH))
CROSS_QEMU          = $(CROSS_QEMU_$(ARCH))
CROSS_B             = build/$(ARCH)
CROSS_UNITS         = $(UNIT_SRCS:tests/unit/%.c=%)

.PHONY: cross cross-deps cross-build cross-unit-bins

cross-deps:
	@$(if $(CROSS_TRIPLET),,echo "make cross: ARCH=arm64 or ARCH=armhf" >&2; exit 2)
	@sh packaging/deps.sh cross $(ARCH)

# Inside the sub-make (B=build/ARCH): the unit test binaries of this B.
cross-unit-bins: $(UNIT_BINS)

cross-build: cross-deps
	@$(MAKE) --no-print-directory B=$(CROSS_B) CC=$(CROSS_TRIPLET)-gcc \
		AR=$(CROSS_TRIPLET)-ar all cross-unit-bins
	@mkdir -p $(CROSS_B)/qemu
	@for t in $(CROSS_UNITS); do \
		printf '#!/bin/sh\nPP_UNDER_QEMU=1 exec timeout 600 %s -L /usr/%s "$$(dirname "$$0")/../tests/%s" "$$@"\n' \
			$(CROSS_QEMU) $(CROSS_TRIPLET) $$t >$(CROSS_B)/qemu/$$t; \
		chmod 755 $(CROSS_B)/qemu/$$t; \
	done

cross: cross-build
	@echo "== $(ARCH): unit tests under $(CROSS_QEMU)"
	@PP_UNIT_ONLY=1 sh tests/run.sh $(CROSS_UNITS:%=$(CROSS_B)/qemu/%)
	@echo "== $(ARCH): the shim under $(CROSS_QEMU)"
	@PP_CROSS_ARCH=$(ARCH) sh tests/packaging/cross.t.sh >$(CROSS_B)/cross.t.out 2>&1; \
		rc=$$?; cat $(CROSS_B)/cross.t.out; \
		if [ $$rc != 0 ] || grep -q '^not ok' $(CROSS_B)/cross.t.out; then exit 1; fi
