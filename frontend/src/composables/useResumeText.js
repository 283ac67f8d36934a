// A resume as people read it, on the phone and on the console: what the student looks for
// (the industry by name), each item of its lists as a heading, a line of facts and a
// description, and (an application's copy) the student's study details and shared contacts.
import { useI18n } from 'vue-i18n'
import { PERIOD_KEYS, RESUME_LISTS, SHAREABLE } from '../applications.js'
import { levelText } from './useMajors.js'
import { useCodes } from './useCodes.js'

/** What the student looks for, as label–value rows. */
const WISHES = ['expected_job', 'expected_city', 'expected_industry']
/** The study details an application's copy of the resume carries. */
const STUDY = ['name', 'gender', 'college', 'major', 'level', 'graduation_year']

const text = (value) => (value === null || value === undefined ? '' : String(value).trim())

export function useResumeText() {
  const { t } = useI18n()
  const { nameOf } = useCodes('industry')

  const valueText = (field, value) => (field === 'expected_industry' ? nameOf('industry', text(value)) : text(value))

  /** [{field, label, text}] of what the student looks for, '—' for the empty ones. */
  const wishRows = (resume) => WISHES.map((field) => ({ field, label: t(`resumes.fields.${field}`), text: valueText(field, resume?.[field]) || '—' }))

  /**
   * One item of an object list as {title, line, description}: its first filled field heads it,
   * the other fields and its period (start–end) follow in one line.
   */
  function itemOf(list, item) {
    const keys = RESUME_LISTS[list].keys.filter((key) => !PERIOD_KEYS.includes(key) && key !== 'description')
    const [title = '', ...facts] = keys.map((key) => text(item?.[key])).filter(Boolean)
    const [from, to] = PERIOD_KEYS.filter((key) => RESUME_LISTS[list].keys.includes(key)).map((key) => text(item?.[key]))
    const period = from || to ? `${from}–${to || t('resumes.now')}` : ''
    return { title, line: [...facts, period].filter(Boolean).join(' · '), description: text(item?.description) }
  }

  /** The lists of a resume that hold something: [{list, label, items}], objects as itemOf gives them, text items as they are. */
  const listsOf = (resume) =>
    Object.entries(RESUME_LISTS)
      .map(([list, { keys }]) => ({
        list,
        label: t(`resumes.lists.${list}`),
        objects: Boolean(keys),
        items: (resume?.content?.[list] ?? []).map((item) => (keys ? itemOf(list, item) : text(item))),
      }))
      .filter(({ items }) => items.length)

  /** [{field, label, text}] of the student in an application's copy: study details, then the contacts, "not shared" when left out. */
  const studentRows = (resume) => [
    ...STUDY.map((field) => ({ field, label: t(`students.fields.${field}`), text: (field === 'level' ? levelText(resume?.level) : text(resume?.[field])) || '—' })),
    ...SHAREABLE.map((field) => ({ field, label: t(`students.fields.${field}`), text: text(resume?.[field]) || t('applications.notShared') })),
  ]

  return { wishRows, listsOf, studentRows }
}
