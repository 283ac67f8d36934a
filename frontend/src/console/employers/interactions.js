// Vocabulary of the interaction index (互动指数, docs/interactions.md): the kinds of an
// interaction in the seed's order, those staff record by hand (the others come from approvals),
// the 深度合作 kinds, the two scores, and the tabs of an employer's page.
import { i18n } from '../../i18n.js'

export const INTERACTION_KINDS = ['registration', 'strategic', 'mentor', 'industry_education', 'job_post', 'daily_business']
/** What staff add by hand (POST /employers/{id}/interactions takes any kind; these are the usual). */
export const RECORDED_KINDS = ['strategic', 'mentor', 'industry_education', 'daily_business']
/** 深度合作: one table each on the employer's page. */
export const DEEP_KINDS = ['strategic', 'mentor', 'industry_education']
export const INDEX_MODELS = ['seed', 'weighted']
export const EMPLOYER_TABS = ['registration', 'details', 'basic', 'business', 'deep', 'index']

/** Whether an entry came from a recruitment record (source and its id) rather than from staff. */
export const derived = (entry) => Boolean(entry?.source && entry.source_id != null)

export const kindText = (kind) => i18n.global.t(`interactions.kinds.${kind}`)

/** A score as the office reads it: at most two decimals, none when whole. */
export const scoreText = (value) => (value === null || value === undefined ? '—' : String(Math.round(Number(value) * 100) / 100))

/** Today as YYYY-MM-DD in local time (an interaction's date may not be later). */
export function today() {
  const now = new Date()
  const two = (n) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`
}

/** The employer's details on the 认证注册 tab (what it registered with and how it was reviewed) and on 详细信息. */
export const REGISTRATION_FIELDS = ['name', 'credit_code', 'industry_code', 'unit_nature_code', 'region_code', 'contact_name', 'contact_phone', 'email', 'created_at', 'reviewed_at', 'review_reason']
export const DETAIL_FIELDS = ['name', 'address', 'website', 'size', 'description', 'wechat_bound']
