// Thin fetch wrapper for the xueji JSON API (/api/v1).
//
// Errors come back as {"error":{"code","field","message"}}; they are thrown as
// ApiError so views can show `message` and put `field` errors under form
// fields. A 401 on anything but the login/session probe calls the handler set
// with setUnauthorizedHandler (the app sends the user to the login page).

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, code, field, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code || '';
    this.field = field || '';
  }
}

let csrfToken = '';
let unauthorizedHandler = null;

export function setCsrfToken(token) {
  csrfToken = token || '';
}

export function setUnauthorizedHandler(fn) {
  unauthorizedHandler = fn;
}

function fallbackMessage(status) {
  if (status === 403) return '没有权限执行该操作';
  if (status === 404) return '请求的数据不存在';
  if (status === 409) return '数据冲突，请刷新后重试';
  if (status === 429) return '请求过于频繁，请稍后再试';
  if (status >= 500) return `服务器内部错误（HTTP ${status}），请稍后重试`;
  return `请求失败（HTTP ${status}）`;
}

/**
 * request('GET', '/orgs/520102', undefined, { query: { limit: 10 } })
 * options.allow401: do not trigger the global 401 handler (login, /auth/me).
 */
export async function request(method, path, body, options = {}) {
  let url = API_BASE + path;
  if (options.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query)) {
      if (v !== undefined && v !== null && v !== '') qs.append(k, String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let resp;
  try {
    resp = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '', '无法连接服务器，请检查网络后重试');
  }

  let data = null;
  if (resp.status !== 204) {
    const text = await resp.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
  }

  if (!resp.ok) {
    const e = (data && data.error) || {};
    const err = new ApiError(resp.status, e.code, e.field, e.message || fallbackMessage(resp.status));
    if (resp.status === 401 && !options.allow401 && unauthorizedHandler) {
      unauthorizedHandler(err);
    }
    throw err;
  }
  return data;
}

export const api = {
  get: (path, query, options) => request('GET', path, undefined, { ...options, query }),
  post: (path, body, options) => request('POST', path, body ?? {}, options),
  put: (path, body, options) => request('PUT', path, body ?? {}, options),
  patch: (path, body, options) => request('PATCH', path, body ?? {}, options),
  del: (path, options) => request('DELETE', path, undefined, options),
};

/** Fetches every page of a cursor-paged list (bounded by maxItems). */
export async function fetchAllPages(path, { limit = 500, maxItems = 5000 } = {}) {
  const items = [];
  let after;
  for (;;) {
    const page = await api.get(path, { after, limit });
    items.push(...(page.items || []));
    if (!page.next_cursor || items.length >= maxItems) break;
    after = page.next_cursor;
  }
  return items;
}

export const enc = encodeURIComponent;
