// An employer's business licence as the page shows it. The file comes with
// the token (GET /employers/{id}/licence); the site's CSP allows images from
// data: URLs but not blob: ones (nor a PDF in a frame), so an image is shown
// through a data: URL and a PDF is offered as a download.
import { ref, shallowRef, toValue } from 'vue'
import { getLicence } from '../recruitmentApi.js'
import { saveBlob } from '../download.js'
import { useAction } from './useAction.js'

const dataUrlOf = (blob) =>
  new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result)
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(blob)
  })

/** `employerId`: value, ref or getter. */
export function useLicence(employerId) {
  const file = shallowRef(null) // {blob, filename}
  const image = ref('') // data: URL when the licence is an image
  const { busy: loading, error, run } = useAction()

  async function load() {
    file.value = null
    image.value = ''
    const got = await run(async () => {
      const fetched = await getLicence(toValue(employerId))
      return { ...fetched, image: fetched.blob.type.startsWith('image/') ? await dataUrlOf(fetched.blob) : '' }
    })
    if (!got) return
    file.value = got
    image.value = got.image
  }

  const save = () => saveBlob(file.value.blob, file.value.filename || `licence-${toValue(employerId)}`)

  return { file, image, loading, error, load, save }
}
