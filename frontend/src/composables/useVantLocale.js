// Vant's own texts (picker buttons, loading…) follow our language switch;
// used by every page of the phone area that is not inside its layout too.
import { watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { Locale } from 'vant'
import vantEn from 'vant/es/locale/lang/en-US'
import vantZh from 'vant/es/locale/lang/zh-CN'

export function useVantLocale() {
  const { locale } = useI18n()
  watch(
    locale,
    (value) => (value === 'en' ? Locale.use('en-US', vantEn) : Locale.use('zh-CN', vantZh)),
    { immediate: true },
  )
}
