// My account: change my own password (everyone; the only page open after an admin's reset), and for
// admins, reset another user's password to a temporary one they must change at their next login.
import { ApiError, post, type User } from '../api';
import { h, mount } from '../dom';
import { t } from '../i18n';
import { homeOf, passwordChanged, user } from '../session';

function problemText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return t('account.wrongCurrent');
    if (err.status === 429) return t('account.throttled');
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

function changeOwnPassword(me: User): HTMLElement {
  const current = h('input', { type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'password-current' });
  const next = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 10, 'data-testid': 'password-new' });
  const repeat = h('input', { type: 'password', autocomplete: 'new-password', required: true, 'data-testid': 'password-repeat' });
  const message = h('p', { role: 'status', 'data-testid': 'password-message' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'password-submit' }, t('account.change'));
  async function change(): Promise<void> {
    message.className = 'error';
    if (next.value !== repeat.value) {
      message.textContent = t('account.mismatch');
      return;
    }
    submit.disabled = true;
    try {
      const res = await post<{ user: User }>('/api/auth/password', { currentPassword: current.value, newPassword: next.value });
      const wasForced = !!me.mustChangePassword;
      passwordChanged(res.user);
      current.value = next.value = repeat.value = '';
      message.className = 'ok';
      message.textContent = t('account.changed');
      // the banner and nav follow the new state; after a reset the app opens again
      window.dispatchEvent(new Event('gridflow:session'));
      if (wasForced) location.hash = homeOf(res.user);
    } catch (err) {
      message.textContent = problemText(err);
    } finally {
      submit.disabled = false;
    }
  }
  return h('form', { class: 'card account-form', 'data-testid': 'change-password', onsubmit: (ev: Event) => {
    ev.preventDefault();
    void change();
  } },
  h('h2', null, t('account.changeTitle')),
  me.mustChangePassword ? h('p', { class: 'notice', 'data-testid': 'must-change' }, t('account.mustChange')) : null,
  h('label', null, t('account.current'), current),
  h('label', null, t('account.new'), next),
  h('label', null, t('account.repeat'), repeat),
  h('p', { class: 'muted' }, t('account.rules')),
  message,
  submit);
}

function resetOthersPassword(): HTMLElement {
  const username = h('input', { required: true, autocomplete: 'off', 'data-testid': 'reset-username' });
  const message = h('p', { role: 'status', 'data-testid': 'reset-message' });
  const submit = h('button', { type: 'submit', 'data-testid': 'reset-submit' }, t('account.reset'));
  async function reset(): Promise<void> {
    submit.disabled = true;
    message.className = 'error';
    try {
      const who = username.value.trim();
      const res = await post<{ temporaryPassword: string }>(`/api/org/users/${encodeURIComponent(who)}/password`, {});
      message.className = 'ok';
      mount(message, t('account.resetDone', { username: who }), ' ', h('code', { 'data-testid': 'reset-temporary' }, res.temporaryPassword));
    } catch (err) {
      message.textContent = err instanceof ApiError && err.status === 404 ? t('account.noSuchUser') : problemText(err);
    } finally {
      submit.disabled = false;
    }
  }
  return h('form', { class: 'card account-form', 'data-testid': 'reset-password', onsubmit: (ev: Event) => {
    ev.preventDefault();
    void reset();
  } },
  h('h2', null, t('account.resetTitle')),
  h('p', { class: 'muted' }, t('account.resetHelp')),
  h('label', null, t('login.username'), username),
  message,
  submit);
}

export function renderAccount(root: HTMLElement): void {
  const me = user();
  if (!me) return;
  mount(root, h('div', { class: 'account' }, changeOwnPassword(me), me.role === 'admin' && !me.mustChangePassword ? resetOthersPassword() : null));
}
