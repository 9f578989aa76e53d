// gov-modeler: the gov: BPMN extension as one bpmn-js module. Add it to any Modeler's
// additionalModules (next to bpmn-js-properties-panel's BpmnPropertiesPanelModule and
// BpmnPropertiesProviderModule) and it brings: the gov: moddle package, the Governance properties
// groups, and the validation overlay (`modeler.get('govValidation').show(problems)`).
// See README.md in this folder.
import { GovModdle, govDescriptor, GOV_URI } from './moddle';
import { GovOrgDirectory, gridflowOrgSource, ORG_ROLES, UNIT_KINDS } from './org-directory';
import { GovPropertiesProvider } from './provider';
import { GovValidationOverlay } from './validation-overlay';
import type { ModuleDeclaration } from './types';

const govModelerModule: ModuleDeclaration = {
  __depends__: [],
  __init__: ['govModdle', 'govPropertiesProvider', 'govValidation'],
  govModdle: ['type', GovModdle],
  govOrgDirectory: ['type', GovOrgDirectory],
  govPropertiesProvider: ['type', GovPropertiesProvider],
  govValidation: ['type', GovValidationOverlay],
};

export default govModelerModule;
export const { __depends__, __init__ } = govModelerModule as Required<Pick<ModuleDeclaration, '__depends__' | '__init__'>>;
export { govModelerModule, govDescriptor, GOV_URI, gridflowOrgSource, ORG_ROLES, UNIT_KINDS, GovValidationOverlay, GovPropertiesProvider, GovOrgDirectory };
export type { GovModelerConfig, GovProblem, OrgSource, OrgUnitOption, OfficialOption, ModuleDeclaration } from './types';
