/* The configuration file: the printers beyond the default one, and their settings. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_CONFIG_H
#define IPPD_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "access.h"
#include "server.h"

enum { CONFIG_MAX_PRINTERS = 64 };

typedef struct printer_config {
	char name[64];      /* "" for the default printer's section */
	char info[128];
	char location[128];
	char organization[128];        /* printer-organization */
	char organizational_unit[128]; /* printer-organizational-unit */
	bool color;
	bool duplex;
	int history;        /* finished jobs kept */
	access_policy_t policy; /* auth, print-users, operators, admins, job-privacy-* (access.h) */
	char device_uri[1024]; /* "" for the file device (output.h) */
	int device_timeout;    /* seconds */
	int device_retries;
	char device_ca_file[1024];   /* ipps devices: trust this PEM file instead of the system store */
	char device_pinned_key[256]; /* ipps devices: "sha256//BASE64[;sha256//...]" public key pin(s) */
	uri_policy_t uri_policy; /* print-uri-* keys: Print-URI/Send-URI (uri-policy.h) */
} printer_config_t;

typedef struct config {
	printer_config_t printers[CONFIG_MAX_PRINTERS]; /* [0] is always the default printer */
	size_t n_printers;
	char password_file[4096];     /* "" for STATE/passwd */
	bool allow_basic_on_loopback; /* loopback counts as a safe channel for Basic (default yes) */
	char pam_service[128];        /* "" : passwords are checked against the password file */
	char pam_config_dir[4096];    /* "" : the PAM service is read from /etc/pam.d */
} config_t;

/*
 * Reads `path` (NULL: no file, only the default printer).  The format:
 *
 *   # comment
 *   [default]            settings of the printer at /ipp/print
 *   info = Front desk
 *   [printer office]     another printer, at /ipp/print/office
 *   location = 2nd floor
 *   organization = Example Corp       printer-organization (default "")
 *   organizational-unit = Accounting  printer-organizational-unit (default "")
 *   color = no           color, duplex: yes/no
 *   history = 1000       finished jobs kept (default 500)
 *   auth = basic         none (default: requesting-user-name is trusted) or basic
 *   print-users = alice, @staff    who may print (default everyone)
 *   operators = olga     admins = root     roles beyond the password file's
 *   job-privacy-attributes = default      job-privacy-scope = owner
 *   password-file = PATH, allow-basic-on-loopback = yes|no   ([default] only)
 *   pam-service = NAME, pam-config-dir = DIR   ([default] only: passwords checked by PAM)
 *
 * The access keys of a [printer NAME] section default to [default]'s.
 *   device-uri = ipp://printer.local/ipp/print   where jobs go (output.h; default file:)
 *   device-timeout = 300 seconds a device may take (command run, socket drain)
 *   device-retries = 5   attempts of a socket device before the job aborts
 *   device-ca-file = /etc/ippd/printer.pem    ipps:// devices: trust these certificates,
 *   device-pinned-key = sha256//BASE64        or this public key (docs/internals/devices.md)
 *   print-uri-schemes = http https file   Print-URI/Send-URI, off by default;
 *   print-uri-hosts = 127.0.0.1           the hosts http(s) may name,
 *   print-uri-folder = /srv/print         the folder file: may name,
 *   print-uri-timeout = 60                seconds per fetch (uri-policy.h)
 *
 * Printer names are 1-63 characters of letters, digits, '-' and '_', and
 * not all digits (a job's path is the printer's path and its id).  False
 * with "FILE:LINE: what is wrong" in `err`.
 */
bool config_load(config_t *cfg, const char *path, char *err, size_t errsize);

/*
 * Creates the printers that do not exist yet (starting their workers when
 * the service is already running) and updates the settings of those that
 * do.  A printer removed from the file stays until a restart (its jobs
 * would otherwise vanish); that is logged.
 */
bool config_apply(system_t *sys, const config_t *cfg, char *err, size_t errsize);

#endif
