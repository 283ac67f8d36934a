/* routes.c: THE route table (method, path, handler, roles, permission item) and dispatch. */
#include "routes.h"

#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "auth/session.h"
#include "cache/cache.h"
#include "core/log.h"
#include "db/db.h"
#include "http/idempotency.h"
#include "http/request.h"
#include "http/response.h"
#include "exports/students_differs.h"
#include "exports/students_export.h"
#include "imports/majors_import.h"
#include "imports/students_import.h"
#include "resources/accounts.h"
#include "resources/activation.h"
#include "resources/applications.h"
#include "resources/appeals.h"
#include "resources/attendance.h"
#include "resources/audit.h"
#include "resources/changes.h"
#include "resources/auth.h"
#include "resources/codes.h"
#include "resources/deliveries.h"
#include "resources/employer_stats.h"
#include "resources/employers.h"
#include "resources/employment.h"
#include "resources/events.h"
#include "resources/fair_participants.h"
#include "resources/fair_visitors.h"
#include "resources/fairs.h"
#include "resources/health.h"
#include "resources/interaction_files.h"
#include "resources/interactions.h"
#include "resources/job_postings.h"
#include "resources/jobs.h"
#include "resources/licences.h"
#include "resources/majors.h"
#include "resources/relations.h"
#include "resources/resume_files.h"
#include "resources/resumes.h"
#include "resources/sessions.h"
#include "resources/stats.h"
#include "resources/students.h"
#include "resources/transfers.h"
#include "resources/venues.h"

#define API "/api/v1"

/* ROUTE(method, path, handler, roles, item, extras…): extras are designated fields such as
 * .exempt or .upload. Roles 0 means anyone, with no token. */
#define ROUTE(m, p, h, r, item, ...)                                                              \
	{.method = m, .pattern = API p, .handler = h, .roles = r, .permission = item, __VA_ARGS__}

static const struct route routes[] = {
    ROUTE("GET", "/health", health_get, 0, NULL),
    ROUTE("POST", "/auth/login", auth_login, 0, NULL),
    ROUTE("POST", "/auth/activate", activation_use, 0, NULL),
    ROUTE("POST", "/auth/logout", auth_logout, ROLES_ANY, NULL),
    ROUTE("GET", "/me", auth_me, ROLES_ANY, NULL),
    ROUTE("PUT", "/me/password", auth_change_password, ROLES_ANY, NULL),
    ROUTE("GET", "/admin/permission-items", accounts_permission_items, ROLES_OFFICE, "accounts.manage"),
    ROUTE("GET", "/admin/accounts", accounts_list, ROLES_OFFICE, "accounts.manage"),
    ROUTE("POST", "/admin/accounts", accounts_create, ROLES_OFFICE, "accounts.manage"),
    ROUTE("GET", "/admin/accounts/{id}", accounts_get, ROLES_OFFICE, "accounts.manage"),
    ROUTE("PUT", "/admin/accounts/{id}/scope", accounts_set_scope, ROLES_OFFICE, "accounts.manage"),
    ROUTE("PUT", "/admin/accounts/{id}/permissions", accounts_set_permissions, ROLES_OFFICE,
	  "accounts.manage"),
    ROUTE("PUT", "/admin/accounts/{id}/status", accounts_set_status, ROLES_OFFICE, "accounts.manage"),
    ROUTE("GET", "/admin/audit", audit_list, ROLE_SUPERADMIN, NULL),
    ROUTE("GET", "/majors", majors_list, ROLES_STAFF, NULL),
    ROUTE("POST", "/majors", majors_create, ROLES_OFFICE, "majors.manage"),
    ROUTE("POST", "/majors/import", majors_import, ROLES_OFFICE, "majors.manage", .upload = 1),
    ROUTE("GET", "/majors/import/template", majors_import_template, ROLES_OFFICE, "majors.manage"),
    /* National code tables: public, an employer registering picks its industry and region. */
    ROUTE("GET", "/codes/{table}", codes_list, 0, NULL),
    ROUTE("PUT", "/codes/{table}/{code}", codes_put, ROLES_OFFICE, "codes.manage"),
    /* Advisors need no item for their own majors' records: the scope is their limit. */
    ROUTE("GET", "/students", students_list, ROLES_STAFF, "students.view", .exempt = ROLE_ADVISOR),
    ROUTE("POST", "/students/import", students_import, ROLES_STAFF,
	  "students.import", .exempt = ROLE_ADVISOR, .upload = 1),
    ROUTE("GET", "/students/import/fields", students_import_fields, ROLES_STAFF,
	  "students.import", .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/students/import/template", students_import_template, ROLES_STAFF,
	  "students.import", .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/students/import/mapping", students_import_mapping_get, ROLES_STAFF,
	  "students.import", .exempt = ROLE_ADVISOR),
    ROUTE("PUT", "/students/import/mapping", students_import_mapping_put, ROLES_STAFF,
	  "students.import", .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/students/export", students_export, ROLES_STAFF, "students.export",
	  .limit = LIMIT_EXPORTS),
    ROUTE("POST", "/students/export/differs", students_export_differs, ROLES_STAFF,
	  "students.export", .upload = 1),
    ROUTE("GET", "/students/export/fields", students_export_fields, ROLES_STAFF, "students.export"),
    ROUTE("GET", "/students/changes", changes_list, ROLES_STAFF, "students.review",
	  .exempt = ROLE_ADVISOR),
    ROUTE("POST", "/students/changes/review", changes_review, ROLES_STAFF, "students.review",
	  .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/students/{id}", students_get, ROLES_STAFF | ROLE_STUDENT, "students.view",
	  .exempt = ROLE_ADVISOR | ROLE_STUDENT),
    ROUTE("PUT", "/students/{id}", changes_put_profile, ROLES_STAFF | ROLE_STUDENT, "students.edit",
	  .exempt = ROLE_ADVISOR | ROLE_STUDENT),
    ROUTE("PUT", "/students/{id}/dispatch", changes_put_dispatch, ROLES_STAFF | ROLE_STUDENT,
	  "students.edit", .exempt = ROLE_ADVISOR | ROLE_STUDENT),
    ROUTE("POST", "/students/{id}/transfers", transfers_request, ROLES_STAFF, "students.edit",
	  .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/transfers", transfers_list, ROLES_STAFF, "students.view", .exempt = ROLE_ADVISOR),
    ROUTE("POST", "/transfers/{id}/decision", transfers_decide, ROLES_STAFF, "students.edit",
	  .exempt = ROLE_ADVISOR),
    ROUTE("PUT", "/students/{id}/status", students_set_status, ROLES_STAFF, "students.edit",
	  .exempt = ROLE_ADVISOR),
    ROUTE("POST", "/students/{id}/activation", activation_create, ROLES_STAFF, "students.edit",
	  .exempt = ROLE_ADVISOR),
    ROUTE("PUT", "/students/{id}/employment", employment_put, ROLES_STAFF | ROLE_STUDENT,
	  "students.edit", .exempt = ROLE_ADVISOR | ROLE_STUDENT),
    ROUTE("GET", "/employment/reviews", employment_reviews, ROLES_STAFF, "students.review",
	  .exempt = ROLE_ADVISOR),
    ROUTE("POST", "/employment/reviews", employment_review, ROLES_STAFF, "students.review",
	  .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/employers/lookup", employers_lookup, ROLES_STAFF | ROLE_STUDENT, NULL),
    ROUTE("POST", "/employers/register", employers_register, 0, NULL, .limit = LIMIT_REGISTRATIONS),
    ROUTE("POST", "/employer-appeals", appeals_create, 0, NULL, .limit = LIMIT_REGISTRATIONS),
    ROUTE("GET", "/admin/employer-appeals", appeals_list, ROLES_OFFICE, "employers.review"),
    ROUTE("POST", "/admin/employer-appeals/{id}/review", appeals_review, ROLES_OFFICE,
	  "employers.review"),
    ROUTE("GET", "/employers", employers_list, ROLES_STAFF, NULL),
    ROUTE("GET", "/admin/employers/dormant", interactions_dormant, ROLES_OFFICE, "employers.relations"),
    ROUTE("POST", "/employers/{id}/interactions", interactions_create, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("GET", "/employers/{id}/interactions", interactions_list, ROLES_OFFICE | ROLE_ADVISOR,
	  "employers.relations", .exempt = ROLE_ADVISOR),
    ROUTE("PUT", "/employer-interactions/{id}", interactions_update, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("POST", "/employer-interactions/{id}/files", interaction_files_upload, ROLES_OFFICE,
	  "employers.relations", .upload = 1),
    ROUTE("GET", "/employer-interactions/{id}/files", interaction_files_list,
	  ROLES_OFFICE | ROLE_ADVISOR, "employers.relations", .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/employer-files/{id}", interaction_files_download, ROLES_OFFICE | ROLE_ADVISOR,
	  "employers.relations", .exempt = ROLE_ADVISOR),
    ROUTE("DELETE", "/employer-files/{id}", interaction_files_delete, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("GET", "/employers/{id}/interaction-index", interactions_index, ROLES_OFFICE | ROLE_ADVISOR,
	  NULL),
    ROUTE("GET", "/cooperation-levels", relations_levels, ROLES_STAFF, NULL),
    ROUTE("PUT", "/admin/cooperation-levels/{code}", relations_level_put, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("PUT", "/employers/{id}/relations", relations_put, ROLES_OFFICE, "employers.relations"),
    ROUTE("GET", "/employers/{id}/followups", relations_followups, ROLES_OFFICE | ROLE_ADVISOR,
	  "employers.relations", .exempt = ROLE_ADVISOR),
    ROUTE("POST", "/employers/{id}/followups", relations_followup_create, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("PUT", "/employer-followups/{id}", relations_followup_update, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("GET", "/admin/interaction-model", interactions_model_get, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("PUT", "/admin/interaction-model", interactions_model_put, ROLES_OFFICE,
	  "employers.relations"),
    ROUTE("GET", "/employers/{id}", employers_get, ROLES_STAFF | ROLE_EMPLOYER, NULL),
    ROUTE("PUT", "/employers/{id}", employers_update, ROLE_EMPLOYER, NULL),
    ROUTE("POST", "/employers/{id}/users", employers_add_user, ROLE_EMPLOYER, NULL),
    ROUTE("PUT", "/employers/{id}/licence", licences_put, ROLE_EMPLOYER, NULL, .upload = 1),
    ROUTE("GET", "/employers/{id}/licence", licences_get, ROLES_STAFF | ROLE_EMPLOYER, NULL),
    ROUTE("GET", "/employers/{id}/jobs", postings_of_employer, ROLES_STAFF | ROLE_EMPLOYER, NULL),
    ROUTE("POST", "/admin/employers/{id}/review", employers_review, ROLES_OFFICE, "employers.review"),
    ROUTE("GET", "/jobs", jobs_list, 0, NULL),
    ROUTE("POST", "/jobs", postings_create, ROLE_EMPLOYER, NULL),
    /* Public jobs to anyone; the employer's HR and staff also see the others. */
    ROUTE("GET", "/jobs/{id}", postings_get, 0, NULL, .token_optional = 1),
    ROUTE("PUT", "/jobs/{id}", postings_update, ROLE_EMPLOYER, NULL),
    ROUTE("GET", "/jobs/{id}/applications", applications_of_job, ROLE_EMPLOYER | ROLES_STAFF, NULL),
    ROUTE("POST", "/jobs/{id}/applications", applications_create, ROLE_STUDENT, NULL),
    ROUTE("GET", "/applications", applications_mine, ROLE_STUDENT, NULL),
    ROUTE("GET", "/applications/{id}", applications_get, ROLE_STUDENT | ROLE_EMPLOYER | ROLES_STAFF, NULL),
    ROUTE("PUT", "/applications/{id}/state", applications_set_state, ROLE_STUDENT | ROLE_EMPLOYER, NULL),
    ROUTE("POST", "/resumes", resumes_create, ROLE_STUDENT, NULL),
    ROUTE("GET", "/resumes", resumes_list, ROLE_STUDENT, NULL),
    /* Staff read resumes of their majors' students, as they read the records. */
    ROUTE("GET", "/resumes/{id}", resumes_get, ROLES_STAFF | ROLE_STUDENT, "students.view",
	  .exempt = ROLE_ADVISOR | ROLE_STUDENT),
    ROUTE("PUT", "/resumes/{id}", resumes_update, ROLE_STUDENT, NULL),
    ROUTE("PUT", "/resumes/{id}/recommended", resumes_recommend, ROLES_STAFF, "students.edit",
	  .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/students/{id}/resumes", resumes_list, ROLES_STAFF, "students.view",
	  .exempt = ROLE_ADVISOR),
    /* A resume's attachments: its student writes; staff who read the resume and the employers
     * it was sent to read (the handlers decide which resume is whose: 404). */
    ROUTE("POST", "/resumes/{id}/files", resume_files_upload, ROLE_STUDENT, NULL, .upload = 1),
    ROUTE("GET", "/resumes/{id}/files", resume_files_list,
	  ROLES_STAFF | ROLE_STUDENT | ROLE_EMPLOYER, "students.view",
	  .exempt = ROLE_ADVISOR | ROLE_STUDENT | ROLE_EMPLOYER),
    ROUTE("GET", "/resumes/{id}/files/{file_id}", resume_files_download,
	  ROLES_STAFF | ROLE_STUDENT | ROLE_EMPLOYER, "students.view",
	  .exempt = ROLE_ADVISOR | ROLE_STUDENT | ROLE_EMPLOYER),
    ROUTE("DELETE", "/resumes/{id}/files/{file_id}", resume_files_delete, ROLE_STUDENT, NULL),
    ROUTE("GET", "/admin/jobs", postings_queue, ROLES_OFFICE, "jobs.review"),
    ROUTE("GET", "/admin/applications", deliveries_list, ROLES_STAFF, "jobs.review"),
    ROUTE("GET", "/admin/applications/stats", deliveries_stats, ROLES_STAFF, "jobs.review"),
    ROUTE("GET", "/admin/applications/export", deliveries_export, ROLES_STAFF, "jobs.review",
	  .limit = LIMIT_EXPORTS),
    ROUTE("POST", "/admin/jobs/refresh", postings_refresh, ROLES_OFFICE, "jobs.review"),
    ROUTE("POST", "/admin/jobs/{id}/review", postings_review, ROLES_OFFICE, "jobs.review"),
    ROUTE("GET", "/venues", venues_list, ROLES_STAFF | ROLE_EMPLOYER, NULL),
    ROUTE("POST", "/venues", venues_create, ROLES_OFFICE, "events.manage"),
    ROUTE("PUT", "/venues/{id}", venues_update, ROLES_OFFICE, "events.manage"),
    ROUTE("GET", "/events", events_list, 0, NULL, .token_optional = 1),
    ROUTE("POST", "/events", events_create, ROLES_OFFICE, "events.manage"),
    ROUTE("GET", "/events/{id}", events_get, 0, NULL, .token_optional = 1),
    ROUTE("PUT", "/events/{id}", events_update, ROLES_OFFICE, "events.manage"),
    ROUTE("POST", "/events/{id}/signups", attendance_signup, ROLE_STUDENT, NULL),
    ROUTE("GET", "/events/{id}/signups", attendance_list, ROLES_OFFICE, "events.manage"),
    ROUTE("POST", "/events/{id}/signups/cancel", attendance_cancel, ROLE_STUDENT, NULL),
    ROUTE("GET", "/events/{id}/checkin-token", attendance_token, ROLES_OFFICE | ROLE_EMPLOYER,
	  "events.manage", .exempt = ROLE_EMPLOYER),
    ROUTE("POST", "/events/{id}/checkins", attendance_checkin, ROLE_STUDENT, NULL),
    ROUTE("POST", "/admin/events/{id}/review", events_review, ROLES_OFFICE, "events.manage"),
    ROUTE("POST", "/sessions", sessions_apply, ROLE_EMPLOYER, NULL),
    ROUTE("GET", "/sessions", sessions_list, ROLES_OFFICE | ROLE_EMPLOYER, "events.manage",
	  .exempt = ROLE_EMPLOYER),
    ROUTE("GET", "/fairs", fairs_list, 0, NULL, .token_optional = 1),
    ROUTE("POST", "/fairs", fairs_create, ROLES_OFFICE, "fairs.manage"),
    ROUTE("GET", "/fairs/{id}", fairs_get, 0, NULL, .token_optional = 1),
    ROUTE("PUT", "/fairs/{id}", fairs_update, ROLES_OFFICE, "fairs.manage"),
    ROUTE("POST", "/admin/fairs/{id}/cancel", fairs_cancel, ROLES_OFFICE, "fairs.manage"),
    ROUTE("GET", "/fairs/{id}/stats", fairs_stats, ROLES_OFFICE, "fairs.manage"),
    ROUTE("GET", "/fairs/{id}/export", fairs_export, ROLES_OFFICE, "fairs.manage",
	  .limit = LIMIT_EXPORTS),
    ROUTE("GET", "/fairs/{id}/checkin-token", fairs_checkin_token, ROLES_OFFICE, "fairs.manage"),
    ROUTE("POST", "/fairs/{id}/applications", participants_apply, ROLE_EMPLOYER, NULL),
    ROUTE("GET", "/fairs/{id}/applications", participants_list, ROLES_OFFICE | ROLE_EMPLOYER,
	  "fairs.manage", .exempt = ROLE_EMPLOYER),
    ROUTE("GET", "/fair-applications/{id}", participants_get, ROLES_OFFICE | ROLE_EMPLOYER,
	  "fairs.manage", .exempt = ROLE_EMPLOYER),
    ROUTE("POST", "/admin/fair-applications/{id}/review", participants_review, ROLES_OFFICE,
	  "fairs.manage"),
    ROUTE("POST", "/fair-applications/{id}/withdraw", participants_withdraw, ROLE_EMPLOYER, NULL),
    ROUTE("POST", "/admin/fairs/{id}/booths", participants_number_booths, ROLES_OFFICE,
	  "fairs.manage"),
    ROUTE("PUT", "/fair-applications/{id}/booths", participants_set_booths, ROLES_OFFICE,
	  "fairs.manage"),
    ROUTE("GET", "/fairs/{id}/participants", participants_public_list, 0, NULL,
	  .token_optional = 1),
    ROUTE("POST", "/fairs/{id}/employer-checkins", participants_checkin, ROLE_EMPLOYER, NULL),
    ROUTE("POST", "/admin/fair-applications/{id}/checkin", participants_mark_checkin, ROLES_OFFICE,
	  "fairs.manage"),
    ROUTE("POST", "/fairs/{id}/signups", visitors_signup, ROLE_STUDENT, NULL),
    ROUTE("POST", "/fairs/{id}/checkins", visitors_checkin, ROLE_STUDENT, NULL),
    ROUTE("GET", "/stats/employment", stats_employment, ROLES_STAFF, "stats.view",
	  .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/stats/destinations", stats_destinations, ROLES_STAFF, "stats.view",
	  .exempt = ROLE_ADVISOR),
    ROUTE("GET", "/stats/employers", employer_stats, ROLES_STAFF, "stats.view", .exempt = ROLE_ADVISOR),
};

#define NROUTES (sizeof routes / sizeof routes[0])

const struct route *routes_table(size_t *count)
{
	*count = NROUTES;
	return routes;
}

const struct route *routes_find(struct request *req)
{
	char allow[128] = "";
	for (size_t i = 0; i < NROUTES; i++) {
		if (!path_match(req->arena, routes[i].pattern, req->path, req->params, &req->nparams))
			continue;
		if (strcmp(routes[i].method, req->method) == 0) {
			req->route = routes[i].pattern;
			return &routes[i];
		}
		if (strlen(allow) + strlen(routes[i].method) + 3 < sizeof allow) {
			if (allow[0])
				strcat(allow, ", ");
			strcat(allow, routes[i].method);
		}
	}
	req->nparams = 0;
	if (allow[0]) {
		reply_header(req, "Allow", allow);
		reply_error(req, ERR_METHOD_NOT_ALLOWED, NULL, "%s is not allowed here; use %s",
			    req->method, allow);
	} else {
		reply_error(req, ERR_NOT_FOUND, NULL, "no such route");
	}
	return NULL;
}

size_t routes_body_limit(const struct route *route, const struct config *cfg)
{
	return route->upload ? cfg->max_upload : cfg->max_body;
}

/* Counts a heavy request against the caller's window (when signed in) and the address's; -1
 * after answering 429 (with Retry-After) over either limit, or 503 when Redis cannot count. */
static int within_rate_or_429(struct request *req, enum route_limit limit)
{
	static const char *const kinds[] = {[LIMIT_EXPORTS] = "exports", [LIMIT_UPLOADS] = "uploads",
					    [LIMIT_REGISTRATIONS] = "registrations"};
	const struct config *cfg = req->app->cfg;
	long per_account = limit == LIMIT_EXPORTS ? cfg->rate_exports : cfg->rate_uploads;
	/* An office behind one address has several clerks; a registration has no account. */
	long per_address = limit == LIMIT_REGISTRATIONS ? cfg->rate_registrations : 4 * per_account;
	const char *keys[2];
	size_t n = 0;
	if (req->caller)
		keys[n++] = arena_printf(req->arena, "qiao:rate:%s:account:%lld", kinds[limit],
					 req->caller->id);
	keys[n++] = arena_printf(req->arena, "qiao:rate:%s:address:%s", kinds[limit],
				 req->remote_addr ? req->remote_addr : "-");
	long count[2], ttl[2];
	if (cache_rate_hit(req->app->cache, keys, n, cfg->rate_window, count, ttl) < 0)
		return reply_error(req, ERR_UNAVAILABLE, NULL, "the session store is unavailable");
	size_t over = req->caller && count[0] > per_account ? 0 : count[n - 1] > per_address ? n - 1 : 2;
	if (over == 2)
		return 0;
	long wait = ttl[over] > 0 ? ttl[over] : 1;
	reply_header(req, "Retry-After", arena_printf(req->arena, "%ld", wait));
	return reply_error(req, ERR_RATE_LIMITED, NULL, "too many %s from %s; try again in %ld seconds",
			   kinds[limit], req->caller && over == 0 ? "this account" : "this address", wait);
}

/* Runs of one request when each ends in a deadlock. */
#define DEADLOCK_ATTEMPTS 5

void routes_run(struct request *req, const struct route *route)
{
	if (req->content_length > 0 &&
	    (size_t)req->content_length > routes_body_limit(route, req->app->cfg)) {
		reply_error(req, ERR_PAYLOAD_TOO_LARGE, NULL, "the body is larger than %zu bytes",
			    routes_body_limit(route, req->app->cfg));
		return;
	}
	if (!route->roles && route->token_optional && req->authorization && *req->authorization) {
		if (session_authenticate(req) < 0)
			return;
	} else if (route->roles) {
		if (session_authenticate(req) < 0)
			return;
		enum role role = req->caller->role;
		int needs_item = route->permission && !(role & route->exempt);
		if (!(role & route->roles) || (needs_item && !caller_can(req->caller, route->permission))) {
			reply_error(req, ERR_FORBIDDEN, NULL, "your account may not do this");
			return;
		}
	}
	enum route_limit limit = route->upload ? LIMIT_UPLOADS : route->limit;
	if (limit != LIMIT_NONE && within_rate_or_429(req, limit) < 0)
		return;
	int wants_body = !route->upload && (strcmp(req->method, "POST") == 0 ||
					    strcmp(req->method, "PUT") == 0 ||
					    strcmp(req->method, "PATCH") == 0);
	if (wants_body && request_parse_json(req) < 0)
		return;
	if (idempotency_begin(req))
		return;
	/* InnoDB breaks a deadlock by rolling one transaction back whole and asks for it to be
	 * run again: the request is, a few times, after a short random pause. */
	for (int attempt = 1;; attempt++) {
		route->handler(req);
		if (req->status != 500 || db_status(req->app->db) != DB_DEADLOCK ||
		    attempt == DEADLOCK_ATTEMPTS)
			break;
		log_json(LOG_INFO, "deadlock: running the request again",
			 json_pack("{s:s?, s:i}", "request_id", req->request_id, "attempt", attempt));
		reply_reset(req);
		usleep(1000 * (1 + randombytes_uniform(5u << attempt))); /* up to 10, 20, 40, 80 ms */
	}
	idempotency_end(req);
}

void routes_dispatch(struct request *req)
{
	const struct route *route = routes_find(req);
	if (route)
		routes_run(req, route);
}
