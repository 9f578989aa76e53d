import { readFileSync } from 'node:fs';
import { parseServiceArgs, ServiceArgsError } from '../../embedded-temporal/cli/args';

// The command lines Temporal Core builds when TestWorkflowEnvironment spawns an `existing-path`
// executable (sdk-core crates/sdk-core/src/ephemeral_server/mod.rs, as vendored in core-bridge).
const devServerArgv = (extra: string[] = []) => [
  'server', 'start-dev', '--port', '41234', '--namespace', 'default', '--ip', '127.0.0.1',
  '--log-format', 'pretty', '--log-level', 'warn',
  '--dynamic-config-value', 'frontend.enableServerVersionCheck=false',
  '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
  '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  ...extra,
];

describe('gridflow form', () => {
  test('defaults: port 7233 on loopback, the data/ file, namespace default, real time', () => {
    expect(parseServiceArgs([])).toMatchObject({
      form: 'gridflow', port: 7233, host: '127.0.0.1', dbPath: 'data/temporal.db', namespace: 'default', timeSkipping: false,
    });
  });

  test('our flags, in both --flag value and --flag=value spellings', () => {
    expect(parseServiceArgs(['--port', '7244', '--db', './data/t.db', '--host', '0.0.0.0', '--namespace', 'gov', '--time-skipping']))
      .toMatchObject({ port: 7244, dbPath: './data/t.db', host: '0.0.0.0', namespace: 'gov', namespaces: ['default', 'gov'], timeSkipping: true });
    expect(parseServiceArgs(['--port=0', '--db=:memory:', '-n', 'x', '--time-skipping=false']))
      .toMatchObject({ port: 0, dbPath: ':memory:', namespace: 'x', timeSkipping: false });
    expect(parseServiceArgs(['-p7300']).port).toBe(7300);
    expect(parseServiceArgs(['--help']).help).toBe(true);
  });
});

describe('dev-server form (what Core passes as `temporal server start-dev`)', () => {
  test('headless, no db file: served from memory on the port and ip Core chose', () => {
    const args = parseServiceArgs(devServerArgv(['--headless']));
    expect(args).toMatchObject({
      form: 'dev-server', port: 41234, host: '127.0.0.1', dbPath: ':memory:', namespace: 'default',
      timeSkipping: false, logFormat: 'pretty', logLevel: 'warn',
    });
  });

  test('with a db file, a UI port and @temporalio/testing search attributes in front of extra args', () => {
    const args = parseServiceArgs(devServerArgv([
      '--db-filename', '/tmp/x.db', '--ui-port', '42234',
      '--search-attribute', 'Street=Keyword', '--search-attribute', 'Tags=KeywordList', '--sqlite-pragma', 'journal_mode=wal',
    ]));
    expect(args.dbPath).toBe('/tmp/x.db');
    expect(args.searchAttributes).toEqual({ Street: 'Keyword', Tags: 'KeywordList' });
  });

  test('a custom namespace is served, and default is created too', () => {
    const args = parseServiceArgs(['server', 'start-dev', '--port', '1', '--namespace', 'gov', '--headless']);
    expect(args.namespace).toBe('gov');
    expect(args.namespaces).toEqual(['default', 'gov']);
  });

  test('every flag Core itself writes is understood (read from the vendored Core source)', () => {
    const source = readFileSync(require.resolve('@temporalio/core-bridge/sdk-core/crates/sdk-core/src/ephemeral_server/mod.rs'), 'utf8');
    const flags = [...new Set([...source.matchAll(/"(--[a-z-]+)"\.to_owned\(\)/g)].map((m) => m[1]))];
    expect(flags).toEqual(expect.arrayContaining(['--port', '--namespace', '--ip', '--db-filename', '--headless', '--ui-port']));
    const valueless = new Set(['--headless']);
    const argv = ['server', 'start-dev', ...flags.flatMap((f) => (valueless.has(f) ? [f] : [f, f === '--port' || f === '--ui-port' ? '5000' : 'v']))];
    expect(() => parseServiceArgs(argv)).not.toThrow();
  });

  test('the other start-dev, global and client flags are accepted and ignored', () => {
    const args = parseServiceArgs(devServerArgv([
      '-f', 'state.db', '--http-port', '0', '--metrics-port', '0', '--ui-ip', '0.0.0.0', '--ui-public-path', '/ui',
      '--ui-asset-path', 'a', '--ui-codec-endpoint', 'http://x', '--ui-disable-news-fetch', '--log-config',
      '--env', 'prod', '--color', 'never', '-o', 'json', '--time-format', 'iso', '--tls=false', '--address', 'x:1',
      '--identity', 'me', '--grpc-meta', 'a=b', '--codec-header', 'h=v', '--disable-config-file',
    ]));
    expect(args).toMatchObject({ dbPath: 'state.db', port: 41234, host: '127.0.0.1' });
  });
});

describe('test-server form (what Core passes to the time-skipping test server)', () => {
  test('the port as the one positional argument turns time skipping on, locked until a client unlocks it', () => {
    expect(parseServiceArgs(['43111'])).toMatchObject({
      form: 'test-server', port: 43111, host: '127.0.0.1', dbPath: ':memory:', namespace: 'default',
      timeSkipping: true, timeSkippingUnlocked: false,
    });
  });

  test('extra args after the port, such as the Java server\'s --enable-time-skipping', () => {
    expect(parseServiceArgs(['43111', '--enable-time-skipping'])).toMatchObject({ port: 43111, timeSkipping: true, timeSkippingUnlocked: true });
    expect(parseServiceArgs(['43111', '--db', '/tmp/ts.db', '--search-attribute', 'N=Int']))
      .toMatchObject({ dbPath: '/tmp/ts.db', searchAttributes: { N: 'Int' } });
  });
});

describe('bad command lines say what is wrong', () => {
  test.each([
    [['--bogus'], /unknown flag '--bogus'/],
    [['-z'], /unknown flag '-z'/],
    [['--port'], /'--port' needs a value/],
    [['--port', 'seventy'], /'seventy' is not a port number/],
    [['99999'], /'99999' is not a port number/],
    [['server', 'start'], /only 'server start-dev' is supported/],
    [['server', 'start-dev', 'extra'], /unexpected argument 'extra'/],
    [['--headless=maybe'], /takes no value or true\/false/],
    [['--search-attribute', 'Street'], /expected Name=Type/],
    [['--search-attribute', 'Street=Varchar'], /type must be one of Keyword, Text/],
    [['--db', ''], /cannot be empty/],
  ])('%j', (argv, message) => {
    expect(() => parseServiceArgs(argv)).toThrow(ServiceArgsError);
    expect(() => parseServiceArgs(argv)).toThrow(message);
  });
});
