/* worker.h: one FastCGI worker process: accept, handle, answer, until told to stop. */
#ifndef QIAO_WORKER_H
#define QIAO_WORKER_H

#include "core/config.h"

/* Serves requests from listen_fd until SIGTERM (finishing the request in flight).
 * Returns the process exit status. */
int worker_run(const struct config *cfg, int listen_fd);

#endif
