// pa11y with HTML_CodeSniffer (WCAG2AA) on the pages given, in one Debian chromium.
// Usage: node tests/node/pa11y.js BASE_URL PATH... ; prints one JSON object {path: [issues]}.
// Run by tests/test_validators.py; installed by `npm ci` (package.json, PUPPETEER_SKIP_DOWNLOAD=1).
'use strict';
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

async function main() {
  const [base, ...paths] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const out = {};
  try {
    // One tab for every page, loaded here, not by pa11y: pa11y waits for the network to be
    // idle for 0.5 s after each load; a page is ready at its load event, and the search page
    // once it says what it found.
    const page = await browser.newPage();
    for (const path of paths) {
      await page.goto(base + path, {waitUntil: 'load', timeout: 60000});
      if (path.includes('search/')) {
        await page.waitForFunction(() => document.getElementById('cb-search-status').textContent.length > 0);
      }
      const result = await pa11y(base + path, {
        browser, page, ignoreUrl: true, runners: ['htmlcs'], standard: 'WCAG2AA', timeout: 60000,
        includeNotices: false, includeWarnings: false,
      });
      out[path] = result.issues.filter(i => i.type === 'error')
        .map(i => ({code: i.code, message: i.message, selector: i.selector, context: i.context}));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
main().catch(err => { console.error(err); process.exit(1); });
