/* students.c: student records: lookups used by accounts; the module grows with its routes. */
#include "resources/students.h"

#include "db/db.h"

enum students_stmt { STU_NEWEST, STU__MAX };

static const char *const stmts[STU__MAX] = {
    [STU_NEWEST] = "SELECT id, student_no, name, graduation_year, major_id FROM students "
		   "WHERE student_no = ? ORDER BY graduation_year DESC LIMIT 1",
};

int students_find_newest(struct app *app, const char *student_no, json_t **doc)
{
	return db_row(app->db, doc, stmts[STU_NEWEST], DB_ARGS(DB_STR(student_no)));
}
