// Process C's owners' meeting on the task page of the community officials who run it: the
// compound's roster (import the property register's CSV, see whether its areas add up), and for the
// meeting taking ballots: live participation against the two-thirds quorum, paper ballot entry
// (a correction is entered the same way and replaces the owner's earlier paper ballot), a tally
// sheet import, and the owners' one-time codes for the printed notices.
import { get, post } from '../api';
import { h, mount, toast } from '../dom';
import { getLang } from '../i18n';

interface Roster {
  entries: { flat: string; ownerName: string; area: string }[];
  check: { rosterArea: string; compoundArea: string | null; matches: boolean | null; owners: number };
  meetings: { id: number; status: string }[];
}
interface Meeting {
  id: number;
  candidates: { id: string; name: string }[];
  participation: { participatingArea: string; totalArea: string; participatingHeads: number; totalHeads: number; areaQuorumMet: boolean; headQuorumMet: boolean } | null;
  ballots: { paper: number; online: number };
}

const zh = () => getLang() === 'zh';
const L = {
  title: () => (zh() ? '业主名册与业主大会' : "Owners' roster and general meeting"),
  owners: (r: Roster) => (zh() ? `名册 ${r.check.owners} 户,专有面积合计 ${r.check.rosterArea} ㎡` : `${r.check.owners} owners, ${r.check.rosterArea} m² in all`),
  mismatch: (r: Roster) => (zh() ? `与小区登记总面积 ${r.check.compoundArea} ㎡ 不符,请核对。` : `does not match the compound's ${r.check.compoundArea} m²: check the register.`),
  importRoster: () => (zh() ? '导入名册(CSV:房号,业主,专有面积,人数)' : 'Import roster (CSV: flat, owner, area, heads)'),
  participation: (m: Meeting) => {
    const p = m.participation!;
    return zh()
      ? `参与表决:面积 ${p.participatingArea} / ${p.totalArea} ㎡${p.areaQuorumMet ? '(已达三分之二)' : ''};人数 ${p.participatingHeads} / ${p.totalHeads}${p.headQuorumMet ? '(已达三分之二)' : ''}。书面 ${m.ballots.paper} 张,网上 ${m.ballots.online} 张。`
      : `Taking part: ${p.participatingArea} of ${p.totalArea} m²${p.areaQuorumMet ? ' (two thirds reached)' : ''}; ${p.participatingHeads} of ${p.totalHeads} owners${p.headQuorumMet ? ' (two thirds reached)' : ''}. ${m.ballots.paper} paper, ${m.ballots.online} online.`;
  },
  flat: () => (zh() ? '房号' : 'Flat'),
  record: () => (zh() ? '录入书面选票' : 'Record paper ballot'),
  sheet: () => (zh() ? '导入计票表(CSV)' : 'Import tally sheet (CSV)'),
  codes: () => (zh() ? '生成投票码(用于会议通知)' : 'Issue voting codes (for the notices)'),
  choice: { for: () => (zh() ? '同意' : 'For'), against: () => (zh() ? '反对' : 'Against'), abstain: () => (zh() ? '弃权' : 'Abstain') },
};

export function createMeetingPanel(compoundCode: string): HTMLElement {
  const node = h('div', { class: 'card', 'data-testid': 'meeting-panel' });
  const fail = (e: unknown) => toast((e as Error).message, 'error');
  const readFile = (accept: string, use: (text: string) => Promise<void>) =>
    h('input', { type: 'file', accept, onchange: (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) void file.text().then(use).catch(fail);
    } });

  async function render(): Promise<void> {
    const roster = await get<Roster>(`/api/compounds/${encodeURIComponent(compoundCode)}/roster`);
    const running = roster.meetings.find((m) => m.status === 'scheduled');
    const meeting = running ? await get<Meeting>(`/api/meetings/${running.id}`) : null;
    const ballot: Record<string, string> = {};
    const flat = h('input', { 'data-testid': 'meeting-flat', placeholder: L.flat() });
    mount(node,
      h('h2', null, L.title()),
      h('p', { 'data-testid': 'roster-check' }, L.owners(roster), roster.check.matches === false ? h('span', { class: 'error' }, ' ', L.mismatch(roster)) : null),
      running ? null : h('label', null, L.importRoster(), readFile('.csv,text/csv', async (content) => {
        await post(`/api/compounds/${encodeURIComponent(compoundCode)}/roster/import`, { format: 'csv', content });
        await render();
      })),
      meeting
        ? [
            meeting.participation ? h('p', { 'data-testid': 'meeting-participation' }, L.participation(meeting)) : null,
            h('div', { class: 'paper-ballot' },
              flat,
              meeting.candidates.map((c) => h('label', null, c.name,
                h('select', { onchange: (e: Event) => { ballot[c.id] = (e.target as HTMLSelectElement).value; } },
                  (['abstain', 'for', 'against'] as const).map((v) => h('option', { value: v }, L.choice[v]()))))),
              h('button', { type: 'button', class: 'primary', 'data-testid': 'meeting-record', onclick: () => void post(`/api/meetings/${meeting.id}/ballots`, { flat: flat.value.trim(), choices: ballot }).then(render, fail) }, L.record())),
            h('label', null, L.sheet(), readFile('.csv,text/csv', async (content) => {
              await post(`/api/meetings/${meeting.id}/ballots/import`, { format: 'csv', content });
              await render();
            })),
            h('button', { type: 'button', 'data-testid': 'meeting-codes', onclick: () => void issueCodes(meeting.id).catch(fail) }, L.codes()),
          ]
        : null,
    );
  }

  /** the codes are shown once: opened as a printable list in a new window */
  async function issueCodes(meetingId: number): Promise<void> {
    const { codes } = await post<{ codes: { flat: string; ownerName: string; code: string }[] }>(`/api/meetings/${meetingId}/owner-codes`, {});
    const win = window.open('', '_blank');
    if (!win) return;
    const doc = win.document;
    const table = doc.createElement('table');
    for (const c of codes) {
      const row = table.insertRow();
      for (const v of [c.flat, c.ownerName, c.code, `${location.origin}/vote`]) row.insertCell().textContent = v;
    }
    doc.body.appendChild(table);
  }

  void render().catch(fail);
  return node;
}
