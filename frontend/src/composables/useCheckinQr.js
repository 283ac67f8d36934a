// The rotating check-in QR of an event for the screen at the door (the
// office's console, the employer's phone): the current token, read again
// every 20 seconds (the server changes it every 30 and takes the previous one
// too), drawn as a QR of the phone check-in page's absolute address. It runs
// while the id is set (a getter may give null: a closed dialog) and stops
// with the component.
import QRCode from 'qrcode'
import { onScopeDispose, ref, toValue, watch } from 'vue'
import { useRouter } from 'vue-router'
import { checkinToken } from '../eventsApi.js'
import { errorText } from '../errors.js'

export const QR_REFRESH_SECONDS = 20

export function useCheckinQr(eventId, { width = 360 } = {}) {
  const router = useRouter()
  const image = ref('') // a data: URL
  const link = ref('')
  const error = ref('')
  let timer = null
  let latest = 0

  /** The check-in page of the event carrying `token`, as an absolute address. */
  function addressOf(id, token) {
    const { href } = router.resolve({ name: 'm-event-checkin', params: { id }, query: { token } })
    return new URL(href, window.location.origin).href
  }

  async function refresh() {
    clearTimeout(timer)
    const id = toValue(eventId)
    if (!id) return
    const ticket = ++latest
    try {
      const { token } = await checkinToken(id)
      const address = addressOf(id, token)
      const drawn = await QRCode.toDataURL(address, { width, margin: 1, errorCorrectionLevel: 'M' })
      if (ticket !== latest) return
      link.value = address
      image.value = drawn
      error.value = ''
    } catch (e) {
      if (ticket === latest) error.value = errorText(e)
    } finally {
      // A failure is tried again on the same beat.
      if (ticket === latest) timer = setTimeout(refresh, QR_REFRESH_SECONDS * 1000)
    }
  }

  function stop() {
    clearTimeout(timer)
    latest += 1
    image.value = ''
    link.value = ''
  }

  watch(() => toValue(eventId), (id) => (id ? refresh() : stop()), { immediate: true })
  onScopeDispose(stop)
  return { image, link, error }
}
