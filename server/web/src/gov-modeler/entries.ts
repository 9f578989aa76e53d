// Properties-panel entry components of the Governance group. They are module-level functions
// parameterised by props (not closures made per render), so preact keeps each input mounted and
// focused while the user types.
import {
  CheckboxEntry,
  SelectEntry,
  TextFieldEntry,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';
import { useEffect, useState } from '@bpmn-io/properties-panel/preact/hooks';
import type { CommandStack, DiagramElement, ModdleElement, Translate, BpmnFactory } from './types';
import type { GovOrgDirectory } from './org-directory';
import { ORG_ROLES } from './org-directory';
import { formatOptions, isDurationOrFeel, isIdentifier, isRetryCount, parseOptions, parseUnitGroup, unitGroupExpression } from './validate';
import { create, update, run } from './extension-elements';

type Check = 'duration' | 'identifier' | 'retries';

interface EntryProps {
  element: DiagramElement;
  id: string;
  label: string;
  description?: string;
  check?: Check;
}

interface Modeling {
  updateProperties(element: DiagramElement, props: Record<string, unknown>): void;
}

// Stable validator functions (the panel re-runs validation when the function identity changes).
const validators: Record<Check, (translate: Translate) => (value: string) => string | null> = {
  duration: (translate) => (value) => (isDurationOrFeel(value) ? null : translate('Not a duration: write P5D, PT4H or a FEEL expression starting with =')),
  identifier: (translate) => (value) => (isIdentifier(value) ? null : translate('Not a valid identifier')),
  retries: (translate) => (value) => (isRetryCount(value) ? null : translate('Must be a whole number ≥ 0')),
};
const validatorCache = new Map<string, (value: string) => string | null>();
function validatorFor(check: Check | undefined, translate: Translate): ((value: string) => string | null) | undefined {
  if (!check) return undefined;
  let fn = validatorCache.get(check);
  if (!fn) {
    fn = validators[check](translate);
    validatorCache.set(check, fn);
  }
  return fn;
}

/** The org directory, re-rendering the calling entry once its data has arrived. */
function useOrgDirectory(): GovOrgDirectory {
  const org = useService<GovOrgDirectory>('govOrgDirectory');
  const [, setState] = useState(org.state);
  useEffect(() => {
    let live = true;
    if (org.state === 'loading') void org.ready.then(() => live && setState(org.state));
    return () => {
      live = false;
    };
  }, [org]);
  return org;
}

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** A gov: attribute on the element itself, e.g. gov:dueIn. */
export function AttrTextEntry(props: EntryProps & { attr: string }) {
  const { element, id, label, description, attr, check } = props;
  const modeling = useService<Modeling>('modeling');
  const translate = useService<Translate>('translate');
  const debounce = useService<unknown>('debounceInput');
  return TextFieldEntry({
    element,
    id,
    label: translate(label),
    description: description ? translate(description) : undefined,
    getValue: () => (element.businessObject.get(attr) as string | undefined) ?? '',
    setValue: (value: string, error?: string | null) => {
      if (error) return;
      modeling.updateProperties(element, { [attr]: emptyToUndefined(value?.trim()) });
    },
    debounce,
    validate: validatorFor(check, translate),
  });
}

/** gov:activity chosen from the registry the host configured. */
export function ActivitySelectEntry(props: EntryProps & { activities: string[] }) {
  const { element, id, label, activities } = props;
  const modeling = useService<Modeling>('modeling');
  const translate = useService<Translate>('translate');
  return SelectEntry({
    element,
    id,
    label: translate(label),
    getValue: () => (element.businessObject.get('gov:activity') as string | undefined) ?? '',
    setValue: (value: string) => modeling.updateProperties(element, { 'gov:activity': emptyToUndefined(value) }),
    getOptions: () => [{ value: '', label: translate('<none>') }, ...activities.map((a) => ({ value: a, label: a }))],
  });
}

/** Pick an official as gov:assignee (the literal identity string official:<username>). */
export function AssigneePickerEntry(props: EntryProps) {
  const { element, id, label } = props;
  const modeling = useService<Modeling>('modeling');
  const translate = useService<Translate>('translate');
  const org = useOrgDirectory();
  const current = (element.businessObject.get('gov:assignee') as string | undefined) ?? '';
  const options = org.officials.map((o) => ({ value: `official:${o.username}`, label: `${o.displayName} (${o.username})` }));
  const known = options.some((o) => o.value === current);
  return SelectEntry({
    element,
    id,
    label: translate(label),
    getValue: () => (known ? current : ''),
    setValue: (value: string) => {
      if (value) modeling.updateProperties(element, { 'gov:assignee': value });
    },
    getOptions: () => [
      { value: '', label: org.state === 'loading' ? translate('Loading organisation…') : current ? translate('Custom expression') : translate('<none>') },
      ...options,
    ],
  });
}

/** Candidate group "unit:<code>:<role>" built from a unit picker and a role picker. */
export function CandidateGroupPartEntry(props: EntryProps & { part: 'unit' | 'role' }) {
  const { element, id, label, part } = props;
  const modeling = useService<Modeling>('modeling');
  const translate = useService<Translate>('translate');
  const org = useOrgDirectory();
  const current = (element.businessObject.get('gov:candidateGroups') as string | undefined) ?? '';
  const parsed = parseUnitGroup(current);
  const options =
    part === 'unit'
      ? org.units.map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))
      : ORG_ROLES.map((r) => ({ value: r, label: r }));
  return SelectEntry({
    element,
    id,
    label: translate(label),
    getValue: () => (parsed ? parsed[part] : ''),
    setValue: (value: string) => {
      if (!value) return;
      const unit = part === 'unit' ? value : parsed?.unit;
      const role = part === 'role' ? value : parsed?.role ?? 'officer';
      if (unit) modeling.updateProperties(element, { 'gov:candidateGroups': unitGroupExpression(unit, role) });
    },
    getOptions: () => [
      { value: '', label: org.state === 'loading' && part === 'unit' ? translate('Loading organisation…') : current && !parsed ? translate('Custom expression') : translate('<none>') },
      ...options,
    ],
  });
}

interface ItemProps extends EntryProps {
  item: ModdleElement;
  prop: string;
}

/** A text attribute of a gov: child element (a level, a field, a start variable). */
export function ItemTextEntry(props: ItemProps & { numeric?: boolean }) {
  const { element, id, label, item, prop, check, numeric, description } = props;
  const commandStack = useService<CommandStack>('commandStack');
  const translate = useService<Translate>('translate');
  const debounce = useService<unknown>('debounceInput');
  return TextFieldEntry({
    element: item,
    id,
    label: translate(label),
    description: description ? translate(description) : undefined,
    getValue: () => {
      const v = item.get(prop);
      return v === undefined || v === null ? '' : String(v);
    },
    setValue: (value: string, error?: string | null) => {
      if (error) return;
      const trimmed = value?.trim() ?? '';
      let next: unknown = emptyToUndefined(trimmed);
      if (numeric && next !== undefined) {
        const n = Number(trimmed);
        if (!Number.isFinite(n)) return;
        next = n;
      }
      commandStack.execute('element.updateModdleProperties', { element, moddleElement: item, properties: { [prop]: next } });
    },
    debounce,
    validate: numeric ? numberValidator(translate) : validatorFor(check, translate),
  });
}

let numberCheck: ((v: string) => string | null) | null = null;
function numberValidator(translate: Translate) {
  numberCheck ??= (v: string) => (!v || Number.isFinite(Number(v)) ? null : translate('Must be a whole number ≥ 0'));
  return numberCheck;
}

export function ItemSelectEntry(props: ItemProps & { choices: string[] }) {
  const { element, id, label, item, prop, choices } = props;
  const commandStack = useService<CommandStack>('commandStack');
  const translate = useService<Translate>('translate');
  return SelectEntry({
    element: item,
    id,
    label: translate(label),
    getValue: () => (item.get(prop) as string | undefined) ?? '',
    setValue: (value: string) => commandStack.execute('element.updateModdleProperties', { element, moddleElement: item, properties: { [prop]: emptyToUndefined(value) } }),
    getOptions: () => [{ value: '', label: translate('<none>') }, ...choices.map((c) => ({ value: c, label: c }))],
  });
}

export function ItemCheckboxEntry(props: ItemProps) {
  const { element, id, label, item, prop } = props;
  const commandStack = useService<CommandStack>('commandStack');
  const translate = useService<Translate>('translate');
  return CheckboxEntry({
    element: item,
    id,
    label: translate(label),
    getValue: () => Boolean(item.get(prop)),
    setValue: (value: boolean) => commandStack.execute('element.updateModdleProperties', { element, moddleElement: item, properties: { [prop]: value } }),
  });
}

/** gov:option children of a gov:field, edited as one line "pass:通过, veto:否决". */
export function FieldOptionsEntry(props: ItemProps) {
  const { element, id, label, item } = props;
  const commandStack = useService<CommandStack>('commandStack');
  const bpmnFactory = useService<BpmnFactory>('bpmnFactory');
  const translate = useService<Translate>('translate');
  const debounce = useService<unknown>('debounceInput');
  return TextFieldEntry({
    element: item,
    id,
    label: translate(label),
    getValue: () => formatOptions(((item.get('options') as ModdleElement[]) ?? []).map((o) => ({ value: o.get('value'), label: o.get('label') }))),
    setValue: (value: string) => {
      const options = parseOptions(value ?? '').map((o) => create(bpmnFactory, 'gov:Option', o, item));
      run(commandStack, [update(element, item, { options })]);
    },
    debounce,
  });
}
