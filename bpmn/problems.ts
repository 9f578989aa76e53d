// Every compile problem names the element it is about, so a modeler can jump to it and the CLI can
// print `element <id>: <message>`. Problems are collected, never thrown: one compile lists them all.

export interface Problem {
  /** id of the BPMN element at fault; null when the document as a whole is (malformed XML, size) */
  elementId: string | null;
  message: string;
}

export function formatProblem(p: Problem): string {
  return p.elementId === null ? `document: ${p.message}` : `element ${p.elementId}: ${p.message}`;
}

/** Collects problems (errors) and warnings in the order found, without duplicates. */
export class ProblemList {
  readonly problems: Problem[] = [];
  readonly warnings: Problem[] = [];
  private readonly seen = new Set<string>();

  add(elementId: string | null, message: string): void {
    this.push(this.problems, elementId, message);
  }

  warn(elementId: string | null, message: string): void {
    this.push(this.warnings, elementId, message);
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  private push(list: Problem[], rawElementId: string | null, message: string): void {
    // an element whose id is empty (a mangled upload) cannot be pointed at: the document is at fault
    const elementId = rawElementId === '' ? null : rawElementId;
    const key = `${list === this.problems ? 'p' : 'w'}\u0000${elementId}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push({ elementId, message });
  }
}
