/* tasks.h: the jobs `qiao worker` runs, one table from the task name to its function. */
#ifndef QIAO_TASKS_H
#define QIAO_TASKS_H

#include <jansson.h>

#include "app.h"

/* Runs one job ({"task": name, ...arguments}). Returns 0 when done (or when there was
 * nothing to do), -1 when it failed and should be retried, -2 when the job can never run
 * (unknown task, bad arguments: it is dropped with a log line). */
int tasks_run(struct app *app, json_t *job);

#endif
