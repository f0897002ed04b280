/* `ippd passwd`: adds, changes and deletes users of the password file. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PASSWD_CMD_H
#define IPPD_SERVER_PASSWD_CMD_H

/* Runs `ippd passwd ARGS` (argv[0] is "passwd"); the exit status. */
int passwd_command(int argc, char **argv);

#endif
