// Hash routing: #/inbox/42 → the inbox page with params {taskId: '42'}. A page renders into the
// main element and may return a cleanup (close an EventSource, destroy a bpmn-js instance).
import type { PageId } from './session';

export type Cleanup = () => void;
export type PageRender = (root: HTMLElement, params: Record<string, string>) => Promise<Cleanup | void> | Cleanup | void;

export interface Route {
  path: string; // e.g. '/inbox/:taskId'
  page: PageId | 'login';
  load: () => Promise<PageRender>;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

export function match(routes: Route[], hash: string): Match | null {
  const path = (hash.replace(/^#/, '').split('?')[0] || '/').replace(/\/+$/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((seg, i) => {
      if (seg.startsWith(':')) {
        params[seg.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return seg === parts[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

/** Query parameters after the hash path: #/instances?processKey=D */
export function hashQuery(): URLSearchParams {
  const q = location.hash.split('?')[1] ?? '';
  return new URLSearchParams(q);
}
