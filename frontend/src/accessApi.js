// Calls anyone makes without being signed in to get (back) into an account: setting a
// password from a one-time link, and an employer's appeal for an account it lost.
import { api } from './api.js'

/** POST /auth/activate: answers {username}; 422 names `token` (invalid, used or expired) or `password`. */
export const activateAccount = (token, password) => api.post('/auth/activate', { token, password }, { auth: false })

/** POST /employer-appeals {credit_code, username?, applicant_name, applicant_phone, applicant_email, reason}: 201 {id, state}. */
export const fileAppeal = (appeal) => api.post('/employer-appeals', appeal, { auth: false })
