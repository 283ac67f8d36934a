// A list on the phone that grows page by page ("load more"): `fetchPage({page,
// per_page})` returns {items, total} (api.page does). `reload()` starts again
// from the first page (new filters); answers to a superseded start are dropped.
import { computed, ref, shallowRef } from 'vue'
import { errorText } from '../errors.js'

export function useMoreList(fetchPage, { perPage = 20 } = {}) {
  const items = shallowRef([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')
  const page = ref(0) // the last page read
  let latest = 0

  const finished = computed(() => page.value > 0 && items.value.length >= total.value)

  async function fetchNext(ticket) {
    loading.value = true
    error.value = ''
    try {
      const result = await fetchPage({ page: page.value + 1, per_page: perPage })
      if (ticket !== latest) return
      page.value += 1
      items.value = [...items.value, ...result.items]
      // A page shorter than asked for is the last, whatever the count said.
      total.value = result.items.length < perPage ? items.value.length : result.total
    } catch (e) {
      if (ticket === latest) error.value = errorText(e)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  /** The next page, added below the rows shown. */
  const more = () => (loading.value || finished.value ? undefined : fetchNext(latest))

  function reload() {
    page.value = 0
    items.value = []
    total.value = 0
    return fetchNext(++latest)
  }

  return { items, loading, error, finished, more, reload }
}
