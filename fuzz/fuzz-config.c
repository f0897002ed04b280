/* libFuzzer harness for the configuration file parser: any text gives a configuration or one line naming the file and the fault. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

static config_t cfg; /* large: not on the stack */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	int fd = memfd_create("ippd.conf", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	char path[64], err[600];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err[0] = '\0';
	bool ok = config_load(&cfg, path, err, sizeof(err));
	close(fd);
	if (!ok) {
		/* A refusal names the file and says why, on one line. */
		if (strncmp(err, path, strlen(path)) != 0 || strchr(err, '\n'))
			abort();
		return 0;
	}
	/* What it accepted keeps its own bounds: [0] is the default printer, names are unique. */
	if (cfg.n_printers < 1 || cfg.n_printers > CONFIG_MAX_PRINTERS || cfg.printers[0].name[0])
		abort();
	for (size_t i = 1; i < cfg.n_printers; i++) {
		if (!cfg.printers[i].name[0] || strlen(cfg.printers[i].name) > 63)
			abort();
		for (size_t k = 1; k < i; k++)
			if (strcmp(cfg.printers[i].name, cfg.printers[k].name) == 0)
				abort();
	}
	return 0;
}
