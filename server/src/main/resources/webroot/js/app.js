// Centralita web UI: shell, role-aware navigation and hash routing. No build step.
import { h, mount, toast } from './dom.js';
import { t, setLang, initialLang, currentLang, onLangChange, hasChosenLang, LANGUAGES } from './i18n.js';
import { get, post, setCsrfToken, setUnauthenticatedHandler, ApiError } from './api.js';
import { loginView } from './views/login.js';
import { usersView } from './views/users.js';
import { accountView } from './views/account.js';
import { comingSoonView } from './views/soon.js';
import { deskView } from './desk.js';
import { wallboardView } from './wallboard.js';
import { forbiddenView, notFoundView } from './views/errors.js';
import { campaignsView } from './campaigns.js';
import { telephonyView } from './telephony.js';
import { callbacksView, callbacksBadge } from './callbacks.js';

/** Every page, with the roles that may open it. The server enforces the same rules on its API. */
export const PAGES = [
  { id: 'campaigns', roles: ['manager', 'admin'], icon: 'M4 5h16v3H4zM4 10.5h16v3H4zM4 16h10v3H4z', view: (ctx) => campaignsView(ctx) },
  { id: 'desktop', roles: ['agent'], icon: 'M3 5h18v11H3zM8 20h8M12 16v4', view: () => deskView() },
  { id: 'wallboard', roles: ['supervisor', 'manager', 'admin'], icon: 'M4 20V10M10 20V4M16 20v-7M22 20H2', view: () => wallboardView() },
  { id: 'telephony', roles: ['admin'], icon: 'M6 3h4l2 5-2.5 1.5a11 11 0 0 0 5 5L16 12l5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2', view: (ctx) => telephonyView(ctx) },
  { id: 'callbacks', roles: ['agent', 'supervisor', 'manager', 'admin'], icon: 'M15 3h6v6M21 3l-7 7M6 3h4l2 5-2.5 1.5a11 11 0 0 0 5 5L16 12l5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 4 5a2 2 0 0 1 2-2', view: (ctx) => callbacksView(ctx) },
  { id: 'users', roles: ['admin'], icon: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M17 11a3 3 0 1 0 0-6M22 21a6 6 0 0 0-4-5.7', view: (ctx) => usersView(ctx) },
];

/** Where each role lands after signing in. */
const HOME = { admin: 'users', manager: 'campaigns', supervisor: 'wallboard', agent: 'desktop' };

const state = { user: null, events: null, live: false };

function route() {
  return location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
}

function go(page) {
  if (route() !== page) location.hash = `#/${page}`;
  else render();
}

function signedIn(user, csrfToken) {
  state.user = user;
  setCsrfToken(csrfToken);
  openEvents();
  // Without a choice on this browser, speak the language of the person's profile.
  if (!hasChosenLang() && user.language !== currentLang()) {
    setLang(user.language).catch((e) => toast(t('common.error', { message: e.message }), 'error'));
  }
}

function signedOut() {
  state.user = null;
  setCsrfToken(null);
  if (state.events) state.events.close();
  state.events = null;
  state.live = false;
}

function openEvents() {
  if (state.events) state.events.close();
  const es = new EventSource('/api/events');
  es.addEventListener('ready', () => setLive(true));
  es.addEventListener('session-ended', () => {
    // The account was disabled, deleted or given another role: sign in again.
    signedOut();
    go('login');
  });
  // Import progress of one's own uploads, for the campaign upload screen.
  es.addEventListener('ivr-callbacks', (e) => callbacksBadge(JSON.parse(e.data)));
  es.addEventListener('import-progress', (e) => window.dispatchEvent(new CustomEvent('centralita:import-progress', { detail: JSON.parse(e.data) })));
  es.onerror = () => setLive(false);
  state.events = es;
}

function setLive(live) {
  state.live = live;
  const el = document.getElementById('live');
  if (el) {
    el.classList.toggle('is-live', live);
    el.lastChild.textContent = t(live ? 'header.live' : 'header.offline');
  }
}

function icon(path) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', path);
  svg.append(p);
  return svg;
}

/** The ES | EN switch, used on the sign-in page and in the top bar. */
export function langSwitch() {
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    LANGUAGES.map((code) => h('button', {
      type: 'button',
      class: 'lang-option',
      'data-lang': code,
      lang: code,
      title: t(`lang.${code}`),
      'aria-pressed': code === currentLang() ? 'true' : 'false',
      onClick: () => setLang(code, true).catch((e) => toast(t('common.error', { message: e.message }), 'error')),
    }, code.toUpperCase())));
}

async function signOut() {
  try {
    await post('/api/auth/logout');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) toast(t('common.error', { message: e.message }), 'error');
  }
  signedOut();
  go('login');
}

function shell(content, active) {
  const user = state.user;
  const pages = PAGES.filter((p) => p.roles.includes(user.role));
  return h('div', { class: 'layout' },
    h('aside', { class: 'sidebar' },
      h('div', { class: 'brand' },
        h('img', { src: '/favicon.svg', alt: '', class: 'brand-logo', width: 32, height: 32 }),
        h('div', {}, h('div', { class: 'brand-name' }, t('app.name')), h('div', { class: 'brand-tag' }, t('app.tagline')))),
      h('nav', { 'aria-label': t('nav.label') },
        h('ul', { class: 'nav' }, pages.map((p) => h('li', {},
          h('a', {
            href: `#/${p.id}`,
            id: `nav-${p.id}`,
            class: 'nav-link',
            'aria-current': p.id === active ? 'page' : null,
          }, icon(p.icon), h('span', {}, t(`nav.${p.id}`))))))),
      h('div', { class: 'sidebar-foot' },
        h('a', { href: '#/account', class: 'nav-link', id: 'nav-account', 'aria-current': active === 'account' ? 'page' : null },
          icon('M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0'), h('span', {}, t('nav.account'))))),
    h('div', { class: 'main-col' },
      h('header', { class: 'topbar' },
        h('div', { id: 'live', class: `live${state.live ? ' is-live' : ''}`, role: 'status' },
          h('span', { class: 'live-dot', 'aria-hidden': 'true' }), h('span', {}, t(state.live ? 'header.live' : 'header.offline'))),
        h('div', { class: 'topbar-right' },
          langSwitch(),
          h('div', { class: 'user-chip' },
            h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(user.displayName)),
            h('span', { class: 'user-text' },
              h('span', { class: 'user-name', id: 'current-user' }, user.displayName),
              h('span', { class: 'user-role' }, t(`role.${user.role}`)))),
          h('button', { type: 'button', class: 'btn btn-quiet', id: 'sign-out', onClick: signOut }, t('header.signout')))),
      h('main', { id: 'main', tabindex: '-1', class: 'content' }, content)));
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}

function render() {
  const app = document.getElementById('app');
  app.removeAttribute('aria-busy');
  let page = route();
  if (!state.user) {
    if (page !== 'login') history.replaceState(null, '', '#/login');
    document.title = `${t('login.title')} · Centralita`;
    mount(app, loginView({
      langSwitch,
      onSignedIn: (user, csrf) => {
        signedIn(user, csrf);
        go(user.mustChangePassword ? 'account' : HOME[user.role]);
      },
    }));
    return;
  }
  if (state.user.mustChangePassword && page !== 'account') {
    history.replaceState(null, '', '#/account');
    page = 'account';
  }
  if (page === '' || page === 'login') {
    history.replaceState(null, '', `#/${HOME[state.user.role]}`);
    page = HOME[state.user.role];
  }
  const ctx = {
    user: state.user,
    events: state.events,
    onUserChanged: (user) => {
      state.user = user;
      go(HOME[user.role]);
    },
  };
  let content;
  let title;
  const def = PAGES.find((p) => p.id === page);
  if (page === 'account') {
    content = accountView(ctx);
    title = t('account.title');
  } else if (!def) {
    content = notFoundView(HOME[state.user.role]);
    title = t('notfound.title');
  } else if (!def.roles.includes(state.user.role)) {
    content = forbiddenView(state.user.role, t(`nav.${def.id}`), HOME[state.user.role]);
    title = t('forbidden.title');
  } else {
    content = def.view(ctx);
    title = t(`nav.${def.id}`);
  }
  document.title = `${title} · Centralita`;
  const hadFocus = document.activeElement && document.activeElement.closest('.lang-switch') ? document.activeElement.dataset.lang : null;
  mount(app, shell(content, page));
  callbacksBadge();
  if (hadFocus) document.querySelector(`.lang-switch [data-lang="${hadFocus}"]`)?.focus();
}

async function boot() {
  try {
    await setLang(initialLang());
  } catch (e) {
    document.getElementById('app').textContent = e.message;
    return;
  }
  setUnauthenticatedHandler(() => {
    if (state.user) {
      signedOut();
      go('login');
    }
  });
  try {
    const me = await get('/api/auth/me');
    signedIn(me.user, me.csrfToken);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) toast(t('common.network'), 'error');
  }
  window.addEventListener('hashchange', render);
  onLangChange(render);
  render();
}

boot();
