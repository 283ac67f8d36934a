/* db.c: MariaDB Connector/C wrapper: connection, statement cache, binding, row conversion. */
#include "db/db.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/xmalloc.h"

/* Statements are cached by the address of their SQL text: every statement lives in a
 * resource's `static const char *const` table, so the address is stable and unique. */
#define DB_SMALL_PARAMS 64

struct stmt_slot {
	const char *sql;
	MYSQL_STMT *stmt;
};

struct db {
	MYSQL *conn;
	const struct config *cfg;
	struct stmt_slot *slots;
	size_t nslots; /* power of two */
	size_t used;
	int broken;
	int in_tx;
	enum db_status status;
	char error[256];
	/* run in the transaction just before its COMMIT (db_before_commit) */
	const char *commit_sql;
	struct db_param commit_params[DB_COMMIT_PARAMS];
	size_t commit_nparams;
};

static void set_error(struct db *db, unsigned int code, const char *msg)
{
	snprintf(db->error, sizeof db->error, "%u: %s", code, msg ? msg : "");
	switch (code) {
	case ER_DUP_ENTRY:
	case ER_DUP_KEY:
		db->status = DB_DUPLICATE;
		break;
	case ER_ROW_IS_REFERENCED_2:
	case ER_NO_REFERENCED_ROW_2:
	case ER_ROW_IS_REFERENCED:
	case ER_NO_REFERENCED_ROW:
	case 4025: /* ER_CONSTRAINT_FAILED (CHECK) */
		db->status = DB_CONSTRAINT;
		break;
	case ER_DATA_TOO_LONG:
	case ER_TRUNCATED_WRONG_VALUE_FOR_FIELD:
	case ER_WARN_DATA_OUT_OF_RANGE:
	case ER_BAD_NULL_ERROR:
		db->status = DB_INVALID;
		break;
	case ER_DISK_FULL:
	case ER_RECORD_FILE_FULL:
		db->status = DB_NO_SPACE;
		break;
	case ER_LOCK_DEADLOCK:
		db->status = DB_DEADLOCK;
		break;
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case ER_SERVER_SHUTDOWN:
	case CR_COMMANDS_OUT_OF_SYNC:
		db->status = DB_DOWN;
		db->broken = 1;
		break;
	default:
		db->status = DB_ERROR;
	}
	if (db->status == DB_DOWN || db->status == DB_ERROR || db->status == DB_NO_SPACE)
		log_json(LOG_ERROR, "db error", json_pack("{s:s}", "error", db->error));
}

static void cache_clear(struct db *db)
{
	for (size_t i = 0; i < db->nslots; i++) {
		if (db->slots[i].stmt)
			mysql_stmt_close(db->slots[i].stmt);
		db->slots[i] = (struct stmt_slot){0};
	}
	db->used = 0;
}

static int open_conn(struct db *db, char *err, size_t errlen)
{
	const struct config *cfg = db->cfg;
	db->conn = mysql_init(NULL);
	if (!db->conn) {
		snprintf(err, errlen, "mysql_init failed");
		return -1;
	}
	unsigned int timeout = 5;
	my_bool local_infile = 1;
	mysql_optionsv(db->conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->conn, MYSQL_OPT_LOCAL_INFILE, &local_infile);
	mysql_optionsv(db->conn, MYSQL_INIT_COMMAND,
		       "SET time_zone='+08:00', sql_mode='STRICT_ALL_TABLES,NO_ZERO_DATE,"
		       "NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO'");
	const char *host = cfg->db_host ? cfg->db_host : "localhost";
	const char *sock = cfg->db_host ? NULL : cfg->db_socket;
	if (!mysql_real_connect(db->conn, host, cfg->db_user, cfg->db_password, cfg->db_name,
				(unsigned)cfg->db_port, sock, CLIENT_MULTI_STATEMENTS)) {
		snprintf(err, errlen, "cannot connect to MariaDB: %s", mysql_error(db->conn));
		mysql_close(db->conn);
		db->conn = NULL;
		return -1;
	}
	db->broken = 0;
	db->in_tx = 0;
	return 0;
}

struct db *db_connect(const struct config *cfg, char *err, size_t errlen)
{
	struct db *db = xcalloc(1, sizeof(*db));
	db->cfg = cfg;
	db->nslots = 64;
	db->slots = xcalloc(db->nslots, sizeof(*db->slots));
	if (open_conn(db, err, errlen) < 0) {
		db->broken = 1;
		db->status = DB_DOWN;
		snprintf(db->error, sizeof db->error, "%s", err);
	}
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	cache_clear(db);
	free(db->slots);
	if (db->conn)
		mysql_close(db->conn);
	free(db);
}

int db_ready(struct db *db)
{
	if (!db->broken && db->conn)
		return 0;
	cache_clear(db);
	if (db->conn) {
		mysql_close(db->conn);
		db->conn = NULL;
	}
	char err[256];
	if (open_conn(db, err, sizeof err) < 0) {
		db->broken = 1;
		db->status = DB_DOWN;
		snprintf(db->error, sizeof db->error, "%s", err);
		return -1;
	}
	log_msg(LOG_INFO, "reconnected to MariaDB");
	return 0;
}

static size_t slot_index(const struct db *db, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (db->nslots - 1);
}

static void cache_grow(struct db *db)
{
	struct stmt_slot *old = db->slots;
	size_t oldn = db->nslots;
	db->nslots *= 2;
	db->slots = xcalloc(db->nslots, sizeof(*db->slots));
	for (size_t i = 0; i < oldn; i++) {
		if (!old[i].sql)
			continue;
		size_t j = slot_index(db, old[i].sql);
		while (db->slots[j].sql)
			j = (j + 1) & (db->nslots - 1);
		db->slots[j] = old[i];
	}
	free(old);
}

/* Returns the prepared statement for sql, preparing it on first use. */
static MYSQL_STMT *prepared(struct db *db, const char *sql)
{
	size_t i = slot_index(db, sql);
	while (db->slots[i].sql) {
		if (db->slots[i].sql == sql)
			return db->slots[i].stmt;
		i = (i + 1) & (db->nslots - 1);
	}
	MYSQL_STMT *st = mysql_stmt_init(db->conn);
	if (!st) {
		set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql))) {
		set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
		mysql_stmt_close(st);
		return NULL;
	}
	my_bool update_max = 1;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
	if ((db->used + 1) * 2 > db->nslots) {
		cache_grow(db);
		i = slot_index(db, sql);
		while (db->slots[i].sql)
			i = (i + 1) & (db->nslots - 1);
	}
	db->slots[i] = (struct stmt_slot){sql, st};
	db->used++;
	return st;
}

/* Binds params and executes; on a connection that went away while idle, reconnects and
 * tries once more (nothing was sent, so nothing can run twice). */
static MYSQL_STMT *execute(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
	db->status = DB_OK;
	for (int attempt = 0; attempt < 2; attempt++) {
		if (db_ready(db) < 0)
			return NULL;
		MYSQL_STMT *st = prepared(db, sql);
		if (!st) {
			if (db->status == DB_DOWN && attempt == 0 && !db->in_tx)
				continue;
			return NULL;
		}
		if (mysql_stmt_param_count(st) != n) {
			set_error(db, 0, "parameter count does not match the statement");
			return NULL;
		}
		/* Bulk inserts bind thousands of values; everything else fits on the stack. */
		MYSQL_BIND small_bind[DB_SMALL_PARAMS];
		unsigned long small_lengths[DB_SMALL_PARAMS];
		MYSQL_BIND *bind = n > DB_SMALL_PARAMS ? xcalloc(n, sizeof(*bind)) : small_bind;
		unsigned long *lengths =
		    n > DB_SMALL_PARAMS ? xcalloc(n, sizeof(*lengths)) : small_lengths;
		memset(bind, 0, (n > DB_SMALL_PARAMS ? n : DB_SMALL_PARAMS) * sizeof(*bind));
		for (size_t k = 0; k < n; k++) {
			enum db_type type = p[k].type == DB_T_STR && !p[k].s ? DB_T_NULL : p[k].type;
			switch (type) {
			case DB_T_INT:
				bind[k].buffer_type = MYSQL_TYPE_LONGLONG;
				bind[k].buffer = (void *)&p[k].i;
				break;
			case DB_T_DOUBLE:
				bind[k].buffer_type = MYSQL_TYPE_DOUBLE;
				bind[k].buffer = (void *)&p[k].d;
				break;
			case DB_T_STR:
				lengths[k] = (unsigned long)strlen(p[k].s);
				bind[k].buffer_type = MYSQL_TYPE_STRING;
				bind[k].buffer = (void *)p[k].s;
				bind[k].buffer_length = lengths[k];
				bind[k].length = &lengths[k];
				break;
			case DB_T_NULL:
				bind[k].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
		}
		int failed = n && mysql_stmt_bind_param(st, bind);
		unsigned int code = 0;
		if (failed)
			set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
		else if (mysql_stmt_execute(st))
			set_error(db, code = mysql_stmt_errno(st), mysql_stmt_error(st));
		if (bind != small_bind) {
			free(bind);
			free(lengths);
		}
		if (failed || code) {
			if (code == CR_SERVER_GONE_ERROR && attempt == 0 && !db->in_tx)
				continue;
			return NULL;
		}
		return st;
	}
	return NULL;
}

/* How a column's text reads: an integer, a decimal number, or text (dates among them). */
static enum db_type column_type(const MYSQL_FIELD *f)
{
	switch (f->type) {
	case MYSQL_TYPE_TINY:
	case MYSQL_TYPE_SHORT:
	case MYSQL_TYPE_LONG:
	case MYSQL_TYPE_INT24:
	case MYSQL_TYPE_LONGLONG:
	case MYSQL_TYPE_YEAR:
		return DB_T_INT;
	case MYSQL_TYPE_DECIMAL:
	case MYSQL_TYPE_NEWDECIMAL:
	case MYSQL_TYPE_FLOAT:
	case MYSQL_TYPE_DOUBLE:
		return DB_T_DOUBLE;
	default:
		return DB_T_STR;
	}
}

static json_t *column_value(const MYSQL_FIELD *f, const char *buf, unsigned long len)
{
	if ((f->type == MYSQL_TYPE_DATETIME || f->type == MYSQL_TYPE_TIMESTAMP) && len >= 19) {
		char iso[40];
		snprintf(iso, sizeof iso, "%.10sT%.8s+08:00", buf, buf + 11);
		return json_string(iso);
	}
	switch (column_type(f)) {
	case DB_T_INT:
		return json_integer(strtoll(buf, NULL, 10));
	case DB_T_DOUBLE:
		return json_real(strtod(buf, NULL));
	default:
		return json_stringn(buf, len);
	}
}

/* A fetched row with its columns' metadata, for the JSON conversion in this file. */
struct fetched_row {
	struct db_cells cells; /* first, so a db_cells pointer is a fetched_row pointer */
	const MYSQL_FIELD *fields;
};

/* The result buffers of one statement: every column fetched as text. */
struct fetch {
	unsigned int ncol;
	MYSQL_BIND *bind;
	unsigned long *lengths;
	my_bool *nulls, *truncated;
	char **bufs, **text;
	const char **names;
	enum db_type *types;
};

/* Longest first buffer of a column read as it streams (longer values are fetched again). */
#define STREAM_CELL_CAP 65536

static void fetch_init(struct fetch *f, const MYSQL_FIELD *fields, unsigned int ncol, int stored)
{
	f->ncol = ncol;
	f->bind = xcalloc(ncol, sizeof(*f->bind));
	f->lengths = xcalloc(ncol, sizeof(*f->lengths));
	f->nulls = xcalloc(ncol, sizeof(*f->nulls));
	f->truncated = xcalloc(ncol, sizeof(*f->truncated));
	f->bufs = xcalloc(ncol, sizeof(*f->bufs));
	f->text = xcalloc(ncol, sizeof(*f->text));
	f->names = xcalloc(ncol, sizeof(*f->names));
	f->types = xcalloc(ncol, sizeof(*f->types));
	for (unsigned int c = 0; c < ncol; c++) {
		/* A stored result knows its longest value; a streamed one only the column's size.
		 * Numbers are fetched as text too; 64 bytes holds any of them. */
		unsigned long cap = stored ? fields[c].max_length : fields[c].length;
		if (cap > STREAM_CELL_CAP && !stored)
			cap = STREAM_CELL_CAP;
		if (cap < 64)
			cap = 64;
		f->bufs[c] = xmalloc(cap + 1); /* one more for the NUL the cells end with */
		f->bind[c].buffer_type = MYSQL_TYPE_STRING;
		f->bind[c].buffer = f->bufs[c];
		f->bind[c].buffer_length = cap;
		f->bind[c].length = &f->lengths[c];
		f->bind[c].is_null = &f->nulls[c];
		f->bind[c].error = &f->truncated[c];
		f->names[c] = fields[c].name;
		f->types[c] = column_type(&fields[c]);
	}
}

static void fetch_free(struct fetch *f)
{
	for (unsigned int c = 0; c < f->ncol; c++)
		free(f->bufs[c]);
	free(f->bufs);
	free(f->text);
	free(f->names);
	free(f->types);
	free(f->truncated);
	free(f->nulls);
	free(f->lengths);
	free(f->bind);
}

/* After MYSQL_DATA_TRUNCATED: grows the buffers of the values that did not fit and fetches
 * them again whole. */
static int fetch_truncated(MYSQL_STMT *st, struct fetch *f)
{
	for (unsigned int c = 0; c < f->ncol; c++) {
		if (!f->truncated[c])
			continue;
		f->bufs[c] = xrealloc(f->bufs[c], f->lengths[c] + 1);
		f->bind[c].buffer = f->bufs[c];
		f->bind[c].buffer_length = f->lengths[c];
		if (mysql_stmt_fetch_column(st, &f->bind[c], c, 0))
			return -1;
	}
	return mysql_stmt_bind_result(st, f->bind) ? -1 : 0;
}

/* Hands every row of an executed statement to fn as text: stored whole first, or streamed
 * from the server row by row (the connection is busy until the last row). Returns the number
 * of rows, or -1 when fetching fails or fn returns non-zero (the rest of the result is
 * dropped). */
static long long each_row(struct db *db, MYSQL_STMT *st, int stored, db_cells_fn fn, void *ctx)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(st);
	if (!meta) {
		set_error(db, 0, "statement returns no rows");
		return -1;
	}
	if (stored && mysql_stmt_store_result(st)) {
		set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
		mysql_free_result(meta);
		return -1;
	}
	struct fetch f;
	fetch_init(&f, mysql_fetch_fields(meta), mysql_num_fields(meta), stored);
	struct fetched_row row = {{f.ncol, f.names, f.types, f.text, f.lengths},
				  mysql_fetch_fields(meta)};
	long long count = -1;
	int rc = MYSQL_NO_DATA;
	if (mysql_stmt_bind_result(st, f.bind)) {
		set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
		goto out;
	}
	count = 0;
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		if (rc == MYSQL_DATA_TRUNCATED && fetch_truncated(st, &f) < 0)
			break;
		for (unsigned int c = 0; c < f.ncol; c++) {
			f.bufs[c][f.lengths[c]] = '\0';
			f.text[c] = f.nulls[c] ? NULL : f.bufs[c];
		}
		if (fn(ctx, &row.cells) != 0) {
			count = -1;
			goto out;
		}
		count++;
	}
	if (rc != MYSQL_NO_DATA) {
		set_error(db, mysql_stmt_errno(st), mysql_stmt_error(st));
		count = -1;
	}
out:
	mysql_stmt_free_result(st); /* drops what a stopped stream has not read yet */
	fetch_free(&f);
	mysql_free_result(meta);
	return count;
}

/* Appends a row to the JSON array ctx: an object of column name -> value. */
static int append_object(void *ctx, const struct db_cells *cells)
{
	const struct fetched_row *fr = (const struct fetched_row *)cells;
	json_t *row = json_object();
	for (unsigned int c = 0; c < cells->ncol; c++) {
		const char *name = cells->names[c];
		size_t nlen = strlen(name);
		const char *text = cells->text[c];
		if (nlen > 6 && strcmp(name + nlen - 6, "__json") == 0) {
			json_t *v = text ? json_loadb(text, cells->len[c], JSON_DECODE_ANY, NULL)
					 : json_array();
			char key[128];
			snprintf(key, sizeof key, "%.*s", (int)(nlen - 6), name);
			json_object_set_new(row, key, v ? v : json_null());
		} else {
			json_object_set_new(row, name,
					    text ? column_value(&fr->fields[c], text, cells->len[c])
						 : json_null());
		}
	}
	json_array_append_new(ctx, row);
	return 0;
}

/* Fetches every row of an executed statement into a new JSON array. */
static json_t *fetch_all(struct db *db, MYSQL_STMT *st)
{
	json_t *rows = json_array();
	if (each_row(db, st, 1, append_object, rows) < 0) {
		json_decref(rows);
		return NULL;
	}
	return rows;
}

int db_column(const struct db_cells *row, const char *name)
{
	for (unsigned int c = 0; c < row->ncol; c++)
		if (strcmp(row->names[c], name) == 0)
			return (int)c;
	return -1;
}

long long db_each(struct db *db, const char *sql, const struct db_param *p, size_t n,
		  db_cells_fn fn, void *ctx)
{
	MYSQL_STMT *st = execute(db, sql, p, n);
	return st ? each_row(db, st, 0, fn, ctx) : -1;
}

json_t *db_rows(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
	MYSQL_STMT *st = execute(db, sql, p, n);
	return st ? fetch_all(db, st) : NULL;
}

int db_row(struct db *db, json_t **out, const char *sql, const struct db_param *p, size_t n)
{
	*out = NULL;
	json_t *rows = db_rows(db, sql, p, n);
	if (!rows)
		return -1;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return 0;
	}
	*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return 1;
}

long long db_exec(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
	MYSQL_STMT *st = execute(db, sql, p, n);
	if (!st)
		return -1;
	return (long long)mysql_stmt_affected_rows(st);
}

long long db_insert_id(struct db *db)
{
	return db->conn ? (long long)mysql_insert_id(db->conn) : 0;
}

static int plain(struct db *db, const char *sql)
{
	db->status = DB_OK;
	if (db_ready(db) < 0)
		return -1;
	if (mysql_real_query(db->conn, sql, (unsigned long)strlen(sql))) {
		set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
		return -1;
	}
	return 0;
}

int db_begin(struct db *db)
{
	if (plain(db, "START TRANSACTION") < 0)
		return -1;
	db->in_tx = 1;
	return 0;
}

void db_before_commit(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
	db->commit_sql = sql;
	db->commit_nparams = sql && n <= DB_COMMIT_PARAMS ? n : 0;
	if (db->commit_nparams)
		memcpy(db->commit_params, p, n * sizeof *p);
}

int db_commit(struct db *db)
{
	const char *before = db->commit_sql;
	db->commit_sql = NULL; /* once: a statement of its own could commit again */
	if (before && db_exec(db, before, db->commit_params, db->commit_nparams) < 0) {
		db_rollback(db);
		return -1;
	}
	int rc = plain(db, "COMMIT");
	db->in_tx = 0;
	return rc;
}

void db_rollback(struct db *db)
{
	if (db->conn && !db->broken)
		mysql_rollback(db->conn);
	db->in_tx = 0;
}

int db_exec_script(struct db *db, const char *sql)
{
	if (plain(db, sql) < 0)
		return -1;
	/* Walk every result so that an error in a later statement is reported. */
	for (;;) {
		MYSQL_RES *res = mysql_store_result(db->conn);
		if (res)
			mysql_free_result(res);
		int more = mysql_next_result(db->conn);
		if (more > 0) {
			set_error(db, mysql_errno(db->conn), mysql_error(db->conn));
			return -1;
		}
		if (more < 0)
			return 0;
	}
}

long long db_exec_plain(struct db *db, const char *sql)
{
	if (plain(db, sql) < 0)
		return -1;
	return (long long)mysql_affected_rows(db->conn);
}

enum db_status db_status(const struct db *db)
{
	return db->status;
}

const char *db_error(const struct db *db)
{
	return db->error;
}

size_t db_prepared_count(const struct db *db)
{
	return db->used;
}
