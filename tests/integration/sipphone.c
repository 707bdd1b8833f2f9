/* SPDX-License-Identifier: MIT */
/*
 * sipphone: stands in for a phone's SIP port in the notify tests.
 *
 *   sipphone -a ADDR [-p PORT] [-m MODE] [-e EVENT] [-b ACTION] [-u USER]
 *            [-n COUNT] [-t SECONDS] [-l LOG]
 *
 * Binds ADDR:PORT (UDP, default 5060) and checks every request it gets as
 * phoneprov notify must send it: the request line (NOTIFY sip:USER@ADDR:PORT
 * SIP/2.0), Via with a z9hG4bK branch, Max-Forwards, From with a tag, To,
 * Call-ID, CSeq N NOTIFY, Event (EVENT), Content-Length equal to the body,
 * and for service-control Subscription-State, Content-Type text/plain and a
 * body whose first line is action=ACTION, with RegisterCallId.  Each
 * request is one LOG line:
 *   MS ok|bad:WHY retransmission|new CALL-ID BRANCH
 * (MS: milliseconds since the first request).  MODE: a status code to
 * answer with (200, 489 ...; default 200), "silent", "garbage" (an HTTP
 * reply), "otherbranch" (a SIP 200 for another transaction) or "trying"
 * (100 Trying, then 200 after 1 s).  The answer goes to the Via sent-by
 * address, so a wrong Via gets no answer.  Exits after COUNT requests that
 * were new transactions and answered (default 1; silent: requests of any
 * kind), or after SECONDS (default 40), printing the Event of the last one.
 * ADDR 0.0.0.0 takes requests to any address (for the pacing test), and
 * does not check the request line and To, which name the address.
 *   sipphone -s FILE -a ADDR [-p PORT]
 * sends FILE as one datagram to ADDR:PORT and prints the first line of the
 * answer, or "timeout" after 2 s (a request that a real stack must refuse).
 * Test tool, not part of phoneprov.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The value of header name (case-insensitive) in the header block, or NULL. */
static const char *header(const char *msg, const char *name, char *out, size_t len)
{
	size_t nl = strlen(name);
	for (const char *p = strstr(msg, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n")) {
		const char *h = p + 2;
		if (strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
			h += nl + 1;
			while (*h == ' ')
				h++;
			size_t n = strcspn(h, "\r\n");
			if (n >= len)
				n = len - 1;
			memcpy(out, h, n);
			out[n] = '\0';
			return out;
		}
	}
	return NULL;
}

static int send_raw(const char *path, const char *addr, int port)
{
	char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (f)
		fclose(f);
	if (!n || fd < 0 || inet_pton(AF_INET, addr, &to.sin_addr) != 1 ||
	    sendto(fd, buf, n, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("sipphone -s");
		return 1;
	}
	struct pollfd p = {fd, POLLIN, 0};
	ssize_t r = poll(&p, 1, 2000) == 1 ? recv(fd, buf, sizeof(buf) - 1, 0) : -1;
	if (r <= 0) {
		printf("timeout\n");
		return 0;
	}
	buf[r] = '\0';
	printf("%.*s\n", (int)strcspn(buf, "\r\n"), buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *addr = NULL, *mode = "200", *event = "check-sync", *action = "restart";
	const char *user = NULL, *logpath = NULL, *raw = NULL;
	int port = 5060, count = 1, opt;
	double limit = 40;

	while ((opt = getopt(argc, argv, "a:p:m:e:b:u:n:t:l:s:")) != -1) {
		switch (opt) {
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 'm':
			mode = optarg;
			break;
		case 'e':
			event = optarg;
			break;
		case 'b':
			action = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 't':
			limit = atof(optarg);
			break;
		case 'l':
			logpath = optarg;
			break;
		case 's':
			raw = optarg;
			break;
		default:
			return 2;
		}
	}
	if (!addr)
		return 2;
	if (raw)
		return send_raw(raw, addr, port);
	int any = !strcmp(addr, "0.0.0.0");
	FILE *log = logpath ? fopen(logpath, "a") : stderr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
	if (!log || fd < 0 || inet_pton(AF_INET, addr, &me.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&me, sizeof(me)) != 0) {
		perror("sipphone");
		return 1;
	}
	setvbuf(log, NULL, _IOLBF, 0);
	double t0 = 0, end = now_ms() + limit * 1e3, later = 0;
	char last_cid[256] = "", last_branch[128] = "", last_event[64] = "", pending[2048] = "";
	struct sockaddr_in pending_to;
	int done = 0;
	while (done < count) {
		double now = now_ms();
		if (now >= end)
			break;
		if (later && now >= later) { /* "trying": the final answer, a second later */
			sendto(fd, pending, strlen(pending), 0, (struct sockaddr *)&pending_to,
			       sizeof(pending_to));
			later = 0;
			done++;
			continue;
		}
		double wait = (later ? later : end) - now;
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, (int)wait + 1) != 1)
			continue;
		char buf[4096], v[512], why[128] = "", want[256];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &fl);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		if (!t0)
			t0 = now_ms();
		char via[512] = "", from_h[512] = "", to[512] = "", cid[256] = "", cseq[128] = "";
		char branch[128] = "", *body = strstr(buf, "\r\n\r\n");
		int vport = 5060;
		char vhost[64] = "";
		header(buf, "Via", via, sizeof(via));
		header(buf, "From", from_h, sizeof(from_h));
		header(buf, "To", to, sizeof(to));
		header(buf, "Call-ID", cid, sizeof(cid));
		header(buf, "CSeq", cseq, sizeof(cseq));
		const char *b = strstr(via, ";branch=");
		if (b)
			snprintf(branch, sizeof(branch), "%.*s", (int)strcspn(b + 8, ";"), b + 8);
		if (sscanf(via, "SIP/2.0/UDP %63[^:;]:%d", vhost, &vport) < 1)
			vhost[0] = '\0';
		snprintf(want, sizeof(want), "NOTIFY sip:%s%s%s:%d SIP/2.0\r\n", user ? user : "",
		         user ? "@" : "", addr, port);
		if (any ? strncmp(buf, "NOTIFY sip:", 11) != 0
		        : strncmp(buf, want, strlen(want)) != 0)
			snprintf(why, sizeof(why), "request line");
		else if (!vhost[0] || strncmp(branch, "z9hG4bK", 7) != 0 || strlen(branch) < 12)
			snprintf(why, sizeof(why), "Via");
		else if (!header(buf, "Max-Forwards", v, sizeof(v)))
			snprintf(why, sizeof(why), "Max-Forwards");
		else if (strncmp(from_h, "<sip:", 5) != 0 || !strstr(from_h, ";tag="))
			snprintf(why, sizeof(why), "From");
		else if (!any &&
		         snprintf(v, sizeof(v), "<sip:%s%s%s>", user ? user : "", user ? "@" : "",
		                  addr) > 0 &&
		         strcmp(to, v) != 0)
			snprintf(why, sizeof(why), "To");
		else if (!cid[0])
			snprintf(why, sizeof(why), "Call-ID");
		else if (!strstr(cseq, " NOTIFY") || atoi(cseq) <= 0)
			snprintf(why, sizeof(why), "CSeq");
		else if (!header(buf, "Event", v, sizeof(v)) || strcmp(v, event) != 0)
			snprintf(why, sizeof(why), "Event");
		else if (!body || !header(buf, "Content-Length", v, sizeof(v)) ||
		         atoi(v) != (int)strlen(body + 4))
			snprintf(why, sizeof(why), "Content-Length");
		else if (!strcmp(event, "service-control")) {
			char first[64];
			snprintf(want, sizeof(want), "action=%s", action);
			snprintf(first, sizeof(first), "%.*s", (int)strcspn(body + 4, "\r\n"),
			         body + 4);
			if (!header(buf, "Subscription-State", v, sizeof(v)))
				snprintf(why, sizeof(why), "Subscription-State");
			else if (!header(buf, "Content-Type", v, sizeof(v)) ||
			         strcmp(v, "text/plain"))
				snprintf(why, sizeof(why), "Content-Type");
			else if (strcmp(first, want) != 0 || !strstr(body, "\r\nRegisterCallId={"))
				snprintf(why, sizeof(why), "body");
		}
		int again = !strcmp(cid, last_cid) && !strcmp(branch, last_branch);
		fprintf(log, "%.0f %s%s %s %s %s\n", now_ms() - t0, why[0] ? "bad:" : "ok", why,
		        again ? "retransmission" : "new", cid, branch);
		snprintf(last_cid, sizeof(last_cid), "%s", cid);
		snprintf(last_branch, sizeof(last_branch), "%s", branch);
		if (!strcmp(mode, "silent")) {
			done++;
			continue;
		}
		if (why[0])
			continue;
		header(buf, "Event", last_event, sizeof(last_event));
		struct sockaddr_in dst = {.sin_family = AF_INET,
		                          .sin_port = htons((unsigned short)vport)};
		if (inet_pton(AF_INET, vhost, &dst.sin_addr) != 1)
			continue;
		char resp[2048];
		int code = !strcmp(mode, "trying") ? 100 : atoi(mode);
		if (!strcmp(mode, "garbage")) {
			snprintf(resp, sizeof(resp), "HTTP/1.1 400 Bad Request\r\n\r\n\x01\x02");
		} else {
			snprintf(resp, sizeof(resp),
			         "SIP/2.0 %d %s\r\nVia: %s\r\nFrom: %s\r\nTo: %s;tag=sp1\r\n"
			         "Call-ID: %s\r\nCSeq: %s\r\nContent-Length: 0\r\n\r\n",
			         code ? code : 200,
			         code == 100            ? "Trying"
			         : code == 200 || !code ? "OK"
			                                : "Refused",
			         !strcmp(mode, "otherbranch") ? "SIP/2.0/UDP x;branch=z9hG4bKother"
			                                      : via,
			         from_h, to, cid, cseq);
		}
		sendto(fd, resp, strlen(resp), 0, (struct sockaddr *)&dst, sizeof(dst));
		if (!strcmp(mode, "trying") && !again) {
			snprintf(pending, sizeof(pending),
			         "SIP/2.0 200 OK\r\nVia: %s\r\nFrom: %s\r\nTo: %s;tag=sp1\r\n"
			         "Call-ID: %s\r\nCSeq: %s\r\nContent-Length: 0\r\n\r\n",
			         via, from_h, to, cid, cseq);
			pending_to = dst;
			later = now_ms() + 1000;
		} else if (strcmp(mode, "trying") != 0 && !again && strcmp(mode, "garbage") != 0 &&
		           strcmp(mode, "otherbranch") != 0) {
			done++;
		}
	}
	printf("%s\n", last_event[0] ? last_event : "none");
	return 0;
}
