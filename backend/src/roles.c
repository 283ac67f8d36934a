/* roles.c: role names as the API and the database spell them. */
#include <string.h>

#include "app.h"

static const struct {
	enum role role;
	const char *name;
} names[] = {
    {ROLE_STUDENT, "student"}, {ROLE_EMPLOYER, "employer"}, {ROLE_COUNSELOR, "counselor"},
    {ROLE_ADVISOR, "advisor"}, {ROLE_ADMIN, "admin"},       {ROLE_SUPERADMIN, "superadmin"},
};

enum role role_from_name(const char *name)
{
	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].role;
	return 0;
}

const char *role_name(enum role role)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].role == role)
			return names[i].name;
	return "unknown";
}
