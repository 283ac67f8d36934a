// Calls about employers and their jobs shared by the phone pages (the
// employer's HR, students) and the console (staff): a registration, an
// employer's record, licence and HR users, jobs. The console's own calls
// (lists, reviews) are in console/recruitmentApi.js.
import { api } from './api.js'

/** Anyone: the employer (pending) and its first HR account, which signs in at once. */
export const registerEmployer = (body) => api.post('/employers/register', body, { auth: false })

export const getEmployer = (id) => api.get(`/employers/${id}`)
/** The employer's HR: an approved employer's key details wait in pending_changes (rereview). */
export const updateEmployer = (id, fields) => api.put(`/employers/${id}`, fields)
export const addHrUser = (id, user) => api.post(`/employers/${id}/users`, user)

/** The licence file itself as the body (PNG, JPEG or PDF); answers the employer. */
export const putLicence = (id, file) => api.putFile(`/employers/${id}/licence`, file)
/** `{blob, filename}` to the employer's HR and staff holding employers.review. */
export const getLicence = (id) => api.download(`/employers/${id}/licence`)

export const employerJobs = (id, query) => api.page(`/employers/${id}/jobs`, query)

/** Public when approved; the employer's HR and staff see every state and the review fields. */
export const getJob = (id) => api.get(`/jobs/${id}`)
export const createJob = (job) => api.post('/jobs', job)
export const updateJob = (id, fields) => api.put(`/jobs/${id}`, fields)
/** Approved jobs, newest refresh first: q, city, major, page, per_page. */
export const listJobs = (query) => api.page('/jobs', query)
