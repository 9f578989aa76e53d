// Turning untrusted XML into moddle objects, safely: size and DOCTYPE are refused before any parsing
// (no entity expansion, ever), and every parse warning of moddle becomes a problem naming an element.
import { BpmnModdle } from 'bpmn-moddle';
import type { ModdleElement, ParseWarning } from 'bpmn-moddle';
import gov from './gov.json';
import type { ProblemList } from './problems';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export interface ParsedXml {
  definitions: ModdleElement;
  /** `${elementId} ${property}` of references moddle could not resolve (already reported) */
  unresolved: Set<string>;
}

/** bpmn-moddle with the gov: extension, as both the compiler and bpmn-js load it. */
export function createModdle(): BpmnModdle {
  return new BpmnModdle({ gov });
}

export async function parseXml(xml: unknown, maxBytes: number, problems: ProblemList): Promise<ParsedXml | null> {
  if (typeof xml !== 'string') {
    problems.add(null, 'the BPMN document must be XML text');
    return null;
  }
  const bytes = new TextEncoder().encode(xml).length;
  if (bytes > maxBytes) {
    problems.add(null, `the document is ${bytes} bytes, larger than the limit of ${maxBytes} bytes`);
    return null;
  }
  // A DOCTYPE is how entity-expansion attacks ("billion laughs") and external entities come in;
  // BPMN never needs one, so it is refused outright instead of being parsed carefully.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    problems.add(null, 'DOCTYPE and ENTITY declarations are not allowed in a BPMN document');
    return null;
  }
  if (xml.trim() === '') {
    problems.add(null, 'malformed XML: the document is empty');
    return null;
  }
  const unresolved = new Set<string>();
  let result;
  try {
    result = await createModdle().fromXML(xml, 'bpmn:Definitions');
  } catch (e) {
    const err = e as Error & { warnings?: ParseWarning[] };
    if (/failed to parse document/.test(err.message ?? '')) {
      const found = (err.warnings ?? []).map((w) => /unexpected element <([^>]*)>/.exec(w.message)?.[1]).find(Boolean);
      problems.add(null, `not a BPMN 2.0 document: the root element must be bpmn:definitions${found ? `, not <${found}>` : ''}`);
    } else {
      for (const w of err.warnings ?? []) reportWarning(w, xml, problems, unresolved);
      problems.add(null, describeParseError(err.message ?? String(e)));
    }
    return null;
  }
  for (const w of result.warnings) reportWarning(w, xml, problems, unresolved);
  return { definitions: result.rootElement, unresolved };
}

/** moddle's "unparsable content <x> detected\n\tline: 3\n\tcolumn: 0\n\tnested error: why" → one readable line. */
function describeParseError(message: string): string {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  const nested = /nested error: (.*)/.exec(message);
  const what = nested ? nested[1] : message.split('\n')[0];
  const where = line && column ? ` at line ${Number(line[1]) + 1}, column ${Number(column[1]) + 1}` : '';
  return `malformed XML${where}: ${what}`;
}

function reportWarning(w: ParseWarning, xml: string, problems: ProblemList, unresolved: Set<string>): void {
  const message = w.message ?? '';
  const elementId = typeof w.element?.id === 'string' ? w.element.id : null;

  const duplicate = /duplicate ID <([^>]*)>/.exec(message);
  if (duplicate) {
    problems.add(duplicate[1], 'duplicate id: another element already has this id');
    return;
  }
  const unknownType = /unknown type <([^>]*)>/.exec(message);
  if (unknownType) {
    problems.add(idNear(xml, message), `${unknownType[1]} is not a known BPMN or gov: element`);
    return;
  }
  const unresolvedRef = /unresolved reference <([^>]*)>/.exec(message);
  if (unresolvedRef) {
    const property = (w.property ?? 'reference').replace(/^bpmn:/, '');
    if (elementId) unresolved.add(`${elementId} ${property}`);
    problems.add(elementId, `${property} "${unresolvedRef[1]}" refers to no element in this document`);
    return;
  }
  const unknownAttr = /unknown attribute <([^>]*)>/.exec(message);
  if (unknownAttr) {
    // Other modelers' extensions (camunda:, zeebe:, ...) are tolerated; a misspelt gov: attribute is not.
    if (unknownAttr[1].startsWith('gov:')) problems.add(elementId, `${unknownAttr[1]} is not a gov: attribute of this element`);
    else problems.warn(elementId, `attribute ${unknownAttr[1]} is ignored`);
    return;
  }
  problems.add(elementId ?? idNear(xml, message), describeParseError(message));
}

/** The id attribute of the tag at the line/column a moddle warning points to, if any. */
function idNear(xml: string, message: string): string | null {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  if (!line || !column) return null;
  const lines = xml.split('\n');
  const lineIndex = Number(line[1]);
  if (lineIndex >= lines.length) return null;
  let offset = Number(column[1]);
  for (let i = 0; i < lineIndex; i++) offset += lines[i].length + 1;
  const tagEnd = xml.indexOf('>', offset);
  const tag = xml.slice(offset, tagEnd < 0 ? undefined : tagEnd);
  const id = /\sid\s*=\s*["']([^"']*)["']/.exec(tag);
  return id ? id[1] : null;
}
