import { OPEN_CLOSE_TIME_MS, resolveAttribute, type AttributeTarget, type SearchAttributeType } from './attributes';
import { VisibilityQueryError } from './errors';
import { parseVisibilityQuery, type AttributeRef, type Expr, type Literal } from './parser';

export { VisibilityQueryError } from './errors';
export { EXECUTION_STATUS } from './values';
export type { SearchAttributeType } from './attributes';

export interface CompiledVisibilityQuery {
  /** A WHERE clause over the visibility table; values only ever appear as `?` placeholders. */
  where: string;
  params: unknown[];
  /** ORDER BY clause body (without the keywords), when the query asked for an order. */
  orderBy?: string;
  /** Column to group a count by (Temporal allows only `GROUP BY ExecutionStatus`). */
  groupBy?: string;
}

export interface VisibilityQueryOptions {
  /**
   * The namespace's custom search attributes and their types. When given, other names are
   * rejected and values are checked against the type; when absent, any name is a custom
   * attribute and each value's own literal type decides the comparison.
   */
  searchAttributes?: Readonly<Record<string, SearchAttributeType>>;
}

/**
 * Temporal's default List order: open workflows first, then most recently closed, then most
 * recently started. The run id makes the order total, which keyset paging needs.
 */
export const DEFAULT_VISIBILITY_ORDER_BY = `COALESCE(close_time, ${OPEN_CLOSE_TIME_MS}) DESC, start_time DESC, run_id`;

/**
 * Compiles a List Filter (`WorkflowType = 'x' AND ExecutionStatus = 'Running'`) to a
 * parameterised SQLite WHERE clause over the columns workflow_id, run_id, workflow_type, status,
 * start_time, close_time, execution_time, task_queue, history_length and the JSON column search_attributes.
 * Throws VisibilityQueryError, naming the offending token and its position, for anything else.
 */
export function compileVisibilityQuery(query: string, options: VisibilityQueryOptions = {}): CompiledVisibilityQuery {
  const parsed = parseVisibilityQuery(query);
  const params: unknown[] = [];
  const resolve = (ref: AttributeRef) => resolveAttribute(ref, options.searchAttributes);
  const result: CompiledVisibilityQuery = {
    where: parsed.where ? compileExpr(parsed.where, params, resolve) : '1=1',
    params,
  };
  if (parsed.orderBy.length > 0) {
    result.orderBy = parsed.orderBy.map(({ attribute, descending }) => {
      const target = resolve(attribute);
      if (target.list) failAt(attribute, 'a KeywordList attribute cannot be ordered by');
      return `${target.sql} ${descending ? 'DESC' : 'ASC'}`;
    }).join(', ');
  }
  if (parsed.groupBy) {
    const target = resolve(parsed.groupBy);
    if (target.name !== 'ExecutionStatus') failAt(parsed.groupBy, 'GROUP BY is only supported for ExecutionStatus');
    result.groupBy = target.sql;
  }
  return result;
}

type Resolve = (ref: AttributeRef) => AttributeTarget;

function compileExpr(expr: Expr, params: unknown[], resolve: Resolve): string {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return `(${compileExpr(expr.left, params, resolve)} ${expr.kind.toUpperCase()} ${compileExpr(expr.right, params, resolve)})`;
    case 'not':
      return `(NOT ${compileExpr(expr.expr, params, resolve)})`;
    case 'isNull': {
      const target = resolve(expr.attribute);
      return `(${target.nullSql} IS ${expr.negated ? 'NOT ' : ''}NULL)`;
    }
    case 'compare': {
      const target = resolve(expr.attribute);
      const value = target.toParam(expr.value);
      if (expr.op !== '=' && expr.op !== '!=') {
        if (!target.ordered) failAt(expr.attribute, `operator ${expr.op} is not supported for ${target.name}`);
      } else if (target.list) {
        return membership(target.list.jsonPath, [value], expr.op === '!=', params);
      } else if (target.text) {
        params.push(value);
        return `(${expr.op === '!=' ? 'NOT ' : ''}coalesce(instr(lower(${target.sql}), lower(?)) > 0, 0))`;
      }
      params.push(value);
      return `(${target.sql} ${expr.op} ?)`;
    }
    case 'in': {
      const target = resolve(expr.attribute);
      if (target.text) failAt(expr.attribute, `IN is not supported for the Text attribute ${target.name}`);
      const values = expr.values.map((v) => target.toParam(v));
      if (target.list) return membership(target.list.jsonPath, values, expr.negated, params);
      params.push(...values);
      return `(${target.sql} ${expr.negated ? 'NOT IN' : 'IN'} (${values.map(() => '?').join(', ')}))`;
    }
    case 'between': {
      const target = resolve(expr.attribute);
      if (!target.ordered) failAt(expr.attribute, `BETWEEN is not supported for ${target.name}`);
      params.push(target.toParam(expr.from), target.toParam(expr.to));
      return `(${target.sql} ${expr.negated ? 'NOT BETWEEN' : 'BETWEEN'} ? AND ?)`;
    }
    case 'startsWith': {
      const target = resolve(expr.attribute);
      if (!target.prefix) failAt(expr.attribute, `STARTS_WITH is only supported for Keyword attributes, not ${target.name}`);
      const prefix = expr.prefix;
      if (prefix.kind !== 'string') failLiteral(prefix, 'STARTS_WITH takes a quoted string');
      // substr rather than LIKE: LIKE ignores ASCII case in SQLite and treats % and _ as wildcards.
      params.push(prefix.value, prefix.value);
      return `(${expr.negated ? 'NOT ' : ''}substr(${target.sql}, 1, length(?)) = ?)`;
    }
  }
}

/** KeywordList membership: json_each also walks a scalar as a one-element list. */
function membership(jsonPath: string, values: unknown[], negated: boolean, params: unknown[]): string {
  params.push(...values);
  const test = values.length === 1 ? 'value = ?' : `value IN (${values.map(() => '?').join(', ')})`;
  return `(${negated ? 'NOT ' : ''}EXISTS (SELECT 1 FROM json_each(search_attributes, ${jsonPath}) WHERE ${test}))`;
}

function failAt(ref: AttributeRef, reason: string): never {
  throw new VisibilityQueryError(reason, ref.token.text, ref.token.position);
}

function failLiteral(literal: Literal, reason: string): never {
  throw new VisibilityQueryError(reason, literal.token.text, literal.token.position);
}
