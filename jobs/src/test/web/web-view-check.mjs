// Loads the live web view in headless Chromium and checks that it works as faces stream:
// the SSE connection goes live, the confusion heatmap fills in and then grows, the accuracy chart gets points,
// saliency images appear with a coloured overlay on their faces and the model version under each; with a champion
// and a challenger streaming, the chart has a line and a legend entry per version and the model table shows the
// challenger's agreement with the champion. Saves a screenshot.
// usage: node web-view-check.mjs URL SCREENSHOT.png [timeoutSeconds]
// Prints one JSON line with what it saw; exits 1 with the reason when a check fails.
import { withHeadlessPage } from './headless-page.mjs';

const [url, screenshot, timeoutArg] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node web-view-check.mjs URL SCREENSHOT.png [timeoutSeconds]');
  process.exit(2);
}
const timeout = 1000 * Number(timeoutArg || 60);
await withHeadlessPage(url, timeout, async (page, errors) => {
  await page.waitForFunction(() => document.getElementById('status').textContent === 'live', null, { timeout });

  // the heatmap fills in: a window with pairs, whose cells add up to its total ...
  await page.waitForFunction(() => Number(document.getElementById('heatmap').dataset.total) > 0, null, { timeout });
  const first = await page.evaluate(() => {
    const t = document.getElementById('heatmap');
    const cells = [...t.querySelectorAll('td')].map(td => Number(td.textContent));
    return { total: Number(t.dataset.total), cells: cells.length, sum: cells.reduce((s, v) => s + v, 0) };
  });
  if (first.cells !== 49 || first.sum !== first.total) throw new Error('heatmap cells ' + JSON.stringify(first));
  // ... and keeps changing as faces stream (pushed, not reloaded)
  await page.waitForFunction(t => Number(document.getElementById('heatmap').dataset.total) > t, first.total, { timeout });
  const later = await page.evaluate(() => Number(document.getElementById('heatmap').dataset.total));

  await page.waitForFunction(() => Number(document.getElementById('accuracy').dataset.points) >= 2, null, { timeout });
  await page.waitForFunction(() => document.querySelectorAll('#gallery figure canvas').length >= 3, null, { timeout });
  const gallery = await page.evaluate(() => [...document.querySelectorAll('#gallery figure')].map(f => {
    const c = f.querySelector('canvas'), d = c.getContext('2d').getImageData(0, 0, 48, 48).data;
    let coloured = 0, grey = 0;
    for (let i = 0; i < d.length; i += 4) (Math.abs(d[i] - d[i + 1]) > 12 || Math.abs(d[i] - d[i + 2]) > 12) ? coloured++ : grey++;
    return { id: f.dataset.id, caption: f.querySelector('figcaption').textContent, coloured, grey,
      version: (f.querySelector('figcaption .version') || {}).textContent || '' };
  }));
  if (!gallery.some(g => g.coloured > 20 && g.grey > 20)) throw new Error('no saliency overlay on a face: ' + JSON.stringify(gallery));
  if (gallery.some(g => !g.version)) throw new Error('a saliency tile without its model version: ' + JSON.stringify(gallery));

  // champion and challenger: one accuracy line and legend entry per version, the challenger's agreement listed
  await page.waitForFunction(() => Number(document.getElementById('accuracy').dataset.series) >= 2, null, { timeout });
  await page.waitForFunction(() => /%/.test((document.querySelector('#models tr[data-role="challenger"] td.agreement') || {}).textContent),
    null, { timeout });
  const versions = await page.evaluate(() => ({
    lines: [...document.querySelectorAll('#accuracy polyline')].map(l => l.dataset.version),
    legend: [...document.querySelectorAll('#accuracy-legend span')].map(s => s.dataset.version),
    models: [...document.querySelectorAll('#models tr[data-version]')].map(r =>
      ({ version: r.dataset.version, role: r.dataset.role, agreement: r.querySelector('td.agreement').textContent })) }));
  if (versions.lines.join() !== versions.legend.join()) throw new Error('legend does not match the lines: ' + JSON.stringify(versions));
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshot, fullPage: true });
  return { firstTotal: first.total, laterTotal: later,
    points: await page.evaluate(() => Number(document.getElementById('accuracy').dataset.points)), gallery, ...versions };
});
