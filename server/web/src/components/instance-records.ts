// What an instance keeps beside its history, on the instance page: its attachments (downloadable)
// and, for a pairing, the agreement with its signatures, every project report and the ratings.
import { get } from '../api';
import { h } from '../dom';
import { formatDateTime, t } from '../i18n';

interface Attachment { id: string; fileName: string; contentType: string; size: number; uploadedBy: string; createdAt: string; url: string }
interface Records {
  pairing: null | {
    status: string;
    agreement: null | { title: string; status: string; signatures: { side: string; signedBy: string; signedAt: string; attachmentIds: string[] }[] };
    projects: { title: string; status: string; deadline: string | null; reports: { report: string; verdict: string; opinion: string; attachmentIds: string[]; createdAt: string }[] }[];
    ratings: { from: string; to: string; score: number; comment: string }[];
  };
}

export async function instanceRecords(instanceId: string, processKey: string): Promise<HTMLElement> {
  const enc = encodeURIComponent(instanceId);
  const [{ attachments }, records] = await Promise.all([
    get<{ attachments: Attachment[] }>(`/api/instances/${enc}/attachments`).catch(() => ({ attachments: [] as Attachment[] })),
    processKey === 'pairing' ? get<{ records: Records }>(`/api/instances/${enc}/pairing`).then((r) => r.records).catch(() => null) : Promise.resolve(null),
  ]);
  const byId = new Map(attachments.map((a) => [a.id, a]));
  const links = (ids: string[]) => ids.map((id) => byId.get(id)).filter((a): a is Attachment => !!a).map((a) => [' ', h('a', { href: a.url, download: a.fileName }, a.fileName)]);
  const p = records?.pairing;
  return h('section', { 'data-testid': 'instance-records' },
    h('h2', null, t('records.attachments')),
    attachments.length
      ? h('ul', { 'data-testid': 'attachment-list' }, attachments.map((a) => h('li', null, h('a', { href: a.url, download: a.fileName }, a.fileName), ` · ${a.contentType} · ${Math.ceil(a.size / 1024)} KB · ${a.uploadedBy} · ${formatDateTime(a.createdAt)}`)))
      : h('p', { class: 'muted' }, t('records.noAttachments')),
    p
      ? [
          h('h2', null, t('records.title'), ' ', h('span', { class: 'tag' }, p.status)),
          p.agreement
            ? h('p', { 'data-testid': 'agreement' }, h('strong', null, t('records.agreement')), ` ${p.agreement.title} · ${p.agreement.status}`,
                p.agreement.signatures.map((s) => h('span', null, ` · ${s.side}: ${s.signedBy} ${formatDateTime(s.signedAt)}`, links(s.attachmentIds))))
            : null,
          h('table', { 'data-testid': 'project-reports' },
            h('tr', null, h('th', null, t('reports.projects')), h('th', null, t('reports.status')), h('th', null, t('records.reports'))),
            p.projects.map((pr) => h('tr', null,
              h('td', null, pr.title),
              h('td', null, pr.status),
              h('td', null, h('ol', null, pr.reports.map((r) => h('li', null, `${formatDateTime(r.createdAt)} ${r.report} → ${r.verdict}${r.opinion ? `(${r.opinion})` : ''}`, links(r.attachmentIds)))))))),
          p.ratings.length ? [h('h3', null, t('records.ratings')), h('ul', null, p.ratings.map((r) => h('li', null, `${r.from} → ${r.to}: ${r.score}${r.comment ? ` · ${r.comment}` : ''}`)))] : null,
        ]
      : null);
}
