// An employer's appeal for an account it can no longer use (POST /employer-appeals): the
// company by its credit code (checked as soon as all 18 characters are typed), the account to
// recover (optional: else the company's first), the applicant and why. The server's complaint
// goes to its field (no company with that code, no such account of it); `sent` holds the
// address the reset link will go to once the office approves.
import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { fileAppeal } from '../accessApi.js'
import { appealProblems } from '../recruitment.js'
import { useFormState } from './useFormState.js'

/** The fields of an appeal in form order: the company's, then the applicant's. */
export const APPEAL_GROUPS = {
  company: ['credit_code', 'username'],
  applicant: ['applicant_name', 'applicant_phone', 'applicant_email', 'reason'],
}
const FIELDS = Object.values(APPEAL_GROUPS).flat()
export const APPEAL_REQUIRED = FIELDS.filter((f) => f !== 'username')
const CODE_LENGTH = 18

export function useAppeal() {
  const { t } = useI18n()
  const form = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])))
  const { errors, formError, busy, accept, run } = useFormState(form, FIELDS)
  const sent = ref(null) // {email}

  const text = (f) => String(form[f] ?? '').trim()

  // A complete credit code is checked at once (useFormState cleared the old complaint first).
  watch(
    () => form.credit_code,
    (code) => code.trim().length === CODE_LENGTH && accept({ credit_code: appealProblems(form).credit_code ?? '' }),
  )

  function problems() {
    const found = Object.fromEntries(APPEAL_REQUIRED.filter((f) => !text(f)).map((f) => [f, t('common.required')]))
    return { ...appealProblems(form), ...found }
  }

  /** Sends the appeal: true once the server took it. */
  async function submit() {
    if (!accept(problems())) return false
    const body = Object.fromEntries(FIELDS.map((f) => [f, f === 'credit_code' ? text(f).toUpperCase() : text(f)]).filter(([, value]) => value))
    if (!(await run(() => fileAppeal(body)))) return false
    sent.value = { email: body.applicant_email }
    return true
  }

  return { form, errors, formError, busy, sent, submit }
}
