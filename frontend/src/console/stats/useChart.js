// An ECharts chart in the element `el`: ECharts is loaded on first mount (a chunk of its own,
// echarts.js), the chart drawn with `option()` and again whenever `sources` change, resized
// with its box and disposed when the component goes. `onChart(chart)` may add handlers (a
// click); `failed` says ECharts could not be loaded. Shared by the console's charts.
import { onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue'

/** The category axis of a chart of many rows: labels slanted and cut short when they crowd. */
export function categoryAxis(labels) {
  const crowded = labels.length > 6
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

export function useChart(el, option, sources, onChart = () => {}) {
  const chart = shallowRef(null)
  const failed = ref(false)
  let resizeObserver = null

  onMounted(async () => {
    try {
      const { init } = await import('./echarts.js')
      if (!el.value) return // left the page while loading
      chart.value = init(el.value)
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
