// The preview page: draws the state the server publishes, and asks again on every event.
// No framework and no build step: the server embeds this file as it is.
'use strict';

const PX_PER_PT = 96 / 72;
const ui = {
  zoom: 1,
  fit: true,           // the zoom follows the pane's width until the author sets it
  font: 100,
  state: null,
  glyphs: null,        // the glyph definitions in the page (their hash)
  build: null,         // the pages' build shown
  ebookBuild: null,    // the e-book's build shown
  doc: null,           // the e-book document in the reader (path in the archive)
  check: null,         // the check whose problems are listed
};
const pageEls = [];
let observer = null;
const $ = (id) => document.getElementById(id);

function init() {
  const saved = localStorage.getItem('imprenta.view');
  setView(saved || 'both');
  for (const b of document.querySelectorAll('#views button')) {
    b.addEventListener('click', () => setView(b.dataset.view));
  }
  $('zoom-in').addEventListener('click', () => { ui.fit = false; setZoom(ui.zoom * 1.25); });
  $('zoom-out').addEventListener('click', () => { ui.fit = false; setZoom(ui.zoom / 1.25); });
  window.addEventListener('resize', () => { if (ui.fit) fitZoom(); });
  $('font-up').addEventListener('click', () => setFont(ui.font + 10));
  $('font-down').addEventListener('click', () => setFont(ui.font - 10));
  $('diagnostics-toggle').addEventListener('click', () => {
    const panel = $('diagnostics');
    panel.hidden = !panel.hidden;
    $('diagnostics-toggle').setAttribute('aria-expanded', String(!panel.hidden));
  });
  $('chapter').addEventListener('change', (e) => openDoc(e.target.value));
  $('reader').addEventListener('load', onReaderLoad);
  // Pages are drawn when they come near the view: a novel has a thousand of them.
  observer = new IntersectionObserver(onNear, { root: $('print'), rootMargin: '600px 0px' });
  const events = new EventSource('/events');
  events.addEventListener('update', refresh);
  events.addEventListener('open', refresh);
  events.addEventListener('error', () => setStatus('disconnected; retrying…', true));
  refresh();
}

function setView(view) {
  document.body.dataset.view = view;
  if (ui.fit) fitZoom();
  localStorage.setItem('imprenta.view', view);
  for (const b of document.querySelectorAll('#views button')) {
    b.setAttribute('aria-pressed', String(b.dataset.view === view));
  }
}

// One refresh at a time; events arriving meanwhile ask for one more.
let refreshing = false;
let again = false;
async function refresh() {
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    do {
      again = false;
      const response = await fetch('/state.json', { cache: 'no-store' });
      await apply(await response.json());
    } while (again);
  } catch (error) {
    setStatus('cannot reach imprenta: ' + error, true);
  } finally {
    refreshing = false;
  }
}

async function apply(state) {
  ui.state = state;
  if (state.pages) await applyPages(state.pages);
  if (state.ebook) applyEbook(state.ebook);
  // Not awaited: thousands of problems must not hold up the next pages.
  applyDiagnostics(state.diagnostics);
  const p = state.pages;
  if (!p) {
    setStatus(state.diagnostics.broken ? 'the manuscript does not build' : 'building…', state.diagnostics.broken);
  } else if (state.diagnostics.broken) {
    setStatus('errors: showing the last good pages', true);
  } else {
    setStatus(`${p.count} pages · ${p.chapters_set} of ${state.ebook ? state.ebook.chapters.length : '?'} chapters set in ${p.took_ms} ms`, false);
  }
  document.body.dataset.generation = String(state.generation);
}

function setStatus(text, bad) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', !!bad);
}

// ---- The printed pages -------------------------------------------------------------

async function applyPages(state) {
  if (state.build === ui.build) return;
  const first = ui.build === null;
  // The list of a long book's pages is large: it is asked for once per build.
  // The list, its glyphs and its changed page come together (a build may land between
  // the state and the list).
  const list = await (await fetch('/pages.json', { cache: 'no-store' })).json();
  const p = { ...state, list: list.list, glyphs: list.glyphs, changed: list.changed };
  ui.build = list.build;
  $('title').textContent = p.title;
  document.title = p.title + ' · imprenta watch';
  if (p.glyphs !== ui.glyphs) {
    const defs = await (await fetch('/glyphs.svg', { cache: 'no-store' })).text();
    $('glyphs').innerHTML = defs;
    ui.glyphs = p.glyphs;
  }
  const sameShape = pageEls.length === p.list.length &&
    p.list.every((page, i) => pageEls[i].dataset.size === sizeKey(page));
  if (!sameShape) layoutSpreads(p);
  p.list.forEach((page, i) => {
    const el = pageEls[i];
    if (el.dataset.label !== page.label) {
      el.dataset.label = page.label;
      el.querySelector('.folio-tag').textContent = page.label;
    }
    if (el.dataset.fp !== page.fp) {
      el.dataset.fp = page.fp;
      if (el.dataset.near === '1') loadPage(el);
      else { el.dataset.loaded = ''; el.querySelector('.holder').textContent = ''; }
    }
  });
  if (!first && p.changed !== null && p.changed !== undefined) bringIntoView(p.changed);
}

// The sheet: the page with its bleed (none at the spine for some printers).
function sizeKey(page) {
  return `${page.sw}x${page.sh}`;
}

// Spreads as a printed book has them: page 1 a recto alone, then verso | recto pairs.
// The scroll position stays on the page that was at the top.
function layoutSpreads(p) {
  const anchor = topAnchor();
  observer.disconnect();
  const holder = $('spreads');
  holder.textContent = '';
  pageEls.length = 0;
  let row = null;
  p.list.forEach((page, i) => {
    if (i === 0 || i % 2 === 1) {
      row = document.createElement('div');
      row.className = 'spread';
      holder.appendChild(row);
      if (i === 0) row.appendChild(slot(page));
    }
    const el = document.createElement('div');
    el.className = 'page';
    el.dataset.index = String(i);
    el.dataset.size = sizeKey(page);
    el.dataset.w = String(page.sw);
    el.dataset.h = String(page.sh);
    el.innerHTML = '<div class="holder"></div><span class="folio-tag"></span>';
    size(el);
    row.appendChild(el);
    pageEls.push(el);
    observer.observe(el);
  });
  restoreAnchor(anchor);
  if (ui.fit) fitZoom();
}

function slot(page) {
  const el = document.createElement('div');
  el.className = 'page blank-slot';
  el.dataset.w = String(page.sw);
  el.dataset.h = String(page.sh);
  size(el);
  return el;
}

function size(el) {
  el.style.width = `${Number(el.dataset.w) * PX_PER_PT * ui.zoom}px`;
  el.style.height = `${Number(el.dataset.h) * PX_PER_PT * ui.zoom}px`;
}

function setZoom(zoom) {
  const anchor = topAnchor();
  ui.zoom = Math.min(4, Math.max(0.25, zoom));
  $('zoom').textContent = `${Math.round(ui.zoom * 100)} %`;
  for (const el of document.querySelectorAll('#spreads .page')) size(el);
  restoreAnchor(anchor);
}

// A spread as wide as the pane, never larger than life.
function fitZoom() {
  const first = pageEls[0];
  const pane = $('print').clientWidth;
  if (!first || !pane) return;
  const spread = 2 * Number(first.dataset.w) * PX_PER_PT + 48;
  setZoom(Math.min(1, pane / spread));
}

function topAnchor() {
  const view = $('print').getBoundingClientRect();
  for (const el of pageEls) {
    const r = el.getBoundingClientRect();
    if (r.bottom > view.top) return { index: Number(el.dataset.index), offset: r.top - view.top };
  }
  return null;
}

function restoreAnchor(anchor) {
  if (!anchor || !pageEls.length) return;
  const el = pageEls[Math.min(anchor.index, pageEls.length - 1)];
  const print = $('print');
  const delta = el.getBoundingClientRect().top - print.getBoundingClientRect().top - anchor.offset;
  print.scrollTop += delta;
}

function onNear(entries) {
  for (const entry of entries) {
    const el = entry.target;
    el.dataset.near = entry.isIntersecting ? '1' : '';
    if (entry.isIntersecting && el.dataset.loaded !== el.dataset.fp) loadPage(el);
  }
}

async function loadPage(el) {
  const fp = el.dataset.fp;
  el.dataset.loaded = fp;
  const response = await fetch(`/page/${el.dataset.index}.svg?fp=${fp}`);
  const svg = await response.text();
  if (el.dataset.fp !== fp) return; // a newer build came meanwhile
  el.querySelector('.holder').innerHTML = svg;
  el.dataset.drawn = fp;
}

function visible(el) {
  const view = $('print').getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.bottom > view.top && r.top < view.bottom;
}

function bringIntoView(index) {
  const el = pageEls[index];
  if (!el) return;
  // The changed page is asked for before the pages around it.
  if (el.dataset.loaded !== el.dataset.fp) loadPage(el);
  if (!visible(el)) el.scrollIntoView({ block: 'center' });
  el.classList.add('flash');
  setTimeout(() => el.classList.remove('flash'), 1500);
}

// ---- The e-book ----------------------------------------------------------------------

function applyEbook(e) {
  if (e.build === ui.ebookBuild) return;
  const first = ui.ebookBuild === null;
  ui.ebookBuild = e.build;
  const select = $('chapter');
  const options = e.chapters.map((c) => `${c.path}\u0000${c.title}`).join('\u0001');
  if (select.dataset.options !== options) {
    select.textContent = '';
    for (const c of e.chapters) {
      const o = document.createElement('option');
      o.value = c.path;
      o.textContent = c.title;
      select.appendChild(o);
    }
    select.dataset.options = options;
  }
  if (first || !ui.doc) {
    openDoc(e.chapters.length ? e.chapters[0].path : null);
  } else if (e.changed && e.changed !== ui.doc) {
    openDoc(e.changed);
  } else {
    reloadDoc();
  }
}

// `target` is a path in the archive, with a fragment or without.
function openDoc(target) {
  if (!target) return;
  const [path] = target.split('#');
  ui.doc = path;
  ui.keepScroll = null;
  $('chapter').value = path;
  $('reader').src = '/epub/' + target;
}

function reloadDoc() {
  const frame = $('reader');
  try {
    ui.keepScroll = frame.contentWindow.scrollY;
    frame.contentWindow.location.reload();
  } catch (_) {
    frame.src = '/epub/' + ui.doc;
  }
}

function onReaderLoad() {
  applyFont();
  const win = $('reader').contentWindow;
  if (ui.keepScroll !== null && ui.keepScroll !== undefined) {
    win.scrollTo(0, ui.keepScroll);
    ui.keepScroll = null;
  }
}

function setFont(percent) {
  ui.font = Math.min(200, Math.max(60, percent));
  $('font').textContent = `${ui.font} %`;
  applyFont();
}

// The reader's text size, as a reading app's setting does: the root size, which the
// stylesheet's em sizes follow.
function applyFont() {
  const doc = $('reader').contentDocument;
  if (!doc || !doc.documentElement) return;
  let style = doc.getElementById('imprenta-text-size');
  if (!style) {
    style = doc.createElementNS('http://www.w3.org/1999/xhtml', 'style');
    style.id = 'imprenta-text-size';
    (doc.head || doc.documentElement).appendChild(style);
  }
  style.textContent = `html { font-size: ${ui.font}% !important; } body { margin: 1em 1.2em; }`;
}

// ---- Problems ------------------------------------------------------------------------

// A long book may have thousands of findings: they are asked for once per check, and the
// first SHOWN of them listed (the rest are one `imprenta check` away).
const SHOWN = 500;
// The banner and the list change together, when the check's list has come.
async function applyDiagnostics(summary) {
  if (summary.check === ui.check) return;
  ui.check = summary.check;
  const d = await (await fetch('/diagnostics.json', { cache: 'no-store' })).json();
  if (d.check !== ui.check) return; // a newer check is on its way
  $('broken').hidden = !d.broken;
  $('count').textContent = String(d.list.length);
  const list = $('problems');
  list.textContent = '';
  if (!d.list.length) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = 'No problems.';
    list.appendChild(li);
    return;
  }
  for (const item of d.list.slice(0, SHOWN)) {
    const li = document.createElement('li');
    li.className = item.severity;
    li.tabIndex = 0;
    const place = [item.file, item.line, item.column].filter((x) => x !== null && x !== undefined).join(':');
    li.appendChild(span('severity', item.severity));
    const body = document.createElement('span');
    body.appendChild(span('place', place ? place + ': ' : ''));
    body.appendChild(span('message', item.message + (item.code ? ` [${item.code}]` : '')));
    li.appendChild(body);
    if (item.help) li.appendChild(span('help', 'help: ' + item.help));
    if (item.page !== null && item.page !== undefined) li.dataset.page = String(item.page);
    if (item.ebook) li.dataset.ebook = item.ebook;
    li.addEventListener('click', () => goTo(item));
    li.addEventListener('keydown', (e) => { if (e.key === 'Enter') goTo(item); });
    list.appendChild(li);
  }
  if (d.list.length > SHOWN) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = `… and ${d.list.length - SHOWN} more: imprenta check lists them all.`;
    list.appendChild(li);
  }
}

function span(cls, text) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function goTo(item) {
  if (item.page !== null && item.page !== undefined && pageEls[item.page]) {
    pageEls[item.page].scrollIntoView({ block: 'start' });
    bringIntoView(item.page);
  }
  if (item.ebook) openDoc(item.ebook);
}

init();
