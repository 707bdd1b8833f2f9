/*
 * phoneprov enable|disable tftpd-hpa|dnsmasq: preload the shim into a
 * server's service in one step, or stop doing so.
 *
 * With systemd (/run/systemd/system exists) enable writes a drop-in,
 * /etc/systemd/system/SERVICE.service.d/phoneprov.conf, that sets
 * LD_PRELOAD and PHONEPROV_CONFIG; without it, it appends a marked block
 * that exports both to /etc/default/SERVICE, which the init script sources.
 * For dnsmasq, which re-reads the store as its own user, it also gives that
 * user (and no one else) read access to the store with a POSIX ACL entry,
 * and write access to the journal's folder.  disable undoes all of it, for
 * both kinds of init.  Neither ever restarts a server: both print what they
 * changed and the command that applies it.
 *
 * The files written are byte for byte those in packaging/systemd/ and
 * packaging/default/ (with the shim's and the store's paths of this install).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
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
	int changed;
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
	        path, strerror(errno), errno == EACCES || errno == EPERM ? " (run it as root)" : "");
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

/* The mask setfacl would compute: every entry of the group class. */
static void acl_set_mask(ace *a, size_t *n)
{
	unsigned m = 0;
	size_t mask = *n;
	for (size_t i = 0; i < *n; i++) {
		if (a[i].tag == A_USER || a[i].tag == A_GROUP || a[i].tag == A_GROUP_OBJ)
			m |= a[i].perm;
		if (a[i].tag == A_MASK)
			mask = i;
	}
	if (mask == *n)
		(*n)++;
	a[mask] = (ace){A_MASK, m, 0};
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

/* Give uid perm (4 r, 2 w, 1 x) on path.  1 changed, 0 it had it, -1 error. */
static int acl_grant(const char *path, uid_t uid, unsigned perm)
{
	ace a[ACL_MAX + 2];
	size_t n, i;
	int ext;
	if (acl_get(path, a, &n, &ext) != 0)
		return -1;
	for (i = 0; i < n && !(a[i].tag == A_USER && a[i].id == uid); i++)
		;
	if (i < n && (a[i].perm & perm) == perm)
		return 0;
	if (i == n) {
		if (n >= ACL_MAX) {
			errno = E2BIG;
			return -1;
		}
		a[n++] = (ace){A_USER, 0, (uint32_t)uid};
	}
	a[i].perm |= perm;
	acl_set_mask(a, &n);
	return acl_put(path, a, n) == 0 ? 1 : -1;
}

/*
 * Take uid's entry off path.  When no named entry is left, the ACL goes
 * and the mode is what it was before any entry.  1 changed, 0 none, -1 error.
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
	for (i = 0; i < n; i++) {
		if (a[i].tag == A_USER && a[i].id == uid) {
			found = 1;
			continue;
		}
		named += a[i].tag == A_USER || a[i].tag == A_GROUP;
		a[k++] = a[i];
	}
	if (!found)
		return 0;
	n = k;
	if (named > 0) {
		acl_set_mask(a, &n);
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
			mode |= (mode_t)a[i].perm << 3;
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
		pp_store_free(st);
	} else {
		snprintf(si->sources[si->nsources++], PATH_MAX, "%s", si->path);
		pp_state_dir_of(si->path, si->state_dir, sizeof(si->state_dir));
	}
	return 0;
}

/* ---- the two kinds of init -------------------------------------------------- */

static void dropin_text(const opts *o, const store_info *si, char *out, size_t len)
{
	snprintf(out, len,
	         "# /etc/systemd/system/%s.service.d/phoneprov.conf\n"
	         "%s"
	         "# Apply: systemctl daemon-reload && systemctl restart %s\n"
	         "[Service]\n"
	         "Environment=LD_PRELOAD=%s\n"
	         "Environment=PHONEPROV_CONFIG=%s\n",
	         o->srv->name, o->srv->note, o->srv->name, o->shim, si->path);
}

static void block_text(const opts *o, const store_info *si, char *out, size_t len)
{
	snprintf(out, len,
	         BEGIN_MARK " (added by `phoneprov enable %s`; `phoneprov disable %s` removes it)\n"
	                    "export LD_PRELOAD=%s\n"
	                    "export PHONEPROV_CONFIG=%s\n" END_MARK "\n",
	         o->srv->name, o->srv->name, o->shim, si->path);
}

static int line_starts(const char *line, const char *mark)
{
	return strncmp(line, mark, strlen(mark)) == 0;
}

/* text without any phoneprov block, into out (as large as text). */
static size_t strip_block(const char *text, char *out)
{
	size_t n = 0;
	int inside = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (!inside && line_starts(p, BEGIN_MARK))
			inside = 1;
		else if (inside && line_starts(p, END_MARK))
			inside = 0;
		else if (!inside) {
			memcpy(out + n, p, l);
			n += l;
		}
		p += l;
	}
	out[n] = '\0';
	return n;
}

static int do_systemd(opts *o, const store_info *si)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], want[2 * PATH_MAX + 1024];
	rooted(o, dir, sizeof(dir), "/etc/systemd/system/%s.service.d", o->srv->name);
	snprintf(path, sizeof(path), "%s/phoneprov.conf", dir);
	size_t len = 0;
	char *have = slurp(path, &len);
	if (!o->enable) {
		free(have);
		if (unlink(path) != 0)
			return errno == ENOENT ? 0 : fail(o, "cannot remove", path);
		printf("  removed %s\n", path);
		if (rmdir(dir) == 0)
			printf("  removed the empty folder %s\n", dir);
		o->changed = o->systemd_changed = 1;
		return 0;
	}
	dropin_text(o, si, want, sizeof(want));
	if (have && strcmp(have, want) == 0) {
		free(have);
		printf("  unchanged %s (already enabled)\n", path);
		return 0;
	}
	free(have);
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
	char path[PATH_MAX], block[2 * PATH_MAX + 1024];
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
	block_text(o, si, block, sizeof(block));
	char *out = malloc(len + strlen(block) + 2);
	if (!out) {
		free(have);
		return fail(o, "out of memory for", path);
	}
	size_t n = strip_block(have, out);
	if (o->enable) {
		if (n > 0 && out[n - 1] != '\n')
			out[n++] = '\n';
		strcpy(out + n, block);
		n += strlen(block);
	}
	int rc = 0;
	if (n == len && memcmp(out, have, n) == 0) {
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

/* Change one ACL entry and say so. */
static int acl_step(opts *o, const char *path, uid_t uid, unsigned perm, const char *why)
{
	int r = o->enable ? acl_grant(path, uid, perm) : acl_revoke(path, uid);
	if (r < 0) {
		if (errno == ENOTSUP || errno == EOPNOTSUPP)
			fprintf(stderr, "%s: the file system of %s has no ACLs (mount it with acl)\n",
			        o->c->prog, path);
		return fail(o, "cannot change the ACL of", path);
	}
	if (r > 0) {
		if (o->enable)
			printf("  ACL: %s may %s %s (%s)\n", o->user,
			       perm & 2 ? "write in" : perm & 4 ? "read" : "enter", path, why);
		else
			printf("  ACL: removed %s's entry from %s\n", o->user, path);
		o->changed = 1;
	}
	return 0;
}

static int do_access(opts *o, const store_info *si)
{
	int rc = 0;
	if (o->enable && !is_dir(si->state_dir)) {
		if (make_dirs(si->state_dir) != 0)
			return fail(o, "cannot create", si->state_dir);
		printf("  created %s (the journal)\n", si->state_dir);
		o->changed = 1;
	}
	if (!o->srv->owner)
		return 0;
	struct passwd *pw = getpwnam(o->user);
	if (!pw) {
		printf("  note: there is no user %s here, so no ACL entries%s\n", o->user,
		       o->enable ? "; if dnsmasq runs as another user, pass --user NAME" : "");
		return 0;
	}
	uid_t uid = pw->pw_uid;
	for (size_t i = 0; i < si->nsources; i++) {
		char dir[PATH_MAX];
		struct stat st;
		parent_of(si->sources[i], dir, sizeof(dir));
		/* A folder others cannot enter: let the user through, no more. */
		if (stat(dir, &st) == 0 && !(st.st_mode & S_IXOTH) &&
		    acl_step(o, dir, uid, 1, "to reach the store") != 0)
			rc = -1;
		if (acl_step(o, si->sources[i], uid, 4, "it re-reads the store as this user") != 0)
			rc = -1;
	}
	if (is_dir(si->state_dir) &&
	    acl_step(o, si->state_dir, uid, 7, "its journal, dnsmasq.journal") != 0)
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

static int run(cli *c, int argc, char **argv, int enable)
{
	opts o = {c, enable, NULL, "", INIT_AUTO, PP_PRELOAD_PATH, "dnsmasq", 0, 0, 0};
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

	store_info si;
	if (store_info_load(&o, &si) != 0)
		return EXIT_STORE;
	if (o.enable && !plain_path(si.path)) {
		fprintf(stderr, "%s: enable: the store's path %s has spaces or quotes: move it\n",
		        c->prog, si.path);
		free(si.sources);
		return EXIT_STORE;
	}
	int systemd = o.init == INIT_SYSTEMD || (o.init == INIT_AUTO && is_dir("/run/systemd/system"));
	printf("phoneprov: %s %s:\n", enable ? "enable" : "disable", o.srv->name);
	int rc = 0;
	if (enable) {
		rc |= systemd ? do_systemd(&o, &si) : do_sysv(&o, &si);
		if (rc == 0)
			rc |= do_access(&o, &si);
	} else {
		/* Both kinds, whichever enable wrote. */
		rc |= do_systemd(&o, &si);
		rc |= do_sysv(&o, &si);
		rc |= do_access(&o, &si);
	}
	free(si.sources);
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
