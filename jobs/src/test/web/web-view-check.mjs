// Loads the live web view in headless Chromium and checks that it works as faces stream:
// the SSE connection goes live, the confusion heatmap fills in and then grows, the accuracy chart gets points,
// saliency images appear with a coloured overlay on their faces. Saves a screenshot.
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
    return { id: f.dataset.id, caption: f.querySelector('figcaption').textContent, coloured, grey };
  }));
  if (!gallery.some(g => g.coloured > 20 && g.grey > 20)) throw new Error('no saliency overlay on a face: ' + JSON.stringify(gallery));
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshot, fullPage: true });
  return { firstTotal: first.total, laterTotal: later,
    points: await page.evaluate(() => Number(document.getElementById('accuracy').dataset.points)), gallery };
});
