// Vocabulary of the students module that the server spells in Chinese or as
// codes: student statuses, destination categories, the fields of a record.
import { i18n } from './i18n.js'

/** Student statuses (student_statuses in the database), active ones first. */
export const STUDENT_STATUSES = ['在读', '毕业', '结业', '休学', '保留学籍', '延期毕业', '退学', '转学', '肄业', '开除学籍', '死亡']
const STATUS_KEYS = {
  在读: 'enrolled',
  毕业: 'graduated',
  结业: 'completed',
  休学: 'suspended',
  保留学籍: 'reserved',
  延期毕业: 'deferred',
  退学: 'withdrawn',
  转学: 'transferred',
  肄业: 'incomplete',
  开除学籍: 'expelled',
  死亡: 'deceased',
}

/** Message key of a student status; null for one this list lacks (shown as sent). */
export const studentStatusKey = (status) => (STATUS_KEYS[status] ? `students.statuses.${STATUS_KEYS[status]}` : null)

/** A student status in the UI language. */
export const studentStatusText = (status) => (studentStatusKey(status) ? i18n.global.t(studentStatusKey(status)) : status)

/** The fields of PUT /students/{id} (the profile), in form order. */
export const PROFILE_FIELDS = ['name', 'gender', 'id_card', 'enrolment_year', 'level', 'phone', 'email', 'origin_region_code', 'political_status']
/** The profile fields a student may propose themselves. */
export const OWN_PROFILE_FIELDS = ['phone', 'email', 'political_status', 'origin_region_code']
/** The fields of PUT /students/{id}/dispatch, in form order. */
export const DISPATCH_FIELDS = ['dispatch_type', 'unit_name', 'unit_address', 'archive_unit', 'archive_address', 'hukou_address']
export const GENDERS = ['男', '女']
/** What students report themselves and staff review: one queue a kind. */
export const REVIEW_KINDS = ['employment', 'profile', 'dispatch']

/** Destination categories (`destination` filter and `destination_category`). */
export const DESTINATION_CATEGORIES = ['employed', 'further_study', 'pending']
export const CATEGORY_TAG = { employed: 'success', further_study: 'primary', pending: 'info' }

/** The fields of PUT /students/{id}/employment, in form order. */
export const EMPLOYMENT_FIELDS = [
  'destination_code',
  'employer_name',
  'credit_code',
  'industry_code',
  'unit_nature_code',
  'region_code',
  'job_title',
  'salary',
  'school',
  'effective_date',
]

/** Which table names a coded employment field's value. */
export const CODED_FIELDS = {
  destination_code: 'destination',
  industry_code: 'industry',
  unit_nature_code: 'unit-nature',
}

/** Graduation years offered in pickers: a few back, a few ahead. */
export function graduationYears(now = new Date()) {
  const year = now.getFullYear()
  return Array.from({ length: 9 }, (_, i) => year + 3 - i)
}

/** 0.8123 → "81.23%"; null/undefined → "—". */
export function percent(rate) {
  if (rate == null || Number.isNaN(Number(rate))) return '—'
  return `${(Number(rate) * 100).toFixed(2)}%`
}

/** Today as YYYY-MM-DD in local time. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
