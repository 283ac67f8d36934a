/* students.h: student records (学生生源信息). */
#ifndef QIAO_STUDENTS_H
#define QIAO_STUDENTS_H

#include "app.h"

/* The record with this student number in the newest graduation year: 1 and *doc (new
 * reference: id, student_no, name, graduation_year, major_id) when found, 0 when not,
 * -1 on a database error. */
int students_find_newest(struct app *app, const char *student_no, json_t **doc);

#endif
