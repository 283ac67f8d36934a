// Companies found by part of their name (GET /employers/lookup) for the
// employer field of the employment forms: registered employers first, then
// names already recorded with a credit code.
import { onScopeDispose, shallowRef, toValue, watch } from 'vue'
import { lookupEmployers } from '../studentsApi.js'

/** The server answers 422 to shorter queries, so none are sent. */
export const LOOKUP_MIN_CHARS = 2
const TYPING_PAUSE_MS = 300

/** The companies whose name contains `q`; none for a short query or when the lookup fails (typing goes on). */
export async function findEmployers(q) {
  const text = String(q ?? '').trim()
  if ([...text].length < LOOKUP_MIN_CHARS) return []
  try {
    return (await lookupEmployers(text)) ?? []
  } catch {
    return []
  }
}

/**
 * Suggestions that follow a text as it is typed (`query`: ref or getter),
 * asked for once typing pauses; answers to older texts are dropped.
 */
export function useEmployerSuggestions(query) {
  const suggestions = shallowRef([])
  let timer = null
  let latest = 0

  function clear() {
    latest++
    clearTimeout(timer)
    suggestions.value = []
  }

  watch(
    () => toValue(query),
    (q) => {
      clearTimeout(timer)
      const ticket = ++latest
      timer = setTimeout(async () => {
        const rows = await findEmployers(q)
        if (ticket === latest) suggestions.value = rows
      }, TYPING_PAUSE_MS)
    },
  )
  onScopeDispose(() => clearTimeout(timer))

  return { suggestions, clear }
}
