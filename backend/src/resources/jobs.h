/* jobs.h: the public side of job postings (职位, seed manual §4.3): the list and its search;
 * posting and review are in job_postings.h. */
#ifndef QIAO_JOBS_H
#define QIAO_JOBS_H

#include "app.h"

/* GET /jobs: q (words of the title, city, majors or employer name: Chinese found by its
 * characters, see core/terms.h), city, major, degree (the jobs open to it: 本科 finds jobs
 * asking for 不限, 专科 or 本科), salary_min (jobs paying at least that a month), page,
 * per_page: approved jobs of employers that are in, newest refresh first. Anyone, no token. Answers are cached in Redis
 * under a version that every job or employer write bumps (jobs_invalidate). */
int jobs_list(struct request *req);

/* Writes the search terms of a job (after its title, city, majors or employer's name
 * changed), of every job of an employer, or of every job that has none (bulk loads, fixtures,
 * sql/017): 0 (or the count) or -1 on a database error. */
int jobs_index(struct app *app, struct arena *a, long long job_id);
int jobs_index_employer(struct app *app, struct arena *a, long long employer_id);
long jobs_index_missing(struct app *app);

/* Drops every cached job list (after a write to jobs or employers). */
void jobs_invalidate(struct app *app);

#endif
