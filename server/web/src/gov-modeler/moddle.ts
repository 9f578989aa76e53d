// Teaches the modeler's moddle the gov: namespace when the host did not pass it as a
// moddleExtension, so `additionalModules: [govModelerModule]` is all a host needs. Registering a
// package after construction is what moddle's own constructor does for each package; the type
// cache is reset so bpmn:UserTask and friends pick up the gov: attributes.
import govDescriptor from '../../../../bpmn/gov.json';

interface ModdleInternals {
  getPackage(prefix: string): unknown;
  registry: { registerPackage(pkg: unknown): void };
  typeCache: Record<string, unknown>;
}

export const GOV_URI = govDescriptor.uri;
export { govDescriptor };

export function GovModdle(moddle: ModdleInternals) {
  if (!moddle.getPackage('gov')) {
    moddle.registry.registerPackage(govDescriptor);
    moddle.typeCache = Object.create(null);
  }
}
GovModdle.$inject = ['moddle'];
