// Where an activation's time went: waiting for a container, initializing it (a cold start), running the action.

import { annotation, duration, h } from './view.js';

/** The phases of an activation record, in milliseconds: {wait, init, run, total, cold}. */
export function phasesOf(activation) {
  const wait = Number(annotation(activation, 'waitTime') ?? 0);
  const init = Number(annotation(activation, 'initTime') ?? 0);
  const elapsed = activation.duration ?? Math.max(0, (activation.end ?? activation.start) - activation.start);
  const run = Math.max(0, elapsed - init);
  return { wait, init, run, total: wait + init + run, cold: annotation(activation, 'initTime') !== undefined };
}

/** A bar of the three phases, widths in proportion, each labelled, with the numbers written out below it. */
export function timeline(activation) {
  const phases = phasesOf(activation);
  const total = Math.max(1, phases.total);
  const segment = (name, ms) => {
    const part = h('span', { class: `phase phase-${name}`, title: `${name} ${duration(ms)}` });
    part.style.width = `${Math.max(ms > 0 ? 1 : 0, (ms / total) * 100)}%`;
    return part;
  };

  return h('div', { class: 'timeline' },
    h('div', { class: 'timeline-bar', role: 'img', 'aria-label': `wait ${duration(phases.wait)}, init ${duration(phases.init)}, run ${duration(phases.run)}` },
      segment('wait', phases.wait), segment('init', phases.init), segment('run', phases.run)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'wait'), h('dd', {}, duration(phases.wait)),
      h('dt', {}, 'init'), h('dd', {}, phases.cold ? duration(phases.init) : '— (warm)'),
      h('dt', {}, 'run'), h('dd', {}, duration(phases.run)),
      h('dt', {}, 'start'), h('dd', { class: phases.cold ? 'cold' : 'warm' }, phases.cold ? 'cold' : 'warm')));
}
