import type { ElementKind } from '../../../bpmn/graph';
import type { ElementBehaviour } from './behaviour';
import { boundaryEvent, endEvent, intermediateCatchEvent, intermediateThrowEvent, startEvent } from './events';
import { eventBasedGateway, exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways';
import { serviceTask, task, userTask } from './tasks';
import { callActivity, subProcess } from './containers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const behaviours: Record<ElementKind, ElementBehaviour<any>> = {
  startEvent,
  endEvent,
  intermediateCatchEvent,
  intermediateThrowEvent,
  boundaryEvent,
  task,
  userTask,
  serviceTask,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  subProcess,
  callActivity,
};
