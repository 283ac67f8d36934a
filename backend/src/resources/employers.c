/* employers.c: employer records: lookups used by accounts; the module grows with its routes. */
#include "resources/employers.h"

#include "db/db.h"

enum employers_stmt { EMP_FIND, EMP__MAX };

static const char *const stmts[EMP__MAX] = {
    [EMP_FIND] = "SELECT id, name, status FROM employers WHERE id = ?",
};

int employers_find(struct app *app, long long id, json_t **doc)
{
	return db_row(app->db, doc, stmts[EMP_FIND], DB_ARGS(DB_INT(id)));
}
