/* routes.c: THE route table (method, path, handler, roles, permission item) and dispatch. */
#include "routes.h"

#include <string.h>

#include "auth/session.h"
#include "http/request.h"
#include "http/response.h"
#include "resources/accounts.h"
#include "resources/audit.h"
#include "resources/auth.h"
#include "resources/health.h"
#include "resources/majors.h"

#define API "/api/v1"

static const struct route routes[] = {
    {"GET", API "/health", health_get, 0, NULL, 0},
    {"POST", API "/auth/login", auth_login, 0, NULL, 0},
    {"POST", API "/auth/logout", auth_logout, ROLES_ANY, NULL, 0},
    {"GET", API "/me", auth_me, ROLES_ANY, NULL, 0},
    {"PUT", API "/me/password", auth_change_password, ROLES_ANY, NULL, 0},
    {"GET", API "/admin/permission-items", accounts_permission_items, ROLES_OFFICE, "accounts.manage", 0},
    {"GET", API "/admin/accounts", accounts_list, ROLES_OFFICE, "accounts.manage", 0},
    {"POST", API "/admin/accounts", accounts_create, ROLES_OFFICE, "accounts.manage", 0},
    {"GET", API "/admin/accounts/{id}", accounts_get, ROLES_OFFICE, "accounts.manage", 0},
    {"PUT", API "/admin/accounts/{id}/scope", accounts_set_scope, ROLES_OFFICE, "accounts.manage", 0},
    {"PUT", API "/admin/accounts/{id}/permissions", accounts_set_permissions, ROLES_OFFICE,
     "accounts.manage", 0},
    {"PUT", API "/admin/accounts/{id}/status", accounts_set_status, ROLES_OFFICE, "accounts.manage", 0},
    {"GET", API "/admin/audit", audit_list, ROLE_SUPERADMIN, NULL, 0},
    {"GET", API "/majors", majors_list, ROLES_STAFF, NULL, 0},
    {"POST", API "/majors", majors_create, ROLES_OFFICE, "majors.manage", 0},
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
	return route->max_body ? route->max_body : cfg->max_body;
}

void routes_run(struct request *req, const struct route *route)
{
	if (req->content_length > 0 &&
	    (size_t)req->content_length > routes_body_limit(route, req->app->cfg)) {
		reply_error(req, ERR_PAYLOAD_TOO_LARGE, NULL, "the body is larger than %zu bytes",
			    routes_body_limit(route, req->app->cfg));
		return;
	}
	if (route->roles) {
		if (session_authenticate(req) < 0)
			return;
		if (!(req->caller->role & route->roles) ||
		    (route->permission && !caller_can(req->caller, route->permission))) {
			reply_error(req, ERR_FORBIDDEN, NULL, "your account may not do this");
			return;
		}
	}
	int wants_body = strcmp(req->method, "POST") == 0 || strcmp(req->method, "PUT") == 0 ||
			 strcmp(req->method, "PATCH") == 0;
	if (wants_body && request_parse_json(req) < 0)
		return;
	route->handler(req);
}

void routes_dispatch(struct request *req)
{
	const struct route *route = routes_find(req);
	if (route)
		routes_run(req, route);
}
