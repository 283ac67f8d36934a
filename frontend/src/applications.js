// Vocabulary of students' resumes (简历) and their applications to jobs (投递): the fields and
// lists of a resume as the server takes them, the states of an application, who may move it
// where, and each state's tag colour.

/** The text fields of POST/PUT /resumes, in form order, with their length limits; a title is required. */
export const RESUME_TEXT = { title: 100, expected_job: 100, expected_city: 64, expected_industry: 1, summary: 2000 }
/**
 * The lists of a resume (its `content`), as resumes.c's `lists[]` takes them: objects with
 * these `keys` (each text of at most `length` characters) or, without keys, text items;
 * at most `max` of them.
 */
export const RESUME_LISTS = {
  education: { keys: ['school', 'college', 'major', 'degree', 'start_year', 'end_year'], max: 10, length: 100 },
  experience: { keys: ['organisation', 'role', 'start', 'end', 'description'], max: 20, length: 2000 },
  projects: { keys: ['name', 'role', 'start', 'end', 'description'], max: 20, length: 2000 },
  skills: { max: 50, length: 50 },
  certificates: { max: 30, length: 100 },
}
/** Every field of POST/PUT /resumes, in form order. */
export const RESUME_FIELDS = [...Object.keys(RESUME_TEXT), ...Object.keys(RESUME_LISTS)]
/** How a form holds each list (useChangeForm's types): groups of fields, or one item a line. */
export const RESUME_TYPES = Object.fromEntries(Object.entries(RESUME_LISTS).map(([list, { keys }]) => [list, keys ? 'rows' : 'lines']))
/** The item keys that date an item (shown as one period, start–end). */
export const PERIOD_KEYS = ['start_year', 'end_year', 'start', 'end']

/**
 * The server refuses control characters in a resume's texts and in a note, line breaks
 * among them: a form turns what would break a line into a space as it is typed or pasted.
 */
export const withoutBreaks = (text) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ')

/** The contact details a student may share with the employer when applying. */
export const SHAREABLE = ['phone', 'email']

/** An application's states in order; offer, rejected and withdrawn are final. */
export const APPLICATION_STATES = ['delivered', 'viewed', 'shortlisted', 'interview', 'offer', 'rejected', 'withdrawn']
const OPEN = ['delivered', 'viewed', 'shortlisted', 'interview']
/** Whether an application is still open (the student may withdraw it). */
export const isOpen = (state) => OPEN.includes(state)
/**
 * Where the employer may move an application (applications.c allowed_move): forward to
 * shortlisted or interview (viewed comes by opening it), or to an offer or a rejection.
 */
export function employerMoves(state) {
  const rank = OPEN.indexOf(state)
  if (rank < 0) return []
  return [...OPEN.filter((s, i) => i >= 2 && i > rank), 'offer', 'rejected']
}
/** Moves that end an application, confirmed before they are sent. */
export const FINAL_MOVES = ['offer', 'rejected', 'withdrawn']
/** Tag colour of a state (Vant's tag types). */
export const APPLICATION_TAG = {
  delivered: 'primary',
  viewed: 'primary',
  shortlisted: 'warning',
  interview: 'warning',
  offer: 'success',
  rejected: 'danger',
  withdrawn: 'default',
}
