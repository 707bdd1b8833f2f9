# SPDX-License-Identifier: MIT
# ---- the Debian package -----------------------------------------------------
#   make deb               phoneprov, libphoneprov0 and libphoneprov-dev
#                          .debs for this machine, in build/deb/
#   make deb ARCH=arm64    the same cross-built for a Pi, in build/deb-arm64/
#                          (needs packaging/deps.sh cross arm64 first)
#
# Installs what is missing as root (packaging/deps.sh deb), copies the tree
# (without build/ and .git) to build/deb/src with packaging/debian as its
# debian/, runs dpkg-buildpackage -b -uc -us there, then lintian, which must
# find no error.  Then: sudo apt install ./build/deb/phoneprov_*.deb
DEB_B       = build/deb$(if $(ARCH),-$(ARCH))
DEB_LINTIAN = lintian --fail-on error --tag-display-limit 0

.PHONY: deb deb-deps

deb-deps:
	@sh packaging/deps.sh deb

# `sudo make deb` must not leave root's files in build/, or a later plain
# `make` cannot write there: as root, whatever this target created (build/
# itself and $(DEB_B)) goes to the owner of the source tree, built or not.
DEB_OWNER = "$$(stat -c %u:%g '$(CURDIR)')"
DEB_CHOWN = if [ "$$(id -u)" = 0 ] && [ "$$(stat -c %u '$(CURDIR)')" != 0 ]; then \
		chown $(DEB_OWNER) '$(CURDIR)/build' && chown -R $(DEB_OWNER) '$(CURDIR)/$(DEB_B)'; fi

deb: deb-deps
	rm -rf $(DEB_B)
	mkdir -p $(DEB_B)/src
	tar -cf - --exclude=./build --exclude=./.git . | tar -xf - -C $(DEB_B)/src
	rm -rf $(DEB_B)/src/debian
	cp -R packaging/debian $(DEB_B)/src/debian
	cd $(DEB_B)/src && dpkg-buildpackage -b -uc -us \
		$(if $(ARCH),-a$(ARCH) -Pnocheck) >../build.log 2>&1 || \
		{ tail -n 40 ../build.log; $(DEB_CHOWN); echo "make deb: dpkg-buildpackage failed; the whole log is $(DEB_B)/build.log" >&2; exit 1; }
	@$(DEB_CHOWN)
	@ls -1 $(DEB_B)/*.deb
	@if command -v lintian >/dev/null 2>&1; then \
		echo "lintian $(DEB_B)/*.changes"; \
		$(DEB_LINTIAN) $(DEB_B)/*.changes; \
	else \
		echo "make deb: lintian is not installed; not checked" >&2; \
	fi
