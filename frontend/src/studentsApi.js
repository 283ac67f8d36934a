// Calls about one student's record and the national code tables, shared by
// the console and the phone pages (the student reads and reports their own).
import { api } from './api.js'

export const getStudent = (id) => api.get(`/students/${id}`)
export const putEmployment = (id, employment) => api.put(`/students/${id}/employment`, employment)

/** `table`: destination | unit-nature | industry | region | political-status. */
export const listCodes = (table, query) => api.get(`/codes/${table}`, query)
