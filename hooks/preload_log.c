/* SPDX-License-Identifier: MIT */
/*
 * The decision log.
 *
 * PHONEPROV_LOG unset, empty or "syslog": syslog, LOG_DAEMON, as
 * "SERVER[PID]: phoneprov: ...".  Anything else is a file, appended to with
 * one write() per line.  Never fd 2: in inetd mode in.tftpd's fd 1 and 2 may
 * be the file being served.
 *
 * Every descriptor here is the shim's own, and is checked to be before each
 * use.  libc's syslog() is not used inside a server: it keeps one hidden
 * descriptor for /dev/log and, when a send on it fails, closes that number
 * and reconnects.  dnsmasq closes every descriptor its constructors left
 * open and reuses the numbers, so libc's /dev/log socket from our
 * constructor's first line became dnsmasq's lease file, and the next
 * syslog() closed that file under dnsmasq.  So the shim speaks the syslog
 * protocol on a socket of its own, remembers its identity (device and
 * inode, as for the file), and before each write checks that the number
 * still names it; if not, the number is forgotten, never closed, and a new
 * socket is made.
 *
 * In the constructor, before the server's main() (and its fd sweep), each
 * line opens, writes and closes: nothing the shim opens is held across the
 * server's cleanup.  After that, pp_log_prepare() (called for each request
 * in the receive wrapper) opens what the log needs while in.tftpd's parent
 * is still root and outside the chroot; its children inherit it.
 */
#include "preload.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static char log_path[4096]; /* "" = syslog */
static pp_own_fd log_file = PP_OWN_FD_NONE;
static pp_own_fd log_sock = PP_OWN_FD_NONE;
static int sock_stream;       /* /dev/log is a stream socket: lines end in NUL */
static int transient;         /* in the constructor: open, write, close */
static unsigned long dropped; /* syslog lines that could not be sent */
/* When each descriptor was last found ours: checked once a second (ownfd.h). */
static struct timespec file_looked, sock_looked;
#define LOOK_MS 1000
/* The pid for each line, asked once per process: a fork forgets it. */
static pid_t my_pid;
/*
 * The reloader thread logs too: one line at a time.  Taken after
 * pp_shim.lock, never before it.
 */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void fork_prepare(void)
{
	pthread_mutex_lock(&log_lock);
}

static void fork_parent(void)
{
	pthread_mutex_unlock(&log_lock);
}

static void fork_child(void)
{
	my_pid = 0;
	pthread_mutex_unlock(&log_lock);
}

static long pid_now(void)
{
	if (my_pid == 0)
		my_pid = getpid();
	return (long)my_pid;
}

/*
 * May the log live in path's folder?  The shim opens it as root, so a
 * folder that someone else can write to (and is not sticky) would let that
 * someone plant a symlink or a hard link there and have root append to, or
 * create, a file of their choosing.
 */
static int safe_folder(const char *path, char *why, size_t len)
{
	char dir[sizeof log_path];
	const char *slash = strrchr(path, '/');
	struct stat st;

	snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if (stat(dir, &st) != 0) {
		snprintf(why, len, "%s: %s", dir, strerror(errno));
		return 0;
	}
	if ((st.st_mode & S_ISVTX) != 0)
		return 1;
	if ((st.st_mode & S_IWOTH) != 0 || ((st.st_mode & S_IWGRP) != 0 && st.st_gid != 0) ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		snprintf(why, len, "%s can be written by others and is not sticky", dir);
		return 0;
	}
	return 1;
}

static int open_file(void)
{
	struct stat st;
	int fd;

	if (pp_real.open == NULL)
		return -1;
	/* O_NOFOLLOW: never through a symlink; one link: never a hard link to elsewhere. */
	fd = pp_real.open(
	    log_path,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK, 0640);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	pp_own(&log_file, fd);
	pp_look_now(&file_looked);
	return log_file.fd >= 0 ? 0 : -1;
}

static int connect_log(int type)
{
	struct sockaddr_un sa;
	int fd, e;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, "/dev/log", sizeof "/dev/log");
	/* Non-blocking: a stalled syslog daemon must not stall dnsmasq's DNS. */
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int open_socket(void)
{
	int fd = connect_log(SOCK_DGRAM);

	sock_stream = 0;
	if (fd < 0 && errno == EPROTOTYPE) {
		fd = connect_log(SOCK_STREAM);
		sock_stream = 1;
	}
	if (fd < 0)
		return -1;
	pp_own(&log_sock, fd);
	pp_look_now(&sock_looked);
	return log_sock.fd >= 0 ? 0 : -1;
}

static void to_syslog(int priority, const char *msg);

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

	pthread_atfork(fork_prepare, fork_parent, fork_child);
	transient = 1;
	if (v == NULL || *v == '\0' || strcmp(v, "syslog") == 0)
		return;
	/* Kept absolute: in.tftpd and dnsmasq chdir before any reopen. */
	if (pp_abspath(v, log_path, sizeof log_path) != 0) {
		log_path[0] = '\0';
		pp_log(LOG_WARNING, "PHONEPROV_LOG path too long; using syslog");
		return;
	}
	char why[sizeof log_path + 64];
	char msg[sizeof why + sizeof log_path + 64];

	if (!safe_folder(log_path, why, sizeof why)) {
		snprintf(msg, sizeof msg, "refusing the log %s (%s); using syslog", log_path, why);
		log_path[0] = '\0';
		to_syslog(LOG_WARNING, msg);
	} else if (open_file() != 0) {
		snprintf(msg, sizeof msg, "cannot open log %s: %s; using syslog", log_path,
		         strerror(errno));
		to_syslog(LOG_WARNING, msg);
	}
	pp_release(&log_file);
	pp_release(&log_sock);
}

void pp_log_settle(void)
{
	pp_release(&log_file);
	pp_release(&log_sock);
	transient = 0;
}

void pp_log_prepare(void)
{
	int saved = errno;

	pthread_mutex_lock(&log_lock);
	if (log_path[0] != '\0' && !pp_still_own_lately(&log_file, &file_looked, LOOK_MS))
		open_file();
	if ((log_path[0] == '\0' || log_file.fd < 0) &&
	    !pp_still_own_lately(&log_sock, &sock_looked, LOOK_MS))
		open_socket();
	pthread_mutex_unlock(&log_lock);
	errno = saved;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void to_file(const char *msg)
{
	char line[1200];
	struct timespec ts;
	struct tm tm;
	int n;

	/* UTC: gmtime_r needs no zone file, which a chroot lacks. */
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02dZ %s[%ld]: phoneprov: %s\n",
	             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	             program_invocation_short_name, pid_now(), msg);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof line) {
		n = (int)sizeof line - 1;
		line[n - 1] = '\n';
	}
	write_all(log_file.fd, line, (size_t)n);
}

static int send_line(const char *line, size_t n)
{
	ssize_t w;

	do
		w = send(log_sock.fd, line, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	return w == (ssize_t)n ? 0 : -1;
}

/* One RFC 3164 line, as libc's syslog() would send it, on our own socket. */
static void to_syslog(int priority, const char *msg)
{
	static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char line[1200];
	char lost[64] = "";
	time_t now = time(NULL);
	struct tm tm;
	int n;

	if (!pp_still_own_lately(&log_sock, &sock_looked, LOOK_MS) && open_socket() != 0) {
		dropped++;
		return;
	}
	if (localtime_r(&now, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	if (dropped > 0)
		snprintf(lost, sizeof lost, " (%lu earlier lines lost)", dropped);
	n = snprintf(line, sizeof line, "<%d>%s %2d %02d:%02d:%02d %s[%ld]: phoneprov: %s%s",
	             LOG_DAEMON | (priority & LOG_PRIMASK), mon[tm.tm_mon % 12], tm.tm_mday,
	             tm.tm_hour, tm.tm_min, tm.tm_sec, program_invocation_short_name, pid_now(),
	             msg, lost);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof line)
		n = (int)sizeof line - 1;
	/* A stream socket frames lines by their NUL; a datagram is one line. */
	if (send_line(line, (size_t)n + (size_t)sock_stream) != 0) {
		if (errno != ECONNREFUSED && errno != ENOTCONN && errno != EPIPE) {
			dropped++;
			return;
		}
		/* The syslog daemon restarted: a new socket, once. */
		pp_release(&log_sock);
		if (open_socket() != 0 || send_line(line, (size_t)n + (size_t)sock_stream) != 0) {
			dropped++;
			return;
		}
	}
	dropped = 0;
}

void pp_log(int priority, const char *fmt, ...)
{
	int saved = errno;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&log_lock);
	if (log_path[0] != '\0' &&
	    (pp_still_own_lately(&log_file, &file_looked, LOOK_MS) || open_file() == 0))
		to_file(msg);
	else
		to_syslog(priority, msg);
	if (transient) {
		pp_release(&log_file);
		pp_release(&log_sock);
	}
	pthread_mutex_unlock(&log_lock);
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
