// The demo accounts worth knowing, for the README and the startup banner. Every account's password
// is DEMO_PASSWORD. The full set follows patterns: street<s>-secretary|coordinator|officer,
// community<s>-<c>-secretary|officer, grid<s>-<c>-<g>-officer, <dept>-reviewer|head,
// agency<NN>-secretary (NN = 01..40).

export interface DemoLogin {
  username: string;
  role: 'admin' | 'official' | 'auditor';
  /** unit code and Chinese name */
  unit: string;
  does: string;
}

export function demoLogins(): DemoLogin[] {
  return [
    { username: 'admin', role: 'admin', unit: '—', does: 'draws and deploys the BPMN diagrams, manages org data' },
    { username: 'auditor', role: 'auditor', unit: 'kecheng 柯城区', does: 'reads every instance, exports and replays histories' },
    { username: 'city-coordinator', role: 'official', unit: 'quzhou 衢州市', does: 'opens pairing rounds and confirms pairings (A); last escalation level' },
    { username: 'district-secretary', role: 'official', unit: 'kecheng 柯城区', does: 'receives district-level escalations (B)' },
    { username: 'street1-secretary', role: 'official', unit: 'street-1 府山街道', does: 'leads projects (B), forms preparatory groups (C), gets street escalations' },
    { username: 'street1-coordinator', role: 'official', unit: 'street-1 府山街道', does: 'second escalation level of the joint vetting (D)' },
    { username: 'street1-officer', role: 'official', unit: 'street-1 府山街道', does: 'street office work: publishing, filing (C)' },
    { username: 'community1-1-secretary', role: 'official', unit: 'community-1-1 坊门街社区', does: 'submits demand lists, verifies projects (A)' },
    { username: 'grid1-1-1-officer', role: 'official', unit: 'grid-1-1-1 坊门街社区第一网格', does: 'proposes projects from the grid (B)' },
    { username: 'agency01-secretary', role: 'official', unit: 'agency-01 市财政局', does: 'submits resource lists, signs agreements, carries out projects (A)' },
    { username: 'police-reviewer', role: 'official', unit: 'dept-public-security 柯城公安分局', does: 'vets candidates: pass or veto (D)' },
    { username: 'police-head', role: 'official', unit: 'dept-public-security 柯城公安分局', does: 'first escalation level of a late review (D)' },
    { username: 'discipline-reviewer', role: 'official', unit: 'dept-discipline-inspection 区纪委监委', does: 'vets candidates (D)' },
    { username: 'tax-reviewer', role: 'official', unit: 'dept-tax 区税务局', does: 'vets candidates (D)' },
    { username: 'housing-reviewer', role: 'official', unit: 'dept-housing 区住建局', does: 'vets candidates (D), receives committee filings (C); also a district officer' },
    { username: 'street2-officer', role: 'official', unit: 'street-2 荷花街道', does: 'street office work; also a civil-affairs reviewer (two units, two roles)' },
  ];
}
