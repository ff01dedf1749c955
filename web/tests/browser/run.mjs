// Browser tests: Debian's Chromium (headless, through playwright-core) against a real
// `kieumau serve` on a fresh temporary database, started here and stopped at the end.
//   node tests/browser/run.mjs
// Environment: KIEUMAU_BIN (default ../build/kieumau), CHROMIUM (default /usr/bin/chromium),
// KIEUMAU_ADMIN_PASSWORD (the demo administrator's; a random one when unset), SCREENSHOTS (default
// ../build/screenshots). Serves ./dist, so run `npm run build` first. Ends with the line
// "browser: N passed, M failed, K skipped"; exits 77 (skipped) when Chromium or the server is
// missing, 1 when a test failed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const web = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = resolve(process.env.KIEUMAU_BIN ?? resolve(web, '../build/kieumau'));
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const screenshots = process.env.SCREENSHOTS ?? resolve(web, '../build/screenshots');
const password = process.env.KIEUMAU_ADMIN_PASSWORD || `demo-${randomBytes(9).toString('base64url')}`;
const SIZES = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };

for (const [what, path] of [['Chromium', browserPath], ['kieumau', binary], ['web/dist', join(web, 'dist/index.html')]]) {
  if (!existsSync(path)) {
    console.log(`${what} không có ở ${path} (missing): bỏ qua (skipped)`);
    console.log('browser: 0 passed, 0 failed, 1 skipped');
    process.exit(77);
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'kieumau-browser-'));
  const port = await freePort();
  const child = spawn(
    binary,
    ['serve', '--db', `sqlite:${join(dir, 'kieumau.db')}`, '--host', '127.0.0.1', '--port', String(port), '--static', join(web, 'dist'), '--threads', '2'],
    { cwd: resolve(web, '..'), env: { ...process.env, KIEUMAU_ADMIN_PASSWORD: password }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kieumau serve exited ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A session of the API itself, for setting up accounts.
async function apiSignIn(base, username, pass) {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: pass }),
  });
  if (!response.ok) throw new Error(`sign-in ${username}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie').split(';')[0];
  const { csrf } = await response.json();
  return async (method, path, body) => {
    const answer = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
    return JSON.parse(text);
  };
}

const results = [];
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

function expectEqual(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
}

const server = await startServer();
const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
mkdirSync(screenshots, { recursive: true });
const consoleErrors = [];

async function newPage(size = SIZES.desktop) {
  const context = await browser.newContext({ viewport: size, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    // A refused request is logged by the browser itself; the pages handle those answers.
    if (message.type() === 'error' && !/status of (401|403|429)/.test(message.text())) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { context, page };
}

async function signInAs(page, username, pass) {
  await page.goto(`${server.base}/sign-in`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(pass);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

// axe-core's check of the page as it is: no serious or critical violation (WCAG 2 A and AA rules).
async function checkAccessibility(page, what) {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  if (violations.length) throw new Error(`accessibility, ${what}:\n${violations.join('\n')}`);
}

const FAILED = 'Tên đăng nhập hoặc mật khẩu không đúng.';

try {
  await test('the sign-in page is in Vietnamese, at both sizes, and accessible', async () => {
    for (const [name, size] of Object.entries(SIZES)) {
      const { context, page } = await newPage(size);
      await page.goto(`${server.base}/`);
      await page.waitForURL(/\/sign-in$/);
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      expectEqual(await page.evaluate(() => document.documentElement.lang), 'vi', 'lang');
      await page.screenshot({ path: join(screenshots, `sign-in-${size.width}x${size.height}.png`), fullPage: true });
      await checkAccessibility(page, `sign-in ${name}`);
      await context.close();
    }
  });

  await test('a wrong password and an unknown user get the same one message', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'demo', 'not-the-password');
    expectEqual(await page.getByTestId('sign-in-error').textContent(), FAILED, 'wrong password');
    await signInAs(page, 'khong.co.ai', 'whatever-password');
    expectEqual(await page.getByTestId('sign-in-error').textContent(), FAILED, 'unknown user');
    await context.close();
  });

  await test('the demo administrator signs in and sees name, role and scope, at both sizes', async () => {
    for (const size of Object.values(SIZES)) {
      const { context, page } = await newPage(size);
      await signInAs(page, 'demo', password);
      await page.getByRole('heading', { name: /Xin chào, Quản trị viên \(demo\)/ }).waitFor();
      expectEqual(await page.getByTestId('user-name').textContent(), 'Quản trị viên (demo)', 'name');
      expectEqual((await page.getByTestId('user-roles').textContent()).trim(), 'Quản trị toàn quốc · Cả nước', 'roles');
      const note = await page.getByTestId('demo-note').textContent();
      if (!note.startsWith('Dữ liệu mẫu: ')) throw new Error(`demo note: ${note}`);
      await page.screenshot({ path: join(screenshots, `home-${size.width}x${size.height}.png`), fullPage: true });
      await checkAccessibility(page, `home ${size.width}`);
      if (size === SIZES.phone) {
        await page.getByRole('button', { name: 'Danh mục' }).click();
        await page.getByRole('navigation').getByRole('link', { name: 'Đổi mật khẩu' }).waitFor();
        await page.screenshot({ path: join(screenshots, `home-menu-${size.width}x${size.height}.png`) });
        await checkAccessibility(page, 'home with the menu open');
      }
      await context.close();
    }
  });

  await test('the keyboard alone signs in, with focus visible', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.base}/sign-in`);
    await page.waitForFunction(() => document.activeElement?.id === 'username'); // focused on arrival
    await page.keyboard.type('demo');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expectEqual(outline, 'solid', 'focus ring on the focused field');
    await page.keyboard.press('Enter');
    await page.getByTestId('user-name').waitFor();
    await context.close();
  });

  await test('switching to English changes the labels, and is remembered', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'demo', password);
    await page.getByTestId('user-name').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { name: 'Roles and scope' }).waitFor();
    expectEqual((await page.getByTestId('user-roles').textContent()).trim(), 'National administrator · Whole country', 'roles');
    expectEqual(await page.evaluate(() => document.documentElement.lang), 'en', 'lang');
    await page.screenshot({ path: join(screenshots, 'home-en-1366x768.png'), fullPage: true });
    await checkAccessibility(page, 'home in English');
    await page.reload();
    await page.getByRole('link', { name: 'Change password' }).first().waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await context.close();
  });

  await test('signing out returns to the sign-in page, and the session is gone', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'demo', password);
    await page.getByTestId('user-name').waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/sign-in$/);
    expectEqual(await page.getByTestId('sign-in-notice').textContent(), 'Bạn đã đăng xuất.', 'notice');
    const status = await page.evaluate(async () => (await fetch('/api/session')).status);
    expectEqual(status, 401, 'GET /api/session after signing out');
    await page.goto(`${server.base}/account/password`);
    await page.waitForURL(/\/sign-in\?next=/);
    await context.close();
  });

  await test('a session that ended says so at the next request', async () => {
    const { context, page } = await newPage();
    await signInAs(page, 'demo', password);
    await page.getByTestId('user-name').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
    await context.clearCookies(); // as when the session expires
    await page.getByRole('navigation').getByRole('link', { name: 'Trang chủ' }).click();
    await page.waitForURL(/\/sign-in/);
    expectEqual(await page.getByTestId('sign-in-notice').textContent(), 'Phiên làm việc đã hết hạn. Hãy đăng nhập lại.', 'notice');
    // And when the page is opened again after the session ended.
    await signInAs(page, 'demo', password);
    await page.getByTestId('user-name').waitFor();
    await context.clearCookies();
    await page.reload();
    await page.waitForURL(/\/sign-in/);
    expectEqual(await page.getByTestId('sign-in-notice').textContent(), 'Phiên làm việc đã hết hạn. Hãy đăng nhập lại.', 'notice on reload');
    await context.close();
  });

  const admin = await apiSignIn(server.base, 'demo', password);
  await test('a password reset by an administrator must be changed before anything else', async () => {
    await admin('POST', '/api/users', {
      username: 'can.bo.kinh.bac',
      name: 'Nguyễn Văn An',
      password: 'mat-khau-tam-thoi-2026',
      grants: [{ role: 'officer', unit: '09187' }],
    });
    const { context, page } = await newPage();
    await signInAs(page, 'can.bo.kinh.bac', 'mat-khau-tam-thoi-2026');
    await page.waitForURL(/\/account\/password$/);
    await page.getByTestId('password-forced').waitFor();
    expectEqual(await page.getByRole('navigation').count(), 0, 'no menu before the change');
    const roles = (await page.getByTestId('user-roles').textContent()).trim();
    if (!roles.startsWith('Cán bộ Công an xã, phường · ')) throw new Error(`roles: ${roles}`);
    await page.screenshot({ path: join(screenshots, 'password-forced-1366x768.png') });
    await checkAccessibility(page, 'password page');
    await page.goto(`${server.base}/`);
    await page.waitForURL(/\/account\/password$/);
    await page.getByLabel('Mật khẩu hiện tại').fill('mat-khau-tam-thoi-2026');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-cua-an-2026');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-cua-an-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.getByRole('heading', { name: 'Xin chào, Nguyễn Văn An' }).waitFor();
    await context.close();
  });

  await test('too many failed sign-ins say when to try again', async () => {
    await admin('POST', '/api/users', { username: 'bi.khoa', password: 'mat-khau-bi-khoa-2026', grants: [{ role: 'viewer', unit: '09187' }] });
    const { context, page } = await newPage();
    let text = '';
    for (let attempt = 0; attempt < 8 && !text.startsWith('Đăng nhập sai quá nhiều lần'); attempt++) {
      await signInAs(page, 'bi.khoa', `sai-${attempt}-mat-khau`);
      await page.getByTestId('sign-in-error').waitFor();
      text = await page.getByTestId('sign-in-error').textContent();
    }
    if (!/^Đăng nhập sai quá nhiều lần\. Hãy thử lại sau \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4} \(giờ Việt Nam\)\.$/.test(text))
      throw new Error(`message: ${text}`);
    await page.screenshot({ path: join(screenshots, 'sign-in-locked-1366x768.png') });
    await checkAccessibility(page, 'sign-in with an error');
    await context.close();
  });

  await test('no error in the browser console', async () => {
    if (consoleErrors.length) throw new Error(consoleErrors.join('\n'));
  });
} finally {
  await browser.close();
  await server.stop();
}

const failed = results.filter((result) => !result.ok).length;
if (failed) console.log(`server log:\n${server.log().split('\n').slice(-30).join('\n')}`);
console.log(`screenshots: ${screenshots}`);
console.log(`browser: ${results.length - failed} passed, ${failed} failed, 0 skipped`);
process.exit(failed ? 1 : 0);
