// Session state: the logged-in user, the CSRF token and the /meta catalogue.
import { reactive } from 'vue';
import { api, setCsrfToken } from './api.js';

export const session = reactive({
  user: null,
  meta: null,
  ready: false,
});

let initPromise = null;

function applyAuth(data) {
  session.user = data.user;
  setCsrfToken(data.csrf_token);
}

export function clearSession() {
  session.user = null;
  setCsrfToken('');
}

export async function loadMeta() {
  if (session.meta) return session.meta;
  try {
    session.meta = await api.get('/meta');
  } catch {
    session.meta = null;
  }
  return session.meta;
}

/** Restores the session from the cookie (GET /auth/me); runs once. */
export function initSession() {
  if (!initPromise) {
    initPromise = (async () => {
      try {
        const data = await api.get('/auth/me', undefined, { allow401: true });
        applyAuth(data);
        await loadMeta();
      } catch {
        clearSession();
      } finally {
        session.ready = true;
      }
    })();
  }
  return initPromise;
}

export async function login(username, password) {
  const data = await api.post('/auth/login', { username, password }, { allow401: true });
  applyAuth(data);
  await loadMeta();
  return data.user;
}

export async function logout() {
  try {
    await api.post('/auth/logout', {}, { allow401: true });
  } finally {
    clearSession();
  }
}

export function hasPerm(...perms) {
  const have = session.user?.permissions || [];
  return perms.some((p) => have.includes(p));
}

// The three administrators (三员分立) run accounts, policy and the audit log,
// not student records.
const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin'];

export function isAdminRole() {
  return ADMIN_ROLES.includes(session.user?.role);
}
