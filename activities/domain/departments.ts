// The 14 departments of the joint qualification vetting (资格联审, 001 §四.二). The report names only
// discipline inspection, public security and tax; the rest is our default (docs/processes.md D), kept
// as data: the vetting diagram's start variable `departments` overrides it per instance, and these
// codes must match the department units of the org data (prisma seed).
export const DEFAULT_VETTING_DEPARTMENTS: readonly string[] = [
  'dept-discipline-inspection', // 纪委监委
  'dept-organisation', // 组织部
  'dept-political-legal', // 政法委
  'dept-public-security', // 公安局
  'dept-court', // 法院
  'dept-procuratorate', // 检察院
  'dept-justice', // 司法局
  'dept-tax', // 税务局
  'dept-market-regulation', // 市场监管局
  'dept-housing', // 住建局
  'dept-human-resources', // 人社局
  'dept-civil-affairs', // 民政局
  'dept-letters-visits', // 信访局
  'dept-credit', // 信用办
];
