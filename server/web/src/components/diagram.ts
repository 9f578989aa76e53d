// A read-only diagram (bpmn-js NavigatedViewer) that can draw an instance's path on itself.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { isExpanded } from 'bpmn-js/lib/util/DiUtil';
import { translateModule } from './bpmn-translate';
import type { DiagramIndex, PathMark, PathView } from '../audit/path';
import type { Canvas, DiagramElement, ElementRegistry, Overlays } from '../gov-modeler/types';

const MARKS: PathMark[] = ['completed', 'active', 'escalated', 'cancelled', 'incident'];

export interface DiagramView {
  index: DiagramIndex;
  /** the element's name in the diagram (for tables that name steps) */
  nameOf(id: string): string | undefined;
  show(view: PathView): void;
  destroy(): void;
}

export async function createDiagram(container: HTMLElement, xml: string): Promise<DiagramView> {
  const viewer = new NavigatedViewer({ container, additionalModules: [translateModule] });
  await viewer.importXML(xml);
  const canvas = viewer.get<Canvas>('canvas');
  const overlays = viewer.get<Overlays>('overlays');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  canvas.zoom('fit-viewport', 'auto');

  const shapes = registry.filter((e) => e.type !== 'label' && !e.type.includes('SequenceFlow') && e.type !== 'bpmn:Process' && e.type !== 'bpmn:Collaboration');
  const index: DiagramIndex = {
    elementIds: new Set(shapes.map((e) => e.id)),
    flows: registry
      .filter((e) => e.type === 'bpmn:SequenceFlow')
      .map((e) => {
        const bo = e.businessObject as unknown as { sourceRef?: { id: string }; targetRef?: { id: string } };
        return { id: e.id, source: bo.sourceRef?.id ?? '', target: bo.targetRef?.id ?? '' };
      }),
  };
  let marked: DiagramElement[] = [];

  /** collapsed sub-processes around an element: what happens inside must show on them too */
  function collapsedAncestors(id: string): string[] {
    const out: string[] = [];
    let bo = (registry.get(id)?.businessObject as { $parent?: { id?: string; $parent?: unknown } } | undefined)?.$parent;
    while (bo?.id) {
      const shape = registry.get(bo.id);
      if (shape && shape.type === 'bpmn:SubProcess' && !isExpanded(shape as never)) out.push(shape.id);
      bo = bo.$parent as typeof bo;
    }
    return out;
  }

  function liftCollapsed(view: PathView): PathView {
    for (const [id, marks] of [...view.marks]) {
      for (const outer of collapsedAncestors(id)) {
        const set = view.marks.get(outer) ?? new Set();
        for (const m of marks) if (m === 'escalated' || m === 'incident' || m === 'active') set.add(m);
        if (set.size) view.marks.set(outer, set);
        const n = view.counts.get(id);
        if (n && !view.counts.has(outer)) view.counts.set(outer, n);
      }
    }
    for (const set of view.marks.values()) if (set.has('active')) set.delete('completed');
    return view;
  }

  return {
    index,
    nameOf: (id) => (registry.get(id)?.businessObject.get('name') as string | undefined) || undefined,
    show(input: PathView) {
      const view = liftCollapsed(input);
      for (const el of marked) for (const m of MARKS) canvas.removeMarker(el, `gf-${m}`);
      overlays.remove({ type: 'gf-count' });
      marked = [];
      for (const [id, marks] of view.marks) {
        const el = registry.get(id);
        if (!el) continue;
        marked.push(el);
        for (const m of marks) canvas.addMarker(el, `gf-${m}`);
      }
      for (const id of view.flows) {
        const el = registry.get(id);
        if (!el) continue;
        marked.push(el);
        canvas.addMarker(el, 'gf-completed');
      }
      for (const [id, n] of view.counts) {
        const badge = document.createElement('div');
        badge.className = 'gf-count';
        badge.setAttribute('data-element-id', id);
        badge.textContent = `×${n}`;
        overlays.add(id, 'gf-count', { position: { top: -10, left: -10 }, html: badge });
      }
    },
    destroy: () => viewer.destroy(),
  };
}
