import { VisibilityQueryError } from './errors';
import { tokenize, type Token } from './lexer';

/** A literal as written: strings unquoted, numbers as their source text (precision kept). */
export type Literal =
  | { kind: 'string'; value: string; token: Token }
  | { kind: 'number'; value: string; token: Token }
  | { kind: 'bool'; value: boolean; token: Token };

export interface AttributeRef { name: string; token: Token }

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'compare'; attribute: AttributeRef; op: ComparisonOp; value: Literal }
  | { kind: 'in'; attribute: AttributeRef; negated: boolean; values: Literal[] }
  | { kind: 'between'; attribute: AttributeRef; negated: boolean; from: Literal; to: Literal }
  | { kind: 'startsWith'; attribute: AttributeRef; negated: boolean; prefix: Literal }
  | { kind: 'isNull'; attribute: AttributeRef; negated: boolean };

export interface OrderItem { attribute: AttributeRef; descending: boolean }

export interface ParsedQuery {
  where?: Expr;
  orderBy: OrderItem[];
  groupBy?: AttributeRef;
}

/** Deeper nesting than any person writes; the bound keeps hostile input from exhausting the stack. */
const MAX_DEPTH = 64;
/** SQLite refuses expression trees deeper than 1000, and a chain of N ORs is N deep. */
const MAX_CONDITIONS = 500;
/** Well under SQLite's limit of 32766 bound parameters. */
const MAX_VALUES = 10000;

/**
 * Recursive-descent parser for the List Filter grammar:
 *   query     := [expr] [ORDER BY item {, item}] [GROUP BY name]
 *   expr      := and {OR and}          and := not {AND not}        not := NOT not | primary
 *   primary   := '(' expr ')' | name op literal | name [NOT] IN '(' literal {, literal} ')'
 *              | name [NOT] BETWEEN literal AND literal | name [NOT] STARTS_WITH literal
 *              | name IS [NOT] NULL
 * Like Temporal's own converter, a query may also begin directly with ORDER BY or GROUP BY.
 */
export function parseVisibilityQuery(query: string): ParsedQuery {
  return new Parser(tokenize(query)).parseQuery();
}

class Parser {
  private index = 0;
  private depth = 0;
  private conditions = 0;
  private values = 0;

  constructor(private readonly tokens: Token[]) {}

  parseQuery(): ParsedQuery {
    const result: ParsedQuery = { orderBy: [] };
    if (!this.atKeyword('ORDER') && !this.atKeyword('GROUP') && this.peek().kind !== 'eof') {
      result.where = this.parseOr();
    }
    if (this.acceptKeyword('ORDER')) {
      this.expectKeyword('BY', 'ORDER must be followed by BY');
      do {
        const attribute = this.parseAttribute('an attribute name to order by');
        let descending = false;
        if (this.acceptKeyword('DESC')) descending = true;
        else this.acceptKeyword('ASC');
        result.orderBy.push({ attribute, descending });
      } while (this.accept('comma'));
    }
    if (this.acceptKeyword('GROUP')) {
      this.expectKeyword('BY', 'GROUP must be followed by BY');
      result.groupBy = this.parseAttribute('an attribute name to group by');
      if (this.peek().kind === 'comma') this.fail('GROUP BY takes a single attribute');
    }
    const end = this.peek();
    if (end.kind !== 'eof') {
      if (end.kind === 'keyword' && end.value === 'LIMIT') this.fail('LIMIT is not supported (the List API pages results itself)');
      if (end.kind === 'rparen') this.fail('unmatched closing parenthesis');
      this.fail('expected AND, OR, ORDER BY or the end of the query');
    }
    return result;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Expr {
    if (this.atKeyword('NOT')) {
      this.enter();
      this.index += 1;
      const expr: Expr = { kind: 'not', expr: this.parseNot() };
      this.depth -= 1;
      return expr;
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    if (this.peek().kind === 'lparen') {
      this.enter();
      this.index += 1;
      const inner = this.parseOr();
      this.expect('rparen', 'expected a closing parenthesis');
      this.depth -= 1;
      return inner;
    }
    this.conditions += 1;
    if (this.conditions > MAX_CONDITIONS) this.fail(`more than ${MAX_CONDITIONS} conditions`);
    const attribute = this.parseAttribute('an attribute name (e.g. WorkflowType) or an opening parenthesis');
    const token = this.peek();
    if (token.kind === 'op') {
      this.index += 1;
      return { kind: 'compare', attribute, op: token.value as ComparisonOp, value: this.parseLiteral() };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL', 'IS can only be followed by NULL or NOT NULL');
      return { kind: 'isNull', attribute, negated };
    }
    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('IN')) {
      this.expect('lparen', 'IN must be followed by a parenthesised list of values');
      const values = [this.parseLiteral()];
      while (this.accept('comma')) values.push(this.parseLiteral());
      this.expect('rparen', 'expected a comma or a closing parenthesis in the IN list');
      return { kind: 'in', attribute, negated, values };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const from = this.parseLiteral();
      this.expectKeyword('AND', 'BETWEEN needs the form BETWEEN low AND high');
      return { kind: 'between', attribute, negated, from, to: this.parseLiteral() };
    }
    if (this.acceptKeyword('STARTS_WITH')) {
      return { kind: 'startsWith', attribute, negated, prefix: this.parseLiteral() };
    }
    if (this.atKeyword('LIKE')) this.fail('LIKE is not supported; use STARTS_WITH');
    this.fail(negated
      ? 'NOT after an attribute must be followed by IN, BETWEEN or STARTS_WITH'
      : `expected an operator after ${attribute.name} (=, !=, <, <=, >, >=, IN, BETWEEN, STARTS_WITH, IS NULL)`);
  }

  private parseAttribute(expected: string): AttributeRef {
    const token = this.peek();
    if (token.kind !== 'name') this.fail(`expected ${expected}`);
    this.index += 1;
    return { name: token.value, token };
  }

  private parseLiteral(): Literal {
    const token = this.peek();
    this.values += 1;
    if (this.values > MAX_VALUES) this.fail(`more than ${MAX_VALUES} values`);
    this.index += 1;
    if (token.kind === 'string') return { kind: 'string', value: token.value, token };
    if (token.kind === 'number') return { kind: 'number', value: token.value, token };
    if (token.kind === 'keyword' && (token.value === 'TRUE' || token.value === 'FALSE')) {
      return { kind: 'bool', value: token.value === 'TRUE', token };
    }
    this.index -= 1;
    if (token.kind === 'name') this.fail(`expected a value; quote strings ('${token.value}'), attribute names cannot be compared to each other`);
    this.fail('expected a value (a quoted string, a number, true or false)');
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
  }

  private peek(): Token { return this.tokens[this.index]; }

  private atKeyword(keyword: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.value === keyword;
  }

  private acceptKeyword(keyword: string): boolean {
    if (!this.atKeyword(keyword)) return false;
    this.index += 1;
    return true;
  }

  private expectKeyword(keyword: string, reason: string): void {
    if (!this.acceptKeyword(keyword)) this.fail(reason);
  }

  private accept(kind: Token['kind']): boolean {
    if (this.peek().kind !== kind) return false;
    this.index += 1;
    return true;
  }

  private expect(kind: Token['kind'], reason: string): void {
    if (!this.accept(kind)) this.fail(reason);
  }

  private fail(reason: string): never {
    const token = this.peek();
    throw new VisibilityQueryError(reason, token.text, token.position);
  }
}
