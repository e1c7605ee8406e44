// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * QEMU's monitor protocol (QMP) on a UNIX socket: the greeting, the
 * capabilities handshake, a command and its answer, HMP commands passed
 * through human-monitor-command. Messages are JSON objects, each ended by
 * CRLF; asynchronous events may come between a command and its answer and
 * are skipped. JSON is read and written by json-c. Every wait is bounded:
 * a monitor that stops answering is -ETIMEDOUT, one that went away -EPIPE.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "internal.h"

struct hwp_qmp {
	int fd;
	int timeout_ms;
	int pid;                      /* the peer: QEMU's process */
	char version[32];             /* "7.2.22" */
	json_tokener *tok;
	char buf[4096];               /* read ahead, not yet given to the tokener */
	size_t len, pos;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* More bytes from the socket before deadline: 0, -ETIMEDOUT, -EPIPE (closed) or -errno. */
static int fill(struct hwp_qmp *q, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		struct pollfd p = { .fd = q->fd, .events = POLLIN };
		int r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ETIMEDOUT;
		ssize_t n = read(q->fd, q->buf, sizeof(q->buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == ECONNRESET ? -EPIPE : -errno;
		if (n == 0)
			return -EPIPE;
		q->len = (size_t)n;
		q->pos = 0;
		return 0;
	}
}

/* The next whole JSON object the monitor sent: 0 with *ret (put it), or -errno. */
static int next_object(struct hwp_qmp *q, int64_t deadline, json_object **ret)
{
	for (;;) {
		while (q->pos < q->len && (q->buf[q->pos] == '\r' || q->buf[q->pos] == '\n' ||
					    q->buf[q->pos] == ' '))
			q->pos++;
		if (q->pos == q->len) {
			int r = fill(q, deadline);
			if (r < 0)
				return r;
			continue;
		}
		json_object *o = json_tokener_parse_ex(q->tok, q->buf + q->pos, (int)(q->len - q->pos));
		enum json_tokener_error e = json_tokener_get_error(q->tok);
		if (e == json_tokener_continue) {
			q->pos = q->len;
			continue;
		}
		if (e != json_tokener_success) {
			json_tokener_reset(q->tok);
			return -EPROTO;
		}
		q->pos += json_tokener_get_parse_end(q->tok);
		json_tokener_reset(q->tok);
		if (!json_object_is_type(o, json_type_object)) {
			json_object_put(o);
			return -EPROTO;
		}
		*ret = o;
		return 0;
	}
}

static int send_object(struct hwp_qmp *q, json_object *o)
{
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t n = send(q->fd, text + done, len - done, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EPIPE || errno == ECONNRESET ? -EPIPE : -errno;
		done += (size_t)n;
	}
	return send(q->fd, "\r\n", 2, MSG_NOSIGNAL) == 2 ? 0 : -EPIPE;
}

int hwp_qmp_execute(struct hwp_qmp *q, const char *command, json_object *args,
		    json_object **ret, char *error, size_t error_len)
{
	json_object *msg = json_object_new_object();
	if (!msg)
		return -ENOMEM;
	json_object_object_add(msg, "execute", json_object_new_string(command));
	if (args)
		json_object_object_add(msg, "arguments", json_object_get(args));
	int r = send_object(q, msg);
	json_object_put(msg);
	int64_t deadline = now_ms() + q->timeout_ms;
	while (r == 0) {
		json_object *o, *v;
		if ((r = next_object(q, deadline, &o)) < 0)
			break;
		if (json_object_object_get_ex(o, "return", &v)) {
			if (ret)
				*ret = json_object_get(v);
			json_object_put(o);
			return 0;
		}
		if (json_object_object_get_ex(o, "error", &v)) {
			json_object *desc;
			if (error && error_len)
				snprintf(error, error_len, "%s",
					 json_object_object_get_ex(v, "desc", &desc)
						 ? json_object_get_string(desc) : "error");
			json_object_put(o);
			return -EREMOTEIO;
		}
		json_object_put(o);   /* an event: not the answer */
	}
	return r;
}

int hwp_qmp_hmp(struct hwp_qmp *q, const char *command_line, char *out, size_t out_len)
{
	json_object *args = json_object_new_object(), *ret = NULL;
	if (!args)
		return -ENOMEM;
	json_object_object_add(args, "command-line", json_object_new_string(command_line));
	char error[256];
	int r = hwp_qmp_execute(q, "human-monitor-command", args, &ret, error, sizeof(error));
	json_object_put(args);
	if (r == 0) {
		if (json_object_is_type(ret, json_type_string))
			snprintf(out, out_len, "%s", json_object_get_string(ret));
		else
			r = -EPROTO;
		json_object_put(ret);
	} else if (r == -EREMOTEIO) {
		snprintf(out, out_len, "%s", error);
	}
	return r;
}

/* {"QMP": {"version": {"qemu": {"major": 7, "minor": 2, "micro": 22}, ...}, ...}} */
static int greeting(struct hwp_qmp *q)
{
	json_object *o, *qmp, *version, *qemu;
	int r = next_object(q, now_ms() + q->timeout_ms, &o);
	if (r < 0)
		return r == -ETIMEDOUT ? -EPROTO : r;   /* silent: not a QMP monitor */
	if (!json_object_object_get_ex(o, "QMP", &qmp)) {
		json_object_put(o);
		return -EPROTO;
	}
	if (json_object_object_get_ex(qmp, "version", &version) &&
	    json_object_object_get_ex(version, "qemu", &qemu)) {
		json_object *ma, *mi, *mc;
		if (json_object_object_get_ex(qemu, "major", &ma) &&
		    json_object_object_get_ex(qemu, "minor", &mi) &&
		    json_object_object_get_ex(qemu, "micro", &mc))
			snprintf(q->version, sizeof(q->version), "%d.%d.%d", json_object_get_int(ma),
				 json_object_get_int(mi), json_object_get_int(mc));
	}
	json_object_put(o);
	return 0;
}

static int peer_pid(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 ? (int)cred.pid : -1;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

int hwp_qmp_open(const char *path, int timeout_ms, struct hwp_qmp **ret)
{
	int fd = connect_unix(path);
	if (fd < 0)
		return fd;
	struct hwp_qmp *q = calloc(1, sizeof(*q));
	if (!q || !(q->tok = json_tokener_new())) {
		free(q);
		close(fd);
		return -ENOMEM;
	}
	q->fd = fd;
	q->timeout_ms = timeout_ms;
	q->pid = peer_pid(fd);
	int r = greeting(q);
	if (r == 0)
		r = hwp_qmp_execute(q, "qmp_capabilities", NULL, NULL, NULL, 0);
	if (r < 0) {
		hwp_qmp_close(q);
		return r == -EREMOTEIO ? -EPROTO : r;
	}
	*ret = q;
	return 0;
}

void hwp_qmp_close(struct hwp_qmp *q)
{
	if (!q)
		return;
	close(q->fd);
	json_tokener_free(q->tok);
	free(q);
}

int hwp_qmp_pid(const struct hwp_qmp *q)
{
	return q->pid;
}

const char *hwp_qmp_version(const struct hwp_qmp *q)
{
	return q->version;
}
