// The signed-in student's resumes (GET /resumes): their list page and the resume picker of an
// application. Nothing is read for an account without a student record (`unlinked`).
import { computed } from 'vue'
import { session } from '../session.js'
import { listResumes } from '../applicationsApi.js'
import { useRecord } from './useRecord.js'

export function useMyResumes() {
  const studentId = computed(() => session.me?.student_id ?? null)
  const { record, loading, error, reload } = useRecord(() => listResumes(), studentId)
  const resumes = computed(() => record.value ?? [])
  /** Signed in (GET /me answered) without a student record. */
  const unlinked = computed(() => Boolean(session.me) && !studentId.value)
  return { resumes, loaded: computed(() => record.value !== null), loading, error, reload, unlinked }
}
