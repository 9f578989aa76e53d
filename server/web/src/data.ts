// Loads shared by several pages, normalising the server's envelopes into the app's shapes.
import { get, request, unwrap } from './api';
import type { Instance, InstanceDetail, InstanceSummary } from './model';

export async function loadInstance(id: string): Promise<Instance> {
  const res = await get<InstanceDetail | Instance>(`/api/instances/${encodeURIComponent(id)}`);
  if ('instance' in res && res.instance) {
    const state = res.state ?? null;
    // incident rows are the record; the live state may not list resolved ones
    const incidents = state?.incidents?.length ? state.incidents : (res.incidents ?? []).filter((i) => i.state !== 'resolved');
    return { ...res.instance, state: state ? { ...state, incidents } : null };
  }
  return res as Instance;
}

export async function loadInstances(query: string): Promise<InstanceSummary[]> {
  return unwrap<InstanceSummary[]>(await get<unknown>(`/api/instances${query}`), 'instances') ?? [];
}

export function loadVersionXml(versionId: string): Promise<string> {
  return request<string>('GET', `/api/deployments/${encodeURIComponent(versionId)}/xml`, { text: true });
}
