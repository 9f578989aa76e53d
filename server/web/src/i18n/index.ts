// The app's one translation function. Language is persisted in localStorage so an official who
// switched to English keeps it; Chinese is the default.
import { zh, zhBpmn, type MessageKey } from './zh';
import { en } from './en';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'gridflow.lang';
const tables: Record<Lang, Record<MessageKey, string>> = { zh, en };
const listeners = new Set<(lang: Lang) => void>();

let current: Lang = readStoredLang();

function readStoredLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the switch still works for this page
  }
  if (globalThis.document) document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Message `key` with `{name}` placeholders filled from params (values are plain text). */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = tables[current][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** bpmn-js `translate` service: English source text, Chinese when the app is in Chinese. */
export function translateBpmn(template: string, replacements: Record<string, string> = {}): string {
  const text = current === 'zh' ? (zhBpmn[template] ?? template) : template;
  return text.replace(/\{([^}]+)\}/g, (whole, name: string) => replacements[name] ?? whole);
}

export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(current === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
