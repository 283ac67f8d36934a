// One record read by id (a student, an employer, a job): loading, failure,
// "not found", and a reload. The id may be a ref or a getter (the route
// parameter, GET /me); a falsy id loads nothing. Answers to an older id are
// dropped.
import { ref, shallowRef, toValue, watch } from 'vue'
import { errorText } from '../errors.js'

/** `fetchOne(id)` resolves to the record. */
export function useRecord(fetchOne, id) {
  const record = shallowRef(null)
  const loading = ref(false)
  const error = ref('')
  const notFound = ref(false)
  let latest = 0

  async function load() {
    const wanted = toValue(id)
    const ticket = ++latest
    error.value = ''
    notFound.value = false
    if (!wanted) {
      record.value = null
      return
    }
    loading.value = true
    try {
      const data = await fetchOne(wanted)
      if (ticket === latest) record.value = data
    } catch (e) {
      if (ticket !== latest) return
      record.value = null
      notFound.value = e.status === 404
      error.value = errorText(e)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  /** Takes a record the server answered a change with, instead of reading it again. */
  function replace(data) {
    record.value = data
  }

  watch(() => toValue(id), load, { immediate: true })
  return { record, loading, error, notFound, reload: load, replace }
}
