// Supervisor wallboard: agents by state with time in state and their campaign, live calls, then every running
// campaign by name with its abandonment against the cap and remaining budget, occupancy, talk minutes per agent hour,
// surveys and CSAT (agentless campaigns: surveys by keypad). It fills from
// GET /api/wallboard and then from the `wallboard` event every second. Missing figures say "no data yet".
// Inbound: wallboard-inbound.js.
import { h, mount } from './dom.js';
import { t } from './i18n.js';
import { get, ApiError } from './api.js';
import { inboundSection } from './wallboard-inbound.js';
import { callbacksTile } from './callbacks.js';

const STATES = ['READY', 'RESERVED', 'ON_CALL', 'WRAP_UP', 'PAUSED'];
let active = null;

const pct = (x) => (x === null || x === undefined ? null : `${(x * 100).toFixed(1)} %`);
const num = (x, d = 1) => (x === null || x === undefined ? null : Number(x).toFixed(d));
function dur(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function wallboardView() {
  const root = h('section', { class: 'page wallboard', id: 'wallboard', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title' }, t('wall.title'))));
  if (active) active.close();
  const me = { root, es: null, close() { if (this.es) this.es.close(); } };
  me.main = h('div', { id: 'wall-main' });
  active = me;
  const onHash = () => {
    if (!location.hash.startsWith('#/wallboard')) {
      me.close();
      window.removeEventListener('hashchange', onHash);
    }
  };
  window.addEventListener('hashchange', onHash);
  get('/api/wallboard').then((s) => draw(me, s)).catch((e) => {
    if (e instanceof ApiError && e.status === 503) {
      mount(me.main, h('div', { class: 'card empty-state', id: 'wall-none' }, h('p', { class: 'lead' }, t('wall.noCampaign'))));
    }
  });
  me.es = new EventSource('/api/events');
  root.append(me.main, inboundSection(me.es), callbacksTile(me.es));
  me.es.addEventListener('wallboard', (ev) => draw(me, JSON.parse(ev.data)));
  return root;
}

function tile(id, label, value, sub, level, cls = '') {
  return h('div', { class: `card wall-tile ${cls} ${level ? 'wall-' + level : ''}`, id },
    h('div', { class: 'wall-label' }, label),
    h('div', { class: value === null ? 'wall-value wall-nodata' : 'wall-value' }, value === null ? t('wall.noData') : value),
    sub ? h('div', { class: 'muted wall-sub' }, sub) : null);
}

function abandonLevel(rate, cap) {
  if (rate === null || rate === undefined) return null;
  return rate > cap ? 'bad' : rate > cap * 0.8 ? 'warn' : 'good';
}

function draw(me, s) {
  const cap = s.cap;
  const counts = Object.fromEntries(STATES.map((st) => [st, s.agents.filter((a) => a.state === st).length]));
  const ringing = s.calls.filter((c) => c.phase === 'DIALING').length;
  const connected = s.calls.filter((c) => c.phase === 'CONNECTED').length;
  const waiting = s.calls.filter((c) => c.phase === 'WAITING_AGENT' || c.phase === 'ANSWERED').length;
  const several = s.campaigns.length > 1;
  mount(me.main,
    h('p', { class: 'muted', id: 'wall-updated', 'data-at': s.at }, t('wall.updated', { time: new Date(s.at).toLocaleTimeString() }),
      s.connected ? '' : ` · ${t('wall.disconnected')}`),
    h('h2', {}, t('wall.agents')),
    h('div', { class: 'wall-grid', id: 'wall-states' }, STATES.map((st) => tile(`wall-state-${st}`, t(`desk.state.${st}`), String(counts[st])))),
    s.agents.length === 0 ? h('p', { class: 'muted', id: 'wall-no-agents' }, t('wall.noAgents')) :
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'wall-agents' },
        h('thead', {}, h('tr', {}, h('th', {}, t('wall.agent')), h('th', {}, t('wall.agentCampaign')), h('th', {}, t('wall.state')), h('th', {}, t('wall.timeInState')))),
        h('tbody', {}, s.agents.filter((a) => a.state !== 'LOGGED_OUT').map((a) => h('tr', { 'data-agent': a.agentId, 'data-campaign': a.campaignId },
          h('td', {}, a.agentId), h('td', { class: 'wall-agent-campaign' }, a.campaignName || ''),
          h('td', {}, h('span', { class: `desk-state desk-state-${a.state.toLowerCase()}` }, t(`desk.state.${a.state}`), a.pauseReason ? ` · ${a.pauseReason}` : '')),
          h('td', { class: 'mono' }, dur(s.at - a.since))))))),
    h('h2', {}, t('wall.calls')),
    h('div', { class: 'wall-grid' },
      tile('wall-ringing', t('wall.ringing'), String(ringing)),
      tile('wall-waiting', t('wall.waitingAgent'), String(waiting)),
      tile('wall-connected', t('wall.connected'), String(connected))),
    several ? h('div', { class: 'wall-grid', id: 'wall-overall' },
      tile('wall-occupancy-all', t('wall.occupancyAll'), pct(s.occupancy)),
      tile('wall-tmah-all', t('wall.talkPerHourAll'), num(s.talkMinutesPerAgentHour))) : null,
    s.campaigns.length === 0 ? h('p', { class: 'muted', id: 'wall-no-campaigns' }, t('wall.noCampaign')) : null,
    s.campaigns.map((c) => campaignSection(c, cap)));
  me.root.querySelectorAll('.wall-burn-fill').forEach((fill) => {
    fill.style.width = `${(Number(fill.dataset.share) * 100).toFixed(0)}%`;
  });
}

/** One campaign by name: abandonment against the cap with its budget, occupancy, talk per agent hour, surveys. */
function campaignSection(c, cap) {
  const ab = c.abandonment;
  const r = c.results || {};
  const r24 = ab ? ab.last24h.rate : null;
  const r30 = ab ? ab.last30d.rate : null;
  const budget = ab ? ab.budgetRemaining : null;
  const budgetShare = ab && ab.last30d.humans > 0 ? Math.max(0, Math.min(1, budget / (cap * ab.last30d.humans))) : null;
  const id = c.campaignId;
  const t1 = (cls, label, value, sub, level) => tile(null, label, value, sub, level, cls);
  return h('section', { class: 'wall-campaign', 'data-campaign': id, 'aria-label': c.name },
    h('h2', { class: 'wall-campaign-head' }, h('span', { class: 'wall-campaign-name' }, c.name),
      c.status === 'PAUSED' ? h('span', { class: 'badge badge-warn' }, t('wall.paused')) : null,
      c.status === 'FINISHED' ? h('span', { class: 'badge' }, t('wall.finished')) : null,
      c.agentless ? h('span', { class: 'badge badge-info' }, t('wall.agentless')) : null,
      h('span', { class: 'muted wall-campaign-sub' }, t(c.agentless ? 'wall.campaignSubAgentless' : 'wall.campaignSub', { agents: c.agentsLoggedIn, calls: c.callsInProgress }))),
    h('div', { class: 'wall-grid' },
      t1('wall-ab-24h', t('wall.abandon24h'), pct(r24), t('wall.cap', { cap: pct(cap) }), abandonLevel(r24, cap)),
      t1('wall-ab-30d', t('wall.abandon30d'), pct(r30), t('wall.cap', { cap: pct(cap) }), abandonLevel(r30, cap)),
      t1('wall-budget', t('wall.budget'), budget === null ? null : Math.max(0, budget).toFixed(1), null, budget !== null && budget < 0 ? 'bad' : null),
      c.agentless ? null : t1('wall-occupancy', t('wall.occupancy'), pct(c.occupancy)),
      c.agentless ? null : t1('wall-tmah', t('wall.talkPerHour'), num(c.talkMinutesPerAgentHour)),
      t1('wall-surveys', t('wall.surveys'), r.completed === undefined ? null : String(r.completed), r.contacts ? t('wall.ofContacts', { n: r.contacts }) : null),
      t1('wall-csat', t('wall.csat'), num(r.csatAverage, 2), r.csatAverage === null || r.csatAverage === undefined ? null : '/ 5')),
    budgetShare === null ? null : h('div', { class: 'wall-burn', role: 'img', 'aria-label': t('wall.budget') },
      h('div', { class: 'wall-burn-fill', 'data-share': budgetShare.toFixed(2) })));
}
