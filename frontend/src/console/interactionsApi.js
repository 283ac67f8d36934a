// The console's calls about the employer interaction index (互动指数, docs/interactions.md):
// an employer's interaction log and score, the dormant employers, and the weighted model.
// The ranking itself is GET /employers (recruitmentApi.js listEmployers: sort, model, index_min, index_max).
import { api } from '../api.js'

/** The log, newest first, struck-out entries marked `removed`: kind, page, per_page. */
export const listInteractions = (employerId, query) => api.page(`/employers/${employerId}/interactions`, query)
/** {kind, date (YYYY-MM-DD, not in the future), title, students_covered, owner, note}: 201 the interaction. */
export const createInteraction = (employerId, body) => api.post(`/employers/${employerId}/interactions`, body)
/** Any field above, or `removed` true (struck out) / false (brought back); derived entries too. */
export const updateInteraction = (id, fields) => api.put(`/employer-interactions/${id}`, fields)
/** {score, model, breakdown: {kind: {count, points}}} (weighted: weights and half_life_days as well). */
export const interactionIndex = (employerId, model) => api.get(`/employers/${employerId}/interaction-index`, { model })

/** view (fallen | registered_only), from, to (fallen), page, per_page. */
export const listDormant = (query) => api.page('/admin/employers/dormant', query)
/** {weights: {kind: weight}, half_life_days, updated_at}. */
export const getInteractionModel = () => api.get('/admin/interaction-model')
/** {weights, half_life_days}: rescores every employer; answers the model. */
export const putInteractionModel = (body) => api.put('/admin/interaction-model', body)
