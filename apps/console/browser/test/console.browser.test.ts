import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openPixelUrl, signedClickUrl } from '@publishing/templating';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { apiClient } from './support/api-client';
import { REPOSITORY_ROOT } from './support/services';
import { startStack, type Stack } from './support/stack';
import { stepPrinter } from './support/steps';

/** Where the screenshots go (gitignored; CI keeps them as artefacts). */
const SCREENSHOTS = join(REPOSITORY_ROOT, 'artifacts/console');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const SUBSCRIBERS = 3;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

const step = stepPrinter();

describe('the console in a browser', () => {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  /** What a user would not see: script errors, refused resources (CSP), failed requests. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // This run's screenshots only: a failed run's last-state-*.png must not outlive a later pass.
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startStack(step);
    step(`launch ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} (headless, --no-sandbox)`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
  }, 90_000);

  /** Set by the flow's last line: anything short of it failed. */
  let finished = false;

  afterEach(async () => {
    // A failed step leaves what each open page showed.
    if (finished) return;
    for (const [index, context] of contexts.entries())
      for (const page of context.pages())
        await page
          .screenshot({ path: join(SCREENSHOTS, `last-state-${index + 1}.png`), fullPage: true })
          .catch(() => undefined);
  });

  afterAll(async () => {
    step('clean up: browser, worker, API, sink, database');
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  }, 60_000);

  async function openPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser!.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A failed request is reported below, with its URL.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageErrors.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      // The browser asks for /favicon.ico on its own; the console names no icon.
      if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico')
        pageErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    return page;
  }

  /** On a phone only tables scroll sideways (inside their region): the page itself never does. */
  async function expectNoSidewaysScroll(page: Page, name: string): Promise<void> {
    // A string: this package's TypeScript has no DOM types.
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect({ page: name, overflow }).toEqual({ page: name, overflow: 0 });
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    step(`screenshot artifacts/console/${name}.png`);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${stack!.baseUrl}/console/`);
    await page.getByLabel('API key', { exact: true }).fill(stack!.apiKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('heading', { level: 1, name: 'Publications' }).waitFor();
  }

  /** Fills and submits the new-publication form; answers the id the console reports. */
  async function createPublication(
    page: Page,
    channelName: string,
    scheduledTime: string,
    name: string,
  ): Promise<string> {
    await page.getByRole('button', { name: 'New publication' }).click();
    await page.getByLabel('Type', { exact: true }).selectOption('newsletter');
    await page
      .getByRole('group', { name: 'Channels' })
      .getByRole('checkbox', { name: channelName })
      .check();
    await page.getByLabel('Content ids', { exact: true }).fill(randomUUID());
    await page.getByLabel('Scheduled time', { exact: true }).fill(scheduledTime);
    await screenshot(page, name);
    await page.getByRole('button', { name: 'Create publication' }).click();
    const created = page.getByRole('status').filter({ hasText: /Publication .* created/ });
    await created.waitFor();
    const id = UUID.exec((await created.textContent()) ?? '')?.[0];
    expect(id).toBeDefined();
    return id!;
  }

  /** A datetime-local value (the browser's local time) a day from now. */
  async function tomorrowInBrowser(page: Page): Promise<string> {
    return page.evaluate(() => {
      const date = new Date(Date.now() + 24 * 3600_000);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    });
  }

  it('pastes a key, publishes to a sink and watches it reach 100 %, charts it, cancels another', async () => {
    const { baseUrl, apiKey, sink, signingSecret } = stack!;
    const api = apiClient(baseUrl, apiKey);

    step(`create a webhook channel and ${SUBSCRIBERS} subscribers through the API`);
    const channelName = 'Browser test sink';
    const channel = await api<{ id: string }>('POST', '/api/v1/channels', {
      name: channelName,
      channel_type: 'webhook',
      configuration: { url: sink.url('/hook') },
    });
    const subscribers: { id: string }[] = [];
    for (let index = 0; index < SUBSCRIBERS; index += 1) {
      subscribers.push(
        await api('POST', '/api/v1/subscribers', {
          email: `browser-${randomUUID()}@example.com`,
          preferred_channels: [channel.id],
        }),
      );
    }

    const page = await openPage(LAPTOP);
    step('open /console/: the key prompt');
    await page.goto(`${baseUrl}/console/`);
    await page.getByLabel('API key', { exact: true }).waitFor();
    await screenshot(page, '01-key-prompt');

    step('paste the key, "Use this key"');
    await page.getByLabel('API key', { exact: true }).fill(apiKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByRole('heading', { level: 1, name: 'Publications' }).waitFor();
    expect(page.url()).not.toContain(apiKey);

    step('"New publication": newsletter to the sink channel, scheduled now');
    const delivered = await createPublication(page, channelName, '', '02-new-publication');

    step(`watch "${channelName} delivery progress" reach 100 %`);
    const progress = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: delivered }) })
      .getByRole('progressbar', { name: `${channelName} delivery progress` });
    await progress.waitFor();
    // The page refreshes itself (no reload): the bar moves until every delivery is sent.
    await page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: delivered }) })
      .locator(
        `[role="progressbar"][aria-label="${channelName} delivery progress"][aria-valuenow="100"]`,
      )
      .waitFor({ timeout: 60_000 });
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(sink.received.filter((request) => request.path === '/hook')).toHaveLength(SUBSCRIBERS);
    await screenshot(page, '03-publications-delivered');

    step('record opens and a click through the tracking endpoints');
    const links = { apiBaseUrl: baseUrl, signingSecret };
    for (const subscriber of subscribers.slice(0, 2)) {
      const open = openPixelUrl(links, {
        publicationId: delivered,
        channelId: channel.id,
        subscriberId: subscriber.id,
      });
      expect((await fetch(open)).status).toBe(200);
    }
    const click = signedClickUrl(links, {
      publicationId: delivered,
      channelId: channel.id,
      subscriberId: subscribers[0]!.id,
      url: 'https://example.com/article',
    });
    expect((await fetch(click, { redirect: 'manual' })).status).toBe(302);

    step('open the publication: its detail page and the engagement chart');
    await page.getByRole('link', { name: delivered }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: delivered }).waitFor();
    const chart = page.getByRole('img', { name: 'Engagement over time' });
    await chart.waitFor();
    await chart.locator('canvas').first().waitFor();
    await screenshot(page, '04-publication-detail');

    step('back to Publications; "New publication" scheduled tomorrow');
    await page.getByRole('navigation').getByRole('link', { name: 'Publications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Publications' }).waitFor();
    const scheduled = await createPublication(
      page,
      channelName,
      await tomorrowInBrowser(page),
      '05-new-scheduled-publication',
    );

    step('"Cancel" it, "Confirm" in the dialog, see it cancelled');
    const card = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: scheduled }) });
    await card.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await card.getByText('cancelled', { exact: true }).waitFor();
    expect(await api<{ status: string }>('GET', `/api/v1/publications/${scheduled}`)).toMatchObject(
      { status: 'cancelled' },
    );
    await screenshot(page, '06-publication-cancelled');

    for (const [index, name] of ['Channels', 'Subscribers', 'Schema'].entries()) {
      step(`visit ${name}`);
      await page.getByRole('navigation').getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      if (name === 'Channels') await page.getByText(channelName).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `${String(index + 7).padStart(2, '0')}-${name.toLowerCase()}`);
    }

    step('on a phone (375×812): every page, the detail page and the create form');
    const phone = await openPage(PHONE);
    await signIn(phone);
    await screenshot(phone, '10-phone-publications');
    await expectNoSidewaysScroll(phone, 'publications');
    await phone.getByRole('link', { name: delivered }).click();
    await phone.getByRole('img', { name: 'Engagement over time' }).waitFor();
    await screenshot(phone, '11-phone-publication-detail');
    await expectNoSidewaysScroll(phone, 'publication detail');
    for (const [index, name] of ['Channels', 'Subscribers', 'Schema'].entries()) {
      await phone.getByRole('navigation').getByRole('link', { name }).click();
      await phone.getByRole('heading', { level: 1, name }).waitFor();
      await phone.waitForLoadState('networkidle');
      await screenshot(phone, `${index + 12}-phone-${name.toLowerCase()}`);
      await expectNoSidewaysScroll(phone, name);
    }
    await phone.getByRole('navigation').getByRole('link', { name: 'Publications' }).click();
    await phone.getByRole('button', { name: 'New publication' }).click();
    await phone.getByRole('group', { name: 'Channels' }).getByRole('checkbox').first().waitFor();
    await screenshot(phone, '15-phone-new-publication');
    await expectNoSidewaysScroll(phone, 'new publication');

    expect(pageErrors).toEqual([]);
    finished = true;
    step('done');
  });
});
