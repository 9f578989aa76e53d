// Sign-in form; on success the role's home page.
import { ApiError } from '../api';
import { h, mount } from '../dom';
import { t } from '../i18n';
import { homeOf, login } from '../session';

export function renderLogin(root: HTMLElement): void {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, 'data-testid': 'login-username' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true, 'data-testid': 'login-error' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, t('login.submit'));
  const form = h('form', { class: 'card login', onsubmit: (ev: Event) => {
    ev.preventDefault();
    void attempt();
  } },
  h('h1', null, t('login.title')),
  h('label', null, t('login.username'), username),
  h('label', null, t('login.password'), password),
  error,
  submit);

  async function attempt(): Promise<void> {
    submit.disabled = true;
    error.hidden = true;
    try {
      const user = await login(username.value.trim(), password.value);
      location.hash = homeOf(user);
    } catch (err) {
      error.hidden = false;
      error.textContent = err instanceof ApiError && (err.status === 401 || err.status === 400) ? t('login.failed')
        : err instanceof ApiError && err.status === 429 ? t('login.throttled')
          : err instanceof Error ? err.message : String(err);
    } finally {
      submit.disabled = false;
    }
  }
  mount(root, h('div', { class: 'center' }, form));
  username.focus();
}
