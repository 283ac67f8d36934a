// The sign-out button of both layouts: revoke the token, then show the login page.
import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { signOut } from '../auth.js'

export function useSignOut() {
  const router = useRouter()
  const leaving = ref(false)
  async function logout() {
    leaving.value = true
    await signOut()
    await router.replace({ name: 'login' })
  }
  return { leaving, logout }
}
