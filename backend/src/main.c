/* main.c: qiao-fcgi, the supervisor: opens the FastCGI socket, forks N workers, restarts
 * the dead with back-off, drains on SIGTERM and replaces workers one by one on SIGHUP. */
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/log.h"
#include "core/xmalloc.h"
#include "worker.h"

#define DRAIN_SECONDS 10
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 30000
#define HEALTHY_AFTER_MS 5000

struct slot {
	pid_t pid;          /* 0 when not running */
	double started_ms;
	double restart_at_ms;
	long backoff_ms;
};

static struct config *cfg;
static int listen_fd = -1;
static sigset_t handled;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void start_worker(struct slot *s)
{
	pid_t pid = fork();
	if (pid < 0) {
		log_msg(LOG_ERROR, "fork failed: %s", strerror(errno));
		s->restart_at_ms = now_ms() + 1000;
		return;
	}
	if (pid == 0) {
		sigprocmask(SIG_UNBLOCK, &handled, NULL);
		exit(worker_run(cfg, listen_fd));
	}
	s->pid = pid;
	s->started_ms = now_ms();
	s->restart_at_ms = 0;
}

/* Reaps exited workers; schedules their restart unless we are stopping. */
static void reap(struct slot *slots, int n, int stopping)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (int i = 0; i < n; i++) {
			if (slots[i].pid != pid)
				continue;
			struct slot *s = &slots[i];
			s->pid = 0;
			if (stopping)
				break;
			/* A worker that dies young by itself (a crash at start, a bad setting) is
			 * restarted later and later; one killed from outside (SIGKILL: the OOM killer,
			 * an operator) is replaced at once, however young. */
			double lived = now_ms() - s->started_ms;
			int killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
			s->backoff_ms = killed || lived > HEALTHY_AFTER_MS ? BACKOFF_MIN_MS
				       : s->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS
									    : s->backoff_ms * 2;
			s->restart_at_ms = now_ms() + s->backoff_ms;
			log_json(LOG_WARN, "worker exited",
				 json_pack("{s:i, s:i, s:i, s:I}", "worker_pid", (int)pid, "status",
					   WIFEXITED(status) ? WEXITSTATUS(status) : -1, "signal",
					   WIFSIGNALED(status) ? WTERMSIG(status) : 0, "restart_in_ms",
					   (json_int_t)s->backoff_ms));
		}
	}
}

/* Asks worker `only` (or every worker, when only < 0) to finish what it holds and waits,
 * then kills what is left. */
static void stop_workers(struct slot *slots, int n, int only)
{
	double deadline = now_ms() + DRAIN_SECONDS * 1000;
	for (;;) {
		int alive = 0;
		reap(slots, n, only < 0);
		for (int i = 0; i < n; i++)
			if (slots[i].pid && (only < 0 || i == only)) {
				alive++;
				/* Repeat: a worker can miss one signal on its way into accept(). */
				kill(slots[i].pid, now_ms() < deadline ? SIGTERM : SIGKILL);
			}
		if (!alive)
			return;
		usleep(100000);
	}
}

/* SIGHUP: re-read the settings, then replace workers one at a time so the pool keeps
 * serving throughout. */
static void replace_workers(struct slot *slots, int n, const char *env_file)
{
	char err[256];
	struct config *fresh = config_load(env_file, err, sizeof err);
	if (!fresh) {
		log_msg(LOG_ERROR, "reload refused, keeping the old settings: %s", err);
		return;
	}
	struct config *old = cfg;
	cfg = fresh;
	for (int i = 0; i < n; i++) {
		if (slots[i].pid)
			stop_workers(slots, n, i);
		slots[i].backoff_ms = BACKOFF_MIN_MS;
		start_worker(&slots[i]);
	}
	config_free(old);
	log_msg(LOG_INFO, "workers replaced");
}

int main(int argc, char **argv)
{
	const char *env_file = argc > 2 && strcmp(argv[1], "--env") == 0 ? argv[2] : NULL;
	char err[256];
	cfg = config_load(env_file, err, sizeof err);
	if (!cfg) {
		fprintf(stderr, "qiao-fcgi: %s\n", err);
		return 2;
	}
	log_set_level(cfg->log_level);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "qiao-fcgi: FCGX_Init failed\n");
		return 1;
	}
	unlink(cfg->fcgi_socket);
	listen_fd = FCGX_OpenSocket(cfg->fcgi_socket, 1024);
	if (listen_fd < 0) {
		fprintf(stderr, "qiao-fcgi: cannot listen on %s\n", cfg->fcgi_socket);
		return 1;
	}
	chmod(cfg->fcgi_socket, 0660);

	sigemptyset(&handled);
	sigaddset(&handled, SIGCHLD);
	sigaddset(&handled, SIGTERM);
	sigaddset(&handled, SIGINT);
	sigaddset(&handled, SIGHUP);
	sigprocmask(SIG_BLOCK, &handled, NULL);

	int n = cfg->workers;
	struct slot *slots = xcalloc((size_t)n, sizeof(*slots));
	for (int i = 0; i < n; i++) {
		slots[i].backoff_ms = BACKOFF_MIN_MS;
		start_worker(&slots[i]);
	}
	log_json(LOG_INFO, "supervisor started",
		 json_pack("{s:s, s:i}", "socket", cfg->fcgi_socket, "workers", n));

	for (;;) {
		double next = 0;
		for (int i = 0; i < n; i++)
			if (!slots[i].pid && (!next || slots[i].restart_at_ms < next))
				next = slots[i].restart_at_ms;
		double wait = next ? next - now_ms() : 60000;
		if (wait < 0)
			wait = 0;
		struct timespec ts = {(time_t)(wait / 1000), (long)((long)wait % 1000) * 1000000L};
		int sig = sigtimedwait(&handled, NULL, &ts);
		if (sig == SIGTERM || sig == SIGINT) {
			log_msg(LOG_INFO, "draining workers");
			stop_workers(slots, n, -1);
			break;
		}
		if (sig == SIGHUP)
			replace_workers(slots, n, env_file);
		reap(slots, n, 0);
		for (int i = 0; i < n; i++)
			if (!slots[i].pid && slots[i].restart_at_ms <= now_ms())
				start_worker(&slots[i]);
	}
	close(listen_fd);
	unlink(cfg->fcgi_socket);
	free(slots);
	config_free(cfg);
	log_msg(LOG_INFO, "supervisor stopped");
	return 0;
}
