// One thing a page does at a time (an upload, a save): `busy` while it runs,
// and what went wrong. `run(call)` resolves to the call's result, or to null
// after a failure, which goes to `error` (or to `onError`, when given).
import { ref } from 'vue'
import { errorText } from '../errors.js'

export function useAction(onError = null) {
  const busy = ref(false)
  const error = ref('')

  async function run(call) {
    busy.value = true
    error.value = ''
    try {
      return await call()
    } catch (e) {
      if (onError) onError(e)
      else error.value = errorText(e)
      return null
    } finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}
