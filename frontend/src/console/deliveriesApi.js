// The office's view of resume delivery (简历投递管理): every application with its student and
// job, figures grouped as asked, and the export. Each call takes the same filters: from, to
// (YYYY-MM-DD), employer_id, job_id, fair_id, college, major_id, state.
import { api } from '../api.js'

/** Newest first, paged. */
export const listDeliveries = (query) => api.page('/admin/applications', query)
/** group_by: employer | job | college | major | state | date; rows {key, label, applications, students, offers}. */
export const deliveryStats = (query) => api.get('/admin/applications/stats', query)
/** format: csv | xlsx; `{blob, filename}`. */
export const exportDeliveries = (query) => api.download('/admin/applications/export', query)
