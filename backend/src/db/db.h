/* db.h: the only interface to MariaDB: one connection per process, prepared statements
 * cached by their SQL text, results as Jansson values, transactions. */
#ifndef QIAO_DB_H
#define QIAO_DB_H

#include <jansson.h>
#include <stddef.h>

#include "core/config.h"

struct db;

enum db_type { DB_T_NULL, DB_T_INT, DB_T_DOUBLE, DB_T_STR };

/* One bound parameter; build them with the DB_* macros below. */
struct db_param {
	enum db_type type;
	long long i;
	double d;
	const char *s; /* NULL binds SQL NULL */
};

#define DB_INT(v) ((struct db_param){.type = DB_T_INT, .i = (long long)(v)})
#define DB_DOUBLE(v) ((struct db_param){.type = DB_T_DOUBLE, .d = (v)})
#define DB_STR(v) ((struct db_param){.type = DB_T_STR, .s = (v)})
#define DB_NULLV ((struct db_param){.type = DB_T_NULL})
/* DB_ARGS(DB_INT(id), DB_STR(name)) expands to the (array, count) pair the calls take. */
#define DB_ARGS(...)                                                                              \
	(const struct db_param[]){__VA_ARGS__},                                                   \
	    (sizeof((const struct db_param[]){__VA_ARGS__}) / sizeof(struct db_param))
#define DB_NOARGS NULL, 0

/* How the last call failed, so callers can answer 409/422/503 instead of 500. */
enum db_status {
	DB_OK,
	DB_DUPLICATE,  /* unique key violated */
	DB_CONSTRAINT, /* foreign key or check constraint */
	DB_INVALID,    /* value does not fit the column */
	DB_DOWN,       /* server unreachable; the next db_ready() reconnects */
	DB_DEADLOCK,   /* the transaction was rolled back to break a deadlock: run it again */
	DB_NO_SPACE,   /* the server's disk (or its temporary space) is full */
	DB_ERROR,
	DB__MAX
};

/* Connects (socket or TCP, utf8mb4, time zone +08:00). Always returns a handle (free with
 * db_close()); when the server cannot be reached, err says why and every call retries the
 * connection first, so a worker started before MariaDB recovers by itself. */
struct db *db_connect(const struct config *cfg, char *err, size_t errlen);
void db_close(struct db *db);

/* Reconnects if the last call found the server gone. Returns 0 when usable, -1 if not. */
int db_ready(struct db *db);

/* Runs a query; returns a new array of row objects (column name -> value; integers,
 * decimals as reals, DATETIME as ISO 8601 with offset, columns named "x__json" parsed into
 * "x"), or NULL on error. Caller decrefs. */
json_t *db_rows(struct db *db, const char *sql, const struct db_param *p, size_t n);
/* One fetched row as text, for streaming many rows without building JSON. Cells are
 * NUL-terminated (NULL for SQL NULL) and valid only during the callback, which may shorten a
 * cell in place (and set its len). */
struct db_cells {
	unsigned int ncol;
	const char *const *names;
	const enum db_type *types; /* DB_T_INT, DB_T_DOUBLE or DB_T_STR, from the SQL type */
	char *const *text;
	unsigned long *len;
};
/* Takes one row; non-zero stops the fetch. */
typedef int (*db_cells_fn)(void *ctx, const struct db_cells *row);
/* The position of the column called name, or -1. */
int db_column(const struct db_cells *row, const char *name);
/* Runs a query and hands each row to fn as the server sends it (constant memory, however
 * many rows; no other statement can run on the connection until it returns): the number of
 * rows, or -1 when the query fails or fn stops it. */
long long db_each(struct db *db, const char *sql, const struct db_param *p, size_t n,
		  db_cells_fn fn, void *ctx);
/* Runs a query expected to give at most one row: 1 and *out (new reference) when found,
 * 0 when not, -1 on error. */
int db_row(struct db *db, json_t **out, const char *sql, const struct db_param *p, size_t n);
/* Runs a statement; returns the affected row count or -1 on error. */
long long db_exec(struct db *db, const char *sql, const struct db_param *p, size_t n);
/* The id made by the last INSERT. */
long long db_insert_id(struct db *db);

/* Transactions: 0 on success, -1 on error. db_rollback() is safe after any failure. */
int db_begin(struct db *db);
int db_commit(struct db *db);
/* Runs sql with the n parameters p (at most DB_COMMIT_PARAMS, copied; their strings must outlive
 * the commit) in the transaction of the next db_commit, just before the COMMIT, once; its failure
 * fails the commit (rolled back). sql NULL forgets it. */
#define DB_COMMIT_PARAMS 5
void db_before_commit(struct db *db, const char *sql, const struct db_param *p, size_t n);
void db_rollback(struct db *db);

/* Runs a script of several statements without parameters (migrations only). */
int db_exec_script(struct db *db, const char *sql);
/* Runs one statement without parameters, e.g. LOAD DATA LOCAL INFILE of a file the program
 * wrote itself (bulk loads only; never with user text). Returns affected rows or -1. */
long long db_exec_plain(struct db *db, const char *sql);

enum db_status db_status(const struct db *db);
const char *db_error(const struct db *db);
/* Statements prepared on this connection (for tests and logs). */
size_t db_prepared_count(const struct db *db);

#endif
