// Telephony admin screen: per-campaign pacing settings, the what-if simulator with an occupancy/abandonment
// plot, the live pacing chart (SSE "pacing.live"), the Asterisk connection and the IVR flows.
import { h, mount, toast, formatDate } from './dom.js';
import { t, currentLang } from './i18n.js';
import { api, get, post, ApiError } from './api.js';

const MODES = ['preview', 'progressive', 'ratio', 'adaptive', 'predictive', 'agentless'];
const SIMULATED = ['progressive', 'ratio', 'adaptive', 'predictive'];
const CAP = 0.03;
const LIVE_WINDOW = 300; // seconds of live history kept on the chart
const SVG = 'http://www.w3.org/2000/svg';

/** Which parameters each mode uses, besides target, deadline, ring timeout and AMD. */
const MODE_FIELDS = {
  preview: [],
  progressive: [],
  ratio: ['ratio'],
  adaptive: ['maxLinesPerAgent'],
  predictive: ['safetyMargin'],
  agentless: ['channelLimit'],
};

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

function pct(x, digits = 1) {
  return new Intl.NumberFormat(currentLang() === 'es' ? 'es-ES' : 'en-GB', {
    style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(x);
}

function num(x, digits = 1) {
  return new Intl.NumberFormat(currentLang() === 'es' ? 'es-ES' : 'en-GB', {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(x);
}

/** The telephony admin page. */
export function telephonyView(ctx) {
  const root = h('section', { class: 'page telephony', 'aria-labelledby': 'page-title' });
  const state = { campaign: localStorage.getItem('centralita.telephony.campaign') || '', settings: null, live: [], lastResult: null };

  // ---------------------------------------------------------------- status strip
  const status = h('div', { class: 'telephony-status', id: 'telephony-status', role: 'status' }, t('app.loading'));

  async function loadStatus() {
    try {
      const res = await fetch('/ready', { headers: { Accept: 'application/json' } });
      const ready = await res.json();
      const chip = (name, check) => {
        const up = check && check.status === 'UP';
        return h('div', { class: 'telephony-chip' },
          h('span', { class: `status ${up ? 'status-ok' : check ? 'status-down' : 'status-off'}` }, t(`telephony.status.${name}`)),
          h('span', { class: 'hint block' }, check ? check.detail : t('telephony.status.off')));
      };
      mount(status, chip('ami', ready.checks.ami), chip('fastagi', ready.checks.fastagi), chip('database', ready.checks.database));
    } catch (e) {
      mount(status, h('p', { class: 'form-error' }, t('common.error', { message: e.message })));
    }
  }

  // ---------------------------------------------------------------- campaign picker
  const campaignInput = h('input', {
    type: 'text', id: 'pacing-campaign', list: 'pacing-campaigns', value: state.campaign,
    placeholder: t('telephony.campaign.placeholder'), autocomplete: 'off', pattern: '[A-Za-z0-9_.\\-]{1,64}',
  });
  const campaignList = h('datalist', { id: 'pacing-campaigns' });
  const pickForm = h('form', { class: 'pacing-pick', id: 'pacing-pick', onSubmit: (e) => { e.preventDefault(); openCampaign(campaignInput.value.trim()); } },
    h('div', { class: 'field' },
      h('label', { for: 'pacing-campaign' }, t('telephony.campaign.label')),
      h('div', { class: 'copy-row' }, campaignInput, campaignList,
        h('button', { type: 'submit', class: 'btn btn-secondary', id: 'pacing-open' }, t('telephony.campaign.open')))),
    h('p', { class: 'hint' }, t('telephony.campaign.hint')));

  async function loadCampaignList() {
    try {
      const data = await get('/api/pacing/campaigns');
      let live = [];
      try {
        live = (await get('/api/pacing/live')).campaigns;
      } catch {
        live = [];
      }
      // Campaigns dialling now first, by name; then those with stored settings.
      const options = live.map((c) => h('option', { value: c.campaignId }, `${c.campaignName} · ${t('telephony.campaign.running')}`));
      const liveIds = new Set(live.map((c) => c.campaignId));
      data.campaigns.filter((c) => !liveIds.has(c.campaignId))
        .forEach((c) => options.push(h('option', { value: c.campaignId }, t(`telephony.mode.${c.mode}`))));
      mount(campaignList, options);
      const first = live[0]?.campaignId || data.campaigns[0]?.campaignId;
      if (!state.campaign && first) {
        campaignInput.value = first;
        openCampaign(first);
      }
    } catch (e) {
      toast(t('common.error', { message: e.message }), 'error');
    }
  }

  function campaignName(id) {
    const c = (state.live || []).find((x) => x.campaignId === id);
    return c ? c.campaignName : id;
  }

  // ---------------------------------------------------------------- settings form
  const settingsCard = h('div', { class: 'card', id: 'pacing-settings' },
    h('p', { class: 'muted' }, t('telephony.campaign.none')));
  const inputs = {};

  function field(name, attrs, unit) {
    const input = h('input', { id: `pacing-${name}`, name, type: 'number', inputmode: 'decimal', required: true, ...attrs });
    inputs[name] = input;
    return h('div', { class: 'field', 'data-field': name },
      h('label', { for: `pacing-${name}` }, t(`telephony.field.${name}`)),
      h('div', { class: 'input-unit' }, input, unit ? h('span', { class: 'unit', 'aria-hidden': 'true' }, unit) : null),
      h('p', { class: 'hint' }, t(`telephony.help.${name}`)),
      h('p', { class: 'field-error', id: `pacing-${name}-error`, role: 'alert', hidden: true }));
  }

  function renderSettings() {
    const st = state.settings;
    const modeSelect = h('select', { id: 'pacing-mode', name: 'mode', onChange: () => showModeFields(modeSelect.value) },
      MODES.map((m) => h('option', { value: m, selected: m === st.mode }, t(`telephony.mode.${m}`))));
    inputs.mode = modeSelect;
    const amdSelect = h('select', { id: 'pacing-amd', name: 'amd' },
      ['off', 'hangup', 'message'].map((a) => h('option', { value: a, selected: a === st.amd }, t(`telephony.amd.${a}`))));
    inputs.amd = amdSelect;
    const modeHelp = h('p', { class: 'hint', id: 'pacing-mode-help' }, t(`telephony.modehelp.${st.mode}`));
    const formError = h('p', { class: 'form-error', id: 'pacing-error', role: 'alert', hidden: true });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'pacing-save' }, t('telephony.save'));
    const form = h('form', { class: 'stack', id: 'pacing-form', novalidate: true, onSubmit: (e) => { e.preventDefault(); saveSettings(form, save, formError); } },
      h('div', { class: 'field-row' },
        h('div', { class: 'field' },
          h('label', { for: 'pacing-mode' }, t('telephony.field.mode')), modeSelect, modeHelp),
        h('div', { class: 'field' },
          h('label', { for: 'pacing-amd' }, t('telephony.field.amd')), amdSelect, h('p', { class: 'hint' }, t('telephony.help.amd')))),
      h('div', { class: 'field-grid' },
        field('abandonTarget', { min: 0.1, max: 3, step: 0.1, value: round(st.abandonTarget * 100, 2) }, '%'),
        field('connectDeadlineSeconds', { min: 0, max: 2, step: 0.1, value: st.connectDeadlineSeconds }, 's'),
        field('ringTimeoutSeconds', { min: 15, max: 120, step: 1, value: st.ringTimeoutSeconds }, 's'),
        field('ratio', { min: 1, max: 10, step: 0.1, value: st.ratio }, '×'),
        field('maxLinesPerAgent', { min: 1, max: 10, step: 0.1, value: st.maxLinesPerAgent }, '×'),
        field('safetyMargin', { min: 0, max: 50, step: 1, value: round(st.safetyMargin * 100, 1) }, '%'),
        field('channelLimit', { min: 1, max: 1000, step: 1, value: st.channelLimit }, null)),
      h('p', { class: 'notice', id: 'pacing-cap-note' }, t('telephony.capNote')),
      formError,
      h('div', { class: 'actions' },
        h('span', { class: 'muted pacing-stamp', id: 'pacing-stamp' }, st.stored
          ? t('telephony.storedBy', { user: st.updatedBy, when: formatDate(st.updatedAt, currentLang()) })
          : t('telephony.defaults')),
        save));
    mount(settingsCard,
      h('div', { class: 'card-head' },
        h('h2', {}, t('telephony.settings.title', { campaign: campaignName(st.campaignId) })),
        h('span', { class: `badge ${st.stored ? 'badge-info' : 'badge-warn'}` }, t(st.stored ? 'telephony.badge.stored' : 'telephony.badge.defaults'))),
      form);
    showModeFields(st.mode);
  }

  function showModeFields(mode) {
    for (const name of ['ratio', 'maxLinesPerAgent', 'safetyMargin', 'channelLimit']) {
      const el = settingsCard.querySelector(`[data-field="${name}"]`);
      if (el) el.hidden = !MODE_FIELDS[mode].includes(name);
    }
    const help = settingsCard.querySelector('#pacing-mode-help');
    if (help) help.textContent = t(`telephony.modehelp.${mode}`);
  }

  function round(x, d) {
    const f = 10 ** d;
    return Math.round(x * f) / f;
  }

  /** Reads the form into an API body (percent fields converted to fractions). */
  function formValues() {
    const v = (name) => Number(inputs[name].value);
    return {
      mode: inputs.mode.value,
      amd: inputs.amd.value,
      abandonTarget: round(v('abandonTarget') / 100, 5),
      connectDeadlineSeconds: v('connectDeadlineSeconds'),
      ringTimeoutSeconds: v('ringTimeoutSeconds'),
      ratio: v('ratio'),
      maxLinesPerAgent: v('maxLinesPerAgent'),
      safetyMargin: round(v('safetyMargin') / 100, 3),
      channelLimit: v('channelLimit'),
    };
  }

  function clearErrors() {
    settingsCard.querySelectorAll('.field-error').forEach((el) => { el.hidden = true; el.textContent = ''; });
    settingsCard.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  }

  function showApiError(e, formError) {
    const field = /^(\w+):/.exec(e.message || '')?.[1];
    const message = e.code === 'above_legal_cap' ? t('telephony.error.cap') : e.message;
    const slot = field && settingsCard.querySelector(`#pacing-${field}-error`);
    if (slot) {
      slot.textContent = message;
      slot.hidden = false;
      inputs[field]?.setAttribute('aria-invalid', 'true');
      inputs[field]?.focus();
    } else {
      formError.textContent = message;
      formError.hidden = false;
    }
  }

  async function saveSettings(form, button, formError) {
    clearErrors();
    formError.hidden = true;
    button.disabled = true;
    try {
      state.settings = await api('PUT', `/api/pacing/campaigns/${encodeURIComponent(state.settings.campaignId)}`, formValues());
      renderSettings();
      toast(t('telephony.saved', { mode: t(`telephony.mode.${state.settings.mode}`) }));
      showLiveDialer(state.settings.liveDialer);
      loadCampaignList();
    } catch (e) {
      if (e instanceof ApiError) showApiError(e, formError);
      else toast(t('common.error', { message: e.message }), 'error');
    } finally {
      button.disabled = false;
    }
  }

  /** Says what the running dialer took at once and what it keeps until it next starts. */
  function showLiveDialer(applied) {
    if (!applied) return;
    if (!applied.running) {
      toast(t('telephony.liveNotRunning'));
      return;
    }
    if (applied.live.includes('mode')) toast(t('telephony.liveApplied', { mode: t(`telephony.mode.${state.settings.mode}`) }));
    const params = applied.live.filter((f) => f !== 'mode');
    if (params.length > 0) {
      toast(t('telephony.liveFields', { fields: params.map((f) => t(`telephony.field.${f}`).toLowerCase()).join(', ') }));
    }
    if (applied.nextStart.length > 0) {
      const fields = applied.nextStart.map((f) => t(`telephony.field.${f}`).toLowerCase()).join(', ');
      toast(t('telephony.liveNextStart', { fields }));
    }
  }

  async function openCampaign(id) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) {
      toast(t('telephony.campaign.invalid'), 'error');
      return;
    }
    try {
      state.settings = await get(`/api/pacing/campaigns/${encodeURIComponent(id)}`);
      state.campaign = id;
      // The what-if simulates the team the campaign has now, when it is dialling.
      const running = (state.live || []).find((c) => c.campaignId === id);
      if (running && running.workingAgents > 0) agentsInput.value = running.workingAgents;
      localStorage.setItem('centralita.telephony.campaign', id);
      renderSettings();
      whatIfCard.hidden = false;
      mount(whatIfOut, h('p', { class: 'muted' }, t('telephony.whatif.idle')));
      renderLive();
    } catch (e) {
      toast(t('common.error', { message: e.message }), 'error');
    }
  }

  // ---------------------------------------------------------------- what-if
  const compareBoxes = SIMULATED.map((m) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: m, checked: m !== 'ratio', 'data-compare': m }), t(`telephony.mode.${m}`)));
  const agentsInput = h('input', { type: 'number', id: 'whatif-agents', min: 1, max: 200, step: 1, value: 20 });
  const hoursSelect = h('select', { id: 'whatif-hours' }, [1, 2, 4].map((x) => h('option', { value: x, selected: x === 2 }, t('telephony.whatif.hoursN', { n: x }))));
  const runButton = h('button', { type: 'button', class: 'btn btn-primary', id: 'whatif-run', onClick: runWhatIf }, t('telephony.whatif.run'));
  const whatIfOut = h('div', { id: 'whatif-out', 'aria-live': 'polite' });
  const whatIfCard = h('div', { class: 'card', id: 'whatif', hidden: true },
    h('div', { class: 'card-head' }, h('h2', {}, t('telephony.whatif.title')), h('span', { class: 'badge badge-info' }, t('telephony.whatif.badge'))),
    h('p', { class: 'muted' }, t('telephony.whatif.intro')),
    h('div', { class: 'whatif-controls' },
      h('fieldset', { class: 'whatif-modes' }, h('legend', {}, t('telephony.whatif.compare')), h('span', { class: 'check muted' }, t('telephony.whatif.current')), compareBoxes),
      h('div', { class: 'field' }, h('label', { for: 'whatif-agents' }, t('telephony.whatif.agents')), agentsInput),
      h('div', { class: 'field' }, h('label', { for: 'whatif-hours' }, t('telephony.whatif.hours')), hoursSelect),
      runButton),
    whatIfOut);

  async function runWhatIf() {
    if (!state.settings) return;
    const current = formValues();
    const candidates = [current];
    compareBoxes.forEach((label) => {
      const box = label.querySelector('input');
      if (box.checked && box.value !== current.mode) candidates.push({ ...current, mode: box.value });
    });
    runButton.disabled = true;
    mount(whatIfOut, h('p', { class: 'muted', id: 'whatif-running' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('telephony.whatif.running', { n: candidates.length })));
    try {
      const result = await post(`/api/pacing/campaigns/${encodeURIComponent(state.settings.campaignId)}/what-if`,
        { candidates, agents: Number(agentsInput.value), hours: Number(hoursSelect.value), seeds: 3 });
      state.lastResult = result;
      renderWhatIf(result);
    } catch (e) {
      const message = e.code === 'above_legal_cap' ? t('telephony.error.cap')
        : e.code === 'what_if_busy' ? t('telephony.whatif.busy') : e.message;
      mount(whatIfOut, h('p', { class: 'form-error', role: 'alert' }, message));
    } finally {
      runButton.disabled = false;
    }
  }

  function basisKey(result) {
    if (result.basis === 'learned') return 'telephony.whatif.basisLearnedFrom';
    return result.learnedFrom?.running ? 'telephony.whatif.basisRunningNoCalls' : 'telephony.whatif.basisDefaults';
  }

  function candidateLabel(r) {
    const st = r.settings;
    const extra = st.mode === 'ratio' ? ` ${num(st.ratio, 1)}×` : '';
    return `${t(`telephony.mode.${st.mode}`)}${extra}${r.index === 0 ? ` (${t('telephony.whatif.yours')})` : ''}`;
  }

  function renderWhatIf(result) {
    const rows = result.results;
    const simulated = rows.filter((r) => r.simulated);
    mount(whatIfOut,
      h('p', { class: 'hint', id: 'whatif-basis', 'data-basis': result.basis }, t(basisKey(result), {
        agents: result.agents, hours: result.hours, seeds: result.seeds, human: pct(result.scenario.humanAnswerRate, 0), talk: num(result.scenario.talkSeconds, 0),
        answered: result.learnedFrom?.answeredCalls ?? 0, dials: result.learnedFrom?.dialsToday ?? 0, prior: result.learnedFrom?.priorWeight ?? 0,
      })),
      result.truncated ? h('p', { class: 'notice' }, t('telephony.whatif.truncated')) : null,
      h('div', { class: 'whatif-grid' },
        h('figure', { class: 'chart', id: 'whatif-plot' }, scatter(simulated), h('figcaption', { class: 'hint' }, t('telephony.whatif.caption'))),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'whatif-table' },
          h('thead', {}, h('tr', {},
            ['candidate', 'occupancy', 'abandon', 'talk', 'calls'].map((c) => h('th', { scope: 'col' }, t(`telephony.whatif.col.${c}`))))),
          h('tbody', {}, rows.map((r) => h('tr', { 'data-mode': r.settings.mode },
            h('td', {}, h('span', { class: 'strong block' }, candidateLabel(r)),
              r.simulated ? h('button', {
                type: 'button', class: 'btn btn-secondary btn-small', 'data-apply': r.index, onClick: () => applyCandidate(r),
              }, t('telephony.whatif.apply')) : null),
            r.simulated
              ? [
                h('td', {}, pct(r.occupancy), h('span', { class: 'hint' }, ` ± ${num(r.occupancyStdDev * 100, 1)}`)),
                h('td', {}, h('span', { class: r.abandonRate > CAP ? 'over-cap' : 'within-cap' }, pct(r.abandonRate, 2)),
                  h('span', { class: 'hint' }, ` ± ${num(r.abandonRateStdDev * 100, 2)}`),
                  r.abandonRate > CAP ? h('span', { class: 'badge badge-danger' }, t('telephony.whatif.overCap')) : null),
                h('td', {}, num(r.talkMinutesPerAgentHour, 1)),
                h('td', {}, num(r.callsPlaced, 0))]
              : h('td', { colspan: 4, class: 'muted' }, r.reason))))))));
  }

  function applyCandidate(r) {
    state.settings = { ...state.settings, ...r.settings, stored: state.settings.stored, updatedAt: state.settings.updatedAt, updatedBy: state.settings.updatedBy };
    renderSettings();
    settingsCard.scrollIntoView({ behavior: 'smooth', block: 'start' });
    inputs.mode.focus();
    toast(t('telephony.whatif.applied'));
  }

  /** Occupancy (y) against abandonment (x), with the legal cap as a vertical line. */
  function scatter(rows) {
    const W = 460;
    const H = 300;
    const m = { l: 52, r: 16, t: 16, b: 44 };
    const maxX = Math.max(0.05, ...rows.map((r) => r.abandonRate + r.abandonRateStdDev)) * 1.1;
    // Square-root scale: the band under the cap stays readable next to candidates far above it.
    const x = (v) => m.l + Math.sqrt(Math.max(0, v) / maxX) * (W - m.l - m.r);
    const y = (v) => H - m.b - v * (H - m.t - m.b);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('telephony.whatif.plotLabel'), class: 'plot' });
    for (let i = 0; i <= 5; i++) {
      const v = i / 5;
      svg.append(s('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid' }),
        s('text', { x: m.l - 8, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, pct(v, 0)));
    }
    for (const v of [0, 0.01, 0.03, 0.1, 0.2, 0.4, 0.6, 0.8, 1].filter((v) => v <= maxX)) {
      svg.append(s('line', { x1: x(v), x2: x(v), y1: m.t, y2: H - m.b, class: 'grid' }),
        s('text', { x: x(v), y: H - m.b + 18, class: 'tick', 'text-anchor': 'middle' }, pct(v, 0)));
    }
    svg.append(
      s('rect', { x: m.l, y: m.t, width: x(CAP) - m.l, height: H - m.t - m.b, class: 'cap-zone' }),
      s('line', { x1: x(CAP), x2: x(CAP), y1: m.t, y2: H - m.b, class: 'cap-line' }),
      s('text', { x: x(CAP) + 4, y: m.t + 12, class: 'cap-label' }, t('telephony.chart.cap')),
      s('text', { x: (W + m.l) / 2, y: H - 6, class: 'axis', 'text-anchor': 'middle' }, t('telephony.chart.abandon')),
      s('text', { x: 14, y: (H - m.b + m.t) / 2, class: 'axis', 'text-anchor': 'middle', transform: `rotate(-90 14 ${(H - m.b + m.t) / 2})` }, t('telephony.chart.occupancy')));
    // Labels go left of points on the right half, and below a neighbour's label instead of over it.
    const placed = [];
    [...rows].sort((a, b) => b.occupancy - a.occupancy).forEach((r) => {
      const cx = x(r.abandonRate);
      const cy = y(r.occupancy);
      const left = cx > W * 0.55;
      let ly = cy - 9;
      while (placed.some((p) => Math.abs(p.y - ly) < 14 && Math.abs(p.x - cx) < 120)) ly += 15;
      placed.push({ x: cx, y: ly });
      const g = s('g', { class: `pt pt-${r.index}`, 'data-mode': r.settings.mode },
        s('line', { x1: x(Math.max(0, r.abandonRate - r.abandonRateStdDev)), x2: x(r.abandonRate + r.abandonRateStdDev), y1: cy, y2: cy, class: 'err' }),
        s('circle', { cx, cy, r: r.index === 0 ? 7 : 5.5 }),
        s('text', { x: left ? cx - 10 : cx + 10, y: ly, class: 'pt-label', 'text-anchor': left ? 'end' : 'start' }, candidateLabel(r)),
        s('title', {}, `${candidateLabel(r)}: ${t('telephony.chart.occupancy')} ${pct(r.occupancy)}, ${t('telephony.whatif.col.abandon')} ${pct(r.abandonRate, 2)}`));
      svg.append(g);
    });
    return svg;
  }

  // ---------------------------------------------------------------- live chart
  const liveBody = h('div', { id: 'pacing-live' });
  const liveCard = h('div', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', {}, t('telephony.live.title')), h('span', { class: 'hint', id: 'pacing-live-at' })),
    liveBody);
  const history = new Map(); // campaignId -> [{at, dialLevel, abandonRate24h, occupancy}]

  function onLive(ev) {
    if (!root.isConnected) {
      ctx.events?.removeEventListener('pacing.live', onLive);
      return;
    }
    const data = JSON.parse(ev.data);
    state.live = data.campaigns;
    const at = Date.parse(data.at);
    for (const c of data.campaigns) {
      const list = history.get(c.campaignId) || [];
      list.push({ at, ...c });
      while (list.length && list[0].at < at - LIVE_WINDOW * 1000) list.shift();
      history.set(c.campaignId, list);
    }
    const seen = root.querySelector('#pacing-live-at');
    if (seen) seen.textContent = t('telephony.live.updated', { time: new Date(at).toLocaleTimeString(currentLang()) });
    renderLive();
  }

  function renderLive() {
    const live = state.live;
    if (!live || live.length === 0) {
      mount(liveBody, h('div', { class: 'empty-state live-empty', id: 'pacing-live-empty' },
        h('span', { class: 'badge' }, t('telephony.live.noneBadge')),
        h('p', { class: 'lead' }, t('telephony.live.none')),
        h('p', { class: 'muted' }, t('telephony.live.noneHint'))));
      return;
    }
    const mine = live.find((c) => c.campaignId === state.campaign);
    if (!mine) {
      mount(liveBody, h('div', { class: 'empty-state live-empty' },
        h('p', { class: 'lead' }, t('telephony.live.notThis', { campaign: state.campaign || '—' })),
        h('p', { class: 'muted' }, t('telephony.live.others', { list: live.map((c) => `${c.campaignName} (${c.campaignId})`).join(', ') }))));
      return;
    }
    mount(liveBody,
      h('p', { class: 'strong', id: 'pacing-live-campaign' }, mine.campaignName, ' · ', t(`telephony.mode.${mine.mode}`)),
      h('div', { class: 'live-kpis' },
        kpi(t('telephony.live.dialLevel'), num(mine.dialLevel, 2), 'k-dial'),
        kpi(t('telephony.live.abandon24h'), pct(mine.abandonRate24h, 2), mine.abandonRate24h > CAP ? 'k-abandon over-cap' : 'k-abandon'),
        kpi(t('telephony.live.occupancy'), pct(mine.occupancy), 'k-occ'),
        kpi(t('telephony.live.agents'), String(mine.workingAgents), ''),
        kpi(t('telephony.live.calls'), String(mine.callsInProgress), '')),
      lineChart(history.get(mine.campaignId) || []));
  }

  function kpi(label, value, cls) {
    return h('div', { class: `kpi ${cls}` }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value' }, value));
  }

  function lineChart(points) {
    const W = 760;
    const H = 220;
    const m = { l: 44, r: 44, t: 12, b: 28 };
    const now = points.length ? points[points.length - 1].at : Date.now();
    const x = (at) => m.l + (1 - (now - at) / (LIVE_WINDOW * 1000)) * (W - m.l - m.r);
    const maxLevel = Math.max(3, ...points.map((p) => p.dialLevel));
    const yRate = (v) => H - m.b - Math.min(1, v) * (H - m.t - m.b);
    const yLevel = (v) => H - m.b - (v / maxLevel) * (H - m.t - m.b);
    const path = (fn) => points.map((p, i) => `${i ? 'L' : 'M'}${x(p.at).toFixed(1)},${fn(p).toFixed(1)}`).join(' ');
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('telephony.live.chartLabel'), class: 'plot live-plot' });
    for (let i = 0; i <= 4; i++) {
      svg.append(s('line', { x1: m.l, x2: W - m.r, y1: yRate(i / 4), y2: yRate(i / 4), class: 'grid' }),
        s('text', { x: m.l - 6, y: yRate(i / 4) + 4, class: 'tick', 'text-anchor': 'end' }, pct(i / 4, 0)),
        s('text', { x: W - m.r + 6, y: yLevel((maxLevel * i) / 4) + 4, class: 'tick' }, num((maxLevel * i) / 4, 1)));
    }
    svg.append(
      s('line', { x1: m.l, x2: W - m.r, y1: yRate(CAP), y2: yRate(CAP), class: 'cap-line' }),
      s('path', { d: path((p) => yRate(p.occupancy)), class: 'series s-occ' }),
      s('path', { d: path((p) => yRate(p.abandonRate24h)), class: 'series s-abandon' }),
      s('path', { d: path((p) => yLevel(p.dialLevel)), class: 'series s-dial' }),
      s('text', { x: m.l, y: H - 6, class: 'tick' }, t('telephony.live.ago', { min: LIVE_WINDOW / 60 })),
      s('text', { x: W - m.r, y: H - 6, class: 'tick', 'text-anchor': 'end' }, t('telephony.live.now')));
    return h('figure', { class: 'chart' }, svg,
      h('figcaption', { class: 'legend' },
        h('span', { class: 'lg lg-occ' }, t('telephony.live.occupancy')),
        h('span', { class: 'lg lg-abandon' }, t('telephony.live.abandon24h')),
        h('span', { class: 'lg lg-dial' }, t('telephony.live.dialLevelAxis'))));
  }

  async function loadLive() {
    try {
      state.live = (await get('/api/pacing/live')).campaigns;
    } catch {
      state.live = [];
    }
    renderLive();
  }

  // ---------------------------------------------------------------- flows
  const flowsBody = h('div', { id: 'flows-body' }, h('p', { class: 'muted' }, t('app.loading')));
  const flowsProblems = h('div', { id: 'flows-problems', 'aria-live': 'polite' });
  const flowsCard = h('div', { class: 'card', id: 'flows' },
    h('div', { class: 'card-head' }, h('h2', {}, t('telephony.flows.title')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'flows-validate', onClick: validateFlows }, t('telephony.flows.validate')),
        h('button', { type: 'button', class: 'btn btn-primary btn-small', id: 'flows-reload', onClick: reloadFlows }, t('telephony.flows.reload')))),
    flowsBody, flowsProblems);

  function problemsList(problems, okKey, badKey) {
    if (problems.length === 0) return h('p', { class: 'status status-ok', id: 'flows-ok' }, t(okKey));
    return h('div', {},
      h('p', { class: 'form-error', role: 'alert' }, t(badKey, { n: problems.length })),
      h('ul', { class: 'problems mono', id: 'flows-problem-list' }, problems.map((p) => h('li', {}, p.text))));
  }

  async function loadFlows() {
    try {
      const data = await get('/api/flows');
      mount(flowsBody,
        h('p', { class: 'hint' }, t('telephony.flows.dir', { dir: data.dir })),
        data.flows.length === 0
          ? h('p', { class: 'muted' }, t('telephony.flows.empty'))
          : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'flows-table' },
            h('thead', {}, h('tr', {}, ['name', 'languages', 'nodes', 'version'].map((c) => h('th', { scope: 'col' }, t(`telephony.flows.col.${c}`))))),
            h('tbody', {}, data.flows.map((f) => h('tr', {},
              h('td', { class: 'strong mono' }, f.name),
              h('td', {}, f.languages.join(', ')),
              h('td', {}, String(f.nodes)),
              h('td', { class: 'mono hint' }, f.version.slice(0, 12))))))));
      mount(flowsProblems, problemsList(data.lastReload.problems, 'telephony.flows.loadedOk', 'telephony.flows.loadedBad'));
    } catch (e) {
      mount(flowsBody, h('p', { class: 'form-error' }, t('common.error', { message: e.message })));
    }
  }

  async function validateFlows() {
    try {
      const r = await post('/api/flows/validate');
      mount(flowsProblems, problemsList(r.problems, 'telephony.flows.valid', 'telephony.flows.invalid'));
    } catch (e) {
      toast(t('common.error', { message: e.message }), 'error');
    }
  }

  async function reloadFlows() {
    try {
      const r = await post('/api/flows/reload');
      toast(t(r.ok ? 'telephony.flows.reloaded' : 'telephony.flows.reloadedBad', { n: r.loaded.length }), r.ok ? 'ok' : 'error');
      await loadFlows();
      mount(flowsProblems, problemsList(r.problems, 'telephony.flows.loadedOk', 'telephony.flows.loadedBad'));
    } catch (e) {
      toast(t('common.error', { message: e.message }), 'error');
    }
  }

  // ---------------------------------------------------------------- page
  mount(root,
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { id: 'page-title' }, t('telephony.title')), h('p', { class: 'muted' }, t('telephony.subtitle')))),
    status,
    h('div', { class: 'card' }, pickForm),
    settingsCard,
    whatIfCard,
    liveCard,
    flowsCard);

  ctx.events?.addEventListener('pacing.live', onLive);
  loadStatus();
  loadCampaignList();
  loadLive();
  loadFlows();
  if (state.campaign) openCampaign(state.campaign);
  return root;
}
