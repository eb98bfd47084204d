// Thin fetch wrapper for the xueji JSON API (/api/v1).
//
// Errors come back as {"error":{"code","field","message","details"?,…}};
// they are thrown as ApiError so views can show `message` and put `field`
// errors under form fields. `details` lists every wrong field of a large form
// (one {code, field, message} each); any other member of the error body is
// kept on the ApiError too. A 401 on anything but the login/session probe
// calls the handler set with setUnauthorizedHandler (the app sends the user to
// the login page).

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  /** `body`: the server's error object; its other members (details, …) are kept. */
  constructor(status, code, field, message, body = {}) {
    super(message);
    for (const [k, v] of Object.entries(body)) {
      if (!['code', 'field', 'message', 'name', 'stack', 'status'].includes(k)) this[k] = v;
    }
    this.name = 'ApiError';
    this.status = status;
    this.code = code || '';
    this.field = field || '';
    // One entry per wrong field; at least the error itself.
    this.details = Array.isArray(body.details) && body.details.length ? body.details : [{ code: this.code, field: this.field, message }];
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
 * options.raw: `body` is sent as it is (a File or Blob) with its own type.
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
    headers['Content-Type'] = options.raw ? body.type || 'application/octet-stream' : 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let payload;
  if (body !== undefined) payload = options.raw ? body : JSON.stringify(body);
  let resp;
  try {
    resp = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: payload,
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
    const err = new ApiError(resp.status, e.code, e.field, e.message || fallbackMessage(resp.status), e);
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
  /** POSTs a file's bytes as the body; `query` names it (e.g. kind, name). */
  upload: (path, file, query, options) => request('POST', path, file, { ...options, query, raw: true }),
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
