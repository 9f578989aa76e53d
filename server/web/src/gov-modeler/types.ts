// The few bpmn-js / diagram-js shapes the gov-modeler module touches, typed narrowly.
export type ModuleDeclaration = {
  __depends__?: ModuleDeclaration[];
  __init__?: string[];
  [service: string]: unknown;
};

export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  id?: string;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  $instanceOf(type: string): boolean;
  [property: string]: unknown;
}

export interface DiagramElement {
  id: string;
  type: string;
  businessObject: ModdleElement;
  labelTarget?: DiagramElement;
}

export interface EventBus {
  on(event: string, fn: (e: Record<string, unknown>) => unknown): void;
  on(event: string, priority: number, fn: (e: Record<string, unknown>) => unknown): void;
  off(event: string, fn: (e: Record<string, unknown>) => unknown): void;
  fire(event: string, data?: Record<string, unknown>): unknown;
}

export interface Injector {
  get<T = unknown>(name: string, strict?: boolean): T;
}

export interface CommandStack {
  execute(command: string, context: unknown): void;
}

export interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
}

export interface Canvas {
  addMarker(element: DiagramElement | string, marker: string): void;
  removeMarker(element: DiagramElement | string, marker: string): void;
  getRootElement(): DiagramElement;
  zoom(level?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
}

export interface Overlays {
  add(element: DiagramElement | string, type: string, overlay: { position: Record<string, number>; html: HTMLElement; show?: unknown }): string;
  remove(filter: { type?: string; element?: DiagramElement | string } | string): void;
}

export interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
  getAll(): DiagramElement[];
  filter(fn: (e: DiagramElement) => boolean): DiagramElement[];
}

export type Translate = (template: string, replacements?: Record<string, string>) => string;

/** What the Governance pickers offer; the host says where it comes from (config.govModeler.org). */
export interface OrgUnitOption {
  code: string;
  name: string;
  kind?: string;
}
export interface OfficialOption {
  username: string;
  displayName: string;
  unit?: string | null;
}
export interface OrgSource {
  units(): Promise<OrgUnitOption[]>;
  officials(): Promise<OfficialOption[]>;
}

export interface GovModelerConfig {
  /** where the assignee and candidate-group pickers get their choices; default: GET /api/org/units and /api/org/officials */
  org?: OrgSource;
  /** names of the registered service activities, offered for gov:activity */
  activities?: string[];
}

/** A compiler problem, as the server's 422 (or the bpmn/ compiler) reports it. */
export interface GovProblem {
  elementId: string | null;
  message: string;
}
