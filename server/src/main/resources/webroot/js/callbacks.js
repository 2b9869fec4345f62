// Call-backs requested in the IVR (after hours "press 1 to be called back"): the list page every role can open
// (#/callbacks), with "I'll call" (claim), then close with an outcome or release with a note; and the wallboard tile
// (count and oldest age, amber past an hour). Both follow the `ivr-callbacks` event, sent when the list changes.
import { h, mount, toast } from './dom.js';
import { t, LANGUAGES } from './i18n.js';
import { get, post } from './api.js';

/** An hour: the wallboard tile turns amber when the oldest request has waited longer. */
const LATE_SECONDS = 3600;
const OUTCOMES = ['called-back', 'not-needed', 'wrong-number'];
/** Reasons the shipped flows give (`callback.request` args); others are shown as the flow wrote them. */
const REASONS = ['after-hours'];
let active = null;

/** Says how long ago, roughly: "45 s", "12 min", "2 h 05 min", "3 d 4 h". */
export function age(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return t('cb.age.s', { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('cb.age.m', { m });
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return t('cb.age.h', { h: hrs, m: String(m % 60).padStart(2, '0') });
  return t('cb.age.d', { d: Math.floor(hrs / 24), h: hrs % 24 });
}

/** Returns the wallboard section; it follows `es` (the wallboard's EventSource) until the page closes it. */
export function callbacksTile(es) {
  const box = h('section', { id: 'wall-callbacks', 'aria-live': 'off' });
  let last = null;
  const draw = () => {
    if (!last) return;
    const oldest = last.oldestRequestedAt === null ? null : (Date.now() - last.oldestRequestedAt) / 1000;
    const late = oldest !== null && oldest > LATE_SECONDS;
    mount(box,
      h('h2', {}, t('cb.title')),
      h('div', { class: 'wall-grid' },
        h('a', { href: '#/callbacks', class: `card wall-tile wall-link ${late ? 'wall-warn' : ''}`, id: 'wall-cb-open', 'data-late': late ? 'true' : 'false' },
          h('div', { class: 'wall-label' }, t('cb.waiting')),
          h('div', { class: 'wall-value' }, String(last.pending)),
          h('div', { class: 'muted wall-sub' }, oldest === null ? t('cb.none') : t('cb.oldest', { age: age(oldest) }))),
        h('div', { class: 'card wall-tile', id: 'wall-cb-claimed' },
          h('div', { class: 'wall-label' }, t('cb.beingCalled')),
          h('div', { class: 'wall-value' }, String(last.claimed)))));
  };
  const timer = setInterval(() => (box.isConnected ? draw() : clearInterval(timer)), 30000);
  get('/api/ivr/callbacks').then((s) => { last = s; draw(); }).catch(() => { /* the next event fills it */ });
  es.addEventListener('ivr-callbacks', (ev) => { last = JSON.parse(ev.data); draw(); });
  return box;
}

/** The list page: open requests oldest first, with the actions the signed-in person may take. */
export function callbacksView(ctx) {
  const me = ctx.user;
  const supervising = me.role !== 'agent';
  const body = h('div', { class: 'table-wrap', 'aria-busy': 'true' }, h('p', { class: 'muted pad' }, t('app.loading')));
  const summary = h('p', { class: 'muted', id: 'cb-summary', role: 'status' });
  const root = h('section', { class: 'page', id: 'callbacks', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { id: 'page-title' }, t('cb.title')), h('p', { class: 'muted' }, t(supervising ? 'cb.introSupervisor' : 'cb.intro')))),
    summary,
    h('div', { class: 'card flush' }, body));

  if (active) active.close();
  const page = { es: new EventSource('/api/events'), timer: null, data: null, skew: 0, pending: null,
    close() { this.es.close(); clearInterval(this.timer); clearTimeout(this.pending); } };
  active = page;
  const onHash = () => {
    if (!location.hash.startsWith('#/callbacks')) {
      page.close();
      window.removeEventListener('hashchange', onHash);
    }
  };
  window.addEventListener('hashchange', onHash);

  const load = () => get('/api/ivr/callbacks').then((d) => {
    page.data = d;
    page.skew = d.at - Date.now();
    draw();
  }).catch((e) => toast(t('common.error', { message: e.message }), 'error'));
  // A burst of changes (several people claiming at once) reloads the list once.
  page.es.addEventListener('ivr-callbacks', () => {
    clearTimeout(page.pending);
    page.pending = setTimeout(load, 250);
  });
  page.timer = setInterval(() => { if (page.data) draw(); }, 30000);

  async function act(id, action, payload, done) {
    try {
      await post(`/api/ivr/callbacks/${id}/${action}`, payload);
      toast(t(done));
    } catch (e) {
      toast(e.message, 'error');
    }
    await load();
  }

  function draw() {
    const d = page.data;
    body.removeAttribute('aria-busy');
    const now = Date.now() + page.skew;
    summary.textContent = d.open === 0 ? '' : d.pending === 0 ? t('cb.summaryAllTaken', { claimed: d.claimed })
      : t('cb.summary', { open: d.pending, claimed: d.claimed, age: age((now - d.oldestRequestedAt) / 1000) });
    if (d.tickets.length === 0) {
      mount(body, h('div', { class: 'empty-state', id: 'cb-empty' }, h('p', { class: 'lead' }, t('cb.empty'))));
      return;
    }
    mount(body, h('table', { class: 'table', id: 'cb-table' },
      h('thead', {}, h('tr', {},
        [t('cb.number'), t('cb.customer'), t('cb.language'), t('cb.reason'), t('cb.age'), t('cb.attempts'), t('cb.heldBy'), '']
          .map((c, i) => h('th', { class: i === 7 ? 'col-actions' : null }, c)))),
      h('tbody', {}, d.tickets.map((k) => row(k, now)))));
  }

  function row(k, now) {
    const held = k.status === 'CLAIMED';
    const late = (now - k.requestedAt) / 1000 > LATE_SECONDS;
    const actions = [];
    if (!held) {
      actions.push(h('button', { type: 'button', class: 'btn btn-primary btn-small cb-claim', onClick: () => act(k.id, 'claim', {}, 'cb.claimed') }, t('cb.claim')));
    }
    if (!held && supervising) {
      actions.push(h('button', { type: 'button', class: 'btn btn-quiet btn-small cb-close', onClick: () => closeDialog(k) }, t('cb.close')));
    }
    if (held && (k.mine || supervising)) {
      actions.push(h('button', { type: 'button', class: 'btn btn-primary btn-small cb-close', onClick: () => closeDialog(k) }, t('cb.close')));
      actions.push(h('button', { type: 'button', class: 'btn btn-quiet btn-small cb-release', onClick: () => releaseDialog(k) }, t('cb.release')));
    }
    return h('tr', { 'data-id': k.id, 'data-status': k.status, class: k.mine ? 'cb-mine' : null },
      h('td', {}, h('a', { href: `tel:${k.number}`, class: 'mono cb-number' }, k.numberDisplay)),
      h('td', {}, k.name ? h('div', {}, k.name) : null,
        k.accountId ? h('div', { class: 'muted' }, t('cb.account', { id: k.accountId })) : h('span', { class: 'muted' }, t('cb.unidentified'))),
      h('td', {}, LANGUAGES.includes(k.language) ? t(`lang.${k.language}`) : k.language),
      h('td', {}, reason(k.reason), k.note ? h('div', { class: 'muted cb-note' }, `“${k.note}”`) : null),
      h('td', {}, late ? h('span', { class: 'badge badge-warn' }, age((now - k.requestedAt) / 1000)) : age((now - k.requestedAt) / 1000)),
      h('td', { class: 'cb-attempts' }, String(k.attempts)),
      h('td', { class: 'cb-held' }, held ? (k.mine ? h('span', { class: 'badge badge-info' }, t('cb.you')) : k.claimedBy) : h('span', { class: 'muted' }, t('cb.nobody'))),
      h('td', { class: 'col-actions' }, actions));
  }

  function reason(r) {
    return REASONS.includes(r) ? t(`cb.reason.${r}`) : r;
  }

  function dialog(id, title, fields, submitLabel, submit) {
    const dlg = h('dialog', { class: 'dialog', id, 'aria-labelledby': `${id}-title` });
    const close = () => { dlg.close(); dlg.remove(); };
    const form = h('form', {
      class: 'stack',
      onSubmit: async (event) => {
        event.preventDefault();
        close();
        await submit();
      },
    },
    h('h2', { id: `${id}-title` }, title),
    fields,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-quiet', onClick: close }, t('common.cancel')),
      h('button', { type: 'submit', class: 'btn btn-primary', id: `${id}-save` }, submitLabel)));
    dlg.append(form);
    dlg.addEventListener('cancel', () => dlg.remove());
    document.body.append(dlg);
    dlg.showModal();
  }

  function noteField(id) {
    const input = h('textarea', { id, maxlength: 200, rows: 3 });
    return [h('div', { class: 'field' }, h('label', { for: id }, t('cb.note')), input), input];
  }

  function closeDialog(k) {
    const outcome = h('select', { id: 'cb-outcome' }, OUTCOMES.map((o) => h('option', { value: o }, t(`cb.outcome.${o}`))));
    const [noteBox, note] = noteField('cb-close-note');
    dialog('cb-close-dialog', t('cb.closeTitle', { number: k.numberDisplay }),
      [h('div', { class: 'field' }, h('label', { for: 'cb-outcome' }, t('cb.outcome')), outcome), noteBox],
      t('cb.close'), () => act(k.id, 'close', { outcome: outcome.value, note: note.value }, 'cb.closedDone'));
  }

  function releaseDialog(k) {
    const [noteBox, note] = noteField('cb-release-note');
    note.placeholder = t('cb.releaseHint');
    dialog('cb-release-dialog', t('cb.releaseTitle', { number: k.numberDisplay }), [noteBox],
      t('cb.release'), () => act(k.id, 'release', { note: note.value }, 'cb.released'));
  }

  load();
  return root;
}

let badge = null;
let badgeLoading = false;

/**
 * Shows how many call-backs nobody has taken yet beside "Call-backs" in the navigation, from `summary` (the
 * `ivr-callbacks` event) or, without one, from the last known figures (read once from the server at first).
 */
export function callbacksBadge(summary) {
  if (summary) badge = summary;
  else if (!badge && !badgeLoading) {
    badgeLoading = true;
    get('/api/ivr/callbacks').then((d) => callbacksBadge(d)).catch(() => { /* the next event fills it */ })
      .finally(() => { badgeLoading = false; });
  }
  const link = document.getElementById('nav-callbacks');
  if (!link || !badge) return;
  let count = link.querySelector('.nav-count');
  if (!count) {
    count = h('span', { class: 'nav-count', id: 'nav-callbacks-count' });
    link.append(count);
  }
  count.textContent = String(badge.pending);
  count.title = t('cb.navCount', { n: badge.pending });
  count.hidden = badge.pending === 0;
}
