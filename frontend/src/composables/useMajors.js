// All majors, for pickers: GET /majors allows at most 200 per page, so page
// through once and keep the result for the rest of the page load.
import { ref, shallowRef } from 'vue'
import { listMajors } from '../console/adminApi.js'
import { errorText } from '../errors.js'
import { i18n } from '../i18n.js'

const PER_PAGE = 200
const MAX_PAGES = 100 // safety stop should `total` ever be wrong

/** Education levels as the server spells them, in display order. */
export const LEVELS = ['专科生', '本科生', '硕士研究生', '博士研究生']
const LEVEL_KEYS = { 专科生: 'associate', 本科生: 'bachelor', 硕士研究生: 'master', 博士研究生: 'doctor' }

/** Message key for a level; unknown levels are shown as the server sent them. */
export function levelKey(level) {
  return LEVEL_KEYS[level] ? `majors.levels.${LEVEL_KEYS[level]}` : null
}

/** A level in the UI language. */
export function levelText(level) {
  const key = levelKey(level)
  return key ? i18n.global.t(key) : level
}

/** "name（direction） · level" of a major, as pickers list it. */
export const majorText = (m) => `${m.name}${m.direction ? `（${m.direction}）` : ''} · ${levelText(m.level)}`

/** The colleges of a list of majors, sorted. */
export const collegesOf = (list) => [...new Set(list.map((m) => m.college).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh-CN'))

const majors = shallowRef([])
const loading = ref(false)
const error = ref('')
let pending = null

async function fetchAll() {
  const all = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { items, total } = await listMajors({ page, per_page: PER_PAGE })
    all.push(...items)
    if (items.length < PER_PAGE || all.length >= total) break
  }
  return all
}

function load() {
  if (!pending) {
    loading.value = true
    error.value = ''
    pending = fetchAll()
      .then((all) => {
        majors.value = all
      })
      .catch((e) => {
        error.value = errorText(e)
        pending = null
      })
      .finally(() => {
        loading.value = false
      })
  }
  return pending
}

/** After majors were added or changed: the list is read again if it was read at all. */
export function refreshMajors() {
  if (!pending) return
  pending = null
  load()
}

export function useMajors() {
  load()
  return { majors, loading, error, retry: load }
}
