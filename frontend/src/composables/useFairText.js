// Job fairs' fields as people read them: when, where, the employers' deadline, booths taken
// and left, the fee, yes/no switches in words; and an application's booth numbers. Shared by
// the phone pages and the console.
import { useI18n } from 'vue-i18n'
import { formatDateTime } from '../format.js'
import { useEventText } from './useEventText.js'

/** What a fair's page lists on the phone (the description and the form note are shown apart). */
export const FAIR_SHOWN = ['when', 'venue', 'apply_until', 'booths_state', 'fee', 'require_signup']

export function useFairText() {
  const { t, locale } = useI18n()
  const { when } = useEventText()
  const at = (value) => (value ? formatDateTime(value, locale.value) : '')

  const TEXTS = {
    when,
    apply_until: (fair) => at(fair.apply_until),
    publish_at: (fair) => (fair.publish_at ? at(fair.publish_at) : t('fairs.publishNow')),
    booths_state: (fair) => t('fairs.boothsOf', { taken: fair.booths_taken ?? 0, total: fair.booths, left: fair.booths_left ?? fair.booths - (fair.booths_taken ?? 0) }),
    fee: (fair) => (Number(fair.fee) > 0 ? t('fairs.feeEach', { fee: fair.fee }) : t('fairs.free')),
    participants_public: (fair) => t(fair.participants_public ? 'fairs.publicYes' : 'fairs.publicNo'),
    require_signup: (fair) => t(fair.require_signup ? 'events.signupNeeded' : 'fairs.walkIn'),
    status: (fair) => t(`recruitment.states.${fair.status}`),
  }

  /** The text of one field of a fair, '' when it has none. */
  const textOf = (fair, field) => (TEXTS[field] ? TEXTS[field](fair) : String(fair?.[field] ?? ''))
  /** [{field, label, text}] of `fields` of a fair, without the empty ones. */
  const rowsOf = (fair, fields = FAIR_SHOWN) =>
    fields.map((field) => ({ field, label: t(`fairs.fields.${field}`), text: textOf(fair, field) })).filter((row) => row.text)
  /** An application's or a participant's booth numbers, zone and group in one line. */
  const boothText = (record) => {
    const numbers = (record?.booth_numbers ?? []).join('、')
    return [numbers, record?.zone && t('fairs.zoneOf', { zone: record.zone }), record?.group].filter(Boolean).join(' · ')
  }

  return { when, at, textOf, rowsOf, boothText }
}
