/* interactions.h: the employer interaction index (互动指数, xjtlu-employer-interaction-index):
 * every activity with an employer is an interaction of a kind (registration, strategic,
 * mentor, industry_education, job_post, daily_business), recorded by staff or derived from
 * recruitment; the seed's score and a weighted, fading score are kept on the employer on every
 * change (docs/interactions.md). */
#ifndef QIAO_INTERACTIONS_H
#define QIAO_INTERACTIONS_H

#include "app.h"

/* The weighted score's anchor day: scores are stored as Σ weight · 2^(days since it / half-life). */
#define INTERACTIONS_ANCHOR "'2020-01-01'"

/* The SQL of an employer's weighted score today from e.index_anchored. The half-life is a
 * scalar subquery, read once: joining the model's table instead made MariaDB sort every
 * employer before the LIMIT (582 ms → 15 ms over 20,000 employers). */
#define INTERACTIONS_WEIGHTED_NOW                                                                 \
	"ROUND(e.index_anchored * POW(2, -DATEDIFF(CURDATE(), " INTERACTIONS_ANCHOR                \
	") / (SELECT half_life_days FROM interaction_model WHERE id = 1)), 2)"

/* The kinds of interaction, in the seed's order, NULL-terminated. */
extern const char *const interactions_kinds[];

/* The seed's points of count interactions of kind (its formula times ten): registration, mentor
 * and industry_education 10 from one on, strategic 20 from one on, job_post 10 from one and 20
 * from ten, daily_business 15 from one and 30 from five; 0 for none, or for a kind not listed
 * (or NULL). */
double interactions_seed_points(const char *kind, long long count);

/* Inside the caller's transaction: records the interaction a recruitment record brings (source
 * "registration", "job", "session" or "fair" and the record's id; at most one per record, brought
 * back if it was undone) on day (YYYY-MM-DD, NULL: today), and rescores the employer. 0 or -1
 * (a database error, not answered). */
int interactions_derive(struct request *req, long long employer_id, const char *kind,
			const char *source, long long source_id, const char *title, const char *day);

/* Inside the caller's transaction: strikes out the interaction a record brought (the session or
 * the fair application was cancelled or withdrawn) and rescores its employer. 0 or -1. */
int interactions_undo(struct request *req, const char *source, long long source_id);

/* Rescores one employer (0: every one; the task worker does so once a day, as an interaction
 * of a day to come starts to fade once it has passed). 0 or -1. */
int interactions_rescore(struct app *app, long long employer_id);

/* Records the interactions of recruitment records that have none yet (after a bulk load, or
 * the first migration) and rescores every employer. The number recorded, or -1. */
long interactions_backfill(struct app *app);

/* POST /employers/{id}/interactions {"kind","date","title","students_covered","owner","note"}:
 * the office holding employers.relations. Answers 201 the interaction. Raises 404, 422. */
int interactions_create(struct request *req);

/* GET /employers/{id}/interactions: kind, page, per_page: the log, newest first, struck-out ones
 * marked removed, each derived from a session or a fair with its sign-ups (registrations). The
 * office holding employers.relations, advisors. Raises 404, 422. */
int interactions_list(struct request *req);

/* PUT /employer-interactions/{id}: corrects any field above, or strikes it out ("removed":
 * true) or back. Raises 404, 422. */
int interactions_update(struct request *req);

/* GET /employers/{id}/interaction-index?model=seed|weighted: {"score","model","breakdown":
 * {kind:{"count","points"}}} (weighted also gives "weights" and "half_life_days"). The office,
 * advisors. Raises 404, 422. */
int interactions_index(struct request *req);

/* GET /admin/interaction-model and PUT {"weights":{kind:w},"half_life_days"}: the office
 * holding employers.relations; a change rescores every employer. Raises 422. */
int interactions_model_get(struct request *req);
int interactions_model_put(struct request *req);

/* GET /admin/employers/dormant?view=fallen|registered_only&from&to: employers whose weighted score
 * fell most between the two days (default the last 180 days), or those registered with nothing
 * since. Raises 422. */
int interactions_dormant(struct request *req);

#endif
