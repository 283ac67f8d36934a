// State of a server-paged table: current page, page size, rows, total (and
// whether the server stopped counting), loading and error.
// `fetchPage({page, per_page})` must return {items, total, capped?} (api.page does). Shared by every paged list in the app.
import { ref, shallowRef, watch } from 'vue'
import { errorText } from '../errors.js'

export function usePagedList(fetchPage, { perPage = 20 } = {}) {
  const items = shallowRef([])
  const total = ref(0)
  const capped = ref(false)
  const page = ref(1)
  const pageSize = ref(perPage)
  const loading = ref(false)
  const error = ref('')
  let latest = 0 // answers to superseded requests are dropped

  async function load() {
    const ticket = ++latest
    loading.value = true
    error.value = ''
    try {
      const result = await fetchPage({ page: page.value, per_page: pageSize.value })
      if (ticket !== latest) return
      items.value = result.items
      total.value = result.total
      capped.value = result.capped === true
    } catch (e) {
      if (ticket === latest) error.value = errorText(e)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  /** New filters: back to page 1 (the watcher loads) or reload page 1. */
  function search() {
    if (page.value !== 1) page.value = 1
    else load()
  }

  /** Puts a row the server sent back (after an edit) in place of the old one. */
  function replaceItem(item) {
    items.value = items.value.map((row) => (row.id === item.id ? item : row))
  }

  watch(pageSize, () => search())
  watch(page, () => load())

  return { items, total, capped, page, pageSize, loading, error, load, search, replaceItem }
}
