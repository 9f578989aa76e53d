// Event definitions (timer, message, error, escalation, terminate) of start, end, intermediate and
// boundary events, checked against what each kind of event supports here.
import type { ModdleElement } from 'bpmn-moddle';
import { readTime } from './feel-fields';
import { messageVariablesOf, readCorrelationKey } from './gov-extensions';
import { readMessageVariables } from './start-rights';
import type { EventDefinition, TimerDefinition } from './graph';
import type { ProblemList } from './problems';

const DEFINITION_TYPES: Record<string, EventDefinition['type']> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:TerminateEventDefinition': 'terminate',
};

/** "a start event", "an end event", "an intermediate ..." */
function a(role: EventRole): string {
  return /^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`;
}

export type EventRole = 'start event' | 'end event' | 'intermediate catch event' | 'intermediate throw event' | 'boundary event';

/** The one event definition of `el`, if its kind is allowed for the role; undefined after a problem. */
export function readEventDefinition(
  problems: ProblemList,
  el: ModdleElement,
  role: EventRole,
  allowed: readonly EventDefinition['type'][],
): EventDefinition | undefined {
  const id = el.id ?? '';
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (defs.length > 1) {
    problems.add(id, `${a(role)} with more than one event definition is not supported`);
    return undefined;
  }
  if (defs.length === 0) {
    if (allowed.includes('none')) return { type: 'none' };
    problems.add(id, `${a(role)} needs an event definition (${allowed.join(' or ')})`);
    return undefined;
  }
  const def = defs[0];
  const type = DEFINITION_TYPES[def.$type];
  if (type === undefined || !allowed.includes(type)) {
    problems.add(id, `${def.$type} is not supported on ${a(role)}`);
    return undefined;
  }
  switch (type) {
    case 'timer': {
      const timer = readTimer(problems, id, def);
      return timer && { type, timer };
    }
    case 'message':
      return readMessage(problems, id, def);
    case 'error': {
      const ref = def.errorRef as ModdleElement | undefined;
      const code = typeof ref?.errorCode === 'string' && ref.errorCode !== '' ? ref.errorCode : undefined;
      // a boundary without a code catches every error; a thrown error must say which one it is
      if (role === 'end event' && code === undefined) {
        problems.add(id, 'an error end event needs an errorRef to a bpmn:error with an errorCode');
        return undefined;
      }
      return code === undefined ? { type } : { type, errorCode: code };
    }
    case 'escalation': {
      const ref = def.escalationRef as ModdleElement | undefined;
      const code = typeof ref?.escalationCode === 'string' && ref.escalationCode !== '' ? ref.escalationCode : undefined;
      if (role !== 'boundary event' && code === undefined) {
        problems.add(id, `an escalation ${role} needs an escalationRef to a bpmn:escalation with an escalationCode`);
        return undefined;
      }
      return code === undefined ? { type } : { type, escalationCode: code };
    }
    default:
      return { type };
  }
}

function readTimer(problems: ProblemList, id: string, def: ModdleElement): TimerDefinition | undefined {
  const given = (['timeDuration', 'timeDate', 'timeCycle'] as const).filter((k) => def[k] !== undefined);
  if (given.length !== 1) {
    problems.add(id, 'a timer needs exactly one of timeDuration, timeDate or timeCycle');
    return undefined;
  }
  const kind = ({ timeDuration: 'duration', timeDate: 'date', timeCycle: 'cycle' } as const)[given[0]];
  const body = (def[given[0]] as ModdleElement).body;
  if (typeof body !== 'string' || body.trim() === '') {
    problems.add(id, `${given[0]} is empty`);
    return undefined;
  }
  const value = readTime(problems, id, given[0], body, kind);
  return value === undefined ? undefined : { kind, value };
}

function readMessage(problems: ProblemList, id: string, def: ModdleElement): EventDefinition | undefined {
  const message = def.messageRef as ModdleElement | undefined;
  if (!message) {
    problems.add(id, 'a message event needs a messageRef to a bpmn:message');
    return undefined;
  }
  const name = typeof message.name === 'string' ? message.name.trim() : '';
  if (name === '') {
    problems.add(message.id ?? id, 'a bpmn:message needs a name (messages are correlated by name)');
    return undefined;
  }
  const correlationKey = readCorrelationKey(problems, id, message);
  const variables = readMessageVariables(problems, id, messageVariablesOf(message));
  return {
    type: 'message',
    messageName: name,
    ...(correlationKey === undefined ? {} : { correlationKey }),
    ...(variables === undefined ? {} : { variables }),
  };
}
