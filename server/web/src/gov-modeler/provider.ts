// Adds the Governance (治理) groups to bpmn-js-properties-panel: one group of gov: attributes
// (assignee and candidate-group pickers, deadline, reminder, service activity) and list groups for
// the escalation chain, form fields and process start variables.
import {
  Group,
  ListGroup,
  isCheckboxEntryEdited,
  isSelectEntryEdited,
  isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import {
  ActivitySelectEntry,
  AssigneePickerEntry,
  AttrTextEntry,
  CandidateGroupPartEntry,
  FieldOptionsEntry,
  ItemCheckboxEntry,
  ItemSelectEntry,
  ItemTextEntry,
} from './entries';
import { addToExtensionList, create, extensionsOf, relevantBusinessObject, removeFromExtensionList } from './extension-elements';
import type { BpmnFactory, CommandStack, DiagramElement, GovModelerConfig, Injector, ModdleElement, Translate } from './types';


const FIELD_TYPES = ['string', 'text', 'number', 'boolean', 'enum', 'date', 'official', 'unit'];
const VARIABLE_TYPES = ['string', 'number', 'boolean', 'list', 'context', 'date'];
const DEADLINE_TYPES = ['bpmn:UserTask', 'bpmn:CallActivity', 'bpmn:SubProcess'];
const DURATION_HELP = 'ISO duration such as P5D or PT4H, or a FEEL expression starting with =';

interface PropertiesPanel {
  registerProvider(priority: number, provider: { getGroups(element: DiagramElement): (groups: GroupDef[]) => GroupDef[] }): void;
}
interface EntryDef {
  id: string;
  component: unknown;
  isEdited?: unknown;
  [prop: string]: unknown;
}
interface GroupDef {
  id: string;
  label: string;
  component: unknown;
  entries?: EntryDef[];
  items?: unknown[];
  add?: (ev: Event) => void;
}

const isAny = (element: DiagramElement, types: string[]) => types.some((t) => element.businessObject.$instanceOf(t));

export class GovPropertiesProvider {
  static $inject = ['injector', 'translate', 'config.govModeler'];
  private readonly commandStack: CommandStack;
  private readonly bpmnFactory: BpmnFactory;

  constructor(
    injector: Injector,
    private readonly translate: Translate,
    private readonly config: GovModelerConfig | undefined,
  ) {
    this.commandStack = injector.get<CommandStack>('commandStack');
    this.bpmnFactory = injector.get<BpmnFactory>('bpmnFactory');
    // Without a properties panel the module still brings the gov: moddle and the validation overlay.
    const panel = injector.get<PropertiesPanel | null>('propertiesPanel', false);
    panel?.registerProvider(400, this);
  }

  getGroups(element: DiagramElement) {
    return (groups: GroupDef[]): GroupDef[] => {
      const ours = [this.attributesGroup(element), this.escalationGroup(element), this.formGroup(element), this.startVariablesGroup(element)].filter(
        (g): g is GroupDef => g !== null,
      );
      const general = groups.findIndex((g) => g.id === 'general');
      groups.splice(general < 0 ? groups.length : general + 1, 0, ...ours);
      return groups;
    };
  }

  private attributesGroup(element: DiagramElement): GroupDef | null {
    const entries: EntryDef[] = [];
    const text = (attr: string, label: string, extra: Record<string, unknown> = {}) =>
      entries.push({ id: `gov-${attr.slice(4)}`, component: AttrTextEntry, isEdited: isTextFieldEntryEdited, attr, label, ...extra });

    if (element.businessObject.$instanceOf('bpmn:UserTask')) {
      entries.push({ id: 'gov-assignee-pick', component: AssigneePickerEntry, isEdited: isSelectEntryEdited, label: 'Pick an official' });
      text('gov:assignee', 'Assignee (expression)');
      entries.push({ id: 'gov-candidate-unit', component: CandidateGroupPartEntry, isEdited: isSelectEntryEdited, part: 'unit', label: 'Candidate group: unit' });
      entries.push({ id: 'gov-candidate-role', component: CandidateGroupPartEntry, isEdited: isSelectEntryEdited, part: 'role', label: 'Candidate group: role' });
      text('gov:candidateGroups', 'Candidate groups (expression)');
      text('gov:notDoneBy', 'Not done by whoever did (task ids)', { description: 'Separation of duties: ids of user tasks, comma separated' });
    }
    if (isAny(element, DEADLINE_TYPES)) {
      text('gov:dueIn', 'Due in', { check: 'duration', description: DURATION_HELP });
      text('gov:remindBefore', 'Remind before', { check: 'duration', description: DURATION_HELP });
    }
    if (isAny(element, ['bpmn:ServiceTask', 'bpmn:SendTask'])) {
      const activities = this.config?.activities ?? [];
      if (activities.length) entries.push({ id: 'gov-activity', component: ActivitySelectEntry, isEdited: isSelectEntryEdited, label: 'Service activity', activities });
      else text('gov:activity', 'Service activity', { check: 'identifier' });
      text('gov:resultVariable', 'Result variable', { check: 'identifier' });
      text('gov:retries', 'Retries', { check: 'retries' });
    }
    if (!entries.length) return null;
    return { id: 'governance', label: this.translate('Governance'), component: Group, entries };
  }

  private escalationGroup(element: DiagramElement): GroupDef | null {
    if (!isAny(element, DEADLINE_TYPES)) return null;
    const bo = element.businessObject;
    const container = extensionsOf(bo, 'gov:Escalation')[0] ?? null;
    const levels = (container?.get('levels') as ModdleElement[] | undefined) ?? [];
    return {
      id: 'governance-escalation',
      label: this.translate('Governance: escalation chain'),
      component: ListGroup,
      items: levels.map((level, i) => {
        const id = `${element.id}-gov-level-${i}`;
        return {
          id,
          label: String(level.get('name') ?? '') || `#${i + 1}`,
          autoFocusEntry: `${id}-name`,
          entries: [
            { id: `${id}-name`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: level, prop: 'name', label: 'Level' },
            { id: `${id}-after`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: level, prop: 'after', label: 'After', check: 'duration', description: DURATION_HELP },
            { id: `${id}-recipients`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: level, prop: 'recipients', label: 'Recipients (expression)' },
          ],
          remove: (ev: Event) => {
            ev.stopPropagation();
            removeFromExtensionList(element, bo, container, 'levels', level, this.commandStack);
          },
        };
      }),
      add: (ev: Event) => {
        ev.stopPropagation();
        addToExtensionList(element, bo, 'gov:Escalation', 'levels', (parent) => create(this.bpmnFactory, 'gov:Level', { name: levels.length ? 'district' : 'street', after: levels.length ? 'P2D' : 'PT0S' }, parent), this.bpmnFactory, this.commandStack);
      },
    };
  }

  private formGroup(element: DiagramElement): GroupDef | null {
    if (!element.businessObject.$instanceOf('bpmn:UserTask')) return null;
    const bo = element.businessObject;
    const container = extensionsOf(bo, 'gov:Form')[0] ?? null;
    const fields = (container?.get('fields') as ModdleElement[] | undefined) ?? [];
    return {
      id: 'governance-form',
      label: this.translate('Governance: form fields'),
      component: ListGroup,
      items: fields.map((field, i) => {
        const id = `${element.id}-gov-field-${i}`;
        const entries: EntryDef[] = [
          { id: `${id}-id`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: field, prop: 'id', label: 'Field id', check: 'identifier' },
          { id: `${id}-label`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: field, prop: 'label', label: 'Label' },
          { id: `${id}-type`, component: ItemSelectEntry, isEdited: isSelectEntryEdited, item: field, prop: 'type', label: 'Type', choices: FIELD_TYPES },
          { id: `${id}-required`, component: ItemCheckboxEntry, isEdited: isCheckboxEntryEdited, item: field, prop: 'required', label: 'Required' },
        ];
        const type = field.get('type');
        if (type === 'enum') entries.push({ id: `${id}-options`, component: FieldOptionsEntry, isEdited: isTextFieldEntryEdited, item: field, prop: 'options', label: 'Options (value:label, comma separated)' });
        if (type === 'unit') entries.push({ id: `${id}-unitKinds`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: field, prop: 'unitKinds', label: 'Unit kinds (comma separated; empty = any)' });
        if (type === 'number') {
          entries.push({ id: `${id}-min`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: field, prop: 'min', label: 'Minimum', numeric: true });
          entries.push({ id: `${id}-max`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: field, prop: 'max', label: 'Maximum', numeric: true });
        }
        return {
          id,
          label: String(field.get('label') ?? field.get('id') ?? '') || `#${i + 1}`,
          autoFocusEntry: `${id}-id`,
          entries,
          remove: (ev: Event) => {
            ev.stopPropagation();
            removeFromExtensionList(element, bo, container, 'fields', field, this.commandStack);
          },
        };
      }),
      add: (ev: Event) => {
        ev.stopPropagation();
        addToExtensionList(element, bo, 'gov:Form', 'fields', (parent) => create(this.bpmnFactory, 'gov:Field', { id: `field${fields.length + 1}`, label: '', type: 'string', required: false }, parent), this.bpmnFactory, this.commandStack);
      },
    };
  }

  private startVariablesGroup(element: DiagramElement): GroupDef | null {
    if (!isAny(element, ['bpmn:Process', 'bpmn:Participant'])) return null;
    const bo = relevantBusinessObject(element);
    if (!bo) return null;
    const vars = extensionsOf(bo, 'gov:StartVariable');
    return {
      id: 'governance-start-variables',
      label: this.translate('Governance: start variables'),
      component: ListGroup,
      items: vars.map((v, i) => {
        const id = `${element.id}-gov-startvar-${i}`;
        return {
          id,
          label: String(v.get('name') ?? '') || `#${i + 1}`,
          autoFocusEntry: `${id}-name`,
          entries: [
            { id: `${id}-name`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: v, prop: 'name', label: 'Variable name', check: 'identifier' },
            { id: `${id}-type`, component: ItemSelectEntry, isEdited: isSelectEntryEdited, item: v, prop: 'type', label: 'Type', choices: VARIABLE_TYPES },
            { id: `${id}-required`, component: ItemCheckboxEntry, isEdited: isCheckboxEntryEdited, item: v, prop: 'required', label: 'Required' },
            { id: `${id}-description`, component: ItemTextEntry, isEdited: isTextFieldEntryEdited, item: v, prop: 'description', label: 'Description' },
          ],
          remove: (ev: Event) => {
            ev.stopPropagation();
            removeFromExtensionList(element, bo, null, 'values', v, this.commandStack);
          },
        };
      }),
      add: (ev: Event) => {
        ev.stopPropagation();
        addToExtensionList(element, bo, null, 'values', (parent) => create(this.bpmnFactory, 'gov:StartVariable', { name: `var${vars.length + 1}`, type: 'string', required: false }, parent), this.bpmnFactory, this.commandStack);
      },
    };
  }
}
