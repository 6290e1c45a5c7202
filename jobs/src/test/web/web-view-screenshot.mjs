// Takes the README's screenshot of the live web view (docs/web-view.png) during a demo:
// waits until the confusion matrix holds at least MIN_PAIRS pairs, the accuracy chart MIN_POINTS windows and the
// saliency gallery MIN_MAPS maps, then saves the 1280x1000 viewport.
// usage: node web-view-screenshot.mjs URL SCREENSHOT.png [minPairs=300] [minPoints=4] [minMaps=12] [timeoutSeconds=300]
import { withHeadlessPage } from './headless-page.mjs';

const [url, screenshot, minPairs = '300', minPoints = '4', minMaps = '12', timeoutArg = '300'] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node web-view-screenshot.mjs URL SCREENSHOT.png [minPairs] [minPoints] [minMaps] [timeoutSeconds]');
  process.exit(2);
}
const timeout = 1000 * Number(timeoutArg);
await withHeadlessPage(url, timeout, async page => {
  await page.waitForFunction(n => Number(document.getElementById('heatmap').dataset.total) >= n, Number(minPairs), { timeout });
  await page.waitForFunction(n => Number(document.getElementById('accuracy').dataset.points) >= n, Number(minPoints), { timeout });
  await page.waitForFunction(n => document.querySelectorAll('#gallery figure canvas').length >= n, Number(minMaps), { timeout });
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshot });
  return {
    pairs: await page.evaluate(() => Number(document.getElementById('heatmap').dataset.total)),
    points: await page.evaluate(() => Number(document.getElementById('accuracy').dataset.points)),
    maps: await page.evaluate(() => document.querySelectorAll('#gallery figure canvas').length) };
});
