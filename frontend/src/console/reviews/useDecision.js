// The office's decision on one employer, job or event: approve, or reject
// (an event: cancel) with a reason asked in RejectDialog (`rejecting` holds
// what it is asked for while it is open). A message says how it went;
// `done(record)` gets the record the server answered, or null when it has to
// be read again (decided meanwhile: 404, 409).
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { errorText } from '../../errors.js'

/** `decide(id, decision, reason)` sends (reviewEmployer, reviewJob, reviewEvent); targets are {id, name | title}. */
export function useDecision(decide, done) {
  const { t } = useI18n()
  const busy = ref(false)
  const rejecting = ref(null)

  async function run(target, decision, reason) {
    busy.value = true
    try {
      const record = await decide(target.id, decision, reason)
      ElMessage.success(t(`recruitment.decided.${decision}`, { name: target.name ?? target.title }))
      done(record)
    } catch (e) {
      ElMessage.error(errorText(e))
      if (e.status === 409 || e.status === 404) done(null)
    } finally {
      busy.value = false
      rejecting.value = null
    }
  }

  /** Approves once the user agrees to `message` in a box; dismissing it does nothing. */
  async function approveConfirmed(target, message) {
    try {
      await ElMessageBox.confirm(message, t('reviews.approve'), {
        type: 'warning',
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return // dismissed
    }
    await run(target, 'approve')
  }

  return {
    busy,
    rejecting,
    approve: (target) => run(target, 'approve'),
    approveConfirmed,
    /** RejectDialog's `reject` event: (reason, target). */
    reject: (reason, target) => run(target, 'reject', reason),
    /** The same for cancelling a published event. */
    cancel: (reason, target) => run(target, 'cancel', reason),
  }
}
