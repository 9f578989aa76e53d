// ProcessGraph: what the compiler makes of a BPMN diagram and what the interpreter walks.
// It is plain JSON (no classes, no moddle objects) so it can travel through an activity result
// into workflow history, be hashed, stored in SQLite and replayed byte for byte.
// Expressions are FEEL source strings; the compiler has checked that each one parses.

export const GRAPH_SCHEMA_VERSION = 1;

/** A FEEL expression's source text (without the leading '=' some modelers write). */
export type Feel = string;
/** An ISO 8601 duration (P5D, PT2H), date-time, or repeating interval (R3/PT1H). */
export type IsoTime = string;
// Where a field is `IsoTime | Feel` (timer values, dueIn, remindBefore, escalation `after`), a FEEL
// expression KEEPS its leading '=' so the two can be told apart: isFeel(value) from bpmn/feel.ts.
// Fields typed plain `Feel` never carry the '='.

export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task' // a BPMN none/manual task: passes straight through
  | 'userTask'
  | 'serviceTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity';

export type TimerDefinition =
  | { kind: 'duration'; value: IsoTime | Feel }
  | { kind: 'date'; value: IsoTime | Feel }
  | { kind: 'cycle'; value: IsoTime | Feel };

export type EventDefinition =
  | { type: 'none' }
  | { type: 'timer'; timer: TimerDefinition }
  /**
   * correlationKey: FEEL evaluated when the catch is entered; the message must carry the same key.
   * variables: the names a delivered message may set (gov:subscription variables); none when absent.
   */
  | { type: 'message'; messageName: string; correlationKey?: Feel; variables?: string[] }
  /** errorCode absent on a boundary = catch every error. */
  | { type: 'error'; errorCode?: string }
  | { type: 'escalation'; escalationCode?: string }
  | { type: 'terminate' };

export interface MultiInstance {
  sequential: boolean;
  /** FEEL yielding a list; one instance per item. */
  inputCollection: Feel;
  /** variable name each instance sees its item under. */
  inputElement: string;
  /** variable collecting each instance's outputElement, in item order. */
  outputCollection?: string;
  outputElement?: Feel;
  /**
   * FEEL over the instance's variables plus numberOfInstances, numberOfCompletedInstances,
   * numberOfActiveInstances; when true the remaining instances are cancelled (Zeebe semantics):
   * the one-vote veto of process D.
   */
  completionCondition?: Feel;
}

export interface VariableMapping {
  /** target variable name */
  target: string;
  /** FEEL over the source scope */
  source: Feel;
}

export interface FormField {
  id: string;
  label: string;
  /**
   * official: a username; unit: a unit code (both checked against the org when the form is
   * submitted); table: a list of rows with typed `columns`; attachment: a list of uploaded attachment ids
   */
  type: 'string' | 'text' | 'number' | 'boolean' | 'enum' | 'date' | 'official' | 'unit' | 'table' | 'attachment';
  required: boolean;
  /** a unit field: the unit kinds it accepts (absent = any kind) */
  unitKinds?: string[];
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  /** table only */
  columns?: FormColumn[];
  /** table only: fewest rows a non-empty submission may have */
  minRows?: number;
  /** required only when another field of the same form has this value, e.g. decision=confirm */
  requiredWhen?: { field: string; value: string };
  /** name of a process variable the form starts with (e.g. the engine's proposal to edit) */
  prefill?: string;
}

/** One typed column of a table field; a row is an object keyed by column ids. */
export interface FormColumn {
  id: string;
  label: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  required: boolean;
  min?: number;
  max?: number;
}

/** One level of a gov:escalation chain: who is told, after how long past the deadline. */
export interface EscalationLevel {
  /** org level or group identifier, e.g. 'street', 'district', 'city', 'department-head' */
  level: string;
  /** grace period after the previous step (the deadline for the first level) */
  after: IsoTime;
  /** FEEL list of identity strings told at this level; absent = ["level:<level>:secretary"] */
  recipients?: Feel;
}

interface ElementBase {
  id: string;
  name?: string;
  kind: ElementKind;
  /** id of the enclosing subProcess; absent at process level */
  parentId?: string;
  incoming: string[];
  outgoing: string[];
  /** boundary events attached to this activity */
  boundaryIds?: string[];
  multiInstance?: MultiInstance;
  inputs?: VariableMapping[];
  outputs?: VariableMapping[];
  /** true for elements the compiler made from gov: attributes (reminders, escalation paths) */
  generated?: boolean;
  /** for generated elements: the drawn element they belong to, so the UI draws them there */
  generatedFor?: string;
  documentation?: string;
}

export interface StartEvent extends ElementBase { kind: 'startEvent'; event: EventDefinition }
export interface EndEvent extends ElementBase { kind: 'endEvent'; event: EventDefinition }
export interface IntermediateCatchEvent extends ElementBase { kind: 'intermediateCatchEvent'; event: EventDefinition }
export interface IntermediateThrowEvent extends ElementBase { kind: 'intermediateThrowEvent'; event: EventDefinition }
export interface BoundaryEvent extends ElementBase {
  kind: 'boundaryEvent';
  attachedTo: string;
  /** false = non-interrupting: the activity goes on and a new token leaves the boundary */
  cancelActivity: boolean;
  event: EventDefinition;
  /**
   * Set on the deadline boundaries the compiler generates for a multi-instance activity: the deadline
   * (gov:dueIn) belongs to each instance (each department's review has its own 5 days), so the timer
   * is started per instance and its FEEL (timer, recipients) sees the instance's variables, e.g. the
   * inputElement `department`. Absent: BPMN's usual boundary on the whole multi-instance body.
   */
  perInstance?: boolean;
}
export interface PlainTask extends ElementBase { kind: 'task' }
export interface UserTask extends ElementBase {
  kind: 'userTask';
  /** FEEL yielding one identity string (e.g. "official:zhang-wei") */
  assignee?: Feel;
  /** FEEL yielding a list of group identity strings (e.g. ["dept:public-security:vetting"]) */
  candidateGroups?: Feel;
  /** deadline relative to activation, ISO duration or FEEL; expanded into a boundary timer */
  dueIn?: IsoTime | Feel;
  remindBefore?: IsoTime;
  escalation?: EscalationLevel[];
  formFields: FormField[];
  /**
   * Separation of duties (four eyes): ids of user tasks of the same instance whose completers may
   * not complete (or claim) this one, e.g. acceptance not by whoever led the work.
   */
  notDoneBy?: string[];
}
export interface ServiceTask extends ElementBase {
  kind: 'serviceTask';
  /** name of a registered activity (the compiler checks it against the registry it is given) */
  activity: string;
  /** activity input: variable name → FEEL */
  input: VariableMapping[];
  /** variable the activity's result is stored under (merged into scope if absent and result is an object) */
  resultVariable?: string;
  retries?: number;
}
export interface Gateway extends ElementBase {
  kind: 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway';
  defaultFlow?: string;
}
export interface SubProcess extends ElementBase {
  kind: 'subProcess';
  /** ids of the start events directly inside */
  startIds: string[];
}
export interface CallActivity extends ElementBase {
  kind: 'callActivity';
  /** process key of the called process; the latest deployed version is used when the child starts */
  calledProcessKey: string;
  /** when true (default) all variables are passed down and none by name are required */
  propagateAllVariables: boolean;
}

export type GraphElement =
  | StartEvent
  | EndEvent
  | IntermediateCatchEvent
  | IntermediateThrowEvent
  | BoundaryEvent
  | PlainTask
  | UserTask
  | ServiceTask
  | Gateway
  | SubProcess
  | CallActivity;

export interface SequenceFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  condition?: Feel;
  /** true for flows the compiler made (deadline expansion), like GraphElement.generated */
  generated?: boolean;
}

export interface StartVariable {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'list' | 'context' | 'date';
  required: boolean;
  description?: string;
  /** the value picks org units (a code, or a list of codes) of one of these kinds */
  unitKinds?: string[];
  /** 'starter' (default with unitKinds): each picked unit lies in the starting official's units; 'org': anywhere in the org */
  unitScope?: 'starter' | 'org';
  /** who may set it (a value other than null or empty): rights as in ProcessGraph.startableBy; absent = whoever starts */
  setBy?: string[];
}

export interface ProcessGraph {
  schema: typeof GRAPH_SCHEMA_VERSION;
  /** the BPMN process id: the process key deployments are versioned under */
  processKey: string;
  name: string;
  /** every element, nested ones included, by id */
  elements: Record<string, GraphElement>;
  flows: Record<string, SequenceFlow>;
  /** start events at process level */
  startIds: string[];
  /** documented start variables (gov:startVariable): the only variables a start may set */
  startVariables: StartVariable[];
  /**
   * gov:startableBy: who may start an instance besides admins, each "<member role>@<unit kind>"
   * ("*" for any role or kind), e.g. "coordinator@city". Absent: any official, about their own units.
   */
  startableBy?: string[];
}
