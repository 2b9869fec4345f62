import { h, mount, toast, formatDate } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { get, post, patch, del } from '../api.js';

const ROLES = ['admin', 'manager', 'supervisor', 'agent'];

/** Users and API tokens administration (admins only). */
export function usersView({ user: me }) {
  const usersBody = h('div', { class: 'table-wrap', 'aria-busy': 'true' }, h('p', { class: 'muted pad' }, t('app.loading')));
  const tokensBody = h('div', { class: 'table-wrap', 'aria-busy': 'true' }, h('p', { class: 'muted pad' }, t('app.loading')));
  let users = [];

  async function loadUsers() {
    try {
      users = (await get('/api/users')).users;
      mount(usersBody, usersTable());
    } catch (e) {
      mount(usersBody, h('p', { class: 'form-error pad', role: 'alert' }, t('common.error', { message: e.message })));
    }
    usersBody.removeAttribute('aria-busy');
  }

  async function loadTokens() {
    try {
      const tokens = (await get('/api/tokens')).tokens;
      mount(tokensBody, tokensTable(tokens));
    } catch (e) {
      mount(tokensBody, h('p', { class: 'form-error pad', role: 'alert' }, t('common.error', { message: e.message })));
    }
    tokensBody.removeAttribute('aria-busy');
  }

  function usersTable() {
    if (users.length === 0) return h('p', { class: 'muted pad' }, t('users.empty'));
    return h('table', { class: 'table', id: 'users-table' },
      h('thead', {}, h('tr', {},
        ['name', 'username', 'role', 'phone', 'language', 'status'].map((c) => h('th', { scope: 'col' }, t(`users.col.${c}`))),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, t('users.col.actions'))))),
      h('tbody', {}, users.map((u) => h('tr', { 'data-username': u.username },
        h('td', {}, h('span', { class: 'strong' }, u.displayName), u.id === me.id ? h('span', { class: 'muted' }, ` (${t('users.you')})`) : null),
        h('td', { class: 'mono' }, u.username),
        h('td', {}, h('span', { class: `badge role-${u.role}` }, t(`role.${u.role}`))),
        h('td', { class: 'mono' }, u.phoneEndpoint
          ? u.phoneEndpoint
          : (u.role === 'agent' ? h('span', { class: 'hint' }, t('users.noPhone')) : '—')),
        h('td', {}, t(`lang.${u.language}`)),
        h('td', {},
          h('span', { class: `status ${u.enabled ? 'status-ok' : 'status-off'}` }, t(u.enabled ? 'users.enabled' : 'users.disabled')),
          u.demo ? h('span', { class: 'hint block', 'data-demo': 'true' }, t('users.demoAccount')) : null,
          u.mustChangePassword ? h('span', { class: 'hint block' }, t('users.mustChange')) : null),
        h('td', { class: 'col-actions' },
          h('button', { type: 'button', class: 'btn btn-quiet btn-small', onClick: () => userDialog(u), 'aria-label': `${t('common.edit')} ${u.displayName}` }, t('common.edit')),
          u.id === me.id ? null : h('button', { type: 'button', class: 'btn btn-danger-quiet btn-small', onClick: () => confirmDelete(u), 'aria-label': `${t('common.delete')} ${u.displayName}` }, t('common.delete')))))));
  }

  function tokensTable(tokens) {
    if (tokens.length === 0) return h('p', { class: 'muted pad' }, t('tokens.empty'));
    const lang = currentLang();
    return h('table', { class: 'table', id: 'tokens-table' },
      h('thead', {}, h('tr', {},
        ['name', 'user', 'prefix', 'created', 'lastUsed', 'status'].map((c) => h('th', { scope: 'col' }, t(`tokens.col.${c}`))),
        h('th', { scope: 'col', class: 'col-actions' }, h('span', { class: 'visually-hidden' }, t('users.col.actions'))))),
      h('tbody', {}, tokens.map((k) => h('tr', {},
        h('td', { class: 'strong' }, k.name),
        h('td', { class: 'mono' }, k.username),
        h('td', { class: 'mono' }, `${k.prefix}…`),
        h('td', {}, formatDate(k.createdAt, lang)),
        h('td', {}, k.lastUsedAt ? formatDate(k.lastUsedAt, lang) : t('tokens.never')),
        h('td', {}, h('span', { class: `status ${k.revokedAt ? 'status-off' : 'status-ok'}` }, t(k.revokedAt ? 'tokens.revoked' : 'tokens.active'))),
        h('td', { class: 'col-actions' }, k.revokedAt ? null
          : h('button', { type: 'button', class: 'btn btn-danger-quiet btn-small', onClick: () => confirmRevoke(k) }, t('tokens.revoke')))))));
  }

  function field(id, label, input, hint) {
    return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
  }

  function select(id, options, value) {
    return h('select', { id, name: id }, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  }

  /** Opens a modal dialog; body(form, close) returns the fields; submit(data) may throw. */
  function dialog({ id, title, fields, submitLabel, submit }) {
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const dlg = h('dialog', { class: 'dialog', id, 'aria-labelledby': `${id}-title` });
    const close = () => {
      dlg.close();
      dlg.remove();
    };
    const save = h('button', { type: 'submit', class: 'btn btn-primary', id: `${id}-save` }, submitLabel);
    const form = h('form', {
      class: 'stack',
      novalidate: true,
      onSubmit: async (event) => {
        event.preventDefault();
        error.hidden = true;
        save.disabled = true;
        try {
          if (await submit(form)) close();
        } catch (e) {
          error.textContent = e.message;
          error.hidden = false;
        } finally {
          save.disabled = false;
        }
      },
    },
    h('h2', { id: `${id}-title` }, title),
    fields,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-quiet', onClick: close }, t('common.cancel')),
      save));
    dlg.append(form);
    dlg.addEventListener('cancel', () => dlg.remove());
    document.body.append(dlg);
    dlg.showModal();
    return dlg;
  }

  function userDialog(u) {
    const editing = Boolean(u);
    const roleOptions = ROLES.map((r) => [r, t(`role.${r}`)]);
    const langOptions = [['es', t('lang.es')], ['en', t('lang.en')]];
    const displayName = h('input', { id: 'user-displayName', type: 'text', required: true, maxlength: 128, value: u?.displayName ?? '', autocomplete: 'off' });
    const username = editing ? null : h('input', { id: 'user-username', type: 'text', required: true, pattern: '[a-z0-9._\\-]{2,64}', autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'user-username-hint' });
    const role = select('user-role', roleOptions, u?.role ?? 'agent');
    const language = select('user-language', langOptions, u?.language ?? currentLang());
    const password = h('input', { id: 'user-password', type: 'password', autocomplete: 'new-password', minlength: 8, required: !editing, 'aria-describedby': 'user-password-hint' });
    const enabled = editing ? h('input', { id: 'user-enabled', type: 'checkbox', checked: u.enabled }) : null;
    const phone = h('input', {
      id: 'user-phoneEndpoint', type: 'text', maxlength: 80, value: u?.phoneEndpoint ?? '', placeholder: 'PJSIP/ana',
      autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'user-phoneEndpoint-hint',
    });
    const phoneField = field('user-phoneEndpoint', t('users.form.phoneEndpoint'), phone, t('users.form.phoneEndpointHint'));
    // only agents take calls; .field sets display, so the hidden attribute alone would not hide it
    const showPhone = () => { phoneField.style.display = role.value !== 'agent' && !phone.value ? 'none' : ''; };
    role.addEventListener('change', showPhone);
    showPhone();
    const self = editing && u.id === me.id;
    if (self) {
      role.disabled = true;
      enabled.disabled = true;
    }
    dialog({
      id: 'user-dialog',
      title: editing ? t('users.form.editTitle', { name: u.displayName }) : t('users.form.createTitle'),
      submitLabel: t('common.save'),
      fields: [
        field('user-displayName', t('users.form.displayName'), displayName),
        editing ? null : field('user-username', t('users.form.username'), username, t('users.form.usernameHint')),
        h('div', { class: 'field-row' },
          field('user-role', t('users.form.role'), role),
          field('user-language', t('users.form.language'), language)),
        phoneField,
        field('user-password', t(editing ? 'users.form.newPassword' : 'users.form.password'), password, t('users.form.passwordHint')),
        editing && u.demo ? h('p', { class: 'notice', id: 'user-demo-notice' }, t('users.form.demoNotice')) : null,
        editing ? h('label', { class: 'check' }, enabled, h('span', {}, t('users.form.enabled'))) : null,
      ],
      submit: async () => {
        if (editing) {
          const changes = { displayName: displayName.value, language: language.value, phoneEndpoint: phone.value.trim() };
          if (!self) {
            changes.role = role.value;
            changes.enabled = enabled.checked;
          }
          if (password.value) changes.password = password.value;
          await patch(`/api/users/${u.id}`, changes);
          toast(t('users.saved'));
        } else {
          const created = await post('/api/users', {
            displayName: displayName.value,
            username: username.value.trim(),
            role: role.value,
            language: language.value,
            password: password.value,
            phoneEndpoint: phone.value.trim() || undefined,
          });
          toast(t('users.created', { username: created.username }));
        }
        await loadUsers();
        return true;
      },
    });
  }

  function confirmDelete(u) {
    dialog({
      id: 'delete-dialog',
      title: t('common.delete'),
      submitLabel: t('common.delete'),
      fields: [h('p', {}, t('users.confirmDelete', { name: u.displayName, username: u.username }))],
      submit: async () => {
        await del(`/api/users/${u.id}`);
        toast(t('users.deleted', { username: u.username }));
        await Promise.all([loadUsers(), loadTokens()]);
        return true;
      },
    });
  }

  function tokenDialog() {
    const name = h('input', { id: 'token-name', type: 'text', required: true, maxlength: 100, autocomplete: 'off', 'aria-describedby': 'token-name-hint' });
    const owner = select('token-user', users.filter((u) => u.enabled).map((u) => [String(u.id), `${u.displayName} (${u.username})`]), String(me.id));
    const dlg = dialog({
      id: 'token-dialog',
      title: t('tokens.new'),
      submitLabel: t('common.save'),
      fields: [field('token-name', t('tokens.form.name'), name, t('tokens.form.nameHint')), field('token-user', t('tokens.form.user'), owner)],
      submit: async (form) => {
        const created = await post('/api/tokens', { name: name.value, userId: Number(owner.value) });
        await loadTokens();
        const secret = h('input', { id: 'token-secret', class: 'mono', type: 'text', readonly: true, value: created.token });
        mount(form,
          h('h2', {}, t('tokens.new')),
          h('p', { class: 'notice' }, t('tokens.created')),
          h('div', { class: 'copy-row' }, secret,
            h('button', {
              type: 'button',
              class: 'btn btn-quiet',
              onClick: async () => {
                secret.select();
                try {
                  await navigator.clipboard.writeText(created.token);
                  toast(t('tokens.copied'));
                } catch {
                  document.execCommand('copy');
                }
              },
            }, t('tokens.copy'))),
          h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn btn-primary', onClick: () => { dlg.close(); dlg.remove(); } }, t('common.close'))));
        secret.focus();
        secret.select();
        return false;
      },
    });
  }

  function confirmRevoke(k) {
    dialog({
      id: 'revoke-dialog',
      title: t('tokens.revoke'),
      submitLabel: t('tokens.revoke'),
      fields: [h('p', {}, t('tokens.confirmRevoke', { name: k.name }))],
      submit: async () => {
        await del(`/api/tokens/${k.id}`);
        toast(t('tokens.revokedToast'));
        await loadTokens();
        return true;
      },
    });
  }

  loadUsers();
  loadTokens();
  return h('section', { class: 'page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { id: 'page-title' }, t('users.title')), h('p', { class: 'muted' }, t('users.intro'))),
      h('button', { type: 'button', class: 'btn btn-primary', id: 'new-user', onClick: () => userDialog(null) }, t('users.new'))),
    h('div', { class: 'card flush' }, usersBody),
    h('div', { class: 'page-head section-gap' },
      h('div', {}, h('h2', {}, t('tokens.title')), h('p', { class: 'muted' }, t('tokens.intro'))),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'new-token', onClick: tokenDialog }, t('tokens.new'))),
    h('div', { class: 'card flush' }, tokensBody));
}
