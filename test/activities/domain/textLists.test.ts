import { parseDemandList, parseGroupMembers, parseNominations, parseRepresentatives, parseResourceList } from '../../../activities/domain/textLists';
import { DomainInputError } from '../../../activities/domain/errors';

describe('lists typed into task forms', () => {
  it('reads a demand list with keywords and default deadline, skipping blank and # lines', () => {
    const text = '# 类别|需求|关键词|期限\nparking|增设停车位|车位、夜间|60\n\n elderly-care | 老年食堂 | 助餐,老人 \n';
    expect(parseDemandList(text)).toEqual([
      { id: 'd1', category: 'parking', title: '增设停车位', tags: ['车位', '夜间'], dueDays: 60 },
      { id: 'd2', category: 'elderly-care', title: '老年食堂', tags: ['助餐', '老人'], dueDays: 90 },
    ]);
  });
  it('reads a resource list with full-width separators and capacity', () => {
    expect(parseResourceList('parking｜单位停车场夜间开放｜车位｜3')).toEqual([
      { id: 'r1', category: 'parking', title: '单位停车场夜间开放', tags: ['车位'], capacity: 3 },
    ]);
  });
  it('reads preparatory group members and nominations with 是/否 flags', () => {
    expect(parseGroupMembers('张伟|是\n李娜|否')).toEqual([
      { name: '张伟', isOwner: true },
      { name: '李娜', isOwner: false },
    ]);
    expect(parseNominations('王芳|是|否|是\n赵强')).toEqual([
      { name: '王芳', gridWorkerOwner: true, retiredCadre: false, outstandingMember: true },
      { name: '赵强', gridWorkerOwner: false, retiredCadre: false, outstandingMember: false },
    ]);
    expect(parseRepresentatives('刘洋|3-2-501\n陈静')).toEqual([
      { name: '刘洋', flat: '3-2-501' },
      { name: '陈静', flat: null },
    ]);
  });
  it('names the line it cannot read', () => {
    expect(() => parseDemandList('parking|车位\nculture')).toThrow(new DomainInputError('demandList line 2', 'demand (需求) is missing'));
    expect(() => parseDemandList('parking|车位||soon')).toThrow(/demandList line 1: days \(期限天数\) must be a whole number/);
    expect(() => parseGroupMembers('张伟|也许')).toThrow(/groupMembers line 1: owner \(是否业主\) must be 是 or 否/);
    expect(() => parseResourceList(42)).toThrow(/resourceList: must be text/);
  });
});
