/* SPDX-License-Identifier: MIT */
/*
 * What phoneprov uses when the store does not say: the one place each
 * default is written.  The build may choose others: `make install
 * STATEDIR=... LEASES=...` writes them to build/gen/pp_paths.h, which the
 * Makefile force-includes into lib/ and tools/ before this file, so its
 * values win.  mk/install.mk takes its own STATEDIR and LEASES defaults from
 * here, so a plain build and a plain install agree.  (The sanitizer and fuzz
 * builds do not include pp_paths.h and use these.)
 */
#ifndef PP_DEFAULTS_H
#define PP_DEFAULTS_H

/* state_dir: the folder of the audit journal. */
#ifndef PP_STATEDIR
#define PP_STATEDIR "/var/lib/phoneprov"
#endif

/* security.leases: dnsmasq's lease file, where IP -> MAC comes from. */
#ifndef PP_LEASES
#define PP_LEASES "/var/lib/misc/dnsmasq.leases"
#endif

/* tftp.root: the TFTP root, for the hooks and check. */
#ifndef PP_TFTP_ROOT
#define PP_TFTP_ROOT "/srv/tftp"
#endif

/* asterisk.pjsip: Asterisk's PJSIP configuration, for lines that name an endpoint. */
#ifndef PP_PJSIP_CONF
#define PP_PJSIP_CONF "/etc/asterisk/pjsip.conf"
#endif

/* security.mac_binding. */
#define PP_MAC_BINDING "strict"

#endif
