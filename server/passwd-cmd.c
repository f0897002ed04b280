/* `ippd passwd`: adds, changes and deletes users of the password file. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <termios.h>
#include <unistd.h>

#include "passwd.h"
#include "passwd-cmd.h"

static void usage(FILE *out)
{
	fputs("usage: ippd passwd [--state-dir DIR | --file PATH] [--role user|operator|admin] [--groups LIST]\n"
	      "                   [--delete] USER\n"
	      "\n"
	      "Adds USER to ippd's password file or changes their password (read from the terminal\n"
	      "without echo, twice, or as one line from standard input when it is not a terminal).\n"
	      "With --role or --groups, an existing user keeps their password and only those change.\n"
	      "\n"
	      "  --state-dir DIR  the file is DIR/passwd (default /var/lib/ippd/passwd)\n"
	      "  --file PATH      the password file itself (password-file in the configuration)\n"
	      "  --role ROLE      user (no role), operator or admin\n"
	      "  --groups LIST    other groups, comma-separated, for print-users = @GROUP and the like\n"
	      "  --delete         remove USER\n",
	      out);
}

/* One line from `f` into `buf` without its line end; false at EOF or when too long. */
static bool read_line(FILE *f, char *buf, size_t size)
{
	if (!fgets(buf, (int)size, f))
		return false;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(f))
		return false;
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return true;
}

/* Prompts on the terminal with echo off. */
static bool ask(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	/* Echo goes off before the prompt shows, so that nothing typed after it is echoed or lost. */
	bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	fputs(prompt, stderr);
	fflush(stderr);
	bool ok = read_line(stdin, buf, size);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', stderr);
	return ok;
}

/* The new password, from the terminal (twice) or one line of standard input. */
static bool read_password(const char *user, char *pw, size_t size)
{
	if (!isatty(STDIN_FILENO)) {
		if (!read_line(stdin, pw, size)) {
			fprintf(stderr, "ippd passwd: no password on standard input (one line, at most %d bytes)\n",
			        PASSWD_MAX_PASSWORD);
			return false;
		}
	} else {
		char prompt[PASSWD_MAX_USER + 40], again[PASSWD_MAX_PASSWORD + 2];
		snprintf(prompt, sizeof(prompt), "New password for %s: ", user);
		if (!ask(prompt, pw, size) || !ask("Again: ", again, sizeof(again))) {
			fprintf(stderr, "ippd passwd: no password read\n");
			return false;
		}
		bool same = strcmp(pw, again) == 0;
		explicit_bzero(again, sizeof(again));
		if (!same) {
			fprintf(stderr, "ippd passwd: the two passwords differ; nothing changed\n");
			return false;
		}
	}
	if (!pw[0]) {
		fprintf(stderr, "ippd passwd: the password is empty; nothing changed\n");
		return false;
	}
	return true;
}

/* The groups of `old` with the role replaced by `role` and the other groups by `others` (NULL: kept). */
static bool new_groups(const char *old, const char *role, const char *others, char *out, size_t size)
{
	char keep[PASSWD_MAX_GROUPS + 1] = "", copy[PASSWD_MAX_GROUPS + 1];
	passwd_entry_t e;
	snprintf(e.groups, sizeof(e.groups), "%s", old);
	if (!role)
		role = passwd_in_group(&e, "admin") ? "admin" : passwd_in_group(&e, "operator") ? "operator" : "user";
	snprintf(copy, sizeof(copy), "%s", others ? others : old);
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "admin") == 0 || strcmp(t, "operator") == 0)
			continue;
		if (strlen(keep) + strlen(t) + 2 > sizeof(keep))
			return false;
		if (keep[0])
			strcat(keep, ",");
		strcat(keep, t);
	}
	int n = snprintf(out, size, "%s%s%s", strcmp(role, "user") ? role : "", strcmp(role, "user") && keep[0] ? "," : "",
	                 keep);
	return n >= 0 && (size_t)n < size && passwd_valid_groups(out);
}

int passwd_command(int argc, char **argv)
{
	static const struct option opts[] = {
		{"state-dir", required_argument, NULL, 's'}, {"file", required_argument, NULL, 'f'},
		{"role", required_argument, NULL, 'r'},      {"groups", required_argument, NULL, 'g'},
		{"delete", no_argument, NULL, 'd'},          {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char path[4096] = "/var/lib/ippd/passwd";
	const char *role = NULL, *groups = NULL;
	bool del = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (snprintf(path, sizeof(path), "%s/passwd", optarg) >= (int)sizeof(path)) {
				fprintf(stderr, "ippd passwd: --state-dir is too long\n");
				return 2;
			}
			break;
		case 'f':
			snprintf(path, sizeof(path), "%s", optarg);
			break;
		case 'r':
			role = optarg;
			if (strcmp(role, "user") && strcmp(role, "operator") && strcmp(role, "admin")) {
				fprintf(stderr, "ippd passwd: --role must be user, operator or admin, not '%s'\n", role);
				return 2;
			}
			break;
		case 'g':
			groups = optarg;
			if (!passwd_valid_groups(groups)) {
				fprintf(stderr, "ippd passwd: --groups must be names of letters, digits, - and _, comma-separated\n");
				return 2;
			}
			break;
		case 'd':
			del = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	const char *user = argv[optind];
	if (!passwd_valid_user(user)) {
		fprintf(stderr, "ippd passwd: '%s' is not a valid user name (1-255 bytes, no space, ':' or control character)\n",
		        user);
		return 2;
	}

	/* One writer at a time: a lock file beside the password file. */
	char lock_path[4200];
	snprintf(lock_path, sizeof(lock_path), "%s.lock", path);
	int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0 || flock(lock, LOCK_EX) != 0) {
		fprintf(stderr, "ippd passwd: cannot lock %s: %s\n", lock_path, strerror(errno));
		if (lock >= 0)
			close(lock);
		return 1;
	}
	int rc = 1;
	char err[700] = "";
	passwd_file_t pf;
	if (!passwd_load(&pf, path, err, sizeof(err))) {
		fprintf(stderr, "ippd passwd: %s\n", err);
		goto out;
	}
	const passwd_entry_t *old = passwd_find(&pf, user);
	if (del) {
		if (!passwd_delete(&pf, user)) {
			fprintf(stderr, "ippd passwd: there is no user %s in %s\n", user, path);
			goto out;
		}
	} else {
		char g[PASSWD_MAX_GROUPS + 1];
		if (!new_groups(old ? old->groups : "", role, groups, g, sizeof(g))) {
			fprintf(stderr, "ippd passwd: the groups do not fit in %d bytes\n", PASSWD_MAX_GROUPS);
			goto out;
		}
		char hash[PASSWD_MAX_HASH + 1], pw[PASSWD_MAX_PASSWORD + 2];
		bool only_groups = old && (role || groups);
		if (!only_groups) {
			bool ok = read_password(user, pw, sizeof(pw)) && passwd_hash(pw, hash, sizeof(hash), err, sizeof(err));
			explicit_bzero(pw, sizeof(pw));
			if (!ok) {
				if (err[0])
					fprintf(stderr, "ippd passwd: %s\n", err);
				goto out;
			}
		}
		if (!passwd_set(&pf, user, only_groups ? NULL : hash, g)) {
			fprintf(stderr, "ippd passwd: out of memory\n");
			goto out;
		}
	}
	if (!passwd_save(&pf, path, err, sizeof(err))) {
		fprintf(stderr, "ippd passwd: %s\n", err);
		goto out;
	}
	printf("%s %s in %s\n", user, del ? "deleted" : old ? "changed" : "added", path);
	rc = 0;
out:
	passwd_free(&pf);
	close(lock);
	return rc;
}
