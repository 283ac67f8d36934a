// The cooperation levels (合作等级: GET /cooperation-levels), fetched once per page load and
// shared by the employer portrait's filters and the employer list's filter tags.
import { shallowRef } from 'vue'
import { cooperationLevels } from '../recruitmentApi.js'

const levels = shallowRef([])
let pending = null

/** {levels: [{code, name, …}], levelName(code): its name, the code itself until known}. */
export function useCooperationLevels() {
  pending ??= cooperationLevels().then(
    (rows) => (levels.value = rows ?? []),
    () => (pending = null), // allow a retry
  )
  return { levels, levelName: (code) => levels.value.find((level) => level.code === code)?.name ?? code }
}
