// Majors and colleges for the students filters: an advisor's own majors only
// (the server answers nothing outside their scope), every major for others.
import { computed } from 'vue'
import { session, SCOPED_ROLES } from '../session.js'
import { useMajors } from './useMajors.js'

const byName = (a, b) => a.localeCompare(b, 'zh-CN')

export function useScopedMajors() {
  const { majors: all, loading, error, retry } = useMajors()
  const majors = computed(() => {
    if (!SCOPED_ROLES.includes(session.user?.role)) return all.value
    const mine = new Set(session.me?.major_ids ?? [])
    return all.value.filter((m) => mine.has(m.id))
  })
  const colleges = computed(() => [...new Set(majors.value.map((m) => m.college).filter(Boolean))].sort(byName))
  /** The majors of one college (all when college is empty). */
  const majorsOf = (college) => (college ? majors.value.filter((m) => m.college === college) : majors.value)
  return { majors, colleges, majorsOf, loading, error, retry }
}
