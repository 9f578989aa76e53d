// The browser app is type-checked by the project's one tsconfig (which targets Node); these
// references add the DOM types for server/web/ without a second program.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

// bpmn-js-properties-panel and @bpmn-io/properties-panel ship no type declarations.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: import('./gov-modeler/types').ModuleDeclaration;
  export const BpmnPropertiesProviderModule: import('./gov-modeler/types').ModuleDeclaration;
  export function useService<T = unknown>(name: string): T;
}
declare module '@bpmn-io/properties-panel' {
  type Component = (props: Record<string, unknown>) => unknown;
  export const Group: Component;
  export const ListGroup: Component;
  export const TextFieldEntry: Component;
  export const TextAreaEntry: Component;
  export const SelectEntry: Component;
  export const CheckboxEntry: Component;
  export const NumberFieldEntry: Component;
  export function isTextFieldEntryEdited(node: HTMLElement): boolean;
  export function isSelectEntryEdited(node: HTMLElement): boolean;
  export function isCheckboxEntryEdited(node: HTMLElement): boolean;
  export function isTextAreaEntryEdited(node: HTMLElement): boolean;
  export function isNumberFieldEntryEdited(node: HTMLElement): boolean;
}
declare module '@bpmn-io/properties-panel/preact/hooks' {
  export function useState<T>(initial: T): [T, (v: T) => void];
  export function useEffect(fn: () => void | (() => void), deps?: unknown[]): void;
}
