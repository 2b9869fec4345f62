import { h } from '../dom.js';
import { t } from '../i18n.js';

/** A page whose features arrive with the campaigns and dialer work: says so plainly, shows no data. */
export function comingSoonView(area) {
  return h('section', { class: 'page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' },
      h('h1', { id: 'page-title' }, t(`soon.${area}.title`))),
    h('div', { class: 'card empty-state', id: `soon-${area}` },
      h('span', { class: 'badge badge-info' }, t('soon.badge')),
      h('p', { class: 'lead' }, t(`soon.${area}.body`)),
      h('p', { class: 'muted' }, t(`soon.${area}.when`))));
}
