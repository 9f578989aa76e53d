// The demo district, built as plain data by a pure function: the same arrays every run (a seeded
// PRNG, fixed dates), so demos, screenshots and tests see one world. The place names are real
// Quzhou names, the assignment of communities and compounds to them is invented.
//
// Chain: 衢州市 (city) → 柯城区 (district) → 3 streets → 12 communities → 24 grids → 60 compounds.
// 40 city agencies pair with compounds (process A); 14 district departments vet candidates (D).

export type UnitKind = 'city' | 'district' | 'street' | 'community' | 'grid' | 'compound' | 'agency' | 'department';
export type MemberRole = 'secretary' | 'officer' | 'head' | 'coordinator' | 'reviewer';

export interface UnitSeed {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  kind: UnitKind;
  parentCode: string | null;
  deliveredAreaDm2?: number;
  totalAreaDm2?: number;
  /** YYYY-MM-DD */
  firstDeliveryDate?: string;
  households?: number;
}

export interface UserSeed {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'official' | 'auditor';
  unitCode: string | null;
  email: string;
  /** roles held, the home unit's first */
  memberships: { unitCode: string; role: MemberRole }[];
}

export interface RosterSeed {
  compoundCode: string;
  flat: string;
  ownerName: string;
  areaDm2: number;
}

export interface DemoData {
  units: UnitSeed[];
  users: UserSeed[];
  rosters: RosterSeed[];
}

/** mulberry32: a tiny PRNG, so the "random" areas and dates are the same on every run */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREETS: { name: string; nameEn: string; communities: [string, string][] }[] = [
  { name: '府山街道', nameEn: 'Fushan Subdistrict', communities: [['坊门街社区', 'Fangmenjie'], ['水亭门社区', 'Shuitingmen'], ['县学街社区', 'Xianxuejie'], ['蛟池街社区', 'Jiaochijie']] },
  { name: '荷花街道', nameEn: 'Hehua Subdistrict', communities: [['荷花社区', 'Hehua'], ['花园社区', 'Huayuan'], ['新新社区', 'Xinxin'], ['双港社区', 'Shuanggang']] },
  { name: '信安街道', nameEn: "Xin'an Subdistrict", communities: [['信安社区', "Xin'an"], ['新华社区', 'Xinhua'], ['礼贤社区', 'Lixian'], ['下街社区', 'Xiajie']] },
];

const COMPOUND_PREFIXES: [string, string][] = [
  ['锦绣', 'Jinxiu'], ['阳光', 'Yangguang'], ['金桂', 'Jingui'], ['翠竹', 'Cuizhu'], ['紫荆', 'Zijing'],
  ['香樟', 'Xiangzhang'], ['丽景', 'Lijing'], ['和平', 'Heping'], ['幸福', 'Xingfu'], ['枫林', 'Fenglin'],
  ['水岸', "Shui'an"], ['桃源', 'Taoyuan'], ['碧桂', 'Bigui'], ['春江', 'Chunjiang'], ['南湖', 'Nanhu'],
  ['东方', 'Dongfang'], ['龙湖', 'Longhu'], ['书香', 'Shuxiang'], ['银杏', 'Yinxing'], ['荷塘', 'Hetang'],
];
const COMPOUND_SUFFIXES: [string, string][] = [['花园', 'Garden'], ['小区', 'Estate'], ['苑', 'Court']];

/** [code, Chinese name, English name, username slug] — codes match activities/domain/departments.ts */
export const DEPARTMENTS: [string, string, string, string][] = [
  ['dept-discipline-inspection', '区纪委监委', 'Commission for Discipline Inspection and Supervision', 'discipline'],
  ['dept-organisation', '区委组织部', 'Organisation Department', 'organisation'],
  ['dept-political-legal', '区委政法委', 'Political and Legal Affairs Commission', 'political-legal'],
  ['dept-public-security', '柯城公安分局', 'Public Security Bureau', 'police'],
  ['dept-court', '区人民法院', "People's Court", 'court'],
  ['dept-procuratorate', '区人民检察院', "People's Procuratorate", 'procuratorate'],
  ['dept-justice', '区司法局', 'Justice Bureau', 'justice'],
  ['dept-tax', '区税务局', 'Taxation Bureau', 'tax'],
  ['dept-market-regulation', '区市场监督管理局', 'Market Regulation Administration', 'market'],
  ['dept-housing', '区住房和城乡建设局', 'Housing and Urban-Rural Development Bureau', 'housing'],
  ['dept-human-resources', '区人力资源和社会保障局', 'Human Resources and Social Security Bureau', 'hr'],
  ['dept-civil-affairs', '区民政局', 'Civil Affairs Bureau', 'civil-affairs'],
  ['dept-letters-visits', '区信访局', 'Letters and Visits Bureau', 'letters-visits'],
  ['dept-credit', '区信用办', 'Social Credit Office', 'credit'],
];

const AGENCIES: [string, string][] = [
  ['市财政局', 'Finance Bureau'], ['市教育局', 'Education Bureau'], ['市卫生健康委员会', 'Health Commission'],
  ['市交通运输局', 'Transport Bureau'], ['市自然资源和规划局', 'Natural Resources and Planning Bureau'],
  ['市生态环境局', 'Ecology and Environment Bureau'], ['市水利局', 'Water Resources Bureau'],
  ['市农业农村局', 'Agriculture and Rural Affairs Bureau'], ['市商务局', 'Commerce Bureau'],
  ['市文化广电旅游局', 'Culture, Radio, TV and Tourism Bureau'], ['市应急管理局', 'Emergency Management Bureau'],
  ['市审计局', 'Audit Bureau'], ['市统计局', 'Statistics Bureau'], ['市医疗保障局', 'Healthcare Security Bureau'],
  ['市退役军人事务局', 'Veterans Affairs Bureau'], ['市综合行政执法局', 'Comprehensive Law Enforcement Bureau'],
  ['市大数据发展管理局', 'Big Data Development Bureau'], ['市机关事务管理局', 'Government Offices Administration'],
  ['市科学技术局', 'Science and Technology Bureau'], ['市经济和信息化局', 'Economy and Information Technology Bureau'],
  ['市发展和改革委员会', 'Development and Reform Commission'], ['市人民政府办公室', 'General Office of the City Government'],
  ['市委办公室', 'General Office of the City Party Committee'], ['市委宣传部', 'Publicity Department'],
  ['市委统战部', 'United Front Work Department'], ['市总工会', 'Federation of Trade Unions'], ['团市委', 'Communist Youth League Committee'],
  ['市妇联', "Women's Federation"], ['市科协', 'Association for Science and Technology'], ['市残联', 'Disabled Persons\' Federation'],
  ['市红十字会', 'Red Cross Society'], ['国网衢州供电公司', 'State Grid Quzhou Power Supply Company'], ['衢州学院', 'Quzhou University'],
  ['市人民医院', "People's Hospital"], ['市中医医院', 'Hospital of Traditional Chinese Medicine'], ['衢州日报社', 'Quzhou Daily'],
  ['市烟草专卖局', 'Tobacco Monopoly Bureau'], ['中国银行衢州分行', 'Bank of China Quzhou Branch'],
  ['市邮政管理局', 'Postal Administration'], ['市气象局', 'Meteorological Bureau'],
];

const SURNAMES = '张王李赵刘陈杨黄吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢'.split('');
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '慧', '建国', '建华', '志强', '海燕', '晓东', '国平', '丽萍', '文斌', '红梅', '振华', '玉兰', '春生', '雪梅', '立新', '桂英', '永红'];

function personName(i: number): string {
  return SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7 + Math.floor(i / SURNAMES.length)) % GIVEN.length];
}

/** compounds (by global index 0..59) that cannot form a committee yet: < 50% delivered and < 2 years */
const INELIGIBLE = new Set([7, 23, 38, 52]);
/** exactly half delivered, recently: eligible by area alone (the boundary case of the ≥ 50% rule) */
const HALF_DELIVERED = 15;
/** little delivered but long ago: eligible by the two-year rule alone */
const OLD_PARTIAL = 44;
/** compounds with an owner roster: [global index, owners] */
const ROSTERS: [number, number][] = [[0, 40], [1, 24], [7, 12]];

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function buildDemoData(): DemoData {
  const rand = prng(20261123);
  const randInt = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const dateBetween = (from: string, to: string) => {
    const a = Date.parse(from), b = Date.parse(to);
    return isoDate(new Date(a + Math.floor(rand() * ((b - a) / 86_400_000 + 1)) * 86_400_000));
  };

  const units: UnitSeed[] = [];
  const add = (u: Omit<UnitSeed, 'id'>) => units.push({ id: units.length + 1, ...u });
  const rosters: RosterSeed[] = [];
  let ownerSeq = 0;

  add({ code: 'quzhou', name: '衢州市', nameEn: 'Quzhou City', kind: 'city', parentCode: null });
  add({ code: 'kecheng', name: '柯城区', nameEn: 'Kecheng District', kind: 'district', parentCode: 'quzhou' });

  let compoundIndex = 0;
  STREETS.forEach((street, si) => {
    const s = si + 1;
    add({ code: `street-${s}`, name: street.name, nameEn: street.nameEn, kind: 'street', parentCode: 'kecheng' });
    street.communities.forEach(([cName, cEn], ci) => {
      const c = ci + 1;
      const community = `community-${s}-${c}`;
      add({ code: community, name: cName, nameEn: `${cEn} Community`, kind: 'community', parentCode: `street-${s}` });
      for (const g of [1, 2]) {
        add({ code: `grid-${s}-${c}-${g}`, name: `${cName}第${g === 1 ? '一' : '二'}网格`, nameEn: `${cEn} Grid ${g}`, kind: 'grid', parentCode: community });
      }
      for (let k = 1; k <= 5; k++, compoundIndex++) {
        const [pre, preEn] = COMPOUND_PREFIXES[compoundIndex % 20];
        const [suf, sufEn] = COMPOUND_SUFFIXES[Math.floor(compoundIndex / 20)];
        const code = `compound-${s}-${c}-${k}`;
        let total = randInt(2_000_000, 15_000_000);
        let delivered = total;
        let first = dateBetween('2005-01-01', '2020-12-31');
        const roster = ROSTERS.find(([i]) => i === compoundIndex);
        if (roster) {
          let sum = 0;
          for (let o = 0; o < roster[1]; o++, ownerSeq++) {
            const areaDm2 = randInt(6_000, 18_000);
            sum += areaDm2;
            const building = 1 + Math.floor(o / 12), entrance = 1 + (Math.floor(o / 4) % 3), room = 101 + 100 * (o % 4);
            rosters.push({ compoundCode: code, flat: `${building}-${entrance}-${room}`, ownerName: personName(1000 + ownerSeq), areaDm2 });
          }
          // the roster is the whole delivered area, so the vote's shares are shares of the compound
          delivered = sum;
          total = sum;
        }
        if (INELIGIBLE.has(compoundIndex)) {
          first = dateBetween('2026-03-01', '2026-06-30');
          if (roster) total = Math.floor((delivered * 100) / 35);
          else delivered = Math.floor((total * randInt(20, 45)) / 100);
        } else if (compoundIndex === HALF_DELIVERED) {
          total -= total % 2;
          delivered = total / 2;
          first = '2026-04-18';
        } else if (compoundIndex === OLD_PARTIAL) {
          delivered = Math.floor((total * 40) / 100);
          first = '2019-09-30';
        }
        add({
          code,
          name: pre + suf,
          nameEn: `${preEn} ${sufEn}`,
          kind: 'compound',
          parentCode: `grid-${s}-${c}-${k % 2 === 1 ? 1 : 2}`,
          deliveredAreaDm2: delivered,
          totalAreaDm2: total,
          firstDeliveryDate: first,
          households: roster ? roster[1] : Math.max(1, Math.round(total / 9_500)),
        });
      }
    });
  });

  AGENCIES.forEach(([name, nameEn], i) => {
    add({ code: `agency-${String(i + 1).padStart(2, '0')}`, name, nameEn: `Quzhou ${nameEn}`, kind: 'agency', parentCode: 'quzhou' });
  });
  for (const [code, name, nameEn] of DEPARTMENTS) {
    add({ code, name, nameEn: `Kecheng ${nameEn}`, kind: 'department', parentCode: 'kecheng' });
  }

  const users: UserSeed[] = [];
  const person = (username: string, role: UserSeed['role'], unitCode: string | null, memberships: UserSeed['memberships']) =>
    users.push({ id: users.length + 1, username, displayName: personName(users.length), role, unitCode, email: `${username}@gridflow.example`, memberships });
  const official = (username: string, unitCode: string, role: MemberRole) => person(username, 'official', unitCode, [{ unitCode, role }]);

  person('admin', 'admin', null, []);
  person('auditor', 'auditor', 'kecheng', []);
  official('city-secretary', 'quzhou', 'secretary');
  official('city-coordinator', 'quzhou', 'coordinator');
  official('district-secretary', 'kecheng', 'secretary');
  official('district-coordinator', 'kecheng', 'coordinator');
  for (let s = 1; s <= 3; s++) {
    official(`street${s}-secretary`, `street-${s}`, 'secretary');
    official(`street${s}-coordinator`, `street-${s}`, 'coordinator');
    official(`street${s}-officer`, `street-${s}`, 'officer');
  }
  for (let s = 1; s <= 3; s++) {
    for (let c = 1; c <= 4; c++) {
      official(`community${s}-${c}-secretary`, `community-${s}-${c}`, 'secretary');
      official(`community${s}-${c}-officer`, `community-${s}-${c}`, 'officer');
      for (const g of [1, 2]) official(`grid${s}-${c}-${g}-officer`, `grid-${s}-${c}-${g}`, 'officer');
    }
  }
  for (const [code, , , slug] of DEPARTMENTS) {
    official(`${slug}-reviewer`, code, 'reviewer');
    official(`${slug}-head`, code, 'head');
  }
  for (let a = 1; a <= AGENCIES.length; a++) {
    const n = String(a).padStart(2, '0');
    official(`agency${n}-secretary`, `agency-${n}`, 'secretary');
  }
  // People with a second role elsewhere (an official belongs to a unit and may belong to a department).
  users.find((u) => u.username === 'street2-officer')!.memberships.push({ unitCode: 'dept-civil-affairs', role: 'reviewer' });
  users.find((u) => u.username === 'housing-reviewer')!.memberships.push({ unitCode: 'kecheng', role: 'officer' });

  return { units, users, rosters };
}
