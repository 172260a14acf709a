// The operator console: every figure comes from the admin API (/admin/...), called with the key the
// operator typed, kept in this tab's session storage and sent only as an Authorization header.
// Everything the API answers is written into the page as text (textContent), never as markup.
'use strict';

const KEY = 'smsAdminKey';
const POLL_MS = 3000;
const HISTORY_MS = 15 * 60 * 1000;
const $ = (id) => document.getElementById(id);

let pollTimer = null;
// the latest load of each list: an answer to an earlier one that arrives later is dropped
const loads = { blocks: 0, decisions: 0 };
// the service's samples of the last 15 minutes (/admin/history), then this page's polls of
// /admin/status: {t, sends, refusals}, the totals since start
const samples = [];

// ---------------------------------------------------------------- calls

class Refused extends Error {}

/** A call to the service, relative to the page (works behind a path prefix), with the key as a header. */
async function api(path, options = {}) {
  const key = sessionStorage.getItem(KEY);
  const headers = Object.assign({ 'Authorization': 'Bearer ' + key }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers, cache: 'no-store', credentials: 'omit' }));
  if (response.status === 401) {
    throw new Refused('the admin key was refused');
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (notJson) {
    body = null;
  }
  return { status: response.status, body };
}

function errorOf(answer) {
  return (answer.body && answer.body.message) || ('answered ' + answer.status);
}

/** Runs a call; a refused key leads back to the login, any other failure is shown. */
async function guarded(action) {
  try {
    await action();
  } catch (error) {
    if (error instanceof Refused) {
      logout('The admin key was refused: type it again.');
    } else {
      notice('Failed: ' + error.message, true);
    }
  }
}

function notice(text, isError) {
  const line = $('notice');
  line.textContent = text;
  line.className = isError ? 'error' : 'ok';
}

// ---------------------------------------------------------------- small DOM helpers

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

/**
 * Fills a table: a header row of names (a name may be [name, what it means], shown as its tooltip),
 * then one row per item of cells (text or nodes).
 */
function fillTable(table, names, rows, emptyText) {
  table.replaceChildren();
  const head = el('tr');
  names.forEach((name) => {
    const th = el('th', Array.isArray(name) ? name[0] : name);
    if (Array.isArray(name)) {
      th.title = name[1];
    }
    head.append(th);
  });
  table.append(el('thead'));
  table.tHead.append(head);
  const body = el('tbody');
  if (rows.length === 0) {
    const cell = el('td', emptyText, 'empty');
    cell.colSpan = names.length;
    body.append(el('tr'));
    body.lastChild.append(cell);
  }
  rows.forEach((cells) => {
    const row = el('tr');
    cells.forEach((cell) => {
      const td = el('td');
      if (cell instanceof Node) {
        td.append(cell);
      } else {
        td.textContent = cell === null || cell === undefined ? '—' : String(cell);
      }
      row.append(td);
    });
    body.append(row);
  });
  table.append(body);
}

/** 2026-11-30T14:57:00.123Z → 2026-11-30 14:57:00Z, and how far from now. */
function when(iso) {
  if (!iso) {
    return '—';
  }
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const span = Math.abs(seconds) < 90 ? Math.abs(seconds) + ' s' : Math.abs(seconds) < 5400
    ? Math.round(Math.abs(seconds) / 60) + ' min' : Math.round(Math.abs(seconds) / 3600) + ' h';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') + (seconds >= 0 ? ' (in ' + span + ')' : ' (' + span + ' ago)');
}

/** Whatever a generic answer holds, a whole international number is not shown: +447400777001 → +44*******001. */
function masked(text) {
  return String(text).replace(/\+(\d{1,3})(\d{4,})(\d{3})\b/g, (all, cc, middle, last) => '+' + cc + '*'.repeat(middle.length) + last);
}

// ---------------------------------------------------------------- login and tabs

async function login(event) {
  event.preventDefault();
  const input = $('key');
  sessionStorage.setItem(KEY, input.value);
  input.value = '';
  await start();
}

async function start() {
  try {
    const answer = await api('admin/status');
    if (answer.status !== 200) {
      throw new Error(errorOf(answer));
    }
  } catch (error) {
    logout(error instanceof Refused ? 'This admin key was refused.' : 'The service did not answer: ' + error.message);
    return;
  }
  $('login').hidden = true;
  $('tabs').hidden = false;
  show('now');
  clearInterval(pollTimer);
  samples.length = 0;
  // the last 15 minutes as the service sampled them, so the charts start full; the polls go on from there
  await guarded(loadHistory);
  pollTimer = setInterval(() => guarded(poll), POLL_MS);
  await guarded(poll);
}

async function loadHistory() {
  const answer = await api('admin/history');
  if (answer.status !== 200) {
    throw new Error(errorOf(answer));
  }
  (answer.body.samples || []).forEach((s) => samples.push({ t: Date.parse(s.at), sends: s.sends || {}, refusals: s.refusals || {} }));
}

function logout(message) {
  sessionStorage.removeItem(KEY);
  clearInterval(pollTimer);
  pollTimer = null;
  samples.length = 0;
  document.querySelectorAll('.view').forEach((view) => { view.hidden = true; });
  $('tabs').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('notice').textContent = '';
  $('key').focus();
}

function show(view) {
  document.querySelectorAll('.view').forEach((section) => { section.hidden = section.id !== 'view-' + view; });
  document.querySelectorAll('#tabs [data-view]').forEach((tab) => {
    tab.setAttribute('aria-selected', String(tab.dataset.view === view));
  });
  $('notice').textContent = '';
  if (view === 'blocks') {
    guarded(loadBlocks);
  } else if (view === 'decisions') {
    guarded(loadDecisions);
  }
}

// ---------------------------------------------------------------- Now

async function poll() {
  const answer = await api('admin/status');
  if (answer.status !== 200) {
    throw new Error(errorOf(answer));
  }
  const status = answer.body;
  const t = Date.parse(status.at);
  samples.push({ t, sends: status.sends || {}, refusals: status.refusals || {} });
  while (samples.length > 2 && samples[1].t < t - HISTORY_MS) {
    samples.shift();
  }
  renderNow(status);
  $('last-update').textContent = 'updated ' + new Date(t).toLocaleTimeString();
}

function renderNow(status) {
  const cards = $('now-cards');
  cards.replaceChildren();
  const card = (label, value, detail, warn) => {
    const box = el('div', null, 'card' + (warn ? ' warn' : ''));
    box.id = 'card-' + label.toLowerCase().replace(/\W+/g, '-');
    box.append(el('span', label, 'label'), el('strong', value, 'value'));
    if (detail) {
      box.append(el('span', detail, 'detail'));
    }
    cards.append(box);
  };
  const sends = status.sends || {};
  card('Sent', sends.sent || 0, 'since start');
  card('Refused', sends.refused || 0, 'by the gateway', (sends.refused || 0) > 0);
  card('Failed', sends.failed || 0, 'at the provider', (sends.failed || 0) > 0);
  const budget = status.budget;
  card('Budget left', budget ? budget.remaining + ' / ' + budget.limit : 'unknown',
    budget ? 'the global rate limit, shared by every sender, per ' + budget.windowSeconds + ' s; a permit returns in ' + budget.resetSeconds + ' s' : 'shared state unreachable',
    !budget || budget.remaining === 0);
  card('Held by the delay', status.delayHeld, 'sends waiting now');
  card('Blocks in force', status.blocksActive, 'fraud shield', status.blocksActive > 0);

  chart($('chart-sends'), $('legend-sends'), 'sends', ['sent', 'refused', 'failed'], 's');
  // refusals have their own colours: none is the green of "sent" beside them
  chart($('chart-refusals'), $('legend-refusals'), 'refusals', [], 'r');

  fillTable($('providers'), ['provider', 'balance', 'balance circuit', 'health circuit'],
    (status.providers || []).map((p) => [p.provider, p.balance === null ? 'not read' : p.balance,
      badge(p.balanceCircuit), p.healthCircuit === null ? 'n/a' : badge(p.healthCircuit)]), 'no provider');
  fillTable($('fraud-decisions'), ['rule', 'action', 'decisions'],
    (status.fraudDecisions || []).map((d) => [d.rule, d.action, d.count]), 'none yet');
  fillTable($('failovers'), ['from', 'to', 'cause', 'sends'],
    (status.failovers || []).map((f) => [f.from, f.to, f.cause, f.count]), 'none');
}

function badge(state) {
  return el('span', state, 'badge ' + (state === 'closed' ? 'good' : 'bad'));
}

/**
 * Per-second rates between successive samples of one counter family, one line per key, as SVG; the
 * legend gives each key's latest rate and its highest in the window. {@code palette}: the CSS
 * classes of its colours (s0..s7 or r0..r7).
 */
function chart(box, legend, family, fixedKeys, palette) {
  const keys = new Set(fixedKeys);
  samples.forEach((s) => Object.keys(s[family]).forEach((k) => keys.add(k)));
  const names = [...keys];
  const now = samples.length ? samples[samples.length - 1].t : Date.now();
  const series = names.map((name) => {
    const points = [];
    for (let i = 1; i < samples.length; i++) {
      const seconds = (samples[i].t - samples[i - 1].t) / 1000;
      const delta = (samples[i][family][name] || 0) - (samples[i - 1][family][name] || 0);
      // a counter that went down was reset by a restart: no rate for that step
      points.push([samples[i].t, seconds > 0 && delta >= 0 ? delta / seconds : 0]);
    }
    return { name, points };
  });
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1]))));

  const W = 600, H = 160, L = 40, B = 18;
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', family + ' per second');
  // the last 15 minutes, or what the service and the page have seen since it started (a minute at least)
  const span = Math.min(HISTORY_MS, Math.max(60000, samples.length ? now - samples[0].t : 0));
  const x = (t) => L + (W - L - 4) * (1 - (now - t) / span);
  const y = (v) => (H - B) - (H - B - 6) * (v / top);
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(svgNs, tag);
    Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) {
      node.textContent = text;
    }
    svg.append(node);
    return node;
  };
  [0, 0.5, 1].forEach((f) => {
    add('line', { x1: L, x2: W - 4, y1: y(top * f), y2: y(top * f), class: 'grid' });
    add('text', { x: L - 4, y: y(top * f) + 4, class: 'axis end' }, formatRate(top * f));
  });
  [1, 2 / 3, 1 / 3, 0].forEach((f) => {
    const ago = Math.round(span * f / 1000);
    add('text', { x: x(now - span * f), y: H - 4, class: 'axis ' + (f === 1 ? 'start' : f === 0 ? 'end' : 'middle') },
      f === 0 ? 'now' : ago >= 120 ? '-' + Math.round(ago / 60) + ' min' : '-' + ago + ' s');
  });
  series.forEach((s, i) => {
    if (s.points.length > 0) {
      add('polyline', { points: s.points.map(([t, v]) => x(t).toFixed(1) + ',' + y(v).toFixed(1)).join(' '), class: 'line ' + palette + (i % 8) });
    }
  });
  box.replaceChildren(svg);

  legend.replaceChildren();
  series.forEach((s, i) => {
    const last = s.points.length ? s.points[s.points.length - 1][1] : 0;
    const most = Math.max(0, ...s.points.map((p) => p[1]));
    const item = el('li');
    item.dataset.key = s.name;
    item.append(el('span', null, 'swatch ' + palette + (i % 8)),
      el('span', s.name + ' ' + formatRate(last) + '/s', 'rate'), el('span', 'max ' + formatRate(most) + '/s', 'max'));
    legend.append(item);
  });
  if (series.length === 0) {
    legend.append(el('li', 'none since start'));
  }
}

function niceMax(value) {
  if (value <= 0) {
    return 1;
  }
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value);
}

function formatRate(value) {
  return value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(2);
}

// ---------------------------------------------------------------- Blocks and overrides

async function loadBlocks() {
  const mine = ++loads.blocks;
  const [blocks, overrides] = await Promise.all([api('admin/blocks'), api('admin/overrides')]);
  if (mine !== loads.blocks) {
    return;
  }
  if (blocks.status !== 200 || overrides.status !== 200) {
    throw new Error(errorOf(blocks.status !== 200 ? blocks : overrides));
  }
  fillTable($('blocks'), ['rule', 'prefix or country', 'evidence', 'since',
    ['until', 'renewed by each send it refuses: it holds while the traffic keeps coming'],
    ['strikes', 'times this subject was blocked (counted for a week after its last block); each strike blocks twice as long'],
    ['state', 'in force, or let through by an allow override (the block stays listed until it runs out or is lifted)'], ''],
    blocks.body.blocks.map((b) => [b.rule, b.subject, b.evidence, when(b.since), when(b.until), b.strikes,
      b.allowedBy ? el('span', 'allowed by override ' + b.allowedBy, 'badge good') : el('span', 'in force', 'badge bad'),
      actionButton('Lift', 'lift', b.subject)]), 'no block in force');
  fillTable($('overrides'), ['kind', 'subject', 'force', 'until', 'reason', 'set by', ''],
    overrides.body.overrides.map((o) => {
      const kind = 'allow' in o ? 'allow' : 'block';
      return [kind, o[kind], o.force ? 'yes' : 'no', o.until ? when(o.until) : 'for good', o.reason, o.by,
        o.by === 'policy file' ? el('span', 'edit the file', 'note') : actionButton('Remove', 'remove', o[kind])];
    }), 'no override');
}

function actionButton(label, action, subject) {
  const button = el('button', label, 'danger');
  button.type = 'button';
  button.dataset.action = action;
  button.dataset.subject = subject;
  return button;
}

async function blockAction(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) {
    return;
  }
  const subject = button.dataset.subject;
  const lift = button.dataset.action === 'lift';
  if (!window.confirm(lift ? 'Lift the block of ' + subject + '? The evidence that tripped it is forgotten and its traffic passes again;'
    + ' should it go on as before, the rule blocks it afresh (for a known customer\'s range, add an allow override too).'
    : 'Remove the override of ' + subject + '?')) {
    return;
  }
  await guarded(async () => {
    const answer = await api((lift ? 'admin/blocks/' : 'admin/overrides/') + encodeURIComponent(subject), { method: 'DELETE' });
    notice(answer.status === 200 ? (lift ? 'Lifted the block of ' : 'Removed the override of ') + subject
      : 'Refused: ' + errorOf(answer), answer.status !== 200);
    await loadBlocks();
  });
}

async function addOverride(event) {
  event.preventDefault();
  const kind = $('override-kind').value;
  const subject = $('override-subject').value.trim();
  const untilText = $('override-until').value;
  const request = { [kind]: subject };
  if (untilText) {
    request.until = new Date(untilText).toISOString();
  }
  if ($('override-reason').value.trim()) {
    request.reason = $('override-reason').value.trim();
  }
  if ($('override-force').checked) {
    request.force = true;
  }
  if (!window.confirm((kind === 'allow' ? 'Allow ' : 'Block ') + subject
    + (request.until ? ' until ' + request.until : ' with no end') + (request.force ? ', past every rule' : '') + '?')) {
    return;
  }
  await guarded(async () => {
    const answer = await api('admin/overrides', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request)
    });
    if (answer.status === 201) {
      const passes = answer.body.passesBlocks || [];
      notice('Override added: ' + kind + ' ' + (answer.body[kind] || subject) + (passes.length === 0 ? ''
        : '. The traffic of ' + passes.join(', ') + ' passes now, block or not: the block may be lifted,'
          + ' or left to run out (the sends let through no longer renew it).'), false);
      $('override-form').reset();
    } else {
      notice('Refused: ' + errorOf(answer), true);
    }
    await loadBlocks();
  });
}

// ---------------------------------------------------------------- Decisions

async function loadDecisions() {
  const query = new URLSearchParams({ rule: $('decisions-rule').value, country: $('decisions-country').value.trim() });
  const mine = ++loads.decisions;
  const answer = await api('admin/decisions?' + query);
  if (mine !== loads.decisions) {
    return; // a later filter was asked for meanwhile: its answer is the one shown
  }
  if (answer.status !== 200) {
    throw new Error(errorOf(answer));
  }
  const decisions = answer.body.decisions;
  $('decisions-count').textContent = decisions.length + ' decision(s), newest first (of the 500 most recent of this instance)';
  fillTable($('decisions'), ['time', 'rule', 'action', 'country', 'receiver', 'request id', 'reason'],
    decisions.map((d) => [when(d.at), d.rule, d.action, d.country, d.receiver, d.requestId, d.reason]), 'no decision');
}

// ---------------------------------------------------------------- Message

/** What the Message view looks a message up by: its sid (GET /messages/{sid}) or its send's request id (GET /messages?requestId=). */
const LOOKUPS = {
  sid: { label: 'Message sid', placeholder: 'SM0123…', path: (id) => 'messages/' + encodeURIComponent(id), unknown: 'no message ' },
  requestId: {
    label: 'Request id', placeholder: 'x-request-id, or file.csv#3', unknown: 'no message sent with request id ',
    path: (id) => 'messages?requestId=' + encodeURIComponent(id)
  }
};

function lookUpBy() {
  const by = LOOKUPS[$('message-by').value] || LOOKUPS.sid;
  $('message-id-label').firstChild.textContent = by.label + ' ';
  $('message-id').placeholder = by.placeholder;
}

async function lookUp(event) {
  event.preventDefault();
  const by = LOOKUPS[$('message-by').value] || LOOKUPS.sid;
  const id = $('message-id').value.trim();
  const result = $('message-result');
  result.replaceChildren();
  await guarded(async () => {
    let answer;
    try {
      answer = await api(by.path(id));
    } catch (error) {
      if (!(error instanceof Refused)) {
        throw error;
      }
      // the lookup is not part of the admin API: its refusal of the key does not end the session
      answer = { status: 401, body: { message: 'the message lookup does not take this admin key' } };
    }
    if (answer.status === 404) {
      result.append(el('p', 'Not found: ' + by.unknown + id + '.', 'error'));
      return;
    }
    if (answer.status !== 200 || !answer.body || typeof answer.body !== 'object') {
      result.append(el('p', 'Refused: ' + errorOf(answer), 'error'));
      return;
    }
    result.append(describe(answer.body));
  });
}

/** Any JSON object as a key/value table; an array (the history) as a list of its entries. */
function describe(object) {
  const table = el('table', null, 'details');
  Object.entries(object).forEach(([key, value]) => {
    const row = el('tr');
    row.append(el('th', key));
    const cell = el('td');
    if (Array.isArray(value)) {
      const list = el('ol', null, 'history');
      value.forEach((entry) => list.append(el('li', masked(entry !== null && typeof entry === 'object'
        ? Object.entries(entry).map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' · ')
        : entry))));
      cell.append(list);
    } else if (value !== null && typeof value === 'object') {
      cell.append(describe(value));
    } else {
      cell.textContent = value === null ? '—' : masked(value);
    }
    row.append(cell);
    table.append(row);
  });
  return table;
}

// ---------------------------------------------------------------- wiring

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('tabs').addEventListener('click', (event) => {
    const tab = event.target.closest('[data-view]');
    if (tab) {
      show(tab.dataset.view);
    }
  });
  $('forget').addEventListener('click', () => logout('The key was forgotten.'));
  $('blocks-refresh').addEventListener('click', () => guarded(loadBlocks));
  $('blocks').addEventListener('click', blockAction);
  $('overrides').addEventListener('click', blockAction);
  $('override-form').addEventListener('submit', addOverride);
  $('decisions-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(loadDecisions);
  });
  $('message-form').addEventListener('submit', lookUp);
  $('message-by').addEventListener('change', lookUpBy);
  if (sessionStorage.getItem(KEY)) {
    start();
  } else {
    $('key').focus();
  }
});
