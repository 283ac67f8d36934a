// Column titles of the students module in the UI language: our message for a
// known field, else the server's own (Chinese) title, else the field name.
import { i18n } from '../../i18n.js'

export function fieldLabel(field, serverTitle) {
  const { t, te } = i18n.global
  for (const key of [`students.fields.${field}`, `employment.fields.${field}`]) {
    if (te(key)) return t(key)
  }
  return serverTitle || field
}
