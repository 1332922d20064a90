// Drives `imprenta watch`'s preview page in headless Chromium for tests/suite/watch.rs.
//
// The Rust test owns the manuscript and the assertions; this script only looks. It opens
// the page, reports what the author would see, and at each step that needs the
// manuscript changed it prints `{"ask":"<step>"}` and waits for a line on stdin (the
// test has made the change). At the end it prints one line, `{"result":{...}}`, or
// `{"error":"..."}` and exits 1. Every wait is bounded, and a timeout says what the page
// showed at that moment, so a failure reads as what went wrong, not as a hang.
//
// Usage: node browser.js <config JSON>, config = {url, chromium, playwright, shots,
// pages: [indexes whose text to read], sentence, line}; `sentence` is what the edit
// adds, `line` the line of book.toml the breaking edit makes bad.
'use strict';

const path = require('path');
const readline = require('readline');

const config = JSON.parse(process.argv[2]);
const { chromium } = require(config.playwright);

// Lines from the test, one per step it finished.
const input = readline.createInterface({ input: process.stdin });
const replies = [];
let waiting = null;
input.on('line', (line) => {
  if (waiting) { const w = waiting; waiting = null; w(line); } else replies.push(line);
});

function say(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

// Asks the test to change the manuscript and waits until it has.
async function ask(step) {
  say({ ask: step });
  const reply = replies.length ? replies.shift() : await new Promise((r) => { waiting = r; });
  if (reply !== 'done') throw new Error(`the test answered «${reply}» to ${step}`);
}

// What the page shows, for a timeout's message.
async function describe(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    return {
      generation: document.body.dataset.generation,
      view: document.body.dataset.view,
      status: q('#status').textContent,
      pages: document.querySelectorAll('#spreads .page:not(.blank-slot)').length,
      drawn: document.querySelectorAll('#spreads .page[data-drawn]').length,
      brokenShown: !q('#broken').hidden,
      problems: [...document.querySelectorAll('#problems li')].map((li) => li.textContent),
      reader: q('#reader').getAttribute('src'),
    };
  }).catch((e) => ({ unavailable: String(e) }));
}

// Waits until `fn(arg)` is truthy in the page, at most `ms`; returns its value and how
// long it took.
async function waitFor(page, what, ms, fn, arg) {
  const started = Date.now();
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout: ms, polling: 25 });
    const value = await handle.jsonValue();
    return { value, ms: Date.now() - started };
  } catch (e) {
    const seen = await describe(page);
    throw new Error(`${what}: not within ${ms} ms (${e.message.split('\n')[0]}); the page showed ${JSON.stringify(seen)}`);
  }
}

// Brings page `index` into the print view and returns its text layer once drawn: the
// `<text>` lines of its SVG, joined by newlines.
async function pageText(page, index) {
  await page.evaluate((i) => {
    document.querySelector(`#spreads .page[data-index="${i}"]`).scrollIntoView({ block: 'center' });
  }, index);
  const { value } = await waitFor(page, `page index ${index} drawn`, 10000, (i) => {
    const el = document.querySelector(`#spreads .page[data-index="${i}"]`);
    if (!el || !el.dataset.fp || el.dataset.drawn !== el.dataset.fp) return null;
    const lines = [...el.querySelectorAll('.holder svg g.text > text')].map((t) => t.textContent);
    return { label: el.dataset.label, text: lines.join('\n') };
  }, index);
  return value;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: config.chromium,
    args: ['--no-sandbox'],
  });
  const result = { shots: {} };
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(config.url);

    // The first build applied: every page laid out, the pages in view drawn, and the
    // e-book's first chapter open.
    await waitFor(page, 'the first build shown', 20000, () => {
      const reader = document.querySelector('#reader');
      const doc = reader.contentDocument;
      const view = document.querySelector('#print').getBoundingClientRect();
      const inView = [...document.querySelectorAll('#spreads .page:not(.blank-slot)')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > view.top && r.top < view.bottom;
      });
      return Number(document.body.dataset.generation) > 0 &&
        inView.length > 0 && inView.every((el) => el.dataset.drawn && el.dataset.drawn === el.dataset.fp) &&
        doc && doc.body && doc.body.textContent.trim().length > 0;
    });
    result.first = await page.evaluate(() => ({
      pages: document.querySelectorAll('#spreads .page:not(.blank-slot)').length,
      slots: document.querySelectorAll('#spreads .page.blank-slot').length,
      labels: [...document.querySelectorAll('#spreads .page:not(.blank-slot)')].map((el) => el.dataset.label),
      title: document.querySelector('#title').textContent,
      reader: new URL(document.querySelector('#reader').contentWindow.location.href).pathname,
    }));

    result.texts = {};
    for (const index of config.pages) result.texts[index] = await pageText(page, index);

    // An edit to a chapter: seen in both views.
    const before = Number(await page.evaluate(() => document.body.dataset.generation));
    await ask('edit-chapter');
    const seen = await waitFor(page, 'the edit in both views', 5000, ([sentence, before]) => {
      // Hyphenated line ends joined again (the sentence has no hyphen of its own), soft
      // hyphens dropped, every run of white space one space.
      const norm = (s) => s.replace(/\u00ad/g, '').replace(/-\n/g, '').replace(/\s+/g, ' ');
      if (Number(document.body.dataset.generation) <= before) return null;
      const drawn = [...document.querySelectorAll('#spreads .page[data-drawn]')].find((el) =>
        el.dataset.drawn === el.dataset.fp &&
        norm([...el.querySelectorAll('.holder svg g.text > text')].map((t) => t.textContent).join('\n')).includes(sentence));
      const doc = document.querySelector('#reader').contentDocument;
      const inEbook = !!(doc && doc.body && norm(doc.body.textContent).includes(sentence));
      if (!drawn || !inEbook) return null;
      const view = document.querySelector('#print').getBoundingClientRect();
      const r = drawn.getBoundingClientRect();
      return {
        page: Number(drawn.dataset.index),
        visible: r.bottom > view.top && r.top < view.bottom,
        reader: new URL(document.querySelector('#reader').contentWindow.location.href).pathname,
        chapter: document.querySelector('#chapter').value,
      };
    }, [config.sentence, before]);
    result.edit = { ...seen.value, ms: seen.ms };
    result.edit.changed = await page.evaluate(async () => {
      const state = await (await fetch('/state.json')).json();
      return { page: state.pages.changed, ebook: state.ebook.changed };
    });

    // A broken book.toml: the error in the panel, the last good pages kept.
    const pagesBefore = result.first.pages;
    await ask('break-book-toml');
    const broken = await waitFor(page, `book.toml:${config.line} in the problems`, 5000, (line) => {
      const places = [...document.querySelectorAll('#problems li .place')].map((p) => p.textContent);
      if (document.querySelector('#broken').hidden || !places.some((p) => p.includes(`book.toml:${line}`))) return null;
      return {
        places,
        messages: [...document.querySelectorAll('#problems li .message')].map((p) => p.textContent),
        severities: [...document.querySelectorAll('#problems li .severity')].map((p) => p.textContent),
        pages: document.querySelectorAll('#spreads .page:not(.blank-slot)').length,
        drawn: [...document.querySelectorAll('#spreads .page[data-drawn]')].filter((el) => el.querySelector('.holder svg')).length,
      };
    }, config.line);
    result.broken = { ...broken.value, ms: broken.ms };

    // Mended: the pages as they were, the problems gone, no restart.
    await ask('restore-book-toml');
    const mended = await waitFor(page, 'the pages back after the fix', 5000, (pages) => {
      if (!document.querySelector('#broken').hidden) return null;
      const count = document.querySelectorAll('#spreads .page:not(.blank-slot)').length;
      if (count !== pages) return null;
      return {
        pages: count,
        problems: [...document.querySelectorAll('#problems li')].map((li) => li.textContent),
        status: document.querySelector('#status').textContent,
      };
    }, pagesBefore);
    result.mended = { ...mended.value, ms: mended.ms };

    // The screenshots: spreads of the body, then the e-book alone.
    await page.click('#views button[data-view="both"]');
    await page.evaluate(() => {
      document.querySelector('#spreads .page[data-index="7"]').scrollIntoView({ block: 'start' });
    });
    await waitFor(page, 'the pages in view drawn', 10000, () => {
      const view = document.querySelector('#print').getBoundingClientRect();
      const inView = [...document.querySelectorAll('#spreads .page:not(.blank-slot)')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > view.top && r.top < view.bottom;
      });
      return inView.length >= 2 && inView.every((el) => el.dataset.drawn === el.dataset.fp);
    });
    // How tall each part of the window is, in each view, for the report.
    const boxes = () => page.evaluate(() => {
      const height = (s) => Math.round(document.querySelector(s).getBoundingClientRect().height);
      return { print: height('#print'), reader: height('#reader'), problems: height('#diagnostics') };
    });
    result.boxes = { both: await boxes() };
    result.shots.spreads = path.join(config.shots, 'spreads.png');
    await page.screenshot({ path: result.shots.spreads });

    await page.click('#views button[data-view="ebook"]');
    const ebookView = await waitFor(page, 'the e-book view', 5000, () => {
      const doc = document.querySelector('#reader').contentDocument;
      const print = getComputedStyle(document.querySelector('#print')).display;
      const pressed = document.querySelector('#views button[data-view="ebook"]').getAttribute('aria-pressed');
      return document.body.dataset.view === 'ebook' && print === 'none' && pressed === 'true' &&
        doc && doc.readyState === 'complete' ? { print, pressed } : null;
    });
    result.ebookView = ebookView.value;
    result.boxes.ebook = await boxes();
    result.shots.ebook = path.join(config.shots, 'ebook.png');
    await page.screenshot({ path: result.shots.ebook });

    result.errors = errors;
  } finally {
    await browser.close();
  }
  return result;
}

main().then(
  (result) => { say({ result }); process.exit(0); },
  (error) => { say({ error: String(error && error.stack || error) }); process.exit(1); },
);
