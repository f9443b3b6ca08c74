// The console's shell: sign-in with a namespace key, the navigation, and the hash router that shows one page at a
// time (#/actions, #/actions/<name>, #/actions/new, #/activations, #/activations/<id>, #/pool).

import { renderActionEditor, renderActionList } from './actions.js';
import { renderActivation, renderActivationList } from './activations.js';
import { ApiError, api, call, forgetKey, storeKey, storedKey } from './api.js';
import { renderPool } from './pool.js';
import { announcePending, fill, h } from './view.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let stopPage = null;

function showSignIn(message) {
  nav.hidden = true;
  fill(who);
  const key = h('input', { id: 'key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', placeholder: 'uuid:secret' });
  const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' }, message ?? '');
  const form = h('form', { class: 'sign-in', 'aria-label': 'Sign in' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Sign in with a namespace key (the API key of wsk or the npm client, "uuid:secret"). It stays in this browser tab only.'),
    h('div', { class: 'field' }, h('label', { for: 'key' }, 'Namespace key'), key),
    error,
    h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const namespaces = await api.namespaces(key.value.trim());
      storeKey(key.value.trim());
      await signedIn(namespaces);
    } catch (failure) {
      error.textContent = failure instanceof ApiError && failure.status === 401
        ? 'That key was not accepted: check the uuid and the secret.'
        : `Could not sign in: ${failure.message}`;
      key.focus();
    }
  });
  fill(main, form);
  key.focus();
}

function signOut(message) {
  stopPage?.();
  stopPage = null;
  forgetKey();
  history.replaceState(null, '', location.pathname);
  showSignIn(message);
}

window.addEventListener('openwhisk:signed-out', () => signOut('The key is no longer accepted; sign in again.'));

async function signedIn(namespaces) {
  const namespace = namespaces?.[0] ?? '';
  fill(who, h('span', {}, `Namespace `, h('strong', { id: 'namespace' }, namespace)), ' ',
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => signOut() }, 'Sign out'));
  nav.hidden = false;
  let admin = false;
  try {
    await call('/invokers/pool');
    admin = true;
  } catch {
    admin = false;
  }

  document.getElementById('nav-pool').hidden = !admin;
  if (!location.hash || location.hash === '#/') location.hash = '#/actions';
  else route();
}

async function route() {
  if (!storedKey()) return;
  stopPage?.();
  stopPage = null;
  const [path, queryText] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(queryText ?? '');
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === (parts[0] ?? 'actions')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  // Each page renders into a view of its own: a page still loading when the user moves on fills a detached view.
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  try {
    if (parts[0] === 'activations' && parts.length > 1) await renderActivation(view, parts.slice(1).join('/'));
    else if (parts[0] === 'activations') stopPage = renderActivationList(view, query);
    else if (parts[0] === 'pool') stopPage = renderPool(view);
    else if (parts[0] === 'actions' && parts[1] === 'new') await renderActionEditor(view, null);
    else if (parts[0] === 'actions' && parts.length > 1) await renderActionEditor(view, parts.slice(1).join('/'));
    else await renderActionList(view);
  } catch (error) {
    if (!view.isConnected) return;
    if (error instanceof ApiError && error.status === 401) {
      signOut('The key is no longer accepted; sign in again.');
      return;
    }

    fill(view, h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, error.message));
  }

  if (!view.isConnected) return;
  announcePending();
  main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);

const key = storedKey();
if (key) {
  api.namespaces(key).then(signedIn).catch(() => {
    forgetKey();
    showSignIn('The key is no longer accepted; sign in again.');
  });
} else {
  showSignIn();
}
