// Vocabulary of the recruitment module (employers and their jobs): review
// states, the fields of an employer and of a job, degrees, and the local
// checks of an employer's details (the server checks them too).
import { i18n } from './i18n.js'

/** Review states of an employer and of a job; rereview (待复审): a change of approved details waits. */
export const REVIEW_STATES = ['pending', 'approved', 'rejected', 'rereview']
/** The states the office decides on. */
export const DECIDABLE = ['pending', 'rereview']
/** The states of an approved record: a job in them is public and takes applications. */
export const APPROVED_STATES = ['approved', 'rereview']
/** Tag colour of a state; both UI kits know these types. */
export const REVIEW_TAG = { pending: 'warning', approved: 'success', rejected: 'danger', rereview: 'primary', published: 'success' }

/**
 * An employer's company details, in form order; the first five (name to region) are its key
 * details: once the employer is approved, a change of them waits for a second review.
 */
export const COMPANY_FIELDS = ['name', 'credit_code', 'industry_code', 'unit_nature_code', 'region_code', 'address', 'website', 'size', 'description']
export const CONTACT_FIELDS = ['contact_name', 'contact_phone', 'email']
/** Every field of PUT /employers/{id}. */
export const EMPLOYER_FIELDS = [...COMPANY_FIELDS, ...CONTACT_FIELDS]
/** Employer fields a registration must carry. */
export const EMPLOYER_REQUIRED = ['name', 'credit_code', 'contact_name', 'contact_phone', 'email']
/** What a business licence may be, and how large (the server's QIAO_MAX_LICENCE by default). */
export const LICENCE_TYPES = ['image/png', 'image/jpeg', 'application/pdf']
export const LICENCE_MAX_BYTES = 5 << 20
/** Which table names a coded employer field's value (regions are looked up apart). */
export const EMPLOYER_CODED = { industry_code: 'industry', unit_nature_code: 'unit-nature' }

/** Degrees a job asks for, as the server spells them. */
export const DEGREES = ['不限', '专科', '本科', '硕士', '博士']
const DEGREE_KEYS = { 不限: 'any', 专科: 'associate', 本科: 'bachelor', 硕士: 'master', 博士: 'doctor' }
export const degreeText = (degree) => (DEGREE_KEYS[degree] ? i18n.global.t(`jobs.degrees.${DEGREE_KEYS[degree]}`) : degree ?? '')

/** The fields of POST/PUT /jobs, in form order; `JOB_TYPES` says how a form value is sent. */
export const JOB_FIELDS = ['title', 'city', 'region_code', 'salary_min', 'salary_max', 'degree', 'headcount', 'deadline', 'majors', 'description']
export const JOB_TYPES = { salary_min: 'number', salary_max: 'number', headcount: 'number', majors: 'list' }
/** Job fields that cannot be left empty. */
export const JOB_REQUIRED = ['title', 'city', 'degree', 'headcount', 'description']

// ---- local checks ----

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
/** 18 characters of the code's alphabet (digits and capitals but I, O, S, V, Z). */
const USCC_FORM = /^[0-9A-HJ-NPQRTUWXY]{18}$/

/** Whether a unified social credit code is well formed and its 18th character checks out (GB 32100). */
function creditCodeValid(code) {
  if (!USCC_FORM.test(code)) return false
  const sum = USCC_WEIGHTS.reduce((n, weight, i) => n + USCC.indexOf(code[i]) * weight, 0)
  return USCC[(31 - (sum % 31)) % 31] === code[17]
}

const MOBILE = /^1\d{10}$/
const LANDLINE = /^\d[\d-]*\d$/ // area code, number, extension: 025-83591234-801
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** What is wrong with a credit code that is filled in (its form or its check character), or ''. */
function creditCodeProblem(value) {
  const code = String(value ?? '').trim().toUpperCase()
  if (!code || creditCodeValid(code)) return ''
  return i18n.global.t(USCC_FORM.test(code) ? 'employers.creditCodeCheck' : 'employers.creditCodeForm')
}

/** {field: message} for the employer details in `values` that are filled in but malformed. */
export function employerProblems(values) {
  const { t } = i18n.global
  const text = (field) => String(values[field] ?? '').trim()
  const problems = {}
  if (creditCodeProblem(values.credit_code)) problems.credit_code = creditCodeProblem(values.credit_code)
  const phone = text('contact_phone')
  const digits = phone.replace(/-/g, '').length
  if (phone && !MOBILE.test(phone) && !(LANDLINE.test(phone) && digits >= 7 && digits <= 16)) problems.contact_phone = t('employers.phoneInvalid')
  if (text('email') && !EMAIL.test(text('email'))) problems.email = t('changes.emailInvalid')
  if (text('website') && !/^https?:\/\//.test(text('website'))) problems.website = t('employers.websiteInvalid')
  return problems
}

/** {field: message} for the fields of an account appeal that are filled in but malformed: the applicant's phone must be a mobile number. */
export function appealProblems(values) {
  const { t } = i18n.global
  const text = (field) => String(values[field] ?? '').trim()
  const problems = {}
  if (creditCodeProblem(values.credit_code)) problems.credit_code = creditCodeProblem(values.credit_code)
  if (text('applicant_phone') && !MOBILE.test(text('applicant_phone'))) problems.applicant_phone = t('appeals.mobileInvalid')
  if (text('applicant_email') && !EMAIL.test(text('applicant_email'))) problems.applicant_email = t('changes.emailInvalid')
  return problems
}
