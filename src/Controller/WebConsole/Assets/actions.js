// The Actions page: what the namespace holds (actions, packages, triggers, rules), and one action's editor with
// its invoke panel.

import { api, ApiError } from './api.js';
import { createEditor, languageOf } from './editor.js';
import { timeline } from './timeline.js';
import { announce, announceAfterNavigation, annotation, field, fill, h, pretty, statusOf, timestamp } from './view.js';

const defaultCode = {
  javascript: 'function main(params) {\n  return { greeting: `hello ${params.name || "world"}` };\n}\n',
  python: 'def main(params):\n    return {"greeting": "hello " + params.get("name", "world")}\n',
};

/** Lists actions (with those of the namespace's packages), packages, triggers and rules. */
export async function renderActionList(main) {
  fill(main, h('h1', {}, 'Actions'), h('p', {}, 'Loading…'));
  const [actions, packages, triggers, rules] = await Promise.all([api.actions(), api.packages(), api.triggers(), api.rules()]);
  // The namespace's list holds the actions of its packages too, their namespace being "<namespace>/<package>".
  const all = actions.map((a) => {
    const pkg = a.namespace?.split('/').slice(1).join('/');
    return { ...a, name: pkg ? `${pkg}/${a.name}` : a.name, kindText: annotation(a, 'exec') };
  }).sort((a, b) => a.name.localeCompare(b.name));

  fill(main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Actions'), h('a', { href: '#/actions/new', class: 'button' }, 'New action')),
    all.length === 0
      ? h('p', {}, 'No actions yet. Create one with "New action".')
      : h('table', { class: 'list', 'aria-label': 'Actions' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Updated'))),
        h('tbody', {}, all.map((a) => h('tr', {},
          h('td', {}, h('a', { href: `#/actions/${encodeURIComponent(a.name)}` }, a.name)),
          h('td', {}, a.kindText ?? ''),
          h('td', {}, a.version ?? ''),
          h('td', {}, timestamp(a.updated)))))),
    h('h2', {}, 'Packages'),
    simpleList('Packages', packages, (p) => [p.name, p.binding && Object.keys(p.binding).length ? `bound to /${p.binding.namespace}/${p.binding.name}` : (p.publish ? 'shared' : 'private')]),
    h('h2', {}, 'Triggers'),
    simpleList('Triggers', triggers, (t) => [t.name, annotation(t, 'feed') ? `feed ${annotation(t, 'feed')}` : '']),
    h('h2', {}, 'Rules'),
    simpleList('Rules', rules, (r) => [r.name, `${r.trigger?.name ?? ''} → ${r.action?.name ?? ''}`, r.status ?? '']));
}

function simpleList(label, items, columns) {
  if (items.length === 0) return h('p', {}, `No ${label.toLowerCase()}.`);
  return h('ul', { class: 'simple-list', 'aria-label': label }, items.map((item) => h('li', {}, columns(item).filter(Boolean).join(' · '))));
}

/** The editor of one action (or of a new one when name is null) and its invoke panel. */
export async function renderActionEditor(main, name) {
  const creating = name === null;
  let action = null;
  if (!creating) {
    fill(main, h('h1', {}, name), h('p', {}, 'Loading…'));
    action = await api.action(name);
  }

  const info = await api.info();
  const kinds = Object.values(info.runtimes ?? {}).flat().map((r) => r.kind);
  const exec = action?.exec ?? { kind: kinds.find((k) => k.startsWith('nodejs')) ?? kinds[0] ?? 'nodejs:20' };
  const sequence = exec.kind === 'sequence';
  const binary = exec.binary === true;

  const nameInput = h('input', { id: 'action-name', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9_][A-Za-z0-9_@.\\- ]*(/[A-Za-z0-9_][A-Za-z0-9_@.\\- ]*)?' });
  // A kind the runtimes no longer list (or blackbox) stays selectable, so that saving never changes it unasked.
  const choices = sequence ? ['sequence'] : (kinds.includes(exec.kind) ? kinds : [exec.kind, ...kinds]);
  const kindSelect = h('select', { id: 'action-kind', disabled: sequence }, choices.map((k) => h('option', { value: k, selected: k === exec.kind }, k)));
  const language = languageOf(exec.kind);
  const code = createEditor({
    id: 'action-code', label: 'Code', language, readOnly: binary || sequence,
    value: sequence ? (exec.components ?? []).join('\n') : (binary ? '(a zip archive: upload it with the API or a client)' : (exec.code ?? defaultCode[language])),
  });
  kindSelect.addEventListener('change', () => {
    const next = languageOf(kindSelect.value);
    if (creating && code.value() === defaultCode[language === next ? next : language]) code.setValue(defaultCode[next]);
    code.setLanguage(next);
  });
  const parameters = createEditor({
    id: 'action-parameters', label: 'Parameters (JSON object)', language: 'json', rows: 4,
    value: pretty(Object.fromEntries((action?.parameters ?? []).map((p) => [p.key, p.value]))),
  });
  const limits = action?.limits ?? {};
  const timeout = h('input', { id: 'limit-timeout', type: 'number', min: 100, step: 100, value: limits.timeout ?? 60000 });
  const memory = h('input', { id: 'limit-memory', type: 'number', min: 128, step: 64, value: limits.memory ?? 256 });
  const concurrency = h('input', { id: 'limit-concurrency', type: 'number', min: 1, value: limits.concurrency ?? 1 });

  const form = h('form', { class: 'action-form', 'aria-label': 'Action' },
    creating ? field('Name', nameInput, 'A name, or package/name') : null,
    field('Kind', kindSelect),
    h('div', { class: 'field' }, h('label', { for: 'action-code' }, sequence ? 'Components' : 'Code'), code.element),
    h('div', { class: 'field' }, h('label', { for: 'action-parameters' }, 'Parameters (JSON object)'), parameters.element),
    h('fieldset', { class: 'limits' }, h('legend', {}, 'Limits'),
      field('Timeout (ms)', timeout), field('Memory (MB)', memory), field('Concurrency', concurrency)),
    h('div', { class: 'actions-row' }, h('button', { type: 'submit', id: 'save-action' }, creating ? 'Create' : 'Save')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let params;
    try {
      params = JSON.parse(parameters.value() || '{}');
      if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new Error('not an object');
    } catch {
      announce('Parameters must be a JSON object.', true);
      parameters.textarea.focus();
      return;
    }

    const target = creating ? nameInput.value.trim() : name;
    const body = {
      exec: sequence || binary ? exec : { ...exec, kind: kindSelect.value, code: code.value() },
      parameters: Object.entries(params).map(([key, value]) => ({ key, value })),
      limits: { ...limits, timeout: Number(timeout.value), memory: Number(memory.value), concurrency: Number(concurrency.value) },
      annotations: action?.annotations?.filter((a) => a.key !== 'exec') ?? [],
    };
    try {
      const saved = await api.putAction(target, body);
      const message = `Saved ${target} (version ${saved.version}).`;
      if (creating) {
        announceAfterNavigation(message);
        location.hash = `#/actions/${encodeURIComponent(target)}`;
      } else {
        announce(message);
      }
    } catch (error) {
      announce(error instanceof ApiError ? `Could not save: ${error.message}` : String(error), true);
    }
  });

  const panel = creating ? null : invokePanel(name);
  fill(main,
    h('div', { class: 'page-head' }, h('h1', {}, creating ? 'New action' : name),
      creating ? null : h('a', { href: `#/activations?name=${encodeURIComponent(name)}` }, 'Activations of this action')),
    h('div', { class: creating ? '' : 'split' }, h('section', { 'aria-label': 'Definition' }, form), panel));
  (creating ? nameInput : code.textarea).focus();
}

function invokePanel(name) {
  const payload = createEditor({ id: 'invoke-payload', label: 'Payload (JSON object)', language: 'json', rows: 5, value: '{\n  "name": "console"\n}' });
  const output = h('div', { class: 'invoke-output', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', id: 'invoke' }, 'Invoke');
  const form = h('form', { 'aria-label': 'Invoke' },
    h('div', { class: 'field' }, h('label', { for: 'invoke-payload' }, 'Payload (JSON object)'), payload.element),
    h('div', { class: 'actions-row' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let body;
    try {
      body = JSON.parse(payload.value() || '{}');
    } catch {
      announce('The payload is not JSON.', true);
      return;
    }

    button.disabled = true;
    fill(output, h('p', {}, 'Running…'));
    try {
      const record = await api.invoke(name, body);
      fill(output, record.response ? activationResult(record) : h('p', {}, `Still running: activation ${record.activationId}. Find it under Activations.`));
      announce(`Invoked ${name}: ${record.response ? statusOf(record) : 'accepted'}.`);
      if (record.response) showStoredLogs(output, record.activationId);
    } catch (error) {
      fill(output, h('p', { class: 'error' }, error.message));
      announce(`Invoke failed: ${error.message}`, true);
    } finally {
      button.disabled = false;
    }
  });

  return h('section', { class: 'invoke', 'aria-label': 'Invoke' }, h('h2', {}, 'Invoke'), form, output);
}

/**
 * A blocking invoke answers as soon as the result is there; the logs are collected after it. Reads the stored
 * record (retrying for a few seconds while it is being stored) and shows its logs.
 */
async function showStoredLogs(output, activationId) {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const stored = await api.activation(activationId);
      const logs = output.querySelector('pre.logs');
      if (logs && output.querySelector('.activation-id')?.textContent === activationId) {
        logs.textContent = (stored.logs ?? []).length ? stored.logs.join('\n') : '(no logs)';
        logs.dataset.stored = 'true';
      }

      return;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** A record's status, timeline, result and logs, under headings of the given level (one below the page's section). */
export function activationResult(record, headingLevel = 3) {
  const heading = `h${headingLevel}`;
  const status = statusOf(record);
  return h('div', { class: 'activation-result' },
    h('p', {}, h('span', { class: `badge status-${status.replace(/ /g, '-')}` }, status), ' ',
      h('a', { href: `#/activations/${record.activationId}`, class: 'activation-id' }, record.activationId),
      ` · ${record.duration ?? 0} ms`),
    timeline(record),
    h(heading, {}, 'Result'),
    h('pre', { class: 'result' }, pretty(record.response?.result ?? {})),
    h(heading, {}, 'Logs'),
    h('pre', { class: 'logs' }, (record.logs ?? []).length ? record.logs.join('\n') : '(no logs)'));
}
