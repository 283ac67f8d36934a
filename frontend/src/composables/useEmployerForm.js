// An employer's HR edits the company's details (PUT /employers/{id}): only
// what changed is sent. Pending and rejected employers' edits apply (a
// rejected one becomes pending again); an approved employer's key details
// wait for a second review, so the form starts from the record with the
// held changes laid over it.
import { updateEmployer } from '../recruitmentApi.js'
import { EMPLOYER_FIELDS, EMPLOYER_REQUIRED, employerProblems } from '../recruitment.js'
import { useChangeForm } from './useChangeForm.js'

export function useEmployerForm(employerId) {
  const state = useChangeForm(updateEmployer, employerId, { fields: EMPLOYER_FIELDS, required: EMPLOYER_REQUIRED, check: employerProblems })
  /** Starts from the employer as the server answered it. */
  const start = (employer) => state.fill(employer, employer.pending_changes)
  return { ...state, start }
}
