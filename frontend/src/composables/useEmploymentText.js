// Employment fields as people read them: code → name for the coded fields,
// region code → full name, salary with its unit. Shared by the console's
// record and review views and the student's phone pages.
import { useI18n } from 'vue-i18n'
import { CODED_FIELDS, EMPLOYMENT_FIELDS } from '../students.js'
import { regionName, useCodes } from './useCodes.js'

export function useEmploymentText() {
  const { t } = useI18n()
  const { nameOf } = useCodes(...new Set(Object.values(CODED_FIELDS)))

  const label = (field) => t(`employment.fields.${field}`)

  /** Display text of one field's value; '' for an empty one. */
  function valueText(field, value) {
    if (value === null || value === undefined || value === '') return ''
    if (CODED_FIELDS[field]) return `${nameOf(CODED_FIELDS[field], value)} (${value})`
    if (field === 'region_code') return regionName(String(value))
    if (field === 'salary') return t('employment.salaryValue', { amount: Number(value).toLocaleString() })
    return String(value)
  }

  /** [{field, label, text}] of a record's non-empty employment fields, in form order. */
  function rowsOf(record) {
    if (!record) return []
    return EMPLOYMENT_FIELDS.map((field) => ({ field, label: label(field), text: valueText(field, record[field]) })).filter(
      (row) => row.text !== '',
    )
  }

  return { label, valueText, rowsOf }
}
