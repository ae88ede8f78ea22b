// A real browser (Chromium driven by playwright-core) against `next start` of the
// Turbopack build: log in through the Server Action form, reload, still logged in
// (the protected page too), log out, reload, logged out. The browser is Debian's
// /usr/bin/chromium when installed, else the npm one (helpers/chromium.mjs).
import { chromium } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { COOKIE_NAME, ensureBuild, nextStart } from "./helpers/app.mjs";
import { CHROMIUM_ARGS, findChromium } from "./helpers/chromium.mjs";

let server;
let browser;

beforeAll(async () => {
  const { description, executablePath, env } = await findChromium();
  console.log(`[browser] ${description}`);
  const build = ensureBuild("turbopack");
  server = await nextStart(build.dir);
  browser = await chromium.launch({ executablePath, env, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("chromium: log in with the form, reload, still logged in; log out, reload, logged out", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await page.goto(`${server.url}/`);
  await expect.poll(() => page.textContent("#status")).toBe("Logged out");

  await page.fill("#username-input", "Browser Bea");
  await page.click("#login");
  await page.waitForSelector("#username");
  expect(await page.textContent("#username")).toBe("Browser Bea");

  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === COOKIE_NAME);
  expect(session?.value).toMatch(/^Fe26\.2\*1\*/);
  expect(session?.httpOnly).toBe(true);

  await page.reload();
  expect(await page.textContent("#username")).toBe("Browser Bea");
  await page.goto(`${server.url}/protected`);
  expect(new URL(page.url()).pathname).toBe("/protected");
  expect(await page.textContent("#protected-user")).toBe("Secret page for Browser Bea");

  await page.goto(`${server.url}/`);
  await page.click("#logout");
  await page.waitForSelector("#username-input");
  expect(await page.textContent("#status")).toBe("Logged out");
  expect((await context.cookies()).some((cookie) => cookie.name === COOKIE_NAME)).toBe(false);

  await page.reload();
  expect(await page.textContent("#status")).toBe("Logged out");
  expect(await page.$("#username")).toBeNull();
  await page.goto(`${server.url}/protected`);
  expect(new URL(page.url()).pathname).toBe("/");

  expect(errors).toEqual([]);
  await context.close();
});
