// Shows the compiler's problems on the diagram: a red marker class on each offending element and
// a badge with the count whose tooltip lists the messages. Problems naming no drawn element (the
// document, a generated element) are returned so the host can list them.
import type { Canvas, DiagramElement, ElementRegistry, EventBus, GovProblem, Overlays } from './types';

const OVERLAY_TYPE = 'gov-problem';
const MARKER = 'gov-problem';

export class GovValidationOverlay {
  static $inject = ['eventBus', 'canvas', 'overlays', 'elementRegistry'];
  private marked: string[] = [];
  private problems: GovProblem[] = [];

  constructor(
    private readonly eventBus: EventBus,
    private readonly canvas: Canvas,
    private readonly overlays: Overlays,
    private readonly elementRegistry: ElementRegistry,
  ) {
    eventBus.on('import.done', () => this.clear());
  }

  /** Draw `problems`; returns those that name no element on the canvas. */
  show(problems: GovProblem[]): GovProblem[] {
    this.clear();
    this.problems = problems.slice();
    const byElement = new Map<string, string[]>();
    const unplaced: GovProblem[] = [];
    const root = this.canvas.getRootElement();
    for (const p of problems) {
      const target = p.elementId ? this.findShape(p.elementId) : undefined;
      if (!target || target === root) {
        unplaced.push(p);
        continue;
      }
      byElement.set(target.id, [...(byElement.get(target.id) ?? []), p.message]);
    }
    for (const [id, messages] of byElement) {
      this.canvas.addMarker(id, MARKER);
      this.marked.push(id);
      const badge = document.createElement('div');
      badge.className = 'gov-problem-badge';
      badge.setAttribute('data-element-id', id);
      badge.title = messages.join('\n');
      badge.textContent = String(messages.length);
      this.overlays.add(id, OVERLAY_TYPE, { position: { top: -10, right: 10 }, html: badge });
    }
    this.eventBus.fire('gov.validation.changed', { problems: this.problems, unplaced });
    return unplaced;
  }

  clear(): void {
    for (const id of this.marked) if (this.elementRegistry.get(id)) this.canvas.removeMarker(id, MARKER);
    this.marked = [];
    this.problems = [];
    this.overlays.remove({ type: OVERLAY_TYPE });
  }

  current(): GovProblem[] {
    return this.problems.slice();
  }

  /**
   * The shape a problem belongs to. Ids of compiler-generated elements start with the id of the
   * drawn element they were made for (e.g. `review__reminder`), so the longest matching prefix wins.
   */
  private findShape(elementId: string): DiagramElement | undefined {
    const direct = this.elementRegistry.get(elementId);
    if (direct) return direct.labelTarget ?? direct;
    let best: DiagramElement | undefined;
    for (const el of this.elementRegistry.getAll()) {
      if (el.type === 'label' || !elementId.startsWith(el.id)) continue;
      if (!best || el.id.length > best.id.length) best = el;
    }
    return best;
  }
}
