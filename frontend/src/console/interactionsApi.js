// The console's calls about the employer interaction index (互动指数, docs/interactions.md):
// an employer's interaction log and score, the dormant employers, and the weighted model.
// The ranking itself is GET /employers (recruitmentApi.js listEmployers: sort, model, index_min, index_max).
import { api, request } from '../api.js'

/** The log, newest first, struck-out entries marked `removed`: kind, page, per_page. */
export const listInteractions = (employerId, query) => api.page(`/employers/${employerId}/interactions`, query)
/** {kind, date (YYYY-MM-DD, not in the future), title, students_covered, owner, note}: 201 the interaction. */
export const createInteraction = (employerId, body) => api.post(`/employers/${employerId}/interactions`, body)
/** Any field above, or `removed` true (struck out) / false (brought back); derived entries too. */
export const updateInteraction = (id, fields) => api.put(`/employer-interactions/${id}`, fields)
/** {score, model, breakdown: {kind: {count, points}}} (weighted: weights and half_life_days as well). */
export const interactionIndex = (employerId, model) => api.get(`/employers/${employerId}/interaction-index`, { model })

/** An interaction's archived files (存档材料), newest first: {items, total}. */
export const listInteractionFiles = (id) => api.page(`/employer-interactions/${id}/files`, { per_page: 200 })
/** The file itself as the body (PNG, JPEG or PDF), its name in ?name=: 201 the file. */
export const uploadInteractionFile = (id, file) => api.upload(`/employer-interactions/${id}/files`, file, { query: { name: file.name } })
/** `{blob, filename}`. */
export const downloadInteractionFile = (fileId) => api.download(`/employer-files/${fileId}`)
/** Answers the file as it was. */
export const deleteInteractionFile = (fileId) => request('DELETE', `/employer-files/${fileId}`).then((envelope) => envelope.data)

/** view (fallen | registered_only), from, to (fallen), page, per_page. */
export const listDormant = (query) => api.page('/admin/employers/dormant', query)
/** {weights: {kind: weight}, half_life_days, updated_at}. */
export const getInteractionModel = () => api.get('/admin/interaction-model')
/** {weights, half_life_days}: rescores every employer; answers the model. */
export const putInteractionModel = (body) => api.put('/admin/interaction-model', body)
