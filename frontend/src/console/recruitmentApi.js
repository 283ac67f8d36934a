// The console's calls about employers and jobs: the employers list, the
// office's reviews, the job review queue and refreshing jobs to the top of
// the public list. One employer's record and jobs: ../recruitmentApi.js.
import { api } from '../api.js'

/**
 * status, industry, region (a province or city takes in what is under it), q, page, per_page;
 * sort (interaction_index | created), order (desc | asc), model (seed | weighted: the score in
 * interaction_index, sorted and filtered by), index_min, index_max.
 */
export const listEmployers = (query) => api.page('/employers', query)
/** `decision`: approve | reject (a reason needed); answers the employer. */
export const reviewEmployer = (id, decision, reason) => api.post(`/admin/employers/${id}/review`, { decision, reason })

/** status (waiting = pending or rereview, the default), employer_id, q, page, per_page. */
export const listJobQueue = (query) => api.page('/admin/jobs', query)
export const reviewJob = (id, decision, reason) => api.post(`/admin/jobs/${id}/review`, { decision, reason })
/** Moves the jobs to the top of the public list: answers {refreshed}. */
export const refreshJobs = (ids) => api.post('/admin/jobs/refresh', { ids })

/** Employers' account appeals: state (pending | approved | rejected), q (company name), page, per_page. */
export const listAppeals = (query) => api.page('/admin/employer-appeals', query)
/** Approving makes the applicant the contact and mails them a reset link: the answer's reset_link says where. */
export const reviewAppeal = (id, decision, reason) => api.post(`/admin/employer-appeals/${id}/review`, { decision, reason })

/**
 * The employer portrait: by (industry | cooperation_level | size | unit_nature | province | kind),
 * status (approved by default, or all), industry, cooperation_level, size, unit_nature, province.
 */
export const employerStats = (query) => api.get('/stats/employers', query)
/** The cooperation levels (合作等级): [{code, name, sort_order, active}]. */
export const cooperationLevels = () => api.get('/cooperation-levels')
