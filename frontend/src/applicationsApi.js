// Calls about students' resumes and their applications to jobs, on the phone: the student's
// resumes and applications, an employer's applicants. Staff's calls (a student's resumes,
// recommending one) are in console/studentsApi.js.
import { api, request } from './api.js'
import { APPLICATION_STATES } from './applications.js'

/** The student's own resumes, newest first (not paged). */
export const listResumes = () => api.get('/resumes')
/** The student's own; staff of the student's majors read it too. */
export const getResume = (id) => api.get(`/resumes/${id}`)
/** A new resume: its education starts from the student's record when not sent. */
export const createResume = (resume) => api.post('/resumes', resume)
export const updateResume = (id, fields) => api.put(`/resumes/${id}`, fields)

/** A resume's attachments (附件), newest first (at most 5, not paged): its student, staff who
 * read it and the employers it was sent to. */
export const listResumeFiles = (id) => api.get(`/resumes/${id}/files`)
/** The file itself as the body (PNG, JPEG or PDF), its name in ?name=: 201 the file; 409 (field
 * file) when the resume has 5 already. */
export const uploadResumeFile = (id, file) => api.upload(`/resumes/${id}/files`, file, { query: { name: file.name } })
/** `{blob, filename}`. */
export const downloadResumeFile = (id, fileId) => api.download(`/resumes/${id}/files/${fileId}`)
/** Answers the file as it was. */
export const deleteResumeFile = (id, fileId) => request('DELETE', `/resumes/${id}/files/${fileId}`).then((envelope) => envelope.data)

/** `{resume_id, share}`: 409 (field job) on a second application or after the deadline. */
export const applyToJob = (jobId, body) => api.post(`/jobs/${jobId}/applications`, body)
/** The student's own applications with their jobs, newest first: page, per_page. */
export const myApplications = (query) => api.page('/applications', query)
/** To the student, the job's employer (opening a delivered one marks it viewed) and staff; with its events. */
export const getApplication = (id) => api.get(`/applications/${id}`)
/** The employer moves it on, the student withdraws it; 409 when the move is not allowed (any more). */
export const moveApplication = (id, state, note) => api.put(`/applications/${id}/state`, { state, note: note || undefined })
/** A job's applications to its employer and staff: state, page, per_page. */
export const jobApplications = (jobId, query) => api.page(`/jobs/${jobId}/applications`, query)

/** The student's application to a job, or null. */
export async function myApplicationTo(jobId) {
  const { items } = await myApplications({ job_id: jobId, per_page: 1 })
  return items[0] ?? null
}

/** {state: count, all} of a job's applications: the list has no tally, so each state is counted apart. */
export async function countJobApplications(jobId) {
  const totals = await Promise.all(APPLICATION_STATES.map((state) => jobApplications(jobId, { state, per_page: 1 }).then(({ total }) => total)))
  const counts = Object.fromEntries(APPLICATION_STATES.map((state, i) => [state, totals[i]]))
  return { ...counts, all: totals.reduce((sum, n) => sum + n, 0) }
}
