// The Pool page (admin namespaces only): every invoker's containers by state and action, its memory and queue,
// and charts of activations per second and duration percentiles, refreshed every two seconds.

import { ApiError, api, signedOut } from './api.js';
import { lineChart } from './charts.js';
import { fill, h } from './view.js';

const states = ['prewarm', 'starting', 'warm', 'paused', 'busy'];

/** Renders the page and keeps it live; returns a stop function. */
export function renderPool(main) {
  const summary = h('div', { class: 'pool-summary' });
  const invokers = h('div', { class: 'invokers' });
  const charts = h('div', { class: 'charts' });
  fill(main, h('h1', {}, 'Pool'), summary, charts, invokers);

  let timer = null;
  let stopped = false;
  const controller = new AbortController();
  const refresh = async () => {
    try {
      const pool = await api.pool(controller.signal);
      render(pool, summary, charts, invokers);
    } catch (error) {
      if (stopped) return;
      if (error instanceof ApiError && error.status === 401) {
        signedOut();
        return;
      }

      if (error instanceof ApiError && error.status === 403) {
        fill(main, h('h1', {}, 'Pool'), h('p', { class: 'error' }, 'The Pool page needs the key of an admin namespace (whisk.system, or one listed in Console:AdminNamespaces).'));
        return;
      }

      fill(summary, h('p', { class: 'error' }, `Could not read the pool: ${error.message}`));
    }

    if (!stopped) timer = setTimeout(refresh, 2000);
  };

  refresh();
  return () => {
    stopped = true;
    controller.abort();
    clearTimeout(timer);
  };
}

function render(pool, summary, charts, invokers) {
  const totals = Object.fromEntries(states.map((s) => [s, 0]));
  for (const invoker of pool.invokers) {
    for (const group of invoker.containers ?? []) totals[group.state] = (totals[group.state] ?? 0) + group.count;
  }

  fill(summary,
    h('p', {}, `${pool.invokers.length} invoker${pool.invokers.length === 1 ? '' : 's'}`),
    h('ul', { class: 'state-counts', 'aria-label': 'Containers by state' },
      states.map((s) => h('li', { class: `state state-${s}`, dataset: { state: s } }, h('span', { class: 'count' }, String(totals[s])), ` ${s}`))));

  const points = pool.history.points;
  const span = Math.max(60000, points.length * pool.history.stepMs);
  fill(charts,
    lineChart({
      title: 'Activations per second', spanMs: span,
      format: (v) => (v >= 10 ? v.toFixed(0) : v.toFixed(1)),
      series: [
        { name: 'finished', className: 'series-a', points: points.map((p) => [p.end, p.perSecond]) },
        { name: 'failed', className: 'series-c', points: points.map((p) => [p.end, p.failedPerSecond]) },
      ],
    }),
    lineChart({
      title: 'Duration (wait + init + run)', spanMs: span,
      format: (v) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v >= 10 ? 0 : 1)} ms`),
      series: [
        { name: 'p50', className: 'series-a', points: points.map((p) => [p.end, p.p50Ms]) },
        { name: 'p90', className: 'series-b', points: points.map((p) => [p.end, p.p90Ms]) },
        { name: 'p99', className: 'series-c', points: points.map((p) => [p.end, p.p99Ms]) },
      ],
    }));

  fill(invokers, pool.invokers.map(invokerCard));
}

function invokerCard(invoker) {
  const heading = h('h2', {}, `${invoker.name} `, h('span', { class: `badge health-${invoker.health}` }, invoker.health));
  if (invoker.containers === undefined) {
    return h('section', { class: 'invoker', 'aria-label': invoker.name }, heading, h('p', {}, 'No recent pool status from this invoker.'));
  }

  const memory = h('progress', { id: `memory-${invoker.name}`, max: invoker.capacityMb, value: invoker.usedMemoryMb });
  const groups = [...invoker.containers].sort((a, b) => states.indexOf(a.state) - states.indexOf(b.state) || (a.action ?? '').localeCompare(b.action ?? ''));
  return h('section', { class: 'invoker', 'aria-label': invoker.name, dataset: { invoker: invoker.name } },
    heading,
    h('div', { class: 'field' }, h('label', { for: memory.id }, `Memory: ${invoker.usedMemoryMb} of ${invoker.capacityMb} MB used, ${invoker.capacityMb - invoker.usedMemoryMb} MB free`), memory),
    h('dl', { class: 'facts' },
      h('dt', {}, 'buffered'), h('dd', {}, String(invoker.buffered)),
      h('dt', {}, 'in flight'), h('dd', {}, String(invoker.inFlight)),
      h('dt', {}, 'finished'), h('dd', {}, String(invoker.activations)),
      h('dt', {}, 'failed'), h('dd', {}, String(invoker.failedActivations)),
      invoker.omittedContainers ? [h('dt', {}, 'not listed'), h('dd', {}, `${invoker.omittedContainers} containers in smaller groups`)] : null),
    groups.length === 0 ? h('p', {}, 'No containers.') : h('table', { class: 'list containers', 'aria-label': `Containers of ${invoker.name}` },
      h('thead', {}, h('tr', {}, ['State', 'Action', 'Kind', 'Containers', 'Memory'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, groups.map((g) => h('tr', { dataset: { state: g.state, action: g.action ?? '' } },
        h('td', {}, h('span', { class: `state state-${g.state}` }, g.state)),
        h('td', {}, g.action ?? '(stem cell)'),
        h('td', {}, g.kind ?? ''),
        h('td', {}, String(g.count)),
        h('td', {}, g.memoryMb ? `${g.memoryMb} MB` : ''))))));
}
