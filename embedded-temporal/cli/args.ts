import type { SearchAttributeType } from '../visibility/attributes';
import { FLAGS, SHORT_FLAGS, type FlagSpec } from './flags';

const SEARCH_ATTRIBUTE_TYPES: readonly SearchAttributeType[] = ['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'];

/** Which command line we were given: ours, the Temporal CLI dev server's, or the test server's. */
export type ServiceArgsForm = 'gridflow' | 'dev-server' | 'test-server';

export interface ServiceArgs {
  port: number;
  host: string;
  dbPath: string;
  /** The namespace the service serves (the first one named, else 'default'). */
  namespace: string;
  timeSkipping: boolean;
  form: ServiceArgsForm;
  /** Every namespace to create at start: 'default' plus any named (the dev server always creates 'default'). */
  namespaces: string[];
  /** `--search-attribute Name=Type` registrations. */
  searchAttributes: Record<string, SearchAttributeType>;
  /**
   * The Java test server starts with time skipping locked (clients unlock it around waits) unless
   * given `--enable-time-skipping`; true here means "unlocked from the start".
   */
  timeSkippingUnlocked: boolean;
  logLevel?: string;
  logFormat?: string;
  help: boolean;
  /** `--tls-cert F --tls-key F [--tls-client-ca F]`: PEM files to serve TLS (mutual with a client CA) */
  tls?: { certPath: string; keyPath: string; clientCaPath?: string };
  /** `--api-key K`: every call must carry `authorization: Bearer K` */
  apiKey?: string;
}

export class ServiceArgsError extends Error {
  override readonly name = 'ServiceArgsError';
}

export const SERVICE_USAGE = `Usage:
  gridflow-temporal [--port 7233] [--host 127.0.0.1] [--db ./data/temporal.db] [--namespace default] [--time-skipping]
  gridflow-temporal server start-dev [--port N] [--ip IP] [--db-filename F] [--namespace NS] ...   (as the Temporal CLI dev server)
  gridflow-temporal PORT [--enable-time-skipping]                                            (as the Temporal test server)
--port 0 picks a free port. --db :memory: keeps nothing.
Security (any form): --tls-cert server.pem --tls-key server.key [--tls-client-ca ca.pem (clients need a
certificate: mutual TLS)] [--api-key KEY, or env TEMPORAL_SERVICE_API_KEY (calls need "authorization: Bearer KEY")].`;

const DEFAULTS: Record<ServiceArgsForm, { port: number; dbPath: string; timeSkipping: boolean }> = {
  gridflow: { port: 7233, dbPath: 'data/temporal.db', timeSkipping: false },
  // The dev server loses everything on exit unless given --db-filename; so do we.
  'dev-server': { port: 7233, dbPath: ':memory:', timeSkipping: false },
  'test-server': { port: 0, dbPath: ':memory:', timeSkipping: true },
};

/**
 * Parses the service's command line in any of its three forms (see SERVICE_USAGE), with the
 * GNU/pflag conventions the Temporal CLI uses: `--flag value`, `--flag=value`, `-p 7233`,
 * `-p7233`, booleans as `--flag` or `--flag=false`, `--` ending the flags.
 */
export function parseServiceArgs(argv: string[]): ServiceArgs {
  let rest = argv;
  let form: ServiceArgsForm = 'gridflow';
  let positionalPort: number | undefined;
  if (argv[0] === 'server' && argv[1] === 'start-dev') {
    form = 'dev-server';
    rest = argv.slice(2);
  } else if (argv[0] === 'server') {
    throw new ServiceArgsError(`unknown command 'server ${argv[1] ?? ''}': only 'server start-dev' is supported\n${SERVICE_USAGE}`);
  } else if (argv[0] !== undefined && /^\d+$/.test(argv[0])) {
    form = 'test-server';
    positionalPort = parsePort(argv[0], 'port argument');
    rest = argv.slice(1);
  }

  const values = collectFlags(rest);
  const defaults = DEFAULTS[form];
  const named = values.get('namespace') ?? [];
  const searchAttributes: Record<string, SearchAttributeType> = {};
  for (const pair of values.get('searchAttribute') ?? []) {
    const [name, type] = parseSearchAttribute(pair);
    searchAttributes[name] = type;
  }
  const portValue = last(values.get('port'));
  const enableTimeSkipping = flagTrue(values.get('enableTimeSkipping'));
  const tlsCert = nonEmpty(last(values.get('tlsCert')), '--tls-cert');
  const tlsKey = nonEmpty(last(values.get('tlsKey')), '--tls-key');
  const tlsClientCa = nonEmpty(last(values.get('tlsClientCa')), '--tls-client-ca');
  if (tlsCert !== undefined && tlsKey === undefined) throw new ServiceArgsError('--tls-cert needs --tls-key (the private key of that certificate)');
  if (tlsKey !== undefined && tlsCert === undefined) throw new ServiceArgsError('--tls-key needs --tls-cert (the certificate of that key)');
  if (tlsClientCa !== undefined && tlsCert === undefined) throw new ServiceArgsError('--tls-client-ca needs --tls-cert and --tls-key: client certificates are checked only over TLS');
  const apiKey = nonEmpty(last(values.get('apiKey')), '--api-key');
  return {
    port: portValue !== undefined ? parsePort(portValue, '--port') : positionalPort ?? defaults.port,
    host: nonEmpty(last(values.get('host')), '--host/--ip') ?? '127.0.0.1',
    dbPath: nonEmpty(last(values.get('dbPath')), '--db/--db-filename') ?? defaults.dbPath,
    namespace: named[0] ?? 'default',
    namespaces: [...new Set(['default', ...named])],
    timeSkipping: defaults.timeSkipping || flagTrue(values.get('timeSkipping')) || enableTimeSkipping,
    timeSkippingUnlocked: enableTimeSkipping,
    searchAttributes,
    logLevel: last(values.get('logLevel')),
    logFormat: last(values.get('logFormat')),
    help: flagTrue(values.get('help')),
    form,
    ...(tlsCert !== undefined && tlsKey !== undefined ? { tls: { certPath: tlsCert, keyPath: tlsKey, ...(tlsClientCa !== undefined ? { clientCaPath: tlsClientCa } : {}) } } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
  };
}

/** Walks the flags, returning each field's values in order. Ignored flags are consumed and dropped. */
function collectFlags(args: string[]): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const record = (spec: FlagSpec, value: string) => {
    if (!spec.field) return;
    values.set(spec.field, [...(values.get(spec.field) ?? []), value]);
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--') {
      if (i + 1 < args.length) throw new ServiceArgsError(`unexpected argument '${args[i + 1]}'\n${SERVICE_USAGE}`);
      break;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const long = SHORT_FLAGS.get(arg[1]);
      if (!long) throw new ServiceArgsError(`unknown flag '${arg.slice(0, 2)}'\n${SERVICE_USAGE}`);
      name = long;
      const tail = arg.slice(2);
      inline = tail === '' ? undefined : tail.startsWith('=') ? tail.slice(1) : tail;
    } else {
      throw new ServiceArgsError(`unexpected argument '${arg}'\n${SERVICE_USAGE}`);
    }
    const spec = FLAGS[name];
    if (!spec) throw new ServiceArgsError(`unknown flag '--${name}'\n${SERVICE_USAGE}`);
    if (spec.kind === 'bool') {
      if (inline !== undefined && !/^(true|false|1|0)$/i.test(inline)) {
        throw new ServiceArgsError(`flag '--${name}' takes no value or true/false, not '${inline}'`);
      }
      record(spec, inline ?? 'true');
      continue;
    }
    if (inline === undefined) {
      if (i + 1 >= args.length) throw new ServiceArgsError(`flag '--${name}' needs a value`);
      i += 1;
      inline = args[i];
    }
    record(spec, inline);
  }
  return values;
}

function parsePort(text: string, what: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new ServiceArgsError(`${what}: '${text}' is not a port number (0-65535)`);
  return port;
}

function parseSearchAttribute(pair: string): [string, SearchAttributeType] {
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq);
  const type = pair.slice(eq + 1);
  if (eq <= 0 || !/^[\p{L}_][\p{L}\p{N}_-]*$/u.test(name)) {
    throw new ServiceArgsError(`--search-attribute '${pair}': expected Name=Type`);
  }
  const known = SEARCH_ATTRIBUTE_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
  if (!known) throw new ServiceArgsError(`--search-attribute '${pair}': type must be one of ${SEARCH_ATTRIBUTE_TYPES.join(', ')}`);
  return [name, known];
}

function last(list: string[] | undefined): string | undefined {
  return list?.[list.length - 1];
}

function nonEmpty(value: string | undefined, what: string): string | undefined {
  if (value === '') throw new ServiceArgsError(`${what} cannot be empty`);
  return value;
}

function flagTrue(list: string[] | undefined): boolean {
  const value = last(list);
  return value !== undefined && /^(true|1)$/i.test(value);
}
