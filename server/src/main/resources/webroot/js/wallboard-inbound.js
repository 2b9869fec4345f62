// Inbound part of the supervisor wallboard: callers in the IVR now and today, callers waiting for an agent and the
// longest wait, and for the recent window and today: average speed of answer, service level against its threshold,
// answered and abandoned. It fills from GET /api/wallboard/inbound, then from the `wallboard-inbound` event every
// second, whether or not a campaign is running. Figures with nothing behind them say "no data yet".
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';

const pct = (x) => (x === null || x === undefined ? null : `${(x * 100).toFixed(1)} %`);
const secs = (x) => (x === null || x === undefined ? null : `${Number(x).toFixed(1)} s`);

function tile(id, label, value, sub, level) {
  return h('div', { class: `card wall-tile ${level ? 'wall-' + level : ''}`, id },
    h('div', { class: 'wall-label' }, label),
    h('div', { class: value === null ? 'wall-value wall-nodata' : 'wall-value' }, value === null ? t('wall.noData') : value),
    sub ? h('div', { class: 'muted wall-sub' }, sub) : null);
}

// Service level against the usual 80 % target: green at or above, amber from 60 %, red below.
function slLevel(sl) {
  if (sl === null || sl === undefined) return null;
  return sl >= 0.8 ? 'good' : sl >= 0.6 ? 'warn' : 'bad';
}

function draw(box, s) {
  const r = s.recent;
  const d = s.today;
  const th = s.serviceLevelThresholdSeconds;
  mount(box,
    h('h2', {}, t('wall.inbound')),
    h('div', { class: 'wall-grid' },
      tile('wall-in-ivr', t('wall.inIvr'), String(s.inIvr), t('wall.inIvrToday', { n: s.ivrCallsToday })),
      tile('wall-in-waiting', t('wall.inWaiting'), String(s.waiting),
        s.longestWaitSeconds === null ? null : t('wall.longestWait', { s: s.longestWaitSeconds }),
        s.longestWaitSeconds !== null && s.longestWaitSeconds > th ? 'warn' : null),
      tile('wall-asa', t('wall.asaWindow', { m: s.windowMinutes }), secs(r.averageSpeedOfAnswerSeconds),
        t('wall.today', { value: secs(d.averageSpeedOfAnswerSeconds) ?? t('wall.noData') })),
      tile('wall-sl', t('wall.serviceLevelWindow', { s: th, m: s.windowMinutes }), pct(r.serviceLevel),
        t('wall.today', { value: pct(d.serviceLevel) ?? t('wall.noData') }), slLevel(r.serviceLevel)),
      tile('wall-in-answered', t('wall.inAnswered'), String(d.answered), t('wall.inWithin', { n: d.answeredWithinThreshold, s: th })),
      tile('wall-in-abandoned', t('wall.inAbandoned'), String(d.abandoned),
        d.abandonRate === null ? null : t('wall.ofOffered', { value: pct(d.abandonRate) }))));
}

/** Returns the inbound section; it follows `es` (the wallboard's EventSource) until the page closes it. */
export function inboundSection(es) {
  const box = h('section', { id: 'wall-inbound', 'aria-live': 'off' });
  get('/api/wallboard/inbound').then((s) => draw(box, s)).catch(() => { /* the next event fills it */ });
  es.addEventListener('wallboard-inbound', (ev) => draw(box, JSON.parse(ev.data)));
  return box;
}
