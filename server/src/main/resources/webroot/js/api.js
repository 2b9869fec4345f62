// JSON client for /api: sends the session's CSRF token on state-changing requests and turns
// error bodies {"error","message"} into ApiError.

let csrfToken = null;
let onUnauthenticated = () => {};

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
}

/** Returns the session's CSRF token, for requests not made with api() (uploads with progress). */
export function getCsrfToken() {
  return csrfToken;
}

/** Registers what to do when a session expires (401 on a signed-in call). */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = new ApiError(
      res.status,
      data?.error || 'http_' + res.status,
      data?.message || res.statusText,
      Number(res.headers.get('Retry-After')) || null,
    );
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/me') onUnauthenticated();
    throw err;
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);
