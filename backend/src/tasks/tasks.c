/* tasks.c: the task table: a job's name to the module function that does it. */
#include "tasks/tasks.h"

#include <string.h>

#include "resources/stats.h"
#include "tasks/mail.h"

/* stats.refresh {"year"}: see stats_refresh(). */
static int refresh_stats(struct app *app, json_t *job)
{
	json_t *year = json_object_get(job, "year");
	if (!json_is_integer(year))
		return -2;
	return stats_refresh(app, (int)json_integer_value(year));
}

/* mail.send {"id"}: see mail_send(). */
static int send_mail(struct app *app, json_t *job)
{
	json_t *id = json_object_get(job, "id");
	if (!json_is_integer(id))
		return -2;
	return mail_send(app, json_integer_value(id));
}

static const struct {
	const char *name;
	int (*run)(struct app *app, json_t *job);
} tasks[] = {
    {"stats.refresh", refresh_stats},
    {"mail.send", send_mail},
};

int tasks_run(struct app *app, json_t *job)
{
	const char *name = json_string_value(json_object_get(job, "task"));
	for (size_t i = 0; name && i < sizeof tasks / sizeof tasks[0]; i++)
		if (strcmp(tasks[i].name, name) == 0)
			return tasks[i].run(app, job);
	return -2;
}
