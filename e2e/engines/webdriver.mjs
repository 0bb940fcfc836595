// The engines Playwright cannot drive here (WebKitGTK, the engine of iPhones and of WeChat on
// iOS; Firefox ESR), driven over W3C WebDriver with selenium-webdriver. This file starts the
// reference server and a browser, and gives the journeys a few Playwright-like helpers.
// See ../../docs/engines.md for how it is run and what it found.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder } from 'selenium-webdriver';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'e2e/test-results/engines');
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** How each engine's driver is started and which capabilities open its browser. */
export const ENGINES = {
  webkit: {
    driver: (port) => ['/usr/bin/WebKitWebDriver', [`--port=${port}`]],
    capabilities: () => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: MINIBROWSER,
        // --automation: a session the driver controls, with an ephemeral profile (a fresh device).
        args: ['--automation', '--time-zone=Asia/Shanghai'],
      },
    }),
    // The version of WebKitGTK (the browser answers the same in its capabilities).
    version: () => `${execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'])}; WebKitWebDriver ${execFileSync('dpkg-query', ['-W', '-f=${Version}', 'webkit2gtk-driver'])}`,
    label: 'WebKitGTK MiniBrowser',
    // The driver does not pass the page's console on (no log endpoint, no BiDi in 2.50).
    pageErrors: () => [],
  },
  firefox: {
    driver: (port) => [process.env.GECKODRIVER_PATH ?? 'geckodriver', ['--port', String(port), '--log', 'warn']],
    capabilities: () => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: FIREFOX,
        args: ['-headless'],
        prefs: {
          // A closed network: no update, telemetry or safe-browsing traffic.
          'app.update.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false,
          'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false,
          'network.captive-portal-service.enabled': false,
          'network.connectivity-service.enabled': false,
          // The page's console and uncaught errors on the browser's stdout (the driver's log).
          'devtools.console.stdout.content': true,
        },
      },
    }),
    version: () => {
      const pkg = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'firefox-esr']).toString();
      const driver = execFileSync(process.env.GECKODRIVER_PATH ?? 'geckodriver', ['--version']).toString().split('\n')[0];
      return `${pkg}; ${driver}`;
    },
    label: 'Firefox ESR',
    // With devtools.console.stdout.content, Firefox reports the page's uncaught errors and
    // console from the first byte on (before the in-page collector is installed).
    pageErrors: (log, origin) => log.split('\n').filter((line) =>
      line.startsWith(`JavaScript error: ${origin}/`) || /^console\.error: .*panicked at/.test(line)),
  },
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Every process started here, ended if the run is cut short (a timeout's SIGTERM, Ctrl-C), so
// no server, driver or browser outlives it. Ending a driver ends the browser it started.
const children = new Set();
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
process.once('exit', () => { for (const child of children) child.kill('SIGTERM'); });
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => process.exit(128 + (signal === 'SIGTERM' ? 15 : 2)));

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The reference server in test mode on loopback, with its own SQLite file. `stop()` ends the
 * process and keeps the file; `start()` again serves the same file on the same port (the
 * backend "coming back"); `dispose()` removes the file.
 */
export class TestServer {
  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'yishi-engines-'));
    this.port = 0;
    this.child = null;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }

  async start() {
    const binary = process.env.YISHI_SERVER_BIN ?? path.join(ROOT, 'target/debug/yishi-server');
    const child = track(spawn(binary, ['serve', '--host', '127.0.0.1', '--port', String(this.port),
      '--db', path.join(this.dir, 'yishi.db'), '--dist', path.join(ROOT, 'dist'), '--dev', '--test-mode'],
    { stdio: ['ignore', 'pipe', 'pipe'] }));
    const log = [];
    this.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${log.join('')}`)), 60_000);
      child.stdout.on('data', (chunk) => {
        log.push(chunk.toString());
        const match = /YISHI_LISTENING port=(\d+)/.exec(log.join(''));
        if (match) { clearTimeout(timer); resolve(Number(match[1])); }
      });
      child.stderr.on('data', (chunk) => log.push(chunk.toString()));
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${log.join('')}`)); });
    });
    this.child = child;
  }

  /** Ends the server process (the backend becomes unreachable) and waits until it is gone. */
  async stop() {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The one-time code the server issued for `phone` (test mode only). */
  async otp(phone) {
    const res = await fetch(`${this.url}/_test/otp?phone=${encodeURIComponent(phone)}`);
    if (!res.ok) throw new Error(`no code for ${phone}: ${res.status}`);
    return (await res.json()).code;
  }

  /** Signs `phone` in through the API, as a mini-program host does before it opens the web-view
   *  with the token in the fragment; returns the token. */
  async signIn(phone) {
    const post = (apiPath, body) => fetch(`${this.url}/api/v1${apiPath}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const sent = await post('/session/code', { phone });
    if (!sent.ok) throw new Error(`no code sent to ${phone}: ${sent.status}`);
    const session = await post('/session', { phone, code: await this.otp(phone) });
    if (!session.ok) throw new Error(`no session for ${phone}: ${session.status}`);
    return (await session.json()).token;
  }

  /** GET an API path with a citizen's token. */
  async api(apiPath, token) {
    const res = await fetch(`${this.url}/api/v1${apiPath}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${apiPath}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}

/** A driver process on a free loopback port; `stop()` ends it. */
async function startDriver(engine) {
  const port = await freePort();
  const [binary, args] = ENGINES[engine].driver(port);
  const child = track(spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const log = [];
  child.stdout.on('data', (c) => log.push(c.toString()));
  child.stderr.on('data', (c) => log.push(c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${binary} exited (${child.exitCode}):\n${log.join('')}`);
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill(); throw new Error(`${binary} did not start:\n${log.join('')}`); }
    await sleep(100);
  }
  return {
    url,
    log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

// Installed in the page after every full load: records uncaught errors, rejected promises,
// panics reported by console_error_panic_hook and CSP violations. WebKitGTK's driver offers no
// console log and no preload script, so what happens before this runs is caught by the
// checks that the app started (`wasmBindings`, `#boot` or a prerendered `#pre` gone) and that public/crash.js did not
// draw its error screen (it listens from before the WASM starts).
const COLLECTOR = `
  if (!window.__ysEngineErrors) {
    const errors = window.__ysEngineErrors = [];
    window.addEventListener('error', (e) => errors.push('uncaught: ' + e.message + (e.error && e.error.stack ? ' at ' + e.error.stack : '')));
    window.addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + (e.reason && e.reason.stack || e.reason)));
    document.addEventListener('securitypolicyviolation', (e) => errors.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));
    const original = console.error;
    console.error = function (...args) {
      if (/panicked at/.test(String(args[0]))) errors.push('panic: ' + args[0]);
      return original.apply(console, args);
    };
  }`;

/** One browser session on one engine, with the helpers the journeys use. */
export class Browser {
  /** Starts `engine`'s driver and browser; `userAgent` replaces the browser's own (WebKitGTK
   *  only: MiniBrowser's `--user-agent`). */
  static async launch(engine, { userAgent } = {}) {
    if (!ENGINES[engine]) throw new Error(`unknown engine ${engine}: one of ${Object.keys(ENGINES).join(', ')}`);
    const capabilities = ENGINES[engine].capabilities();
    if (userAgent) {
      if (engine !== 'webkit') throw new Error(`a user agent is set for WebKitGTK only, not ${engine}`);
      capabilities['webkitgtk:browserOptions'].args.push(`--user-agent=${userAgent}`);
    }
    const driverProcess = await startDriver(engine);
    let driver;
    try {
      driver = await new Builder().usingServer(driverProcess.url).withCapabilities(capabilities).build();
    } catch (e) {
      await driverProcess.stop();
      throw new Error(`${engine}: no session: ${e.message}\n${driverProcess.log.join('')}`);
    }
    const browser = new Browser(engine, driver, driverProcess);
    // A phone-sized window (MiniBrowser's toolbar keeps it at least ~447 px wide).
    await driver.manage().window().setRect({ width: 390, height: 844 }).catch(() => {});
    return browser;
  }

  constructor(engine, driver, driverProcess) {
    this.engine = engine;
    this.driver = driver;
    this.driverProcess = driverProcess;
    this.baseUrl = '';
    this.errors = [];
    this.logSeen = 0;
  }

  /** What ran: engine, browser version as the session reports it, package version, viewport. */
  async describe() {
    const caps = await this.driver.getCapabilities();
    const viewport = await this.driver.executeScript('return innerWidth + "x" + innerHeight').catch(() => '?');
    return {
      engine: this.engine,
      browser: `${caps.get('browserName')} ${caps.get('browserVersion')}`,
      package: ENGINES[this.engine].version(),
      viewport,
      userAgent: await this.driver.executeScript('return navigator.userAgent').catch(() => '?'),
    };
  }

  async quit() {
    try { await this.driver.quit(); } catch { /* already gone */ }
    await this.driverProcess.stop();
  }

  /** Reads and clears what the collector saw on the current page, and whether crash.js fired. */
  async drainErrors() {
    const log = this.driverProcess.log.join('');
    if (this.baseUrl) this.errors.push(...ENGINES[this.engine].pageErrors(log.slice(this.logSeen), this.baseUrl));
    this.logSeen = log.length;
    const found = await this.driver.executeScript(`
      const errors = (window.__ysEngineErrors || []).splice(0);
      const crash = document.querySelector('.ys-crash:not([data-engine-seen])');
      if (crash) { crash.dataset.engineSeen = '1'; errors.push('crash screen shown (a panic or WASM trap)'); }
      return errors;`).catch(() => []);
    this.errors.push(...found);
  }

  /** Fails with everything recorded since the last call. */
  async assertNoErrors() {
    await this.drainErrors();
    const errors = this.errors.splice(0);
    if (errors.length) throw new Error(`${this.engine}: errors in the page:\n  ${errors.join('\n  ')}`);
  }

  /** Waits until the WASM app has started and drawn, then watches the page for errors. */
  async waitForApp() {
    await this.waitFor(() => this.driver.executeScript(
      'return window.wasmBindings !== undefined && document.getElementById("boot") === null'
        + ' && document.getElementById("pre") === null'),
    'the app to start (window.wasmBindings set, #boot and a prerendered #pre gone)', 30_000);
    await this.driver.executeScript(COLLECTOR);
  }

  /** Opens a path of the app (a full page load, as from a shared link). */
  async open(urlPath) {
    await this.drainErrors();
    await this.driver.get(this.baseUrl + urlPath);
    await this.waitForApp();
  }

  async reload() {
    await this.drainErrors();
    await this.driver.navigate().refresh();
    await this.waitForApp();
  }

  async path() {
    return this.driver.executeScript('return location.pathname + location.search');
  }

  async eval(script, ...args) {
    return this.driver.executeScript(script, ...args);
  }

  /** Polls `fn` until it returns something truthy; fails naming `what` after `timeout` ms. */
  async waitFor(fn, what, timeout = 10_000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        const value = await fn();
        if (value) return value;
        last = value;
      } catch (e) {
        last = e.message;
      }
      if (Date.now() > deadline) throw new Error(`${this.engine}: timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
      await sleep(100);
    }
  }

  /**
   * The first visible element matching `css` whose text (or aria-label) contains `text`
   * (a string, or a RegExp given as {re: 'source'}); waits for it.
   */
  async find(css, text, what, timeout) {
    const matcher = text instanceof RegExp ? { re: text.source } : text ?? null;
    return this.waitFor(() => this.driver.executeScript(`
      const [css, m] = arguments;
      const test = (s) => m === null || (typeof m === 'string' ? s.includes(m) : new RegExp(m.re).test(s));
      const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
      return [...document.querySelectorAll(css)].find((e) => visible(e) &&
        (test(e.textContent.replace(/\\s+/g, ' ').trim()) || test(e.getAttribute('aria-label') || ''))) || null;`,
    css, matcher), what ?? `${css} with ${text ?? 'any text'}`, timeout);
  }

  /** Whether a visible element matching `css` (and `text`) is there now, without waiting. */
  async has(css, text) {
    try {
      await this.find(css, text, undefined, 1);
      return true;
    } catch {
      return false;
    }
  }

  /** The form control labelled `label` (by its <label> or aria-label), exact text by default. */
  async control(label, { exact = true } = {}) {
    return this.waitFor(() => this.driver.executeScript(`
      const [label, exact] = arguments;
      const norm = (s) => s.replace(/\\s+/g, ' ').trim();
      const ok = (s) => exact ? norm(s) === label : norm(s).includes(label);
      for (const l of document.querySelectorAll('label')) {
        if (l.control && ok(l.textContent)) return l.control;
      }
      return [...document.querySelectorAll('input, select, textarea, [role=combobox]')]
        .find((e) => ok(e.getAttribute('aria-label') || '')) || null;`, label, exact),
    `the control labelled ${label}`);
  }

  async click(css, text) {
    const element = await this.find(css, text);
    await this.scrollIntoView(element);
    await element.click();
  }

  async scrollIntoView(element) {
    await this.driver.executeScript('arguments[0].scrollIntoView({block: "center"})', element);
  }

  /** Types into the control labelled `label` after clearing it, as a person would. */
  async fill(label, value) {
    const input = await this.control(label);
    await this.scrollIntoView(input);
    await input.clear();
    await input.sendKeys(value);
    return input;
  }

  /** Ticks a radio button or checkbox by clicking it, or its label when the box is styled away. */
  async check(label, options) {
    const input = await this.control(label, options);
    await this.scrollIntoView(input);
    if (await input.isDisplayed()) {
      await input.click();
    } else {
      await this.driver.executeScript('arguments[0].labels[0].click()', input);
    }
    await this.waitFor(() => input.isSelected(), `${label} to be checked`);
  }

  /** The trimmed texts of every element matching `css`. */
  async texts(css) {
    return this.driver.executeScript(
      'return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.replace(/\\s+/g, " ").trim())', css);
  }

  /** Saves a screenshot under e2e/test-results/engines/ and returns its path. */
  async screenshot(name) {
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${this.engine}-${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    writeFileSync(file, await this.driver.takeScreenshot(), 'base64');
    return file;
  }
}
