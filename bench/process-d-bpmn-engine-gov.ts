// gridflow's gov: BPMN extension mapped onto bpmn-engine's documented extension points (options
// `moddleOptions`, `extendFn`, `expressions`, `extensions`, `services`), so a shipped diagram runs
// on bpmn-engine unmodified. Only what process D's diagram uses is mapped; see GOV_NOT_MAPPED.
//
// Variables (gridflow keeps process variables and per-iteration locals, see workflows/engine/scope.ts):
// - process variables live in the process environment's `variables` (bpmn-engine's own place for them);
// - a multi-instance sub-process iteration runs in its own cloned environment (bpmn-engine clones one
//   per iteration); its locals (the loop's inputElement and the sub-process's gov:input targets) live
//   in that environment's `output`, which bpmn-engine hands back as the iteration's output. That is
//   what the completion condition and gov:loop outputElement then see.
import gov from '../bpmn/gov.json';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { evaluateFeel, isFeel, stripFeel } from '../bpmn/feel';

/** gov: features of vetting.bpmn with no bpmn-engine counterpart here; reported with the bench figures. */
export const GOV_NOT_MAPPED = [
  'gov:dueIn / gov:remindBefore / gov:escalation: gridflow compiles them into boundary timers that the XML does not contain; no timers run on bpmn-engine',
  'gov:form field validation and gov:candidateGroups routing to an inbox: the simulated official answers the waiting task directly',
  'gov:startVariable checks: start variables are passed as given',
];

export const GOV_NS = 'http://gridflow.dev/schema/gov/1.0';

/** A gov:activity implementation: takes the evaluated gov:input mappings, returns the result. */
export type GovService = (input: Record<string, unknown>) => unknown;

/** The part of bpmn-elements' Environment this mapping touches. */
interface EngineEnvironment {
  variables: Record<string, unknown>;
  output: Record<string, unknown>;
  assignVariables(vars: Record<string, unknown>): void;
  services: Record<string, unknown>;
}
interface ExtensionElementsHolder {
  extensionElements?: { values?: ModdleElement[] };
}
interface ActivityBehaviour extends ExtensionElementsHolder {
  activity?: string;
  resultVariable?: string;
  Service?: unknown;
  loopCharacteristics?: { behaviour?: LoopBehaviour };
}
interface LoopBehaviour extends ExtensionElementsHolder {
  collection?: string;
  elementVariable?: string;
  govOutputCollection?: string;
  govOutputElement?: string;
}
interface EngineActivity {
  id: string;
  type: string;
  isStart?: boolean;
  environment: EngineEnvironment;
  behaviour: ActivityBehaviour;
  on(event: string, handler: (api: { content: { output?: unknown } }) => void): void;
}
interface EngineContext {
  environment: EngineEnvironment;
  owner?: EngineActivity;
}
interface EngineMessage {
  content?: Record<string, unknown> & { output?: unknown };
}

/** A gov: feature that cannot be run here, or bad gov: data: names the element. */
export class GovMappingError extends Error {
  constructor(
    readonly elementId: string,
    reason: string,
  ) {
    super(`element ${elementId}: ${reason}`);
    this.name = 'GovMappingError';
  }
}

/** Parse once (like gridflow compiles a diagram once at deploy); each Engine gets the parsed context. */
export async function parseGovDiagram(xml: string): Promise<unknown> {
  const moddle = new BpmnModdle({ gov });
  const parsed = await moddle.fromXML(xml);
  const bad = parsed.warnings[0];
  if (bad) throw new GovMappingError(bad.element?.id ?? '?', `does not parse: ${bad.message}`);
  return parsed;
}

function govChildren(holder: ExtensionElementsHolder | undefined, type: string): ModdleElement[] {
  return holder?.extensionElements?.values?.filter((v) => v.$type === type) ?? [];
}

/**
 * moddle-context-serializer hook (engine option `extendFn`): bpmn-engine's loop reads
 * behaviour.collection / elementVariable (camunda style); gov keeps them in a gov:loop child.
 */
export function extendGovLoop(element: { id?: string; loopCharacteristics?: { behaviour?: LoopBehaviour } }): undefined {
  const loop = element.loopCharacteristics?.behaviour;
  if (!loop) return undefined;
  const [govLoop] = govChildren(loop, 'gov:Loop');
  if (!govLoop) throw new GovMappingError(element.id ?? '?', 'multi-instance without gov:loop');
  loop.collection = String(govLoop.inputCollection);
  loop.elementVariable = String(govLoop.inputElement);
  if (govLoop.outputCollection) loop.govOutputCollection = String(govLoop.outputCollection);
  if (govLoop.outputElement) loop.govOutputElement = String(govLoop.outputElement);
  return undefined;
}

/** Engine bookkeeping that ProcessExecution copies into a sub-process environment's variables. */
const ENGINE_KEYS = new Set(['fields', 'content', 'properties']);

/** What FEEL sees: process variables, then the iteration's locals, then a completed iteration's output. */
export function feelScope(environment: EngineEnvironment, message?: EngineMessage): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(environment.variables)) if (!ENGINE_KEYS.has(k)) scope[k] = v;
  Object.assign(scope, environment.output);
  const output = message?.content?.output;
  if (output && typeof output === 'object' && !Array.isArray(output)) Object.assign(scope, output);
  return scope;
}

/**
 * Engine option `expressions`: a value starting with '=' is FEEL, evaluated by feelin with gridflow's
 * rules (bpmn/feel.ts: an unknown variable is an error, not null); anything else is a literal (as in
 * gov:, so bpmn-engine's own `${…}` syntax is off — gov diagrams do not use it).
 */
export const govExpressions = {
  resolveExpression(expression: unknown, context: { environment: EngineEnvironment } & EngineMessage): unknown {
    if (typeof expression !== 'string' || !isFeel(expression)) return expression;
    return evaluateFeel(stripFeel(expression), feelScope(context.environment, context));
  },
  isExpression: (text: unknown) => typeof text === 'string' && isFeel(text),
  hasExpression: (text: unknown) => typeof text === 'string' && isFeel(text),
};

function evaluateInputs(holder: ExtensionElementsHolder, environment: EngineEnvironment, elementId: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const m of govChildren(holder, 'gov:Input')) {
    const target = String(m.target);
    const source = String(m.source ?? '');
    try {
      input[target] = isFeel(source) ? evaluateFeel(stripFeel(source), feelScope(environment)) : source;
    } catch (e) {
      throw new GovMappingError(elementId, `gov:input ${target}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return input;
}

/** A result lands in gov:resultVariable, else its fields become variables (as in workflows/engine/elements/tasks.ts). */
function resultVariables(behaviour: ActivityBehaviour, result: unknown): Record<string, unknown> {
  if (behaviour.resultVariable) return { [behaviour.resultVariable]: result ?? null };
  if (result !== null && typeof result === 'object' && !Array.isArray(result)) return result as Record<string, unknown>;
  return {};
}

/** Writes variables to the nearest scope holding them: the iteration's locals, else the process. */
function assign(environment: EngineEnvironment, vars: Record<string, unknown>): void {
  const toProcess: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (k in environment.output) environment.output[k] = v;
    else toProcess[k] = v;
  }
  if (Object.keys(toProcess).length > 0) environment.assignVariables(toProcess);
}

/** bpmn-elements service contract: `new Service(activity, message)`, then `execute(message, callback)`. */
function govServiceFor(activity: EngineActivity) {
  const name = activity.behaviour.activity!;
  return function GovServiceCall() {
    return {
      execute(_message: unknown, callback: (err: Error | null, output?: unknown) => void) {
        const fn = activity.environment.services[name];
        if (typeof fn !== 'function') return callback(new GovMappingError(activity.id, `gov:activity ${name} is not a registered service`));
        let result: unknown;
        try {
          result = (fn as GovService)(evaluateInputs(activity.behaviour, activity.environment, activity.id));
        } catch (e) {
          return callback(e instanceof Error ? e : new Error(String(e)));
        }
        assign(activity.environment, resultVariables(activity.behaviour, result));
        callback(null, result);
      },
    };
  };
}

const inert = { activate() {}, deactivate() {} };

/**
 * Engine option `extensions`: called for every activity instance (bpmn-elements docs/Extension.md).
 * - service/send task with gov:activity → an in-memory service fed by its gov:input mappings;
 * - the start of a multi-instance sub-process's iteration → the iteration's locals;
 * - a user task's answer (the signal payload) → variables, nearest scope first;
 * - a multi-instance sub-process's end → gov:loop outputCollection.
 */
export function govExtension(activity: EngineActivity, context: EngineContext) {
  const behaviour = activity.behaviour;
  if (behaviour.activity && (activity.type === 'bpmn:ServiceTask' || activity.type === 'bpmn:SendTask')) {
    behaviour.Service = govServiceFor(activity);
    return inert;
  }
  if (activity.type === 'bpmn:UserTask') {
    activity.on('end', (api) => {
      const answer = api.content.output;
      if (answer && typeof answer === 'object' && !Array.isArray(answer)) assign(activity.environment, answer as Record<string, unknown>);
    });
    return inert;
  }
  const owner = context.owner;
  const ownerLoop = owner?.behaviour.loopCharacteristics?.behaviour;
  if (owner && ownerLoop?.elementVariable && activity.isStart) {
    return {
      activate() {
        // the iteration's item: ProcessExecution copies the iteration's start message into variables.content
        const content = activity.environment.variables.content as Record<string, unknown> | undefined;
        const locals = activity.environment.output;
        locals[ownerLoop.elementVariable!] = content?.[ownerLoop.elementVariable!] ?? null;
        Object.assign(locals, evaluateInputs(owner.behaviour, activity.environment, owner.id));
      },
      deactivate() {},
    };
  }
  const loop = behaviour.loopCharacteristics?.behaviour;
  if (loop?.govOutputCollection) {
    activity.on('end', (api) => {
      // one entry per item, in item order; an iteration cancelled by the completion condition is null
      const outputs = Array.isArray(api.content.output) ? (api.content.output as unknown[]) : [];
      const scope = feelScope(activity.environment);
      const items = evaluateFeel(stripFeel(loop.collection!), scope);
      const length = Array.isArray(items) ? items.length : outputs.length;
      const collection = Array.from({ length }, (_, i) => {
        const locals = outputs[i];
        if (!locals || typeof locals !== 'object' || !loop.govOutputElement) return null;
        return evaluateFeel(stripFeel(loop.govOutputElement), { ...scope, ...(locals as Record<string, unknown>) });
      });
      activity.environment.assignVariables({ [loop.govOutputCollection!]: collection });
    });
  }
  return inert;
}
