/*
 * phoneprov enable|disable tftpd-hpa|dnsmasq: preload the shim into a
 * server's service in one step, or stop doing so.
 *
 * With systemd (/run/systemd/system exists) enable writes a drop-in,
 * /etc/systemd/system/SERVICE.service.d/phoneprov.conf, that sets
 * LD_PRELOAD and PHONEPROV_CONFIG; without it, it appends a marked block
 * that exports both to /etc/default/SERVICE, which the init script sources.
 * For dnsmasq it also writes /etc/dnsmasq.d/phoneprov.conf (its TFTP
 * server, option 150 for Cisco phones, the hook), creates the TFTP root
 * that names (dnsmasq does not start without it), gives dnsmasq's user (and
 * no one else) read access to the store with a POSIX ACL entry, and write
 * access to the journal's folder, which must be phoneprov's own.  disable
 * undoes all of it, for both kinds of init.  Neither ever restarts a
 * server: both print what they changed and the command that applies it.
 *
 * Both remove exactly what enable added.  A drop-in, snippet or block that
 * is not byte for byte what enable writes (for some shim, store, hook and
 * TFTP root) was edited, or is not ours: enable refuses to replace it and
 * changes nothing; disable leaves it, says so and exits 1.  ACL entries
 * change no one else's effective rights: enable refuses where the mask
 * would have to widen for another entry, and disable narrows the mask only
 * to what the remaining entries hold.
 *
 * The files written are byte for byte those in packaging/systemd/,
 * packaging/default/ and contrib/dnsmasq.d/ (with the paths of this install).
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "journal.h"

#ifndef PP_PRELOAD_PATH
#define PP_PRELOAD_PATH "/usr/local/lib/phoneprov/libphoneprov-preload.so"
#endif

typedef struct server {
	const char *name;  /* the service, and the argument */
	const char *note;  /* the drop-in's comment, after its first line */
	const char *owner; /* the user dnsmasq re-reads the store as, or NULL */
} server;

static const server servers[] = {
    {"tftpd-hpa",
     "# Written by `phoneprov enable tftpd-hpa`; `phoneprov disable tftpd-hpa`\n"
     "# removes it.  Preloads the phoneprov shim into in.tftpd, which then serves\n"
     "# the files the store provides.  The init script's shell and\n"
     "# start-stop-daemon carry the variable too; the shim stays inert in them.\n",
     NULL},
    {"dnsmasq",
     "# Written by `phoneprov enable dnsmasq`; `phoneprov disable dnsmasq`\n"
     "# removes it.  Preloads the phoneprov shim into dnsmasq, whose TFTP server\n"
     "# then serves the files the store provides.  The init script's shell\n"
     "# carries the variable too; the shim stays inert in it.\n",
     "dnsmasq"},
};

enum init { INIT_AUTO, INIT_SYSTEMD, INIT_SYSV };

typedef struct opts {
	cli *c;
	int enable;
	const server *srv;
	const char *root; /* "" for / */
	enum init init;
	const char *shim;
	const char *user;
	char hook[PATH_MAX]; /* phoneprov-dhcp-script, beside the shim */
	int apply;           /* 0: only check that every step may go ahead */
	int changed;
	int left;                          /* disable: something was left alone */
	int systemd_changed, sysv_changed; /* which init's files changed */
} opts;

#define BEGIN_MARK "# phoneprov: begin"
#define END_MARK   "# phoneprov: end"

/* ---- files ---------------------------------------------------------------- */

static void rooted(const opts *o, char *out, size_t len, const char *fmt, const char *name)
{
	char rel[PATH_MAX];
	snprintf(rel, sizeof(rel), fmt, name);
	snprintf(out, len, "%s%s", o->root, rel);
}

/* The whole of path into a malloc'd, NUL-terminated buffer; NULL with errno. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 4096) {
			char *nb = realloc(buf, cap + 65536);
			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * Replace path with data, atomically: a new file beside it, renamed over
 * it.  Keeps an existing file's owner and mode; a new one gets mode.
 */
static int write_file(const char *path, const char *data, size_t len, mode_t mode)
{
	char tmp[PATH_MAX + 16];
	struct stat st;
	int have = stat(path, &st) == 0;
	snprintf(tmp, sizeof(tmp), "%s.phoneprov-new", path);
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	int ok = 1;
	for (size_t off = 0; ok && off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		off += w > 0 ? (size_t)w : 0;
	}
	if (ok && have && fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM)
		ok = 0;
	if (ok && fchmod(fd, have ? st.st_mode & 07777 : mode) != 0)
		ok = 0;
	if (ok && fsync(fd) != 0)
		ok = 0;
	int e = errno;
	if (close(fd) != 0 && ok) {
		ok = 0;
		e = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = 0;
		e = errno;
	}
	if (!ok) {
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

/* mkdir -p, each new folder 0755. */
static int make_dirs(const char *path)
{
	char buf[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char was = *p;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = was;
		if (was == '\0')
			return 0;
	}
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int fail(const opts *o, const char *what, const char *path)
{
	fprintf(stderr, "%s: %s: %s %s: %s%s\n", o->c->prog, o->enable ? "enable" : "disable", what,
	        path, strerror(errno),
	        errno == EACCES || errno == EPERM ? " (run it as root)" : "");
	return -1;
}

/* ---- POSIX ACLs, as the kernel keeps them in system.posix_acl_access -------- */

#define ACL_XATTR   "system.posix_acl_access"
#define ACL_VERSION 2
#define ACL_MAX     128
enum { A_USER_OBJ = 1, A_USER = 2, A_GROUP_OBJ = 4, A_GROUP = 8, A_MASK = 16, A_OTHER = 32 };

typedef struct ace {
	unsigned tag, perm;
	uint32_t id;
} ace;

static uint32_t get_le(const unsigned char *p, int n)
{
	uint32_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_le(unsigned char *p, uint32_t v, int n)
{
	for (int i = 0; i < n; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

/* The file's ACL; a file without one gets the three entries its mode means. */
static int acl_get(const char *path, ace *a, size_t *n, int *extended)
{
	unsigned char buf[4 + 8 * ACL_MAX];
	ssize_t len = getxattr(path, ACL_XATTR, buf, sizeof(buf));
	*extended = len >= 0;
	if (len < 0) {
		struct stat st;
		if ((errno != ENODATA && errno != ENOTSUP) || stat(path, &st) != 0)
			return -1;
		a[0] = (ace){A_USER_OBJ, (st.st_mode >> 6) & 7, 0};
		a[1] = (ace){A_GROUP_OBJ, (st.st_mode >> 3) & 7, 0};
		a[2] = (ace){A_OTHER, st.st_mode & 7, 0};
		*n = 3;
		return 0;
	}
	if (len < 4 || (len - 4) % 8 != 0 || get_le(buf, 4) != ACL_VERSION) {
		errno = EINVAL;
		return -1;
	}
	*n = (size_t)(len - 4) / 8;
	for (size_t i = 0; i < *n; i++) {
		const unsigned char *p = buf + 4 + 8 * i;
		a[i] = (ace){get_le(p, 2), get_le(p + 2, 2), get_le(p + 4, 4)};
	}
	return 0;
}

static int ace_order(const void *x, const void *y)
{
	const ace *a = x, *b = y;
	if (a->tag != b->tag)
		return a->tag < b->tag ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Entries whose rights the mask limits: named users and groups, the owning group. */
static int group_class(const ace *e)
{
	return e->tag == A_USER || e->tag == A_GROUP || e->tag == A_GROUP_OBJ;
}

static size_t acl_find(const ace *a, size_t n, unsigned tag, uint32_t id)
{
	size_t i;
	for (i = 0; i < n && !(a[i].tag == tag && (tag != A_USER || a[i].id == id)); i++)
		;
	return i;
}

static int acl_put(const char *path, ace *a, size_t n)
{
	unsigned char buf[4 + 8 * ACL_MAX];
	qsort(a, n, sizeof(*a), ace_order);
	put_le(buf, ACL_VERSION, 4);
	for (size_t i = 0; i < n; i++) {
		unsigned char *p = buf + 4 + 8 * i;
		put_le(p, a[i].tag, 2);
		put_le(p + 2, a[i].perm, 2);
		put_le(p + 4, a[i].tag == A_USER || a[i].tag == A_GROUP ? a[i].id : UINT32_MAX, 4);
	}
	return setxattr(path, ACL_XATTR, buf, 4 + 8 * n, 0);
}

static void perm_text(unsigned perm, char out[4])
{
	out[0] = perm & 4 ? 'r' : '-';
	out[1] = perm & 2 ? 'w' : '-';
	out[2] = perm & 1 ? 'x' : '-';
	out[3] = '\0';
}

/* An entry as getfacl names it: "group:staff", "user:bob", "the owning group". */
static void ace_name(const ace *e, char *out, size_t len)
{
	if (e->tag == A_GROUP_OBJ) {
		snprintf(out, len, "the owning group");
	} else if (e->tag == A_GROUP) {
		struct group *g = getgrgid(e->id);
		snprintf(out, len, "group:%s", g ? g->gr_name : "?");
		if (!g)
			snprintf(out, len, "group:%lu", (unsigned long)e->id);
	} else {
		struct passwd *u = getpwuid(e->id);
		if (u)
			snprintf(out, len, "user:%s", u->pw_name);
		else
			snprintf(out, len, "user:%lu", (unsigned long)e->id);
	}
}

/*
 * Give uid perm (4 r, 2 w, 1 x) on path, changing no one else's effective
 * rights.  A file without an ACL gets the mask setfacl computes (the group
 * class's union: no one gains, since no mask limited anyone).  A file with
 * one keeps its mask, widened only by perm; when that would let another
 * entry use rights the old mask held back, nothing changes: -2, and why
 * says who would gain what.  With apply 0 it only says what it would do.
 * 1 changed (or would), 0 it had it, -1 error (errno).
 */
static int acl_grant(const char *path, uid_t uid, unsigned perm, int apply, char *why, size_t wlen)
{
	ace a[ACL_MAX + 2];
	size_t n;
	int ext;
	if (acl_get(path, a, &n, &ext) != 0)
		return -1;
	size_t i = acl_find(a, n, A_USER, (uint32_t)uid), m = acl_find(a, n, A_MASK, 0);
	int has_mask = m < n;
	unsigned old_mask = has_mask ? a[m].perm : 7;
	if (i < n && (a[i].perm & perm) == perm && (old_mask & perm) == perm)
		return 0;
	if (i == n) {
		if (n >= ACL_MAX) {
			errno = E2BIG;
			return -1;
		}
		a[n++] = (ace){A_USER, 0, (uint32_t)uid};
	}
	a[i].perm |= perm;
	unsigned new_mask = 0;
	if (has_mask) {
		new_mask = old_mask | perm;
		for (size_t k = 0; k < n; k++) {
			unsigned gain = a[k].perm & ~old_mask & new_mask;
			if (k == i || !group_class(&a[k]) || !gain)
				continue;
			char who[64], was[4], now[4];
			ace_name(&a[k], who, sizeof(who));
			perm_text(a[k].perm & old_mask, was);
			perm_text(a[k].perm & new_mask, now);
			snprintf(
			    why, wlen,
			    "its ACL mask would have to widen, and %s would get %s where it has %s",
			    who, now, was);
			return -2;
		}
	} else {
		for (size_t k = 0; k < n; k++)
			if (group_class(&a[k]))
				new_mask |= a[k].perm;
		m = n++;
	}
	a[m] = (ace){A_MASK, new_mask, 0};
	if (!apply)
		return 1;
	return acl_put(path, a, n) == 0 ? 1 : -1;
}

/*
 * Take uid's entry off path.  Other entries keep their effective rights:
 * the mask only narrows, to what the remaining group class holds.  When no
 * named entry is left, the ACL goes, and the mode is what the entries
 * allowed (the owning group's bits as the mask limited them).  1 changed,
 * 0 none, -1 error.
 */
static int acl_revoke(const char *path, uid_t uid)
{
	ace a[ACL_MAX + 2];
	size_t n, i, k = 0, named = 0;
	int ext, found = 0;
	if (acl_get(path, a, &n, &ext) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!ext)
		return 0;
	unsigned mask = 7, held = 0;
	for (i = 0; i < n; i++) {
		if (a[i].tag == A_USER && a[i].id == uid) {
			found = 1;
			continue;
		}
		if (a[i].tag == A_MASK)
			mask = a[i].perm;
		if (group_class(&a[i]))
			held |= a[i].perm;
		named += a[i].tag == A_USER || a[i].tag == A_GROUP;
		a[k++] = a[i];
	}
	if (!found)
		return 0;
	n = k;
	if (named > 0) {
		size_t m = acl_find(a, n, A_MASK, 0);
		if (m == n)
			m = n++;
		a[m] = (ace){A_MASK, mask & held, 0};
		return acl_put(path, a, n) == 0 ? 1 : -1;
	}
	struct stat st;
	mode_t mode = 0;
	if (stat(path, &st) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (a[i].tag == A_USER_OBJ)
			mode |= (mode_t)a[i].perm << 6;
		else if (a[i].tag == A_GROUP_OBJ)
			mode |= (mode_t)(a[i].perm & mask) << 3;
		else if (a[i].tag == A_OTHER)
			mode |= a[i].perm;
	if (removexattr(path, ACL_XATTR) != 0 && errno != ENODATA)
		return -1;
	return chmod(path, (st.st_mode & 07000) | mode) == 0 ? 1 : -1;
}

/* ---- the store ------------------------------------------------------------ */

typedef struct store_info {
	char path[PATH_MAX];      /* absolute */
	char state_dir[PATH_MAX]; /* the journal's folder */
	char tftp_root[PATH_MAX]; /* tftp.root */
	char (*sources)[PATH_MAX];
	size_t nsources;
} store_info;

/* A path we can put in an Environment= line and a shell line unquoted. */
static int plain_path(const char *p)
{
	return p[0] == '/' && strpbrk(p, " \t\n\r\"'\\$`%;&|<>(){}*?[]#~=") == NULL;
}

static int store_info_load(opts *o, store_info *si)
{
	const char *want = o->c->config ? o->c->config : pp_config_path();
	si->sources = NULL;
	si->nsources = 0;
	if (!realpath(want, si->path)) {
		if (o->enable) {
			fprintf(stderr, "%s: enable: the store %s: %s\n", o->c->prog, want,
			        strerror(errno));
			return -1;
		}
		snprintf(si->path, sizeof(si->path), "%s", want);
	}
	pp_store *st = NULL;
	if (o->enable) {
		cli sub = *o->c;
		sub.config = si->path;
		if (cli_load(&sub, &st, 1) != EXIT_OK) {
			fprintf(stderr,
			        "%s: enable: fix the store first (phoneprov check -c %s); nothing "
			        "changed\n",
			        o->c->prog, si->path);
			return -1;
		}
	} else {
		pp_error err;
		if (pp_store_load(&st, si->path, NULL, NULL, &err) != PP_OK)
			st = NULL;
	}
	size_t n = st ? pp_store_source_count(st) : 1;
	si->sources = calloc(n, sizeof(*si->sources));
	if (!si->sources) {
		pp_store_free(st);
		errno = ENOMEM;
		return -1;
	}
	if (st) {
		for (size_t i = 0; i < n; i++)
			if (!realpath(pp_store_source(st, i), si->sources[si->nsources]))
				continue;
			else
				si->nsources++;
		snprintf(si->state_dir, sizeof(si->state_dir), "%s", pp_store_state_dir(st));
		snprintf(si->tftp_root, sizeof(si->tftp_root), "%s", pp_store_tftp_root(st));
		pp_store_free(st);
	} else {
		snprintf(si->sources[si->nsources++], PATH_MAX, "%s", si->path);
		pp_state_dir_of(si->path, si->state_dir, sizeof(si->state_dir));
		snprintf(si->tftp_root, sizeof(si->tftp_root), "/srv/tftp");
	}
	return 0;
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

/* enable refuses and says why (nothing has changed yet); disable leaves the file. */
static int leave(opts *o, const char *path, const char *why, const char *what_to_do)
{
	if (o->enable) {
		fprintf(stderr, "%s: enable: %s: %s; %s; nothing changed\n", o->c->prog, path, why,
		        what_to_do);
		return -1;
	}
	fprintf(stderr, "%s: disable: left %s alone: %s; %s\n", o->c->prog, path, why, what_to_do);
	printf("  left %s alone (see above)\n", path);
	o->left = 1;
	return 0;
}

static int do_systemd(opts *o, const store_info *si)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], want[TEXT_MAX];
	rooted(o, dir, sizeof(dir), "/etc/systemd/system/%s.service.d", o->srv->name);
	snprintf(path, sizeof(path), "%s/phoneprov.conf", dir);
	size_t len = 0;
	char *have = slurp(path, &len);
	if (!have && errno != ENOENT)
		return fail(o, "cannot read", path);
	if (have && !dropin_is_ours(o, have, len)) {
		free(have);
		return leave(o, path,
		             "it is not the drop-in phoneprov enable writes (edited since?)",
		             "move any lines of your own to a drop-in of your own, then remove it "
		             "by hand");
	}
	if (!o->enable) {
		free(have);
		if (!have || !o->apply)
			return 0;
		if (unlink(path) != 0)
			return errno == ENOENT ? 0 : fail(o, "cannot remove", path);
		printf("  removed %s\n", path);
		if (rmdir(dir) == 0)
			printf("  removed the empty folder %s\n", dir);
		o->changed = o->systemd_changed = 1;
		return 0;
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
	if (make_dirs(dir) != 0)
		return fail(o, "cannot create", dir);
	if (write_file(path, want, strlen(want), 0644) != 0)
		return fail(o, "cannot write", path);
	printf("  wrote %s:\n    LD_PRELOAD=%s\n    PHONEPROV_CONFIG=%s\n", path, o->shim,
	       si->path);
	o->changed = o->systemd_changed = 1;
	return 0;
}

static int do_sysv(opts *o, const store_info *si)
{
	char path[PATH_MAX], block[TEXT_MAX], why[256];
	rooted(o, path, sizeof(path), "/etc/default/%s", o->srv->name);
	size_t len = 0;
	char *have = slurp(path, &len);
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
		return fail(o, "cannot read", path);
	}
	block_text(o, o->shim, si->path, block, sizeof(block));
	char *out = malloc(len + strlen(block) + 2);
	if (!out) {
		free(have);
		return fail(o, "out of memory for", path);
	}
	size_t n = 0;
	int blocks = 0, rc = 0;
	if (strip_blocks(o, have, out, &n, &blocks, why, sizeof(why)) != 0) {
		rc = leave(o, path, why, "remove the phoneprov lines by hand");
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
	} else if (write_file(path, out, n, 0644) != 0) {
		rc = fail(o, "cannot write", path);
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

static int do_snippet(opts *o, const store_info *si)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], want[TEXT_MAX];
	rooted(o, dir, sizeof(dir), "%s", "/etc/dnsmasq.d");
	snprintf(path, sizeof(path), "%s/phoneprov.conf", dir);
	if (o->enable && !is_dir(dir)) {
		fprintf(stderr,
		        "%s: enable: there is no %s: is dnsmasq installed?  (dnsmasq-base alone "
		        "has no service; run it with phoneprov exec.)\n",
		        o->c->prog, dir);
		return -1;
	}
	size_t len = 0;
	char *have = slurp(path, &len);
	if (!have && errno != ENOENT)
		return fail(o, "cannot read", path);
	if (have && !snippet_is_ours(have, len)) {
		free(have);
		return leave(o, path,
		             o->enable
		                 ? "it is not the file phoneprov enable writes (a copy made by "
		                   "hand?)"
		                 : "it is not the file phoneprov enable writes (edited since?)",
		             "move the lines you need to a file of your own in that folder, remove "
		             "it" /* the hook it names goes away with phoneprov */
		             ", and run this again");
	}
	if (!o->enable) {
		free(have);
		if (!have || !o->apply)
			return 0;
		if (unlink(path) != 0)
			return errno == ENOENT ? 0 : fail(o, "cannot remove", path);
		printf("  removed %s\n", path);
		o->changed = 1;
		return 0;
	}
	snippet_text(o->hook, si->tftp_root, want, sizeof(want));
	int same = have && strcmp(have, want) == 0;
	free(have);
	if (!o->apply)
		return 0;
	if (same) {
		printf("  unchanged %s\n", path);
		return 0;
	}
	if (write_file(path, want, strlen(want), 0644) != 0)
		return fail(o, "cannot write", path);
	printf("  wrote %s:\n    enable-tftp, tftp-root=%s, option 150 for Cisco phones,\n"
	       "    dhcp-script=%s\n    (a dhcp-range and option 66 are yours to add: see its "
	       "end)\n",
	       path, si->tftp_root, o->hook);
	o->changed = 1;
	return 0;
}

/* ---- folders: the journal's, the TFTP root ----------------------------------- */

static int do_dirs(opts *o, const store_info *si)
{
	if (!o->enable)
		return 0;
	char buf[512];
	const char *why;
	if (o->srv->owner &&
	    (why = cli_state_dir_problem(si->state_dir, si->tftp_root, buf, sizeof(buf))) != NULL) {
		fprintf(stderr,
		        "%s: enable: state_dir %s: %s.  enable dnsmasq lets the dnsmasq user write "
		        "in it, so it must be a folder of phoneprov's own (owned by root, holding "
		        "only phoneprov's journals): set state_dir to one; nothing changed\n",
		        o->c->prog, si->state_dir, why);
		return -1;
	}
	if (!o->apply)
		return 0;
	if (!is_dir(si->state_dir)) {
		if (make_dirs(si->state_dir) != 0)
			return fail(o, "cannot create", si->state_dir);
		printf("  created %s (the journal)\n", si->state_dir);
		o->changed = 1;
	}
	if (!cli_tftp_root_missing(si->tftp_root))
		return 0;
	if (!o->srv->owner) {
		printf("  note: the store's TFTP root %s does not exist; tftpd-hpa serves from its "
		       "TFTP_DIRECTORY\n",
		       si->tftp_root);
		return 0;
	}
	if (make_dirs(si->tftp_root) != 0)
		return fail(o, "cannot create", si->tftp_root);
	printf("  created %s (the TFTP root: dnsmasq does not start without it)\n", si->tftp_root);
	o->changed = 1;
	return 0;
}

/* ---- access for dnsmasq's user ------------------------------------------------ */

static void parent_of(const char *path, char *out, size_t len)
{
	snprintf(out, len, "%s", path);
	char *slash = strrchr(out, '/');
	if (slash == out)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
}

/*
 * A folder others may not enter, opened to the dnsmasq user: which of its
 * entries, besides the store's files, that user can now reach (the ones
 * whose mode lets others read them, or enter them).
 */
static void note_exposed(const opts *o, const store_info *si, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char names[256] = "";
	int count = 0;
	struct dirent *de;
	for (int k = 0; k < 100000 && (de = readdir(d)) != NULL; k++) {
		char p[PATH_MAX + 256];
		struct stat st;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", strcmp(dir, "/") == 0 ? "" : dir, de->d_name);
		int store = 0;
		for (size_t i = 0; i < si->nsources; i++)
			store |= strcmp(p, si->sources[i]) == 0;
		if (store || lstat(p, &st) != 0 ||
		    !(S_ISDIR(st.st_mode) ? st.st_mode & S_IXOTH : st.st_mode & S_IROTH))
			continue;
		size_t used = strlen(names);
		if (count++ < 3)
			snprintf(names + used, sizeof(names) - used, "%s%.60s",
			         count > 1 ? ", " : "", de->d_name);
	}
	closedir(d);
	if (count > 0)
		printf("  note: %s can now also reach %d other entr%s of %s that others may read "
		       "(%s%s); a folder of the store's own keeps it to the store\n",
		       o->user, count, count == 1 ? "y" : "ies", dir, names,
		       count > 3 ? ", ..." : "");
}

/* Change one ACL entry and say so; with apply 0, only see that it may. */
static int acl_step(opts *o, const store_info *si, const char *path, uid_t uid, unsigned perm,
                    const char *why)
{
	char refusal[256];
	int r = o->enable  ? acl_grant(path, uid, perm, o->apply, refusal, sizeof(refusal))
	        : o->apply ? acl_revoke(path, uid)
	                   : 0;
	if (r == -2) {
		fprintf(
		    stderr,
		    "%s: enable: %s: giving %s %s access %s; nothing changed (see getfacl %s)\n",
		    o->c->prog, path, o->user,
		    perm & 2   ? "write"
		    : perm & 4 ? "read"
		               : "entry",
		    refusal, path);
		return -1;
	}
	if (r < 0) {
		if (errno == ENOTSUP || errno == EOPNOTSUPP)
			fprintf(stderr,
			        "%s: the file system of %s has no ACLs (mount it with acl)\n",
			        o->c->prog, path);
		return fail(o, "cannot change the ACL of", path);
	}
	if (r > 0 && o->apply) {
		if (o->enable)
			printf("  ACL: %s may %s %s (%s)\n", o->user,
			       perm & 2   ? "write in"
			       : perm & 4 ? "read"
			                  : "enter",
			       path, why);
		else
			printf("  ACL: removed %s's entry from %s\n", o->user, path);
		if (o->enable && perm == 1)
			note_exposed(o, si, path);
		o->changed = 1;
	}
	return 0;
}

static int do_access(opts *o, const store_info *si)
{
	int rc = 0;
	if (!o->srv->owner)
		return 0;
	struct passwd *pw = getpwnam(o->user);
	if (!pw) {
		if (o->apply)
			printf("  note: there is no user %s here, so no ACL entries%s\n", o->user,
			       o->enable ? "; if dnsmasq runs as another user, pass --user NAME"
			                 : "");
		return 0;
	}
	uid_t uid = pw->pw_uid;
	for (size_t i = 0; i < si->nsources; i++) {
		char dir[PATH_MAX];
		struct stat st;
		parent_of(si->sources[i], dir, sizeof(dir));
		/* A folder others cannot enter: let the user through, no more. */
		if (stat(dir, &st) == 0 && !(st.st_mode & S_IXOTH) &&
		    acl_step(o, si, dir, uid, 1, "to reach the store") != 0)
			rc = -1;
		if (acl_step(o, si, si->sources[i], uid, 4, "it re-reads the store as this user") !=
		    0)
			rc = -1;
	}
	if (is_dir(si->state_dir) &&
	    acl_step(o, si, si->state_dir, uid, 7, "its journal, dnsmasq.journal") != 0)
		rc = -1;
	return rc;
}

/* ---- the command ---------------------------------------------------------- */

static int usage(opts *o, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, arg);
	cli_usage_error(o->c, "%s: %s", o->enable ? "enable" : "disable", msg);
	return EXIT_USAGE;
}

/* Every step, in order; with o->apply 0 each only checks that it may go ahead. */
static int steps(opts *o, const store_info *si, int systemd)
{
	int rc = 0;
	if (o->enable) {
		rc |= systemd ? do_systemd(o, si) : do_sysv(o, si);
		if (rc == 0 && o->srv->owner)
			rc |= do_snippet(o, si);
		if (rc == 0)
			rc |= do_dirs(o, si);
		if (rc == 0)
			rc |= do_access(o, si);
	} else {
		/* Both kinds, whichever enable wrote. */
		rc |= do_systemd(o, si);
		rc |= do_sysv(o, si);
		if (o->srv->owner)
			rc |= do_snippet(o, si);
		rc |= do_access(o, si);
	}
	return rc;
}

static int run(cli *c, int argc, char **argv, int enable)
{
	opts o = {c, enable, NULL, "", INIT_AUTO, PP_PRELOAD_PATH, "dnsmasq", "", 0, 0, 0, 0, 0};
	for (int i = 1; i < argc; i++) {
		int r = cli_config_opt(c, argc, argv, &i);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		const char *a = argv[i], *v = NULL;
		static const char *const valued[] = {"--root", "--init", "--shim", "--user"};
		size_t k;
		for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
			size_t l = strlen(valued[k]);
			if (strncmp(a, valued[k], l) == 0 && (a[l] == '=' || a[l] == '\0'))
				break;
		}
		if (k < sizeof(valued) / sizeof(valued[0])) {
			const char *eq = strchr(a, '=');
			v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!v || !*v)
				return usage(&o, "%s needs a value", valued[k]);
			if (k == 0)
				o.root = strcmp(v, "/") == 0 ? "" : v;
			else if (k == 1 && strcmp(v, "systemd") == 0)
				o.init = INIT_SYSTEMD;
			else if (k == 1 && strcmp(v, "sysv") == 0)
				o.init = INIT_SYSV;
			else if (k == 1)
				return usage(&o, "--init is systemd or sysv, not '%s'", v);
			else if (k == 2)
				o.shim = v;
			else
				o.user = v;
			continue;
		}
		if (a[0] == '-')
			return usage(&o, "unknown option '%s'", a);
		if (o.srv)
			return usage(&o, "one server at a time ('%s' is one too many)", a);
		for (k = 0; k < sizeof(servers) / sizeof(servers[0]); k++)
			if (strcmp(a, servers[k].name) == 0)
				o.srv = &servers[k];
		if (!o.srv)
			return usage(&o, "unknown server '%s' (tftpd-hpa or dnsmasq)", a);
	}
	if (!o.srv)
		return usage(&o, "which server? tftpd-hpa or dnsmasq%s", "");
	if (o.enable && !plain_path(o.shim))
		return usage(&o, "--shim needs an absolute path without spaces or quotes, not '%s'",
		             o.shim);
	if (o.enable && access(o.shim, R_OK) != 0) {
		fprintf(stderr, "%s: enable: the shim %s: %s (pass --shim PATH)\n", c->prog, o.shim,
		        strerror(errno));
		return EXIT_STORE;
	}
	/* The hook lives beside the shim: PKGLIBDIR when installed, build/ in a tree. */
	char shim_dir[PATH_MAX];
	snprintf(shim_dir, sizeof(shim_dir), "%s", o.shim);
	snprintf(o.hook, sizeof(o.hook), "%s/phoneprov-dhcp-script", dirname(shim_dir));
	if (o.enable && o.srv->owner && access(o.hook, X_OK) != 0) {
		fprintf(stderr,
		        "%s: enable: the hook %s: %s (it is looked for beside the shim; pass "
		        "--shim PATH)\n",
		        c->prog, o.hook, strerror(errno));
		return EXIT_STORE;
	}

	store_info si;
	if (store_info_load(&o, &si) != 0)
		return EXIT_STORE;
	if (o.enable && !plain_path(si.path)) {
		fprintf(stderr, "%s: enable: the store's path %s has spaces or quotes: move it\n",
		        c->prog, si.path);
		free(si.sources);
		return EXIT_STORE;
	}
	if (o.enable && o.srv->owner && !plain_path(si.tftp_root)) {
		fprintf(stderr, "%s: enable: tftp.root %s has spaces or quotes: move it\n", c->prog,
		        si.tftp_root);
		free(si.sources);
		return EXIT_STORE;
	}
	int systemd =
	    o.init == INIT_SYSTEMD || (o.init == INIT_AUTO && is_dir("/run/systemd/system"));
	/* enable: every step may go ahead, or nothing changes. */
	if (o.enable && steps(&o, &si, systemd) != 0) {
		free(si.sources);
		return EXIT_STORE;
	}
	o.apply = 1;
	printf("phoneprov: %s %s:\n", enable ? "enable" : "disable", o.srv->name);
	int rc = steps(&o, &si, systemd);
	free(si.sources);
	if (o.left)
		rc = -1;
	if (rc != 0 && !o.changed)
		return EXIT_STORE;
	if (!o.changed) {
		printf("  nothing changed: %s was %s\n", o.srv->name,
		       enable ? "already enabled" : "not enabled");
		return rc ? EXIT_STORE : EXIT_OK;
	}
	const char *verb = enable ? "load" : "unload";
	if (o.systemd_changed || (systemd && !o.sysv_changed))
		printf("Restart %s to %s the shim:\n  systemctl daemon-reload && systemctl restart "
		       "%s\n",
		       o.srv->name, verb, o.srv->name);
	else
		printf("Restart %s to %s the shim:\n  service %s restart\n", o.srv->name, verb,
		       o.srv->name);
	return rc ? EXIT_STORE : EXIT_OK;
}

int cmd_enable(cli *c, int argc, char **argv)
{
	return run(c, argc, argv, 1);
}

int cmd_disable(cli *c, int argc, char **argv)
{
	return run(c, argc, argv, 0);
}
