// Forms that send only the fields that changed, whatever the UI kit: the
// student's profile (PUT /students/{id}) and dispatch (PUT
// /students/{id}/dispatch), an employer's details (PUT /employers/{id}), a
// job (PUT /jobs/{id}; a new job sends whatever was filled in), a resume
// (PUT /resumes/{id}; a new one likewise). Where the
// form starts, local checks, a body of only the fields that changed ('' clears
// a field: null) and the server's complaints by field. The server decides by
// the caller whether a change applies at once or waits for review; the answer
// is the record.
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
/**
 * Text items (arrays on the server) as a form holds them: a 'list' (majors) separated by
 * commas, 、, semicolons or new lines, compared joined by 、; 'lines' (skills) one a line.
 */
const ITEMS = {
  list: { separators: /[,，、;；\n]+/, joiner: '、' },
  lines: { separators: /\n+/, joiner: '\n' },
}

/** A 'rows' item (an object of text fields) without its empty fields, its values trimmed text. */
const rowOf = (item) =>
  Object.fromEntries(
    Object.entries(item ?? {})
      .map(([key, v]) => [key, v === null || v === undefined ? '' : String(v).trim()])
      .filter(([, v]) => v !== ''),
  )

/**
 * A value as the form compares it: trimmed, null when empty, a 'number' a
 * number, a 'boolean' (a switch) true or false, text items joined by their
 * joiner, 'rows' (a list of objects) without empty fields and items, as JSON.
 */
function normal(value, type) {
  if (type === 'rows') {
    const rows = (Array.isArray(value) ? value : []).map(rowOf).filter((row) => Object.keys(row).length)
    return rows.length ? JSON.stringify(rows) : null
  }
  const raw = Array.isArray(value) ? value.join('\n') : value
  const text = raw === null || raw === undefined ? '' : String(raw).trim()
  if (ITEMS[type]) {
    const items = text.split(ITEMS[type].separators).map((item) => item.trim()).filter(Boolean)
    return items.length ? items.join(ITEMS[type].joiner) : null
  }
  if (text === '') return null
  if (type === 'boolean') return text === 'true' || text === '1'
  return type === 'number' ? Number(text) : text
}

/** A compared value as the server takes it: lists as arrays ([] when empty). */
function sent(value, type) {
  if (type === 'rows') return value === null ? [] : JSON.parse(value)
  if (ITEMS[type]) return value === null ? [] : value.split(ITEMS[type].joiner)
  return value
}

/** A compared value as the form shows it: 'rows' as objects to edit, anything else as text. */
const shown = (value, type) => (type === 'rows' ? sent(value, type) : (value ?? ''))

/**
 * `put(id, body)` sends; `id` is a value, ref or getter; `fields` the
 * fields the form shows; `required` those that cannot be left empty;
 * `types` {field: 'number' | 'boolean' | 'list' | 'lines' | 'rows'}; `check(form)` adds {field: message}
 * for rules across fields; `fallbacks` as errorText takes them; `sendUnchanged`: a form
 * without a change is sent all the same (an approval that may also move what it approves).
 */
export function useChangeForm(put, id, { fields, required = [], types = {}, check = () => ({}), fallbacks = {}, sendUnchanged = false }) {
  const { t } = useI18n()
  const form = reactive(Object.fromEntries(fields.map((f) => [f, shown(null, types[f])])))
  const { errors, formError, busy, clearErrors, accept, run } = useFormState(form, fields, fallbacks)
  let start = {}

  const value = (f, v) => normal(v, types[f])

  /** Starts from a record (null: a blank form), with a pending proposal laid over it (amending it). */
  function fill(record, proposed = null) {
    start = Object.fromEntries(fields.map((f) => [f, value(f, proposed && f in proposed ? proposed[f] : record?.[f])]))
    fields.forEach((f) => (form[f] = shown(start[f], types[f])))
    clearErrors()
  }

  /** The fields that differ from where the form started. */
  const changes = () => Object.fromEntries(fields.map((f) => [f, value(f, form[f])]).filter(([f, v]) => v !== start[f]))

  const mandatory = required.filter((f) => fields.includes(f))

  // A required field may be neither cleared nor left empty; otherwise only
  // what changes is checked: a masked phone left as it is stays unsent.
  function problemsOf(body) {
    const problems = {}
    for (const f of mandatory) if (value(f, form[f]) === null) problems[f] = t('common.required')
    for (const [f, v] of Object.entries(body)) {
      if (v === null) continue
      if (types[f] === 'number' && Number.isNaN(v)) problems[f] = t('changes.numberInvalid')
      else if (f === 'phone' && !PHONE.test(v)) problems[f] = t('changes.phoneInvalid')
      else if (f === 'email' && !EMAIL.test(v)) problems[f] = t('changes.emailInvalid')
    }
    return { ...check(form), ...problems }
  }

  /** Resolves to the record as the server answers it, or null (the complaints are shown). */
  async function submit() {
    clearErrors()
    const body = changes()
    if (!accept(problemsOf(body))) return null
    if (!Object.keys(body).length && !sendUnchanged) {
      formError.value = t('changes.nothing')
      return null
    }
    const out = Object.fromEntries(Object.entries(body).map(([f, v]) => [f, sent(v, types[f])]))
    return run(() => put(toValue(id), out))
  }

  return { form, errors, formError, busy, fill, submit }
}

/** The profile form over `fields` (a subset of PROFILE_FIELDS: what the caller may change). */
export function useProfileForm(studentId, fields) {
  const codes = useCodes('political-status')
  return { ...useChangeForm(putProfile, studentId, { fields, required: PROFILE_REQUIRED, types: { enrolment_year: 'number' } }), codes }
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
