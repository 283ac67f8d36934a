// The profile (PUT /students/{id}) and dispatch (PUT /students/{id}/dispatch)
// forms, whatever the UI kit: where the form starts, local checks, a body of
// only the fields that changed ('' clears a field: null) and the server's
// complaints by field. Staff changes apply at once, a student's wait for
// review: the server decides by the caller, the answer is the record.
import { computed, reactive, toValue } from 'vue'
import { useI18n } from 'vue-i18n'
import { putDispatch, putProfile } from '../studentsApi.js'
import { DISPATCH_FIELDS } from '../students.js'
import { useCodes } from './useCodes.js'
import { useFormState } from './useFormState.js'

const PHONE = /^1\d{10}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** Profile fields that cannot be cleared. */
const PROFILE_REQUIRED = ['name', 'id_card', 'enrolment_year', 'level']

/** A value as the server takes it: trimmed, null when empty, the year a number. */
function normal(field, value) {
  const text = value === null || value === undefined ? '' : String(value).trim()
  if (text === '') return null
  return field === 'enrolment_year' ? Number(text) : text
}

/**
 * `put(id, body)` sends; `studentId` is a value, ref or getter; `fields` the
 * fields the form shows; `check(form)` adds {field: message} for rules
 * across fields.
 */
function useChangeForm(put, studentId, { fields, required = [], check = () => ({}) }) {
  const { t } = useI18n()
  const form = reactive(Object.fromEntries(fields.map((f) => [f, ''])))
  const { errors, formError, busy, clearErrors, accept, run } = useFormState(form, fields)
  let start = {}

  /** Starts from a record, with a pending proposal laid over it (the student amends theirs). */
  function fill(record, proposed = null) {
    start = Object.fromEntries(fields.map((f) => [f, normal(f, proposed && f in proposed ? proposed[f] : record?.[f])]))
    fields.forEach((f) => (form[f] = start[f] ?? ''))
    clearErrors()
  }

  /** The fields that differ from where the form started. */
  const changes = () => Object.fromEntries(fields.map((f) => [f, normal(f, form[f])]).filter(([f, value]) => value !== start[f]))

  // Only what changes is checked: a masked phone left as it is stays unsent.
  function problemsOf(body) {
    const problems = {}
    for (const [f, value] of Object.entries(body)) {
      if (value === null && required.includes(f)) problems[f] = t('common.required')
      else if (f === 'phone' && value !== null && !PHONE.test(value)) problems[f] = t('changes.phoneInvalid')
      else if (f === 'email' && value !== null && !EMAIL.test(value)) problems[f] = t('changes.emailInvalid')
    }
    return { ...check(form), ...problems }
  }

  /** Resolves to the record as the server answers it, or null (the complaints are shown). */
  async function submit() {
    clearErrors()
    const body = changes()
    if (!accept(problemsOf(body))) return null
    if (!Object.keys(body).length) {
      formError.value = t('changes.nothing')
      return null
    }
    return run(() => put(toValue(studentId), body))
  }

  return { form, errors, formError, busy, fill, submit }
}

/** The profile form over `fields` (a subset of PROFILE_FIELDS: what the caller may change). */
export function useProfileForm(studentId, fields) {
  const codes = useCodes('political-status')
  return { ...useChangeForm(putProfile, studentId, { fields, required: PROFILE_REQUIRED }), codes }
}

/** The dispatch form: a dispatch type that needs a unit (needs_unit) needs the unit's name. */
export function useDispatchForm(studentId) {
  const { t } = useI18n()
  const codes = useCodes('dispatch-type')
  const state = useChangeForm(putDispatch, studentId, {
    fields: DISPATCH_FIELDS,
    required: ['dispatch_type'],
    check: (form) => (needsUnit.value && !form.unit_name.trim() ? { unit_name: t('changes.unitRequired', { type: form.dispatch_type }) } : {}),
  })
  const needsUnit = computed(() => Number(codes.rowOf('dispatch-type', state.form.dispatch_type)?.needs_unit) === 1)
  return { ...state, codes, needsUnit }
}
