// Campaign manager screens: campaign list, create/edit with the survey editor, list upload with preview,
// progress and report, contacts with "why not dialable?", do-not-call, and results with charts and export.
import { h, mount, toast, formatDate } from './dom.js';
import { t, currentLang } from './i18n.js';
import { api, get, post, del, getCsrfToken } from './api.js';
import { barChart, stackedBar, lineChart } from './campaign-charts.js';

const TYPES = ['csat', 'nps', 'yes_no', 'single_choice', 'free_text'];
const COUNTRIES = ['ES', 'PT', 'FR', 'IT', 'DE', 'GB', 'IE', 'US', 'MX', 'AR', 'CO', 'CL', 'PE'];
const FIELDS = ['phone', 'name', 'first_name', 'last_name', 'customer_id', 'language', 'time_zone', 'email'];

function parts() {
  return location.hash.replace(/^#\/?/, '').split(/[?]/)[0].split('/').slice(1);
}

function nf(n) {
  return new Intl.NumberFormat(currentLang() === 'es' ? 'es-ES' : 'en-GB').format(n);
}

function pct(x) {
  return x === null || x === undefined ? '—' : `${new Intl.NumberFormat(currentLang() === 'es' ? 'es-ES' : 'en-GB', { maximumFractionDigits: 1 }).format(x * 100)} %`;
}

function errorBox(e) {
  return h('p', { class: 'form-error', role: 'alert' }, t('common.error', { message: e.message }));
}

function loading() {
  return h('p', { class: 'muted pad', 'aria-busy': 'true' }, t('app.loading'));
}

function statusBadge(status) {
  return h('span', { class: `badge campaign-status campaign-status-${status}` }, t(`campaign.status.${status}`));
}

/** The page; reads the rest of the hash (#/campaigns/12/results). */
export function campaignsView(ctx) {
  const root = h('section', { class: 'page', 'aria-labelledby': 'page-title' }, loading());
  const [first, sub] = parts();
  if (!first) listPage(root, ctx);
  else if (first === 'new') formPage(root, null);
  else if (first === 'dnc') dncPage(root, ctx);
  else if (/^\d+$/.test(first)) detailPage(root, Number(first), sub || 'overview', ctx);
  else mount(root, h('p', { class: 'form-error' }, t('notfound.body')));
  return root;
}

// ---------------------------------------------------------------- list

async function listPage(root) {
  const head = h('div', { class: 'page-head' },
    h('div', {}, h('h1', { id: 'page-title' }, t('campaign.list.title')), h('p', { class: 'muted' }, t('campaign.list.subtitle'))),
    h('div', { class: 'head-actions' },
      h('a', { class: 'btn btn-secondary', href: '#/campaigns/dnc', id: 'open-dnc' }, t('dnc.title')),
      h('a', { class: 'btn btn-primary', href: '#/campaigns/new', id: 'new-campaign' }, t('campaign.new'))));
  const body = h('div', { class: 'card flush' }, loading());
  mount(root, head, body);
  try {
    const { campaigns } = await get('/api/campaigns');
    if (campaigns.length === 0) {
      mount(body, h('div', { class: 'empty-state', id: 'campaigns-empty' },
        h('h2', {}, t('campaign.empty.title')),
        h('p', { class: 'lead' }, t('campaign.empty.body')),
        h('a', { class: 'btn btn-primary', href: '#/campaigns/new' }, t('campaign.new'))));
      return;
    }
    mount(body, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'campaigns-table' },
      h('thead', {}, h('tr', {}, ['name', 'status', 'contacts', 'completed', 'updated'].map((c) => h('th', { scope: 'col' }, t(`campaign.col.${c}`))))),
      h('tbody', {}, campaigns.map((c) => h('tr', { 'data-campaign': c.name },
        h('td', {}, h('a', { href: `#/campaigns/${c.id}`, class: 'strong' }, c.name),
          h('span', { class: 'hint block' }, t('campaign.questions', { n: c.survey.questions.length }))),
        h('td', {}, statusBadge(c.status)),
        h('td', {}, nf(c.counts.contacts)),
        h('td', {}, nf(c.counts.completed), c.counts.contacts ? h('span', { class: 'muted' }, ` · ${pct(c.counts.completed / c.counts.contacts)}`) : null),
        h('td', {}, formatDate(c.updatedAt, currentLang()))))))));
  } catch (e) {
    mount(body, h('div', { class: 'pad' }, errorBox(e)));
  }
}

// ---------------------------------------------------------------- create / edit with the survey editor

function newQuestion(type, n) {
  return { id: `q${n}`, type, text: '', choices: [], required: type !== 'free_text' };
}

function formPage(root, campaign) {
  const editing = !!campaign;
  const state = {
    name: campaign?.name || '',
    defaultCountry: campaign?.defaultCountry || 'ES',
    defaultTimeZone: campaign?.defaultTimeZone || 'Europe/Madrid',
    callerId: campaign?.callerId || '',
    survey: campaign ? structuredClone(campaign.survey) : { title: '', intro: '', fcrQuestionId: null, questions: [] },
  };
  state.survey.questions.forEach((q) => { q.type = q.type.toLowerCase(); });
  let counter = state.survey.questions.length;
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, id: 'campaign-form-error' });
  const questionsBox = h('div', { class: 'question-list', id: 'question-list' });

  function input(id, label, value, onInput, attrs = {}, hint = null) {
    return h('div', { class: 'field' },
      h('label', { for: id }, label),
      h('input', { type: 'text', id, value, 'aria-describedby': hint ? `${id}-hint` : null, onInput: (e) => onInput(e.target.value), ...attrs }),
      hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
  }

  function renderQuestions() {
    const qs = state.survey.questions;
    if (qs.length === 0) {
      mount(questionsBox, h('p', { class: 'muted empty-inline', id: 'no-questions' }, t('survey.noQuestions')));
      return;
    }
    mount(questionsBox, qs.map((q, i) => {
      const pre = `q-${i}`;
      return h('fieldset', { class: 'question', 'data-question': i },
        h('legend', {}, t('survey.question', { n: i + 1 })),
        h('div', { class: 'question-grid' },
          h('div', { class: 'field' }, h('label', { for: `${pre}-type` }, t('survey.type')),
            h('select', { id: `${pre}-type`, onChange: (e) => { q.type = e.target.value; if (q.type !== 'single_choice') q.choices = []; if (q.type === 'single_choice' && q.choices.length < 2) q.choices = ['', '']; renderQuestions(); renderFcr(); } },
              TYPES.map((ty) => h('option', { value: ty, selected: ty === q.type }, t(`survey.type.${ty}`))))),
          h('div', { class: 'field' }, h('label', { for: `${pre}-id` }, t('survey.id')),
            h('input', { type: 'text', id: `${pre}-id`, value: q.id, class: 'mono', pattern: '[a-zA-Z0-9_-]{1,64}', onInput: (e) => { q.id = e.target.value.trim(); renderFcr(); } }))),
        h('div', { class: 'field' }, h('label', { for: `${pre}-text` }, t('survey.text')),
          h('textarea', { id: `${pre}-text`, rows: 2, onInput: (e) => { q.text = e.target.value; } }, q.text)),
        q.type === 'single_choice' ? h('div', { class: 'field' },
          h('label', { for: `${pre}-choices` }, t('survey.choices')),
          h('textarea', { id: `${pre}-choices`, rows: 3, 'aria-describedby': `${pre}-choices-hint`, onInput: (e) => { q.choices = e.target.value.split('\n').map((s) => s.trim()).filter(Boolean); } }, q.choices.join('\n')),
          h('p', { class: 'hint', id: `${pre}-choices-hint` }, t('survey.choicesHint'))) : null,
        h('p', { class: 'hint' }, t(`survey.help.${q.type}`)),
        h('div', { class: 'question-actions' },
          h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: q.required, onChange: (e) => { q.required = e.target.checked; } }), t('survey.required')),
          h('span', { class: 'spacer' }),
          h('button', { type: 'button', class: 'btn btn-quiet btn-small', disabled: i === 0, 'aria-label': t('survey.moveUp', { n: i + 1 }), onClick: () => { [qs[i - 1], qs[i]] = [qs[i], qs[i - 1]]; renderQuestions(); } }, '↑'),
          h('button', { type: 'button', class: 'btn btn-quiet btn-small', disabled: i === qs.length - 1, 'aria-label': t('survey.moveDown', { n: i + 1 }), onClick: () => { [qs[i + 1], qs[i]] = [qs[i], qs[i + 1]]; renderQuestions(); } }, '↓'),
          h('button', { type: 'button', class: 'btn btn-danger-quiet btn-small', onClick: () => { qs.splice(i, 1); renderQuestions(); renderFcr(); } }, t('survey.remove'))));
    }));
  }

  const fcrBox = h('div', { class: 'field' });
  function renderFcr() {
    const yesNo = state.survey.questions.filter((q) => q.type === 'yes_no' && q.id);
    if (!yesNo.some((q) => q.id === state.survey.fcrQuestionId)) state.survey.fcrQuestionId = null;
    mount(fcrBox, h('label', { for: 'survey-fcr' }, t('survey.fcr')),
      h('select', { id: 'survey-fcr', onChange: (e) => { state.survey.fcrQuestionId = e.target.value || null; } },
        h('option', { value: '' }, t('survey.fcrNone')),
        yesNo.map((q) => h('option', { value: q.id, selected: q.id === state.survey.fcrQuestionId }, `${q.id} — ${q.text || '…'}`))),
      h('p', { class: 'hint' }, t('survey.fcrHint')));
  }

  const addButtons = h('div', { class: 'add-question', role: 'group', 'aria-label': t('survey.add') },
    h('span', { class: 'muted' }, t('survey.add')),
    TYPES.map((ty) => h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: `add-${ty}`, onClick: () => {
      counter += 1;
      while (state.survey.questions.some((q) => q.id === `q${counter}`)) counter += 1;
      const q = newQuestion(ty, counter);
      if (ty === 'single_choice') q.choices = ['', ''];
      state.survey.questions.push(q);
      renderQuestions();
      renderFcr();
      document.getElementById(`q-${state.survey.questions.length - 1}-text`)?.focus();
    } }, `+ ${t(`survey.type.${ty}`)}`)));

  async function save(e) {
    e.preventDefault();
    error.hidden = true;
    const body = {
      name: state.name,
      defaultCountry: state.defaultCountry,
      defaultTimeZone: state.defaultTimeZone,
      callerId: state.callerId || null,
      survey: state.survey,
    };
    const btn = e.submitter || form.querySelector('[type=submit]');
    btn.disabled = true;
    try {
      const saved = editing ? await api('PUT', `/api/campaigns/${campaign.id}`, body) : await post('/api/campaigns', body);
      toast(t(editing ? 'campaign.saved' : 'campaign.created', { name: saved.name }));
      location.hash = `#/campaigns/${saved.id}`;
    } catch (err) {
      error.textContent = t('common.error', { message: err.message });
      error.hidden = false;
      error.focus?.();
    } finally {
      btn.disabled = false;
    }
  }

  const form = h('form', { class: 'stack', id: 'campaign-form', novalidate: true, onSubmit: save },
    h('div', { class: 'card stack' },
      h('h2', {}, t('campaign.form.settings')),
      input('campaign-name', t('campaign.form.name'), state.name, (v) => { state.name = v; }, { required: true, maxlength: 200, autocomplete: 'off' }),
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: 'campaign-country' }, t('campaign.form.country')),
          h('select', { id: 'campaign-country', 'aria-describedby': 'campaign-country-hint', onChange: (e) => { state.defaultCountry = e.target.value; } },
            [...new Set([state.defaultCountry, ...COUNTRIES])].map((c) => h('option', { value: c, selected: c === state.defaultCountry }, c))),
          h('p', { class: 'hint', id: 'campaign-country-hint' }, t('campaign.form.countryHint'))),
        input('campaign-zone', t('campaign.form.zone'), state.defaultTimeZone, (v) => { state.defaultTimeZone = v.trim(); }, {}, t('campaign.form.zoneHint'))),
      input('campaign-caller', t('campaign.form.callerId'), state.callerId, (v) => { state.callerId = v.trim(); }, { inputmode: 'tel' }, t('campaign.form.callerIdHint'))),
    h('div', { class: 'card stack' },
      h('h2', {}, t('survey.title')),
      h('p', { class: 'muted' }, t('survey.placeholdersHint')),
      input('survey-title', t('survey.surveyTitle'), state.survey.title, (v) => { state.survey.title = v; }),
      h('div', { class: 'field' }, h('label', { for: 'survey-intro' }, t('survey.intro')),
        h('textarea', { id: 'survey-intro', rows: 2, onInput: (e) => { state.survey.intro = e.target.value; } }, state.survey.intro)),
      questionsBox,
      addButtons,
      fcrBox),
    error,
    h('div', { class: 'actions' },
      h('a', { class: 'btn btn-quiet', href: editing ? `#/campaigns/${campaign.id}` : '#/campaigns' }, t('common.cancel')),
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'campaign-save' }, t(editing ? 'common.save' : 'campaign.create'))));
  renderQuestions();
  renderFcr();
  mount(root,
    h('div', { class: 'page-head' }, h('div', {},
      h('a', { href: editing ? `#/campaigns/${campaign.id}` : '#/campaigns', class: 'back-link' }, `← ${editing ? campaign.name : t('campaign.list.title')}`),
      h('h1', { id: 'page-title' }, t(editing ? 'campaign.edit' : 'campaign.new')))),
    form);
  document.getElementById('campaign-name')?.focus();
}

// ---------------------------------------------------------------- detail

const TABS = ['overview', 'upload', 'contacts', 'results'];

async function detailPage(root, id, tab) {
  let campaign;
  try {
    campaign = await get(`/api/campaigns/${id}`);
  } catch (e) {
    mount(root, h('div', { class: 'card' }, errorBox(e), h('a', { href: '#/campaigns' }, `← ${t('campaign.list.title')}`)));
    return;
  }
  if (tab === 'edit') {
    formPage(root, campaign);
    return;
  }
  const content = h('div', { id: `tab-${tab}` }, loading());
  const actions = h('div', { class: 'head-actions', id: 'status-actions' });

  function renderActions() {
    const s = campaign.status;
    const btn = (target, label, cls) => h('button', { type: 'button', class: `btn ${cls}`, id: `campaign-${target}`, onClick: () => changeStatus(target) }, label);
    mount(actions,
      s !== 'finished' ? h('a', { class: 'btn btn-quiet', href: `#/campaigns/${id}/edit`, id: 'campaign-edit' }, t('common.edit')) : null,
      s === 'draft' ? btn('running', t('campaign.start'), 'btn-primary') : null,
      s === 'running' ? btn('paused', t('campaign.pause'), 'btn-secondary') : null,
      s === 'paused' ? btn('running', t('campaign.resume'), 'btn-primary') : null,
      s !== 'finished' ? btn('finished', t('campaign.finish'), 'btn-danger-quiet') : null);
    const badge = document.getElementById('campaign-status');
    if (badge) badge.replaceWith(Object.assign(statusBadge(s), { id: 'campaign-status' }));
  }

  async function changeStatus(target) {
    if (target === 'finished' && !confirm(t('campaign.finishConfirm', { name: campaign.name }))) return;
    try {
      campaign = await post(`/api/campaigns/${id}/status`, { status: target });
      toast(t(`campaign.now.${campaign.status}`, { name: campaign.name }));
      renderActions();
    } catch (e) {
      toast(t('common.error', { message: e.message }), 'error');
    }
  }

  const badge = statusBadge(campaign.status);
  badge.id = 'campaign-status';
  mount(root,
    h('div', { class: 'page-head' },
      h('div', {},
        h('a', { href: '#/campaigns', class: 'back-link' }, `← ${t('campaign.list.title')}`),
        h('h1', { id: 'page-title' }, campaign.name, ' ', badge)),
      actions),
    h('nav', { class: 'tabs', 'aria-label': t('campaign.sections') },
      TABS.map((x) => h('a', { href: `#/campaigns/${id}${x === 'overview' ? '' : `/${x}`}`, class: 'tab', id: `tab-link-${x}`, 'aria-current': x === tab ? 'page' : null }, t(`campaign.tab.${x}`)))),
    content);
  renderActions();
  if (tab === 'upload') uploadTab(content, campaign);
  else if (tab === 'contacts') contactsTab(content, campaign);
  else if (tab === 'results') resultsTab(content, campaign);
  else overviewTab(content, campaign);
}

function kpi(label, value, id, hint) {
  return h('div', { class: 'kpi', id }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value), hint ? h('div', { class: 'hint' }, hint) : null);
}

async function overviewTab(box, c) {
  const survey = c.survey;
  const list = await get('/api/campaigns').then((r) => r.campaigns.find((x) => x.id === c.id)).catch(() => null);
  const counts = list?.counts || { contacts: 0, ready: 0, done: 0, dnc: 0, completed: 0 };
  mount(box, h('div', { class: 'stack' },
    h('div', { class: 'kpis' },
      kpi(t('campaign.kpi.contacts'), nf(counts.contacts), 'kpi-contacts'),
      kpi(t('campaign.kpi.ready'), nf(counts.ready), 'kpi-ready'),
      kpi(t('campaign.kpi.completed'), nf(counts.completed), 'kpi-completed', counts.contacts ? pct(counts.completed / counts.contacts) : null),
      kpi(t('campaign.kpi.dnc'), nf(counts.dnc), 'kpi-dnc')),
    counts.contacts === 0 ? h('div', { class: 'notice' }, t('campaign.noContacts'), ' ', h('a', { href: `#/campaigns/${c.id}/upload` }, t('campaign.uploadNow'))) : null,
    h('div', { class: 'card stack' },
      h('h2', {}, survey.title || t('survey.title')),
      survey.intro ? h('p', { class: 'script' }, survey.intro) : null,
      survey.questions.length === 0
        ? h('p', { class: 'muted' }, t('survey.noQuestions'))
        : h('ol', { class: 'survey-preview' }, survey.questions.map((q) => h('li', {},
          h('span', {}, q.text), ' ', h('span', { class: 'badge' }, t(`survey.type.${q.type.toLowerCase()}`)),
          q.choices.length ? h('span', { class: 'hint block' }, q.choices.join(' · ')) : null))),
      survey.placeholders.length ? h('p', { class: 'hint' }, t('survey.usesPlaceholders', { list: survey.placeholders.map((p) => `{${p}}`).join(', ') })) : null),
    h('div', { class: 'card' },
      h('dl', { class: 'facts' },
        h('dt', {}, t('campaign.form.country')), h('dd', {}, c.defaultCountry),
        h('dt', {}, t('campaign.form.zone')), h('dd', {}, c.defaultTimeZone),
        h('dt', {}, t('campaign.form.callerId')), h('dd', {}, c.callerId || t('campaign.trunkDefault')),
        h('dt', {}, t('campaign.dialMode')), h('dd', {}, c.dialMode)))));
}

// ---------------------------------------------------------------- upload

// The upload limit in MB as the server words it (binary MB, up to two decimals).
function megabytes(n) {
  return String(Number((n / 1048576).toFixed(2)));
}

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function uploadTab(box, c) {
  const state = { file: null, preview: null, overrides: { encoding: '', delimiter: '', header: '' }, mapping: {} };
  const previewBox = h('div', { id: 'upload-preview' });
  const progressBox = h('div', { id: 'upload-progress', hidden: true });
  const reportBox = h('div', { id: 'upload-report', 'aria-live': 'polite' });
  const historyBox = h('div', { class: 'card flush', id: 'upload-history' }, loading());
  const fileInput = h('input', { type: 'file', id: 'upload-file', accept: '.csv,.txt,text/csv', class: 'file-input',
    onChange: (e) => choose(e.target.files[0]) });
  const drop = h('label', { class: 'dropzone', for: 'upload-file', id: 'dropzone' },
    h('span', { class: 'dropzone-title' }, t('upload.choose')),
    h('span', { class: 'hint' }, t('upload.chooseHint')));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('is-over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('is-over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('is-over'); if (e.dataTransfer.files[0]) choose(e.dataTransfer.files[0]); });

  if (c.status === 'finished') {
    mount(box, h('div', { class: 'notice' }, t('upload.finished')), historyBox);
  } else {
    mount(box, h('div', { class: 'stack' },
      h('div', { class: 'card stack' },
        h('h2', {}, t('upload.title')),
        h('p', { class: 'muted' }, t('upload.intro')),
        fileInput, drop, previewBox, progressBox, reportBox),
      h('h2', { class: 'section-gap' }, t('upload.history')),
      historyBox));
  }
  loadHistory();

  async function loadHistory() {
    try {
      const { uploads } = await get(`/api/campaigns/${c.id}/uploads`);
      if (uploads.length === 0) {
        mount(historyBox, h('p', { class: 'muted pad' }, t('upload.noHistory')));
        return;
      }
      mount(historyBox, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'uploads-table' },
        h('thead', {}, h('tr', {}, ['file', 'when', 'rows', 'accepted', 'rejected', ''].map((x) => h('th', { scope: 'col' }, x ? t(`upload.col.${x}`) : '')))),
        h('tbody', {}, uploads.map((u) => h('tr', {},
          h('td', { class: 'strong' }, u.fileName),
          h('td', {}, formatDate(u.finishedAt, currentLang())),
          h('td', {}, nf(u.rowsRead)),
          h('td', {}, nf(u.accepted)),
          h('td', {}, nf(u.rejectedTotal)),
          h('td', { class: 'col-actions' }, u.rejectedTotal > 0 ? h('a', { class: 'btn btn-quiet btn-small', href: `/api/imports/${u.importId}/rejects.csv`, download: '' }, t('upload.downloadRejects')) : null)))))));
    } catch (e) {
      mount(historyBox, h('div', { class: 'pad' }, errorBox(e)));
    }
  }

  async function choose(file) {
    if (!file) return;
    state.file = file;
    state.mapping = {};
    state.overrides = { encoding: '', delimiter: '', header: '' };
    mount(reportBox);
    await runPreview();
  }

  async function runPreview() {
    const file = state.file;
    mount(previewBox, loading());
    const q = new URLSearchParams();
    if (file.size <= 65536) q.set('complete', 'true');
    Object.entries(state.overrides).forEach(([k, v]) => { if (v) q.set(k, v); });
    try {
      const res = await fetch(`/api/campaigns/${c.id}/uploads/preview?${q}`, {
        method: 'POST', body: file.slice(0, 65536), credentials: 'same-origin',
        headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': getCsrfToken() || '', Accept: 'application/json' },
      });
      const data = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(data.message || res.statusText);
      state.preview = data;
      if (Object.keys(state.mapping).length === 0) state.mapping = { ...data.mapping };
      renderPreview();
    } catch (e) {
      mount(previewBox, h('div', { class: 'form-error', role: 'alert', id: 'preview-error' }, t('upload.previewFailed', { file: file.name, message: e.message })));
    }
  }

  function select(id, label, value, options, onChange) {
    return h('div', { class: 'field' }, h('label', { for: id }, label),
      h('select', { id, onChange: (e) => onChange(e.target.value) }, options.map(([v, l]) => h('option', { value: v, selected: v === value }, l))));
  }

  function renderPreview() {
    const p = state.preview;
    const cols = p.columns;
    const colOptions = [['', t('upload.map.none')], ...cols.map((col) => [p.hasHeader ? col.name : `#${col.index}`, col.name])];
    const missingPhone = !state.mapping.phone;
    const tooLarge = p.maxUploadBytes > 0 && state.file.size > p.maxUploadBytes;
    mount(previewBox, h('div', { class: 'stack' },
      h('div', { class: 'file-line' }, h('span', { class: 'strong', id: 'upload-file-name' }, state.file.name), h('span', { class: 'muted' }, ` · ${bytes(state.file.size)}`)),
      h('div', { class: 'detected', id: 'upload-detected' },
        select('opt-encoding', t('upload.encoding'), state.overrides.encoding, [['', t('upload.detected', { value: p.encoding + (p.bom ? ' (BOM)' : '') })], ['UTF-8', 'UTF-8'], ['windows-1252', 'Windows-1252 (Excel)'], ['ISO-8859-1', 'ISO-8859-1'], ['UTF-16', 'UTF-16']], (v) => { state.overrides.encoding = v; runPreview(); }),
        select('opt-delimiter', t('upload.delimiter'), state.overrides.delimiter, [['', t('upload.detected', { value: delimName(p.delimiter) })], [';', delimName(';')], [',', delimName(',')], ['tab', delimName('TAB')], ['|', delimName('|')]], (v) => { state.overrides.delimiter = v; state.mapping = {}; runPreview(); }),
        select('opt-header', t('upload.header'), state.overrides.header, [['', t('upload.detected', { value: t(p.hasHeader ? 'common.yes' : 'common.no') })], ['true', t('common.yes')], ['false', t('common.no')]], (v) => { state.overrides.header = v; state.mapping = {}; runPreview(); })),
      h('h3', {}, t('upload.mapping')),
      h('div', { class: 'mapping', id: 'upload-mapping' }, FIELDS.map((f) => select(`map-${f}`, t(`field.${f}`), state.mapping[f] || '', colOptions, (v) => { if (v) state.mapping[f] = v; else delete state.mapping[f]; renderPreview(); }))),
      missingPhone ? h('p', { class: 'form-error', role: 'alert' }, t('upload.noPhone')) : null,
      tooLarge ? h('p', { class: 'form-error', role: 'alert', id: 'upload-too-large' }, t('upload.tooLarge', { size: bytes(state.file.size), limit: megabytes(p.maxUploadBytes) })) : null,
      h('div', { class: 'table-wrap preview-table' }, h('table', { class: 'table table-compact', id: 'preview-table' },
        h('caption', { class: 'visually-hidden' }, t('upload.firstRows')),
        h('thead', {}, h('tr', {}, cols.map((col) => h('th', { scope: 'col' }, col.name, fieldOf(col) ? h('span', { class: 'badge badge-info block-badge' }, t(`field.${fieldOf(col)}`)) : null)))),
        h('tbody', {}, p.rows.map((r) => h('tr', {}, cols.map((col, i) => h('td', {}, r[i] ?? ''))))))),
      h('p', { class: 'hint' }, t('upload.firstRowsHint', { n: p.rows.length })),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-primary', id: 'upload-start', disabled: missingPhone || tooLarge, onClick: startUpload }, t('upload.start', { file: state.file.name })))));
  }

  function fieldOf(col) {
    const key = state.preview.hasHeader ? col.name : `#${col.index}`;
    return Object.keys(state.mapping).find((f) => state.mapping[f] === key);
  }

  function bar(id, label) {
    const progress = h('progress', { id, max: 100, value: 0, 'aria-label': label });
    const text = h('span', { class: 'progress-text', id: `${id}-text` }, '0 %');
    return { el: h('div', { class: 'progress-row' }, h('div', { class: 'progress-label' }, label), progress, text), progress, text };
  }

  function startUpload() {
    const file = state.file;
    const q = new URLSearchParams();
    Object.entries(state.overrides).forEach(([k, v]) => { if (v) q.set(k, v); });
    Object.entries(state.mapping).forEach(([f, col]) => q.set(`map.${f}`, col));
    const up = bar('upload-bar', t('upload.sending'));
    const imp = bar('import-bar', t('upload.importing'));
    progressBox.hidden = false;
    mount(progressBox, h('div', { class: 'stack progress-box' }, up.el, imp.el));
    mount(previewBox);
    const fd = new FormData();
    fd.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/campaigns/${c.id}/uploads?${q}`);
    xhr.setRequestHeader('X-CSRF-Token', getCsrfToken() || '');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      const v = Math.round((e.loaded / e.total) * 100);
      up.progress.value = v;
      up.text.textContent = `${v} % · ${bytes(e.loaded)} / ${bytes(e.total)}`;
    };
    xhr.onerror = () => failed(t('common.network'));
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch { data = {}; }
      if (xhr.status !== 202) {
        failed(data.message || xhr.statusText);
        return;
      }
      up.progress.value = 100;
      up.text.textContent = `100 % · ${bytes(file.size)}`;
      follow(data.uploadId, imp);
    };
    xhr.send(fd);
  }

  function failed(message) {
    mount(progressBox, h('div', { class: 'form-error', role: 'alert', id: 'upload-error' }, t('upload.failed', { message })));
  }

  function follow(uploadId, imp) {
    let done = false;
    const onEvent = (e) => update(e.detail);
    window.addEventListener('centralita:import-progress', onEvent);
    const timer = setInterval(async () => {
      try { update(await get(`/api/uploads/${uploadId}`)); } catch { /* the next poll retries */ }
    }, 1000);
    function update(job) {
      if (done || job.uploadId !== uploadId) return;
      const v = job.fraction === null ? null : Math.round(job.fraction * 100);
      if (v !== null) imp.progress.value = v;
      imp.text.textContent = `${v === null ? '' : `${v} % · `}${t('upload.rows', { n: nf(job.rowsProcessed) })}`;
      if (job.state === 'importing') return;
      done = true;
      clearInterval(timer);
      window.removeEventListener('centralita:import-progress', onEvent);
      if (job.state === 'failed') {
        failed(job.error.message);
        return;
      }
      imp.progress.value = 100;
      renderReport(job.report);
      loadHistory();
    }
  }

  function renderReport(r) {
    const reasons = Object.entries(r.rejected).filter(([, n]) => n > 0);
    mount(reportBox, h('div', { class: 'report stack', id: 'import-report', tabindex: '-1' },
      h('h3', {}, t('report.title', { file: r.fileName })),
      h('div', { class: 'kpis' },
        kpi(t('report.rows'), nf(r.rowsRead), 'report-rows'),
        kpi(t('report.accepted'), nf(r.accepted), 'report-accepted'),
        kpi(t('report.rejected'), nf(r.rejectedTotal), 'report-rejected'),
        kpi(t('report.blank'), nf(r.blankLines), 'report-blank')),
      h('p', { class: 'muted' }, t('report.read', { encoding: r.encoding, delimiter: delimName(r.delimiter), header: t(r.hasHeader ? 'common.yes' : 'common.no'), seconds: (r.durationMillis / 1000).toFixed(1) })),
      reasons.length ? h('table', { class: 'table table-compact', id: 'report-reasons' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('report.reason')), h('th', { scope: 'col' }, t('report.count')))),
        h('tbody', {}, reasons.map(([k, n]) => h('tr', { 'data-reason': k }, h('td', {}, t(`reject.${k}`)), h('td', { class: 'strong' }, nf(n)))))) : h('p', { class: 'ok-line' }, t('report.allAccepted')),
      r.missingPlaceholders.length ? h('p', { class: 'notice' }, t('report.missingPlaceholders', { list: r.missingPlaceholders.map((x) => `{${x}}`).join(', ') })) : null,
      h('div', { class: 'actions' },
        r.rejectedTotal > 0 ? h('a', { class: 'btn btn-secondary', id: 'download-rejects', href: `/api/imports/${r.importId}/rejects.csv`, download: '' }, t('upload.downloadRejects')) : null,
        h('a', { class: 'btn btn-primary', href: `#/campaigns/${c.id}/contacts` }, t('report.seeContacts')))));
    document.getElementById('import-report')?.focus();
  }
}

function delimName(d) {
  return t(`delim.${d === ';' ? 'semicolon' : d === ',' ? 'comma' : d === '|' ? 'pipe' : 'tab'}`);
}

// ---------------------------------------------------------------- contacts

function contactsTab(box, c) {
  const tbody = h('tbody', {});
  const more = h('button', { type: 'button', class: 'btn btn-secondary', hidden: true, onClick: () => load() }, t('contacts.more'));
  const dialog = h('dialog', { class: 'dialog dialog-wide', id: 'contact-dialog', 'aria-labelledby': 'contact-dialog-title' });
  let after = 0;
  const questionText = Object.fromEntries(c.survey.questions.map((q) => [q.id, q.text]));
  mount(box, h('div', { class: 'stack' },
    h('div', { class: 'card flush' }, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'contacts-table' },
      h('thead', {}, h('tr', {}, ['name', 'phone', 'state', 'attempts', 'lastOutcome', ''].map((x) => h('th', { scope: 'col' }, x ? t(`contacts.col.${x}`) : '')))),
      tbody))),
    h('div', { class: 'actions' }, more), dialog));
  load();

  async function load() {
    try {
      const page = await get(`/api/campaigns/${c.id}/contacts?limit=50&after=${after}`);
      if (after === 0 && page.items.length === 0) {
        mount(box, h('div', { class: 'card empty-state', id: 'contacts-empty' }, h('h2', {}, t('contacts.empty')),
          h('a', { class: 'btn btn-primary', href: `#/campaigns/${c.id}/upload` }, t('campaign.uploadNow'))));
        return;
      }
      page.items.forEach((k) => tbody.append(h('tr', {},
        h('td', { class: 'strong' }, k.name || '—'),
        h('td', { class: 'mono' }, k.phone),
        h('td', {}, h('span', { class: `badge contact-${k.state}` }, t(`contact.state.${k.state}`))),
        h('td', {}, k.attempts),
        h('td', {}, k.lastOutcome ? t(`outcome.${k.lastOutcome}`) : '—'),
        h('td', { class: 'col-actions' }, h('button', { type: 'button', class: 'btn btn-quiet btn-small', onClick: () => open(k.id), 'aria-label': t('contacts.why', { name: k.name || k.phone }) }, t('contacts.details'))))));
      after = page.next || after;
      more.hidden = !page.next;
    } catch (e) {
      mount(box, errorBox(e));
    }
  }

  async function open(id) {
    mount(dialog, loading());
    dialog.showModal();
    try {
      const d = await get(`/api/contacts/${id}`);
      const k = d.contact;
      const why = d.dialability;
      mount(dialog, h('div', { class: 'stack' },
        h('h2', { id: 'contact-dialog-title' }, k.name || k.phone),
        h('p', { class: 'mono' }, k.phone, ' · ', k.timeZone.replace('|', ' / ')),
        h('div', { class: why.dialable ? 'ok-line' : 'notice', id: 'dialability' },
          h('strong', {}, t(why.dialable ? 'contacts.dialable' : 'contacts.notDialable')),
          why.reasons.length ? h('ul', {}, why.reasons.map((r) => h('li', {}, r.message))) : null,
          why.nextEligibleAt ? h('p', { class: 'hint' }, t('contacts.next', { when: formatDate(why.nextEligibleAt, currentLang()) })) : null),
        Object.keys(k.fields).length ? h('dl', { class: 'facts' }, Object.entries(k.fields).flatMap(([f, v]) => [h('dt', {}, f), h('dd', {}, v)])) : null,
        h('h3', {}, t('contacts.attempts')),
        d.attempts.length ? h('ul', {}, d.attempts.map((a) => h('li', {}, `${formatDate(a.startedAt, currentLang())} · ${a.outcome ? t(`outcome.${a.outcome}`) : t('contacts.inProgress')}${a.agent ? ` · ${a.agent}` : ''}`))) : h('p', { class: 'muted' }, t('contacts.noAttempts')),
        Object.keys(d.answers).length ? h('h3', {}, t('contacts.answers')) : null,
        Object.keys(d.answers).length ? h('dl', { class: 'facts', id: 'contact-answers' }, Object.entries(d.answers).flatMap(([q, a]) => [h('dt', {}, questionText[q] || q), h('dd', {}, a === 'yes' ? t('common.yes') : a === 'no' ? t('common.no') : a)])) : null,
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn-primary', onClick: () => dialog.close() }, t('common.close')))));
    } catch (e) {
      mount(dialog, errorBox(e), h('button', { type: 'button', class: 'btn', onClick: () => dialog.close() }, t('common.close')));
    }
  }
}

// ---------------------------------------------------------------- results

async function resultsTab(box, c) {
  let r;
  let answers;
  try {
    [r, answers] = await Promise.all([get(`/api/campaigns/${c.id}/results`), get(`/api/campaigns/${c.id}/answers?limit=50`)]);
  } catch (e) {
    mount(box, errorBox(e));
    return;
  }
  const exportLink = h('a', { class: 'btn btn-secondary', id: 'export-csv', href: `/api/campaigns/${c.id}/export.csv`, download: '' }, t('results.export'));
  if (r.contacts === 0 || (r.completed === 0 && answers.items.length === 0)) {
    mount(box, h('div', { class: 'card empty-state', id: 'results-empty' },
      h('h2', {}, t('results.empty.title')),
      h('p', { class: 'lead' }, t(r.contacts === 0 ? 'results.empty.noContacts' : 'results.empty.noAnswers')),
      r.contacts > 0 ? exportLink : null));
    return;
  }
  const csatBars = [1, 2, 3, 4, 5].map((n) => ({ label: String(n), value: r.csatDistribution[String(n)] || 0, cls: `csat-${n}` }));
  const npsQ = r.questions.find((q) => q.type === 'nps');
  const npsParts = [['detractors', 0, 6, 'nps-detractor'], ['passives', 7, 8, 'nps-passive'], ['promoters', 9, 10, 'nps-promoter']].map(([k, lo, hi, cls]) => ({
    label: t(`results.nps.${k}`),
    value: npsQ ? Object.entries(npsQ.distribution).filter(([a]) => Number(a) >= lo && Number(a) <= hi).reduce((s, [, n]) => s + n, 0) : 0,
    cls,
  }));
  const qText = Object.fromEntries(r.survey.questions.map((q) => [q.id, q.text]));
  const others = r.questions.filter((q) => q.type === 'yes_no' || q.type === 'single_choice');
  mount(box, h('div', { class: 'stack' },
    h('div', { class: 'results-head' }, h('p', { class: 'muted' }, t('results.subtitle')), exportLink),
    h('div', { class: 'kpis' },
      kpi(t('results.completed'), `${nf(r.completed)} / ${nf(r.contacts)}`, 'kpi-results-completed', pct(r.completionRate)),
      kpi(t('results.csat'), r.csatAverage === null ? '—' : r.csatAverage.toFixed(2), 'kpi-csat', t('results.csatHint')),
      kpi(t('results.nps'), r.npsScore === null ? '—' : Math.round(r.npsScore), 'kpi-nps', t('results.npsHint')),
      kpi(t('results.fcr'), pct(r.fcrRate), 'kpi-fcr')),
    h('div', { class: 'charts-row' },
      h('div', { class: 'card' }, h('h2', {}, t('results.csatChart')), barChart(csatBars, { title: t('results.csatChart'), id: 'chart-csat' })),
      h('div', { class: 'card' }, h('h2', {}, t('results.npsChart')), stackedBar(npsParts, { title: t('results.npsChart'), id: 'chart-nps' }),
        npsQ ? h('p', { class: 'nps-explain', id: 'nps-explain' }, t('results.npsExplain', {
          score: r.npsScore === null ? '—' : Math.round(r.npsScore),
          promoters: pct(npsParts[2].value / Math.max(1, npsQ.responses)),
          detractors: pct(npsParts[0].value / Math.max(1, npsQ.responses)),
          n: nf(npsQ.responses),
        })) : h('p', { class: 'muted' }, t('results.noNps')))),
    h('div', { class: 'card' }, h('h2', {}, t('results.completionChart')),
      r.completionsByDay.length
        ? lineChart(r.completionsByDay.map((d) => ({ date: d.date, value: d.cumulative })), { title: t('results.completionChart'), id: 'chart-completion' })
        : h('p', { class: 'muted' }, t('results.noCompletions'))),
    others.length ? h('div', { class: 'charts-row' }, others.map((q) => h('div', { class: 'card' },
      h('h2', {}, qText[q.questionId] || q.questionId),
      barChart(Object.entries(q.distribution).map(([a, n]) => ({ label: a === 'yes' ? t('common.yes') : a === 'no' ? t('common.no') : a, value: n })), { title: qText[q.questionId] || q.questionId, height: 170 })))) : null,
    h('h2', { class: 'section-gap' }, t('results.answers')),
    h('div', { class: 'card flush' }, h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact', id: 'answers-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('contacts.col.name')), r.survey.questions.map((q) => h('th', { scope: 'col', title: q.text }, q.id)), h('th', { scope: 'col' }, t('results.disposition')))),
      h('tbody', {}, answers.items.map((a) => h('tr', {},
        h('td', { class: 'strong' }, a.name || a.phone),
        r.survey.questions.map((q) => h('td', {}, a.answers[q.id] ?? '—')),
        h('td', {}, a.disposition || '—')))))))));
}

// ---------------------------------------------------------------- do-not-call

function dncPage(root, ctx) {
  const canWrite = ctx.user.role === 'manager' || ctx.user.role === 'admin';
  const listBox = h('div', { class: 'card flush', id: 'dnc-list' }, loading());
  const search = h('input', { type: 'search', id: 'dnc-search', placeholder: t('dnc.search'), 'aria-label': t('dnc.search'), onInput: () => load() });
  const phone = h('input', { type: 'text', id: 'dnc-phone', inputmode: 'tel', required: true, autocomplete: 'off' });
  const note = h('input', { type: 'text', id: 'dnc-note', maxlength: 500 });
  const result = h('div', { 'aria-live': 'polite' });
  mount(root,
    h('div', { class: 'page-head' }, h('div', {},
      h('a', { href: '#/campaigns', class: 'back-link' }, `← ${t('campaign.list.title')}`),
      h('h1', { id: 'page-title' }, t('dnc.title')),
      h('p', { class: 'muted' }, t('dnc.subtitle')))),
    canWrite ? h('div', { class: 'card' }, h('form', { class: 'dnc-form', onSubmit: add },
      h('div', { class: 'field' }, h('label', { for: 'dnc-phone' }, t('dnc.phone')), phone),
      h('div', { class: 'field' }, h('label', { for: 'dnc-note' }, t('dnc.note')), note),
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'dnc-add' }, t('dnc.add')),
      h('label', { class: 'btn btn-secondary', for: 'dnc-file' }, t('dnc.upload')),
      h('input', { type: 'file', id: 'dnc-file', accept: '.csv,.txt', class: 'visually-hidden', onChange: (e) => upload(e.target.files[0]) })), result) : null,
    search,
    listBox);
  load();

  async function add(e) {
    e.preventDefault();
    try {
      const r = await post('/api/dnc', { phone: phone.value, note: note.value || null });
      toast(t(r.added ? 'dnc.added' : 'dnc.already', { phone: r.entry.phone }));
      phone.value = '';
      note.value = '';
      load();
    } catch (err) {
      mount(result, errorBox(err));
    }
  }

  function upload(file) {
    if (!file) return;
    const fd = new FormData();
    fd.append('file', file, file.name);
    mount(result, loading());
    fetch('/api/dnc/uploads', { method: 'POST', body: fd, credentials: 'same-origin', headers: { 'X-CSRF-Token': getCsrfToken() || '' } })
      .then(async (res) => {
        const data = await res.json().catch(() => ({}));
        if (!res.ok) throw new Error(data.message || res.statusText);
        mount(result, h('p', { class: 'ok-line' }, t('dnc.uploaded', { rows: nf(data.rowsRead), added: nf(data.added), already: nf(data.alreadyListed), invalid: nf(data.invalid) })));
        load();
      })
      .catch((err) => mount(result, errorBox(err)));
  }

  async function load() {
    try {
      const page = await get(`/api/dnc?limit=100&q=${encodeURIComponent(search.value)}`);
      if (page.items.length === 0) {
        mount(listBox, h('p', { class: 'muted pad' }, t(search.value ? 'dnc.noMatch' : 'dnc.empty')));
        return;
      }
      mount(listBox, h('p', { class: 'muted pad-small' }, t('dnc.total', { n: nf(page.total) })), h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'dnc-table' },
        h('thead', {}, h('tr', {}, ['phone', 'source', 'note', 'added', ''].map((x) => h('th', { scope: 'col' }, x ? t(`dnc.col.${x}`) : '')))),
        h('tbody', {}, page.items.map((d) => h('tr', {},
          h('td', { class: 'mono' }, d.phone), h('td', {}, d.source), h('td', {}, d.note || ''), h('td', {}, formatDate(d.addedAt, currentLang())),
          h('td', { class: 'col-actions' }, canWrite ? h('button', { type: 'button', class: 'btn btn-danger-quiet btn-small', onClick: () => remove(d.phone) }, t('common.delete')) : null)))))));
    } catch (e) {
      mount(listBox, h('div', { class: 'pad' }, errorBox(e)));
    }
  }

  async function remove(p) {
    if (!confirm(t('dnc.removeConfirm', { phone: p }))) return;
    try {
      await del(`/api/dnc/${encodeURIComponent(p)}`);
      toast(t('dnc.removed', { phone: p }));
      load();
    } catch (e) {
      toast(t('common.error', { message: e.message }), 'error');
    }
  }
}
