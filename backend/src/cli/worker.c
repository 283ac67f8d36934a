/* worker.c: `qiao worker`: consumes the task queue until SIGTERM (or, with --once, until the
 * queue is empty), retrying a failed job a few times before it is dropped; seals new audit
 * entries into the hash chain about once a second; once a day rescores the employers and
 * forgets old idempotency keys. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/db.h"
#include "http/idempotency.h"
#include "resources/audit.h"
#include "resources/interactions.h"
#include "tasks/tasks.h"

#define MAX_ATTEMPTS 5

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Runs one job; a failure puts it back with its attempt count, up to MAX_ATTEMPTS. */
static int handle(struct app *app, const char *text)
{
	json_t *job = json_loads(text, 0, NULL);
	int rc = job ? tasks_run(app, job) : -2;
	if (rc == -1) {
		json_int_t attempts = json_integer_value(json_object_get(job, "attempts")) + 1;
		if (attempts < MAX_ATTEMPTS) {
			json_object_set_new(job, "attempts", json_integer(attempts));
			char *again = json_dumps(job, JSON_COMPACT);
			if (again)
				cache_queue_push(app->cache, QUEUE_TASKS, again);
			free(again);
			sleep(1); /* a failing dependency gets a moment */
		} else {
			rc = -2;
		}
	}
	if (rc == -2)
		log_json(LOG_ERROR, "job dropped", json_pack("{s:s}", "job", text));
	json_decref(job);
	return rc;
}

/* The day's work, at start and then once a day; 0 when all of it is done. */
static int daily(struct app *app)
{
	int rescored = interactions_rescore(app, 0);
	int purged = idempotency_purge(app);
	return rescored == 0 && purged == 0 ? 0 : -1;
}

int cli_worker(struct app *app, int argc, char **argv)
{
	int once = argc > 0 && strcmp(argv[0], "--once") == 0;
	struct sigaction sa = {.sa_handler = on_term};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	log_set_level(app->cfg->log_level);
	long recovered = cache_queue_recover(app->cache, QUEUE_TASKS);
	if (recovered > 0)
		log_json(LOG_INFO, "jobs recovered", json_pack("{s:I}", "count", (json_int_t)recovered));
	long done = 0, failed = 0;
	time_t sealed_at = 0;
	char daily_on[11] = "";
	while (!stopping) {
		char today[11];
		clock_today(today);
		if (strcmp(today, daily_on) != 0 && daily(app) == 0)
			memcpy(daily_on, today, sizeof today);
		if (time(NULL) != sealed_at) {
			sealed_at = time(NULL);
			if (audit_seal(app) < 0)
				log_json(LOG_WARN, "audit seal failed",
					 json_pack("{s:s}", "error", db_error(app->db)));
		}
		char stamp[24];
		snprintf(stamp, sizeof stamp, "%lld", (long long)time(NULL));
		cache_set(app->cache, WORKER_HEARTBEAT_KEY, stamp, 30);
		char *job;
		/* Shorter than the Redis socket timeout (2 s), so a quiet queue is not a failure. */
		int got = cache_queue_pop(app->cache, QUEUE_TASKS, 1, &job);
		if (got < 0) {
			sleep(1); /* Redis is away; the pop reconnects next time */
			continue;
		}
		if (!got) {
			if (once)
				break;
			continue;
		}
		if (handle(app, job) == 0)
			done++;
		else
			failed++;
		cache_queue_ack(app->cache, QUEUE_TASKS, job);
		free(job);
	}
	printf("{\"done\":%ld,\"failed\":%ld}\n", done, failed);
	return 0;
}
