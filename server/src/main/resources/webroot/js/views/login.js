import { h } from '../dom.js';
import { t } from '../i18n.js';
import { post, ApiError } from '../api.js';

/** The sign-in page. */
export function loginView({ langSwitch, onSignedIn }) {
  const error = h('p', { class: 'form-error', id: 'login-error', role: 'alert', hidden: true });
  const username = h('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', id: 'login-submit' }, t('login.submit'));

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  const form = h('form', {
    class: 'stack',
    novalidate: true,
    onSubmit: async (event) => {
      event.preventDefault();
      error.hidden = true;
      if (!username.value.trim() || !password.value) {
        showError(t('login.required'));
        return;
      }
      submit.disabled = true;
      submit.textContent = t('login.working');
      try {
        const res = await post('/api/auth/login', { username: username.value.trim(), password: password.value });
        onSignedIn(res.user, res.csrfToken);
      } catch (e) {
        password.value = '';
        if (e instanceof ApiError && e.status === 401) showError(t('login.invalid'));
        else if (e instanceof ApiError && e.status === 429) showError(t('login.throttled', { seconds: e.retryAfter || 60 }));
        else if (e instanceof ApiError && e.status === 0) showError(t('common.network'));
        else showError(t('common.error', { message: e.message }));
        password.focus();
      } finally {
        submit.disabled = false;
        submit.textContent = t('login.submit');
      }
    },
  },
  h('div', { class: 'field' }, h('label', { for: 'login-username' }, t('login.username')), username),
  h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), password),
  error,
  submit);

  queueMicrotask(() => username.focus());
  return h('div', { class: 'login-page' },
    h('main', { id: 'main', class: 'login-card', 'aria-labelledby': 'login-title' },
      h('div', { class: 'login-head' },
        h('div', { class: 'brand' },
          h('img', { src: '/favicon.svg', alt: '', class: 'brand-logo', width: 40, height: 40 }),
          h('div', {}, h('div', { class: 'brand-name' }, t('app.name')), h('div', { class: 'brand-tag' }, t('app.tagline')))),
        langSwitch()),
      h('h1', { id: 'login-title' }, t('login.title')),
      h('p', { class: 'muted' }, t('login.subtitle')),
      form));
}
