// Sign-in, sign-out and the /me profile, on top of api.js and session.js.
import { api } from './api.js'
import { saveSession, setMe, clearSession } from './session.js'

export async function signIn(username, password) {
  const data = await api.post('/auth/login', { username, password }, { auth: false })
  saveSession(data) // the router guard fetches /me on the way to the home page
}

export async function loadMe() {
  const me = await api.get('/me')
  setMe(me)
  return me
}

export async function signOut() {
  try {
    await api.post('/auth/logout')
  } catch (error) {
    // The local session goes either way; an unreachable server must not
    // keep someone signed in on a shared computer.
    console.warn('logout request failed', error)
  } finally {
    clearSession()
  }
}

export async function changePassword(oldPassword, newPassword) {
  await api.put('/me/password', { old_password: oldPassword, new_password: newPassword })
}
