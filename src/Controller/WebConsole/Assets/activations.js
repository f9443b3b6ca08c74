// The Activations page: a live, filterable list, and one activation's detail (result, logs, annotations, timeline;
// a sequence's components expanded below it).

import { activationResult } from './actions.js';
import { ApiError, api, signedOut } from './api.js';
import { phasesOf } from './timeline.js';
import { ago, annotation, duration, fill, h, pretty, statusOf } from './view.js';

const sinceChoices = [['5 min', 5 * 60000], ['1 hour', 3600000], ['24 hours', 86400000], ['all', 0]];
const statusChoices = [['any status', () => true], ['succeeded', (a) => a.statusCode === 0], ['failed', (a) => a.statusCode !== 0]];

/** The list; query holds the filter (name, status, since) so that a filtered view can be linked to. Returns a stop function. */
export function renderActivationList(main, query) {
  const nameInput = h('input', { id: 'filter-name', type: 'search', value: query.get('name') ?? '', autocomplete: 'off' });
  const statusSelect = h('select', { id: 'filter-status' }, statusChoices.map(([label], i) => h('option', { value: i, selected: String(i) === (query.get('status') ?? '0') }, label)));
  const sinceSelect = h('select', { id: 'filter-since' }, sinceChoices.map(([label, ms]) => h('option', { value: ms, selected: String(ms) === (query.get('since') ?? '3600000') }, label)));
  const live = h('input', { id: 'filter-live', type: 'checkbox', checked: true });
  // Not a live region: it is rebuilt every two seconds, and a screen reader would read it all again each time.
  const body = h('div', { class: 'activation-list', 'aria-busy': 'true' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter activations' },
    h('div', { class: 'field' }, h('label', { for: 'filter-name' }, 'Name'), nameInput),
    h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'), statusSelect),
    h('div', { class: 'field' }, h('label', { for: 'filter-since' }, 'Since'), sinceSelect),
    h('div', { class: 'field checkbox' }, live, h('label', { for: 'filter-live' }, 'Live')));
  fill(main, h('h1', {}, 'Activations'), form, body);

  let timer = null;
  let typing = null;
  let stopped = false;
  let request = null;
  const refresh = async () => {
    clearTimeout(timer);
    // Only the latest request may fill the list: an older answer (another filter) is dropped.
    request?.abort();
    const mine = new AbortController();
    request = mine;
    const since = Number(sinceSelect.value);
    try {
      const activations = await api.activations({ name: nameInput.value.trim() || undefined, since: since ? Date.now() - since : undefined, limit: 100, signal: mine.signal });
      const shown = activations.filter(statusChoices[Number(statusSelect.value)][1]);
      body.setAttribute('aria-busy', 'false');
      fill(body, shown.length === 0 ? h('p', {}, 'No activations match.') : table(shown));
    } catch (error) {
      if (mine.signal.aborted) return;
      if (error instanceof ApiError && error.status === 401) {
        signedOut();
        return;
      }

      fill(body, h('p', { class: 'error' }, error.message));
    }

    if (!stopped && live.checked && request === mine) timer = setTimeout(refresh, 2000);
  };

  const changed = () => {
    const next = new URLSearchParams({ name: nameInput.value.trim(), status: statusSelect.value, since: sinceSelect.value });
    history.replaceState(null, '', `#/activations?${next}`);
    refresh();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    changed();
  });
  nameInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(changed, 300);
  });
  statusSelect.addEventListener('change', changed);
  sinceSelect.addEventListener('change', changed);
  live.addEventListener('change', refresh);
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(typing);
    request?.abort();
  };
}

function table(activations) {
  const now = Date.now();
  return h('table', { class: 'list', 'aria-label': 'Activations' },
    h('thead', {}, h('tr', {}, ['Name', 'Activation', 'Status', 'Start', 'Duration', 'Start kind'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, activations.map((a) => {
      const status = statusOf(a);
      const phases = phasesOf(a);
      return h('tr', {},
        h('td', {}, a.name),
        h('td', {}, h('a', { href: `#/activations/${a.activationId}`, class: 'activation-id' }, a.activationId)),
        h('td', {}, h('span', { class: `badge status-${status.replace(/ /g, '-')}` }, status)),
        h('td', { title: new Date(a.start).toLocaleString() }, ago(a.start, now)),
        h('td', {}, duration(a.duration)),
        h('td', {}, annotation(a, 'kind') === 'sequence' ? 'sequence' : (phases.cold ? 'cold' : 'warm')));
    })));
}

/** One activation; a sequence or composition lists its components (their ids are the record's logs). */
export async function renderActivation(main, id) {
  fill(main, h('h1', {}, 'Activation'), h('p', {}, 'Loading…'));
  const record = await api.activation(id);
  const isSequence = annotation(record, 'kind') === 'sequence' || annotation(record, 'topmost') !== undefined;
  const components = h('ol', { class: 'components', 'aria-label': 'Components' });
  fill(main,
    h('div', { class: 'page-head' }, h('h1', {}, record.name), h('a', { href: '#/activations' }, 'All activations')),
    activationResult(record, 2),
    h('h2', {}, 'Annotations'),
    h('table', { class: 'list annotations', 'aria-label': 'Annotations' },
      h('tbody', {}, (record.annotations ?? []).map((a) => h('tr', {}, h('th', { scope: 'row' }, a.key), h('td', {}, h('code', {}, typeof a.value === 'string' ? a.value : JSON.stringify(a.value))))))),
    isSequence ? [h('h2', {}, 'Components'), components] : null,
    h('details', {}, h('summary', {}, 'Record as JSON'), h('pre', {}, pretty(record))));
  if (isSequence) {
    for (const componentId of record.logs ?? []) {
      const item = h('li', {}, h('a', { href: `#/activations/${componentId}`, class: 'activation-id' }, componentId));
      components.append(item);
      api.activation(componentId).then((component) => {
        const status = statusOf(component);
        item.append(` ${component.name} · `, h('span', { class: `badge status-${status.replace(/ /g, '-')}` }, status), ` · ${duration(component.duration)}`);
      }).catch(() => item.append(' (record not found)'));
    }
  }
}
