import { h } from '../dom.js';
import { t } from '../i18n.js';

/** Shown when the signed-in role may not open a page. */
export function forbiddenView(role, pageName, home) {
  return h('section', { class: 'page', 'aria-labelledby': 'page-title', id: 'forbidden' },
    h('div', { class: 'card empty-state' },
      h('span', { class: 'badge badge-warn' }, '403'),
      h('h1', { id: 'page-title' }, t('forbidden.title')),
      h('p', { class: 'lead' }, t('forbidden.body', { role: t(`role.${role}`), page: pageName })),
      h('a', { class: 'btn btn-primary', href: `#/${home}` }, t('forbidden.back'))));
}

/** Shown for an unknown address. */
export function notFoundView(home) {
  return h('section', { class: 'page', 'aria-labelledby': 'page-title', id: 'not-found' },
    h('div', { class: 'card empty-state' },
      h('span', { class: 'badge' }, '404'),
      h('h1', { id: 'page-title' }, t('notfound.title')),
      h('p', { class: 'lead' }, t('notfound.body')),
      h('a', { class: 'btn btn-primary', href: `#/${home}` }, t('forbidden.back'))));
}
