// Small inline-SVG charts for the campaign results (no library, no inline styles: CSP-safe).
const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  children.flat().forEach((c) => c && e.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return e;
}

/**
 * Vertical bar chart. bars: [{label, value, cls}]; the SVG has a title and a description listing every
 * value so screen readers get the numbers.
 */
export function barChart(bars, { title, id, height = 200 } = {}) {
  const width = Math.max(520, bars.length * 56 + 40);
  const top = 24;
  const bottom = 28;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - 20) / bars.length;
  const barW = Math.min(44, slot * 0.7);
  const plotH = height - top - bottom;
  const desc = bars.map((b) => `${b.label}: ${b.value}`).join(', ');
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `${title}. ${desc}`, id },
    el('title', {}, title),
    el('line', { x1: 10, x2: width - 10, y1: top + plotH, y2: top + plotH, class: 'chart-axis' }));
  bars.forEach((b, i) => {
    const h = Math.round((b.value / max) * plotH);
    const x = 10 + i * slot + (slot - barW) / 2;
    const y = top + plotH - h;
    svg.append(
      el('rect', { x, y, width: barW, height: Math.max(h, b.value > 0 ? 2 : 0), rx: 4, class: `chart-bar ${b.cls || ''}` },
        el('title', {}, `${b.label}: ${b.value}`)),
      el('text', { x: x + barW / 2, y: y - 6, class: 'chart-value', 'text-anchor': 'middle' }, b.value),
      el('text', { x: x + barW / 2, y: height - 8, class: 'chart-label', 'text-anchor': 'middle' }, b.label));
  });
  return svg;
}

/** Horizontal stacked bar (e.g. NPS detractors / passives / promoters); parts: [{label, value, cls}]. */
export function stackedBar(parts, { title, id } = {}) {
  const width = 520;
  const height = 64;
  const total = parts.reduce((s, p) => s + p.value, 0);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', id,
    'aria-label': `${title}. ${parts.map((p) => `${p.label}: ${p.value}`).join(', ')}` }, el('title', {}, title));
  if (total === 0) return svg;
  let x = 0;
  parts.forEach((p) => {
    const w = (p.value / total) * width;
    if (w > 0) {
      svg.append(el('rect', { x, y: 8, width: w, height: 28, class: `chart-bar ${p.cls}` }, el('title', {}, `${p.label}: ${p.value}`)));
      if (w > 40) svg.append(el('text', { x: x + w / 2, y: 27, class: 'chart-inbar', 'text-anchor': 'middle' }, `${Math.round((p.value / total) * 100)}%`));
    }
    x += w;
  });
  let lx = 0;
  parts.forEach((p) => {
    svg.append(el('rect', { x: lx, y: 46, width: 10, height: 10, rx: 2, class: `chart-bar ${p.cls}` }),
      el('text', { x: lx + 14, y: 55, class: 'chart-label' }, `${p.label} (${p.value})`));
    lx += 175;
  });
  return svg;
}

/** Line chart of cumulative values over dates; points: [{date, value}]. */
export function lineChart(input, { title, id, height = 240 } = {}) {
  const width = 1000;
  // one day alone: start the line at zero the day before, so the growth reads as a line
  const points = input.length === 1
    ? [{ date: new Date(Date.parse(input[0].date) - 86400000).toISOString().slice(0, 10), value: 0 }, input[0]]
    : input;
  const left = 40;
  const right = 16;
  const top = 16;
  const bottom = 30;
  const max = Math.max(1, ...points.map((p) => p.value));
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const xs = (i) => left + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const ys = (v) => top + plotH - (v / max) * plotH;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', id,
    'aria-label': `${title}. ${points.map((p) => `${p.date}: ${p.value}`).join(', ')}` }, el('title', {}, title));
  [...new Set([0, Math.round(max / 2), max])].forEach((v) => {
    svg.append(el('line', { x1: left, x2: width - right, y1: ys(v), y2: ys(v), class: 'chart-grid' }),
      el('text', { x: left - 6, y: ys(v) + 4, class: 'chart-label', 'text-anchor': 'end' }, v));
  });
  if (points.length > 0) {
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${xs(i).toFixed(1)},${ys(p.value).toFixed(1)}`).join(' ');
    const area = `${d} L${xs(points.length - 1).toFixed(1)},${top + plotH} L${xs(0).toFixed(1)},${top + plotH} Z`;
    svg.append(el('path', { d: area, class: 'chart-area' }), el('path', { d, class: 'chart-line' }));
    points.forEach((p, i) => svg.append(el('circle', { cx: xs(i), cy: ys(p.value), r: 3.5, class: 'chart-dot' }, el('title', {}, `${p.date}: ${p.value}`))));
    const step = Math.max(1, Math.ceil(points.length / 6));
    points.forEach((p, i) => {
      if (i % step === 0 || i === points.length - 1) {
        svg.append(el('text', { x: xs(i), y: height - 8, class: 'chart-label', 'text-anchor': 'middle' }, p.date.slice(5)));
      }
    });
  }
  return svg;
}
