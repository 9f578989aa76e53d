// The officials and org units the Governance pickers offer. Loaded once per modeler; when they
// arrive the pickers on screen re-render themselves (see useOrgDirectory in entries.ts).
import type { EventBus, GovModelerConfig, OfficialOption, OrgSource, OrgUnitOption } from './types';

/** Role names of the identity strings (activities/contract.ts). */
export const ORG_ROLES = ['secretary', 'officer', 'head', 'coordinator', 'reviewer'] as const;
export const UNIT_KINDS = ['city', 'district', 'street', 'community', 'grid', 'compound', 'agency', 'department'] as const;

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** The gridflow server's org API (same origin). */
export const gridflowOrgSource: OrgSource = {
  units: async () => {
    const data = await fetchJson<OrgUnitOption[] | { units: OrgUnitOption[] }>('/api/org/units');
    return Array.isArray(data) ? data : data.units;
  },
  officials: async () => {
    const data = await fetchJson<OfficialOption[] | { officials: OfficialOption[] }>('/api/org/officials');
    return Array.isArray(data) ? data : data.officials;
  },
};

export class GovOrgDirectory {
  static $inject = ['config.govModeler', 'eventBus'];
  units: OrgUnitOption[] = [];
  officials: OfficialOption[] = [];
  state: 'loading' | 'ready' | 'failed' = 'loading';
  readonly ready: Promise<void>;

  constructor(config: GovModelerConfig | undefined, eventBus: EventBus) {
    const source = config?.org ?? gridflowOrgSource;
    this.ready = Promise.all([source.units(), source.officials()])
      .then(([units, officials]) => {
        this.units = units ?? [];
        this.officials = officials ?? [];
        this.state = 'ready';
      })
      .catch(() => {
        // no org data (offline, not signed in): the pickers fall back to typed expressions
        this.state = 'failed';
      })
      .then(() => {
        eventBus.fire('govOrgDirectory.loaded', { state: this.state });
      });
  }
}
