// ferstream live view: draws what /events pushes (server-sent events). No build step, no libraries.
'use strict';
const labels = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'];
const num = v => (typeof v === 'string' ? Number(v) : v); // Jackson writes NaN as "NaN"
const pct = v => (Number.isFinite(num(v)) ? (100 * num(v)).toFixed(1) + '%' : '–');
const gallery = new Map(); // id -> item, newest last
const colours = ['#4fa3ff', '#ffb347', '#5fd38d', '#c792ea', '#ff6b6b', '#f7dc6f', '#76d7c4', '#aab7b8'];
const esc = s => String(s).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`); // versions come from Kafka

function heat(t) { // 0..1 -> dark blue .. yellow .. red
  const stops = [[24, 40, 80], [60, 130, 200], [250, 220, 80], [230, 60, 40]];
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(x)), f = x - i;
  return stops[i].map((c, k) => Math.round(c + f * (stops[i + 1][k] - c)));
}

function drawHeatmap(w) {
  const table = document.getElementById('heatmap');
  let html = '<tr><th></th>' + labels.map(l => `<th>${l}</th>`).join('') + '</tr>';
  for (let a = 0; a < 7; a++) {
    const row = w.counts.slice(a * 7, a * 7 + 7).map(num), sum = row.reduce((s, v) => s + v, 0);
    html += `<tr><th class="row">${labels[a]}</th>` + row.map((v, p) => {
      const [r, g, b] = heat(sum ? v / sum : 0);
      return `<td data-actual="${labels[a]}" data-predicted="${labels[p]}" style="background:rgb(${r},${g},${b});color:${sum && v / sum > 0.3 ? '#111' : '#eee'}">${v}</td>`;
    }).join('') + '</tr>';
  }
  table.innerHTML = html;
  table.dataset.total = w.total;
  document.getElementById('window-range').textContent =
    `${w.modelVersion}: ${new Date(w.windowStart).toLocaleTimeString()} – ${new Date(w.windowEnd).toLocaleTimeString()}, ${w.total} pairs, accuracy ${pct(w.accuracy)}`;
}

// one line per model version (series in the order versions were first seen, so each keeps its colour)
function drawAccuracy(series) {
  const svg = document.getElementById('accuracy'), W = 520, H = 240, L = 34, B = 20;
  const lines = series.map((s, i) => ({ version: s.version, colour: colours[i % colours.length],
    pts: s.points.filter(p => Number.isFinite(num(p.accuracy))) })).filter(s => s.pts.length);
  const ends = lines.flatMap(s => s.pts.map(p => p.windowEnd));
  let out = '';
  for (let y = 0; y <= 1.0001; y += 0.25) {
    const py = (H - B) - y * (H - B - 10);
    out += `<line class="grid" x1="${L}" x2="${W}" y1="${py}" y2="${py}"/><text x="2" y="${py + 4}">${Math.round(y * 100)}%</text>`;
  }
  if (ends.length) {
    const t0 = Math.min(...ends), t1 = Math.max(Math.max(...ends), t0 + 1);
    for (const s of lines) {
      const xy = s.pts.map(p => `${L + (p.windowEnd - t0) / (t1 - t0) * (W - L - 6)},${(H - B) - num(p.accuracy) * (H - B - 10)}`);
      out += `<polyline data-version="${esc(s.version)}" style="stroke:${s.colour}" points="${xy.join(' ')}"/>`;
    }
    out += `<text x="${L}" y="${H - 4}">${new Date(t0).toLocaleTimeString()}</text><text x="${W - 70}" y="${H - 4}">${new Date(t1).toLocaleTimeString()}</text>`;
  }
  svg.innerHTML = out;
  svg.dataset.points = ends.length;
  svg.dataset.series = lines.length;
  document.getElementById('accuracy-legend').innerHTML = lines.map(s =>
    `<span data-version="${esc(s.version)}"><i style="background:${s.colour}"></i>${esc(s.version)} ${pct(s.pts[s.pts.length - 1].accuracy)}</span>`).join('');
}

// per version: predictions on the predictions topic (champion) or the shadow topic (challenger), agreement
function drawModels(models) {
  const table = document.getElementById('models');
  table.innerHTML = models.length === 0 ? '' : '<tr><th>version</th><th>role</th><th>predictions</th><th>shadow</th><th>agrees with champion</th></tr>' +
    models.map(m => `<tr data-version="${esc(m.version)}" data-role="${m.role}"><td>${esc(m.version)}</td><td>${m.role}</td>` +
      `<td class="n">${m.predictions}</td><td class="n">${m.shadowPredictions}</td>` +
      `<td class="n agreement">${m.compared ? pct(m.agreement) + ' of ' + m.compared : '–'}</td></tr>`).join('');
  table.dataset.rows = models.length;
}

function bytes(b64) { const s = atob(b64), a = new Uint8Array(s.length); for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i); return a; }

function drawItem(item) {
  const fig = document.createElement('figure');
  fig.dataset.id = item.id;
  const canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext('2d'), img = ctx.createImageData(48, 48);
  const face = item.face ? bytes(item.face) : null, map = bytes(item.map);
  for (let i = 0; i < 2304; i++) {
    // weak saliency stays transparent so the face remains readable; the strongest pixels are ~80% opaque
    const g = face ? face[i] : 128, s = map[i] / 255, [r, gg, b] = heat(s), a = s < 0.25 ? 0 : Math.min(0.8, (s - 0.25) * 1.6);
    img.data[4 * i] = Math.round(g * (1 - a) + r * a);
    img.data[4 * i + 1] = Math.round(g * (1 - a) + gg * a);
    img.data[4 * i + 2] = Math.round(g * (1 - a) + b * a);
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  const cls = item.actual < 0 ? 'pending' : item.actual === item.predicted ? 'ok' : 'wrong';
  const caption = document.createElement('figcaption');
  caption.innerHTML = `<span class="${cls}">pred ${labels[item.predicted]} ${pct(item.probability)}</span><br>` +
    `true ${item.actual < 0 ? '…' : labels[item.actual]}` + (item.reason === 'LOW_CONFIDENCE' ? ' · low conf.' : '') +
    `<br><span class="version">${esc(item.modelVersion)}</span>`;
  fig.append(canvas, caption);
  return fig;
}

function drawGallery() {
  const div = document.getElementById('gallery');
  div.replaceChildren(...[...gallery.values()].reverse().map(drawItem));
  div.dataset.items = gallery.size;
}

function addItem(item) {
  gallery.delete(item.id);
  gallery.set(item.id, item);
  while (gallery.size > 12) gallery.delete(gallery.keys().next().value);
  drawGallery();
}

function counters(c) {
  document.getElementById('counters').textContent =
    `${c.faces} faces, ${c.truths} labels, ${c.predictions} predictions, ${c.shadowPredictions} shadow predictions, ` +
    `${c.windows} windows, ${c.saliencyMaps} saliency maps seen`;
}

const events = new EventSource('events');
events.onopen = () => { const s = document.getElementById('status'); s.textContent = 'live'; s.className = 'status live'; };
events.onerror = () => { const s = document.getElementById('status'); s.textContent = 'reconnecting…'; s.className = 'status'; };
events.addEventListener('snapshot', e => {
  const s = JSON.parse(e.data);
  if (s.window) drawHeatmap(s.window);
  drawAccuracy(s.accuracy);
  drawModels(s.models);
  gallery.clear();
  s.gallery.forEach(i => gallery.set(i.id, i));
  drawGallery();
  counters({faces: s.faces, truths: s.truths, predictions: s.predictions, shadowPredictions: s.shadowPredictions,
    windows: s.windows, saliencyMaps: s.saliencyMaps});
});
events.addEventListener('window', e => {
  const d = JSON.parse(e.data);
  drawHeatmap(d.window);
  drawAccuracy(d.accuracy);
  drawModels(d.models);
  counters(d.counters);
});
events.addEventListener('models', e => {
  const d = JSON.parse(e.data);
  drawModels(d.models);
  counters(d.counters);
});
events.addEventListener('saliency', e => addItem(JSON.parse(e.data)));
