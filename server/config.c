/* Reading the configuration file and applying it to the system, at start-up and on SIGHUP. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "output.h"
#include "subscription.h"
#include "system.h"

static void printer_defaults(printer_config_t *pc, const char *name)
{
	memset(pc, 0, sizeof(*pc));
	snprintf(pc->name, sizeof(pc->name), "%s", name);
	snprintf(pc->info, sizeof(pc->info), "%s", name[0] ? name : "ippd");
	pc->color = true;
	pc->duplex = true;
	pc->history = 500;
	pc->device_timeout = OUTPUT_DEFAULT_TIMEOUT;
	pc->device_retries = OUTPUT_DEFAULT_RETRIES;
	uri_policy_init(&pc->uri_policy);
}

/* device-ca-file: an absolute path to a readable regular file of at most 1 MiB. */
static bool ca_file_ok(const char *value, char *why, size_t whysize)
{
	struct stat st;
	if (value[0] != '/' || strlen(value) >= sizeof(((printer_config_t *)0)->device_ca_file)) {
		snprintf(why, whysize, "must be an absolute path, not '%s'", value);
		return false;
	}
	if (stat(value, &st) != 0 || access(value, R_OK) != 0) {
		snprintf(why, whysize, "%s: %s", value, strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (1 << 20)) {
		snprintf(why, whysize, "%s is not a PEM file of certificates", value);
		return false;
	}
	return true;
}

/* device-pinned-key: "sha256//" and 44 base64 characters, possibly several joined by ';' (libcurl's form). */
static bool pinned_key_ok(const char *value)
{
	size_t n = strlen(value);
	if (n == 0 || n >= sizeof(((printer_config_t *)0)->device_pinned_key))
		return false;
	for (const char *p = value;;) {
		if (strncmp(p, "sha256//", 8) != 0)
			return false;
		p += 8;
		size_t len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
		if (len != 44 || p[43] != '=')
			return false;
		p += len;
		if (*p == '\0')
			return true;
		if (*p != ';')
			return false;
		p++;
	}
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || strspn(s, "0123456789") == n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

static bool parse_bool(const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0)
		*out = false;
	else
		return false;
	return true;
}

bool config_load(config_t *cfg, const char *path, char *err, size_t errsize)
{
	memset(cfg, 0, sizeof(*cfg));
	printer_defaults(&cfg->printers[0], "");
	cfg->n_printers = 1;
	cfg->allow_basic_on_loopback = true;
	if (!path)
		return true;
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errsize, "%s: cannot open it", path);
		return false;
	}
	char line[1024];
	int lineno = 0;
	printer_config_t *cur = NULL;
	bool ok = true;
	while (ok && fgets(line, sizeof(line), f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close) {
				snprintf(err, errsize, "%s:%d: a section needs a closing ]", path, lineno);
				ok = false;
				break;
			}
			*close = '\0';
			char *sec = trim(s + 1);
			if (strcmp(sec, "default") == 0) {
				cur = &cfg->printers[0];
				continue;
			}
			if (strncmp(sec, "printer", 7) != 0 || !isspace((unsigned char)sec[7])) {
				snprintf(err, errsize, "%s:%d: sections are [default] and [printer NAME]", path, lineno);
				ok = false;
				break;
			}
			char *name = trim(sec + 7);
			if (!valid_name(name)) {
				snprintf(err, errsize,
				         "%s:%d: printer name '%s' must be 1-63 letters, digits, - or _, not all digits", path,
				         lineno, name);
				ok = false;
				break;
			}
			for (size_t i = 1; i < cfg->n_printers; i++)
				if (strcmp(cfg->printers[i].name, name) == 0) {
					snprintf(err, errsize, "%s:%d: printer '%s' is defined twice", path, lineno, name);
					ok = false;
				}
			if (!ok)
				break;
			if (cfg->n_printers == CONFIG_MAX_PRINTERS) {
				snprintf(err, errsize, "%s:%d: at most %d printers", path, lineno, CONFIG_MAX_PRINTERS);
				ok = false;
				break;
			}
			cur = &cfg->printers[cfg->n_printers++];
			printer_defaults(cur, name);
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq || !cur) {
			snprintf(err, errsize, "%s:%d: expected 'key = value' inside a [default] or [printer NAME] section",
			         path, lineno);
			ok = false;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		char why[300];
		int policy = uri_policy_set(&cur->uri_policy, key, value, why, sizeof(why));
		int access_key = policy ? 0 : access_config_key(&cur->policy, key, value, why, sizeof(why));
		if (policy < 0) {
			snprintf(err, errsize, "%s:%d: %s", path, lineno, why);
			ok = false;
		} else if (policy > 0)
			;
		else if (access_key < 0) {
			snprintf(err, errsize, "%s:%d: %s", path, lineno, why);
			ok = false;
		} else if (access_key > 0)
			;
		else if ((strcmp(key, "password-file") == 0 || strcmp(key, "allow-basic-on-loopback") == 0 ||
		          strcmp(key, "pam-service") == 0 || strcmp(key, "pam-config-dir") == 0) &&
		         cur != &cfg->printers[0]) {
			snprintf(err, errsize, "%s:%d: %s is a service-wide key: put it in [default]", path, lineno, key);
			ok = false;
		} else if (strcmp(key, "password-file") == 0 && value[0] == '/' &&
		           strlen(value) < sizeof(cfg->password_file))
			snprintf(cfg->password_file, sizeof(cfg->password_file), "%s", value);
		else if (strcmp(key, "allow-basic-on-loopback") == 0 && parse_bool(value, &cfg->allow_basic_on_loopback))
			;
		else if (strcmp(key, "pam-service") == 0 && value[0] && strlen(value) < sizeof(cfg->pam_service) &&
		         strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == strlen(value))
			snprintf(cfg->pam_service, sizeof(cfg->pam_service), "%s", value);
		else if (strcmp(key, "pam-config-dir") == 0 && value[0] == '/' && strlen(value) < sizeof(cfg->pam_config_dir))
			snprintf(cfg->pam_config_dir, sizeof(cfg->pam_config_dir), "%s", value);
		else if (strcmp(key, "info") == 0)
			snprintf(cur->info, sizeof(cur->info), "%s", value);
		else if (strcmp(key, "location") == 0)
			snprintf(cur->location, sizeof(cur->location), "%s", value);
		else if (strcmp(key, "organization") == 0)
			snprintf(cur->organization, sizeof(cur->organization), "%s", value);
		else if (strcmp(key, "organizational-unit") == 0)
			snprintf(cur->organizational_unit, sizeof(cur->organizational_unit), "%s", value);
		else if (strcmp(key, "color") == 0 && parse_bool(value, &cur->color))
			;
		else if (strcmp(key, "duplex") == 0 && parse_bool(value, &cur->duplex))
			;
		else if (strcmp(key, "history") == 0 && atoi(value) >= 0 && strspn(value, "0123456789") == strlen(value))
			cur->history = atoi(value);
		else if (strcmp(key, "device-uri") == 0) {
			if (strlen(value) >= sizeof(cur->device_uri)) {
				snprintf(err, errsize, "%s:%d: device-uri is longer than %zu characters", path, lineno,
				         sizeof(cur->device_uri) - 1);
				ok = false;
			} else if (!output_check_uri(value, why, sizeof(why))) {
				snprintf(err, errsize, "%s:%d: %s", path, lineno, why);
				ok = false;
			} else {
				snprintf(cur->device_uri, sizeof(cur->device_uri), "%s", value);
			}
		} else if (strcmp(key, "device-timeout") == 0 && strspn(value, "0123456789") == strlen(value) &&
		           strlen(value) <= 6 && atoi(value) >= 1 && atoi(value) <= 86400)
			cur->device_timeout = atoi(value);
		else if (strcmp(key, "device-retries") == 0 && strspn(value, "0123456789") == strlen(value) &&
		         strlen(value) <= 4 && atoi(value) <= 1000 && value[0])
			cur->device_retries = atoi(value);
		else if (strcmp(key, "device-ca-file") == 0) {
			if (!ca_file_ok(value, why, sizeof(why))) {
				snprintf(err, errsize, "%s:%d: device-ca-file %s", path, lineno, why);
				ok = false;
			} else {
				snprintf(cur->device_ca_file, sizeof(cur->device_ca_file), "%s", value);
			}
		} else if (strcmp(key, "device-pinned-key") == 0) {
			if (!pinned_key_ok(value)) {
				snprintf(err, errsize,
				         "%s:%d: device-pinned-key must be sha256// and the base64 SHA-256 of the printer's public "
				         "key (several separated by ';'), not '%s'",
				         path, lineno, value);
				ok = false;
			} else {
				snprintf(cur->device_pinned_key, sizeof(cur->device_pinned_key), "%s", value);
			}
		} else {
			snprintf(err, errsize, "%s:%d: unknown key or bad value: %s = %s", path, lineno, key, value);
			ok = false;
		}
	}
	fclose(f);
	for (size_t i = 0; ok && i < cfg->n_printers; i++) {
		char why[300];
		if (!uri_policy_complete(&cfg->printers[i].uri_policy, why, sizeof(why))) {
			snprintf(err, errsize, "%s: [%s]: %s", path,
			         cfg->printers[i].name[0] ? cfg->printers[i].name : "default", why);
			ok = false;
		}
		const printer_config_t *pc = &cfg->printers[i];
		if ((pc->device_ca_file[0] || pc->device_pinned_key[0]) && strncmp(pc->device_uri, "ipps://", 7) != 0) {
			snprintf(err, errsize, "%s: [%s]: device-ca-file and device-pinned-key are for an ipps:// device-uri",
			         path, pc->name[0] ? pc->name : "default");
			ok = false;
		}
	}
	return ok;
}

static printer_t *find_by_name(system_t *sys, const printer_config_t *pc)
{
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		if (pc->name[0] ? (!p->is_default && strcmp(p->name, pc->name) == 0) : p->is_default)
			return p;
	}
	return NULL;
}

/* The access policy and the password file's path (STATE/passwd unless password-file says otherwise). */
static bool apply_access(system_t *sys, const config_t *cfg, char *err, size_t errsize)
{
	access_policy_t *policies = calloc(CONFIG_MAX_PRINTERS, sizeof(*policies));
	const char **names = calloc(CONFIG_MAX_PRINTERS, sizeof(*names));
	size_t n = 0;
	for (size_t i = 1; policies && names && i < cfg->n_printers; i++) {
		policies[n] = cfg->printers[i].policy;
		names[n++] = cfg->printers[i].name;
	}
	bool ok = policies && names &&
	          access_apply(&cfg->printers[0].policy, policies, names, n, cfg->allow_basic_on_loopback);
	free(policies);
	free(names);
	if (!ok) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	char path[sizeof(cfg->password_file) + 16];
	if (cfg->password_file[0])
		snprintf(path, sizeof(path), "%s", cfg->password_file);
	else
		snprintf(path, sizeof(path), "%.4000s/passwd", sys->state_dir);
	auth_set_passwd_path(path);
	auth_set_pam(cfg->pam_service, cfg->pam_config_dir);
	return true;
}

bool config_apply(system_t *sys, const config_t *cfg, char *err, size_t errsize)
{
	bool running = false;
	system_lock(sys);
	for (size_t i = 0; i < sys->n_printers; i++)
		running |= sys->printers[i]->worker_started;
	system_unlock(sys);

	for (size_t i = 0; i < cfg->n_printers; i++) {
		const printer_config_t *pc = &cfg->printers[i];
		system_lock(sys);
		printer_t *p = find_by_name(sys, pc);
		system_unlock(sys);
		if (!p) {
			printer_caps_t caps;
			printer_caps_default(&caps);
			caps.color = pc->color;
			caps.duplex = pc->duplex;
			p = system_add_printer(sys, pc->name[0] ? pc->name : "ippd", pc->name[0] == '\0', &caps, err,
			                       errsize);
			if (!p)
				return false;
			if (running && !printer_start_worker(p)) {
				snprintf(err, errsize, "cannot start the worker of printer %s", p->name);
				return false;
			}
		}
		system_lock(sys);
		snprintf(p->info, sizeof(p->info), "%s", pc->info);
		snprintf(p->location, sizeof(p->location), "%s", pc->location);
		/* Only when configured: a SIGHUP must not undo a Set-Printer-Attributes of printer-organization. */
		if (pc->organization[0])
			snprintf(p->organization, sizeof(p->organization), "%s", pc->organization);
		if (pc->organizational_unit[0])
			snprintf(p->organizational_unit, sizeof(p->organizational_unit), "%s", pc->organizational_unit);
		p->history = pc->history;
		snprintf(p->device_uri, sizeof(p->device_uri), "%s", pc->device_uri);
		p->device_timeout = pc->device_timeout;
		p->device_retries = pc->device_retries;
		snprintf(p->device_ca_file, sizeof(p->device_ca_file), "%s", pc->device_ca_file);
		snprintf(p->device_pinned_key, sizeof(p->device_pinned_key), "%s", pc->device_pinned_key);
		p->uri_policy = pc->uri_policy;
		p->config_change_time = time(NULL);
		sub_printer_event_locked(p, EV_PRINTER_CONFIG_CHANGED, "was reconfigured");
		system_unlock(sys);
	}
	system_lock(sys);
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		bool listed = false;
		for (size_t k = 0; k < cfg->n_printers; k++)
			listed |= (cfg->printers[k].name[0] ? (!p->is_default && strcmp(p->name, cfg->printers[k].name) == 0)
			                                    : p->is_default);
		if (!listed && !p->created)
			log_printer(p, LOG_WARN, "no longer in the configuration; it stays until ippd restarts");
	}
	system_unlock(sys);
	return apply_access(sys, cfg, err, errsize);
}
