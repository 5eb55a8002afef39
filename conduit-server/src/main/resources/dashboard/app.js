/*
 * Conduit dashboard — one plain ES2020 module, no framework, no build step.
 *
 * CSP (sent by the server): default-src 'self'; img-src 'self' data:; style-src 'self'
 *   → no inline scripts/styles/handlers, no eval, no style attributes. Charts are SVG attributes.
 * Security: every piece of server- or message-supplied text goes through textContent / text nodes
 *   (the h() helper below); innerHTML is never used.
 *
 * Stable selectors for browser tests (Selenium):
 *   Layout     #app-header #nav-channels #nav-messages #nav-audit #nav-admin #user-name #user-role
 *              #logout #flash (banner; .flash-error / .flash-success) #flash-message #flash-dismiss
 *              #server-info #main
 *   Login      #login-form #login-username #login-password #login-submit
 *   Setup      #setup-form #setup-token #setup-username #setup-password #setup-password2 #setup-submit
 *   Account    #password-form #pw-current #pw-new #pw-new2 #pw-submit
 *   Channels   #channel-list .channel-card[data-channel=NAME] with .channel-state .counter-received
 *              .counter-filtered .counter-sent .counter-errored .counter-queued .sparkline .rate
 *              button.channel-action[data-action=start|stop|pause|resume]
 *              #redeploy-button #validate-button #admin-result #last-updated
 *   Channel    #channel-detail[data-channel=NAME] #channel-state #destinations-table
 *              tr[data-destination=NAME] .queue-depth .oldest-age .retry-button
 *              .resend-errored-button .show-errored-button  #errored-list #errored-table
 *              #channel-messages-link #channel-errored-link
 *   Messages   #message-search #f-channel #f-status #f-type #f-controlId #f-patientId #f-text
 *              #f-from #f-to #f-limit #search-submit #search-reset #auto-refresh
 *              #message-results tbody tr[data-id=ID] #next-page #first-page #result-count
 *              #bulk-destination #bulk-resend-button #bulk-progress #bulk-progress-text #bulk-state
 *              #bulk-errors
 *   Message    #message-view[data-id=ID] #message-status #message-error #message-metadata
 *              #message-parent #message-children #message-stages #message-deliveries
 *              #resend-destination #resend-button #reprocess-button #message-refresh
 *              #content-note (viewer) #content-select #content-body #hl7-table
 *              (tbody.seg-group[data-segment][data-segment-index] > tr.hl7-row) #raw-toggle #content-raw
 *   Audit      #audit-filter #a-actor #a-action #a-channel #a-messageId #a-from #a-to #a-limit
 *              #audit-submit #audit-table #audit-next #audit-verify #audit-verify-result #audit-export
 *   Admin      #users-table tr[data-username=NAME] .user-role-select .user-disable .user-reset
 *              .user-delete  #user-create-form #new-user-username #new-user-password #new-user-role
 *              #new-user-submit  #tokens-table tr[data-token-id=ID] .token-revoke
 *              #token-create-form #token-name #token-role #token-expiry #token-submit
 *              #new-token-box #new-token-value #new-token-copy #new-token-dismiss
 *
 * Buttons with the class .confirm (resend errored, bulk resend, delete user, revoke token) need a
 * second click within 4 s: the first click only arms them (class .armed, "Click again to …").
 */

const API = '/api/v1';
const ROLES = ['viewer', 'analyst', 'operator', 'admin'];
const CHANNEL_STATES = ['DEPLOYED', 'STARTED', 'PAUSED', 'STOPPED', 'FAILED', 'UNDEPLOYED'];
const MESSAGE_STATUSES = ['RECEIVED', 'FILTERED', 'QUEUED', 'SENT', 'ERRORED', 'SPLIT'];
const POLL_MS = 2000;
const RATE_WINDOW_MS = 5 * 60 * 1000;

const state = {
  session: null,        // {username, role, csrfToken} — csrfToken lives in memory only
  returnTo: null,       // hash to come back to after login
  server: null,
};

/* ------------------------------------------------------------------ DOM helpers */

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));   // strings become text nodes
  }
  return el;
}

/** createElement with properties; never sets innerHTML or style. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value') {
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.defaultValue = String(v);   // survives form.reset()
        else el.value = v;
      }
      else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'hidden') el[k] = !!v;
      else if (k === 'style' || k === 'innerHTML') throw new Error('not allowed: ' + k);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  return append(el, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') el.setAttribute('class', v);
    else el.setAttribute(k, String(v));
  }
  return append(el, children);
}

const $ = (sel, root = document) => root.querySelector(sel);

function setText(el, text) {
  const t = text == null ? '' : String(text);
  if (el.textContent !== t) el.textContent = t;
}

function hashLink(hash, text, props = {}) {
  return h('a', { href: hash, ...props }, text);
}

function enc(s) { return encodeURIComponent(s); }

function sleep(ms) { return new Promise(r => setTimeout(r, ms)); }

/* ------------------------------------------------------------------ formatting */

function pad(n, w = 2) { return String(n).padStart(w, '0'); }

function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function timeEl(iso) {
  return h('time', { datetime: iso || null, title: iso || null }, fmtTime(iso));
}

function fmtAge(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

function fmtBytes(n) {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function fmtNum(n) {
  return n == null ? '—' : Number(n).toLocaleString('en-US');
}

function fmtRate(r) {
  if (r == null) return '— msg/s';
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)} msg/s`;
}

/** ISO instant → value for <input type=datetime-local> (local time). */
function isoToLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** <input type=datetime-local> value (local time) → ISO instant, or '' */
function localInputToIso(v) {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

function badge(value, kind = 'status') {
  const v = value == null ? 'UNKNOWN' : String(value);
  return h('span', { class: ['badge', `${kind}-${v.toLowerCase().replace(/[^a-z0-9-]/g, '')}`] }, v);
}

function setBadge(el, value, kind = 'status') {
  const v = value == null ? 'UNKNOWN' : String(value);
  // Replace only the badge's own classes: others (e.g. .channel-state, a test selector) stay.
  for (const c of [...el.classList]) if (c === 'badge' || c.startsWith(`${kind}-`)) el.classList.remove(c);
  el.classList.add('badge', `${kind}-${v.toLowerCase().replace(/[^a-z0-9-]/g, '')}`);
  setText(el, v);
}

/* ------------------------------------------------------------------ flash banner */

const flashState = { dismissedText: null, dismissedAt: 0, timer: null, network: false, shownAt: 0, kind: null };

function flash(kind, text, field) {
  const box = $('#flash');
  const msg = text + (field ? ` (field: ${field})` : '');
  if (kind === 'error' && msg === flashState.dismissedText && Date.now() - flashState.dismissedAt < 60000) return;
  flashState.network = false;
  flashState.shownAt = Date.now();
  flashState.kind = kind;
  box.className = `flash flash-${kind}`;
  setText($('#flash-message'), msg);
  box.hidden = false;
  clearTimeout(flashState.timer);
  if (kind === 'success') flashState.timer = setTimeout(clearFlash, 8000);
}

function clearFlash() {
  clearTimeout(flashState.timer);
  flashState.network = false;
  $('#flash').hidden = true;
}

function showError(err) {
  if (err instanceof AuthRedirect) return;
  if (err instanceof ApiError) {
    let text = err.message;
    if (err.status === 429 && err.retryAfter) text += ` Try again in ${err.retryAfter} s.`;
    flash('error', text, err.field);
    flashState.network = err.status === 0;   // cleared by the next successful poll
  } else {
    console.error(err);
    flash('error', String(err && err.message || err));
  }
}

/* ------------------------------------------------------------------ API client */

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.field = this.problem.field || null;
    this.retryAfter = null;
  }
}
class AuthRedirect extends Error {}

async function api(method, path, body, opts = {}) {
  const send = async () => {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.session && state.session.csrfToken) {
      headers['X-CSRF-Token'] = state.session.csrfToken;
    }
    try {
      return await fetch(path, {
        method, headers, credentials: 'same-origin', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, { title: 'Network error', detail: 'Cannot reach the Conduit server.' });
    }
  };
  let res = await send();
  if (res.status === 403 && method !== 'GET' && !opts.noRetry) {
    // The CSRF token may have changed (e.g. a login in another tab): refresh it once and retry.
    const before = state.session && state.session.csrfToken;
    try {
      const s = await api('GET', `${API}/session`, undefined, { allow401: true });
      if (s && s.csrfToken && s.csrfToken !== before) { state.session = s; renderHeader(); res = await send(); }
    } catch (_) { /* keep the first answer */ }
  }
  if (res.status === 401 && !opts.allow401) {
    handleUnauthorized();
    throw new AuthRedirect('not logged in');
  }
  let data = null;
  if (res.status !== 204) {
    const ct = res.headers.get('Content-Type') || '';
    if (ct.includes('json')) {
      try { data = await res.json(); } catch (_) { data = null; }
    } else {
      try { data = await res.text(); } catch (_) { data = null; }
    }
  }
  if (!res.ok) {
    const problem = data && typeof data === 'object' ? data
      : { title: res.statusText, detail: `${method} ${path} failed (HTTP ${res.status}).` };
    const err = new ApiError(res.status, problem);
    err.retryAfter = res.headers.get('Retry-After');
    throw err;
  }
  return data;
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

function handleUnauthorized() {
  const hadSession = !!state.session;
  state.session = null;
  renderHeader();
  const { path } = parseHash();
  if (path !== '/login' && path !== '/setup') {
    state.returnTo = location.hash || '#/channels';
    if (hadSession) flash('error', 'Your session has ended. Please log in again.');
    navigate('#/login');
  }
}

/* ------------------------------------------------------------------ roles */

function can(role) {
  return !!state.session && ROLES.indexOf(state.session.role) >= ROLES.indexOf(role);
}

/* ------------------------------------------------------------------ router */

function parseHash() {
  let raw = location.hash.replace(/^#/, '');
  if (!raw || raw === '/') raw = '/channels';
  const i = raw.indexOf('?');
  const path = i >= 0 ? raw.slice(0, i) : raw;
  const query = new URLSearchParams(i >= 0 ? raw.slice(i + 1) : '');
  return { path, query };
}

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function hashWith(path, params) {
  return `#${path}${qs(params)}`;
}

const ROUTES = [
  { re: /^\/login$/, view: viewLogin, public: true, title: 'Log in' },
  { re: /^\/setup$/, view: viewSetup, public: true, title: 'First-time setup' },
  { re: /^\/channels$/, view: viewChannels, nav: 'channels', title: 'Channels' },
  { re: /^\/channels\/([^/]+)$/, view: viewChannel, nav: 'channels', title: 'Channel' },
  { re: /^\/messages$/, view: viewMessages, nav: 'messages', title: 'Messages' },
  { re: /^\/messages\/([^/]+)$/, view: viewMessage, nav: 'messages', title: 'Message' },
  { re: /^\/audit$/, view: viewAudit, nav: 'audit', role: 'admin', title: 'Audit log' },
  { re: /^\/admin$/, view: viewAdmin, nav: 'admin', role: 'admin', title: 'Users and tokens' },
  { re: /^\/account$/, view: viewAccount, title: 'My account' },
];

let current = null;   // the active view context

function newContext() {
  const ctx = {
    alive: true,
    cleanups: [],
    onCleanup(fn) { this.cleanups.push(fn); },
    /**
     * Calls fn now and then every ms after it finished, only while the page is visible
     * and while enabled() says so. Returns {now()} to force a refresh.
     */
    poll(fn, ms, enabled = () => true) {
      let timer = null;
      let running = false;
      const schedule = () => {
        clearTimeout(timer);
        timer = null;
        if (ctx.alive && !document.hidden && enabled()) timer = setTimeout(tick, ms);
      };
      const tick = async () => {
        timer = null;
        if (!ctx.alive || running) return;
        running = true;
        try {
          await fn();
          if (flashState.network) clearFlash();   // the server is reachable again
        } catch (e) { if (ctx.alive) showError(e); } finally { running = false; }
        schedule();
      };
      const onVisibility = () => {
        if (document.hidden) { clearTimeout(timer); timer = null; } else if (!running && !timer && enabled()) tick();
      };
      document.addEventListener('visibilitychange', onVisibility);
      ctx.onCleanup(() => { clearTimeout(timer); document.removeEventListener('visibilitychange', onVisibility); });
      tick();
      return {
        now() { clearTimeout(timer); timer = null; if (!running) tick(); },
        reschedule: schedule,
      };
    },
  };
  return ctx;
}

async function route() {
  if (current) {
    current.alive = false;
    for (const fn of current.cleanups) { try { fn(); } catch (_) { /* ignore */ } }
  }
  const ctx = current = newContext();
  const { path, query } = parseHash();
  const match = ROUTES.map(r => ({ r, m: path.match(r.re) })).find(x => x.m);
  const main = $('#main');

  if (!match) {
    renderHeader();
    main.replaceChildren(h('section', { class: 'panel' }, h('h1', null, 'Page not found'),
      h('p', null, 'There is no page at this address. ', hashLink('#/channels', 'Go to the channels.'))));
    return;
  }
  const { r, m } = match;
  if (!r.public && !state.session) {
    state.returnTo = location.hash;
    navigate('#/login');
    return;
  }
  if (r.view === viewLogin && state.session) {
    navigate(state.returnTo || '#/channels');
    return;
  }
  // an error banner belongs to the page it came from; one raised just before this navigation stays
  if (flashState.kind === 'error' && Date.now() - flashState.shownAt > 1500) clearFlash();
  renderHeader(r.nav);
  document.title = `${r.title} — Conduit`;
  const params = m.slice(1).map(s => { try { return decodeURIComponent(s); } catch (_) { return s; } });
  main.replaceChildren();
  if (r.role && !can(r.role)) {
    main.append(h('section', { class: 'panel' }, h('h1', null, r.title),
      h('p', { class: 'muted', id: 'forbidden' }, `This page needs the ${r.role} role; you are signed in as ${state.session.role}.`)));
    return;
  }
  try {
    await r.view(ctx, main, params, query);
  } catch (e) {
    if (ctx.alive) showError(e);
  }
}

/* ------------------------------------------------------------------ header / footer */

function renderHeader(activeNav) {
  const header = $('#app-header');
  const s = state.session;
  header.classList.toggle('logged-out', !s);
  $('#user-box').hidden = !s;
  $('#nav').hidden = !s;
  setText($('#user-name'), s ? s.username : '');
  const role = $('#user-role');
  setText(role, s ? s.role : '');
  role.className = `role-badge${s ? ` role-${s.role}` : ''}`;
  $('#nav-audit').hidden = !can('admin');
  $('#nav-admin').hidden = !can('admin');
  if (activeNav !== undefined) {
    for (const a of document.querySelectorAll('#nav a')) {
      const on = a.dataset.nav === activeNav;
      a.classList.toggle('active', on);
      if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
  }
}

async function loadServerInfo() {
  try {
    const s = await api('GET', `${API}/server`);
    state.server = s;
    setText($('#server-info'), `Conduit ${s.version} · store ${s.store} · up ${fmtAge(s.uptimeSeconds)} (since ${fmtTime(s.startedAt)})`);
  } catch (e) {
    if (!(e instanceof AuthRedirect)) setText($('#server-info'), 'Conduit');
  }
}

/* ------------------------------------------------------------------ small widgets */

/** Runs fn with the button disabled; errors go to the banner. */
async function busy(btn, fn) {
  if (btn) btn.disabled = true;
  try { return await fn(); } catch (e) { showError(e); return undefined; } finally { if (btn && btn.isConnected) btn.disabled = false; }
}

/** A button that needs a second click within 4 s to run its action. */
function confirmButton(props, label, armedLabel, action) {
  const btn = h('button', { type: 'button', ...props, class: ['btn', props.class, 'confirm'] }, label);
  let armed = false;
  let timer = null;
  const disarm = () => { armed = false; clearTimeout(timer); btn.classList.remove('armed'); setText(btn, label); };
  btn.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      btn.classList.add('armed');
      setText(btn, armedLabel);
      timer = setTimeout(disarm, 4000);
      return;
    }
    disarm();
    await busy(btn, action);
  });
  return btn;
}

function tableWrap(table) {
  return h('div', { class: 'table-wrap' }, table);
}

function thead(...cols) {
  return h('thead', null, h('tr', null, cols.map(c => h('th', { scope: 'col' }, c))));
}

function emptyRow(cols, text) {
  return h('tr', { class: 'empty' }, h('td', { colspan: cols }, text));
}

function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input,
    hint ? h('span', { class: 'field-hint' }, hint) : null);
}

function select(props, options, value) {
  const el = h('select', props, options.map(o => {
    const [v, t] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v }, t);
  }));
  if (value != null) el.value = value;
  return el;
}

function kv(dl, key, value) {
  dl.append(h('div', { class: 'kv' }, h('dt', null, key), h('dd', null, value == null || value === '' ? '—' : value)));
}

/* ------------------------------------------------------------------ login / setup / account */

async function viewLogin(ctx, main) {
  const user = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { id: 'login-submit', type: 'submit', class: 'btn btn-primary' }, 'Log in');
  const form = h('form', { id: 'login-form', class: 'auth-form' },
    h('h1', null, 'Log in to Conduit'),
    field('Username', user), field('Password', pass), submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await busy(submit, async () => {
      const s = await api('POST', `${API}/session`, { username: user.value, password: pass.value }, { allow401: true });
      state.session = s;
      clearFlash();
      loadServerInfo();
      const back = state.returnTo && !/^#\/(login|setup)/.test(state.returnTo) ? state.returnTo : '#/channels';
      state.returnTo = null;
      navigate(back);
    }).then(() => { if (!state.session) pass.select(); });
  });
  main.append(h('section', { class: 'auth-page' }, form));
  user.focus();
}

async function viewSetup(ctx, main, _params, query) {
  const st = await api('GET', `${API}/setup`, undefined, { allow401: true });
  if (!ctx.alive) return;
  if (!st || !st.required) {
    main.append(h('section', { class: 'auth-page' }, h('div', { class: 'auth-form', id: 'setup-done' },
      h('h1', null, 'Setup is complete'),
      h('p', null, 'An administrator already exists. ', hashLink('#/login', 'Log in')))));
    return;
  }
  const token = h('input', { id: 'setup-token', name: 'token', required: true, autocomplete: 'off', value: query.get('token') || '' });
  const user = h('input', { id: 'setup-username', name: 'username', required: true, autocomplete: 'username', value: 'admin' });
  const pass = h('input', { id: 'setup-password', type: 'password', required: true, autocomplete: 'new-password' });
  const pass2 = h('input', { id: 'setup-password2', type: 'password', required: true, autocomplete: 'new-password' });
  const submit = h('button', { id: 'setup-submit', type: 'submit', class: 'btn btn-primary' }, 'Create administrator');
  const form = h('form', { id: 'setup-form', class: 'auth-form' },
    h('h1', null, 'Welcome to Conduit'),
    h('p', { class: 'muted' }, 'No user exists yet. Create the first administrator. The setup token is part of the one-time link printed by ',
      h('code', null, 'conduit run'), '.'),
    field('Setup token', token), field('Administrator username', user),
    field('Password', pass), field('Repeat password', pass2), submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (pass.value !== pass2.value) { flash('error', 'The two passwords differ.', 'password'); return; }
    await busy(submit, async () => {
      await api('POST', `${API}/setup`, { token: token.value.trim(), username: user.value, password: pass.value }, { allow401: true });
      state.session = await api('POST', `${API}/session`, { username: user.value, password: pass.value }, { allow401: true });
      flash('success', `Administrator ${user.value} created.`);
      loadServerInfo();
      navigate('#/channels');
    });
  });
  main.append(h('section', { class: 'auth-page' }, form));
}

async function viewAccount(ctx, main) {
  const cur = h('input', { id: 'pw-current', type: 'password', required: true, autocomplete: 'current-password' });
  const nw = h('input', { id: 'pw-new', type: 'password', required: true, autocomplete: 'new-password' });
  const nw2 = h('input', { id: 'pw-new2', type: 'password', required: true, autocomplete: 'new-password' });
  const submit = h('button', { id: 'pw-submit', type: 'submit', class: 'btn btn-primary' }, 'Change password');
  const form = h('form', { id: 'password-form', class: 'form-grid narrow' },
    field('Current password', cur), field('New password', nw), field('Repeat new password', nw2), h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (nw.value !== nw2.value) { flash('error', 'The two new passwords differ.', 'newPassword'); return; }
    await busy(submit, async () => {
      await api('POST', `${API}/session/password`, { currentPassword: cur.value, newPassword: nw.value });
      form.reset();
      flash('success', 'Password changed.');
    });
  });
  main.append(h('section', { class: 'panel' },
    h('h1', null, 'My account'),
    h('p', null, 'Signed in as ', h('strong', null, state.session.username), ' with the role ', badge(state.session.role, 'role'), '.'),
    h('h2', null, 'Change password'), form));
}

/* ------------------------------------------------------------------ throughput history */

const rateHistory = new Map();   // channel name → [{t, received}]

function recordSamples(channels, t = Date.now()) {
  for (const ch of channels) {
    if (!ch || !ch.counters) continue;
    let arr = rateHistory.get(ch.name);
    if (!arr) { arr = []; rateHistory.set(ch.name, arr); }
    const last = arr[arr.length - 1];
    if (last && t - last.t < 900) continue;   // two views polling at once: keep one sample
    arr.push({ t, received: Number(ch.counters.received) || 0 });
    while (arr.length > 2 && t - arr[0].t > RATE_WINDOW_MS + POLL_MS) arr.shift();
  }
}

/** [{t, rate, gap}] where gap marks a sample after a pause in polling (hidden page). */
function rates(name) {
  const arr = rateHistory.get(name) || [];
  const out = [];
  for (let i = 1; i < arr.length; i++) {
    const a = arr[i - 1];
    const b = arr[i];
    const dt = (b.t - a.t) / 1000;
    if (dt <= 0) continue;
    const d = Math.max(0, b.received - a.received);    // counters reset when the engine restarts
    out.push({ t: b.t, rate: d / dt, gap: dt > POLL_MS * 3 / 1000 });
  }
  return out;
}

function currentRate(name) {
  const r = rates(name);
  return r.length ? r[r.length - 1].rate : null;
}

/** Draws / redraws the sparkline into the given <svg>. */
function drawSparkline(el, name, w = 160, hgt = 36) {
  const rs = rates(name);
  const now = Date.now();
  const hist = rateHistory.get(name) || [];
  // the x axis spans the history we have (at least a minute), up to the full window
  const span = Math.max(60000, Math.min(RATE_WINDOW_MS, hist.length ? now - hist[0].t : 0));
  const t0 = now - span;
  const max = Math.max(1, ...rs.map(r => r.rate));
  const x = t => Math.max(0, Math.min(w, ((t - t0) / span) * w)).toFixed(1);
  const y = r => (hgt - 2 - (r / max) * (hgt - 4)).toFixed(1);
  const segments = [];
  let seg = [];
  for (const r of rs) {
    if (r.t < t0) continue;
    if (r.gap && seg.length) { segments.push(seg); seg = []; }
    seg.push(r);
  }
  if (seg.length) segments.push(seg);
  const children = [svg('title', {}, `Messages received per second, last ${Math.round(span / 60000)} min (peak ${max.toFixed(1)}/s)`),
    svg('line', { x1: 0, x2: w, y1: hgt - 1.5, y2: hgt - 1.5, class: 'spark-base' })];
  for (const s of segments) {
    const pts = s.map(r => `${x(r.t)},${y(r.rate)}`);
    if (s.length === 1) {
      children.push(svg('circle', { cx: x(s[0].t), cy: y(s[0].rate), r: 1.5, class: 'spark-dot' }));
      continue;
    }
    children.push(svg('polygon', { class: 'spark-area', points: `${x(s[0].t)},${hgt - 1.5} ${pts.join(' ')} ${x(s[s.length - 1].t)},${hgt - 1.5}` }));
    children.push(svg('polyline', { class: 'spark-line', points: pts.join(' ') }));
  }
  el.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  el.replaceChildren(...children);
}

function sparklineSvg(extraClass) {
  return svg('svg', { class: `sparkline${extraClass ? ` ${extraClass}` : ''}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Throughput' });
}

/* ------------------------------------------------------------------ channels overview */

function queueTotal(ch) {
  return (ch.destinations || []).reduce((n, d) => n + (Number(d.queueDepth) || 0), 0);
}

const ACTIONS = [
  { action: 'start', label: 'Start', when: ['DEPLOYED', 'STOPPED', 'FAILED'] },
  { action: 'pause', label: 'Pause', when: ['STARTED'] },
  { action: 'resume', label: 'Resume', when: ['PAUSED'] },
  { action: 'stop', label: 'Stop', when: ['STARTED', 'PAUSED'] },
];

/** Start/stop/pause/resume buttons; onChanged(channel) gets the answer. Returns {el, update(ch)}. */
function channelActions(ch, onChanged) {
  const buttons = ACTIONS.map(a => {
    const b = h('button', { type: 'button', class: ['btn', 'btn-small', 'channel-action', `action-${a.action}`], dataset: { action: a.action } }, a.label);
    b.addEventListener('click', () => busy(b, async () => {
      const res = await api('POST', `${API}/channels/${enc(ch.name)}/${a.action}`);
      flash('success', `Channel ${ch.name}: ${a.action} → ${res && res.state ? res.state : 'done'}.`);
      if (res && res.name) onChanged(res);
    }));
    return { a, b };
  });
  const el = h('div', { class: 'channel-actions' }, buttons.map(x => x.b));
  const update = (c) => {
    for (const { a, b } of buttons) {
      const allowed = a.when.includes(c.state);
      b.hidden = !allowed;
    }
  };
  update(ch);
  return { el, update };
}

function adminToolbar() {
  const result = h('div', { id: 'admin-result', class: 'admin-result', hidden: true });
  const close = () => { result.hidden = true; result.replaceChildren(); };
  const redeploy = h('button', { type: 'button', id: 'redeploy-button', class: 'btn' }, 'Redeploy');
  const validate = h('button', { type: 'button', id: 'validate-button', class: 'btn' }, 'Validate config');
  const closeBtn = () => h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: close }, 'Close');
  redeploy.addEventListener('click', () => busy(redeploy, async () => {
    const r = await api('POST', `${API}/redeploy`);
    const dl = h('dl', { class: 'kv-list' });
    for (const k of ['deployed', 'redeployed', 'undeployed', 'unchanged']) {
      const list = (r && r[k]) || [];
      kv(dl, k[0].toUpperCase() + k.slice(1), list.length ? list.join(', ') : '—');
    }
    result.replaceChildren(h('div', { class: 'result-head' }, h('h2', null, 'Redeploy finished'), closeBtn()), dl);
    result.className = 'admin-result ok';
    result.hidden = false;
  }));
  validate.addEventListener('click', () => busy(validate, async () => {
    const r = await api('POST', `${API}/config/validate`);
    const problems = (r && r.problems) || [];
    const body = r && r.valid
      ? h('p', { id: 'validate-valid' }, 'The configuration is valid.')
      : tableWrap(h('table', { class: 'data', id: 'validate-problems' }, thead('File', 'Line', 'Field', 'Problem'),
        h('tbody', null, problems.map(p => h('tr', null, h('td', null, p.file || ''), h('td', { class: 'num' }, p.line == null ? '' : String(p.line)),
          h('td', null, h('code', null, p.field || '')), h('td', null, p.message || ''))))));
    result.replaceChildren(h('div', { class: 'result-head' },
      h('h2', null, r && r.valid ? 'Configuration valid' : `Configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}`), closeBtn()), body);
    result.className = `admin-result ${r && r.valid ? 'ok' : 'bad'}`;
    result.hidden = false;
  }));
  return { bar: h('div', { class: 'toolbar-actions' }, redeploy, validate), result };
}

function channelCard(ch) {
  const el = {};
  el.state = h('span', { class: 'badge channel-state' });
  el.sub = h('div', { class: 'channel-sub' });
  el.failure = h('div', { class: 'channel-failure', hidden: true });
  const counter = (cls, label) => {
    el[cls] = h('dd', { class: `counter-${cls}` });
    return h('div', { class: `counter counter-box-${cls}` }, h('dt', null, label), el[cls]);
  };
  el.spark = sparklineSvg();
  el.rate = h('span', { class: 'rate' });
  let actions = null;
  if (can('operator')) actions = channelActions(ch, (c) => update(c));
  const card = h('article', { class: 'channel-card', dataset: { channel: ch.name } },
    h('header', { class: 'card-head' },
      h('a', { class: 'channel-name', href: `#/channels/${enc(ch.name)}` }, ch.name), el.state),
    el.sub, el.failure,
    h('dl', { class: 'counters' }, counter('received', 'Received'), counter('filtered', 'Filtered'),
      counter('sent', 'Sent'), counter('errored', 'Errored'), counter('queued', 'Queued')),
    h('div', { class: 'spark-row' }, el.spark, el.rate),
    actions ? actions.el : null);
  function update(c) {
    setBadge(el.state, c.state, 'state');
    const parts = [];
    if (c.listen) parts.push(`listens on ${c.listen}`);
    if (c.enabled === false) parts.push('disabled');
    parts.push(`${(c.destinations || []).length} destination${(c.destinations || []).length === 1 ? '' : 's'}`);
    setText(el.sub, parts.join(' · '));
    el.failure.hidden = !c.failure;
    setText(el.failure, c.failure || '');
    const k = c.counters || {};
    setText(el.received, fmtNum(k.received));
    setText(el.filtered, fmtNum(k.filtered));
    setText(el.sent, fmtNum(k.sent));
    setText(el.errored, fmtNum(k.errored));
    el.errored.parentElement.classList.toggle('alert', Number(k.errored) > 0);
    const q = queueTotal(c);
    setText(el.queued, fmtNum(q));
    el.queued.parentElement.classList.toggle('warn', q > 0);
    drawSparkline(el.spark, c.name);
    setText(el.rate, fmtRate(currentRate(c.name)));
    if (actions) actions.update(c);
  }
  update(ch);
  return { card, update };
}

async function viewChannels(ctx, main) {
  const list = h('div', { id: 'channel-list', class: 'channel-grid' });
  const summary = h('div', { class: 'summary', id: 'channel-summary' });
  const updated = h('span', { id: 'last-updated', class: 'muted small' });
  const head = h('div', { class: 'page-head' }, h('h1', null, 'Channels'), summary);
  const tools = h('div', { class: 'toolbar' }, updated);
  let admin = null;
  if (can('admin')) { admin = adminToolbar(); tools.append(admin.bar); }
  main.append(h('section', null, head, tools, admin ? admin.result : null, list));

  const cards = new Map();
  ctx.poll(async () => {
    const channels = await api('GET', `${API}/channels`);
    if (!ctx.alive) return;
    recordSamples(channels);
    const seen = new Set();
    channels.forEach((ch, i) => {
      seen.add(ch.name);
      let c = cards.get(ch.name);
      if (!c) { c = channelCard(ch); cards.set(ch.name, c); } else c.update(ch);
      if (list.children[i] !== c.card) list.insertBefore(c.card, list.children[i] || null);
    });
    for (const [name, c] of cards) if (!seen.has(name)) { c.card.remove(); cards.delete(name); }
    const note = list.querySelector('.empty-note');
    if (!channels.length && !note) list.append(h('p', { class: 'muted empty-note' }, 'No channels are deployed. Add a channel file to the config directory.'));
    if (channels.length && note) note.remove();
    const started = channels.filter(c => c.state === 'STARTED').length;
    const failed = channels.filter(c => c.state === 'FAILED').length;
    const errored = channels.reduce((n, c) => n + (Number(c.counters && c.counters.errored) || 0), 0);
    const queued = channels.reduce((n, c) => n + queueTotal(c), 0);
    // replaceChildren would print a null as the text "null": leave the failed pill out instead.
    summary.replaceChildren(...[
      h('span', { class: 'pill' }, `${channels.length} channels`),
      h('span', { class: 'pill ok' }, `${started} started`),
      failed ? h('span', { class: 'pill bad' }, `${failed} failed`) : null,
      h('span', { class: ['pill', queued ? 'warn' : null] }, `${fmtNum(queued)} queued`),
      h('span', { class: ['pill', errored ? 'bad' : null] }, `${fmtNum(errored)} errored`)].filter(Boolean));
    setText(updated, `Live · updated ${fmtTime(new Date().toISOString()).slice(11)}`);
  }, POLL_MS);
}

/* ------------------------------------------------------------------ channel detail */

async function viewChannel(ctx, main, [name]) {
  const stateBadge = h('span', { id: 'channel-state', class: 'badge' });
  const info = h('dl', { class: 'kv-list', id: 'channel-info' });
  const failure = h('div', { class: 'channel-failure', id: 'channel-failure', hidden: true });
  const counters = h('dl', { class: 'counters wide' });
  const spark = sparklineSvg('large');
  const rate = h('span', { class: 'rate' });
  const destBody = h('tbody');
  const errored = h('section', { id: 'errored-list', class: 'panel', hidden: true });
  const actionsBox = h('div', { class: 'head-actions' });
  let actions = null;
  const root = h('section', { id: 'channel-detail', dataset: { channel: name } },
    h('nav', { class: 'crumbs' }, hashLink('#/channels', 'Channels'), ' / ', name),
    h('div', { class: 'page-head' }, h('h1', null, name, ' ', stateBadge), actionsBox),
    failure,
    h('div', { class: 'detail-grid' },
      h('section', { class: 'panel' }, h('h2', null, 'Channel'), info,
        h('p', { class: 'links' },
          hashLink(hashWith('/messages', { channel: name }), 'Messages of this channel', { id: 'channel-messages-link', class: 'btn btn-small' }), ' ',
          hashLink(hashWith('/messages', { channel: name, status: 'ERRORED' }), 'Errored messages', { id: 'channel-errored-link', class: 'btn btn-small' }))),
      h('section', { class: 'panel' }, h('h2', null, 'Counters since engine start'), counters,
        h('div', { class: 'spark-row' }, spark, rate))),
    h('section', { class: 'panel' }, h('h2', null, 'Destinations'),
      tableWrap(h('table', { class: 'data', id: 'destinations-table' },
        thead('Destination', 'Queue depth', 'Oldest queued', 'Age', 'Actions'), destBody))),
    errored);
  main.append(root);

  const rows = new Map();
  let erroredFor = null;

  async function loadErrored(dest) {
    erroredFor = dest;
    const refresh = h('button', { type: 'button', class: 'btn btn-small', id: 'errored-refresh' }, 'Refresh');
    const close = h('button', { type: 'button', class: 'btn btn-small btn-ghost' }, 'Close');
    close.addEventListener('click', () => { errored.hidden = true; erroredFor = null; });
    refresh.addEventListener('click', () => busy(refresh, () => loadErrored(dest)));
    const body = h('tbody', null, emptyRow(6, 'Loading…'));
    errored.replaceChildren(
      h('div', { class: 'result-head' }, h('h2', null, `Errored messages — ${dest}`), h('div', null, refresh, ' ', close)),
      tableWrap(h('table', { class: 'data', id: 'errored-table' }, thead('Received', 'Type', 'Control id', 'Patient id', 'Status', 'Error'), body)));
    errored.hidden = false;
    const r = await api('GET', `${API}/channels/${enc(name)}/destinations/${enc(dest)}/errored${qs({ limit: 100 })}`);
    if (!ctx.alive || erroredFor !== dest) return;
    const items = (r && r.items) || [];
    body.replaceChildren(...(items.length ? items.map(m => {
      const md = m.metadata || {};
      return h('tr', { dataset: { id: m.id } },
        h('td', null, hashLink(`#/messages/${enc(m.id)}`, fmtTime(m.receivedAt), { title: m.id })),
        h('td', null, md.messageType || ''), h('td', null, md.controlId || ''), h('td', null, md.patientId || ''),
        h('td', null, badge(m.status)), h('td', { class: 'error-cell' }, m.error || ''));
    }) : [emptyRow(6, 'No errored messages for this destination.')]));
  }

  function destRow(dest) {
    const c = {
      depth: h('td', { class: 'num queue-depth' }),
      oldest: h('td', { class: 'oldest-queued' }),
      age: h('td', { class: 'oldest-age' }),
    };
    const acts = h('td', { class: 'actions' });
    if (can('operator')) {
      const retry = h('button', { type: 'button', class: 'btn btn-small retry-button' }, 'Retry now');
      retry.addEventListener('click', () => busy(retry, async () => {
        await api('POST', `${API}/channels/${enc(name)}/destinations/${enc(dest)}/retry`);
        flash('success', `Destination ${dest}: retrying now.`);
      }));
      const resend = confirmButton({ class: 'btn-small resend-errored-button' }, 'Resend errored', 'Click again to resend', async () => {
        const r = await api('POST', `${API}/channels/${enc(name)}/destinations/${enc(dest)}/resend-errored`);
        flash('success', `Destination ${dest}: ${r && r.queued != null ? r.queued : 0} errored message(s) queued again.`);
        if (erroredFor === dest) loadErrored(dest).catch(showError);
      });
      acts.append(retry, ' ', resend, ' ');
    }
    const show = h('button', { type: 'button', class: 'btn btn-small btn-ghost show-errored-button' }, 'Errored messages');
    show.addEventListener('click', () => busy(show, () => loadErrored(dest)));
    acts.append(show);
    c.tr = h('tr', { dataset: { destination: dest } }, h('th', { scope: 'row' }, dest), c.depth, c.oldest, c.age, acts);
    return c;
  }

  let channel = null;
  const update = (ch, queues) => {
    channel = ch;
    setBadge(stateBadge, ch.state, 'state');
    failure.hidden = !ch.failure;
    setText(failure, ch.failure || '');
    info.replaceChildren();
    kv(info, 'State', ch.state);
    kv(info, 'Enabled', ch.enabled === false ? 'no' : 'yes');
    kv(info, 'Listens on', ch.listen || '—');
    kv(info, 'File', ch.file ? h('code', null, ch.file) : '—');
    const k = ch.counters || {};
    counters.replaceChildren(...[['received', 'Received'], ['filtered', 'Filtered'], ['sent', 'Sent'], ['errored', 'Errored']].map(([key, label]) =>
      h('div', { class: ['counter', key === 'errored' && Number(k[key]) > 0 ? 'alert' : null] }, h('dt', null, label), h('dd', { class: `counter-${key}` }, fmtNum(k[key])))));
    drawSparkline(spark, ch.name, 300, 48);
    setText(rate, fmtRate(currentRate(ch.name)));
    if (actions) actions.update(ch);
    const seen = new Set();
    for (const d of ch.destinations || []) {
      seen.add(d.name);
      let r = rows.get(d.name);
      if (!r) { r = destRow(d.name); rows.set(d.name, r); }
      if (r.tr.parentNode !== destBody) destBody.append(r.tr);
      setText(r.depth, fmtNum(d.queueDepth));
      r.tr.classList.toggle('warn', Number(d.queueDepth) > 0);
      r.oldest.replaceChildren(d.oldestQueuedAt ? timeEl(d.oldestQueuedAt) : '—');
      const q = (queues || []).find(x => x.channel === ch.name && x.destination === d.name);
      let age = q && q.oldestAgeSeconds != null ? q.oldestAgeSeconds : null;
      if (age == null && d.oldestQueuedAt) age = (Date.now() - new Date(d.oldestQueuedAt).getTime()) / 1000;
      setText(r.age, d.oldestQueuedAt || age != null ? fmtAge(age) : '—');
    }
    for (const [dn, r] of rows) if (!seen.has(dn)) { r.tr.remove(); rows.delete(dn); }
    if (!rows.size && !destBody.querySelector('tr.empty')) destBody.append(emptyRow(5, 'This channel has no destinations.'));
    else if (rows.size) { const e = destBody.querySelector('tr.empty'); if (e) e.remove(); }
  };

  ctx.poll(async () => {
    const [ch, queues] = await Promise.all([
      api('GET', `${API}/channels/${enc(name)}`),
      api('GET', `${API}/queues`).catch(e => { if (e instanceof AuthRedirect) throw e; return null; }),
    ]);
    if (!ctx.alive) return;
    recordSamples([ch]);
    if (!actions && can('operator')) {
      actions = channelActions(ch, (c) => update(c, null));
      actionsBox.append(actions.el);
    }
    update(ch, queues);
  }, POLL_MS);
}

/* ------------------------------------------------------------------ message browser */

const MSG_FILTERS = ['channel', 'status', 'type', 'controlId', 'patientId', 'text', 'from', 'to'];

let channelListCache = { at: 0, list: null };
async function channelList() {
  if (channelListCache.list && Date.now() - channelListCache.at < 30000) return channelListCache.list;
  const list = await api('GET', `${API}/channels`);
  channelListCache = { at: Date.now(), list };
  return list;
}

function messageRow(m) {
  const md = m.metadata || {};
  const link = hashLink(`#/messages/${enc(m.id)}`, fmtTime(m.receivedAt), { title: `Message ${m.id}`, class: 'row-link' });
  const tr = h('tr', { dataset: { id: m.id }, class: ['clickable', m.status === 'ERRORED' ? 'row-error' : null] },
    h('td', { class: 'nowrap' }, link),
    h('td', null, m.channel || ''),
    h('td', null, badge(m.status)),
    h('td', null, md.messageType || ''),
    h('td', null, md.controlId || ''),
    h('td', null, md.patientId || ''),
    h('td', { class: 'num nowrap' }, fmtBytes(m.size)),
    h('td', { class: 'error-cell' }, m.error || ''));
  tr.addEventListener('click', (ev) => {
    if (ev.target.closest('a') || window.getSelection().toString()) return;
    navigate(`#/messages/${enc(m.id)}`);
  });
  return tr;
}

async function viewMessages(ctx, main, _params, query) {
  const f = {};
  for (const k of MSG_FILTERS) f[k] = query.get(k) || '';
  const limit = query.get('limit') || '50';
  const cursor = query.get('cursor') || '';
  const auto = query.get('auto') === '1';

  const chSel = select({ id: 'f-channel', name: 'channel' }, [['', 'All channels']], '');
  if (f.channel) { chSel.append(h('option', { value: f.channel }, f.channel)); chSel.value = f.channel; }
  const inputs = {
    channel: chSel,
    status: select({ id: 'f-status', name: 'status' }, [['', 'Any status'], ...MESSAGE_STATUSES], f.status),
    type: h('input', { id: 'f-type', name: 'type', placeholder: 'ADT^A01', value: f.type }),
    controlId: h('input', { id: 'f-controlId', name: 'controlId', value: f.controlId }),
    patientId: h('input', { id: 'f-patientId', name: 'patientId', value: f.patientId }),
    text: h('input', { id: 'f-text', name: 'text', type: 'search', placeholder: 'Any metadata value (last 24 h unless From is set)', value: f.text }),
    from: h('input', { id: 'f-from', name: 'from', type: 'datetime-local', value: isoToLocalInput(f.from) }),
    to: h('input', { id: 'f-to', name: 'to', type: 'datetime-local', value: isoToLocalInput(f.to) }),
  };
  const limitSel = select({ id: 'f-limit', name: 'limit' }, ['25', '50', '100', '250', '500', '1000'], limit);
  if (limitSel.value !== limit) { limitSel.append(h('option', { value: limit }, limit)); limitSel.value = limit; }
  const submit = h('button', { type: 'submit', id: 'search-submit', class: 'btn btn-primary' }, 'Search');
  const reset = h('button', { type: 'button', id: 'search-reset', class: 'btn btn-ghost' }, 'Clear');
  const autoBox = h('input', { type: 'checkbox', id: 'auto-refresh', checked: auto });
  const form = h('form', { id: 'message-search', class: 'filter-form' },
    field('Channel', inputs.channel), field('Status', inputs.status), field('Message type', inputs.type),
    field('Control id', inputs.controlId), field('Patient id', inputs.patientId),
    can('analyst') ? field('Free text', inputs.text) : null, // it matches patient names: analysts and up
    field('From', inputs.from), field('To', inputs.to), field('Page size', limitSel),
    h('div', { class: 'form-actions' }, submit, reset,
      h('label', { class: 'check' }, autoBox, ' Auto refresh')));

  const readForm = () => {
    const p = {};
    for (const k of MSG_FILTERS) {
      const v = k === 'from' || k === 'to' ? localInputToIso(inputs[k].value) : inputs[k].value.trim();
      if (v) p[k] = v;
    }
    // Free text reads every message in its time range, so the server wants one: the last 24 hours
    // unless the user chose a range (or narrowed the search to a control or patient id).
    if (p.text && !p.from && !p.controlId && !p.patientId) p.from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    p.limit = limitSel.value;
    if (autoBox.checked) p.auto = '1';
    return p;
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); navigate(hashWith('/messages', readForm())); });
  reset.addEventListener('click', () => navigate(hashWith('/messages', { limit: limitSel.value })));

  const body = h('tbody', null, emptyRow(8, 'Loading…'));
  const count = h('span', { id: 'result-count', class: 'muted' });
  const next = h('button', { type: 'button', id: 'next-page', class: 'btn', hidden: true }, 'Next page →');
  const first = h('button', { type: 'button', id: 'first-page', class: 'btn btn-ghost', hidden: !cursor }, '← First page');
  const applied = {};
  for (const k of MSG_FILTERS) if (f[k]) applied[k] = f[k];
  const pageParams = (c) => ({ ...applied, limit, cursor: c, auto: autoBox.checked ? '1' : '' });
  first.addEventListener('click', () => navigate(hashWith('/messages', pageParams(''))));

  main.append(h('section', null,
    h('div', { class: 'page-head' }, h('h1', null, 'Messages')),
    h('section', { class: 'panel' }, form),
    can('operator') ? bulkResendPanel(ctx, applied) : null,
    h('section', { class: 'panel' },
      h('div', { class: 'result-head' }, count, h('div', null, first, ' ', next)),
      tableWrap(h('table', { class: 'data', id: 'message-results' },
        thead('Received', 'Channel', 'Status', 'Type', 'Control id', 'Patient id', 'Size', 'Error'), body)))));

  channelList().then(list => {
    if (!ctx.alive) return;
    const names = list.map(c => c.name).sort();
    chSel.replaceChildren(h('option', { value: '' }, 'All channels'), ...names.map(n => h('option', { value: n }, n)));
    if (f.channel && !names.includes(f.channel)) chSel.append(h('option', { value: f.channel }, f.channel));
    chSel.value = f.channel;
  }).catch(showError);

  let nextCursor = null;
  next.addEventListener('click', () => { if (nextCursor) navigate(hashWith('/messages', pageParams(nextCursor))); });

  const poller = ctx.poll(async () => {
    const r = await api('GET', `${API}/messages${qs({ ...applied, limit, cursor })}`);
    if (!ctx.alive) return;
    const items = (r && r.items) || [];
    body.replaceChildren(...(items.length ? items.map(messageRow) : [emptyRow(8, 'No messages match these filters.')]));
    nextCursor = r && r.next ? r.next : null;
    next.hidden = !nextCursor;
    setText(count, `${items.length} message${items.length === 1 ? '' : 's'}${cursor ? ' (later page)' : ''}${nextCursor ? ', more on the next page' : ''} · ${fmtTime(new Date().toISOString()).slice(11)}`);
  }, 5000, () => autoBox.checked);

  autoBox.addEventListener('change', () => {
    // keep the toggle in the URL without re-rendering
    const p = pageParams(cursor);
    history.replaceState(null, '', hashWith('/messages', p));
    if (autoBox.checked) poller.now();
  });
}

function bulkResendPanel(ctx, applied) {
  const hasFilter = Object.keys(applied).length > 0;
  const destSel = select({ id: 'bulk-destination' }, [['', 'All destinations']], '');
  const progress = h('progress', { id: 'bulk-progress', max: 1, value: 0 });
  const ptext = h('span', { id: 'bulk-progress-text' });
  const stateEl = h('span', { id: 'bulk-state', class: 'badge' });
  const errors = h('ul', { id: 'bulk-errors', class: 'error-list' });
  const progressBox = h('div', { class: 'bulk-progress', hidden: true }, stateEl, progress, ptext, errors);
  if (applied.channel) {
    channelList().then(list => {
      const ch = list.find(c => c.name === applied.channel);
      for (const d of (ch && ch.destinations) || []) destSel.append(h('option', { value: d.name }, d.name));
    }).catch(() => {});
  } else destSel.disabled = true;
  const describe = Object.entries(applied).map(([k, v]) => `${k}=${v}`).join(', ');
  const btn = confirmButton({ id: 'bulk-resend-button', class: 'btn-warn', disabled: !hasFilter },
    'Resend all matching', 'Click again to resend all', async () => {
      const body = { ...applied, max: 10000 };
      if (destSel.value) body.destination = destSel.value;
      const r = await api('POST', `${API}/messages/resend`, body);
      progressBox.hidden = false;
      errors.replaceChildren();
      const jobId = r && r.job;
      setBadge(stateEl, 'RUNNING', 'job');
      setText(ptext, 'Starting…');
      while (ctx.alive && jobId) {
        const job = await api('GET', `${API}/jobs/${enc(jobId)}`);
        if (!ctx.alive) return;
        const total = Number(job.total) || 0;
        const done = Number(job.done) || 0;
        progress.max = Math.max(1, total);
        progress.value = Math.min(done, Math.max(1, total));
        setBadge(stateEl, job.state, 'job');
        setText(ptext, `${fmtNum(done)} / ${fmtNum(total)} done${job.failed ? `, ${fmtNum(job.failed)} failed` : ''}`);
        errors.replaceChildren(...(job.errors || []).slice(0, 50).map(e => h('li', null, e)));
        if (job.state === 'DONE' || job.state === 'FAILED') {
          flash(job.state === 'DONE' && !job.failed ? 'success' : 'error',
            `Bulk resend ${job.state === 'DONE' ? 'finished' : 'failed'}: ${done} of ${total} queued again${job.failed ? `, ${job.failed} failed` : ''}.`);
          break;
        }
        await sleep(500);
      }
    });
  return h('section', { class: 'panel bulk-panel' },
    h('div', { class: 'bulk-row' },
      h('div', { class: 'bulk-text' }, h('strong', null, 'Bulk resend'), ' ',
        h('span', { class: 'muted' }, hasFilter ? `queues every message matching ${describe} again (at most 10 000).` : 'Search with at least one filter first.')),
      field('Destination', destSel), btn),
    progressBox);
}

/* ------------------------------------------------------------------ message view */

async function viewMessage(ctx, main, [id]) {
  const m = await api('GET', `${API}/messages/${enc(id)}`);
  if (!ctx.alive) return;
  const md = m.metadata || {};

  const head = h('div', { class: 'page-head' },
    h('h1', null, 'Message ', h('code', { class: 'msg-id' }, m.id), ' ', h('span', { id: 'message-status', class: 'badge' })),
    h('div', { class: 'head-actions' }));
  setBadge($('#message-status', head), m.status);
  const refresh = h('button', { type: 'button', id: 'message-refresh', class: 'btn btn-small btn-ghost' }, 'Refresh');
  refresh.addEventListener('click', () => route());
  const actions = $('.head-actions', head);
  actions.append(refresh);

  if (can('operator')) {
    const dests = [...new Set((m.deliveries || []).map(d => d.destination).filter(Boolean))];
    const destSel = select({ id: 'resend-destination', 'aria-label': 'Resend to' }, [['', 'All destinations'], ...dests], '');
    const resend = h('button', { type: 'button', id: 'resend-button', class: 'btn' }, 'Resend');
    resend.addEventListener('click', () => busy(resend, async () => {
      const r = await api('POST', `${API}/messages/${enc(m.id)}/resend`, destSel.value ? { destination: destSel.value } : {});
      const q = (r && r.queuedFor) || [];
      flash('success', q.length ? `Queued again for ${q.join(', ')}.` : 'Nothing was queued.');
    }));
    const reprocess = h('button', { type: 'button', id: 'reprocess-button', class: 'btn' }, 'Reprocess');
    reprocess.addEventListener('click', () => busy(reprocess, async () => {
      const r = await api('POST', `${API}/messages/${enc(m.id)}/reprocess`);
      flash('success', `Reprocessed as new message ${r.id} (${r.status}).`);
      navigate(`#/messages/${enc(r.id)}`);
    }));
    actions.append(destSel, resend, reprocess);
  }

  const meta = h('dl', { class: 'kv-list', id: 'message-metadata' });
  kv(meta, 'Id', h('code', null, m.id));
  kv(meta, 'Channel', m.channel ? hashLink(`#/channels/${enc(m.channel)}`, m.channel) : '—');
  kv(meta, 'Received', timeEl(m.receivedAt));
  kv(meta, 'Status', badge(m.status));
  kv(meta, 'Data type', m.dataType);
  kv(meta, 'Size', fmtBytes(m.size));
  kv(meta, 'Charset', m.charset);
  kv(meta, 'Origin', m.origin);
  const labels = { messageType: 'Message type', controlId: 'Control id', patientId: 'Patient id', patientName: 'Patient name',
    sendingApplication: 'Sending application', sendingFacility: 'Sending facility', version: 'Version' };
  for (const [k, v] of Object.entries(md)) {
    kv(meta, labels[k] || k, v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  }

  const lineage = h('dl', { class: 'kv-list' });
  const idOf = x => (x && typeof x === 'object' ? x.id : x);   // ids, or summaries with an id
  const parent = idOf(m.parent);
  kv(lineage, 'Parent', parent ? hashLink(`#/messages/${enc(parent)}`, parent, { id: 'message-parent' }) : h('span', { id: 'message-parent' }, '—'));
  const children = (m.children || []).map(idOf).filter(Boolean);
  kv(lineage, 'Children', h('span', { id: 'message-children' }, children.length
    ? children.map((c, i) => [i ? ', ' : '', hashLink(`#/messages/${enc(c)}`, c)]) : '—'));

  const stages = tableWrap(h('table', { class: 'data', id: 'message-stages' },
    thead('Time', 'Destination', 'Stage', 'Detail'),
    h('tbody', null, (m.stages || []).length ? m.stages.map(s => h('tr', null,
      h('td', { class: 'nowrap' }, timeEl(s.at)),
      h('td', null, s.destination ? s.destination : h('span', { class: 'muted' }, 'source')),
      h('td', null, badge(s.stage)),
      h('td', { class: 'detail-cell' }, s.detail || ''))) : [emptyRow(4, 'No stages recorded.')])));

  const deliveries = tableWrap(h('table', { class: 'data', id: 'message-deliveries' },
    thead('Destination', 'Status', 'Attempts', 'Last error', 'Updated'),
    h('tbody', null, (m.deliveries || []).length ? m.deliveries.map(d => h('tr', { dataset: { destination: d.destination } },
      h('th', { scope: 'row' }, d.destination), h('td', null, badge(d.status)), h('td', { class: 'num' }, String(d.attempts ?? '')),
      h('td', { class: 'error-cell' }, d.lastError || ''), h('td', { class: 'nowrap' }, timeEl(d.updatedAt)))) : [emptyRow(5, 'No deliveries.')])));

  main.append(h('section', { id: 'message-view', dataset: { id: m.id } },
    h('nav', { class: 'crumbs' }, hashLink('#/messages', 'Messages'), ' / ',
      m.channel ? hashLink(hashWith('/messages', { channel: m.channel }), m.channel) : '', ' / ', m.id),
    head,
    m.error ? h('div', { class: 'error-box', id: 'message-error' }, h('strong', null, 'Error: '), m.error) : null,
    h('div', { class: 'detail-grid' },
      h('section', { class: 'panel' }, h('h2', null, 'Metadata'), meta),
      h('section', { class: 'panel' }, h('h2', null, 'Lineage'), lineage,
        h('h2', null, 'Deliveries'), deliveries)),
    h('section', { class: 'panel' }, h('h2', null, 'History'), stages),
    contentSection(ctx, m)));
}

function contentSection(ctx, m) {
  const section = h('section', { class: 'panel', id: 'message-content' }, h('h2', null, 'Content'));
  if (!can('analyst')) {
    section.append(h('p', { id: 'content-note', class: 'note' }, 'Content requires the analyst role.'));
    return section;
  }
  const contents = m.contents || [];
  if (!contents.length) {
    section.append(h('p', { class: 'muted' }, 'No stored content for this message.'));
    return section;
  }
  const sel = select({ id: 'content-select', 'aria-label': 'Content' },
    [['', 'Choose content to view…'], ...contents.map((c, i) => [String(i), c.label || `${c.kind}${c.destination ? ` (${c.destination})` : ''}`])], '');
  const raw = h('input', { type: 'checkbox', id: 'raw-toggle' });
  const bodyEl = h('div', { id: 'content-body', class: 'content-body' });
  section.append(h('div', { class: 'content-controls' }, sel,
    h('label', { class: 'check' }, raw, ' Raw'),
    h('span', { class: 'muted small' }, 'Every view of content is recorded in the audit log.')), bodyEl);

  let loaded = null;
  const render = () => {
    if (!loaded) { bodyEl.replaceChildren(); return; }
    const useRaw = raw.checked || !Array.isArray(loaded.hl7);
    bodyEl.replaceChildren(useRaw ? rawView(loaded) : hl7Table(loaded.hl7));
  };
  raw.addEventListener('change', render);
  sel.addEventListener('change', async () => {
    loaded = null;
    if (sel.value === '') { render(); return; }
    const c = contents[Number(sel.value)];
    bodyEl.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    await busy(sel, async () => {
      // destination is sent even when empty (the source side), as in the contract: ?kind=received&destination=
      const r = await api('GET', `${API}/messages/${enc(m.id)}/content?kind=${enc(c.kind)}&destination=${enc(c.destination || '')}`);
      if (!ctx.alive || contents[Number(sel.value)] !== c) return;
      loaded = r;
      render();
    });
    if (!loaded && ctx.alive) bodyEl.replaceChildren();
  });
  return section;
}

function rawView(c) {
  let text = c.text == null ? '' : String(c.text);
  text = text.replace(/\r\n|\r|\n/g, '\n');
  if (c.dataType === 'json') {
    try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* show as is */ }
  }
  return h('div', null,
    h('div', { class: 'muted small' }, `${c.dataType || 'unknown'} · ${c.charset || ''} · ${text.length} characters`),
    h('pre', { id: 'content-raw', class: 'raw' }, text));
}

function hl7Table(rows) {
  const maxIndex = new Map();
  for (const r of rows) maxIndex.set(r.segment, Math.max(maxIndex.get(r.segment) || 0, Number(r.segmentIndex) || 1));
  const table = h('table', { class: 'data hl7', id: 'hl7-table' },
    thead('Segment', 'Field', 'Name', 'Rep.', 'Comp.', 'Value'));
  let group = null;
  let key = null;
  let n = 0;
  for (const r of rows) {
    const k = `${r.segment}\u0000${r.segmentIndex}`;
    const segLabel = maxIndex.get(r.segment) > 1 ? `${r.segment}[${r.segmentIndex}]` : String(r.segment);
    const firstOfGroup = k !== key;
    if (firstOfGroup) {
      key = k;
      n++;
      group = h('tbody', { class: ['seg-group', n % 2 ? 'odd' : 'even'], dataset: { segment: r.segment, segmentIndex: String(r.segmentIndex) } });
      table.append(group);
    }
    const comp = r.component ? `${r.component}${r.subcomponent ? `.${r.subcomponent}` : ''}` : '';
    group.append(h('tr', { class: ['hl7-row', firstOfGroup ? 'seg-first' : null] },
      h('td', { class: ['seg', firstOfGroup ? null : 'seg-repeat'] }, segLabel),
      h('td', { class: 'nowrap' }, `${r.segment}-${r.field}`),
      h('td', null, r.name || ''),
      h('td', { class: ['num', r.repetition > 1 ? null : 'muted'] }, r.repetition == null ? '' : String(r.repetition)),
      h('td', { class: 'num' }, comp),
      h('td', { class: 'value' }, r.value == null ? '' : String(r.value))));
  }
  if (!rows.length) table.append(h('tbody', null, emptyRow(6, 'The message has no values.')));
  return tableWrap(table);
}

/* ------------------------------------------------------------------ audit */

const AUDIT_FILTERS = ['actor', 'action', 'channel', 'messageId', 'from', 'to'];

async function viewAudit(ctx, main, _params, query) {
  const f = {};
  for (const k of AUDIT_FILTERS) f[k] = query.get(k) || '';
  const limit = query.get('limit') || '100';
  const cursor = query.get('cursor') || '';
  const inputs = {
    actor: h('input', { id: 'a-actor', value: f.actor }),
    action: h('input', { id: 'a-action', value: f.action, placeholder: 'view-content', list: 'audit-actions' }),
    channel: h('input', { id: 'a-channel', value: f.channel }),
    messageId: h('input', { id: 'a-messageId', value: f.messageId }),
    from: h('input', { id: 'a-from', type: 'datetime-local', value: isoToLocalInput(f.from) }),
    to: h('input', { id: 'a-to', type: 'datetime-local', value: isoToLocalInput(f.to) }),
  };
  const limitSel = select({ id: 'a-limit' }, ['50', '100', '250', '500'], limit);
  if (limitSel.value !== limit) { limitSel.append(h('option', { value: limit }, limit)); limitSel.value = limit; }
  const datalist = h('datalist', { id: 'audit-actions' },
    ['view-content', 'resend', 'resend-errored', 'reprocess', 'redeploy']
      .map(a => h('option', { value: a })));
  const submit = h('button', { type: 'submit', id: 'audit-submit', class: 'btn btn-primary' }, 'Search');
  const form = h('form', { id: 'audit-filter', class: 'filter-form' },
    field('Actor', inputs.actor), field('Action', inputs.action), field('Channel', inputs.channel),
    field('Message id', inputs.messageId), field('From', inputs.from), field('To', inputs.to), field('Page size', limitSel),
    h('div', { class: 'form-actions' }, submit), datalist);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = {};
    for (const k of AUDIT_FILTERS) {
      const v = k === 'from' || k === 'to' ? localInputToIso(inputs[k].value) : inputs[k].value.trim();
      if (v) p[k] = v;
    }
    p.limit = limitSel.value;
    navigate(hashWith('/audit', p));
  });

  const verify = h('button', { type: 'button', id: 'audit-verify', class: 'btn' }, 'Verify chain');
  const verifyResult = h('span', { id: 'audit-verify-result', class: 'verify-result' });
  verify.addEventListener('click', () => busy(verify, async () => {
    setText(verifyResult, 'Checking…');
    verifyResult.className = 'verify-result';
    const r = await api('GET', `${API}/audit/verify`);
    if (r.valid) setText(verifyResult, `Chain intact: ${fmtNum(r.checked)} entries checked.`);
    else setText(verifyResult, `Chain BROKEN after checking ${fmtNum(r.checked)} entries: ${r.problem || 'unknown problem'}`);
    verifyResult.classList.add(r.valid ? 'ok' : 'bad');
  }));
  const exportLink = h('a', { id: 'audit-export', class: 'btn', href: `${API}/audit/export`, download: 'conduit-audit.jsonl' }, 'Export JSON lines');

  const body = h('tbody', null, emptyRow(8, 'Loading…'));
  const next = h('button', { type: 'button', id: 'audit-next', class: 'btn', hidden: true }, 'Next page →');
  const applied = {};
  for (const k of AUDIT_FILTERS) if (f[k]) applied[k] = f[k];
  const first = h('button', { type: 'button', id: 'audit-first', class: 'btn btn-ghost', hidden: !cursor }, '← First page');
  first.addEventListener('click', () => navigate(hashWith('/audit', { ...applied, limit })));

  main.append(h('section', null,
    h('div', { class: 'page-head' }, h('h1', null, 'Audit log'),
      h('div', { class: 'head-actions' }, verify, exportLink)),
    h('p', { class: 'verify-line' }, verifyResult),
    h('section', { class: 'panel' }, form),
    h('section', { class: 'panel' },
      h('div', { class: 'result-head' }, h('span', { class: 'muted', id: 'audit-count' }), h('div', null, first, ' ', next)),
      tableWrap(h('table', { class: 'data', id: 'audit-table' },
        thead('#', 'Time', 'Actor', 'Address', 'Action', 'Channel', 'Messages', 'Detail'), body)))));

  const r = await api('GET', `${API}/audit${qs({ ...applied, limit, cursor })}`);
  if (!ctx.alive) return;
  const items = (r && r.items) || [];
  body.replaceChildren(...(items.length ? items.map(e => h('tr', { dataset: { seq: String(e.seq) } },
    h('td', { class: 'num' }, String(e.seq)),
    h('td', { class: 'nowrap' }, timeEl(e.at)),
    h('td', null, e.actor || ''),
    h('td', null, e.address || ''),
    h('td', null, h('span', { class: 'tag' }, e.action || '')),
    h('td', null, e.channel ? hashLink(`#/channels/${enc(e.channel)}`, e.channel) : ''),
    h('td', { class: 'ids' }, auditMessages(e.messageIds || [])),
    h('td', { class: 'detail-cell' }, e.detail || ''))) : [emptyRow(8, 'No audit entries match.')]));
  setText($('#audit-count', main), `${items.length} entr${items.length === 1 ? 'y' : 'ies'}${cursor ? ' (later page)' : ''}`);
  if (r && r.next) {
    next.hidden = false;
    next.addEventListener('click', () => navigate(hashWith('/audit', { ...applied, limit, cursor: r.next })));
  }
}

function auditMessages(ids) {
  const shown = ids.slice(0, 3).map((id, i) => [i ? ', ' : '', hashLink(`#/messages/${enc(id)}`, id)]);
  return [shown, ids.length > 3 ? ` and ${ids.length - 3} more` : ''];
}

/* ------------------------------------------------------------------ admin: users and tokens */

async function viewAdmin(ctx, main) {
  const usersBody = h('tbody', null, emptyRow(5, 'Loading…'));
  const tokensBody = h('tbody', null, emptyRow(7, 'Loading…'));
  const roleOptions = ROLES.map(r => [r, r]);

  // create user
  const nu = h('input', { id: 'new-user-username', required: true, autocomplete: 'off' });
  const np = h('input', { id: 'new-user-password', type: 'password', required: true, autocomplete: 'new-password' });
  const nr = select({ id: 'new-user-role' }, roleOptions, 'viewer');
  const nsub = h('button', { type: 'submit', id: 'new-user-submit', class: 'btn btn-primary' }, 'Create user');
  const userForm = h('form', { id: 'user-create-form', class: 'inline-form' },
    field('Username', nu), field('Password', np), field('Role', nr), h('div', { class: 'form-actions' }, nsub));
  userForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(nsub, async () => {
      const u = await api('POST', `${API}/users`, { username: nu.value.trim(), password: np.value, role: nr.value });
      flash('success', `User ${u && u.username ? u.username : nu.value} created.`);
      userForm.reset();
      await loadUsers();
    });
  });

  // create token
  const tn = h('input', { id: 'token-name', required: true, placeholder: 'ci-pipeline', autocomplete: 'off' });
  const tr = select({ id: 'token-role' }, roleOptions, 'viewer');
  const te = h('input', { id: 'token-expiry', type: 'number', min: 1, max: 730, value: '90', required: true });
  const tsub = h('button', { type: 'submit', id: 'token-submit', class: 'btn btn-primary' }, 'Create token');
  const tokenBox = h('div', { id: 'new-token-box', class: 'token-box', hidden: true });
  const tokenForm = h('form', { id: 'token-create-form', class: 'inline-form' },
    field('Name', tn), field('Role', tr), field('Expires in (days)', te), h('div', { class: 'form-actions' }, tsub));
  tokenForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(tsub, async () => {
      const t = await api('POST', `${API}/tokens`, { name: tn.value.trim(), role: tr.value, expiresInDays: Number(te.value) });
      showNewToken(tokenBox, t);
      tokenForm.reset();
      await loadTokens();
    });
  });

  main.append(h('section', null,
    h('div', { class: 'page-head' }, h('h1', null, 'Users and API tokens')),
    h('section', { class: 'panel' }, h('h2', null, 'Users'),
      tableWrap(h('table', { class: 'data', id: 'users-table' }, thead('Username', 'Role', 'Created', 'Status', 'Actions'), usersBody)),
      h('h3', null, 'New user'), userForm),
    h('section', { class: 'panel' }, h('h2', null, 'API tokens'),
      h('p', { class: 'muted' }, 'Tokens authenticate scripts and other systems (header ', h('code', null, 'Authorization: Bearer …'), ').'),
      tableWrap(h('table', { class: 'data', id: 'tokens-table' }, thead('Name', 'Role', 'Id', 'Created by', 'Created', 'Expires', 'Actions'), tokensBody)),
      tokenBox,
      h('h3', null, 'New token'), tokenForm)));

  async function loadUsers() {
    const users = await api('GET', `${API}/users`);
    if (!ctx.alive) return;
    usersBody.replaceChildren(...(users.length ? users.map(userRow) : [emptyRow(5, 'No users.')]));
  }
  async function loadTokens() {
    const tokens = await api('GET', `${API}/tokens`);
    if (!ctx.alive) return;
    tokensBody.replaceChildren(...(tokens.length ? tokens.map(tokenRow) : [emptyRow(7, 'No API tokens.')]));
  }

  function userRow(u) {
    const self = state.session && u.username === state.session.username;
    const roleSel = select({ class: 'user-role-select', 'aria-label': `Role of ${u.username}`, disabled: self }, roleOptions, u.role);
    roleSel.addEventListener('change', () => busy(roleSel, async () => {
      try {
        await api('PATCH', `${API}/users/${enc(u.username)}`, { role: roleSel.value });
        flash('success', `${u.username} is now ${roleSel.value}.`);
        u.role = roleSel.value;
      } catch (e) { roleSel.value = u.role; throw e; }
    }));
    const disable = h('button', { type: 'button', class: 'btn btn-small user-disable', disabled: self }, u.disabled ? 'Enable' : 'Disable');
    disable.addEventListener('click', () => busy(disable, async () => {
      await api('PATCH', `${API}/users/${enc(u.username)}`, { disabled: !u.disabled });
      flash('success', `${u.username} ${u.disabled ? 'enabled' : 'disabled'}.`);
      await loadUsers();
    }));
    const resetBtn = h('button', { type: 'button', class: 'btn btn-small user-reset' }, 'Reset password');
    const del = confirmButton({ class: 'btn-small btn-danger user-delete', disabled: self }, 'Delete', 'Click again to delete', async () => {
      await api('DELETE', `${API}/users/${enc(u.username)}`);
      flash('success', `User ${u.username} deleted.`);
      await loadUsers();
    });
    const actions = h('td', { class: 'actions' }, disable, ' ', resetBtn, ' ', del);
    resetBtn.addEventListener('click', () => {
      if (actions.querySelector('.reset-form')) return;
      const pw = h('input', { type: 'password', class: 'reset-password', placeholder: 'New password', autocomplete: 'new-password', required: true });
      const ok = h('button', { type: 'submit', class: 'btn btn-small btn-primary reset-submit' }, 'Set');
      const cancel = h('button', { type: 'button', class: 'btn btn-small btn-ghost' }, 'Cancel');
      const f = h('form', { class: 'reset-form' }, pw, ok, cancel);
      cancel.addEventListener('click', () => f.remove());
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(ok, async () => {
          await api('PATCH', `${API}/users/${enc(u.username)}`, { password: pw.value });
          flash('success', `Password of ${u.username} reset.`);
          f.remove();
        });
      });
      actions.append(f);
      pw.focus();
    });
    return h('tr', { dataset: { username: u.username }, class: u.disabled ? 'disabled-row' : null },
      h('th', { scope: 'row' }, u.username, self ? h('span', { class: 'muted small' }, ' (you)') : null),
      h('td', null, roleSel),
      h('td', { class: 'nowrap' }, timeEl(u.createdAt)),
      h('td', null, u.disabled ? badge('DISABLED', 'user') : badge('ACTIVE', 'user')),
      actions);
  }

  function tokenRow(t) {
    const revoke = confirmButton({ class: 'btn-small btn-danger token-revoke' }, 'Revoke', 'Click again to revoke', async () => {
      await api('DELETE', `${API}/tokens/${enc(t.id)}`);
      flash('success', `Token ${t.name} revoked.`);
      await loadTokens();
    });
    const expired = t.expiresAt && new Date(t.expiresAt).getTime() < Date.now();
    return h('tr', { dataset: { tokenId: t.id }, class: expired ? 'disabled-row' : null },
      h('th', { scope: 'row' }, t.name || ''),
      h('td', null, badge(t.role, 'role')),
      h('td', null, h('code', null, t.id || '')),
      h('td', null, t.createdBy || ''),
      h('td', { class: 'nowrap' }, timeEl(t.createdAt)),
      h('td', { class: 'nowrap' }, t.expiresAt ? timeEl(t.expiresAt) : 'never', expired ? ' (expired)' : ''),
      h('td', { class: 'actions' }, revoke));
  }

  await Promise.all([loadUsers(), loadTokens()]);
}

function showNewToken(box, t) {
  const value = h('input', { id: 'new-token-value', readonly: true, value: t.token || '', spellcheck: 'false', autocomplete: 'off' });
  const copy = h('button', { type: 'button', id: 'new-token-copy', class: 'btn' }, 'Copy');
  const dismiss = h('button', { type: 'button', id: 'new-token-dismiss', class: 'btn btn-ghost' }, 'I have stored it');
  copy.addEventListener('click', async () => {
    value.focus();
    value.select();
    try {
      await navigator.clipboard.writeText(value.value);
      setText(copy, 'Copied');
    } catch (_) {
      setText(copy, 'Press Ctrl+C');
    }
  });
  dismiss.addEventListener('click', () => { box.hidden = true; box.replaceChildren(); });
  box.replaceChildren(
    h('p', { class: 'warning' }, h('strong', null, `Token "${t.name}" created. `),
      'Copy it now: it is shown only this once and cannot be retrieved later.'),
    h('div', { class: 'copy-row' }, value, copy, dismiss));
  box.hidden = false;
  value.focus();
  value.select();
}

/* ------------------------------------------------------------------ boot */

async function boot() {
  $('#flash-dismiss').addEventListener('click', () => {
    flashState.dismissedText = $('#flash-message').textContent;
    flashState.dismissedAt = Date.now();
    clearFlash();
  });
  $('#logout').addEventListener('click', async () => {
    try { await api('DELETE', `${API}/session`, undefined, { allow401: true }); } catch (e) { showError(e); }
    state.session = null;
    state.returnTo = null;
    setText($('#server-info'), '');
    renderHeader();
    navigate('#/login');
  });
  window.addEventListener('hashchange', () => route());

  const { path } = parseHash();
  try {
    const setup = await api('GET', `${API}/setup`, undefined, { allow401: true });
    if (setup && setup.required) {
      if (path !== '/setup') navigate('#/setup');   // the hashchange renders it
      else await route();
      return;
    }
  } catch (e) {
    showError(e);
  }
  try {
    state.session = await api('GET', `${API}/session`, undefined, { allow401: true });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) showError(e);
    state.session = null;
  }
  if (state.session) loadServerInfo();
  await route();
}

boot();
