// bpmn-moddle 10 ships element types under 'bpmn-moddle/types' but none for its entry point.
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    $parent?: ModdleElement;
    $attrs?: Record<string, string>;
    /** a property by its qualified name, e.g. get('gov:assignee') for an extension attribute */
    get(name: string): unknown;
    // moddle elements carry their BPMN properties by name
    [property: string]: unknown;
  }
  export interface ParseWarning { message: string; element?: ModdleElement; property?: string; value?: unknown; error?: Error; line?: number; column?: number }
  export interface ParseResult { rootElement: ModdleElement & { rootElements: ModdleElement[] }; references: unknown[]; warnings: ParseWarning[]; elementsById: Record<string, ModdleElement> }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string | Record<string, unknown>, options?: Record<string, unknown>): Promise<ParseResult>;
    toXML(element: ModdleElement, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
    create(type: string, attrs?: Record<string, unknown>): ModdleElement;
    getType(type: string): unknown;
  }
}
