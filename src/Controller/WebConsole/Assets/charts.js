// Line charts drawn as SVG: time on x, one or more series on y, with gridlines, labels and a legend. The chart is
// an image for screen readers, labelled with the latest value of each series.

const svgNs = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A rounded upper bound for an axis: 1, 2, 5 × a power of ten. */
export function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) return step * power;
  }

  return 10 * power;
}

/**
 * Draws a chart. series: [{name, className, points: [[timeMs, value|null], …]}]; format: value → label text.
 * Returns a <figure> with the SVG, a caption and a legend.
 */
export function lineChart({ title, series, format = (v) => String(v), width = 560, height = 180, spanMs }) {
  const margin = { top: 10, right: 12, bottom: 24, left: 56 };
  const innerWidth = width - margin.left - margin.right;
  const innerHeight = height - margin.top - margin.bottom;
  const times = series.flatMap((s) => s.points.map(([t]) => t));
  const end = times.length ? Math.max(...times) : Date.now();
  const start = spanMs ? end - spanMs : (times.length ? Math.min(...times) : end - 60000);
  const top = niceCeiling(Math.max(0, ...series.flatMap((s) => s.points.map(([, v]) => v ?? 0))));
  const x = (t) => margin.left + ((t - start) / Math.max(1, end - start)) * innerWidth;
  const y = (v) => margin.top + innerHeight - (v / top) * innerHeight;

  const latest = series.map((s) => {
    const last = [...s.points].reverse().find(([, v]) => v !== null && v !== undefined);
    return `${s.name} ${last ? format(last[1]) : 'no data'}`;
  }).join(', ');
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${title}: ${latest}`, class: 'chart' });
  for (let i = 0; i <= 4; i++) {
    const value = (top * i) / 4;
    chart.append(svg('line', { x1: margin.left, x2: width - margin.right, y1: y(value), y2: y(value), class: 'grid' }));
    chart.append(svg('text', { x: margin.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' }, format(value)));
  }

  const minutes = Math.round((end - start) / 60000);
  chart.append(svg('text', { x: margin.left, y: height - 6, class: 'axis' }, minutes > 0 ? `−${minutes} min` : ''));
  chart.append(svg('text', { x: width - margin.right, y: height - 6, 'text-anchor': 'end', class: 'axis' }, 'now'));
  for (const s of series) {
    let path = '';
    let open = false;
    for (const [t, v] of s.points) {
      if (v === null || v === undefined) {
        open = false;
        continue;
      }

      path += `${open ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
      open = true;
    }

    if (path) chart.append(svg('path', { d: path, class: `line ${s.className}` }));
  }

  const figure = document.createElement('figure');
  figure.className = 'chart-figure';
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const legend = document.createElement('ul');
  legend.className = 'legend';
  for (const s of series) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch ${s.className}`;
    item.append(swatch, s.name);
    legend.append(item);
  }

  figure.append(caption, chart, legend);
  return figure;
}
