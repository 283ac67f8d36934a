// The "report / record a destination" form, whatever the UI kit: which fields
// a destination shows and requires (needs_employer, needs_school), local
// checks, the PUT and the server's per-field errors. Used by the console form
// (Element Plus, staff: recorded at once) and the phone form (Vant, the
// student: goes to review; the server dates a student's report itself).
import { computed, reactive, ref, unref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { putEmployment } from '../studentsApi.js'
import { errorText, fieldErrorOf } from '../errors.js'
import { EMPLOYMENT_FIELDS } from '../students.js'
import { useCodes } from './useCodes.js'

const EMPLOYER_FIELDS = ['employer_name', 'credit_code', 'industry_code', 'unit_nature_code', 'job_title', 'salary']
/** What a company picked in the lookup (GET /employers/lookup) fills in. */
const COMPANY_FIELDS = ['credit_code', 'industry_code', 'region_code', 'unit_nature_code']

const blank = () => Object.fromEntries(EMPLOYMENT_FIELDS.map((f) => [f, '']))

/**
 * `studentId`: ref/getter/value; `staff`: whether the effective date is asked
 * for (the server ignores a student's). Returns the form state and `submit()`,
 * which resolves to the saved record or null.
 */
export function useEmploymentForm(studentId, { staff = false } = {}) {
  const { t } = useI18n()
  const codes = useCodes('destination', 'industry', 'unit-nature')
  const form = reactive(blank())
  const errors = reactive(Object.fromEntries(EMPLOYMENT_FIELDS.map((f) => [f, ''])))
  const formError = ref('')
  const busy = ref(false)

  // A field's complaint goes as soon as the user edits that field.
  EMPLOYMENT_FIELDS.forEach((f) => watch(() => form[f], () => (errors[f] = '')))

  const destination = computed(() => codes.rowOf('destination', form.destination_code) ?? null)
  const category = computed(() => destination.value?.category ?? null)
  const needsEmployer = computed(() => Boolean(destination.value?.needs_employer))
  const needsSchool = computed(() => Boolean(destination.value?.needs_school))

  /** Fields shown for the chosen destination. */
  const shown = computed(() => {
    const fields = new Set(['destination_code'])
    if (category.value === 'employed' || needsEmployer.value) EMPLOYER_FIELDS.forEach((f) => fields.add(f))
    if (category.value === 'further_study' || needsSchool.value) fields.add('school')
    if (fields.has('employer_name') || fields.has('school')) fields.add('region_code')
    if (staff && destination.value) fields.add('effective_date')
    return fields
  })
  const required = computed(() => {
    const fields = new Set(['destination_code'])
    if (needsEmployer.value) fields.add('employer_name')
    if (needsSchool.value) fields.add('school')
    return fields
  })

  /**
   * Puts an existing record (current employment or a pending report) into
   * the form to start from. Not its effective date: a new entry takes effect
   * today unless staff say otherwise.
   */
  function fill(record) {
    Object.assign(form, blank())
    for (const f of EMPLOYMENT_FIELDS.filter((f) => f !== 'effective_date')) {
      const value = record?.[f]
      if (value !== null && value !== undefined) form[f] = f === 'salary' ? String(value) : value
    }
    clearErrors()
  }

  /** Puts a company picked in the lookup into the employer's fields. */
  function pickEmployer(company) {
    form.employer_name = company.name
    for (const f of COMPANY_FIELDS) form[f] = company[f] ?? ''
  }

  function clearErrors() {
    EMPLOYMENT_FIELDS.forEach((f) => (errors[f] = ''))
    formError.value = ''
  }

  /** The PUT body: shown fields only, empty ones left out. */
  function body() {
    const out = {}
    for (const f of shown.value) {
      const value = typeof form[f] === 'string' ? form[f].trim() : form[f]
      if (value === '' || value === null || value === undefined) continue
      out[f] = f === 'salary' ? Number(value) : value
    }
    return out
  }

  function check() {
    let ok = true
    for (const f of required.value) {
      if (!String(form[f] ?? '').trim()) {
        errors[f] = t('common.required')
        ok = false
      }
    }
    const salary = String(form.salary ?? '').trim()
    if (shown.value.has('salary') && salary && !(Number(salary) >= 0)) {
      errors.salary = t('employment.salaryInvalid')
      ok = false
    }
    return ok
  }

  async function submit() {
    clearErrors()
    if (!check()) return null
    busy.value = true
    try {
      return await putEmployment(typeof studentId === 'function' ? studentId() : unref(studentId), body())
    } catch (error) {
      const fieldError = fieldErrorOf(error, [...shown.value])
      if (fieldError) errors[fieldError.field] = fieldError.message
      else formError.value = errorText(error)
      return null
    } finally {
      busy.value = false
    }
  }

  return { form, errors, formError, busy, codes, destination, shown, required, fill, pickEmployer, submit, clearErrors }
}
