import { compileVisibilityQuery, VisibilityQueryError } from '../../embedded-temporal/visibility/query';
import { ALL_IDS, createVisibilityTable, listIds } from './visibility-table';

const db = createVisibilityTable();
afterAll(() => db.close());
const ids = (query: string) => listIds(db, query);

describe('List Filter over the visibility table', () => {
  test('an empty query lists every execution', () => {
    expect(compileVisibilityQuery('  ')).toEqual({ where: '1=1', params: [] });
    expect(ids('')).toEqual(ALL_IDS);
  });

  test('type, status and start time combine with AND', () => {
    expect(ids("WorkflowType = 'approve' AND ExecutionStatus = 'Running' AND StartTime > '2026-01-01T00:00:00Z'")).toEqual(['wf-a1']);
  });

  test('ExecutionStatus accepts names in any case, the proto spelling and the enum number', () => {
    expect(ids("ExecutionStatus = 'Completed'")).toEqual(['wf-a2']);
    expect(ids("ExecutionStatus = 'timedout'")).toEqual(['Wf-c']);
    expect(ids("ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW'")).toEqual(['wf%_x']);
    expect(ids('ExecutionStatus = 3')).toEqual(['wf-b1']);
    expect(ids("ExecutionStatus IN ('Canceled', 'Terminated')")).toEqual(["o'brien", 'wf-b2']);
  });

  test('comparison operators on keywords and times', () => {
    expect(ids("WorkflowId = 'wf-a2'")).toEqual(['wf-a2']);
    expect(ids("WorkflowType != 'approve'")).toEqual(["o'brien", 'wf%_x', 'wf-b1', 'wf-b2']);
    expect(ids("WorkflowType <> 'approve' AND TaskQueue = 'other'")).toEqual(['wf-b1']);
    expect(ids("StartTime < '2025-12-20T09:30:00Z'")).toEqual(["o'brien", 'wf%_x']);
    expect(ids("StartTime <= '2025-12-20T09:30:00Z'")).toEqual(["o'brien", 'wf%_x', 'wf-a2']);
    expect(ids("StartTime >= '2026-01-10T00:00:00Z'")).toEqual(['wf-b1', 'wf-b2']);
    expect(ids("ExecutionTime > '2026-01-09T00:00:00+08:00'")).toEqual(['wf-b1', 'wf-b2']);
  });

  test('times keep sub-millisecond precision and accept integer nanoseconds, as Temporal does', () => {
    expect(ids("CloseTime > '2026-01-01T00:00:00.0005Z' AND CloseTime < '2026-01-01T00:00:00.0015Z'")).toEqual(['Wf-c']);
    expect(ids(`StartTime = ${Date.parse('2026-02-01T00:00:00Z')}000000`)).toEqual(['wf-b1']);
  });

  test('HistoryLength compares the number of events', () => {
    expect(ids('HistoryLength < 10')).toEqual(['wf-a1']);
  });

  test('IN and NOT IN', () => {
    expect(ids("WorkflowId IN ('wf-a1', 'wf-b2', 'nope')")).toEqual(['wf-a1', 'wf-b2']);
    expect(ids("WorkflowType NOT IN ('approve', 'vetting')")).toEqual(["o'brien", 'wf%_x']);
  });

  test('STARTS_WITH is a case-sensitive prefix match in which % and _ are ordinary characters', () => {
    expect(ids("WorkflowId STARTS_WITH 'wf-'")).toEqual(['wf-a1', 'wf-a2', 'wf-b1', 'wf-b2']);
    expect(ids("WorkflowId STARTS_WITH 'wf%'")).toEqual(['wf%_x']);
    expect(ids("WorkflowId STARTS_WITH 'wf_'")).toEqual([]);
    expect(ids("WorkflowId NOT STARTS_WITH 'wf'")).toEqual(['Wf-c', "o'brien"]);
  });

  test('CloseTime BETWEEN, IS NULL and IS NOT NULL', () => {
    expect(ids("CloseTime BETWEEN '2026-01-01T00:00:00Z' AND '2026-01-31T23:59:59Z'")).toEqual(['Wf-c', 'wf-a2', 'wf-b2']);
    expect(ids("CloseTime NOT BETWEEN '2025-01-01T00:00:00Z' AND '2026-12-31T00:00:00Z'")).toEqual(['wf-a1']);
    expect(ids('CloseTime IS NULL')).toEqual(['wf-a1']);
    expect(ids('CloseTime is not null').length).toBe(ALL_IDS.length - 1);
  });

  test('a running workflow counts as closing at the end of time, like Temporal SQL visibility', () => {
    expect(ids("CloseTime > '2026-02-02T00:00:00Z'")).toEqual(['wf-a1', 'wf-b1']);
    expect(ids("CloseTime > '2026-02-02T00:00:00Z' AND CloseTime IS NOT NULL")).toEqual(['wf-b1']);
  });

  test('AND binds tighter than OR; parentheses and NOT regroup', () => {
    expect(ids("WorkflowId = 'wf-a1' OR WorkflowType = 'vetting' AND ExecutionStatus = 'Failed'")).toEqual(['wf-a1', 'wf-b1']);
    expect(ids("(WorkflowId = 'wf-a1' OR WorkflowType = 'vetting') AND ExecutionStatus = 'Failed'")).toEqual(['wf-b1']);
    expect(ids("NOT (WorkflowType = 'approve' OR WorkflowType = 'pairing')")).toEqual(['wf-b1', 'wf-b2']);
  });

  test('ORDER BY sorts, descending or ascending, by several attributes', () => {
    expect(ids("WorkflowType = 'approve' ORDER BY StartTime DESC")).toEqual(['wf-a1', 'Wf-c', 'wf-a2']);
    expect(ids('ORDER BY TaskQueue DESC, StartTime ASC')).toEqual(['wf-b1', 'wf%_x', "o'brien", 'wf-a2', 'Wf-c', 'wf-a1', 'wf-b2']);
    expect(compileVisibilityQuery('order by CloseTime').orderBy).toBe('COALESCE(close_time, 253402300799999) ASC');
  });

  test('GROUP BY ExecutionStatus is available for counts', () => {
    expect(compileVisibilityQuery("WorkflowType = 'x' GROUP BY ExecutionStatus").groupBy).toBe('status');
  });

  test('custom search attributes by name, with or without backticks', () => {
    expect(ids("Street = '东城'")).toEqual(['Wf-c', 'wf-a1']);
    expect(ids('`Priority` >= 3')).toEqual(['wf-a1', 'wf-b1']);
    expect(ids('Priority BETWEEN 1 AND 3 ORDER BY Priority')).toEqual(['wf-a2', 'wf-a1']);
    expect(ids("Street STARTS_WITH 'o''b'")).toEqual(["o'brien"]);
    expect(ids('Street IS NULL')).toEqual(['wf%_x', 'wf-b1', 'wf-b2']);
    expect(ids('Vip = true')).toEqual(['wf-a1']);
  });

  test('declared types: KeywordList membership, Datetime and Text attributes', () => {
    const searchAttributes = { Tags: 'KeywordList', Due: 'Datetime', Note: 'Text', Priority: 'Int' } as const;
    const typed = (q: string) => listIds(db, q, { searchAttributes });
    expect(typed("Tags = 'vote'")).toEqual(['wf-a1', 'wf-b1']);
    expect(typed("Tags IN ('urgent', 'nothing')")).toEqual(['wf-a1']);
    expect(typed("Tags != 'urgent'").length).toBe(ALL_IDS.length - 1);
    expect(typed("Due < '2026-02-01T00:00:00Z'")).toEqual(['wf-b1']);
    expect(typed("Note = 'committee'")).toEqual(['wf-a2']);
    expect(() => typed("Tags > 'a'")).toThrow(/operator > is not supported for Tags/);
    expect(() => typed("Street = 'x'")).toThrow(/Street is not a search attribute registered/);
    expect(() => typed("Priority = 'high'")).toThrow(/'high' at position 11: Priority is compared with an integer/);
  });
});

describe('values reach SQLite only as parameters', () => {
  test('a quote inside a string is data, not SQL', () => {
    expect(ids("WorkflowId = 'o''brien'")).toEqual(["o'brien"]);
    expect(ids("WorkflowId = \"o'brien\"")).toEqual(["o'brien"]);
    expect(ids("WorkflowId = 'x'' OR 1=1 --'")).toEqual([]);
    expect(ids("WorkflowId = 'a\\' OR \\'1\\'=\\'1'")).toEqual([]);
    const compiled = compileVisibilityQuery("WorkflowId = 'x''); DROP TABLE executions; --'");
    expect(compiled.where).toBe('(workflow_id = ?)');
    expect(compiled.params).toEqual(["x'); DROP TABLE executions; --"]);
  });

  test('an attribute name that could break out of the JSON path is rejected', () => {
    expect(() => compileVisibilityQuery("`a'); DROP TABLE executions; --` = 'x'")).toThrow(VisibilityQueryError);
    expect(() => compileVisibilityQuery('`a"b` = 1')).toThrow(/not a valid search attribute name/);
    expect(ids('')).toEqual(ALL_IDS); // table intact
  });
});

describe('bad queries name the offending token and where it is', () => {
  const error = (query: string): VisibilityQueryError => {
    try { compileVisibilityQuery(query); } catch (e) { if (e instanceof VisibilityQueryError) return e; throw e; }
    throw new Error(`no error for ${query}`);
  };

  test.each([
    ["WorkflowType = approve", 'approve', 15, /quote strings/],
    ["WorkflowType = 'a' AND", '', 22, /expected an attribute name/],
    ["(WorkflowType = 'a'", '', 19, /closing parenthesis/],
    ["WorkflowType = 'a')", ')', 18, /unmatched closing parenthesis/],
    ["WorkflowType LIKE 'a%'", 'LIKE', 13, /use STARTS_WITH/],
    ["ExecutionStatus = 'Sleeping'", "'Sleeping'", 18, /not an ExecutionStatus/],
    ["StartTime > '2026-13-01T00:00:00Z'", "'2026-13-01T00:00:00Z'", 12, /no such date/],
    ["StartTime > 'yesterday'", "'yesterday'", 12, /RFC 3339/],
    ["workflowType = 'a'", 'workflowType', 0, /did you mean WorkflowType/],
    ["WorkflowId = 'a' LIMIT 10", 'LIMIT', 17, /LIMIT is not supported/],
    ["WorkflowId = 'unterminated", "'unterminated", 13, /unterminated string/],
    ['HistorySizeBytes > 10', 'HistorySizeBytes', 0, /not supported by the embedded service/],
    ["HistoryLength > '10'", "'10'", 16, /HistoryLength is compared with an integer/],
    ["StartTime STARTS_WITH '2026'", 'StartTime', 0, /STARTS_WITH is only supported for Keyword/],
    ['WorkflowId = 1', '1', 13, /quoted string/],
    ["WorkflowId IS 'x'", "'x'", 14, /NULL or NOT NULL/],
    ["WorkflowId = 'a' ; DROP TABLE x", ';', 17, /unexpected character/],
    ["ORDER BY StartTime GROUP BY WorkflowType", 'WorkflowType', 28, /only supported for ExecutionStatus/],
  ])('%s', (query, token, position, reason) => {
    const e = error(query);
    expect(e.token).toBe(token);
    expect(e.position).toBe(position);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`position ${position}`);
  });
});
