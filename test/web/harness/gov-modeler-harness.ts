// A bare page with a stock bpmn-js Modeler + properties panel and nothing of the gridflow app but
// the gov-modeler module: proves the module works in "any modeler's additionalModules".
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import govModelerModule, { govDescriptor } from '../../../server/web/src/gov-modeler';

const container = document.getElementById('canvas') as HTMLElement;
const panel = document.getElementById('panel') as HTMLElement;

const modeler = new Modeler({
  container,
  propertiesPanel: { parent: panel },
  additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, govModelerModule],
  govModeler: {
    org: {
      units: async () => [{ code: 'street-1', name: '东风街道', kind: 'street' }, { code: 'dept-police', name: '公安局', kind: 'department' }],
      officials: async () => [{ username: 'zhang-wei', displayName: '张伟' }, { username: 'li-na', displayName: '李娜' }],
    },
  },
});

(window as unknown as { harness: unknown }).harness = {
  modeler,
  importXML: (xml: string) => modeler.importXML(xml),
  exportXML: async () => (await modeler.saveXML({ format: true })).xml,
  select: (id: string) => {
    const registry = modeler.get<{ get(id: string): unknown }>('elementRegistry');
    modeler.get<{ select(el: unknown): void }>('selection').select(registry.get(id));
  },
  /** a second modeler whose host already passed the gov: moddle package: the module must not register it twice */
  roundTripWithHostExtension: async (xml: string) => {
    const other = new Modeler({ container: document.createElement('div'), moddleExtensions: { gov: govDescriptor }, additionalModules: [govModelerModule] });
    await other.importXML(xml);
    const out = (await other.saveXML({ format: true })).xml;
    other.destroy();
    return out;
  },
  showProblems: (problems: { elementId: string | null; message: string }[]) => modeler.get<{ show(p: unknown): unknown }>('govValidation').show(problems),
};
