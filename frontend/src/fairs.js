// Vocabulary of job fairs (招聘会): the fields of the form that sets one up, the states of an
// employer's application, what the office exports, and the rules across a fair's times.
import { timeProblems } from './events.js'

/** The fields of POST /fairs and PUT /fairs/{id}, in form order; `FAIR_TYPES` says how a form value is sent. */
export const FAIR_FIELDS = [
  'title', 'venue_id', 'venue', 'starts_at', 'ends_at', 'publish_at', 'apply_until',
  'booths', 'max_booths', 'max_attendees', 'fee', 'payment_note', 'form_note',
  'participants_public', 'require_signup', 'checkin_code', 'description',
]
export const FAIR_TYPES = {
  venue_id: 'number', booths: 'number', max_booths: 'number', max_attendees: 'number', fee: 'number',
  participants_public: 'boolean', require_signup: 'boolean',
}
export const FAIR_REQUIRED = ['title', 'starts_at', 'ends_at', 'apply_until', 'booths']
/** Where a new fair's form starts (the server's defaults). */
export const FAIR_DEFAULTS = { max_booths: 1, max_attendees: 3, fee: 0, participants_public: true, require_signup: false }
/** The most booths and people one employer may be allowed. */
export const FAIR_PER_EMPLOYER_MAX = 20

/** pending → approved or rejected; pending or approved → withdrawn (by the employer). */
export const FAIR_APPLICATION_STATES = ['pending', 'approved', 'rejected', 'withdrawn']
/** The states an employer may take back. */
export const WITHDRAWABLE = ['pending', 'approved']
/** The fields of POST /fairs/{id}/applications, in form order. */
export const FAIR_APPLY_FIELDS = ['booths', 'attendees', 'contact_name', 'contact_phone', 'note', 'job_ids']

/** The lists GET /fairs/{id}/export makes, and its formats. */
export const FAIR_EXPORTS = ['participants', 'jobs', 'visitors']
export const EXPORT_FORMATS = ['xlsx', 'csv']

/** Whether employers may still apply: published and before its deadline. */
export const openForApplications = (fair) => fair?.status === 'published' && Date.parse(fair.apply_until) > Date.now()

/** Whether an employer may apply now: none yet, or the last one rejected or withdrawn. */
export const mayApply = (fair) => openForApplications(fair) && !WITHDRAWABLE.includes(fair?.mine?.state)

/** Rules across a fair's times: the end after the start, employers' deadline no later than the start. {field: message key}. */
export function fairTimeProblems(form) {
  const problems = timeProblems(form)
  if (Date.parse(form.apply_until) > Date.parse(form.starts_at)) problems.apply_until = 'fairs.applyAfterStart'
  return problems
}
