/* SPDX-License-Identifier: MIT */
/*
 * The files enable writes and disable removes: a systemd drop-in, a marked
 * block in /etc/default/SERVICE, dnsmasq's /etc/dnsmasq.d/phoneprov.conf.
 * Each is byte for byte what packaging/systemd/, packaging/default/ and
 * contrib/dnsmasq.d/ hold (with the paths of this install), and anything
 * else is not ours: a file that differs was edited, or written by hand, and
 * is left alone.
 */
#include "enable.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"

#define BEGIN_MARK "# phoneprov: begin"
#define END_MARK   "# phoneprov: end"

static void rooted(const opts *o, char *out, size_t len, const char *fmt, const char *name)
{
	char rel[PATH_MAX];
	snprintf(rel, sizeof(rel), fmt, name);
	snprintf(out, len, "%s%s", o->root, rel);
}

/* ---- what enable writes, and telling it apart from anything else ---------- */

static void dropin_text(const opts *o, const char *shim, const char *store, char *out, size_t len)
{
	snprintf(out, len,
	         "# /etc/systemd/system/%s.service.d/phoneprov.conf\n"
	         "%s"
	         "# Apply: systemctl daemon-reload && systemctl restart %s\n"
	         "[Service]\n"
	         "Environment=LD_PRELOAD=%s\n"
	         "Environment=PHONEPROV_CONFIG=%s\n",
	         o->srv->name, o->srv->note, o->srv->name, shim, store);
}

static void block_text(const opts *o, const char *shim, const char *store, char *out, size_t len)
{
	snprintf(out, len,
	         BEGIN_MARK " (added by `phoneprov enable %s`; `phoneprov disable %s` removes it)\n"
	                    "export LD_PRELOAD=%s\n"
	                    "export PHONEPROV_CONFIG=%s\n" END_MARK "\n",
	         o->srv->name, o->srv->name, shim, store);
}

/* contrib/dnsmasq.d/phoneprov.conf, with this hook and TFTP root. */
static void snippet_text(const char *hook, const char *tftp_root, char *out, size_t len)
{
	snprintf(out, len,
	         "# /etc/dnsmasq.d/phoneprov.conf: dnsmasq as the phones' TFTP server, with\n"
	         "# phoneprov synthesising their configuration files.\n"
	         "# Written by `phoneprov enable dnsmasq`; `phoneprov disable dnsmasq` removes\n"
	         "# it, unless it was edited.  Keep your own settings (the end of this file\n"
	         "# shows two) in a file of your own beside it, e.g. /etc/dnsmasq.d/phones.conf.\n"
	         "\n"
	         "# TFTP, from the folder that holds firmware and ring tones (tftp.root in\n"
	         "# the store; dnsmasq does not start without it, so enable creates it).\n"
	         "# Files phoneprov provides need not exist there.\n"
	         "enable-tftp\n"
	         "tftp-root=%s\n"
	         "\n"
	         "# Which DHCP clients are Cisco phones: by the vendor class they send\n"
	         "# (\"Cisco Systems, Inc. IP Phone CP-7940G\": matched as a substring),\n"
	         "# or by a Cisco OUI.\n"
	         "dhcp-vendorclass=set:cisco-phone,IP Phone CP-\n"
	         "dhcp-mac=set:cisco-phone,00:1b:d4:*:*:*\n"
	         "dhcp-mac=set:cisco-phone,00:0f:34:*:*:*\n"
	         "dhcp-mac=set:cisco-phone,00:11:bb:*:*:*\n"
	         "dhcp-mac=set:cisco-phone,00:23:eb:*:*:*\n"
	         "\n"
	         "# Tell those phones where their TFTP server is: option 150 (Cisco's own,\n"
	         "# a list of addresses; 0.0.0.0 means \"this dnsmasq\").\n"
	         "dhcp-option=tag:cisco-phone,150,0.0.0.0\n"
	         "\n"
	         "# Answer phones by broadcast until they have an address: a unicast answer\n"
	         "# makes dnsmasq write the MAC the client claims into the kernel's neighbour\n"
	         "# table, which strict MAC binding trusts.\n"
	         "dhcp-broadcast=tag:cisco-phone\n"
	         "\n"
	         "# The hook: records which phone has which address and what each fetched,\n"
	         "# for `phoneprov status` (and for lenient MAC binding).  Runs as root.\n"
	         "dhcp-script=%s\n"
	         "\n"
	         "# dnsmasq sends these options only with a lease it gives, and it gives\n"
	         "# leases only on a network that has a dhcp-range.  So, in your own file,\n"
	         "# for the phones' network (here 192.0.2.0/24, this machine 192.0.2.1):\n"
	         "#   dhcp-range=192.0.2.100,192.0.2.199,255.255.255.0,12h\n"
	         "# and option 66, the TFTP server's name, which some loads read instead of\n"
	         "# 150 (dnsmasq does not fill in its own address there):\n"
	         "#   dhcp-option=tag:cisco-phone,66,\"192.0.2.1\"\n"
	         "# When another server (a router) hands out the addresses, set options 150\n"
	         "# and 66 there instead; this dnsmasq then serves only TFTP.\n",
	         tftp_root, hook);
}

/* The rest of the first line of text[0..len) that starts with key, into out. */
static int value_of(const char *text, size_t len, const char *key, char *out, size_t outlen)
{
	size_t kl = strlen(key);
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (l >= kl && memcmp(p, key, kl) == 0) {
			if (l - kl >= outlen)
				return 0;
			memcpy(out, p + kl, l - kl);
			out[l - kl] = '\0';
			return 1;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

#define TEXT_MAX (3 * PATH_MAX + 4096)

/* Is text[0..len) the drop-in enable writes, for some shim and store? */
static int dropin_is_ours(const opts *o, const char *text, size_t len)
{
	char shim[PATH_MAX], store[PATH_MAX], want[TEXT_MAX];
	if (!value_of(text, len, "Environment=LD_PRELOAD=", shim, sizeof(shim)) ||
	    !value_of(text, len, "Environment=PHONEPROV_CONFIG=", store, sizeof(store)))
		return 0;
	dropin_text(o, shim, store, want, sizeof(want));
	return strlen(want) == len && memcmp(want, text, len) == 0;
}

/* Is text[0..len) the snippet enable writes, for some hook and TFTP root? */
static int snippet_is_ours(const char *text, size_t len)
{
	char hook[PATH_MAX], root[PATH_MAX], want[TEXT_MAX];
	if (!value_of(text, len, "dhcp-script=", hook, sizeof(hook)) ||
	    !value_of(text, len, "tftp-root=", root, sizeof(root)))
		return 0;
	snippet_text(hook, root, want, sizeof(want));
	return strlen(want) == len && memcmp(want, text, len) == 0;
}

static int line_starts(const char *line, const char *mark)
{
	return strncmp(line, mark, strlen(mark)) == 0;
}

/*
 * text without phoneprov's blocks, into out (as large as text).  A block
 * runs from a begin marker to the next end marker and is, byte for byte,
 * what block_text writes for some shim and store.  0 when every block was
 * ours (*blocks: how many), -1 when one is not: why says which line and
 * what, and out is not to be used.
 */
static int strip_blocks(const opts *o, const char *text, char *out, size_t *outlen, int *blocks,
                        char *why, size_t wlen)
{
	size_t n = 0;
	int lineno = 1;
	*blocks = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (!line_starts(p, BEGIN_MARK)) {
			memcpy(out + n, p, l);
			n += l;
			p += l;
			lineno++;
			continue;
		}
		/* The block: up to and with the next end marker. */
		const char *q = p + l;
		int lines = 1, closed = 0;
		while (*q && !closed) {
			const char *qn = strchr(q, '\n');
			size_t ql = qn ? (size_t)(qn - q) + 1 : strlen(q);
			if (line_starts(q, BEGIN_MARK))
				break;
			closed = line_starts(q, END_MARK);
			q += ql;
			lines++;
		}
		if (!closed) {
			snprintf(why, wlen,
			         "line %d: a \"" BEGIN_MARK "\" line without its \"" END_MARK
			         "\" line",
			         lineno);
			return -1;
		}
		size_t bl = (size_t)(q - p);
		char shim[PATH_MAX], store[PATH_MAX], want[TEXT_MAX];
		int ok = value_of(p, bl, "export LD_PRELOAD=", shim, sizeof(shim)) &&
		         value_of(p, bl, "export PHONEPROV_CONFIG=", store, sizeof(store));
		if (ok) {
			block_text(o, shim, store, want, sizeof(want));
			size_t wl = strlen(want);
			/* The last line of a file may have lost its newline. */
			ok = (wl == bl || (wl == bl + 1 && !*q && p[bl - 1] != '\n')) &&
			     memcmp(want, p, bl) == 0;
		}
		if (!ok) {
			snprintf(
			    why, wlen,
			    "lines %d-%d: the phoneprov block holds lines enable does not write",
			    lineno, lineno + lines - 1);
			return -1;
		}
		(*blocks)++;
		p = q;
		lineno += lines;
	}
	out[n] = '\0';
	*outlen = n;
	return 0;
}

/* ---- the two kinds of init -------------------------------------------------- */

/*
 * disable, for a file that is ours (have: its text, NULL when there is
 * none; freed here): remove it, then dir if given and empty.  1 removed,
 * 0 nothing to do (or, with o->apply 0, it may go ahead), -1 failed.
 */
static int remove_ours(opts *o, char *have, const char *path, const char *dir)
{
	int there = have != NULL;
	free(have);
	if (!there || !o->apply)
		return 0;
	if (unlink(path) != 0)
		return errno == ENOENT ? 0 : enable_fail(o, "cannot remove", path);
	printf("  removed %s\n", path);
	if (dir && rmdir(dir) == 0)
		printf("  removed the empty folder %s\n", dir);
	o->changed = 1;
	return 1;
}

int enable_systemd(opts *o, const store_info *si)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], want[TEXT_MAX];
	rooted(o, dir, sizeof(dir), "/etc/systemd/system/%s.service.d", o->srv->name);
	snprintf(path, sizeof(path), "%s/phoneprov.conf", dir);
	size_t len = 0;
	char *have = file_read(path, &len);
	if (!have && errno != ENOENT)
		return enable_fail(o, "cannot read", path);
	if (have && !dropin_is_ours(o, have, len)) {
		free(have);
		return enable_leave(
		    o, path, "it is not the drop-in phoneprov enable writes (edited since?)",
		    "move any lines of your own to a drop-in of your own, then remove it "
		    "by hand");
	}
	if (!o->enable) {
		int r = remove_ours(o, have, path, dir);
		if (r > 0)
			o->systemd_changed = 1;
		return r < 0 ? -1 : 0;
	}
	dropin_text(o, o->shim, si->path, want, sizeof(want));
	if (have && strcmp(have, want) == 0) {
		free(have);
		if (o->apply)
			printf("  unchanged %s (already enabled)\n", path);
		return 0;
	}
	free(have);
	if (!o->apply)
		return 0;
	if (file_make_dirs(dir) != 0)
		return enable_fail(o, "cannot create", dir);
	if (file_replace(path, want, strlen(want), 0644) != 0)
		return enable_fail(o, "cannot write", path);
	printf("  wrote %s:\n    LD_PRELOAD=%s\n    PHONEPROV_CONFIG=%s\n", path, o->shim,
	       si->path);
	o->changed = o->systemd_changed = 1;
	return 0;
}

int enable_sysv(opts *o, const store_info *si)
{
	char path[PATH_MAX], block[TEXT_MAX], why[256];
	rooted(o, path, sizeof(path), "/etc/default/%s", o->srv->name);
	size_t len = 0;
	char *have = file_read(path, &len);
	if (!have) {
		if (!o->enable && errno == ENOENT)
			return 0;
		if (errno == ENOENT) {
			fprintf(stderr,
			        "%s: enable: there is no %s: is %s installed?  (With systemd, "
			        "--init systemd writes a drop-in instead.)\n",
			        o->c->prog, path, o->srv->name);
			return -1;
		}
		return enable_fail(o, "cannot read", path);
	}
	block_text(o, o->shim, si->path, block, sizeof(block));
	char *out = malloc(len + strlen(block) + 2);
	if (!out) {
		free(have);
		return enable_fail(o, "out of memory for", path);
	}
	size_t n = 0;
	int blocks = 0, rc = 0;
	if (strip_blocks(o, have, out, &n, &blocks, why, sizeof(why)) != 0) {
		rc = enable_leave(o, path, why, "remove the phoneprov lines by hand");
		free(out);
		free(have);
		return rc;
	}
	if (o->enable) {
		if (n > 0 && out[n - 1] != '\n')
			out[n++] = '\n';
		strcpy(out + n, block);
		n += strlen(block);
	}
	if (!o->apply) {
		/* nothing to do yet */
	} else if (n == len && memcmp(out, have, n) == 0) {
		if (o->enable)
			printf("  unchanged %s (already enabled)\n", path);
	} else if (file_replace(path, out, n, 0644) != 0) {
		rc = enable_fail(o, "cannot write", path);
	} else if (o->enable) {
		printf("  added to %s:\n    export LD_PRELOAD=%s\n    export PHONEPROV_CONFIG=%s\n",
		       path, o->shim, si->path);
		o->changed = o->sysv_changed = 1;
	} else {
		printf("  removed the phoneprov lines from %s\n", path);
		o->changed = o->sysv_changed = 1;
	}
	free(out);
	free(have);
	return rc;
}

/* ---- dnsmasq's own configuration ---------------------------------------------- */

int enable_snippet(opts *o, const store_info *si)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], want[TEXT_MAX];
	rooted(o, dir, sizeof(dir), "%s", "/etc/dnsmasq.d");
	snprintf(path, sizeof(path), "%s/phoneprov.conf", dir);
	if (o->enable && !file_is_dir(dir)) {
		fprintf(stderr,
		        "%s: enable: there is no %s: is dnsmasq installed?  (dnsmasq-base alone "
		        "has no service; run it with phoneprov exec.)\n",
		        o->c->prog, dir);
		return -1;
	}
	size_t len = 0;
	char *have = file_read(path, &len);
	if (!have && errno != ENOENT)
		return enable_fail(o, "cannot read", path);
	if (have && !snippet_is_ours(have, len)) {
		free(have);
		return enable_leave(
		    o, path,
		    o->enable ? "it is not the file phoneprov enable writes (a copy made by "
		                "hand?)"
		              : "it is not the file phoneprov enable writes (edited since?)",
		    "move the lines you need to a file of your own in that folder, remove "
		    "it" /* the hook it names goes away with phoneprov */
		    ", and run this again");
	}
	if (!o->enable)
		return remove_ours(o, have, path, NULL) < 0 ? -1 : 0;
	snippet_text(o->hook, si->tftp_root, want, sizeof(want));
	int same = have && strcmp(have, want) == 0;
	free(have);
	if (!o->apply)
		return 0;
	if (same) {
		printf("  unchanged %s\n", path);
		return 0;
	}
	if (file_replace(path, want, strlen(want), 0644) != 0)
		return enable_fail(o, "cannot write", path);
	printf("  wrote %s:\n    enable-tftp, tftp-root=%s, option 150 for Cisco phones,\n"
	       "    dhcp-script=%s\n    (a dhcp-range and option 66 are yours to add: see its "
	       "end)\n",
	       path, si->tftp_root, o->hook);
	o->changed = 1;
	return 0;
}
