// The outline of China's provinces for the map charts: china-geojson's GeoJSON (shipped with
// the app, a chunk of its own loaded with the first map) registered with ECharts as 'china'.
// Its provinces carry two-digit ids (Hong Kong and Macao on the feature), the first two digits
// of the 6-digit region codes the statistics answer with.
export const MAP_NAME = 'china'

const nameByCode = new Map() // '320000' → the province's name on the map ('江苏')
let registered = null

/** Registers the map once (`echarts`: the module of echarts.js); resolves when it is there. */
export function registerChina(echarts) {
  registered ??= import('china-geojson/src/geojson/china.json').then(({ default: geo }) => {
    for (const feature of geo.features) {
      const id = feature.properties.id || feature.id
      if (id) nameByCode.set(`${String(id).slice(0, 2)}0000`, feature.properties.name)
    }
    echarts.registerMap(MAP_NAME, geo)
  })
  return registered
}

/** The map's name of a province by its region code (any code inside it), or undefined. */
export const provinceOnMap = (code) => nameByCode.get(`${String(code ?? '').slice(0, 2)}0000`)
