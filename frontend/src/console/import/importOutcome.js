// The outcome of an import call (students, majors) as the result step shows
// it: {imported, failed, errors: [{row, field, reason}], errors_truncated}. An atomic import
// refused for its bad rows (422 with per-row errors) is an outcome too, with
// `rejected` and the server's message; any other failure is thrown.
import { ApiError } from '../../api.js'
import { errorText } from '../../errors.js'

export async function importOutcome(call) {
  try {
    return await call
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && e.errors) {
      const failed = new Set(e.errors.map((r) => r.row)).size // rows, not problems
      return { imported: 0, failed, errors: e.errors, errors_truncated: e.errorsTruncated, rejected: true, message: errorText(e) }
    }
    throw e
  }
}
