// Several breakdowns of one statistic, loaded together again whenever `sources` change:
// `rows[name]` is the answer of `fetch(name)` (an empty list when it failed), `error` the
// first failure. An answer that comes after a newer load started is dropped.
import { ref, shallowReactive, watch } from 'vue'
import { errorText } from '../../errors.js'

export function useBreakdowns(names, fetch, sources) {
  const rows = shallowReactive(Object.fromEntries(names.map((name) => [name, []])))
  const loading = ref(false)
  const error = ref('')
  let latest = 0

  async function load() {
    const ticket = ++latest
    loading.value = true
    error.value = ''
    const answers = await Promise.allSettled(names.map((name) => fetch(name)))
    if (ticket !== latest) return
    answers.forEach((answer, i) => {
      rows[names[i]] = answer.status === 'fulfilled' ? (answer.value ?? []) : []
    })
    const failure = answers.find((answer) => answer.status === 'rejected')
    error.value = failure ? errorText(failure.reason) : ''
    loading.value = false
  }

  watch(sources, load, { immediate: true })
  return { rows, loading, error, load }
}
