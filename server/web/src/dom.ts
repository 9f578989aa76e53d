// A tiny DOM builder. Every piece of text goes in as a text node, never as HTML: a task named
// "<script>" is shown as those characters. There is deliberately no innerHTML helper.
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (ev: Event) => void;
export interface Attrs {
  class?: string;
  [attr: string]: string | number | boolean | Handler | undefined | null;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') {
        node.addEventListener(name.slice(2).toLowerCase(), value);
      } else if (name === 'value' && 'value' in node) {
        (node as HTMLInputElement).value = String(value);
      } else if (name === 'checked' && node instanceof HTMLInputElement) {
        node.checked = Boolean(value);
      } else if (typeof value !== 'function') {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(node, children);
  return node;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replace all of `parent`'s children. */
export function mount(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A short-lived message at the top of the page (role=status so screen readers announce it). */
export function toast(text: string, kind: 'info' | 'error' | 'ok' = 'info'): void {
  let host = document.getElementById('toasts');
  if (!host) {
    host = h('div', { id: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(host);
  }
  const item = h('div', { class: `toast toast-${kind}` }, text);
  host.appendChild(item);
  setTimeout(() => item.remove(), kind === 'error' ? 8000 : 4000);
}

export function download(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: filename });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
