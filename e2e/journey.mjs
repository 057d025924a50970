// The iFreelance journey in a real headless Chromium, against a real `openlance serve`
// on a free port: a seller lists a service, a buyer gets it, the seller confirms, the
// buyer pays the deposit at the test-mode checkout, the seller delivers, the buyer
// confirms completion and pays the balance, both review (the seller replies; the rating
// shows on the service page and the seller's profile), the seller's header shows unread
// notifications, the seller sees the earnings. Also: a form
// POST without its CSRF token is refused, a logged-out visitor is sent to log in, and
// axe-core finds no serious or critical violation on the pages visited.
// Screenshots go to target/screenshots/. Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
const bin = process.env.OPENLANCE_BIN || join(target, 'debug', 'openlance');
const shots = join(target, 'screenshots');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
mkdirSync(shots, { recursive: true });

function fail(message) { throw new Error(message); }
function check(cond, message) { if (!cond) fail(message); }

// The server under test gets its own data folder and the default SQLite database.
function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('OPENLANCE_')) delete env[k];
  return env;
}

async function startServer() {
  const data = mkdtempSync(join(tmpdir(), 'openlance-e2e-'));
  const child = spawn(bin, ['serve', '--bind', '127.0.0.1:0'], {
    env: { ...cleanEnv(), OPENLANCE_DATA_DIR: data, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no banner from ${bin}: ${out}`)), 60000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/running at (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`openlance exited with ${code}: ${out}`)));
  });
  return { child, base, data };
}

const violations = [];
async function axe(page, name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') violations.push(`${name}: ${v.id} (${v.impact}) ${v.help}`);
  }
}

async function shot(page, name) {
  await axe(page, name);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function signUp(page, base, name, email, role) {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByLabel(role).check();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByText(`Welcome to Openlance, ${name}!`).waitFor();
}

async function status(page) { return (await page.locator('#order-status').textContent()).trim(); }

async function main() {
  const { child, base, data } = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const phone = { viewport: { width: 375, height: 812 } };
    const seller = await (await browser.newContext()).newPage();
    const buyer = await (await browser.newContext(phone)).newPage();
    for (const p of [seller, buyer]) p.setDefaultTimeout(15000);

    await seller.goto(base);
    check((await seller.title()).includes('Openlance'), 'the home page is a page');
    await shot(seller, '01-home');

    // A logged-out visitor is sent to log in, and comes back after.
    await seller.goto(`${base}/orders`);
    check(seller.url().startsWith(`${base}/login?next=`), `logged out: sent to log in, got ${seller.url()}`);
    await seller.getByText('Please log in first.').waitFor();

    await signUp(seller, base, 'Sam Seller', 'sam@example.com', 'sell services and work (freelancer)');
    await seller.getByRole('link', { name: 'Sell a service' }).click();
    await seller.getByLabel('Title').fill('Dog walking in the park');
    await seller.getByLabel('Description').fill('An hour-long walk for your dog, twice a day.');
    await seller.getByLabel('Category').selectOption('HOME_AND_PETS');
    await seller.getByLabel('Price').fill('40.00');
    await seller.getByLabel('Delivered within (days)').fill('3');
    await shot(seller, '02-sell-form');
    await seller.getByRole('button', { name: 'List the service' }).click();
    await seller.getByText('Your service is listed.').waitFor();
    await shot(seller, '03-service-listed');

    await signUp(buyer, base, 'Bea Buyer', 'bea@example.com', 'hire and buy services (client)');
    await buyer.getByLabel('Search services').first().fill('dog');
    await buyer.getByRole('button', { name: 'Search' }).first().click();
    await shot(buyer, '04-search');
    await buyer.getByRole('link', { name: 'Dog walking in the park' }).click();
    await buyer.getByLabel('What does the seller need to know?').fill('Rex, a friendly labrador, 12 Elm St.');
    await shot(buyer, '05-service-page');
    await buyer.getByRole('button', { name: 'Get now' }).click();
    await buyer.getByText('Your request is sent.').waitFor();
    check(await status(buyer) === 'Requested', 'the order is requested');
    const orderUrl = buyer.url();

    await seller.getByRole('link', { name: 'Orders' }).click();
    await shot(seller, '06-seller-orders');
    await seller.getByRole('link', { name: 'Dog walking in the park' }).click();
    await seller.getByRole('button', { name: 'Confirm request' }).click();
    await seller.getByText('Request confirmed.').waitFor();

    await buyer.goto(orderUrl);
    await buyer.getByRole('link', { name: 'Make payment' }).click();
    await buyer.getByText('Test mode.').waitFor();
    await shot(buyer, '07-checkout');
    await buyer.getByRole('button', { name: /^Pay / }).click();
    await buyer.getByText('Payment received.').waitFor();
    check(await status(buyer) === 'Deposit paid', 'the deposit is paid');

    await seller.reload();
    await seller.getByRole('button', { name: 'Mark delivered' }).click();
    await seller.getByText('Marked delivered.').waitFor();

    await buyer.reload();
    await buyer.getByRole('link', { name: 'Confirm completion' }).click();
    await buyer.getByRole('button', { name: /^Pay / }).click();
    await buyer.getByText('The order is complete').waitFor();
    check(await status(buyer) === 'Completed', 'the order is completed');
    await shot(buyer, '08-completed');

    // Both review, double-blind: the buyer's review shows to the seller once both wrote.
    const review = async (page, stars, text) => {
      await page.goto(orderUrl);
      await page.getByLabel('Your rating').selectOption(String(stars));
      await page.getByLabel('Your review').fill(text);
      await page.getByRole('button', { name: 'Send review' }).click();
      await page.getByText('Thank you for your review.').waitFor();
    };
    await review(buyer, 5, 'Rex came back happy and tired.');
    await review(seller, 5, 'Clear instructions, paid at once.');
    await seller.getByText('Rex came back happy and tired.').waitFor();
    await shot(seller, '08b-reviews');
    await seller.getByLabel('Your reply (once)').fill('Thank you, Rex is a delight.');
    await seller.getByRole('button', { name: 'Reply' }).click();
    await seller.getByText('Your reply is published.').waitFor();
    await buyer.goto(`${base}/services`);
    await buyer.getByRole('link', { name: 'Dog walking in the park' }).click();
    await buyer.getByText('Rated 5.0 out of 5').waitFor();
    await buyer.getByRole('link', { name: 'Sam Seller' }).click();
    await buyer.getByText('Thank you, Rex is a delight.').waitFor();
    await shot(buyer, '08c-profile');

    // The seller's header shows how many notifications are unread (the bus delivers them
    // a moment after each move).
    let unread = '';
    for (let i = 0; i < 30 && !unread; i++) {
      await seller.waitForTimeout(i ? 500 : 0);
      await seller.goto(`${base}/`);
      const badge = seller.locator('#unread-badge');
      if (await badge.count()) unread = (await badge.textContent()).trim();
    }
    check(/^[1-9][0-9]* unread$/.test(unread), `the seller's header shows an unread count, got '${unread}'`);
    await seller.locator('#notifications-link').click();
    await shot(seller, '08d-notifications');
    await seller.getByRole('button', { name: 'Mark all read' }).click();
    await seller.getByText('marked read.').waitFor();
    // The other new pages pass axe-core too.
    await seller.goto(`${base}/notifications/preferences`);
    await shot(seller, '08e-email-settings');
    await seller.goto(`${base}/account`);
    await seller.getByLabel('Headline').fill('Dog walker in the old town');
    await seller.getByRole('button', { name: 'Save' }).click();
    await seller.getByText('Your profile is saved.').waitFor();
    await shot(seller, '08f-account');
    const guest = await (await browser.newContext()).newPage();
    await guest.goto(`${base}/login`);
    await guest.getByRole('link', { name: 'Forgot your password?' }).click();
    await shot(guest, '08g-forgot-password');
    await guest.goto(`${base}/reset-password?token=not-a-real-one`);
    await shot(guest, '08h-reset-password');
    await guest.close();

    await seller.getByRole('link', { name: 'Wallet' }).click();
    const balance = await seller.locator('#balance tbody').textContent();
    check(/USD/.test(balance) && !/\b0\.00 USD/.test(balance.split('USD')[1] || ''), `the seller sees the earnings: ${balance}`);
    await shot(seller, '09-seller-wallet');

    // WorkUp's start: the buyer posts a job, the seller (a freelancer) proposes, the
    // buyer accepts and the contract opens.
    await buyer.goto(`${base}/jobs/new`);
    await buyer.getByLabel('Title').fill('Walk my dog every day in August');
    await buyer.getByLabel('What needs doing').fill('Daily walks while I am away, about an hour each.');
    await buyer.getByLabel('Budget (optional)').fill('600');
    await buyer.getByRole('button', { name: 'Post the job' }).click();
    await buyer.getByText('Your job is posted.').waitFor();
    const jobUrl = buyer.url();
    await seller.goto(`${base}/jobs`);
    await seller.getByRole('link', { name: 'Walk my dog every day in August' }).click();
    await seller.getByLabel('Cover letter').fill('I walk dogs in this neighbourhood every day.');
    await seller.getByLabel('What you deliver').fill('Walks, first two weeks');
    await seller.getByLabel(/^Amount/).fill('300');
    const due = new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10);
    await seller.getByLabel('Due on').fill(due);
    await shot(seller, '10-proposal-form');
    await seller.getByRole('button', { name: 'Send the proposal' }).click();
    await seller.getByText('Your proposal is sent.').waitFor();
    await buyer.goto(jobUrl);
    await buyer.getByRole('button', { name: "Accept Sam Seller's proposal" }).click();
    await buyer.getByText('Proposal accepted: the contract is open.').waitFor();
    await shot(buyer, '11-contract');
    const contractUrl = buyer.url();
    const milestone = (page) => page.locator('#milestone-1-status');
    const move = async (page, button, said) => {
      await page.goto(contractUrl);
      await page.getByRole('button', { name: button }).click();
      await page.getByText(said).waitFor();
    };
    await move(buyer, 'Fund milestone', 'Milestone funded');
    await move(seller, 'Start work', 'Work started.');
    await move(seller, 'Submit for review', 'Submitted for review.');
    await buyer.goto(contractUrl);
    await buyer.getByLabel('What should change?').fill('Please send a photo after each walk.');
    await buyer.getByRole('button', { name: 'Request changes' }).click();
    await buyer.getByText('Changes requested').waitFor();
    await move(seller, 'Submit for review', 'Submitted for review.');
    await move(buyer, 'Accept the work', 'Work accepted.');
    await move(buyer, 'Pay the freelancer', 'Paid.');
    // The contract hears of the payment through the event bus: a moment later.
    let paid = '';
    for (let i = 0; i < 30 && paid !== 'PAID'; i++) {
      await buyer.waitForTimeout(i ? 500 : 0);
      await buyer.goto(contractUrl);
      paid = (await milestone(buyer).textContent()).trim();
    }
    check(paid === 'PAID', `the milestone is paid, got ${paid}`);
    await shot(buyer, '12-milestone-paid');
    await seller.goto(`${base}/wallet`);
    await seller.getByLabel('Amount').nth(1).fill('100');
    await seller.getByRole('button', { name: 'Withdraw' }).click();
    await seller.getByText('Withdrawal of 100.00 USD is on its way.').waitFor();
    await shot(seller, '13-withdrawn');

    // A form POST without its CSRF token is refused (same origin, so only the token is missing).
    const refused = await buyer.evaluate(async () => {
      const r = await fetch('/wallet/withdraw', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'amount=1&currency=USD&op=aaaaaaaaaaaaaaaaaaaa' });
      return r.status;
    });
    check(refused === 403, `a form without its CSRF token is refused, got ${refused}`);

    check(violations.length === 0, `accessibility violations:\n${violations.join('\n')}`);
    console.log(`browser journey passed; screenshots in ${shots}`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
