// State of the import wizard: the importable fields, the user's saved header
// mapping, the chosen file (and a CSV's headers), the upload and its result.
import { computed, reactive, ref, shallowRef } from 'vue'
import { ApiError } from '../../api.js'
import { errorText } from '../../errors.js'
import { getImportMapping, importFields, importStudents, putImportMapping } from '../studentsApi.js'
import { contentTypeOf, headerKey, readCsvHeader } from './tableFile.js'
import { importOutcome } from './importOutcome.js'

export function useImportWizard() {
  const fields = shallowRef([]) // [{field, headers, required}]
  const saved = ref({}) // {header key: field}
  const loading = ref(false)
  const loadError = ref('')

  const file = shallowRef(null)
  const kind = ref(null) // 'csv' | 'xlsx'
  const columns = ref([]) // CSV only: [{header, key, auto, field}]
  const options = reactive({ mode: 'insert', atomic: false })
  const busy = ref(false)
  const error = ref('') // a refusal of the whole file
  const missingField = ref(null) // a required column the server did not find
  const result = shallowRef(null) // {imported, failed, errors, rejected?, message?}

  async function load() {
    loading.value = true
    loadError.value = ''
    try {
      const [list, mapping] = await Promise.all([importFields(), getImportMapping()])
      fields.value = list ?? []
      saved.value = mapping
    } catch (e) {
      loadError.value = errorText(e)
    } finally {
      loading.value = false
    }
  }

  /** The field a header stands for without any mapping, or null. */
  function recognised(key) {
    const f = fields.value.find((f) => f.field === key || f.headers.some((h) => h.toLowerCase() === key))
    return f?.field ?? null
  }

  /** Takes a file of a known kind ('csv' | 'xlsx', see FileDrop); a CSV's header is read. */
  async function choose(chosen, k) {
    file.value = chosen
    kind.value = k
    result.value = null
    error.value = ''
    missingField.value = null
    columns.value = []
    if (k === 'csv') {
      const headers = await readCsvHeader(chosen)
      columns.value = headers.map((header) => {
        const key = headerKey(header)
        const auto = recognised(key)
        return { header, key, auto, field: auto ?? saved.value[key] ?? '' }
      })
    }
  }

  const covered = computed(() => new Set(columns.value.map((c) => c.field).filter(Boolean)))
  /** Required fields no column stands for (CSV only; for xlsx the server tells). */
  const missing = computed(() => (kind.value === 'csv' ? fields.value.filter((f) => f.required && !covered.value.has(f.field)) : []))
  /** Fields given to more than one column: the server takes the first. */
  const doubled = computed(() => {
    const seen = new Set()
    const twice = new Set()
    for (const c of columns.value) if (c.field) (seen.has(c.field) ? twice : seen).add(c.field)
    return [...twice]
  })

  /** Saves the mapping of the headers the server does not know by itself (only when it changed). */
  async function saveMapping() {
    const next = { ...saved.value }
    for (const c of columns.value) {
      if (c.auto) continue
      if (c.field) next[c.key] = c.field
      else delete next[c.key]
    }
    if (JSON.stringify(next) === JSON.stringify(saved.value)) return
    saved.value = await putImportMapping(next)
  }

  async function upload() {
    busy.value = true
    error.value = ''
    missingField.value = null
    try {
      result.value = await importOutcome(importStudents(file.value, { ...options, contentType: contentTypeOf(kind.value) }))
      return true
    } catch (e) {
      error.value = errorText(e)
      if (e instanceof ApiError && e.field && fields.value.some((f) => f.field === e.field)) missingField.value = e.field
      return false
    } finally {
      busy.value = false
    }
  }

  function restart() {
    file.value = null
    kind.value = null
    columns.value = []
    result.value = null
    error.value = ''
    missingField.value = null
  }

  load()
  return {
    fields, saved, loading, loadError, load,
    file, kind, columns, missing, doubled, choose, saveMapping,
    options, busy, error, missingField, upload, result, restart,
  }
}
