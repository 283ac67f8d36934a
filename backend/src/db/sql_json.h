/* sql_json.h: SQL fragments shared by the statements that apply a JSON object of changes. */
#ifndef QIAO_SQL_JSON_H
#define QIAO_SQL_JSON_H

/* Sets table alias t's column col from the JSON object src (an SQL expression) when src
 * names it; JSON null clears it; a column src does not name keeps its value. */
#define SQL_SET_FROM(t, src, col)                                                                 \
	t "." col " = IF(JSON_EXISTS(" src ", '$." col "'), JSON_VALUE(" src ", '$." col "'), " t \
	"." col ")"

#endif
