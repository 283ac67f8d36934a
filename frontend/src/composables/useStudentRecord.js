// One student's record (GET /students/{id}) with its dispatch, current
// employment and pending report; shared by the console's student page and
// the student's own pages on the phone.
import { getStudent } from '../studentsApi.js'
import { useRecord } from './useRecord.js'

/** `id` may be a ref or a getter (the route parameter); a falsy id loads nothing. */
export function useStudentRecord(id) {
  const { record, loading, error, notFound, reload } = useRecord(getStudent, id)
  return { student: record, loading, error, notFound, reload }
}
