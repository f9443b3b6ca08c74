// Small DOM helpers shared by the console's pages: element creation without innerHTML (no markup injection from
// action names, logs or results), formatting of times and sizes, and the status line.

/** Creates an element: h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, …). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Milliseconds as a short duration: 850 ms, 1.25 s, 2 min 5 s. */
export function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60000);
  return `${minutes} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** A time since the Unix epoch as local date and time. */
export function timestamp(ms) {
  if (!ms) return '—';
  const date = new Date(ms);
  return `${date.toLocaleDateString()} ${date.toLocaleTimeString()}`;
}

/** How long ago a time was: 5 s ago, 3 min ago. */
export function ago(ms, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** JSON, indented, for results, parameters and annotations. */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

/** The value of one annotation of an entity or activation, or undefined. */
export function annotation(entity, key) {
  return (entity?.annotations ?? []).find((a) => a.key === key)?.value;
}

/** OpenWhisk's activation status names by status code. */
export const statusNames = ['success', 'application error', 'developer error', 'system error'];

/** The status of an activation record or summary, as text. */
export function statusOf(activation) {
  const code = activation.statusCode ?? codeOf(activation.response?.status);
  return statusNames[code] ?? 'unknown';
}

function codeOf(status) {
  return { success: 0, 'application error': 1, 'action developer error': 2, 'whisk internal error': 3 }[status];
}

let pending = null;

/** Keeps a message to show once the next page has rendered (a save that navigates, for example). */
export function announceAfterNavigation(message) {
  pending = message;
}

/** Shows the message kept by announceAfterNavigation, or clears the status region. */
export function announcePending() {
  announce(pending ?? '');
  pending = null;
}

/** Shows a message in the page's live status region (read by screen readers), as an error or not. */
export function announce(message, isError = false) {
  const status = document.getElementById('status');
  if (!status) return;
  status.textContent = message;
  status.classList.toggle('error', isError);
}

/** A labelled form field: a label, then the control, with the label pointing at it. */
export function field(label, control, hint) {
  control.id ||= `field-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}
