/* students.h: student records (学生生源信息): the list with its filters, one record, and the
 * lookups other modules use. */
#ifndef QIAO_STUDENTS_H
#define QIAO_STUDENTS_H

#include "app.h"
#include "db/db.h"

/* The record with this student number in the newest graduation year: 1 and *doc (new
 * reference: id, student_no, name, graduation_year, major_id) when found, 0 when not,
 * -1 on a database error. */
int students_find_newest(struct app *app, const char *student_no, json_t **doc);

/* Loads student id if the caller may see it (a student: only their own; an advisor: only
 * their majors): 1 and *doc (new reference: the list columns plus political_status), 0 when
 * absent or out of scope, -1 on a database error. Phones and ID cards are opened, NOT masked. */
int students_load_visible(struct request *req, long long id, json_t **doc);

/* Personal data at rest (sql/013): a student's id_card and phone are stored sealed
 * ("pii1:…", core/pii.h) with a blind index beside each (id_card_index, phone_index). */
/* Opens the sealed id_card and phone of obj in place (one that does not open becomes null and
 * is logged) and drops the index keys a stored proposal carries. */
void students_pii_open(const struct config *cfg, json_t *obj);
/* Seals the plain id_card and phone of obj in place and sets their index keys (null for a
 * null value). -1 when out of memory. */
int students_pii_seal(const struct config *cfg, json_t *obj);
/* Seals the plain id_card and phone of a copy kept outside the students table (the record as an
 * application sent it) in place, without an index: no one looks such a copy up. -1 when out of
 * memory. students_pii_open opens it again. */
int students_pii_seal_copy(const struct config *cfg, json_t *obj);
/* The sealed form and index of one plain value, arena copies (both NULL for NULL). */
int students_pii_seal_value(struct arena *a, const struct config *cfg, const char *plain,
			    const char **sealed, const char **index);
/* Seals every ID card and phone not sealed under the current key (plain text from before
 * sql/013 or from an application sent before its phone was sealed, or an old key during a
 * rotation): students, profile changes and applications, in batches. The rows changed, or -1. */
long students_pii_rekey(struct app *app);

/* Opens, then masks phone and id_card of a student row in place unless the caller may see
 * them. */
void students_mask(const struct request *req, json_t *row);
/* The same for any object holding those keys that belongs to student_id. */
void students_mask_for(const struct request *req, long long student_id, json_t *obj);

/* The list filters of GET /students and GET /students/export, parsed from the query. */
struct students_filter;
/* Parses the filters; -1 after answering 422 naming the parameter. Arena-owned. */
struct students_filter *students_filter_or_422(struct request *req);
/* Runs the filtered list: rows (new reference) of page (limit, offset), or NULL on error. */
json_t *students_query(struct request *req, const struct students_filter *f, long long limit,
		       long long offset);

/* For exports: hands fn the filtered rows in the list's order (newest graduation year first,
 * then student number), with their employment columns, as the server sends them (db_each).
 * The personal fields named in wanted (students_pii_bit) are opened and masked for the caller;
 * the others stay sealed. The row count, or -1 on error or when fn stopped. */
long long students_export_each(struct request *req, const struct students_filter *f,
			       unsigned wanted, db_cells_fn fn, void *ctx);
/* The bit of a sealed personal field (id_card, phone) for students_export_each; 0 for others. */
unsigned students_pii_bit(const char *field);

/* GET /students: year, college, major_id, status (default: active ones; "all"),
 * destination (employed|further_study|pending or a code), q, student_nos, list=not_employed,
 * page, per_page.
 * Only the caller's majors. Raises 401, 403, 422. */
int students_list(struct request *req);
/* GET /students/{id}: the record with its employment, pending report and dispatch.
 * Raises 401, 403, 404 (absent or out of scope). */
int students_get(struct request *req);

/* PUT /students/{id}/status {"status","reason"}: a change of status (学籍异动), e.g. to
 * 休学, with its reason; a student of an inactive status leaves the lists and statistics.
 * Answers the record. Raises 401, 403, 404, 409 (already that status, or changed meanwhile),
 * 422 (unknown status, missing reason). */
int students_set_status(struct request *req);

#endif
