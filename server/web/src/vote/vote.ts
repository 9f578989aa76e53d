// The owners' online voting page (/vote), for a phone: the owner types the one-time code printed on
// their meeting notice (or opens /vote#code=… from the notice), sees the candidates and marks each
// 同意 / 反对 / 弃权, at most `seats` approvals, and casts the ballot once. No account and no cookie:
// the code is the only thing sent, and the page never shows whose code it is. Chinese by default.
import { h, mount } from '../dom';

type Lang = 'zh' | 'en';
type Choice = 'for' | 'against' | 'abstain';
interface Paper {
  compound: string;
  scheduledAt: string;
  takesBallots: boolean;
  seats: number | null;
  candidates: { id: string; name: string }[];
  voted: boolean;
}

const TEXT = {
  zh: {
    title: '业主大会网上投票', lang: 'English', intro: '请输入业主大会通知上印制的投票码。每个投票码只能投票一次。',
    code: '投票码', open: '查看选票', meeting: (p: Paper) => `${p.compound} · 业主大会 ${p.scheduledAt.slice(0, 10)}`,
    rule: (seats: number | null) => (seats ? `请对每位候选人表态,同意人数不得超过${seats}名。` : '请对每位候选人表态。'),
    for: '同意', against: '反对', abstain: '弃权', count: (n: number, seats: number | null) => `已同意 ${n}${seats ? ` / ${seats}` : ''} 名`,
    tooMany: (seats: number) => `同意人数超过${seats}名,请减少。`, cast: '提交选票', confirm: '提交后不能修改,确认提交吗?',
    done: '投票成功,谢谢您的参与。', voted: '这个投票码已经投过票。', closed: '本次业主大会已结束,不再接受投票。', busy: '请稍候…',
  },
  en: {
    title: "Owners' general meeting — vote online", lang: '中文', intro: 'Enter the voting code printed on your meeting notice. Each code votes once.',
    code: 'Voting code', open: 'Open my ballot', meeting: (p: Paper) => `${p.compound} · general meeting ${p.scheduledAt.slice(0, 10)}`,
    rule: (seats: number | null) => (seats ? `Mark every candidate; approve at most ${seats}.` : 'Mark every candidate.'),
    for: 'For', against: 'Against', abstain: 'Abstain', count: (n: number, seats: number | null) => `${n}${seats ? ` of ${seats}` : ''} approved`,
    tooMany: (seats: number) => `More than ${seats} approved: approve fewer.`, cast: 'Cast my ballot', confirm: 'A cast ballot cannot be changed. Cast it?',
    done: 'Your ballot is recorded. Thank you for taking part.', voted: 'This code has already voted.', closed: 'The meeting is over: it takes no more ballots.', busy: 'One moment…',
  },
};

const root = document.getElementById('vote')!;
let lang: Lang = (localStorage.getItem('gridflow.vote.lang') as Lang | null) ?? 'zh';
let code = '';
let paper: Paper | null = null;
let choices: Record<string, Choice> = {};
let message: { kind: 'error' | 'done'; text: string } | null = null;
let busy = false;
const t = () => TEXT[lang];

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
  const data = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw Object.assign(new Error(data.error ?? `HTTP ${res.status}`), { status: res.status });
  return data as T;
}

async function openBallot() {
  busy = true;
  message = null;
  render();
  try {
    paper = await post<Paper>('/api/vote/ballot-paper', { code });
    choices = {};
    if (paper.voted) message = { kind: 'error', text: t().voted };
    else if (!paper.takesBallots) message = { kind: 'error', text: t().closed };
  } catch (e) {
    paper = null;
    message = { kind: 'error', text: (e as Error).message };
  }
  busy = false;
  render();
}

async function cast() {
  if (!window.confirm(t().confirm)) return;
  busy = true;
  render();
  try {
    await post('/api/vote', { code, choices });
    message = { kind: 'done', text: t().done };
    paper = null;
  } catch (e) {
    message = { kind: 'error', text: (e as Error).message };
  }
  busy = false;
  render();
}

function candidateCard(c: { id: string; name: string }) {
  const option = (value: Choice) =>
    h('button', {
      type: 'button', 'aria-pressed': String(choices[c.id] === value), 'data-testid': `vote-${value}`,
      onclick: () => { choices = { ...choices, [c.id]: value }; render(); },
    }, t()[value]);
  return h('section', { class: 'candidate', 'data-testid': 'vote-candidate', 'data-candidate': c.name },
    h('div', { class: 'name' }, c.name),
    h('div', { class: 'choices', role: 'group', 'aria-label': c.name }, option('for'), option('against'), option('abstain')));
}

function render() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t().title;
  const open = paper && !paper.voted && paper.takesBallots;
  const approved = Object.values(choices).filter((c) => c === 'for').length;
  const over = !!paper?.seats && approved > paper.seats;
  const complete = !!paper && paper.candidates.every((c) => choices[c.id]);
  mount(root,
    h('header', null,
      h('h1', null, t().title),
      h('button', { type: 'button', class: 'lang', 'data-testid': 'vote-lang', onclick: () => { lang = lang === 'zh' ? 'en' : 'zh'; localStorage.setItem('gridflow.vote.lang', lang); render(); } }, t().lang)),
    message ? h('p', { class: message.kind, role: 'status', 'data-testid': `vote-${message.kind}` }, message.text) : null,
    !open && message?.kind !== 'done'
      ? h('form', { onsubmit: (e: Event) => { e.preventDefault(); void openBallot(); } },
          h('p', { class: 'muted' }, t().intro),
          h('label', { for: 'vote-code' }, t().code),
          h('input', { id: 'vote-code', 'data-testid': 'vote-code', value: code, autocomplete: 'one-time-code', autocapitalize: 'characters', spellcheck: 'false', oninput: (e: Event) => { code = (e.target as HTMLInputElement).value; } }),
          h('button', { type: 'submit', class: 'primary', 'data-testid': 'vote-open', disabled: busy }, busy ? t().busy : t().open))
      : null,
    open && paper
      ? [
          h('p', { class: 'muted', 'data-testid': 'vote-meeting' }, t().meeting(paper)),
          h('p', null, t().rule(paper.seats)),
          h('div', { class: 'count', 'data-testid': 'vote-count' }, t().count(approved, paper.seats), over ? h('div', { class: 'error' }, t().tooMany(paper.seats!)) : null),
          paper.candidates.map(candidateCard),
          h('button', { type: 'button', class: 'primary', 'data-testid': 'vote-cast', disabled: busy || over || !complete, onclick: () => void cast() }, busy ? t().busy : t().cast),
        ]
      : null,
  );
}

/** a code in the address (/vote#code=…, e.g. from the notice's QR code; the fragment never reaches the server) */
function codeFromAddress() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('code');
  if (!fromHash) return;
  code = fromHash;
  paper = null;
  message = null;
  void openBallot();
}

window.addEventListener('hashchange', codeFromAddress);
render();
codeFromAddress();
