/* worker.c: accept loop: one request in, one arena, one response out. */
#include "worker.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cache/cache.h"
#include "core/log.h"
#include "db/db.h"
#include "http/request.h"
#include "http/response.h"
#include "routes.h"

static volatile sig_atomic_t stop_requested;

static void on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Reads exactly n body bytes into the arena; -1 when the client sent fewer. */
static int read_body(struct request *req, FCGX_Stream *in, size_t n)
{
	char *buf = arena_alloc(req->arena, n + 1);
	size_t got = 0;
	while (got < n) {
		size_t chunk = n - got > (1u << 30) ? (1u << 30) : n - got;
		int r = FCGX_GetStr(buf + got, (int)chunk, in);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	buf[n] = '\0';
	req->body = buf;
	req->body_len = n;
	return 0;
}

static int fcgi_write(void *ctx, const char *buf, size_t n)
{
	FCGX_Stream *out = ctx;
	while (n) {
		int chunk = n > (1u << 30) ? 1 << 30 : (int)n;
		if (FCGX_PutStr(buf, chunk, out) != chunk)
			return -1;
		buf += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

/* Reads what is left of the request's input, up to DRAIN_LIMIT bytes; 0 once it ended. */
#define DRAIN_LIMIT (1 << 20)
static int drain_input(FCGX_Stream *in)
{
	char buf[8192];
	size_t total = 0;
	int r;
	while ((r = FCGX_GetStr(buf, sizeof buf, in)) > 0)
		if ((total += (size_t)r) > DRAIN_LIMIT)
			return -1;
	return 0;
}

static void fill_request(struct request *req, FCGX_Request *fr)
{
	char **env = fr->envp;
	const char *uri = FCGX_GetParam("REQUEST_URI", env);
	const char *q = uri ? strchr(uri, '?') : NULL;
	req->method = FCGX_GetParam("REQUEST_METHOD", env);
	req->path = uri ? arena_strndup(req->arena, uri, q ? (size_t)(q - uri) : strlen(uri)) : "/";
	req->query_string = FCGX_GetParam("QUERY_STRING", env);
	req->content_type = FCGX_GetParam("CONTENT_TYPE", env);
	req->remote_addr = FCGX_GetParam("REMOTE_ADDR", env);
	req->authorization = FCGX_GetParam("HTTP_AUTHORIZATION", env);
	req->idempotency_key = FCGX_GetParam("HTTP_IDEMPOTENCY_KEY", env);
	req->request_id = FCGX_GetParam("REQUEST_ID", env);
	const char *cl = FCGX_GetParam("CONTENT_LENGTH", env);
	req->content_length = cl && *cl ? strtoll(cl, NULL, 10) : -1;
	if (!req->method)
		req->method = "GET";
}

static void handle(struct app *app, FCGX_Request *fr, struct arena *arena)
{
	double start = now_ms();
	struct request req = {.app = app, .arena = arena, .status = 200};
	fill_request(&req, fr);
	if (request_parse_query(&req, req.query_string) < 0) {
		reply_error(&req, ERR_BAD_REQUEST, NULL, "malformed query string");
	} else {
		const struct route *route = routes_find(&req);
		if (route) {
			size_t limit = routes_body_limit(route, app->cfg);
			if (req.content_length > 0 && (size_t)req.content_length <= limit &&
			    read_body(&req, fr->in, (size_t)req.content_length) < 0)
				reply_error(&req, ERR_BAD_REQUEST, NULL, "the body ended early");
			else
				routes_run(&req, route);
		}
	}
	size_t len;
	const char *head;
	char *body = response_render(&req, &len, &head);
	FCGX_PutS(head, fr->out);
	if (body)
		FCGX_PutStr(body, (int)len, fr->out);
	else if (req.stream(&req, &(struct sink){fcgi_write, fr->out}) < 0)
		log_json(LOG_WARN, "stream ended early",
			 json_pack("{s:s?}", "request_id", req.request_id));
	free(body);
	log_json(LOG_INFO, "request",
		 json_pack("{s:s?, s:s, s:s, s:s?, s:i, s:f, s:I}", "request_id", req.request_id,
			   "method", req.method, "path", req.path, "route", req.route, "status",
			   req.status, "ms", now_ms() - start, "user_id",
			   (json_int_t)(req.caller ? req.caller->id : 0)));
	if (req.caller)
		json_decref(req.caller->doc);
	json_decref(req.json);
	json_decref(req.out);
	free(req.out_text);
}

int worker_run(const struct config *cfg, int listen_fd)
{
	/* The supervisor's death takes the worker with it. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	struct sigaction sa = {.sa_handler = on_term};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: accept() returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);

	char err[256];
	struct app app = {.cfg = cfg};
	app.db = db_connect(cfg, err, sizeof err);
	if (db_ready(app.db) < 0)
		log_msg(LOG_WARN, "%s (will retry per request)", db_error(app.db));
	app.cache = cache_connect(cfg, err, sizeof err);
	if (cache_ready(app.cache) < 0)
		log_msg(LOG_WARN, "Redis unavailable at start (will retry per request)");

	FCGX_Request fr;
	FCGX_InitRequest(&fr, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
	struct arena *arena = arena_new(64 * 1024);
	while (!stop_requested) {
		if (FCGX_Accept_r(&fr) < 0) {
			if (!stop_requested && errno != EINTR)
				usleep(10000); /* an accept error other than a signal: do not spin */
			continue;
		}
		handle(&app, &fr, arena);
		/* libfcgi's close lingers: it shuts down, then waits for nginx to hang up, a
		 * round trip that held the worker after every request. It only matters when
		 * input is left unread (closing a socket with unread input resets it, and nginx
		 * drops the answer), so once the input is read to its end the worker closes at
		 * once; a large unread body still gets the lingering close. */
		if (drain_input(fr.in) == 0)
			FCGX_Detach(&fr);
		FCGX_Finish_r(&fr);
		arena_reset(arena);
	}
	FCGX_Free(&fr, 0);
	arena_free(arena);
	db_close(app.db);
	cache_close(app.cache);
	return 0;
}
