# SPDX-License-Identifier: MIT
# ---- the systemd path unit behind `phoneprov notify --changed` (issue 11) ---
#   SYSTEMDUNITDIR/phoneprov-notify.path, phoneprov-notify.service
# Installed, never enabled (the Debian package too: packaging/debian/rules);
# README "Push an edit to the phones" says how to turn it on.
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
PP_UNITS        = phoneprov-notify.path phoneprov-notify.service

.PHONY: install-units uninstall-units
install: install-units
uninstall: uninstall-units

install-units:
	$(INSTALL) -d $(DESTDIR)$(SYSTEMDUNITDIR)
	for u in $(PP_UNITS); do \
		$(PP_SUBST) packaging/systemd/$$u >$(DESTDIR)$(SYSTEMDUNITDIR)/$$u && \
		chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u || exit 1; \
	done

uninstall-units:
	rm -f $(PP_UNITS:%=$(DESTDIR)$(SYSTEMDUNITDIR)/%)
	-rmdir $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(PREFIX)/lib/systemd 2>/dev/null
