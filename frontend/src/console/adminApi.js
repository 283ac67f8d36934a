// The console's calls to /admin/*, /majors and the code tables; pages never spell out URLs.
import { api } from '../api.js'

export const listAccounts = (query) => api.page('/admin/accounts', query)
export const createAccount = (account) => api.post('/admin/accounts', account)
export const setAccountPermissions = (id, permissions) => api.put(`/admin/accounts/${id}/permissions`, { permissions })
export const setAccountScope = (id, majorIds) => api.put(`/admin/accounts/${id}/scope`, { major_ids: majorIds })
export const setAccountStatus = (id, status) => api.put(`/admin/accounts/${id}/status`, { status })

export const listPermissionItems = () => api.get('/admin/permission-items')
export const listMajors = (query) => api.page('/majors', query)
export const createMajor = (major) => api.post('/majors', major)
export const majorsTemplate = () => api.download('/majors/import/template')
export const importMajors = (file, { mode, atomic, contentType }) =>
  api.upload('/majors/import', file, { query: { mode, atomic: atomic ? 1 : undefined }, contentType })

/**
 * Adds a code or changes one (only the fields sent): name, valid_from, valid_to, sort_order; for
 * destinations category, needs_employer, needs_school; for regions level, parent_code, full_name.
 * `table`: destination | unit-nature | industry | region | political-status. Answers the code.
 */
export const putCode = (table, code, fields) => api.put(`/codes/${table}/${encodeURIComponent(code)}`, fields)
