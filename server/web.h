/* The web interface: HTML status pages, job thumbnails, and administrators' forms with CSRF tokens. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_WEB_H
#define IPPD_SERVER_WEB_H

#include <stdbool.h>

#include <microhttpd.h>

#include "server.h"

/*
 * Answers a GET or HEAD: "/" lists the printers, "/style.css" the one
 * stylesheet, a printer's path shows it (?page=N pages its history), a
 * job's path (printer path + "/ID") shows the job, and "/thumbnail" after
 * that draws its first page.  Else 404.
 */
enum MHD_Result web_answer(system_t *sys, struct MHD_Connection *c, const char *url);

/* A form POST (application/x-www-form-urlencoded) in progress. */
typedef struct web_form web_form_t;

/* True when the request is a form POST for web_form_*(), not an IPP request. */
bool web_is_form(struct MHD_Connection *c);

/* Starts reading a form POST to `url` (copied); NULL when out of memory. */
web_form_t *web_form_new(struct MHD_Connection *c, const char *url);

/* A piece of the body (at most 4 KiB in all are kept; the fields are short). */
void web_form_feed(web_form_t *f, const char *data, size_t len);

/*
 * The body has ended: checks the CSRF token against the cookie (403 when
 * missing or wrong), then the same access rules as IPP (access_check: 401
 * with a challenge, 403), runs the action (pause, resume, purge, cancel)
 * through the IPP operation's own handler and redirects (303) to the
 * printer's page.  `peer` is "ADDR:PORT", `secure` whether TLS carried it.
 */
enum MHD_Result web_form_answer(system_t *sys, web_form_t *f, struct MHD_Connection *c, const char *peer,
                                bool secure);

/* Frees the form; NULL does nothing. */
void web_form_free(web_form_t *f);

#endif
