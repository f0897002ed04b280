/* The server's TLS certificate: the operator's checked, or a self-signed one generated and renewed (GnuTLS). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "log.h"
#include "tls.h"

/* A PEM certificate chain or key larger than this is not one. */
enum { MAX_PEM = 1 << 20 };

/* A certificate chain and a key as GnuTLS objects. */
typedef struct pair {
	gnutls_x509_crt_t *crts; /* the server's certificate first */
	unsigned n_crts;
	gnutls_x509_privkey_t key;
} pair_t;

static void pair_free(pair_t *p)
{
	for (unsigned i = 0; i < p->n_crts; i++)
		gnutls_x509_crt_deinit(p->crts[i]);
	gnutls_free(p->crts);
	if (p->key)
		gnutls_x509_privkey_deinit(p->key);
	memset(p, 0, sizeof(*p));
}

void tls_creds_free(tls_creds_t *creds)
{
	if (!creds)
		return;
	free(creds->cert_pem);
	if (creds->key_pem) {
		/* The key should not linger in freed memory. */
		explicit_bzero(creds->key_pem, strlen(creds->key_pem));
		free(creds->key_pem);
	}
	memset(creds, 0, sizeof(*creds));
}

void tls_names_add_ip(tls_names_t *names, const char *ip)
{
	for (size_t i = 0; i < names->n_ip; i++)
		if (strcmp(names->ip[i], ip) == 0)
			return;
	if (names->n_ip < sizeof(names->ip) / sizeof(names->ip[0]) && strlen(ip) < sizeof(names->ip[0]))
		snprintf(names->ip[names->n_ip++], sizeof(names->ip[0]), "%s", ip);
}

/* A whole small regular file, NUL-terminated; NULL with a sentence in `err`. */
static char *read_small_file(const char *path, size_t *len, char *err, size_t errsize)
{
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsize, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_PEM) {
		snprintf(err, errsize, "%s is not a PEM file (not a regular file, or larger than 1 MiB)", path);
		close(fd);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf || got != (size_t)st.st_size) {
		snprintf(err, errsize, "cannot read %s: %s", path, buf ? "short read" : "out of memory");
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* True when the certificate's public key is the private key's. */
static bool key_matches(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
	unsigned char a[64], b[64];
	size_t la = sizeof(a), lb = sizeof(b);
	if (gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, a, &la) < 0 ||
	    gnutls_x509_privkey_get_key_id(key, GNUTLS_KEYID_USE_SHA256, b, &lb) < 0)
		return false;
	return la == lb && memcmp(a, b, la) == 0;
}

/* Parses a PEM chain and a PEM key and checks that they belong together. */
static bool parse_pair(const char *cert_pem, size_t cert_len, const char *cert_name, const char *key_pem,
                       size_t key_len, const char *key_name, pair_t *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof(*out));
	gnutls_datum_t cd = {.data = (unsigned char *)(uintptr_t)cert_pem, .size = (unsigned)cert_len};
	int rc = gnutls_x509_crt_list_import2(&out->crts, &out->n_crts, &cd, GNUTLS_X509_FMT_PEM, 0);
	if (rc < 0 || out->n_crts == 0) {
		snprintf(err, errsize, "%s holds no PEM certificate (%s)", cert_name,
		         rc < 0 ? gnutls_strerror(rc) : "empty");
		out->n_crts = 0;
		return false;
	}
	gnutls_datum_t kd = {.data = (unsigned char *)(uintptr_t)key_pem, .size = (unsigned)key_len};
	rc = gnutls_x509_privkey_init(&out->key);
	if (rc >= 0)
		rc = gnutls_x509_privkey_import2(out->key, &kd, GNUTLS_X509_FMT_PEM, NULL, 0);
	if (rc < 0) {
		snprintf(err, errsize, "%s holds no usable PEM private key (%s; encrypted keys are not supported)",
		         key_name, gnutls_strerror(rc));
		pair_free(out);
		return false;
	}
	if (!key_matches(out->crts[0], out->key)) {
		snprintf(err, errsize, "the private key in %s is not the key of the certificate in %s", key_name,
		         cert_name);
		pair_free(out);
		return false;
	}
	return true;
}

/* "2036-11-20" for log lines. */
static void format_date(time_t t, char *buf, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

bool tls_creds_load(tls_creds_t *out, const char *cert_file, const char *key_file, char *err, size_t errsize)
{
	memset(out, 0, sizeof(*out));
	size_t cert_len, key_len;
	out->cert_pem = read_small_file(cert_file, &cert_len, err, errsize);
	if (!out->cert_pem)
		return false;
	out->key_pem = read_small_file(key_file, &key_len, err, errsize);
	if (!out->key_pem) {
		tls_creds_free(out);
		return false;
	}
	pair_t pair;
	if (!parse_pair(out->cert_pem, cert_len, cert_file, out->key_pem, key_len, key_file, &pair, err, errsize)) {
		tls_creds_free(out);
		return false;
	}
	time_t until = gnutls_x509_crt_get_expiration_time(pair.crts[0]);
	char date[32];
	format_date(until, date, sizeof(date));
	if (until < time(NULL))
		log_msg(LOG_WARN, "TLS: the certificate in %s expired on %s; clients will refuse it", cert_file, date);
	else
		log_msg(LOG_INFO, "TLS: certificate %s (valid until %s)", cert_file, date);
	pair_free(&pair);
	snprintf(out->cert_path, sizeof(out->cert_path), "%s", cert_file);
	return true;
}

/* True when the certificate is valid now, for long enough, and names every host and address. */
static bool still_good(gnutls_x509_crt_t crt, const tls_names_t *names, const char **why)
{
	time_t now = time(NULL);
	if (gnutls_x509_crt_get_activation_time(crt) > now) {
		*why = "is not valid yet (the clock went back?)";
		return false;
	}
	if (gnutls_x509_crt_get_expiration_time(crt) < now + (time_t)TLS_RENEW_DAYS * 86400) {
		*why = "expires within 30 days";
		return false;
	}
	for (size_t i = 0; i < names->n_dns; i++)
		if (!gnutls_x509_crt_check_hostname2(crt, names->dns[i], 0)) {
			*why = "does not name this host";
			return false;
		}
	for (size_t i = 0; i < names->n_ip; i++) {
		unsigned char ip[16];
		int v6 = strchr(names->ip[i], ':') != NULL;
		if (inet_pton(v6 ? AF_INET6 : AF_INET, names->ip[i], ip) != 1)
			continue;
		if (!gnutls_x509_crt_check_ip(crt, ip, v6 ? 16 : 4, 0)) {
			*why = "does not name every listening address";
			return false;
		}
	}
	return true;
}

/* Writes a file through a temporary name, fsync and rename, so that it is never seen half-written. */
static bool write_atomic(const char *dir, const char *name, const void *data, size_t len, mode_t mode, char *err,
                         size_t errsize)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name) >= (int)sizeof(tmp)) {
		snprintf(err, errsize, "the path %s/%s is too long", dir, name);
		return false;
	}
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		snprintf(err, errsize, "cannot create %s: %s", tmp, strerror(errno));
		return false;
	}
	/* The umask may have narrowed or (for the key, never) widened the mode: set it exactly. */
	bool ok = fchmod(fd, mode) == 0;
	size_t done = 0;
	while (ok && done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		if (ok)
			done += (size_t)n;
	}
	ok = ok && fsync(fd) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(ok ? errno : saved));
		unlink(tmp);
		return false;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return true;
}

/* Puts the host and address names in the certificate's subjectAltName. */
static int add_alt_names(gnutls_x509_crt_t crt, const tls_names_t *names)
{
	int rc = 0;
	for (size_t i = 0; rc >= 0 && i < names->n_dns; i++)
		rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, names->dns[i],
		                                          (unsigned)strlen(names->dns[i]), GNUTLS_FSAN_APPEND);
	for (size_t i = 0; rc >= 0 && i < names->n_ip; i++) {
		unsigned char ip[16];
		int v6 = strchr(names->ip[i], ':') != NULL;
		if (inet_pton(v6 ? AF_INET6 : AF_INET, names->ip[i], ip) == 1)
			rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, v6 ? 16 : 4,
			                                          GNUTLS_FSAN_APPEND);
	}
	return rc;
}

/* A new key and a certificate signed by it, as PEM in `cert` and `key` (freed with gnutls_free). */
static int generate(const tls_names_t *names, gnutls_datum_t *cert, gnutls_datum_t *key)
{
	gnutls_x509_privkey_t pk = NULL;
	gnutls_x509_crt_t crt = NULL;
	unsigned char serial[16];
	time_t now = time(NULL);
	const char *cn = names->n_dns ? names->dns[0] : "localhost";
	int rc = gnutls_x509_privkey_init(&pk);
	if (rc >= 0)
		rc = gnutls_x509_privkey_generate2(pk, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1),
		                                   0, NULL, 0);
	if (rc >= 0)
		rc = gnutls_x509_crt_init(&crt);
	if (rc >= 0)
		rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof(serial));
	serial[0] &= 0x7f; /* a positive INTEGER */
	serial[0] |= 0x01; /* with no leading zero octet */
	if (rc >= 0)
		rc = gnutls_x509_crt_set_version(crt, 3);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_serial(crt, serial, sizeof(serial));
	/* An hour back, for clients whose clock is a little behind. */
	if (rc >= 0)
		rc = gnutls_x509_crt_set_activation_time(crt, now - 3600);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_expiration_time(crt, now + (time_t)TLS_CERT_DAYS * 86400);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn, (unsigned)strlen(cn));
	if (rc >= 0)
		rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "ippd", 4);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_key(crt, pk);
	if (rc >= 0)
		rc = add_alt_names(crt, names);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE);
	if (rc >= 0)
		rc = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0);
	if (rc >= 0)
		rc = gnutls_x509_crt_sign2(crt, crt, pk, GNUTLS_DIG_SHA256, 0);
	if (rc >= 0)
		rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, cert);
	if (rc >= 0) {
		rc = gnutls_x509_privkey_export2_pkcs8(pk, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, key);
		if (rc < 0) {
			gnutls_free(cert->data);
			cert->data = NULL;
		}
	}
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (pk)
		gnutls_x509_privkey_deinit(pk);
	return rc;
}

/* Generates and writes a new pair into `dir`: the key first, so that a crash between leaves a mismatch, not a lie. */
static bool renew(const char *dir, const tls_names_t *names, char *err, size_t errsize)
{
	gnutls_datum_t cert = {0}, key = {0};
	int rc = generate(names, &cert, &key);
	if (rc < 0) {
		snprintf(err, errsize, "cannot generate a TLS certificate: %s", gnutls_strerror(rc));
		return false;
	}
	bool ok = write_atomic(dir, "ippd.key", key.data, key.size, 0600, err, errsize) &&
	          write_atomic(dir, "ippd.crt", cert.data, cert.size, 0644, err, errsize);
	explicit_bzero(key.data, key.size);
	gnutls_free(key.data);
	gnutls_free(cert.data);
	return ok;
}

bool tls_creds_self_signed(tls_creds_t *out, const char *state_dir, const tls_names_t *names, char *err,
                           size_t errsize)
{
	memset(out, 0, sizeof(*out));
	char dir[PATH_MAX], cert_path[PATH_MAX], key_path[PATH_MAX];
	if (snprintf(dir, sizeof(dir), "%s/tls", state_dir) >= (int)sizeof(dir) ||
	    snprintf(cert_path, sizeof(cert_path), "%s/ippd.crt", dir) >= (int)sizeof(cert_path) ||
	    snprintf(key_path, sizeof(key_path), "%s/ippd.key", dir) >= (int)sizeof(key_path)) {
		snprintf(err, errsize, "the state folder's path is too long for the TLS files");
		return false;
	}
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, errsize, "cannot create %s: %s", dir, strerror(errno));
		return false;
	}
	/* Two tries: the pair on disk, then a fresh one when that is missing, broken, stale or too narrow. */
	for (int attempt = 0; attempt < 2; attempt++) {
		char why[512] = "";
		const char *stale = NULL;
		size_t cert_len = 0, key_len = 0;
		pair_t pair;
		out->cert_pem = read_small_file(cert_path, &cert_len, why, sizeof(why));
		out->key_pem = out->cert_pem ? read_small_file(key_path, &key_len, why, sizeof(why)) : NULL;
		if (out->key_pem &&
		    parse_pair(out->cert_pem, cert_len, cert_path, out->key_pem, key_len, key_path, &pair, why,
		               sizeof(why))) {
			bool good = still_good(pair.crts[0], names, &stale);
			time_t until = gnutls_x509_crt_get_expiration_time(pair.crts[0]);
			pair_free(&pair);
			if (good) {
				char date[32];
				format_date(until, date, sizeof(date));
				log_msg(LOG_INFO, "TLS: self-signed certificate %s (valid until %s)", cert_path, date);
				snprintf(out->cert_path, sizeof(out->cert_path), "%s", cert_path);
				return true;
			}
			snprintf(why, sizeof(why), "the certificate %s", stale);
		}
		tls_creds_free(out);
		if (attempt == 1) {
			snprintf(err, errsize, "the TLS certificate just generated in %s is not usable: %s", dir, why);
			return false;
		}
		if (access(cert_path, F_OK) == 0)
			log_msg(LOG_INFO, "TLS: making a new self-signed certificate: %s", why);
		else
			log_msg(LOG_INFO, "TLS: making a self-signed certificate in %s", cert_path);
		if (!renew(dir, names, err, errsize))
			return false;
	}
	return false;
}
