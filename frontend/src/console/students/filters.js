// The students list's filters, shared by the list and the export dialog.

/** Pasted student numbers per query: the request line must stay under the proxy's 8 KB. */
export const MAX_STUDENT_NOS = 500

export const blankFilters = () => ({
  year: '',
  college: '',
  major_id: '',
  status: '', // '' = the server's default (active statuses), 'all', or one status
  destination: '', // employed | further_study | pending | a destination code
  q: '',
  student_nos: '', // the pasted text
})

/** Student numbers out of pasted text (commas, spaces, tabs, semicolons or line breaks), once each. */
export function parseStudentNos(text) {
  return [...new Set(String(text ?? '').split(/[\s,;，；、]+/).filter(Boolean))]
}

/** The query of GET /students and GET /students/export for these filters. */
export function filterQuery(filters) {
  const nos = parseStudentNos(filters.student_nos)
  return {
    year: filters.year,
    college: filters.college,
    major_id: filters.major_id,
    status: filters.status,
    destination: filters.destination,
    q: filters.q.trim(),
    student_nos: nos.length ? nos.join(',') : undefined,
  }
}

/** The filters a link may carry in its query (the destinations dashboard: year, college, major_id). */
export function queryFilters(query) {
  const number = (value) => (/^\d+$/.test(value ?? '') ? Number(value) : '')
  return { year: number(query.year), college: typeof query.college === 'string' ? query.college : '', major_id: number(query.major_id) }
}
