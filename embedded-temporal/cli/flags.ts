/**
 * Every flag the service's command line understands. Besides its own, it takes the flags Temporal
 * Core passes when `TestWorkflowEnvironment` spawns an `existing-path` executable, so gridflow's
 * launcher can stand in for the Temporal CLI dev server and the Java time-skipping test server.
 *
 * Sources (read, not guessed):
 * - Core builds the dev-server command line in sdk-core `crates/sdk-core/src/ephemeral_server/mod.rs`
 *   (`TemporalDevServerConfig::start_server_with_output`): `server start-dev --port P --namespace N
 *   --ip IP --log-format F --log-level L --dynamic-config-value frontend.enableServerVersionCheck=false
 *   --dynamic-config-value frontend.enableUpdateWorkflowExecution=true --dynamic-config-value
 *   frontend.enableUpdateWorkflowExecutionAsyncAccepted=true [--db-filename F]
 *   (--ui-port U | --headless) ...extraArgs`; @temporalio/testing puts
 *   `--search-attribute Name=Type` pairs in front of extraArgs.
 * - and the test-server one (`TestServerConfig::start_server_with_output`): `PORT ...extraArgs`.
 * - `temporal server start-dev` accepts the flags below (temporalio/cli
 *   `internal/temporalcli/commands.gen.go`, NewTemporalServerStartDevCommand, plus the root
 *   command's and the hidden client flags from `cliext/flags.gen.go`); the Java test server
 *   accepts `PORT [--enable-time-skipping]` (sdk-java `TestServer.main`).
 */
export type FlagKind = 'value' | 'list' | 'bool';

export interface FlagSpec {
  kind: FlagKind;
  /** The field of the parsed arguments it sets; absent = accepted and ignored. */
  field?: 'port' | 'host' | 'dbPath' | 'namespace' | 'timeSkipping' | 'enableTimeSkipping' | 'searchAttribute' | 'logLevel' | 'logFormat' | 'help'
    | 'tlsCert' | 'tlsKey' | 'tlsClientCa' | 'apiKey';
  short?: string;
}

const ignoredValue: FlagSpec = { kind: 'value' };
const ignoredList: FlagSpec = { kind: 'list' };
const ignoredBool: FlagSpec = { kind: 'bool' };

export const FLAGS: Readonly<Record<string, FlagSpec>> = {
  // gridflow's own
  port: { kind: 'value', field: 'port', short: 'p' },
  host: { kind: 'value', field: 'host' },
  db: { kind: 'value', field: 'dbPath' },
  namespace: { kind: 'list', field: 'namespace', short: 'n' },
  'time-skipping': { kind: 'bool', field: 'timeSkipping' },
  help: { kind: 'bool', field: 'help', short: 'h' },
  // serving TLS / requiring an API key (no Temporal CLI flag has these names; Core never passes them)
  'tls-cert': { kind: 'value', field: 'tlsCert' },
  'tls-key': { kind: 'value', field: 'tlsKey' },
  'tls-client-ca': { kind: 'value', field: 'tlsClientCa' },

  // temporal server start-dev
  'db-filename': { kind: 'value', field: 'dbPath', short: 'f' },
  ip: { kind: 'value', field: 'host' },
  'search-attribute': { kind: 'list', field: 'searchAttribute' },
  'log-level': { kind: 'value', field: 'logLevel' },
  'log-format': { kind: 'value', field: 'logFormat' },
  'http-port': ignoredValue,
  'metrics-port': ignoredValue,
  'ui-port': ignoredValue,
  headless: ignoredBool,
  'ui-ip': ignoredValue,
  'ui-public-path': ignoredValue,
  'ui-asset-path': ignoredValue,
  'ui-codec-endpoint': ignoredValue,
  'ui-disable-news-fetch': ignoredBool,
  'sqlite-pragma': ignoredList,
  'dynamic-config-value': ignoredList,
  'log-config': ignoredBool,

  // the temporal root command's global flags
  env: ignoredValue,
  'env-file': ignoredValue,
  'config-file': ignoredValue,
  profile: ignoredValue,
  'disable-config-file': ignoredBool,
  'disable-config-env': ignoredBool,
  output: { kind: 'value', short: 'o' },
  'time-format': ignoredValue,
  color: ignoredValue,
  'no-json-shorthand-payloads': ignoredBool,
  'command-timeout': ignoredValue,
  'client-connect-timeout': ignoredValue,

  // client flags the CLI also registers (hidden) on `server`
  address: ignoredValue,
  'client-authority': ignoredValue,
  // a hidden client flag of the CLI's `server` command; here the key the service requires
  'api-key': { kind: 'value', field: 'apiKey' },
  'grpc-meta': ignoredList,
  tls: ignoredBool,
  'tls-cert-path': ignoredValue,
  'tls-cert-data': ignoredValue,
  'tls-key-path': ignoredValue,
  'tls-key-data': ignoredValue,
  'tls-ca-path': ignoredValue,
  'tls-ca-data': ignoredValue,
  'tls-disable-host-verification': ignoredBool,
  'tls-server-name': ignoredValue,
  'codec-endpoint': ignoredValue,
  'codec-auth': ignoredValue,
  'codec-header': ignoredList,
  identity: ignoredValue,

  // the Java test server
  'enable-time-skipping': { kind: 'bool', field: 'enableTimeSkipping' },
};

export const SHORT_FLAGS: ReadonlyMap<string, string> = new Map(
  Object.entries(FLAGS).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as [string, string]] : [])),
);
