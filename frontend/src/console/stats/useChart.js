// An ECharts chart in the element `el`: ECharts is loaded on first mount (a chunk of its own,
// echarts.js), the chart drawn with `option()` and again whenever `sources` change, resized
// with its box and disposed when the component goes. `onChart(chart)` may add handlers (a
// click), `prepare(echarts)` what must come first (a map's outline); `failed` says ECharts could
// not be loaded. Shared by the console's charts.
import { onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue'
import { saveBlob } from '../../download.js'

/** The category axis of a chart of many rows: labels slanted and cut short when they crowd. */
export function categoryAxis(labels) {
  const crowded = labels.length > 6 || labels.join('').length > 40
  return { type: 'category', data: labels, axisLabel: { interval: 0, rotate: crowded ? 35 : 0, width: crowded ? 110 : 180, overflow: 'truncate' } }
}

/** Room under the axis and a slider once there are more rows than fit (`shown` of them at a time). */
export function rowsLayout(count, shown = 14) {
  const many = count > shown
  return {
    bottom: many ? 96 : 72,
    dataZoom: many ? [{ type: 'slider', height: 14, bottom: 8, startValue: 0, endValue: shown - 1 }] : [],
  }
}

/**
 * Calls `pick(index)` with the row of the column clicked anywhere in the plot of a category
 * chart, not only on its bar: a bar of 0 (a rate of 0%) has nothing to click on.
 */
export function onColumnClick(chart, pick) {
  chart.getZr().on('click', ({ offsetX, offsetY }) => {
    if (!chart.containPixel('grid', [offsetX, offsetY])) return
    const [index] = chart.convertFromPixel({ seriesIndex: 0 }, [offsetX, offsetY])
    if (Number.isInteger(index)) pick(index)
  })
}

/** Saves the chart drawn inside `box` (any element around it) as a PNG named `filename`. */
export async function saveChartImage(box, filename) {
  const dom = box?.querySelector('[_echarts_instance_]')
  if (!dom) return
  const { getInstanceByDom } = await import('./echarts.js')
  const chart = getInstanceByDom(dom)
  if (!chart) return
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' })
  const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0))
  saveBlob(new Blob([bytes], { type: 'image/png' }), filename)
}

export function useChart(el, option, sources, onChart = () => {}, prepare = async () => {}) {
  const chart = shallowRef(null)
  const failed = ref(false)
  let resizeObserver = null

  onMounted(async () => {
    try {
      const echarts = await import('./echarts.js')
      await prepare(echarts)
      if (!el.value) return // left the page while loading
      chart.value = echarts.init(el.value)
      chart.value.setOption(option())
      onChart(chart.value)
      resizeObserver = new ResizeObserver(() => chart.value?.resize())
      resizeObserver.observe(el.value)
    } catch (e) {
      console.error(e)
      failed.value = true
    }
  })

  watch(sources, () => chart.value?.setOption(option(), { notMerge: true }))

  onBeforeUnmount(() => {
    resizeObserver?.disconnect()
    chart.value?.dispose()
  })

  return { failed }
}
