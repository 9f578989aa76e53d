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

// The server's timeline speaks English ("task opened: 部门审查"); officials read Chinese. The verbs
// it uses are few, so they are translated here and whatever follows them is kept as is.
const TIMELINE_ZH: [RegExp, string][] = [
  [/^started the process$/, '发起流程'],
  [/^continued as new.*$/, '历史压缩(续作新实例)'],
  [/^task opened: /, '任务开启:'],
  [/^completed task: /, '完成任务:'],
  [/^task cancelled: /, '任务取消:'],
  [/^notified \(escalation, level (.+)\)$/, '升级通知(层级 $1)'],
  [/^notified \(reminder\)$/, '到期提醒'],
  [/^notified \((.+)\)$/, '通知($1)'],
  [/^incident raised$/, '发生故障'],
  [/^service task: /, '服务任务:'],
  [/^signal (\S+): message /, '收到消息 '],
  [/^timer fired \((.+)\)$/, '定时器触发($1)'],
  [/^timer fired: /, '定时到期:'],
  [/^called sub-process \((.+)\)$/, '调用子流程($1)'],
  [/^cancellation requested$/, '请求撤销'],
  [/^process completed$/, '流程完成'],
  [/^process failed$/, '流程失败'],
  [/^process cancelled$/, '流程已撤销'],
  [/^process terminated$/, '流程已终止'],
];

export function timelineText(what: string): string {
  if (current !== 'zh') return what;
  for (const [pattern, zhText] of TIMELINE_ZH) if (pattern.test(what)) return what.replace(pattern, zhText);
  return what;
}
