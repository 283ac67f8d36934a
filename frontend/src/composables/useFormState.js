// The state of a form that saves through the API: one complaint a field
// (cleared as soon as that field is edited), one for the form as a whole,
// and `busy` while saving. An API error goes next to its field when the form
// has that field (422/409 with error.field), else to the whole form.
import { reactive, watch } from 'vue'
import { errorText, fieldErrorOf } from '../errors.js'
import { useAction } from './useAction.js'

/**
 * `form`: the reactive values; `fields`: the names that can carry a complaint;
 * `fallbacks`: status → message key for the form's complaint (see errorText).
 */
export function useFormState(form, fields, fallbacks = {}) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, ''])))
  const { busy, error: formError, run: runAction } = useAction((error) => {
    const fieldError = fieldErrorOf(error, fields)
    if (fieldError) errors[fieldError.field] = fieldError.message
    else formError.value = errorText(error, fallbacks)
  })

  fields.forEach((f) => watch(() => form[f], () => (errors[f] = '')))

  function clearErrors() {
    fields.forEach((f) => (errors[f] = ''))
    formError.value = ''
  }

  /** Puts local complaints ({field: message}) on their fields; true when there were none. */
  function accept(problems) {
    Object.assign(errors, problems)
    return Object.keys(problems).length === 0
  }

  /** Saves: `call()`'s result, or null once the complaints are shown. */
  function run(call) {
    clearErrors()
    return runAction(call)
  }

  return { errors, formError, busy, clearErrors, accept, run }
}
