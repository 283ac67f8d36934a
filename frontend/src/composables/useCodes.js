// The national code tables (GET /codes/…), fetched once per page load and
// shared by every form, label and filter. Regions are many (a tree of
// provinces, cities and districts), so they are fetched by parent or by
// search and remembered code by code.
import { computed, reactive, ref, shallowRef } from 'vue'
import { listCodes } from '../studentsApi.js'
import { errorText } from '../errors.js'

/** The small tables, read whole. */
export const CODE_TABLES = ['destination', 'unit-nature', 'industry', 'political-status', 'dispatch-type']

const tables = Object.fromEntries(
  CODE_TABLES.map((name) => [name, { rows: shallowRef([]), loading: ref(false), error: ref(''), pending: null }]),
)

function loadTable(name) {
  const table = tables[name]
  if (!table.pending) {
    table.loading.value = true
    table.error.value = ''
    table.pending = listCodes(name)
      .then((rows) => {
        table.rows.value = rows ?? []
      })
      .catch((e) => {
        table.error.value = errorText(e)
        table.pending = null // allow a retry
      })
      .finally(() => {
        table.loading.value = false
      })
  }
  return table.pending
}

/** `useCodes('destination', 'industry')`: {rows: {destination, …}, nameOf(table, code), loading, error, retry}. */
export function useCodes(...names) {
  names.forEach(loadTable)
  const rows = Object.fromEntries(names.map((name) => [name, tables[name].rows]))
  const byCode = Object.fromEntries(
    names.map((name) => [name, computed(() => new Map(tables[name].rows.value.map((row) => [row.code, row])))]),
  )
  return {
    rows,
    /** The code's row, or undefined. */
    rowOf: (table, code) => byCode[table]?.value.get(code == null ? code : String(code)),
    /** "name" of a code; the code itself when the table lacks it. */
    nameOf: (table, code) => (code == null || code === '' ? '' : (byCode[table]?.value.get(String(code))?.name ?? String(code))),
    loading: computed(() => names.some((name) => tables[name].loading.value)),
    error: computed(() => names.map((name) => tables[name].error.value).find(Boolean) ?? ''),
    retry: () => Promise.all(names.map(loadTable)),
  }
}

// ---- regions ----

const regionNames = reactive(new Map()) // code → full_name, filled by every answer below
const regionLookups = new Map() // code → promise, so one code is asked for once

function remember(rows) {
  for (const row of rows ?? []) regionNames.set(row.code, row.full_name || row.name)
  return rows ?? []
}

/** Provinces (no parent) or the children of a region. */
export const regionChildren = (parent) =>
  listCodes('region', parent ? { parent } : { level: 1 }).then(remember)

/** Regions whose name contains `q` or whose code starts with it. */
export const searchRegions = (q) => listCodes('region', { q }).then(remember)

/**
 * Reactive full name of a region code ("江苏省南京市"); fetched on first use,
 * the code itself until then (or when it is unknown).
 */
export function regionName(code) {
  if (!code) return ''
  if (!regionNames.has(code) && !regionLookups.has(code)) {
    regionLookups.set(
      code,
      searchRegions(code).catch(() => regionLookups.delete(code)),
    )
  }
  return regionNames.get(code) ?? code
}
