import { h, toast } from '../dom.js';
import { t } from '../i18n.js';
import { post } from '../api.js';

/** Change one's own password; forced while the password is temporary. */
export function accountView({ user, onUserChanged }) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const current = h('input', { id: 'account-current', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: 'account-new', type: 'password', autocomplete: 'new-password', minlength: 8, required: true });
  const confirm = h('input', { id: 'account-confirm', type: 'password', autocomplete: 'new-password', minlength: 8, required: true });
  const form = h('form', {
    class: 'card stack form-narrow',
    onSubmit: async (event) => {
      event.preventDefault();
      error.hidden = true;
      if (next.value !== confirm.value) {
        error.textContent = t('account.mismatch');
        error.hidden = false;
        return;
      }
      try {
        const res = await post('/api/auth/password', { currentPassword: current.value, newPassword: next.value });
        toast(t('account.changed'));
        onUserChanged(res.user);
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
      }
    },
  },
  h('div', { class: 'field' }, h('label', { for: 'account-current' }, t('account.current')), current),
  h('div', { class: 'field' }, h('label', { for: 'account-new' }, t('account.new')), next,
    h('p', { class: 'hint' }, t('account.newHint'))),
  h('div', { class: 'field' }, h('label', { for: 'account-confirm' }, t('account.confirm')), confirm),
  error,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary', id: 'account-save' }, t('common.save'))));
  return h('section', { class: 'page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' },
      h('div', {}, h('h1', { id: 'page-title' }, t('account.title')), h('p', { class: 'muted' }, t('account.intro')))),
    user.mustChangePassword ? h('div', { class: 'notice', role: 'note' }, t('account.mustChange')) : null,
    form);
}
