// Calls about one student's record and the national code tables, shared by
// the console and the phone pages (the student reads and reports their own).
import { api } from './api.js'

export const getStudent = (id) => api.get(`/students/${id}`)
export const putEmployment = (id, employment) => api.put(`/students/${id}/employment`, employment)
/** Staff: applied at once; the student: waits for review. Both answer the record. */
export const putProfile = (id, fields) => api.put(`/students/${id}`, fields)
export const putDispatch = (id, fields) => api.put(`/students/${id}/dispatch`, fields)

/** Companies whose name contains `q` (at least 2 characters): [{name, credit_code, …, source}]. */
export const lookupEmployers = (q) => api.get('/employers/lookup', { q })

/** `table`: destination | unit-nature | industry | region | political-status | dispatch-type. */
export const listCodes = (table, query) => api.get(`/codes/${table}`, query)
