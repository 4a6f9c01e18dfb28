// Inline SVG charts: no script, no external resource. Each returns an <svg> with role="img", a <title> and a
// <desc>; the HTML board puts a data table beside each one.
import { escapeHtml, safeColor } from '../escape.js';

/** A labelled, coloured value. */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
  readonly color: string;
}

function frame(id: string, title: string, width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title" preserveAspectRatio="xMinYMin meet"><title id="${id}-title">${escapeHtml(title)}</title>${body}</svg>`;
}

/** Horizontal bars, one per item, longest = full width. */
export function horizontalBars(id: string, title: string, bars: readonly Bar[]): string {
  const row = 26;
  const labelWidth = 190;
  const width = 720;
  const max = Math.max(1e-12, ...bars.map((b) => b.value));
  const body = bars
    .map((b, i) => {
      const y = i * row + 4;
      const w = Math.max(1, ((width - labelWidth - 110) * b.value) / max);
      return `<g><text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" class="label">${escapeHtml(b.label)}</text><rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${row - 8}" rx="3" fill="${safeColor(b.color)}"/><text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 15}" class="value">${escapeHtml(b.text)}</text></g>`;
    })
    .join('');
  return frame(id, title, width, bars.length * row + 8, body);
}

/** Vertical bars over equal-width bins. */
export function columns(id: string, title: string, bars: readonly Bar[]): string {
  const width = 720;
  const height = 220;
  const bottom = 190;
  const max = Math.max(1e-12, ...bars.map((b) => b.value));
  const slot = (width - 40) / Math.max(1, bars.length);
  const body = bars
    .map((b, i) => {
      const h = ((bottom - 20) * b.value) / max;
      const x = 20 + i * slot;
      return `<g><rect x="${(x + 2).toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${(slot - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${safeColor(b.color)}"/><text x="${(x + slot / 2).toFixed(1)}" y="${(bottom - h - 4).toFixed(1)}" text-anchor="middle" class="value">${escapeHtml(b.text)}</text><text x="${(x + slot / 2).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" class="label">${escapeHtml(b.label)}</text></g>`;
    })
    .join('');
  return frame(
    id,
    title,
    width,
    height + 10,
    `<line x1="20" y1="${bottom}" x2="${width - 20}" y2="${bottom}" class="axis"/>${body}`,
  );
}

/** A grid of cells (rows × columns) with a colour, an intensity 0..1 and a text each. */
export function grid(
  id: string,
  title: string,
  rowLabels: readonly string[],
  columnLabels: readonly string[],
  cell: (row: number, column: number) => { color: string; intensity: number; text: string; hint: string },
  axes: { readonly rows: string; readonly columns: string },
): string {
  const size = Math.min(64, Math.floor(560 / Math.max(1, columnLabels.length)));
  const left = 110;
  const top = 40;
  let body = `<text x="${left + (size * columnLabels.length) / 2}" y="14" text-anchor="middle" class="axis-title">${escapeHtml(axes.columns)}</text>`;
  body += `<text x="12" y="${top + (size * rowLabels.length) / 2}" class="axis-title" transform="rotate(-90 12 ${top + (size * rowLabels.length) / 2})" text-anchor="middle">${escapeHtml(axes.rows)}</text>`;
  columnLabels.forEach((label, c) => {
    body += `<text x="${left + c * size + size / 2}" y="${top - 8}" text-anchor="middle" class="label">${escapeHtml(label)}</text>`;
  });
  rowLabels.forEach((label, r) => {
    body += `<text x="${left - 8}" y="${top + r * size + size / 2 + 4}" text-anchor="end" class="label">${escapeHtml(label)}</text>`;
    columnLabels.forEach((_, c) => {
      const x = cell(r, c);
      const opacity = (0.15 + 0.85 * Math.max(0, Math.min(1, x.intensity))).toFixed(2);
      body += `<g><title>${escapeHtml(x.hint)}</title><rect x="${left + c * size + 1}" y="${top + r * size + 1}" width="${size - 2}" height="${size - 2}" rx="3" fill="${safeColor(x.color)}" fill-opacity="${opacity}"/><text x="${left + c * size + size / 2}" y="${top + r * size + size / 2 + 4}" text-anchor="middle" class="cell">${escapeHtml(x.text)}</text></g>`;
    });
  });
  return frame(id, title, left + size * columnLabels.length + 20, top + size * rowLabels.length + 10, body);
}

/** A line from (0,0) through the points to (1, y), with the diagonal for reference. */
export function curve(
  id: string,
  title: string,
  points: readonly { x: number; y: number }[],
  labels: { readonly line: string; readonly diagonal: string },
): string {
  const width = 420;
  const height = 320;
  const pad = 40;
  const sx = (x: number) => pad + x * (width - 2 * pad);
  const sy = (y: number) => height - pad - y * (height - 2 * pad);
  const path = [{ x: 0, y: 0 }, ...points]
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
    .join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<text x="${sx(t)}" y="${height - pad + 16}" text-anchor="middle" class="label">${t * 100}%</text><text x="${pad - 6}" y="${sy(t) + 4}" text-anchor="end" class="label">${t * 100}%</text>`,
    )
    .join('');
  const body = `<rect x="${pad}" y="${pad}" width="${width - 2 * pad}" height="${height - 2 * pad}" class="plot"/>${ticks}<path d="M${sx(0)},${sy(0)} L${sx(1)},${sy(1)}" class="diagonal"><title>${escapeHtml(labels.diagonal)}</title></path><path d="${path}" class="line"><title>${escapeHtml(labels.line)}</title></path>${points.map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" class="dot"/>`).join('')}`;
  return frame(id, title, width, height, body);
}
