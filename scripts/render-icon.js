#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128×128, the marketplace icon) with Debian's Chromium
// through playwright-core, the same browser the end-to-end tests drive. Run after editing the SVG:
//   node scripts/render-icon.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..');
const svg = fs.readFileSync(path.join(root, 'media/icon.svg'), 'utf8');

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.SIGMA_E2E_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(root, 'media/icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
  console.log('media/icon.png');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
