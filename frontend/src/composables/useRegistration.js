// An employer signs itself up (POST /employers/register) in steps: the
// company, the contact, the HR account. Each step is checked before the
// next one shows; a complaint of the server goes back to the step of its
// field. Once registered, the new HR account signs in.
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { registerEmployer } from '../recruitmentApi.js'
import { signIn } from '../auth.js'
import { COMPANY_FIELDS, CONTACT_FIELDS, EMPLOYER_REQUIRED, employerProblems } from '../recruitment.js'
import { useFormState } from './useFormState.js'

export const REGISTRATION_STEPS = [
  { key: 'company', fields: COMPANY_FIELDS },
  { key: 'contact', fields: CONTACT_FIELDS },
  { key: 'account', fields: ['username', 'password', 'confirm'] },
]
const FIELDS = REGISTRATION_STEPS.flatMap((step) => step.fields)
const REQUIRED = [...EMPLOYER_REQUIRED, 'username', 'password', 'confirm']
const USERNAME = /^[A-Za-z0-9_.@-]{3,64}$/

export function useRegistration() {
  const { t } = useI18n()
  const form = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])))
  const { errors, formError, busy, accept, run } = useFormState(form, FIELDS)
  const step = ref(0)
  const last = computed(() => step.value === REGISTRATION_STEPS.length - 1)

  const text = (f) => String(form[f] ?? '').trim()

  /** {field: message} for the fields of one step. */
  function problemsOf({ fields }) {
    const problems = Object.fromEntries(fields.filter((f) => REQUIRED.includes(f) && !text(f)).map((f) => [f, t('common.required')]))
    if (fields.includes('username') && text('username') && !USERNAME.test(text('username'))) problems.username = t('register.usernameInvalid')
    if (fields.includes('confirm') && form.confirm && form.confirm !== form.password) problems.confirm = t('me.mismatch')
    const format = employerProblems(form)
    for (const f of fields) if (format[f] && !problems[f]) problems[f] = format[f]
    return problems
  }

  function next() {
    if (accept(problemsOf(REGISTRATION_STEPS[step.value]))) step.value += 1
  }

  function back() {
    if (step.value > 0) step.value -= 1
  }

  /** The body: filled-in fields only, the credit code in capitals. */
  function body() {
    const out = {}
    for (const f of FIELDS.filter((f) => f !== 'confirm')) {
      const value = f === 'password' ? form.password : text(f)
      if (value) out[f] = f === 'credit_code' ? value.toUpperCase() : value
    }
    return out
  }

  let registered = false // a failed sign-in is retried without registering again

  /** Registers and signs in: true once signed in; otherwise the complaints are shown. */
  async function submit() {
    if (!accept(problemsOf(REGISTRATION_STEPS[step.value]))) return false
    if (!registered) registered = Boolean(await run(() => registerEmployer(body())))
    if (!registered) {
      // A complaint about a field of an earlier step: show that step.
      const index = REGISTRATION_STEPS.findIndex((s) => s.fields.some((f) => errors[f]))
      if (index >= 0) step.value = index
      return false
    }
    return (await run(() => signIn(form.username.trim(), form.password).then(() => true))) === true
  }

  return { form, errors, formError, busy, step, last, next, back, submit }
}
