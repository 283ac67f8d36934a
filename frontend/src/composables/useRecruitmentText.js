// Employers' and jobs' fields as people read them: codes by name, regions by
// full name, salaries and headcounts with their units; and the changes a
// record holds for review (pending_changes) next to its current values.
// Shared by the phone pages and the console.
import { useI18n } from 'vue-i18n'
import { EMPLOYER_CODED, EMPLOYER_FIELDS, JOB_FIELDS, degreeText } from '../recruitment.js'
import { regionName, useCodes } from './useCodes.js'

/** What both kinds of record offer, given a field's label and value text and the fields in form order. */
function describe(label, valueText, order, read = (record, field) => valueText(field, record?.[field])) {
  /** [{field, label, text}] of `fields` of a record, '—' for the empty ones. */
  const rowsOf = (record, fields = order) => fields.map((field) => ({ field, label: label(field), text: read(record, field) || '—' }))
  /** The fields whose change waits for review, in form order. */
  const heldFields = (record) => order.filter((field) => record?.pending_changes && field in record.pending_changes)
  /** [{field, label, text}] of the held changes (what they propose). */
  const heldRows = (record) => rowsOf(record.pending_changes, heldFields(record))
  /** [{field, label, from, to, changed}] of the held changes against the values in use. */
  const heldLines = (record) =>
    heldFields(record).map((field) => ({
      field,
      label: label(field),
      from: valueText(field, record[field]),
      to: valueText(field, record.pending_changes[field]),
      changed: true,
    }))
  return { label, valueText, rowsOf, heldFields, heldRows, heldLines }
}

const empty = (value) => value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)

export function useEmployerText() {
  const { t } = useI18n()
  const { nameOf } = useCodes(...Object.values(EMPLOYER_CODED))

  function valueText(field, value) {
    if (empty(value)) return ''
    if (EMPLOYER_CODED[field]) return `${nameOf(EMPLOYER_CODED[field], value)} (${value})`
    if (field === 'region_code') return regionName(String(value))
    return String(value)
  }

  return describe((field) => t(`employers.fields.${field}`), valueText, EMPLOYER_FIELDS)
}

/** What a job page lists as label and value (one salary line; the description is shown apart). */
export const JOB_SHOWN = ['city', 'region_code', 'salary', 'degree', 'headcount', 'deadline', 'majors']

export function useJobText() {
  const { t, locale } = useI18n()
  const amount = (value) => Number(value).toLocaleString(locale.value)

  function valueText(field, value) {
    if (empty(value)) return ''
    if (field === 'salary_min' || field === 'salary_max') return t('jobs.perMonth', { amount: amount(value) })
    if (field === 'headcount') return t('jobs.people', { n: value })
    if (field === 'degree') return degreeText(value)
    if (field === 'majors') return [value].flat().join('、')
    if (field === 'region_code') return regionName(String(value))
    return String(value)
  }

  /** The monthly salary range of a job: "9,000–15,000 元/月", "面议" when none is given. */
  function salaryText(job) {
    const [min, max] = [job?.salary_min, job?.salary_max].map((v) => (empty(v) ? null : amount(v)))
    if (min && max) return t('jobs.salaryRange', { min, max })
    if (min) return t('jobs.salaryFrom', { min })
    if (max) return t('jobs.salaryUpTo', { max })
    return t('jobs.salaryOpen')
  }

  const read = (job, field) => (field === 'salary' ? salaryText(job) : valueText(field, job?.[field]))
  return { ...describe((field) => t(`jobs.fields.${field}`), valueText, JOB_FIELDS, read), salaryText }
}
