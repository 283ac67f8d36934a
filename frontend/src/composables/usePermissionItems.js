// The catalogue of permission items (GET /admin/permission-items), fetched
// once per page load and shared by every picker and label.
import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { listPermissionItems } from '../console/adminApi.js'
import { errorText } from '../errors.js'

const items = shallowRef([])
const loading = ref(false)
const error = ref('')
let pending = null

function load() {
  if (!pending) {
    loading.value = true
    error.value = ''
    pending = listPermissionItems()
      .then((data) => {
        items.value = data ?? []
      })
      .catch((e) => {
        error.value = errorText(e)
        pending = null // allow a retry
      })
      .finally(() => {
        loading.value = false
      })
  }
  return pending
}

export function usePermissionItems() {
  const { locale } = useI18n()
  load()

  const byCode = computed(() => new Map(items.value.map((item) => [item.code, item])))
  /** Items grouped by kind, menu items first. */
  const groups = computed(() =>
    ['menu', 'function']
      .map((kind) => ({ kind, items: items.value.filter((item) => item.kind === kind) }))
      .filter((group) => group.items.length > 0),
  )

  /** Localised label of a code; the code itself when the catalogue lacks it. */
  function labelOf(code) {
    const item = byCode.value.get(code)
    if (!item) return code
    return (locale.value === 'en' ? item.label_en : item.label_zh) || item.label_zh || code
  }

  return { items, groups, loading, error, labelOf, retry: load }
}
