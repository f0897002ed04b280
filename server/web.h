/* The plain HTML status pages served to GET requests. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_WEB_H
#define IPPD_SERVER_WEB_H

#include <microhttpd.h>

#include "server.h"

/* Answers a GET or HEAD: "/" lists the printers, a printer's path shows its state and queue, else 404. */
enum MHD_Result web_answer(system_t *sys, struct MHD_Connection *c, const char *url);

#endif
