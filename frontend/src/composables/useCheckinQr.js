// The rotating check-in QR for the screen at a door (the office's console,
// the employer's phone): the current token, read again every 20 seconds (the
// server changes it every 30 and takes the previous one too), drawn as a QR
// of the phone check-in page's absolute address. `entrance` says whose door
// (QR_ENTRANCES: an event's, a fair's students' or employers'). It runs while
// the id is set (a getter may give null: a closed dialog) and stops with the
// component.
import QRCode from 'qrcode'
import { onScopeDispose, ref, toValue, watch } from 'vue'
import { useRouter } from 'vue-router'
import { checkinToken } from '../eventsApi.js'
import { fairCheckinToken } from '../fairsApi.js'
import { errorText } from '../errors.js'

export const QR_REFRESH_SECONDS = 20

/** Each door: where its token comes from and the phone page its QR opens. */
export const QR_ENTRANCES = {
  event: { token: checkinToken, route: 'm-event-checkin' },
  fairStudents: { token: (id) => fairCheckinToken(id, 'students'), route: 'm-fair-checkin' },
  fairEmployers: { token: (id) => fairCheckinToken(id, 'employers'), route: 'm-fair-employer-checkin' },
}

export function useCheckinQr(targetId, { entrance = 'event', width = 360 } = {}) {
  const door = QR_ENTRANCES[entrance]
  const router = useRouter()
  const image = ref('') // a data: URL
  const link = ref('')
  const error = ref('')
  let timer = null
  let latest = 0

  /** The door's check-in page carrying `token`, as an absolute address. */
  function addressOf(id, token) {
    const { href } = router.resolve({ name: door.route, params: { id }, query: { token } })
    return new URL(href, window.location.origin).href
  }

  async function refresh() {
    clearTimeout(timer)
    const id = toValue(targetId)
    if (!id) return
    const ticket = ++latest
    try {
      const { token } = await door.token(id)
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

  watch(() => toValue(targetId), (id) => (id ? refresh() : stop()), { immediate: true })
  onScopeDispose(stop)
  return { image, link, error }
}
