// The active venues to pick from (an event's or an info session's place), read
// once a page (GET /venues answers staff and employers), and how a choice reads.
import { ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { listVenues } from '../eventsApi.js'
import { errorText } from '../errors.js'

export function useVenues() {
  const { t } = useI18n()
  const venues = shallowRef([])
  const error = ref('')
  listVenues({ per_page: 200 }).then(
    ({ items }) => (venues.value = items),
    (e) => (error.value = errorText(e)),
  )
  /** A venue as a choice: its name and capacity (a 待定 placeholder's name says it). */
  const labelOf = (venue) => (venue.to_be_decided ? venue.name : t('events.venueOption', { name: venue.name, capacity: venue.capacity }))
  return { venues, error, labelOf }
}
