// The rows of the dashboards' breakdowns ({key, label, count, …}) made ready to draw and to
// export: labels in the page's language, the rows of no value ('' key) named as such.
import { i18n } from '../../i18n.js'

const t = (...args) => i18n.global.t(...args)

/** Rows with their `label` from `labelOf(row)`; a row without a key is "not filled in" (`blank`). */
export function labelRows(rows, labelOf = (row) => row.label, blank = t('dashboards.unset')) {
  return rows.map((row) => ({ ...row, label: row.key === '' || row.key == null ? blank : labelOf(row) }))
}

/** The CSV header and rows of counted rows: the name, the count and any more `fields`. */
export function countTable(rows, fields = []) {
  return {
    header: [t('dashboards.columns.item'), t('dashboards.columns.count'), ...fields.map((f) => t(`dashboards.columns.${f}`))],
    rows: rows.map((row) => [row.label, row.count, ...fields.map((f) => row[f])]),
  }
}
