/* resumes.h: a student's resumes (简历, seed manual §2.9). */
#ifndef QIAO_RESUMES_H
#define QIAO_RESUMES_H

#include "app.h"

/* The resume for the caller (its student, or staff whose majors hold the student): 1 and *doc
 * (new reference: id, student_id, student_no, student_name, title, summary, expected_city,
 * expected_industry, expected_job, content {education, experience, projects, skills,
 * certificates}, recommended, created_at, updated_at), 0 when absent or not the caller's to
 * see, -1 on a database error. */
int resumes_load(struct request *req, long long id, json_t **doc);

/* POST /resumes (a student with a record): title (required), summary, expected_city,
 * expected_industry (an industry code), expected_job, and the lists education, experience,
 * projects (objects of text fields), skills, certificates (text). Education starts from the
 * record when not sent. Raises 403 (no record), 422 (field named). */
int resumes_create(struct request *req);
/* PUT /resumes/{id}: the student edits their own; any of the fields above. Raises 404, 422. */
int resumes_update(struct request *req);
/* GET /resumes/{id}: the student's own, or staff in the student's majors. Raises 404. */
int resumes_get(struct request *req);
/* GET /resumes (a student: their own) and GET /students/{id}/resumes (staff in scope). */
int resumes_list(struct request *req);
/* PUT /resumes/{id}/recommended {"recommended": true|false}: staff holding students.edit (an
 * advisor in scope without it) mark a resume recommended (推荐简历). Raises 404, 422. */
int resumes_recommend(struct request *req);

#endif
