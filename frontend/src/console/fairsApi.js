// The console's calls about job fairs (office staff holding fairs.manage): the fair itself,
// reviewing employers' applications, numbering booths, check-ins, live figures and exports.
// Lists, applications and QR tokens: ../fairsApi.js.
import { api } from '../api.js'

export const createFair = (fair) => api.post('/fairs', fair)
/** Any field of POST /fairs; 409 when booths falls below booths_taken, or the fair is cancelled. */
export const updateFair = (id, fields) => api.put(`/fairs/${id}`, fields)
export const cancelFair = (id, reason) => api.post(`/admin/fairs/${id}/cancel`, { reason })

/** `decision`: approve (takes its booths; 409 when too few are left) | reject (a reason needed). */
export const reviewFairApplication = (id, decision, reason) => api.post(`/admin/fair-applications/${id}/review`, { decision, reason })
/** Numbers the booths of approved applications in the order given: {ids, zone, group, start} → {assigned}. */
export const assignBooths = (fairId, body) => api.post(`/admin/fairs/${fairId}/booths`, body)
/** One application's numbers: {booth_numbers, zone, group}; 409 naming a number another holds. */
export const setBooths = (id, body) => api.put(`/fair-applications/${id}/booths`, body)
/** Marks an approved participant checked in (a phone that cannot scan). */
export const checkInEmployer = (id) => api.post(`/admin/fair-applications/${id}/checkin`, {})

/** Live: {employers, booths, jobs, students, resumes_delivered}. */
export const fairStats = (id) => api.get(`/fairs/${id}/stats`)
/** `list`: participants | jobs | visitors; `format`: csv | xlsx → {blob, filename}. */
export const exportFair = (id, list, format) => api.download(`/fairs/${id}/export`, { list, format })
