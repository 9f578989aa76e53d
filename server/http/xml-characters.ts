// A BPMN upload may name characters by reference (&#xD800;). XML allows only its Char range
// there; a reference to a UTF-16 surrogate or a control character decodes to something that is not
// text, which the compiled graph could not be stored with. Such a diagram is refused as not
// well-formed, naming the element the reference sits in.

const CHAR_REF = /&#(x[0-9a-fA-F]{1,8}|[0-9]{1,10});/g;
const TAG_WITH_ID = /<[\w:.-]+\s[^<>]*?\bid="([^"]*)"/g;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** the first character reference XML does not allow, with the id of the element it is in */
export function illegalCharacterReference(xml: string): { elementId: string | null; message: string } | null {
  for (const m of xml.matchAll(CHAR_REF)) {
    const cp = m[1].startsWith('x') ? parseInt(m[1].slice(1), 16) : Number(m[1]);
    if (isXmlChar(cp)) continue;
    let elementId: string | null = null;
    for (const tag of xml.slice(0, m.index).matchAll(TAG_WITH_ID)) elementId = tag[1];
    const line = xml.slice(0, m.index).split('\n').length;
    return { elementId, message: `the character reference ${m[0]} (line ${line}) is not an XML character (a lone surrogate or a control character)` };
  }
  return null;
}
