/* health.c: liveness of the worker and the two stores it needs. */
#include "resources/health.h"

#include <stdlib.h>

#include "cache/cache.h"
#include "db/db.h"
#include "http/response.h"

static const char *const sql_ping = "SELECT 1 AS ok";

int health_get(struct request *req)
{
	json_t *row = NULL;
	int db_ok = db_row(req->app->db, &row, sql_ping, DB_NOARGS) == 1;
	json_decref(row);
	int redis_ok = cache_ping(req->app->cache) == 0;
	json_t *data = json_pack("{s:s, s:s, s:s}", "status", db_ok && redis_ok ? "ok" : "unavailable",
				 "db", db_ok ? "ok" : "unavailable", "redis",
				 redis_ok ? "ok" : "unavailable");
	if (redis_ok) {
		/* The task queue: waiting jobs, and whether a consumer has looked in lately. */
		char *beat = NULL;
		cache_get(req->app->cache, WORKER_HEARTBEAT_KEY, &beat);
		json_object_set_new(data, "queue",
				    json_pack("{s:I, s:b}", "waiting",
					      (json_int_t)cache_queue_length(req->app->cache, QUEUE_TASKS),
					      "worker", beat != NULL));
		free(beat);
	}
	if (db_ok && redis_ok)
		return reply_data(req, 200, data);
	reply_error(req, ERR_UNAVAILABLE, NULL, "%s unavailable",
		    !db_ok && !redis_ok ? "db and redis are" : !db_ok ? "db is" : "redis is");
	/* Keep the per-part status beside the error so monitors can read either. */
	json_object_set_new(req->out, "data", data);
	return -1;
}
