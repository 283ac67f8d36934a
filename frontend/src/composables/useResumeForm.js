// A resume's form, new (POST /resumes) or an edit (PUT /resumes/{id}): only what changed is
// sent, each list whole. A new resume left without education starts from the student's record.
import { createResume, updateResume } from '../applicationsApi.js'
import { RESUME_FIELDS, RESUME_TYPES } from '../applications.js'
import { useChangeForm } from './useChangeForm.js'

/** `resumeId`: value, ref or getter; none for a new resume. */
export function useResumeForm(resumeId) {
  const put = (id, body) => (id ? updateResume(id, body) : createResume(body))
  const state = useChangeForm(put, resumeId, { fields: RESUME_FIELDS, required: ['title'], types: RESUME_TYPES })
  /** Starts from a resume as the server answered it (its lists are in `content`), or blank. */
  const start = (resume) => state.fill(resume && { ...resume, ...resume.content })
  return { ...state, start }
}
