/* jobs.h: job postings (职位, seed manual §4.3). This slice is the public list; posting and
 * review come with the recruitment module. */
#ifndef QIAO_JOBS_H
#define QIAO_JOBS_H

#include "app.h"

/* GET /jobs: q (title or employer name), city, major, page, per_page: approved jobs of
 * employers that are in, newest refresh first. Anyone, no token. Answers are cached in Redis
 * under a version that every job or employer write bumps (jobs_invalidate). */
int jobs_list(struct request *req);

/* Drops every cached job list (after a write to jobs or employers). */
void jobs_invalidate(struct app *app);

#endif
