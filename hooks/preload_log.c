/*
 * The decision log.
 *
 * PHONEPROV_LOG unset, empty or "syslog": syslog(LOG_DAEMON), under the
 * server's own ident (we never call openlog(); the server already did).
 * Anything else is a file, opened once in the constructor while the server
 * is still root and outside any chroot, and appended to with one write()
 * per line.  Never fd 2: in inetd mode in.tftpd's fd 1 and 2 may be the
 * file being served.
 *
 * dnsmasq closes every fd a constructor opened and may reuse the number for
 * a socket, so before each write the fd is checked to still be our file
 * (same device and inode); if not, it is reopened, and if that fails (the
 * server no longer has the rights) the line goes to syslog instead.
 */
#include "preload.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static char log_path[4096]; /* "" = syslog */
static int log_fd = -1;
static dev_t log_dev;
static ino_t log_ino;

static int open_file(void)
{
	struct stat st;
	int fd;

	if (pp_real.open == NULL)
		return -1;
	fd = pp_real.open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	log_fd = fd;
	log_dev = st.st_dev;
	log_ino = st.st_ino;
	return 0;
}

int pp_abspath(const char *path, char *out, size_t len)
{
	size_t n = 0;

	if (path[0] != '/') {
		if (getcwd(out, len) == NULL)
			return -1;
		n = strlen(out);
		if (n + 1 >= len)
			return -1;
		out[n++] = '/';
	}
	if (n + strlen(path) + 1 > len)
		return -1;
	memcpy(out + n, path, strlen(path) + 1);
	return 0;
}

void pp_log_open(void)
{
	const char *v = getenv("PHONEPROV_LOG");

	if (v == NULL || *v == '\0' || strcmp(v, "syslog") == 0)
		return;
	/* Kept absolute: in.tftpd and dnsmasq chdir before any reopen. */
	if (pp_abspath(v, log_path, sizeof log_path) != 0) {
		log_path[0] = '\0';
		syslog(LOG_DAEMON | LOG_WARNING,
		       "phoneprov: PHONEPROV_LOG path too long; using syslog");
		return;
	}
	if (open_file() != 0)
		syslog(LOG_DAEMON | LOG_WARNING, "phoneprov: cannot open log %s: %s; using syslog",
		       log_path, strerror(errno));
}

/* Is log_fd still the file we opened? */
static int file_ok(void)
{
	struct stat st;

	if (log_fd < 0)
		return 0;
	return fstat(log_fd, &st) == 0 && st.st_dev == log_dev && st.st_ino == log_ino;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

void pp_log(int priority, const char *fmt, ...)
{
	int saved = errno;
	char msg[1024];
	char line[1200];
	struct timespec ts;
	struct tm tm;
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);

	if (log_path[0] != '\0') {
		if (!file_ok()) {
			log_fd = -1; /* not ours any more: never close it */
			open_file();
		}
		if (log_fd >= 0) {
			/* UTC: gmtime_r needs no zone file, which a chroot lacks. */
			clock_gettime(CLOCK_REALTIME, &ts);
			gmtime_r(&ts.tv_sec, &tm);
			n = snprintf(line, sizeof line,
			             "%04d-%02d-%02dT%02d:%02d:%02dZ %s[%ld]: phoneprov: %s\n",
			             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
			             tm.tm_min, tm.tm_sec, program_invocation_short_name,
			             (long)getpid(), msg);
			if (n > 0) {
				if ((size_t)n >= sizeof line) {
					n = (int)sizeof line - 1;
					line[n - 1] = '\n';
				}
				write_all(log_fd, line, (size_t)n);
				errno = saved;
				return;
			}
		}
	}
	syslog(LOG_DAEMON | priority, "phoneprov: %s", msg);
	errno = saved;
}

void pp_sanitise(const char *name, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	const unsigned char *p;

	if (outlen == 0)
		return;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		int plain = *p > 0x20 && *p < 0x7f && *p != '\\' && *p != '"';

		if (o + (plain ? 1 : 4) + 4 > outlen) {
			/* room for "..." and the NUL */
			if (o + 4 <= outlen) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (plain) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}

void pp_log_decision(const char *ip, const char *name, const char *decision, long long bytes,
                     const char *detail)
{
	char safe[256];
	char nbytes[32] = "";

	pp_sanitise(name, safe, sizeof safe);
	if (bytes >= 0)
		snprintf(nbytes, sizeof nbytes, " bytes=%lld", bytes);
	pp_log(LOG_INFO, "client=%s name=\"%s\" decision=%s%s%s%s", ip[0] != '\0' ? ip : "-", safe,
	       decision, nbytes, detail != NULL ? " " : "", detail != NULL ? detail : "");
}
