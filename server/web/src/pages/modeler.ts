// Admin: the process modeler. bpmn-js Modeler + properties panel + the gov-modeler module;
// validate (the bpmn/ compiler, run in the browser) shows its problems on the diagram, deploy makes a version.
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { ApiError, request, type Problem } from '../api';
import { translateModule } from '../components/bpmn-translate';
import { newDiagramXml } from '../components/new-diagram';
import { download, h, mount, toast } from '../dom';
import govModelerModule from '../gov-modeler';
import type { GovProblem, GovValidationOverlay } from '../gov-modeler';
import { t } from '../i18n';
import type { Version } from '../model';
import type { Cleanup } from '../router';

const DRAFT_KEY = 'gridflow.modeler.draft';

export async function renderModeler(root: HTMLElement, params: Record<string, string>): Promise<Cleanup> {
  const canvas = h('div', { class: 'modeler-canvas', 'data-testid': 'modeler-canvas' });
  const panel = h('div', { class: 'modeler-panel', 'data-testid': 'properties-panel' });
  const problemsBox = h('div', { 'data-testid': 'problems' });
  const fileInput = h('input', { type: 'file', accept: '.bpmn,.xml,application/xml,text/xml', hidden: true, 'data-testid': 'open-file' });

  const modeler = new Modeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, govModelerModule, translateModule],
  });
  const validation = modeler.get<GovValidationOverlay>('govValidation');
  (window as unknown as { gridflowModeler?: Modeler }).gridflowModeler = modeler;

  const button = (label: string, testid: string, onclick: () => unknown, cls = '') =>
    h('button', { type: 'button', class: cls, 'data-testid': testid, onclick: () => void onclick() }, label);

  mount(root,
    h('div', { class: 'toolbar' },
      button(t('modeler.new'), 'modeler-new', () => openXml(newDiagramXml(`process_${Date.now().toString(36)}`, t('modeler.new')))),
      button(t('modeler.open'), 'modeler-open', () => fileInput.click()),
      button(t('modeler.download'), 'modeler-download', downloadXml),
      h('span', { class: 'spacer' }),
      button(t('modeler.validate'), 'modeler-validate', validate),
      button(t('modeler.deploy'), 'modeler-deploy', deploy, 'primary'),
      fileInput),
    h('div', { class: 'modeler' }, canvas, panel),
    problemsBox);

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    void file.text().then((xml) => openXml(xml));
    fileInput.value = '';
  });

  async function openXml(xml: string): Promise<boolean> {
    try {
      await modeler.importXML(xml);
      (modeler.get('canvas') as { zoom(l: string): void }).zoom('fit-viewport');
      showProblems([]);
      saveDraft();
      return true;
    } catch (err) {
      toast(t('modeler.openFailed', { message: err instanceof Error ? err.message : String(err) }), 'error');
      return false;
    }
  }

  async function currentXml(): Promise<string> {
    const { xml } = await modeler.saveXML({ format: true });
    return xml ?? '';
  }

  function saveDraft(): void {
    void currentXml().then((xml) => sessionStorage.setItem(DRAFT_KEY, xml));
  }
  modeler.on('commandStack.changed', saveDraft);

  async function downloadXml(): Promise<void> {
    const xml = await currentXml();
    const key = /<bpmn:process id="([^"]+)"/.exec(xml)?.[1] ?? 'process';
    download(`${key}.bpmn`, xml, 'application/xml');
  }

  function showProblems(problems: Problem[]): void {
    const govProblems: GovProblem[] = problems.map((p) => ({ elementId: p.elementId ?? null, message: p.message }));
    validation.show(govProblems);
    if (!problems.length) return mount(problemsBox);
    mount(problemsBox,
      h('h2', null, t('modeler.problemList'), ' ', h('span', { class: 'error' }, t('modeler.problems', { n: problems.length }))),
      h('ul', { class: 'problem-list', 'data-testid': 'problem-list' }, problems.map((p) =>
        h('li', { 'data-element-id': p.elementId ?? '', onclick: () => select(p.elementId) }, h('code', null, p.elementId ?? '—'), p.message))));
  }

  function select(elementId: string | undefined | null): void {
    if (!elementId) return;
    const registry = modeler.get<{ get(id: string): unknown }>('elementRegistry');
    const el = registry.get(elementId);
    if (el) modeler.get<{ select(el: unknown): void }>('selection').select(el);
  }

  async function postXml(): Promise<Version | { deployment: Version } | null> {
    const xml = await currentXml();
    try {
      return await request<Version | { deployment: Version }>('POST', '/api/deployments', { raw: { body: xml, contentType: 'application/xml' } });
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) {
        showProblems(err.details.length ? err.details : [{ message: err.message }]);
        toast(t('modeler.problems', { n: Math.max(1, err.details.length) }), 'error');
        return null;
      }
      throw err;
    }
  }

  /**
   * Validate runs the real bpmn/ compiler in the browser (loaded on first use): the same problems
   * the server would answer with, without deploying a version. The server still compiles on
   * deploy and may add problems only it can see (e.g. an activity name it does not register).
   */
  async function validate(): Promise<void> {
    const xml = await currentXml();
    const { compileBpmn } = await import('../../../../bpmn/compile');
    const result = await compileBpmn(xml);
    if (!result.ok) {
      showProblems(result.problems.map((p) => ({ elementId: p.elementId ?? undefined, message: p.message })));
      toast(t('modeler.problems', { n: result.problems.length }), 'error');
      return;
    }
    showProblems([]);
    toast(t('modeler.valid'), 'ok');
  }

  async function deploy(): Promise<void> {
    const res = await postXml().catch((err: unknown) => {
      toast(err instanceof Error ? err.message : String(err), 'error');
      return null;
    });
    const version = res && 'deployment' in res ? (res as { deployment: Version }).deployment : res;
    if (!version || !('id' in version)) return;
    showProblems([]);
    toast(t('modeler.deployed', { name: version.name || version.processKey, version: version.version }), 'ok');
    location.hash = `#/versions?processKey=${encodeURIComponent(version.processKey)}`;
  }

  // what to open: a deployed version (from the versions page), the draft, or a new diagram
  let opened = false;
  if (params.version) {
    const xml = await request<string>('GET', `/api/deployments/${encodeURIComponent(params.version)}/xml`, { text: true });
    opened = await openXml(xml);
  }
  const draft = sessionStorage.getItem(DRAFT_KEY);
  if (!opened && draft) opened = await openXml(draft);
  if (!opened) await openXml(newDiagramXml('process_1', t('modeler.new')));

  return () => {
    modeler.destroy();
    delete (window as unknown as { gridflowModeler?: Modeler }).gridflowModeler;
  };
}
