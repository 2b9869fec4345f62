// Agent desktop: log in to the dialer, ready/pause, the screen pop the moment a call connects, the survey,
// disposition, callback, do-not-call, answering machine, and a wrap-up timer. Live updates come from /api/events.
import { h, mount, toast } from './dom.js';
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';

const PAUSE_REASONS = ['break', 'lunch', 'training', 'meeting', 'coaching'];
const DISPOSITIONS = ['completed', 'refused', 'partial', 'wrong_person', 'call_back'];

let current = null; // { root, es, timer, agent, pop, demo, campaigns, campaignId, campaignName, switching }

function fmtDuration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

function tOr(key, fallback) {
  const v = t(key);
  return v === key ? fallback : v;
}

function fail(e) {
  toast(t('common.error', { message: e.message }), 'error');
}

export function deskView() {
  const root = h('section', { class: 'page desk', id: 'desk', 'aria-labelledby': 'page-title' });
  if (current) teardown();
  current = { root, es: null, timer: null, agent: null, pop: null, demo: false, campaigns: [], campaignId: null, campaignName: null, switching: false };
  const me = current;
  const onHash = () => {
    if (!location.hash.startsWith('#/desktop')) {
      teardown(me);
      window.removeEventListener('hashchange', onHash);
    }
  };
  window.addEventListener('hashchange', onHash);
  load(me);
  return root;
}

function teardown(me = current) {
  if (!me) return;
  if (me.es) me.es.close();
  if (me.timer) clearInterval(me.timer);
  if (me.poll) clearInterval(me.poll);
  if (current === me) current = null;
}

/** Takes what GET /api/agent says: the agent, their campaign and the campaigns open for log-in. */
function take(me, data) {
  me.demo = data.demo;
  me.agent = data.agent;
  me.pop = data.pop || null;
  me.campaigns = data.campaigns || [];
  me.campaignId = data.campaignId ?? null;
  me.campaignName = data.campaignName ?? null;
}

async function refresh(me) {
  take(me, await get('/api/agent'));
  render(me);
}

async function load(me) {
  try {
    take(me, await get('/api/agent'));
    listen(me);
    render(me);
  } catch (e) {
    if (e instanceof ApiError && e.status === 503) {
      mount(me.root, head(), h('div', { class: 'card empty-state', id: 'desk-no-campaign' },
        h('p', { class: 'lead' }, t('desk.noCampaign'))));
    } else fail(e);
  }
}

function listen(me) {
  const es = new EventSource('/api/events');
  es.addEventListener('screen-pop', (ev) => {
    me.pop = JSON.parse(ev.data);
    render(me);
  });
  es.addEventListener('agent-state', (ev) => {
    const s = JSON.parse(ev.data);
    const before = me.agent;
    me.agent = { agentId: s.agentId, state: s.state, since: s.since, callId: s.callId || '', pauseReason: s.pauseReason || '', channel: s.channel || '' };
    if (me.pop && s.state === 'PAUSED' && s.pauseReason === 'CHANNEL_DOWN') me.pop = null;
    if (me.pop && s.state === 'READY') me.pop = null;
    if (!before || before.state !== s.state || !document.getElementById('desk-pop') === !!me.pop) render(me);
    else renderBar(me);
  });
  me.es = es;
  me.timer = setInterval(() => tick(me), 1000);
  me.poll = setInterval(() => pollCampaigns(me), 5000);
}

/** While logged out, campaigns a manager starts or pauses appear in the picker without a reload. */
async function pollCampaigns(me) {
  if (me.agent && me.agent.state !== 'LOGGED_OUT' && !me.switching) return;
  try {
    const data = await get('/api/agent');
    const key = (list) => JSON.stringify((list || []).map((c) => [c.id, c.name, c.open]));
    if (key(data.campaigns) === key(me.campaigns)) return;
    me.campaigns = data.campaigns || [];
    const channel = document.getElementById('desk-channel')?.value;
    const picked = document.querySelector('#desk-campaigns input[name="campaign"]:checked')?.value;
    render(me);
    const input = document.getElementById('desk-channel');
    if (input && channel) input.value = channel;
    // keep the agent's choice when the list changes under them (the chosen campaign may still be there)
    const again = picked && document.querySelector(`#desk-campaigns input[name="campaign"][value="${picked}"]`);
    if (again) again.checked = true;
  } catch {
    // the next poll tries again
  }
}

function head() {
  return h('div', { class: 'page-head' }, h('h1', { id: 'page-title' }, t('desk.title')));
}

function tick(me) {
  const el = document.getElementById('desk-timer');
  if (el && me.agent) el.textContent = fmtDuration(Date.now() - me.agent.since);
}

function render(me) {
  const a = me.agent;
  if (!a || a.state === 'LOGGED_OUT') {
    me.switching = false;
    mount(me.root, head(), loginCard(me));
    return;
  }
  if (me.switching) {
    mount(me.root, head(), h('div', { id: 'desk-bar-slot' }), switchCard(me));
    renderBar(me);
    return;
  }
  mount(me.root, head(), h('div', { id: 'desk-bar-slot' }), me.pop ? popView(me) : waiting(me));
  renderBar(me);
}

function renderBar(me) {
  const slot = document.getElementById('desk-bar-slot');
  if (!slot) return render(me);
  const a = me.agent;
  const state = a.state;
  const label = state === 'PAUSED' ? t('desk.state.PAUSED') + ' · ' + tOr(`desk.reason.${a.pauseReason}`, a.pauseReason) : t(`desk.state.${state}`);
  const reason = h('select', { id: 'desk-pause-reason', 'aria-label': t('desk.pauseReason') },
    PAUSE_REASONS.map((r) => h('option', { value: r }, t(`desk.reason.${r}`))));
  const busy = state === 'ON_CALL' || state === 'RESERVED' || state === 'WRAP_UP';
  const others = openCampaigns(me).filter((c) => c.id !== me.campaignId);
  mount(slot, h('div', { class: 'card desk-bar' },
    me.campaignName ? h('span', { class: 'desk-campaign', id: 'desk-campaign', 'data-campaign': me.campaignId, title: t('desk.campaign') }, me.campaignName) : null,
    h('span', { class: `desk-state desk-state-${state.toLowerCase()}`, id: 'desk-state', 'data-state': state }, label),
    h('span', { class: 'desk-timer mono', id: 'desk-timer', title: t('desk.timeInState') }, fmtDuration(Date.now() - a.since)),
    state === 'WRAP_UP' ? h('span', { class: 'badge badge-warn' }, t('desk.wrapUp')) : null,
    h('span', { class: 'desk-spacer' }),
    state !== 'READY' && state !== 'ON_CALL' && state !== 'RESERVED'
      ? h('button', { class: 'btn btn-primary', id: 'desk-ready', onclick: () => act(me, '/api/agent/ready') }, t('desk.ready')) : null,
    state === 'READY' || state === 'WRAP_UP'
      ? [reason, h('button', { class: 'btn btn-secondary', id: 'desk-pause', onclick: () => act(me, '/api/agent/pause', { reason: reason.value }) }, t('desk.pause'))] : null,
    !busy && !me.switching && others.length > 0
      ? h('button', { class: 'btn btn-secondary', id: 'desk-switch', title: t('desk.switchHelp'), onclick: () => { me.switching = true; render(me); } }, t('desk.switch')) : null,
    state !== 'ON_CALL' && state !== 'RESERVED'
      ? h('button', { class: 'btn btn-quiet', id: 'desk-logout', onclick: () => act(me, '/api/agent/logout') }, t('desk.logout')) : null));
}

function openCampaigns(me) {
  return me.campaigns.filter((c) => c.open);
}

/** The campaigns an agent can log in to, as radio cards; the only one is chosen already. */
function campaignPicker(me, exclude) {
  const open = openCampaigns(me).filter((c) => c.id !== exclude);
  return h('fieldset', { class: 'desk-campaigns', id: 'desk-campaigns' },
    h('legend', {}, t(open.length === 1 ? 'desk.campaignOne' : 'desk.campaignChoose')),
    open.map((c) => h('label', { class: 'desk-campaign-choice', 'data-campaign': c.id },
      h('input', { type: 'radio', name: 'campaign', value: c.id, required: true, checked: open.length === 1 }),
      h('span', { class: 'desk-campaign-name' }, c.name))));
}

function chosenCampaign(form) {
  const picked = form.querySelector('input[name="campaign"]:checked');
  return picked ? Number(picked.value) : null;
}

async function logIn(me, body) {
  try {
    me.agent = await post('/api/agent/login', body);
    me.switching = false;
    await refresh(me);
  } catch (e) {
    if (e instanceof ApiError && ['campaign_required', 'campaign_not_open', 'no_open_campaign'].includes(e.code)) {
      toast(t(`desk.error.${e.code}`), 'error');
      await refresh(me).catch(() => {});
    } else if (e instanceof ApiError && e.code === 'on_a_call') {
      toast(t('desk.error.on_a_call'), 'error');
    } else fail(e);
  }
}

/** Changing campaign (only when not on a call): the other open campaigns, then the agent logs in there. */
function switchCard(me) {
  const form = h('form', { class: 'card form-narrow stack', id: 'desk-switch-form', onsubmit: (ev) => {
    ev.preventDefault();
    const campaignId = chosenCampaign(form);
    if (campaignId === null) return toast(t('desk.campaignChoose'), 'error');
    logIn(me, { campaignId, channel: me.agent.channel || '' });
  } },
  h('p', { class: 'lead' }, t('desk.switchLead', { name: me.campaignName || '' })),
  campaignPicker(me, me.campaignId),
  h('div', { class: 'actions' },
    h('button', { class: 'btn btn-quiet', type: 'button', id: 'desk-switch-cancel', onclick: () => { me.switching = false; render(me); } }, t('common.cancel')),
    h('button', { class: 'btn btn-primary', type: 'submit', id: 'desk-switch-submit' }, t('desk.switchTo'))));
  return form;
}

async function act(me, path, body = {}) {
  try {
    me.agent = await post(path, body);
    if (path.endsWith('/logout')) {
      me.pop = null;
      return refresh(me);
    }
    render(me);
  } catch (e) {
    fail(e);
  }
}

function loginCard(me) {
  if (openCampaigns(me).length === 0) {
    return h('div', { class: 'card empty-state', id: 'desk-no-open-campaign' },
      h('p', { class: 'lead' }, t('desk.noOpenCampaign')),
      h('button', { class: 'btn btn-secondary', type: 'button', id: 'desk-refresh', onclick: () => refresh(me).catch(fail) }, t('desk.refresh')));
  }
  const channel = h('input', { id: 'desk-channel', name: 'channel', placeholder: 'PJSIP/ana-00000012', autocomplete: 'off' });
  const form = h('form', { class: 'card form-narrow stack', id: 'desk-login', onsubmit: (ev) => {
    ev.preventDefault();
    const campaignId = chosenCampaign(form);
    if (campaignId === null) return toast(t('desk.campaignChoose'), 'error');
    logIn(me, { channel: channel.value, campaignId });
  } },
  h('p', { class: 'lead' }, t(me.demo ? 'desk.loginDemo' : 'desk.loginHelp')),
  campaignPicker(me, null),
  me.demo ? null : h('label', { class: 'field' }, h('span', {}, t('desk.channel')), channel),
  h('button', { class: 'btn btn-primary', type: 'submit', id: 'desk-login-submit' }, t('desk.login')));
  return form;
}

function waiting(me) {
  const s = me.agent.state;
  return h('div', { class: 'card empty-state', id: 'desk-waiting' },
    h('p', { class: 'lead' }, t(s === 'READY' ? 'desk.waitingReady' : s === 'PAUSED' ? 'desk.waitingPaused' : 'desk.waitingOther')));
}

function popView(me) {
  const pop = me.pop;
  if (pop.kind === 'inbound') return inboundView(me, pop);
  const c = pop.contact || {};
  const fields = Object.entries(c.fields || {});
  return h('div', { class: 'desk-pop', id: 'desk-pop', 'data-call': pop.callId },
    h('div', { class: 'card desk-customer' },
      h('p', { class: 'muted' }, t('desk.onCall')),
      h('h2', { class: 'desk-name', id: 'desk-name', lang: c.language || null }, c.name || c.phone),
      h('p', { class: 'mono' }, c.phone, c.customerId ? ` · ${c.customerId}` : ''),
      c.reason && c.reason !== 'FRESH' ? h('span', { class: 'badge badge-info' }, tOr(`desk.why.${c.reason}`, c.reason)) : null,
      fields.length ? h('dl', { class: 'desk-fields', id: 'desk-fields' },
        fields.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])) : null,
      h('h3', {}, t('desk.history')),
      historyView(pop.history || [])),
    surveyForm(me, pop));
}

function historyView(history) {
  if (!history.length) return h('p', { class: 'muted', id: 'desk-history' }, t('desk.noHistory'));
  return h('ul', { class: 'desk-history', id: 'desk-history' }, history.map((a) => h('li', {},
    h('span', { class: 'mono' }, new Date(a.startedAt).toLocaleString()), ' · ',
    tOr(`desk.outcome.${a.outcome}`, a.outcome), a.agent ? ` · ${a.agent}` : '')));
}

function questionInput(q) {
  const name = `q-${q.id}`;
  const radios = (values, labels = values) => h('div', { class: 'desk-scale', role: 'radiogroup', 'aria-label': q.text },
    values.map((v, i) => h('label', { class: 'desk-choice' },
      h('input', { type: 'radio', name, value: v, required: q.required }), h('span', {}, labels[i]))));
  switch (q.type) {
    case 'CSAT': return radios(['1', '2', '3', '4', '5']);
    case 'NPS': return radios(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    case 'YES_NO': return radios(['yes', 'no'], [t('desk.yes'), t('desk.no')]);
    case 'SINGLE_CHOICE': return radios(q.choices);
    default: return h('textarea', { name, rows: 2, maxlength: 2000 });
  }
}

function surveyForm(me, pop) {
  const s = pop.survey || { questions: [] };
  const disposition = h('select', { id: 'desk-disposition', name: 'disposition' },
    DISPOSITIONS.map((d) => h('option', { value: d }, t(`desk.disposition.${d}`))));
  const due = h('input', { type: 'datetime-local', id: 'desk-callback-at' });
  const form = h('form', { class: 'card desk-survey stack', id: 'desk-survey', onsubmit: async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const answers = {};
    for (const q of s.questions) {
      const v = data.get(`q-${q.id}`);
      if (v !== null && String(v).trim() !== '') answers[q.id] = String(v);
    }
    const complete = s.questions.filter((q) => q.required).every((q) => answers[q.id] !== undefined);
    try {
      await post('/api/agent/disposition', { code: disposition.value, answers, completed: disposition.value === 'completed' && complete, endWrapUp: true });
      toast(t('desk.saved'));
      me.pop = null;
      me.agent = await get('/api/agent').then((d) => d.agent);
      render(me);
    } catch (e) {
      fail(e);
    }
  } },
  h('h2', {}, s.title || t('desk.survey')),
  s.intro ? h('p', { class: 'desk-intro', id: 'desk-intro' }, s.intro) : null,
  s.questions.map((q) => h('fieldset', { class: 'desk-question', 'data-question': q.id },
    h('legend', {}, q.text, q.required ? '' : ` (${t('desk.optional')})`), questionInput(q))),
  h('label', { class: 'field' }, h('span', {}, t('desk.disposition')), disposition),
  h('div', { class: 'actions' },
    h('button', { class: 'btn btn-primary', type: 'submit', id: 'desk-save' }, t('desk.save')),
    h('button', { class: 'btn btn-secondary', type: 'button', id: 'desk-hangup', onclick: () => post('/api/agent/hangup').then(() => toast(t('desk.hangupDone'))).catch(fail) }, t('desk.hangup')),
    h('button', { class: 'btn btn-secondary', type: 'button', id: 'desk-machine', onclick: () => post('/api/agent/machine').then(() => toast(t('desk.machineDone'))).catch(fail) }, t('desk.machine')),
    h('button', { class: 'btn btn-danger-quiet', type: 'button', id: 'desk-dnc', onclick: () => {
      if (confirm(t('desk.dncConfirm'))) post('/api/agent/do-not-call').then(() => toast(t('desk.dncDone'))).catch(fail);
    } }, t('desk.dnc'))),
  h('div', { class: 'field-row' },
    h('label', { class: 'field' }, h('span', {}, t('desk.callbackAt')), due),
    h('button', { class: 'btn btn-secondary', type: 'button', id: 'desk-callback', onclick: () => {
      if (!due.value) return toast(t('desk.callbackWhen'), 'error');
      post('/api/agent/callback', { dueAt: new Date(due.value).toISOString(), sameAgent: true, note: '' })
        .then(() => toast(t('desk.callbackDone'))).catch(fail);
    } }, t('desk.callback'))));
  return form;
}

/** The IVR context in words: "verified by PIN, wanted: payment, failed at card expiry". */
export function ivrInWords(ctx) {
  const parts = [];
  if (ctx.verifiedBy) parts.push(t('desk.ivr.verifiedBy', { how: ctx.verifiedBy }));
  else parts.push(t('desk.ivr.notVerified'));
  if (ctx.wanted) parts.push(t('desk.ivr.wanted', { what: ctx.wanted }));
  if (ctx.failedAt) parts.push(t('desk.ivr.failedAt', { step: ctx.failedAt }));
  return parts.join(', ');
}

function inboundView(me, pop) {
  const ctx = pop.ivrContext || {};
  const rest = Object.entries(ctx).filter(([k]) => !['verifiedBy', 'wanted', 'failedAt'].includes(k));
  return h('div', { class: 'desk-pop', id: 'desk-pop', 'data-call': pop.callId },
    h('div', { class: 'card desk-customer' },
      h('p', { class: 'muted' }, t('desk.inbound')),
      h('h2', { class: 'desk-name', id: 'desk-name' }, ctx.name || ctx.callerId || t('desk.unknownCaller')),
      h('p', { class: 'lead', id: 'desk-ivr' }, ivrInWords(ctx)),
      h('dl', { class: 'desk-fields' }, rest.map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))]))),
    h('form', { class: 'card stack', onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        await post('/api/agent/disposition', { code: 'inbound_handled', answers: {}, completed: false, endWrapUp: true });
        me.pop = null;
        render(me);
      } catch (e) { fail(e); }
    } }, h('button', { class: 'btn btn-primary', type: 'submit' }, t('desk.done'))));
}
