// The console's calls to /students (list, import, export, changes, resumes), /transfers,
// /employment/reviews and /stats; pages never spell out URLs.
import { api } from '../api.js'

export const listStudents = (query) => api.page('/students', query)

export const exportFields = () => api.get('/students/export/fields')
export const exportStudents = (query) => api.download('/students/export', query)
/** The students whose records differ from the provincial system's export (`file`). */
export const compareStudents = (file, { contentType }) =>
  api.upload('/students/export/differs', file, { query: { format: 'json' }, contentType })
/** The same comparison as a csv or xlsx file: `{blob, filename}`. */
export const compareStudentsFile = (file, { format, contentType }) =>
  api.uploadForFile('/students/export/differs', file, { query: { format }, contentType })

export const importFields = () => api.get('/students/import/fields')
export const importTemplate = () => api.download('/students/import/template')
export const getImportMapping = () => api.get('/students/import/mapping').then((data) => data?.mapping ?? {})
export const putImportMapping = (mapping) => api.put('/students/import/mapping', { mapping }).then((data) => data?.mapping ?? {})
export const importStudents = (file, { mode, atomic, contentType }) =>
  api.upload('/students/import', file, { query: { mode, atomic: atomic ? 1 : undefined }, contentType })

export const listReviews = (query) => api.page('/employment/reviews', { state: 'pending', ...query })
export const decideReviews = (ids, decision, reason) => api.post('/employment/reviews', { ids, decision, reason })

/** Profile and dispatch changes (`kind`), the pending queue by default. */
export const listChanges = (query) => api.page('/students/changes', { state: 'pending', ...query })
export const decideChanges = (ids, decision, reason) => api.post('/students/changes/review', { ids, decision, reason })

/** `{graduation_year?, major_id?, reason}`: 201 with the transfer, approved at once or pending. */
export const requestTransfer = (studentId, body) => api.post(`/students/${studentId}/transfers`, body)
export const listTransfers = (query) => api.page('/transfers', query)
/** `decision`: approve | reject (the receiving side) | withdraw (the requesting side). */
export const decideTransfer = (id, decision, reason) => api.post(`/transfers/${id}/decision`, { decision, reason })

/** A student's resumes, newest first (not paged). */
export const studentResumes = (studentId) => api.get(`/students/${studentId}/resumes`)
/** Marks a resume recommended (推荐简历) or not; answers the resume. */
export const recommendResume = (id, recommended) => api.put(`/resumes/${id}/recommended`, { recommended })

/** A one-time link (valid `valid_days`) with which a student whose account the import made sets the first password: {path, username, valid_days}. */
export const createActivationLink = (studentId) => api.post(`/students/${studentId}/activation`)

export const employmentStats = (query) => api.get('/stats/employment', query)
/** year, by (category | destination | unit_nature | industry | province | school), college, major_id: [{key, label, count}]. */
export const destinationStats = (query) => api.get('/stats/destinations', query)
