/* The server's TLS certificate: the operator's, or a self-signed one ippd makes and keeps in its state folder. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_TLS_H
#define IPPD_SERVER_TLS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/* Days a generated certificate is valid, and the days before its end when a start makes a new one. */
enum { TLS_CERT_DAYS = 3650, TLS_RENEW_DAYS = 30 };

/* The names a generated certificate must cover: DNS names and IP addresses (text form). */
typedef struct tls_names {
	const char *dns[8];
	size_t n_dns;
	char ip[16][46];
	size_t n_ip;
} tls_names_t;

/* A certificate (chain) and its private key, PEM, NUL-terminated, for libmicrohttpd. */
typedef struct tls_creds {
	char *cert_pem;
	char *key_pem;
	char cert_path[PATH_MAX]; /* where the certificate is, for the log and for clients' --cacert */
} tls_creds_t;

/*
 * The operator's certificate and key (--tls-cert, --tls-key).  False with a
 * sentence in `err` when either cannot be read or parsed, the key is
 * encrypted, or the key is not the certificate's.  Free with tls_creds_free().
 */
bool tls_creds_load(tls_creds_t *out, const char *cert_file, const char *key_file, char *err, size_t errsize);

/*
 * The self-signed certificate in STATE_DIR/tls/: kept when it parses, its
 * key matches, it has more than TLS_RENEW_DAYS left and it covers every
 * name in `names`; otherwise a new ECDSA P-256 key and certificate are
 * generated and written atomically (key mode 0600).  False with a sentence
 * in `err` on failure.  Free with tls_creds_free().
 */
bool tls_creds_self_signed(tls_creds_t *out, const char *state_dir, const tls_names_t *names, char *err,
                           size_t errsize);

void tls_creds_free(tls_creds_t *creds);

/* Adds an IP address (text) to `names` unless it is there already or the list is full. */
void tls_names_add_ip(tls_names_t *names, const char *ip);

#endif
