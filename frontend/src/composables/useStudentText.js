// A record's profile and dispatch fields as people read them: level, status,
// political status and place of origin by name. Shared by the console's
// record, its review queue and the student's phone pages.
import { useI18n } from 'vue-i18n'
import { DISPATCH_FIELDS, studentStatusText } from '../students.js'
import { levelText } from './useMajors.js'
import { regionName, useCodes } from './useCodes.js'

export function useStudentText() {
  const { t } = useI18n()
  const { nameOf } = useCodes('political-status')

  const label = (field) => t(DISPATCH_FIELDS.includes(field) ? `students.dispatch.${field}` : `students.fields.${field}`)

  /** Display text of one field's value; '' for an empty one. */
  function valueText(field, value) {
    if (value === null || value === undefined || value === '') return ''
    if (field === 'level') return levelText(value)
    if (field === 'status') return studentStatusText(value)
    if (field === 'origin_region_code') return `${regionName(String(value))} (${value})`
    if (field === 'political_status') return nameOf('political-status', value)
    return String(value)
  }

  /** [{field, label, text}] of `fields` of a record, '—' for the empty ones. */
  const rowsOf = (record, fields) => fields.map((field) => ({ field, label: label(field), text: valueText(field, record?.[field]) || '—' }))

  return { label, valueText, rowsOf }
}
