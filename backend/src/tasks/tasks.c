/* tasks.c: the task table: a job's name to the module function that does it. */
#include "tasks/tasks.h"

#include <string.h>

#include "resources/stats.h"

/* stats.refresh {"year"}: see stats_refresh(). */
static int refresh_stats(struct app *app, json_t *job)
{
	json_t *year = json_object_get(job, "year");
	if (!json_is_integer(year))
		return -2;
	return stats_refresh(app, (int)json_integer_value(year));
}

static const struct {
	const char *name;
	int (*run)(struct app *app, json_t *job);
} tasks[] = {
    {"stats.refresh", refresh_stats},
};

int tasks_run(struct app *app, json_t *job)
{
	const char *name = json_string_value(json_object_get(job, "task"));
	for (size_t i = 0; name && i < sizeof tasks / sizeof tasks[0]; i++)
		if (strcmp(tasks[i].name, name) == 0)
			return tasks[i].run(app, job);
	return -2;
}
