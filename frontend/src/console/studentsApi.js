// The console's calls to /students (list, import, export), /employment/reviews
// and /stats; pages never spell out URLs.
import { api } from '../api.js'

export const listStudents = (query) => api.page('/students', query)

export const exportFields = () => api.get('/students/export/fields')
export const exportStudents = (query) => api.download('/students/export', query)

export const importFields = () => api.get('/students/import/fields')
export const getImportMapping = () => api.get('/students/import/mapping').then((data) => data?.mapping ?? {})
export const putImportMapping = (mapping) => api.put('/students/import/mapping', { mapping }).then((data) => data?.mapping ?? {})
export const importStudents = (file, { mode, atomic, contentType }) =>
  api.upload('/students/import', file, { query: { mode, atomic: atomic ? 1 : undefined }, contentType })

export const listReviews = (query) => api.page('/employment/reviews', { state: 'pending', ...query })
export const decideReviews = (ids, decision, reason) => api.post('/employment/reviews', { ids, decision, reason })

export const employmentStats = (query) => api.get('/stats/employment', query)
