// The console's only way to the platform: OpenWhisk's REST API on this origin, with the namespace key the user
// signed in with. The key lives in the browser's session storage only (gone when the tab closes).

const keyItem = 'openwhisk.console.key';

// Where the API is: this origin, or (when the console has a port of its own) the URL config.json names.
const apiUrl = await fetch('config.json', { credentials: 'omit' })
  .then((response) => (response.ok ? response.json() : {}))
  .then((config) => config.apiUrl ?? '')
  .catch(() => '');

/** A failed call: the HTTP status and OpenWhisk's error text. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export function storedKey() {
  return sessionStorage.getItem(keyItem);
}

export function storeKey(key) {
  sessionStorage.setItem(keyItem, key);
}

export function forgetKey() {
  sessionStorage.removeItem(keyItem);
}

/** A page that polls and finds its key refused calls this: the shell forgets the key and shows the sign-in form. */
export function signedOut() {
  window.dispatchEvent(new CustomEvent('openwhisk:signed-out'));
}

/** Calls the API: path relative to this origin, JSON in and out; throws ApiError on a status that is not 2xx. */
export async function call(path, { method = 'GET', body, key = storedKey(), signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Basic ${btoa(key)}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // No cookies and no browser credentials: with them, a 401 (which carries WWW-Authenticate) would make the browser
  // prompt for a user and password instead of letting the page show the error.
  const response = await fetch(apiUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, credentials: 'omit' });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }

  if (!response.ok && !(response.status === 502 && parsed?.activationId)) {
    const message = parsed?.error ?? (typeof parsed === 'string' && parsed ? parsed : response.statusText);
    throw new ApiError(response.status, typeof message === 'string' ? message : JSON.stringify(message), parsed);
  }

  return parsed;
}

const namespacePath = '/api/v1/namespaces/_';

/** Encodes an entity name that may hold a package (pkg/action) for a path. */
export function entityPath(name) {
  return name.split('/').map(encodeURIComponent).join('/');
}

export const api = {
  namespaces: (key) => call('/api/v1/namespaces', { key }),
  info: () => call('/'),
  actions: () => call(`${namespacePath}/actions?limit=200`),
  action: (name) => call(`${namespacePath}/actions/${entityPath(name)}`),
  putAction: (name, action) => call(`${namespacePath}/actions/${entityPath(name)}?overwrite=true`, { method: 'PUT', body: action }),
  deleteAction: (name) => call(`${namespacePath}/actions/${entityPath(name)}`, { method: 'DELETE' }),
  invoke: (name, payload) => call(`${namespacePath}/actions/${entityPath(name)}?blocking=true`, { method: 'POST', body: payload }),
  packages: () => call(`${namespacePath}/packages?limit=200`),
  package: (name) => call(`${namespacePath}/packages/${encodeURIComponent(name)}`),
  triggers: () => call(`${namespacePath}/triggers?limit=200`),
  trigger: (name) => call(`${namespacePath}/triggers/${encodeURIComponent(name)}`),
  rules: () => call(`${namespacePath}/rules?limit=200`),
  rule: (name) => call(`${namespacePath}/rules/${encodeURIComponent(name)}`),
  activations: ({ name, since, limit = 50, signal } = {}) => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (name) query.set('name', name);
    if (since) query.set('since', String(since));
    return call(`${namespacePath}/activations?${query}`, { signal });
  },
  activation: (id) => call(`${namespacePath}/activations/${encodeURIComponent(id)}`),
  pool: (signal) => call('/invokers/pool', { signal }),
};
