// Prerenders the public pages of a running Yishi into HTML, so that their first paint is their
// content and they read without scripts: the home page, every life event and every matter guide
// of the catalogue the app's backend serves (any backend implementing the contract).
//
//   node scripts/prerender.mjs <app-url> [--dist dist] [--out dist/pre] [--max-matters N]
//
// Each page is drawn by the app itself (the same Leptos components) in headless Chromium with a
// fresh profile, signed out, in the catalogue's default language; what the app drew inside
// <body> replaces index.html's boot placeholder as `<div id="pre">`, and index.html's script
// swaps it for the live app once that shows the same page. Writes `<out>/index.html` for `/`,
// `<out>/events/<id>.html`, `<out>/events/<id>@view=plan.html` (the whole checklist),
// `<out>/matters/<id>.html`, brotli and gzip copies of each, and
// `<out>/catalogue-version` (the catalogue's ETag): the reference server sends a page only
// while it serves that catalogue; a static host rewrites `/events/<id>` to
// `/pre/events/<id>.html` (docs/deploy.md). Rerun whenever the catalogue or the app changes.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [base, ...rest] = process.argv.slice(2);
if (!base) {
  console.error('usage: node scripts/prerender.mjs <app-url> [--dist dist] [--out dist/pre] [--max-matters N]');
  process.exit(2);
}
const option = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : fallback;
};
const dist = option('--dist', 'dist');
const out = option('--out', join(dist, 'pre'));
const maxMatters = Number(option('--max-matters', '2000'));

// Ids become file names: only plain ones (the reference server refuses any other path too).
const plain = (id) => /^[A-Za-z0-9_-]+$/.test(id);

const config = await (await fetch(new URL('/config.json', base))).json();
const api = new URL(config.api_base ?? '/api/v1', base).href.replace(/\/$/, '');
const catalogueResponse = await fetch(`${api}/catalogue`);
if (!catalogueResponse.ok) throw new Error(`GET ${api}/catalogue: ${catalogueResponse.status}`);
const version = (catalogueResponse.headers.get('etag') ?? '').replace(/^W\//, '').replace(/"/g, '');
const catalogue = await catalogueResponse.json();
if (!version) throw new Error('the catalogue has no ETag: pages could not be matched to it');

const paths = [
  '/',
  // A life event as it opens (its first question), and its whole checklist (`?view=plan`,
  // every material that may apply), which a reader without scripts cannot reach by answering.
  ...catalogue.events.map((e) => e.id).filter(plain).flatMap((id) => [`/events/${id}`, `/events/${id}?view=plan`]),
  ...catalogue.matters.map((m) => m.id).filter(plain).slice(0, maxMatters).map((id) => `/matters/${id}`),
];

const template = readFileSync(join(dist, 'index.html'), 'utf8');
const boot = /<div id="boot"[\s\S]*?<\/main>\s*<\/div>\n/;
if (!boot.test(template)) throw new Error(`${dist}/index.html has no boot placeholder`);
// The app's preloads (xtask/src/dist.rs, `loader`): a prerendered page's loader adds them after
// its first paint, so its HTML leaves them out.
const preloads = /<!-- preloads -->[\s\S]*?(?=<\/head>)/;
if (!preloads.test(template)) throw new Error(`${dist}/index.html has no preloads mark`);

// What the page's loader fetches after the first paint, beside the main module (xtask/src/dist.rs,
// `loader`): the chunks and the public reads the app needed to draw this page, so they no longer
// wait for the main module to start and ask. Addresses as the app asks for them (`api_base` as
// config.json gives it). Not the catalogue, which the loader fetches only when the device has
// no copy (the app revalidates a copy with its ETag), nor the words files, which the device keeps.
const apiBase = (config.api_base ?? '/api/v1').replace(/\/$/, '');
const catalogueUrl = `${apiBase}/catalogue`;
const origin = new URL(base).origin;
function preloadsFor(fetched) {
  const ahead = [];
  for (const name of fetched) {
    const url = new URL(name);
    let href = null;
    if (name.startsWith(`${api}/`)) {
      href = apiBase + name.slice(api.length);
      if (href === catalogueUrl) href = null;
    } else if (url.origin === origin && /\.(wasm|js)$/.test(url.pathname)) {
      href = url.pathname;
    }
    if (href && !/[\s"<>&]/.test(href) && !template.includes(`"${href}"`) && !ahead.includes(href)) ahead.push(href);
  }
  return ahead;
}

rmSync(out, { recursive: true, force: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({
  serviceWorkers: 'block',
  viewport: { width: 412, height: 915 },
  locale: 'zh-CN',
});
const page = await context.newPage();
let written = 0;
const started = Date.now();
try {
  for (const path of paths) {
    await page.goto(new URL(path, base).href);
    // Drawn: the page's main region has content and nothing is still loading (the rule
    // index.html's script swaps by). A page that shows an error is not written.
    await page.waitForFunction(() => {
      const main = document.querySelector('#main');
      return !!main && !!main.firstElementChild && !main.querySelector('.ys-loading');
    }, null, { timeout: 30_000 });
    const drawn = await page.evaluate(() => {
      if (document.querySelector('#main .ys-error')) return null;
      const parts = [...document.body.children].filter((el) => !['SCRIPT', 'NOSCRIPT'].includes(el.tagName));
      // Focus and hover state are not content; the crash screen never is.
      return {
        html: parts.filter((el) => !el.classList.contains('ys-crash')).map((el) => el.outerHTML).join('\n'),
        title: document.title,
        lang: document.documentElement.lang,
        // Every file the app fetched to draw the page (cached or not).
        fetched: performance.getEntriesByType('resource').map((r) => r.name),
      };
    });
    if (!drawn) {
      console.error(`${path}: the page showed an error; not prerendered`);
      continue;
    }
    const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    // `<!---->` are the live app's place markers: nothing in a static page.
    const ahead = preloadsFor(drawn.fetched);
    const attributes = ahead.length ? ` data-preload="${ahead.join(' ')}"` : '';
    const html = template
      .replace(preloads, '')
      .replace(boot, () => `<div id="pre"${attributes} data-catalogue="${catalogueUrl}">\n${drawn.html.replace(/<!---->/g, '')}\n</div>\n`)
      // Content, not a notice that scripts are needed.
      .replace(/\s*<noscript>[\s\S]*?<\/noscript>/, '')
      .replace(/<title>[\s\S]*?<\/title>/, () => `<title>${escape(drawn.title)}</title>`)
      .replace(/<html lang="[^"]*">/, () => `<html lang="${drawn.lang}">`);
    // `?name=value` becomes `@name=value` in the file name (the reference server's rule).
    const name = path === '/' ? 'index' : path.slice(1).replace('?', '@');
    const file = join(out, `${name}.html`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
    writeFileSync(`${file}.br`, brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(html, { level: 9 }));
    written += 1;
  }
} finally {
  await browser.close();
}
writeFileSync(join(out, 'catalogue-version'), `${version}\n`);
console.log(`prerendered ${written} of ${paths.length} pages into ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s (catalogue ${version})`);
if (written === 0) process.exit(1);
