// Reading and writing gov: children of <bpmn:extensionElements> through the command stack, so
// every edit is undoable and marks the diagram dirty like any other bpmn-js change.
import type { BpmnFactory, CommandStack, DiagramElement, ModdleElement } from './types';

export interface Command {
  cmd: string;
  context: Record<string, unknown>;
}

/** The process behind a Participant; the element's own business object otherwise. */
export function relevantBusinessObject(element: DiagramElement): ModdleElement | undefined {
  const bo = element.businessObject;
  if (bo.$instanceOf('bpmn:Participant')) return bo.get('processRef') as ModdleElement | undefined;
  return bo;
}

export function extensionsOf(bo: ModdleElement | undefined, type: string): ModdleElement[] {
  const ext = bo?.get('extensionElements') as ModdleElement | undefined;
  const values = (ext?.get('values') as ModdleElement[] | undefined) ?? [];
  return values.filter((v) => v.$instanceOf(type));
}

export function create(factory: BpmnFactory, type: string, attrs: Record<string, unknown>, parent?: ModdleElement): ModdleElement {
  const el = factory.create(type, attrs);
  if (parent) el.$parent = parent;
  return el;
}

export function update(element: DiagramElement, moddleElement: ModdleElement, properties: Record<string, unknown>): Command {
  return { cmd: 'element.updateModdleProperties', context: { element, moddleElement, properties } };
}

export function run(commandStack: CommandStack, commands: Command[]): void {
  if (commands.length === 1) commandStack.execute(commands[0].cmd, commands[0].context);
  else if (commands.length) commandStack.execute('properties-panel.multi-command-executor', commands);
}

/**
 * The single gov:<type> child of `bo` (e.g. gov:Form), creating it and the extensionElements
 * container if needed. Returns the element and the commands that attach it (empty if it existed).
 */
export function ensureExtension(element: DiagramElement, bo: ModdleElement, type: string, factory: BpmnFactory): { container: ModdleElement; commands: Command[] } {
  const existing = extensionsOf(bo, type)[0];
  if (existing) return { container: existing, commands: [] };
  const commands: Command[] = [];
  let ext = bo.get('extensionElements') as ModdleElement | undefined;
  if (!ext) {
    ext = create(factory, 'bpmn:ExtensionElements', { values: [] }, bo);
    commands.push(update(element, bo, { extensionElements: ext }));
  }
  const container = create(factory, type, {}, ext);
  commands.push(update(element, ext, { values: [...((ext.get('values') as ModdleElement[]) ?? []), container] }));
  return { container, commands };
}

/** Append `item` to a many-valued property of the gov:<containerType> child, creating the container. */
export function addToExtensionList(
  element: DiagramElement,
  bo: ModdleElement,
  containerType: string | null,
  listProperty: string,
  makeItem: (parent: ModdleElement) => ModdleElement,
  factory: BpmnFactory,
  commandStack: CommandStack,
): void {
  if (containerType === null) {
    // items directly in extensionElements (gov:startVariable)
    const commands: Command[] = [];
    let ext = bo.get('extensionElements') as ModdleElement | undefined;
    if (!ext) {
      ext = create(factory, 'bpmn:ExtensionElements', { values: [] }, bo);
      commands.push(update(element, bo, { extensionElements: ext }));
    }
    const item = makeItem(ext);
    commands.push(update(element, ext, { values: [...((ext.get('values') as ModdleElement[]) ?? []), item] }));
    run(commandStack, commands);
    return;
  }
  const { container, commands } = ensureExtension(element, bo, containerType, factory);
  const item = makeItem(container);
  commands.push(update(element, container, { [listProperty]: [...((container.get(listProperty) as ModdleElement[]) ?? []), item] }));
  run(commandStack, commands);
}

/** Remove `item` from its list; drop the container when it becomes empty so the XML stays clean. */
export function removeFromExtensionList(element: DiagramElement, bo: ModdleElement, container: ModdleElement | null, listProperty: string, item: ModdleElement, commandStack: CommandStack): void {
  const ext = bo.get('extensionElements') as ModdleElement;
  if (container === null) {
    run(commandStack, [update(element, ext, { values: ((ext.get('values') as ModdleElement[]) ?? []).filter((v) => v !== item) })]);
    return;
  }
  const rest = ((container.get(listProperty) as ModdleElement[]) ?? []).filter((v) => v !== item);
  const commands = [update(element, container, { [listProperty]: rest })];
  if (!rest.length) commands.push(update(element, ext, { values: ((ext.get('values') as ModdleElement[]) ?? []).filter((v) => v !== container) }));
  run(commandStack, commands);
}
