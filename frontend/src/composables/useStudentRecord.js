// One student's record (GET /students/{id}) with its dispatch, current
// employment and pending report; shared by the console's student page and
// the student's own pages on the phone.
import { ref, shallowRef, unref, watch } from 'vue'
import { getStudent } from '../studentsApi.js'
import { errorText } from '../errors.js'

/** `id` may be a ref or a getter (the route parameter); a falsy id loads nothing. */
export function useStudentRecord(id) {
  const student = shallowRef(null)
  const loading = ref(false)
  const error = ref('')
  const notFound = ref(false)
  let latest = 0

  const currentId = () => (typeof id === 'function' ? id() : unref(id))

  async function load() {
    const wanted = currentId()
    const ticket = ++latest
    error.value = ''
    notFound.value = false
    if (!wanted) {
      student.value = null
      return
    }
    loading.value = true
    try {
      const data = await getStudent(wanted)
      if (ticket === latest) student.value = data
    } catch (e) {
      if (ticket !== latest) return
      student.value = null
      notFound.value = e.status === 404
      error.value = errorText(e)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  watch(currentId, load, { immediate: true })
  return { student, loading, error, notFound, reload: load }
}
