// Multi-instance body (Zeebe semantics): one inner instance per item of the input collection, all
// at once (parallel) or one after another (sequential). Each inner instance keeps its item, its
// loopCounter and its results as local variables, so parallel reviewers never overwrite each
// other; only outputCollection (in item order) leaves the body. When the completion condition
// holds the remaining inner instances are cancelled: the one-vote veto. The condition may read the
// output collection as gathered so far (item order, null where no iteration finished yet), this
// iteration's output included: "count(votes[item = "veto"]) >= 2".
import type { GraphElement } from '../../bpmn/graph';
import { BpmnModelError, type EngineContext } from './context';
import type { ElementInstance } from './types';

function startInner(ctx: EngineContext, body: ElementInstance, el: GraphElement, index: number): void {
  if (body.mi?.role !== 'body') return;
  const mi = el.multiInstance!;
  const locals: Record<string, unknown> = { [mi.inputElement]: body.mi.items[index] ?? null, loopCounter: index + 1 };
  // a plain-name outputElement is local to the iteration (Zeebe): mappings inside land there, not in the process
  const out = mi.outputElement?.trim().replace(/^=/, '').trim();
  if (out && /^[A-Za-z_][A-Za-z0-9_]*$/.test(out)) locals[out] = null;
  ctx.enterInner(body, index, locals);
}

/** Whether a FEEL expression mentions the variable (a whole word outside string literals is enough). */
function namesVariable(expr: string, name: string): boolean {
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return new RegExp(`(^|[^A-Za-z0-9_.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_])`).test(code);
}

export const multiInstanceBody = {
  activate(ctx: EngineContext, body: ElementInstance, el: GraphElement): void {
    const mi = el.multiInstance!;
    const items = ctx.evaluate(mi.inputCollection, body);
    if (!Array.isArray(items)) throw new BpmnModelError(el.id, `inputCollection of ${el.id} gave ${JSON.stringify(items)}, not a list`);
    if (body.mi?.role !== 'body') return;
    body.mi.items = items;
    body.mi.outputs = items.map(() => null);
    body.mi.completed = 0;
    if (items.length === 0) return ctx.complete(body);
    if (mi.sequential) {
      body.mi.next = 1;
      startInner(ctx, body, el, 0);
    } else {
      body.mi.next = items.length;
      for (let i = 0; i < items.length; i++) startInner(ctx, body, el, i);
    }
  },

  /** Evaluated while the inner instance still exists, so its local variables are visible. */
  evaluateInner(ctx: EngineContext, inner: ElementInstance, el: GraphElement): { output: unknown; done: boolean } {
    const mi = el.multiInstance!;
    const body = ctx.instance(inner.scopeId!);
    if (!body || body.mi?.role !== 'body') return { output: null, done: false };
    const output = mi.outputElement ? ctx.evaluate(mi.outputElement, inner) : null;
    let done = false;
    if (mi.completionCondition) {
      const active = ctx.childrenOf(body.id).length - 1;
      const extra: Record<string, unknown> = {
        numberOfInstances: body.mi.items.length,
        numberOfCompletedInstances: body.mi.completed + 1,
        numberOfActiveInstances: active,
      };
      if (mi.outputCollection && namesVariable(mi.completionCondition, mi.outputCollection) && ctx.completionSeesOutputCollection()) {
        const gathered = [...body.mi.outputs];
        if (inner.mi?.role === 'inner') gathered[inner.mi.index] = output;
        extra[mi.outputCollection] = gathered;
      }
      done = ctx.evaluateBoolean(mi.completionCondition, inner, extra);
    }
    return { output, done };
  },

  innerCompleted(ctx: EngineContext, inner: ElementInstance, el: GraphElement, result: { output: unknown; done: boolean }): void {
    const body = ctx.instance(inner.scopeId!);
    if (!body || body.mi?.role !== 'body' || inner.mi?.role !== 'inner') return;
    body.mi.outputs[inner.mi.index] = result.output;
    body.mi.completed += 1;
    if (result.done) {
      for (const other of ctx.childrenOf(body.id)) ctx.terminate(other, 'cancelled', `completion condition of ${el.id} met`);
      return ctx.complete(body);
    }
    if (el.multiInstance!.sequential && body.mi.next < body.mi.items.length) {
      startInner(ctx, body, el, body.mi.next++);
      return;
    }
    if (ctx.childrenOf(body.id).length === 0) ctx.complete(body);
  },
};
