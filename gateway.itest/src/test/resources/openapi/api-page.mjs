// Opens the gateway's API reference page in headless Chromium (driven by playwright-core) and prints, as
// one JSON object: every request the page made, and the text of every visible control (button, link) on
// the page, in its search dialog and in its "Test Request" client (its text, aria-label and title, each one label);
// what it could not do, if anything, in "error" (what was collected until then is printed all the same).
//   node api-page.mjs <chromium> <page URL>
import { chromium } from 'playwright-core';

const [executablePath, url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run'],
});
const out = { requests: [], controls: {}, title: null, error: null };
try {
  const page = await browser.newPage();
  const pending = new Set();
  page.on('request', r => { out.requests.push(r.url()); pending.add(r); });
  page.on('requestfinished', r => pending.delete(r));
  page.on('requestfailed', r => pending.delete(r));
  const controls = async () => [...new Set(await page.$$eval('button, a, [role=button], [role=link]', els => els
      .filter(e => e.getClientRects().length > 0)
      .flatMap(e => [e.innerText, e.getAttribute('aria-label'), e.getAttribute('title')])
      .filter(Boolean).map(label => label.replace(/\s+/g, ' ').trim())))];

  await page.goto(url, { waitUntil: 'networkidle' });
  // Rendered: the operations of the live document are listed.
  await page.getByText('Readiness check', { exact: true }).first().waitFor({ timeout: 30000 });
  out.title = await page.locator('h1').first().innerText();
  out.controls.page = await controls();

  await page.getByRole('button', { name: /Open Search/ }).click();
  const query = page.getByRole('combobox', { name: 'Enter search query' });
  await query.waitFor({ timeout: 10000 });
  await query.fill('ping');
  await page.getByRole('option').first().waitFor({ timeout: 10000 });
  out.controls.search = await controls();
  await page.keyboard.press('Escape');
  await query.waitFor({ state: 'hidden', timeout: 10000 });

  // the reference renders operations as they scroll into view: the first /ping operation rendered (HEAD or GET)
  await page.getByRole('button', { name: /^Test Request \((get|head) \/ping\)$/ }).first().click();
  await page.getByRole('button', { name: 'Close Client' }).waitFor({ timeout: 10000 });
  out.controls.client = await controls();
  // Requests the client might start on its own have a moment to show: it must be quiet (nothing pending, nothing
  // new) over half a second, within 5 s; a page that never goes quiet is reported with what is pending.
  let seen = out.requests.length, quiet = false;
  for (const end = Date.now() + 5000; !quiet && Date.now() < end; ) {
    await page.waitForTimeout(500);
    quiet = pending.size === 0 && out.requests.length === seen;
    seen = out.requests.length;
  }
  if (!quiet) out.error = 'the page did not go quiet; pending: ' + [...pending].map(r => r.method() + ' ' + r.url()).join(', ');
} catch (e) {
  out.error = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
