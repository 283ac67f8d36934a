// Vant's icon CSS loads its font from a data: URL with a fallback on a
// third-party CDN. Our CSP (font-src falls back to default-src 'self')
// blocks both, which would leave every Vant icon blank. This plugin writes
// the embedded woff2 to a file and points the @font-face at it, so Vite
// emits it as a hashed asset under /assets/ served from our own origin.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'

const ICON_CSS = /[\\/]vant[\\/]es[\\/]icon[\\/]index\.css$/
const FONT_SRC = /src:url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)(?:,url\([^)]*\) format\("woff"\))?/

export function vantIconFont() {
  let fontFile

  return {
    name: 'qiao:vant-icon-font',
    enforce: 'pre',
    configResolved(config) {
      fontFile = join(config.cacheDir, 'qiao', 'vant-icon.woff2')
    },
    transform(code, id) {
      if (!ICON_CSS.test(id.split('?')[0])) return null
      const match = code.match(FONT_SRC)
      if (!match) {
        this.error('vant icon @font-face has changed; update vite-plugins/vantIconFont.js')
      }
      mkdirSync(dirname(fontFile), { recursive: true })
      writeFileSync(fontFile, Buffer.from(match[1], 'base64'))
      const url = relative(dirname(id.split('?')[0]), fontFile).split(sep).join('/')
      return { code: code.replace(match[0], `src:url("${url}") format("woff2")`), map: null }
    },
  }
}
