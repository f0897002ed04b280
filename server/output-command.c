/* The command device: a program of the administrator's reads each document on stdin, job attributes in its environment. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "output.h"

/* Environment entries: the fixed ones and one per Job Template attribute, each bounded. */
enum { ENV_MAX = 96, ENV_VALUE_MAX = 1024, STDERR_KEEP = 4096, KILL_GRACE_MS = 2000 };

typedef struct env {
	char *v[ENV_MAX + 1];
	size_t n;
} env_t;

static const char *program_of(const char *uri)
{
	return uri + 8; /* after "command:" */
}

static bool command_check(const char *uri, char *err, size_t errsize)
{
	const char *prog = program_of(uri);
	struct stat st;
	if (prog[0] != '/') {
		snprintf(err, errsize, "device-uri: a command: URI names a program by its absolute path (command:/usr/bin/x)");
		return false;
	}
	if (stat(prog, &st) != 0 || !S_ISREG(st.st_mode) || access(prog, X_OK) != 0) {
		snprintf(err, errsize, "device-uri: %.200s is not an executable file", prog);
		return false;
	}
	return true;
}

static void env_free(env_t *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
	e->n = 0;
}

/* True when the environment already holds `name`. */
static bool env_has(const env_t *e, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < e->n; i++)
		if (strncmp(e->v[i], name, n) == 0 && e->v[i][n] == '=')
			return true;
	return false;
}

/* Adds NAME=value with the value made safe (untrusted text from clients); the first of a name wins. */
static void env_add(env_t *e, const char *name, const char *value)
{
	if (e->n >= ENV_MAX || env_has(e, name))
		return;
	char clean[ENV_VALUE_MAX];
	output_clean_text(clean, sizeof(clean), value, strlen(value));
	size_t size = strlen(name) + strlen(clean) + 2;
	char *s = malloc(size);
	if (!s)
		return;
	snprintf(s, size, "%s=%s", name, clean);
	e->v[e->n++] = s;
}

static void env_add_int(env_t *e, const char *name, long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	env_add(e, name, buf);
}

/* IPP_COPIES for "copies": upper case, '-' and '.' as '_'; false for a name with anything else. */
static bool env_name(const char *attr, char *buf, size_t size)
{
	int n = snprintf(buf, size, "IPP_");
	for (const char *s = attr; *s; s++) {
		if ((size_t)n + 2 > size)
			return false;
		if (isalnum((unsigned char)*s))
			buf[n++] = (char)toupper((unsigned char)*s);
		else if (*s == '-' || *s == '_' || *s == '.')
			buf[n++] = '_';
		else
			return false;
	}
	buf[n] = '\0';
	return true;
}

/* The values of a simple attribute joined by commas ("" for collections and other syntaxes). */
static void attr_text(const ippd_attr_t *a, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ippd_attr_count(a) && o + 1 < size; i++) {
		ippd_tag_t tag = ippd_attr_get_tag(a, i);
		const char *s = ippd_attr_get_string(a, i, NULL);
		char num[48];
		int32_t lo, hi;
		if (tag == IPPD_TAG_INTEGER || tag == IPPD_TAG_ENUM) {
			snprintf(num, sizeof(num), "%d", (int)ippd_attr_get_integer(a, i));
			s = num;
		} else if (tag == IPPD_TAG_BOOLEAN) {
			s = ippd_attr_get_boolean(a, i) ? "true" : "false";
		} else if (tag == IPPD_TAG_RANGE && ippd_attr_get_range(a, i, &lo, &hi)) {
			snprintf(num, sizeof(num), "%d-%d", (int)lo, (int)hi);
			s = num;
		} else if (tag == IPPD_TAG_OCTET_STRING || tag == IPPD_TAG_BEGIN_COLLECTION) {
			s = NULL;
		}
		if (!s)
			continue;
		int n = snprintf(buf + o, size - o, "%s%s", o ? "," : "", s);
		if (n < 0 || (size_t)n >= size - o) {
			buf[o] = '\0';
			break;
		}
		o += (size_t)n;
	}
}

/* The program's whole environment, built under the lock from the job and the document. */
static void build_env(output_device_t *dev, job_t *job, const output_doc_t *doc, env_t *e)
{
	printer_t *p = dev->p;
	env_add(e, "PATH", "/usr/local/bin:/usr/bin:/bin");
	env_add(e, "LC_ALL", "C");
	env_add(e, "TMPDIR", "/tmp");
	env_add(e, "DEVICE_URI", dev->uri);
	system_lock(p->sys);
	env_add(e, "PRINTER_NAME", p->name);
	env_add(e, "PRINTER_PATH", p->path);
	env_add_int(e, "IPP_JOB_ID", job->id);
	env_add(e, "IPP_JOB_NAME", job->name);
	env_add(e, "IPP_JOB_ORIGINATING_USER_NAME", job->owner);
	env_add(e, "IPP_JOB_UUID", job->uuid);
	env_add_int(e, "IPP_JOB_PRIORITY", job->priority);
	env_add_int(e, "IPP_DOCUMENT_COUNT", job->n_docs);
	env_add_int(e, "IPP_DOCUMENT_NUMBER", doc->number);
	env_add(e, "IPP_DOCUMENT_FORMAT", doc->format);
	env_add(e, "IPP_DOCUMENT_NAME", doc->name);
	env_add_int(e, "IPP_DOCUMENT_SIZE", doc->size);
	/* Every Job Template attribute with simple values: IPP_COPIES, IPP_MEDIA, IPP_SIDES ... */
	char name[80], value[ENV_VALUE_MAX];
	for (const ippd_attr_t *a = ippd_group_first(ippd_msg_first_group(job->attrs)); a; a = ippd_attr_next(a)) {
		if (!env_name(ippd_attr_get_name(a), name, sizeof(name)))
			continue;
		attr_text(a, value, sizeof(value));
		if (value[0])
			env_add(e, name, value);
	}
	system_unlock(p->sys);
	if (!env_has(e, "IPP_COPIES"))
		env_add(e, "IPP_COPIES", "1");
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The last line of what the program wrote on stderr, made safe. */
static void last_line(const char *buf, size_t n, char *out, size_t size)
{
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	size_t start = n;
	while (start && buf[start - 1] != '\n')
		start--;
	output_clean_text(out, size, buf + start, n - start);
}

/* Keeps the tail of the program's stderr: what is read past STDERR_KEEP pushes the oldest half out. */
typedef struct tail {
	char buf[STDERR_KEEP];
	size_t n;
} tail_t;

static void tail_read(tail_t *t, int fd, bool *open)
{
	for (;;) {
		if (t->n == sizeof(t->buf)) {
			memmove(t->buf, t->buf + sizeof(t->buf) / 2, sizeof(t->buf) / 2);
			t->n = sizeof(t->buf) / 2;
		}
		ssize_t r = read(fd, t->buf + t->n, sizeof(t->buf) - t->n);
		if (r > 0) {
			t->n += (size_t)r;
			continue;
		}
		if (r == 0 || (errno != EINTR && errno != EAGAIN))
			*open = false;
		if (r < 0 && errno == EINTR)
			continue;
		return;
	}
}

/* True when the program has ended; it stays a zombie (its group id reserved) until reaped. */
static bool has_exited(pid_t pid)
{
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

/* Reaps the ended program after killing what it left running in its group. */
static void reap(pid_t pid, int *status)
{
	kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

/* Ends the program's whole process group: SIGTERM, then SIGKILL after a grace period; reaps it. */
static void kill_group(pid_t pid, int *status)
{
	kill(-pid, SIGTERM);
	long long until = now_ms() + KILL_GRACE_MS;
	while (now_ms() < until && !has_exited(pid)) {
		struct timespec ts = {0, 20 * 1000000L};
		nanosleep(&ts, NULL);
	}
	reap(pid, status);
}

/* Starts the program in its own process group with the document on stdin and stderr into `errfd`. */
static int spawn(const char *prog, int docfd, int errfd, env_t *env, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	posix_spawn_file_actions_adddup2(&fa, docfd, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	/* ippd's sockets and database must not leak into the program. */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	/* Its own group, so that a timeout or a cancel ends everything it started; signals as new. */
	sigset_t none, dfl;
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGHUP);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	char *argv[] = {(char *)prog, NULL};
	env->v[env->n] = NULL;
	int rc = posix_spawn(pid, prog, &fa, &at, argv, env->v);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return rc;
}

/* Runs the program once for one document. */
static output_status_t run_one(output_device_t *dev, job_t *job, const output_doc_t *doc, char *error,
                               size_t errsize)
{
	printer_t *p = dev->p;
	const char *prog = program_of(dev->uri);
	int docfd = open(doc->path, O_RDONLY | O_CLOEXEC);
	if (docfd < 0) {
		snprintf(error, errsize, "cannot open the spooled document: %s", strerror(errno));
		return OUTPUT_FAILED;
	}
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(error, errsize, "cannot make a pipe for the command: %s", strerror(errno));
		close(docfd);
		return OUTPUT_FAILED;
	}
	env_t env = {.n = 0};
	build_env(dev, job, doc, &env);
	pid_t pid;
	int rc = spawn(prog, docfd, fds[1], &env, &pid);
	env_free(&env);
	close(docfd);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		snprintf(error, errsize, "cannot run %s: %s", prog, strerror(rc));
		return OUTPUT_FAILED;
	}
	log_job(job, LOG_DEBUG, "document %d -> %s (pid %d)", doc->number, prog, (int)pid);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);

	tail_t *tail = calloc(1, sizeof(*tail));
	bool open_err = tail != NULL;
	long long deadline = now_ms() + (long long)dev->timeout * 1000;
	int status = 0;
	enum { RUNNING, EXITED, TIMED_OUT, CANCELED, STOPPING } how = RUNNING;
	while (how == RUNNING) {
		struct pollfd pfd = {fds[0], POLLIN, 0};
		if (open_err && poll(&pfd, 1, 100) > 0)
			tail_read(tail, fds[0], &open_err);
		else if (!open_err)
			poll(NULL, 0, 100);
		if (has_exited(pid))
			how = EXITED;
		else if (output_stopping(p))
			how = STOPPING;
		else if (output_interrupted(p, job))
			how = CANCELED;
		else if (now_ms() >= deadline)
			how = TIMED_OUT;
	}
	/* Children it left running in its group do not outlive the document. */
	if (how != EXITED)
		kill_group(pid, &status);
	else
		reap(pid, &status);
	if (open_err)
		tail_read(tail, fds[0], &open_err);
	close(fds[0]);

	char line[200] = "";
	if (tail)
		last_line(tail->buf, tail->n, line, sizeof(line));
	free(tail);
	switch (how) {
	case STOPPING:
		log_job(job, LOG_INFO, "ippd is stopping: %s was ended", prog);
		return OUTPUT_STOPPED;
	case CANCELED:
		log_job(job, LOG_INFO, "canceled: %s was ended", prog);
		return OUTPUT_DONE;
	case TIMED_OUT:
		snprintf(error, errsize, "The command did not finish within %d s (device-timeout) and was killed.",
		         dev->timeout);
		return OUTPUT_FAILED;
	default:
		break;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return OUTPUT_DONE;
	if (WIFEXITED(status))
		snprintf(error, errsize, "The command exited with status %d%s%s", WEXITSTATUS(status), line[0] ? ": " : ".",
		         line);
	else
		snprintf(error, errsize, "The command was killed by signal %d (%s)%s%s", WTERMSIG(status),
		         strsignal(WTERMSIG(status)), line[0] ? ": " : ".", line);
	return OUTPUT_FAILED;
}

static output_status_t command_run(output_device_t *dev, job_t *job, char *error, size_t errsize)
{
	for (int i = 0;; i++) {
		output_doc_t doc;
		if (!output_doc_get(dev->p, job, i, &doc))
			return output_stopping(dev->p) ? OUTPUT_STOPPED : OUTPUT_DONE;
		output_status_t st = run_one(dev, job, &doc, error, errsize);
		if (st == OUTPUT_FAILED)
			metrics_device_error(dev->p);
		if (st != OUTPUT_DONE)
			return st;
	}
}

const output_ops_t output_command_ops = {
	.scheme = "command",
	.check = command_check,
	.run = command_run,
};
