import { defineConfig, devices } from '@playwright/test';

// Debian's chromium (no browser downloads here). On Chromium an "iPhone" is a viewport, a user
// agent and touch only: WebKit cannot be installed on these machines.
const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Two workers on two cores: each has its own server and database (fixtures.ts).
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    // Service workers answer requests Playwright's route() cannot see: they are blocked here
    // and tested in their own project ('offline'), where the backend is really stopped.
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [
    { name: 'android', testIgnore: ['offline.spec.ts', 'worker.spec.ts', 'embedded.spec.ts'], use: { ...devices['Pixel 7'], ...chromium } },
    // A WeChat-style mini-program web-view: its user agent, and a fake host bridge installed by
    // the test (tests/embedded.spec.ts).
    {
      name: 'miniprogram',
      testMatch: ['embedded.spec.ts', 'a11y.spec.ts'],
      use: {
        ...devices['Pixel 7'],
        ...chromium,
        userAgent: devices['Pixel 7'].userAgent + ' MicroMessenger/8.0.50 miniProgram/wx1234567890abcdef',
      },
    },
    {
      name: 'offline',
      testMatch: ['offline.spec.ts', 'worker.spec.ts'],
      use: { ...devices['Pixel 7'], ...chromium, serviceWorkers: 'allow' },
    },
    // Journeys run on one phone; the iPhone viewport runs the foundation journey and every route.
    // Not the accessibility matrix: the Android project already reflows every route at 320 px and
    // at 200 % text, which a 390 px screen cannot break where those pass.
    {
      name: 'iphone',
      testMatch: ['journey.spec.ts', 'routes.spec.ts'],
      use: { ...devices['iPhone 13'], ...chromium, defaultBrowserType: 'chromium' },
    },
  ],
});
