// Majors and colleges for the students filters: an advisor's own majors only
// (the server answers nothing outside their scope), every major for others.
import { computed } from 'vue'
import { inScope } from '../session.js'
import { collegesOf, useMajors } from './useMajors.js'

export function useScopedMajors() {
  const { majors: all, loading, error, retry } = useMajors()
  const majors = computed(() => all.value.filter((m) => inScope(m.id)))
  const colleges = computed(() => collegesOf(majors.value))
  /** The majors of one college (all when college is empty). */
  const majorsOf = (college) => (college ? majors.value.filter((m) => m.college === college) : majors.value)
  return { majors, colleges, majorsOf, loading, error, retry }
}
