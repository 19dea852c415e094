// redis-push queue dashboard. Reads /dashboard/api/overview, the dead-letter operations (/dead-letters) and the
// delivery history (/deliveries), and calls them for its actions. Everything from the server is shown with textContent, never parsed as HTML: dead
// letters carry provider answers and message texts.
'use strict';

const TOKEN_KEY = 'redis-push.ops-token';
const OVERVIEW_EVERY_MS = 2000;
const DEAD_LETTERS_EVERY_MS = 5000;
const SHOWN_DEAD_LETTERS = 100;

const page = {
  pipeline: new URLSearchParams(location.search).get('pipeline') || '',
  readOnly: false,
  paused: false,
  deadLetterCount: 0,
  shownDeadLetters: '',
  openValues: new Set(),
};

const $ = (id) => document.getElementById(id);

// --- talking to the server

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, params = {}) {
  const query = new URLSearchParams(params);
  if (page.pipeline) {
    query.set('pipeline', page.pipeline);
  }
  const headers = {};
  if (method !== 'GET') {
    // without a token, the server takes an action only as JSON: a form on another site cannot send that type
    headers['Content-Type'] = 'application/json';
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  const answer = await fetch(path + (query.toString() ? '?' + query : ''), { method, headers, cache: 'no-store' });
  const text = await answer.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (notJson) {
    body = { error: text };
  }
  if (!answer.ok && answer.status !== 404) {
    throw new ApiError(answer.status, (body && body.error) || answer.statusText);
  }
  return body;
}

function failed(error) {
  if (error.status === 401) {
    showBanner(sessionStorage.getItem(TOKEN_KEY)
      ? 'The ops token was refused. Enter the right one above.'
      : 'This server needs the ops token (push.ops.token). Enter it above.', false);
    $('token').classList.add('needs-token');
  } else if (error.status === 403) {
    notify(error.message);
  } else {
    showBanner('The server did not answer: ' + error.message, true);
  }
}

// --- the overview: depths, delivery, claims, rates

async function refreshOverview() {
  let overview;
  try {
    overview = await api('GET', '/dashboard/api/overview');
  } catch (error) {
    failed(error);
    return;
  }
  if (!overview || !overview.queues) {
    showBanner((overview && overview.error) || 'No overview', true);
    return;
  }
  hideBanner();
  $('token').classList.remove('needs-token');
  for (const id of ['content', 'pills', 'pipeline-choice']) {
    $(id).hidden = false;
  }
  page.readOnly = overview.readOnly;
  page.paused = overview.delivery.paused;
  page.deadLetterCount = overview.queues.deadLetter.depth;

  showPipelines(overview.pipelines, overview.pipeline);
  setNumber('depth-push', overview.queues.push.depth);
  setNumber('depth-temp', overview.queues.temp.depth);
  setNumber('depth-retries', overview.queues.retries.depth);
  setNumber('depth-awaiting-value', overview.queues.awaitingValue.depth);
  setNumber('depth-scheduled', overview.queues.scheduled.depth);
  // the soonest send time (Redis clock), shown in the browser's time zone
  $('next-scheduled').textContent = overview.queues.scheduled.nextDueAt == null
    ? overview.queues.scheduled.name
    : 'next due ' + new Date(overview.queues.scheduled.nextDueAt).toLocaleString();
  // pushes a uid over push.rate.per-uid waits with (shown only when there are some)
  $('deferred-per-uid').textContent = overview.queues.scheduled.deferredPerUid > 0
    ? overview.queues.scheduled.deferredPerUid.toLocaleString() + ' deferred by the per-uid limit'
    : '';
  setNumber('depth-dead', overview.queues.deadLetter.depth);
  $('depth-dead').classList.toggle('nonzero', overview.queues.deadLetter.depth > 0);
  setNumber('in-flight-here', overview.inFlight.thisInstance);
  $('name-push').textContent = overview.queues.push.name;
  $('name-temp').textContent = overview.queues.temp.name;
  $('name-retries').textContent = overview.queues.retries.name;
  $('name-awaiting-value').textContent = overview.queues.awaitingValue.name;
  $('name-dead').textContent = overview.queues.deadLetter.name;
  $('dead-count').textContent = overview.queues.deadLetter.depth.toLocaleString();

  showDelivery(overview.delivery);
  setPill('redis-state', overview.redisDown ? 'Redis down' : 'Redis up', overview.redisDown ? 'bad' : 'ok');
  $('read-only').hidden = !overview.readOnly;
  for (const button of document.querySelectorAll('button.action')) {
    button.hidden = overview.readOnly;
  }
  showBreaker(overview.breaker);
  showEviction(overview.eviction);
  showTotals(overview.totals);
  showClaims(overview.inFlight);
  drawChart(overview.rates.samples, overview.rates.windowSeconds);
  $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function showPipelines(names, current) {
  const select = $('pipeline');
  if (select.options.length !== names.length) {
    select.replaceChildren(...names.map((name) => new Option(name, name)));
  }
  select.value = current;
  select.disabled = names.length < 2;
}

function showDelivery(delivery) {
  $('move-route').textContent = delivery.route;
  $('move-state').textContent = delivery.state.toLowerCase();
  setPill('delivery-state', delivery.paused ? 'Delivery paused' : 'Delivering', delivery.paused ? 'warn' : 'ok');
  $('toggle-delivery').textContent = delivery.paused ? 'Resume delivery' : 'Pause delivery';
}

// Redis's eviction policy: under allkeys-* it may evict message values and whole queues
function showEviction(eviction) {
  const endangered = Boolean(eviction && eviction.endangered);
  $('eviction').hidden = !endangered;
  $('eviction').textContent = endangered
    ? 'Redis may evict any key (maxmemory-policy ' + eviction.policy + '): message values and whole queues can be lost,'
      + ' and readiness is DOWN. Set maxmemory-policy to noeviction (or volatile-*), or push.redis.allow-eviction=true to accept the risk.'
    : '';
}

// the provider breaker of this instance: closed (delivering), open (halted), half-open (a probe push is out)
const BREAKER_STATES = {
  CLOSED: ['closed: delivering', 'closed'],
  OPEN: ['open: delivery halted', 'open'],
  HALF_OPEN: ['half-open: a probe push is out', 'half-open'],
};

function showBreaker(breaker) {
  const slot = $('breaker');
  if (!breaker) {
    slot.textContent = 'not available for this pipeline';
    slot.className = 'breaker unknown';
    $('breaker-detail').textContent = '';
    return;
  }
  const [text, kind] = BREAKER_STATES[breaker.state] || [String(breaker.state).toLowerCase(), 'unknown'];
  slot.textContent = text;
  slot.className = 'breaker ' + kind;
  $('breaker-detail').textContent = breaker.reason
    || 'outage ' + breaker.outage.toLowerCase() + ', credentials ' + breaker.credentials.toLowerCase()
      + (breaker.probes ? ', ' + breaker.probes + ' probes so far' : '');
}

function showTotals(totals) {
  const shown = [['delivered', 'delivered'], ['deadLettered', 'dead-lettered'], ['requeued', 'requeued (lease ran out)'],
    ['missing', 'missing value'], ['dropped', 'dropped copies']];
  $('totals').replaceChildren(...shown.flatMap(([name, label]) => [
    el('dt', {}, label), el('dd', {}, (totals[name] || 0).toLocaleString())]));
}

function showClaims(inFlight) {
  $('leased-count').textContent = inFlight.leased.toLocaleString();
  const rows = inFlight.claims.map((claim) => {
    const seconds = claim.expiresInMs / 1000;
    const expiry = seconds < 0
      ? el('span', { class: 'expired' }, 'expired ' + (-seconds).toFixed(1) + ' s ago')
      : el('span', { class: seconds < 5 ? 'soon' : '' }, seconds.toFixed(1) + ' s');
    return el('tr', {}, el('td', { class: 'key' }, claim.key), el('td', {}, expiry), el('td', { class: 'num' }, String(claim.attempt)));
  });
  $('claims').tBodies[0].replaceChildren(...rows);
  $('claims').hidden = rows.length === 0;
  $('claims-empty').hidden = rows.length > 0;
}

// --- the graph: an SVG drawn from the server's samples

function drawChart(samples, windowSeconds) {
  // drawn at the chart's own size, so text is not stretched; a history shorter than the window is shown whole,
  // on at least a minute
  const width = Math.max(320, $('chart').clientWidth), height = Math.max(220, $('chart').clientHeight), left = 40, right = 10, top = 10, bottom = 22;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'pushes per second' });
  const now = Date.now();
  const oldest = samples.length ? (now - samples[0].at) / 1000 : 0;
  const span = Math.min(windowSeconds, Math.max(60, Math.ceil(oldest / 60) * 60));
  const x = (at) => left + (width - left - right) * (1 - Math.min(span, (now - at) / 1000) / span);
  const highest = Math.max(1, ...samples.flatMap((s) => [s.delivered, s.retried, s.deadLettered]));
  const max = niceCeiling(highest);
  const y = (value) => top + (height - top - bottom) * (1 - value / max);

  for (const value of [0, max / 4, max / 2, 3 * max / 4, max]) {
    svg.append(svgEl('line', { class: 'grid-line', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
    svg.append(svgText(left - 6, y(value) + 4, formatRate(value), 'end'));
  }
  svg.append(svgText(left, height - 4, '-' + Math.round(span / 60) + ' min', 'start'));
  svg.append(svgText(width - right, height - 4, 'now', 'end'));

  if (samples.length < 2) {
    const waiting = svgText((left + width) / 2, height / 2, 'collecting samples (one every 5 s)…', 'middle');
    waiting.setAttribute('class', 'waiting');
    svg.append(waiting);
  }
  for (const [field, name] of [['deadLettered', 'dead-lettered'], ['retried', 'retried'], ['delivered', 'delivered']]) {
    const points = samples.map((s) => `${x(s.at).toFixed(1)},${y(s[field]).toFixed(1)}`).join(' ');
    svg.append(svgEl('polyline', { class: 'series ' + name, points }));
  }
  $('chart').replaceChildren(svg);
}

function niceCeiling(value) {
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * magnitude) {
      return step * magnitude;
    }
  }
  return 10 * magnitude;
}

function formatRate(value) {
  return value >= 10 ? String(Math.round(value)) : String(Number(value.toFixed(2)));
}

// --- the delivery history: "did uid 42 get it?"

const SHOWN_DELIVERIES = 100;

async function searchDeliveries() {
  const wanted = $('history-search').value.trim();
  if (!wanted) {
    return;
  }
  // a uid never holds '_' (it is a key's third part): with one, it is a key
  const query = wanted.includes('_') ? { key: wanted, limit: SHOWN_DELIVERIES } : { uid: wanted, limit: SHOWN_DELIVERIES };
  let answer;
  try {
    answer = await api('GET', '/deliveries', query);
  } catch (error) {
    if (error.status === 400) {
      notify(error.message);
    } else {
      failed(error);
    }
    return;
  }
  const entries = answer.entries || [];
  $('deliveries').tBodies[0].replaceChildren(...entries.map(deliveryRow));
  $('deliveries').hidden = entries.length === 0;
  $('deliveries-empty').hidden = entries.length > 0;
  const what = query.key ? 'key ' + wanted : 'uid ' + wanted;
  $('deliveries-empty').textContent = answer.historyEnabled
    ? 'Nothing for ' + what + ' in the last ' + Number(answer.searched).toLocaleString() + ' outcomes.'
    : 'The delivery history is off (push.history.enabled=false): nothing is recorded.';
}

function deliveryRow(entry) {
  const at = new Date(entry.at);
  return el('tr', { 'data-outcome': entry.outcome },
    el('td', { title: at.toISOString() }, ago(at)),
    el('td', {}, el('span', { class: 'outcome ' + entry.outcome }, entry.outcome)),
    el('td', { class: 'key' }, entry.key || ''),
    el('td', {}, entry.status ? el('span', { class: 'status' }, String(entry.status)) : '–'),
    el('td', {}, entry.code || ''),
    el('td', { class: 'num' }, entry.attempt === undefined ? '' : String(entry.attempt)),
    el('td', { class: 'num' }, entry.ms === undefined ? '' : String(entry.ms)),
    el('td', { title: entry.reason || '' }, entry.reason || (entry.retryInMs !== undefined ? 'retry in ' + entry.retryInMs + ' ms' : '')),
    el('td', { class: 'instance' }, entry.instance || ''));
}

// --- dead letters

async function refreshDeadLetters() {
  const search = $('search').value.trim();
  let entries;
  try {
    entries = await api('GET', '/dead-letters', search ? { key: search, count: SHOWN_DEAD_LETTERS } : { count: SHOWN_DEAD_LETTERS });
  } catch (error) {
    failed(error);
    return;
  }
  const shown = JSON.stringify(entries);
  if (shown === page.shownDeadLetters) {
    return; // unchanged: keep open values and the reader's place
  }
  page.shownDeadLetters = shown;
  const rows = [];
  for (const entry of entries) {
    rows.push(deadLetterRow(entry));
    if (page.openValues.has(entry.key)) {
      rows.push(valueRow(entry.key));
    }
  }
  $('dead-letters').tBodies[0].replaceChildren(...rows);
  $('dead-letters').hidden = entries.length === 0;
  $('dead-empty').hidden = entries.length > 0;
  $('dead-empty').textContent = search ? 'No dead letter has a key containing "' + search + '".' : 'No dead letters.';
  for (const key of page.openValues) {
    loadValue(key);
  }
}

function deadLetterRow(entry) {
  const actions = el('td', { class: 'actions' },
    button('Value', 'show-value', () => toggleValue(entry.key)));
  if (!page.readOnly) {
    actions.append(
      button('Requeue', 'requeue', () => act('POST', '/dead-letters/' + encodeURIComponent(entry.key) + '/requeue',
        'Requeued ' + entry.key)),
      button('Purge', 'purge danger', () => confirmThen('Purge the dead letter ' + entry.key + ' and its value for good?',
        () => act('DELETE', '/dead-letters/' + encodeURIComponent(entry.key), 'Purged ' + entry.key))));
  }
  const failedAt = entry.failedAt ? new Date(entry.failedAt) : null;
  return el('tr', { 'data-key': entry.key },
    el('td', { class: 'key' }, entry.key),
    el('td', {}, entry.reason || ''),
    el('td', {}, entry.status ? el('span', { class: 'status' }, String(entry.status)) : '–'),
    el('td', { class: 'body', title: entry.responseBody || '' }, entry.responseBody || ''),
    el('td', { class: 'num' }, entry.attempts === undefined ? '' : String(entry.attempts)),
    el('td', { title: failedAt ? failedAt.toISOString() : '' }, failedAt ? ago(failedAt) : ''),
    actions);
}

function valueRow(key) {
  return el('tr', { class: 'value-row', 'data-value-of': key },
    el('td', { colspan: '7' }, el('span', { class: 'label' }, 'kept value of ' + key), el('pre', {}, 'loading…')));
}

function toggleValue(key) {
  if (page.openValues.has(key)) {
    page.openValues.delete(key);
  } else {
    page.openValues.add(key);
  }
  page.shownDeadLetters = '';
  refreshDeadLetters();
}

async function loadValue(key) {
  try {
    const found = await api('GET', '/dead-letters/' + encodeURIComponent(key));
    const row = [...document.querySelectorAll('tr.value-row')].find((r) => r.dataset.valueOf === key);
    if (row) {
      const value = found && 'value' in found ? found.value : null;
      row.querySelector('pre').textContent = value === null || value === undefined ? '(no value kept)' : value;
    }
  } catch (error) {
    failed(error);
  }
}

// --- actions

async function act(method, path, done) {
  try {
    const answer = await api(method, path);
    notify(done + describe(answer));
  } catch (error) {
    failed(error);
  }
  page.shownDeadLetters = '';
  await Promise.all([refreshOverview(), refreshDeadLetters()]);
}

function describe(answer) {
  if (!answer) {
    return '';
  }
  if ('requeued' in answer) {
    return ': ' + answer.requeued + ' back on the push queue';
  }
  if ('purged' in answer) {
    return ': ' + answer.purged + ' removed';
  }
  return '';
}

function confirmThen(message, action) {
  const dialog = $('confirm-dialog');
  $('confirm-message').textContent = message;
  dialog.returnValue = '';
  dialog.onclose = () => {
    if (dialog.returnValue === 'ok') {
      action();
    }
  };
  dialog.showModal();
}

function toggleDelivery() {
  act('POST', page.paused ? '/dashboard/api/resume' : '/dashboard/api/pause', page.paused ? 'Delivery resumed' : 'Delivery paused');
}

// --- small helpers

function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

function svgEl(tag, attributes) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  return element;
}

function svgText(x, y, text, anchor) {
  const element = svgEl('text', { x, y, 'text-anchor': anchor, class: 'axis-label' });
  element.textContent = text;
  return element;
}

function button(label, classes, onClick) {
  const element = el('button', { type: 'button', class: classes }, label);
  element.addEventListener('click', onClick);
  return element;
}

function setNumber(id, value) {
  $(id).textContent = Number(value).toLocaleString();
}

function setPill(id, text, kind) {
  $(id).textContent = text;
  $(id).className = 'pill ' + kind;
}

function ago(date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (seconds < 60) return seconds + ' s ago';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 86400) return Math.round(seconds / 3600) + ' h ago';
  return date.toLocaleDateString();
}

function showBanner(text, bad) {
  $('banner').textContent = text;
  $('banner').className = bad ? 'banner bad' : 'banner';
  $('banner').hidden = false;
}

function hideBanner() {
  $('banner').hidden = true;
}

let noticeTimer;
function notify(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { $('notice').hidden = true; }, 4000);
}

// --- start

function start() {
  $('token').value = sessionStorage.getItem(TOKEN_KEY) || '';
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    page.shownDeadLetters = '';
    refreshOverview();
    refreshDeadLetters();
  });
  $('token-forget').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    $('token').value = '';
  });
  $('pipeline').addEventListener('change', () => {
    page.pipeline = $('pipeline').value;
    history.replaceState(null, '', '?pipeline=' + encodeURIComponent(page.pipeline));
    page.shownDeadLetters = '';
    refreshOverview();
    refreshDeadLetters();
  });
  $('toggle-delivery').addEventListener('click', toggleDelivery);
  $('requeue-all').addEventListener('click', () => confirmThen(
    'Requeue all ' + page.deadLetterCount.toLocaleString() + ' dead letters onto the push queue?',
    () => act('POST', '/dead-letters/requeue-all', 'Requeued all')));
  $('purge-all').addEventListener('click', () => confirmThen(
    'Purge all ' + page.deadLetterCount.toLocaleString() + ' dead letters and their values for good?',
    () => act('DELETE', '/dead-letters', 'Purged all')));
  $('history-form').addEventListener('submit', (event) => {
    event.preventDefault();
    searchDeliveries();
  });
  let typing;
  $('search').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(refreshDeadLetters, 250);
  });

  refreshOverview();
  refreshDeadLetters();
  setInterval(refreshOverview, OVERVIEW_EVERY_MS);
  setInterval(refreshDeadLetters, DEAD_LETTERS_EVERY_MS);
}

document.addEventListener('DOMContentLoaded', start);
