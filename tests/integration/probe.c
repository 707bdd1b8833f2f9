/* SPDX-License-Identifier: MIT */
/*
 * A stand-in TFTP server for tests/integration/preload.t.sh: it receives a
 * read request over loopback UDP, the way a server does, then opens the
 * requested name every way the shim wraps and checks what it got.
 *
 *   probe active NAME EXPECTED   (run with PHONEPROV_FORCE=1 and the shim)
 *   probe inert NAME             (the shim loaded but not active)
 *   probe denied NAME            (PHONEPROV_FORCE=1, a store whose policy
 *                                 refuses NAME; a file NAME is on disk)
 *   probe anon NAME              (PHONEPROV_FORCE=1, a strict store: a request
 *                                 received without its sender's address)
 *
 * Prints "ok - probe: ..." / "not ok - probe: ..." lines.  Run it in an
 * empty directory: NAME must not exist on disk.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);

static int failures;
static char expected[65536];
static size_t explen;

static void report(int good, const char *what)
{
	printf("%s - probe: %s\n", good ? "ok" : "not ok", what);
	if (!good)
		failures++;
}

/* A read request for name from a fresh client socket to srv; recvfrom or recvmsg. */
static int request(int srv, const char *name, int use_recvmsg)
{
	struct sockaddr_storage to;
	socklen_t tolen = sizeof to;
	unsigned char pkt[600], buf[600];
	size_t n = strlen(name);
	int cli;
	ssize_t r;

	if (getsockname(srv, (struct sockaddr *)&to, &tolen) != 0)
		return -1;
	if (to.ss_family == AF_INET6) {
		/* a dual-stack socket: the client comes in over IPv4 */
		struct sockaddr_in v4;

		memset(&v4, 0, sizeof v4);
		v4.sin_family = AF_INET;
		v4.sin_port = ((struct sockaddr_in6 *)&to)->sin6_port;
		v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		memcpy(&to, &v4, sizeof v4);
		tolen = sizeof v4;
	}
	pkt[0] = 0;
	pkt[1] = 1;
	memcpy(pkt + 2, name, n + 1);
	memcpy(pkt + 2 + n + 1, "octet", 6);
	cli = socket(AF_INET, SOCK_DGRAM, 0);
	if (cli < 0 || sendto(cli, pkt, 2 + n + 1 + 6, 0, (struct sockaddr *)&to, tolen) < 0)
		return -1;
	if (use_recvmsg) {
		struct sockaddr_storage from;
		struct iovec iov[2] = {{buf, 3}, {buf + 3, sizeof buf - 3}};
		struct msghdr msg;

		memset(&msg, 0, sizeof msg);
		msg.msg_name = &from;
		msg.msg_namelen = sizeof from;
		msg.msg_iov = iov; /* split, as a server might */
		msg.msg_iovlen = 2;
		r = recvmsg(srv, &msg, 0);
	} else {
		struct sockaddr_in from;
		socklen_t fl = sizeof from;

		r = recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
	}
	close(cli);
	return r > 0 ? 0 : -1;
}

static int udp_socket(int family)
{
	int s = socket(family, SOCK_DGRAM, 0);

	if (s < 0)
		return -1;
	if (family == AF_INET) {
		struct sockaddr_in a;

		memset(&a, 0, sizeof a);
		a.sin_family = AF_INET;
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (bind(s, (struct sockaddr *)&a, sizeof a) == 0)
			return s;
	} else {
		struct sockaddr_in6 a;
		int off = 0;

		memset(&a, 0, sizeof a);
		a.sin6_family = AF_INET6;
		a.sin6_addr = in6addr_any;
		setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
		if (bind(s, (struct sockaddr *)&a, sizeof a) == 0)
			return s;
	}
	close(s);
	return -1;
}

/* Everything in fd from its current offset equals the expected bytes. */
static int same_content(int fd)
{
	static char got[65536];
	size_t have = 0;
	ssize_t r;

	while ((r = read(fd, got + have, sizeof got - have)) > 0)
		have += (size_t)r;
	return r == 0 && have == explen && memcmp(got, expected, explen) == 0;
}

/* The fd is what in.tftpd and dnsmasq need: size, mode, lock, seals. */
static int server_checks(int fd)
{
	struct flock lk;
	struct stat st;
	int seals = fcntl(fd, F_GET_SEALS);
	int want = F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL;

	memset(&lk, 0, sizeof lk);
	lk.l_type = F_RDLCK;
	lk.l_whence = SEEK_SET;
	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IROTH) != 0 &&
	       st.st_size == (off_t)explen && lseek(fd, 0, SEEK_CUR) == 0 &&
	       fcntl(fd, F_SETLK, &lk) == 0 && seals >= 0 && (seals & want) == want &&
	       write(fd, "x", 1) < 0;
}

static void check_fd(int fd, const char *what, int cloexec)
{
	char msg[128];
	int fdflags = fd >= 0 ? fcntl(fd, F_GETFD) : -1;

	snprintf(msg, sizeof msg, "%s serves the rendered bytes in a sealed memfd", what);
	report(fd >= 0 && server_checks(fd) && same_content(fd), msg);
	snprintf(msg, sizeof msg, "%s: close-on-exec exactly when asked", what);
	report(fdflags >= 0 && ((fdflags & FD_CLOEXEC) != 0) == cloexec, msg);
	if (fd >= 0)
		close(fd);
}

static void check_file(FILE *f, const char *what)
{
	static char got[65536];
	size_t n = f != NULL ? fread(got, 1, sizeof got, f) : 0;
	char msg[128];

	snprintf(msg, sizeof msg, "%s serves the rendered bytes", what);
	report(f != NULL && n == explen && memcmp(got, expected, n) == 0, msg);
	if (f != NULL)
		fclose(f);
}

static void check_stat(int rc, off_t size, mode_t mode, const char *what)
{
	char msg[128];

	snprintf(msg, sizeof msg, "%s reports the rendered size", what);
	report(rc == 0 && S_ISREG(mode) && size == (off_t)explen, msg);
}

static int active(const char *name, const char *exp_path)
{
	FILE *f = fopen(exp_path, "rb");
	struct stat st;
	struct stat64 st64;
	int srv, srv6, fd, e, rc;

	if (f == NULL) {
		perror(exp_path);
		return 1;
	}
	explen = fread(expected, 1, sizeof expected, f);
	fclose(f);

	srv = udp_socket(AF_INET);
	report(srv >= 0 && request(srv, name, 0) == 0, "a read request arrives by recvfrom");

	check_fd(open(name, O_RDONLY), "open", 0);
	check_fd(open64(name, O_RDONLY | O_CLOEXEC), "open64", 1);
	check_fd(openat(AT_FDCWD, name, O_RDONLY), "openat", 0);
	check_fd(openat64(AT_FDCWD, name, O_RDONLY | O_CLOEXEC), "openat64", 1);
	check_fd(__open_2(name, O_RDONLY), "__open_2", 0);
	check_fd(__open64_2(name, O_RDONLY), "__open64_2", 0);
	check_file(fopen(name, "r"), "fopen");
	check_file(fopen64(name, "rb"), "fopen64");
	rc = stat(name, &st);
	check_stat(rc, st.st_size, st.st_mode, "stat");
	rc = lstat(name, &st);
	check_stat(rc, st.st_size, st.st_mode, "lstat");
	rc = fstatat(AT_FDCWD, name, &st, 0);
	check_stat(rc, st.st_size, st.st_mode, "fstatat");
	rc = stat64(name, &st64);
	check_stat(rc, st64.st_size, st64.st_mode, "stat64");
	rc = lstat64(name, &st64);
	check_stat(rc, st64.st_size, st64.st_mode, "lstat64");
	rc = fstatat64(AT_FDCWD, name, &st64, 0);
	check_stat(rc, st64.st_size, st64.st_mode, "fstatat64");

	/* Any other open goes through, errno untouched. */
	errno = EXDEV;
	fd = open(exp_path, O_RDONLY);
	e = errno;
	report(fd >= 0 && e == EXDEV, "another file opens from disk with errno untouched");
	if (fd >= 0)
		close(fd);
	errno = 0;
	fd = open("no-such-file", O_RDONLY);
	report(fd < 0 && errno == ENOENT, "a missing file is ENOENT");

	/* A write to the requested name is the disk's business. */
	fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
	report(fd >= 0 && fstat(fd, &st) == 0 && st.st_nlink == 1 && st.st_size == 0,
	       "a write to the requested name goes to disk");
	if (fd >= 0) {
		close(fd);
		unlink(name);
	}
	fd = open(name, O_RDWR);
	report(fd < 0 && errno == ENOENT, "a read-write open of the requested name goes to disk");

	/* A datagram that is not a read request changes nothing. */
	{
		struct sockaddr_in to;
		socklen_t tl = sizeof to;
		char dns[32] = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w', 'w', 0};
		char buf[64];
		int cli = socket(AF_INET, SOCK_DGRAM, 0);

		getsockname(srv, (struct sockaddr *)&to, &tl);
		sendto(cli, dns, 17, 0, (struct sockaddr *)&to, tl);
		recvfrom(srv, buf, sizeof buf, 0, NULL, NULL);
		close(cli);
		fd = open(name, O_RDONLY);
		report(fd >= 0 && same_content(fd),
		       "a DNS query with ID 1 is not taken for a request");
		if (fd >= 0)
			close(fd);
	}

	/* Only the latest request counts. */
	report(request(srv, "something-else.bin", 1) == 0, "a read request arrives by recvmsg");
	fd = open(name, O_RDONLY);
	report(fd < 0 && errno == ENOENT, "after another request, the old name goes to disk");

	/* [::] socket: the client is ::ffff:127.0.0.1, logged as 127.0.0.1. */
	srv6 = udp_socket(AF_INET6);
	if (srv6 < 0) {
		printf("skip - probe: IPv4-mapped client: no IPv6 socket here\n");
	} else {
		report(request(srv6, name, 1) == 0, "a read request arrives on a [::] socket");
		check_fd(open(name, O_RDONLY), "open after a [::] request", 0);
		close(srv6);
	}
	close(srv);
	return failures != 0;
}

static int inert(const char *name)
{
	int srv = udp_socket(AF_INET);
	int fd;

	report(srv >= 0 && request(srv, name, 0) == 0, "inert: a read request arrives");
	errno = EXDEV;
	fd = open(name, O_RDONLY);
	report(fd < 0 && errno == ENOENT, "inert: the requested name goes to disk");
	close(srv);
	return failures != 0;
}

/* A refused name looks missing to every call, even with a file on disk. */
static int denied(const char *name)
{
	int srv = udp_socket(AF_INET);
	struct stat st;
	struct stat64 st64;
	int fd;

	report(srv >= 0 && request(srv, name, 0) == 0, "denied: a read request arrives");
	report(stat(name, &st) < 0 && errno == ENOENT, "denied: stat says ENOENT, as open does");
	report(lstat(name, &st) < 0 && errno == ENOENT, "denied: lstat says ENOENT");
	report(fstatat(AT_FDCWD, name, &st, 0) < 0 && errno == ENOENT,
	       "denied: fstatat says ENOENT");
	report(stat64(name, &st64) < 0 && errno == ENOENT, "denied: stat64 says ENOENT");
	fd = open(name, O_RDONLY);
	report(fd < 0 && errno == ENOENT, "denied: open says ENOENT though the file is on disk");
	if (fd >= 0)
		close(fd);
	close(srv);
	return failures != 0;
}

/*
 * A server that reads a request without asking who sent it (recvfrom with
 * no address, on a socket that is not connected): the shim cannot know the
 * client, and under strict binding a phone's file must not be served.
 */
static int anon(const char *name)
{
	int srv = udp_socket(AF_INET), cli = socket(AF_INET, SOCK_DGRAM, 0), fd;
	struct sockaddr_in to;
	socklen_t tl = sizeof to;
	unsigned char pkt[600], buf[600];
	size_t n = strlen(name);

	pkt[0] = 0;
	pkt[1] = 1;
	memcpy(pkt + 2, name, n + 1);
	memcpy(pkt + 2 + n + 1, "octet", 6);
	report(srv >= 0 && cli >= 0 && getsockname(srv, (struct sockaddr *)&to, &tl) == 0 &&
	           sendto(cli, pkt, 2 + n + 1 + 6, 0, (struct sockaddr *)&to, tl) > 0 &&
	           recvfrom(srv, buf, sizeof buf, 0, NULL, NULL) > 0,
	       "anon: a read request arrives, its sender not asked for");
	errno = 0;
	fd = open(name, O_RDONLY);
	report(fd < 0 && errno == ENOENT, "anon: a phone's file for nobody knows whom: not found");
	if (fd >= 0)
		close(fd);
	close(cli);
	close(srv);
	return failures != 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && strcmp(argv[1], "active") == 0)
		return active(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "inert") == 0)
		return inert(argv[2]);
	if (argc == 3 && strcmp(argv[1], "denied") == 0)
		return denied(argv[2]);
	if (argc == 3 && strcmp(argv[1], "anon") == 0)
		return anon(argv[2]);
	fprintf(stderr, "usage: probe active NAME EXPECTED | probe inert NAME | probe denied NAME |"
	                " probe anon NAME\n");
	return 2;
}
