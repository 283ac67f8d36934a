/* employers.h: employer records (用人单位, seed manual §4.1). */
#ifndef QIAO_EMPLOYERS_H
#define QIAO_EMPLOYERS_H

#include "app.h"

/* The employer with this id: 1 and *doc (new reference: id, name, status) when found, 0
 * when not, -1 on a database error. */
int employers_find(struct app *app, long long id, json_t **doc);

/* The whole record as the API shows it (with hr_users and pending_changes): 1 and *doc (new
 * reference), 0 when absent, -1 on a database error. */
int employers_load(struct request *req, long long id, json_t **doc);

/* The caller's company must be in (approved, or approved with changes waiting): 0, or -1
 * after answering 403 ("your company is <state>: <what> once the career office has approved
 * it") or 503. */
int employers_in_or_403(struct request *req, const char *what);

/* Whether the caller is an HR user of this employer. */
int employers_own(const struct request *req, long long employer_id);

/* GET /employers/lookup?q=: up to 10 companies whose name contains q (2+ characters):
 * registered employers, then companies known from employment records, each with its credit
 * code and codes, for the employment form. Staff and students. */
int employers_lookup(struct request *req);

/* POST /employers/register (anyone; counted per address): name, credit_code (GB 32100 check
 * character), contact_name, contact_phone, email, username, password, and optionally
 * industry_code, unit_nature_code, region_code, address, website, description, size. Makes
 * the employer (pending) and its first HR account (signs in at once). Raises 409 (name,
 * credit code or username taken), 422 (field named), 429. */
int employers_register(struct request *req);

/* GET /employers/{id}: the employer's HR users and staff; others 404. */
int employers_get(struct request *req);

/* The SQL of the filter by a kind of interaction over employers e, (? IS NULL OR …) taking the
 * kind twice: an employer passes with at least one live (not struck-out) interaction of that
 * kind. The EXISTS is served by the index (employer_id, removed, kind, happened_on). */
#define EMPLOYERS_KIND_FILTER                                                                     \
	"(? IS NULL OR EXISTS (SELECT 1 FROM employer_interactions ik WHERE ik.employer_id = e.id " \
	"AND ik.removed = 0 AND ik.kind = ?))"

/* The optional query parameter interaction_kind: *kind NULL when absent, else one of the kinds
 * of interaction (borrowed from the request). 0, or -1 after answering 422 naming it. */
int employers_kind_or_422(struct request *req, const char **kind);

/* GET /employers: status, industry, region (a province or city takes in the codes under it),
 * q (name contains, or a credit code), cooperation_level, tag, size, unit_nature,
 * interaction_kind (employers with a live interaction of that kind), index_min, index_max,
 * sort, order, model, page, per_page. Staff. Raises 422 naming the parameter. */
int employers_list(struct request *req);

/* PUT /employers/{id}: the employer's HR edits any of the registration fields. Pending and
 * rejected employers' edits apply (a rejected one becomes pending again); an approved
 * employer's key details (name, credit code, industry, unit nature, region) wait in
 * pending_changes (status rereview) while the old ones stay in use; the rest apply. Raises
 * 404, 409, 422. */
int employers_update(struct request *req);

/* POST /admin/employers/{id}/review {"decision":"approve|reject","reason"}: staff holding
 * employers.review. pending → approved or rejected (a reason needed); rereview → approved,
 * applying or dropping the held changes. Any other state answers 409 naming it. */
int employers_review(struct request *req);

/* POST /employers/{id}/users {"username","password","name"}: an HR user adds another of the
 * same employer (signs in at once). Answers the employer. Raises 404, 409 (username), 422. */
int employers_add_user(struct request *req);

#endif
