// A job's form, new (POST /jobs) or an edit (PUT /jobs/{id}: only what
// changed is sent; an approved job's edit waits for review, so the form
// starts from the job with the held edit laid over it). The server refuses
// a new job while the company is not approved (403 naming its state).
import { useI18n } from 'vue-i18n'
import { createJob, updateJob } from '../recruitmentApi.js'
import { JOB_FIELDS, JOB_REQUIRED, JOB_TYPES } from '../recruitment.js'
import { useChangeForm } from './useChangeForm.js'

/** What a new job starts with. */
const NEW_JOB = { degree: '不限', headcount: '1' }

/** `jobId`: value, ref or getter; none for a new job. */
export function useJobForm(jobId) {
  const { t } = useI18n()
  const put = (id, body) => (id ? updateJob(id, body) : createJob(body))
  const state = useChangeForm(put, jobId, {
    fields: JOB_FIELDS,
    required: JOB_REQUIRED,
    types: JOB_TYPES,
    check: (form) => (Number(form.salary_min) > Number(form.salary_max) && String(form.salary_max).trim() ? { salary_max: t('jobs.salaryOrder') } : {}),
    fallbacks: { 403: 'jobs.refused' }, // the server says why (the company's state)
  })

  /** Starts from a job as the server answered it, or blank (NEW_JOB) for a new one. */
  function start(job) {
    state.fill(job, job?.pending_changes)
    if (!job) Object.assign(state.form, NEW_JOB)
  }

  return { ...state, start }
}
