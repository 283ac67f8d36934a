// Cancelling a fair with the reason the server requires (RejectDialog asks for it while
// `cancelling` holds the fair): useDecision's frame, so a message says how it went and
// `done(fair)` gets the fair answered, or null when it has to be read again.
import { cancelFair } from '../fairsApi.js'
import { useDecision } from '../reviews/useDecision.js'

export function useFairCancel(done) {
  const { busy, rejecting, cancel } = useDecision((id, decision, reason) => cancelFair(id, reason), done)
  return { busy, cancelling: rejecting, cancel }
}
