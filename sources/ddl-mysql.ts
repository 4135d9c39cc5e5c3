// MySQL DDL (plain, mysqldump, Navicat) through node-sql-parser, one statement at a time.
import sqlParser from 'node-sql-parser';
import type { HarvestedColumn, HarvestedDataset } from '../catalog/types.ts';
import { DdlModel, newColumn, viewColumn } from './ddl-model.ts';
import { findTopLevelWord, keywordsOf, sliceTokens, tokensToText, type SqlStatement, type Token } from './sql-lexer.ts';
import { typeFacts } from './sql-types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

const parser = new sqlParser.Parser();
const PROCEDURAL = new Set(['PROCEDURE', 'FUNCTION', 'TRIGGER', 'EVENT']);

export function readMysqlStatement(model: DdlModel, stmt: SqlStatement): 'read' | 'skipped' | 'failed' {
  if (stmt.kind === 'client-command') return 'skipped';
  const kw = keywordsOf(stmt.tokens);
  const head = kw.slice(0, 40).filter(Boolean);
  if (kw[0] === 'CREATE') {
    const unit = head.find((w) => PROCEDURAL.has(w) || w === 'TABLE' || w === 'VIEW' || w === 'INDEX' || w === 'DATABASE' || w === 'SCHEMA');
    if (unit && PROCEDURAL.has(unit)) {
      model.problem(stmt.line, `procedural code skipped (CREATE ${unit}), not table DDL`, stmt.text, 'skipped-not-DDL');
      return 'skipped';
    }
    if (unit === 'INDEX' && !head.includes('UNIQUE')) return 'skipped';
    if (unit !== 'TABLE' && unit !== 'VIEW' && unit !== 'INDEX') return 'skipped';
  } else if (kw[0] === 'ALTER' && kw[1] === 'TABLE') {
    if (!kw.some((w) => w === 'ADD' || w === 'MODIFY' || w === 'CHANGE')) return 'skipped';
  } else return 'skipped';

  const ast = parseWithFallback(model, stmt);
  if (!ast) return 'failed';
  const values = unquoteMap(stmt.tokens);
  const node = Array.isArray(ast) ? ast[0] : ast;
  if (node?.type === 'create' && node.keyword === 'table') return createTable(model, stmt, node, values);
  if (node?.type === 'create' && node.keyword === 'view') return createView(model, stmt, node, values);
  if (node?.type === 'create' && node.keyword === 'index') return createIndex(model, stmt, node, values);
  if (node?.type === 'alter') return alterTable(model, stmt, node, values);
  return 'skipped';
}

function parseWithFallback(model: DdlModel, stmt: SqlStatement): Node | null {
  try {
    return parser.astify(tokensToText(stmt.tokens), { database: 'mysql' });
  } catch (first) {
    // Table options the parser does not know (PARTITION BY, TABLESPACE, ...) carry no metadata
    // we keep except the comment: retry with the column list and the COMMENT option only.
    const kw = keywordsOf(stmt.tokens);
    if (kw[0] === 'CREATE') {
      const close = closingParen(stmt.tokens);
      if (close > 0 && close < stmt.tokens.length - 1) {
        const tail = stmt.tokens.slice(close + 1);
        const c = tail.findIndex((t) => t.kind === 'word' && t.value.toUpperCase() === 'COMMENT');
        const commentTokens = c >= 0 ? tail.slice(c, tail[c + 1]?.text === '=' ? c + 3 : c + 2) : [];
        try {
          return parser.astify(tokensToText([...stmt.tokens.slice(0, close + 1), ...commentTokens]), { database: 'mysql' });
        } catch {
          /* report the first error */
        }
      }
    }
    const loc = (first as { location?: { start?: { line?: number } } }).location;
    const line = stmt.line + Math.max(0, (loc?.start?.line ?? 1) - 1);
    const msg = (first as Error).message.replace(/^Expected .* but (.*) found\.?$/s, 'unexpected $1');
    model.problem(line, `MySQL syntax error: ${msg}`, stmt.text, 'syntax');
    return null;
  }
}

function closingParen(tokens: Token[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return -1;
}

/** node-sql-parser keeps escapes (`` ` `` doubled, `''`, `\\`) in names and strings: map raw text back to the value our lexer read. */
function unquoteMap(tokens: Token[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of tokens) {
    if (t.kind === 'ident' || t.kind === 'string') {
      const prefix = t.text[0] === "'" || t.text[0] === '"' || t.text[0] === '`' ? 1 : 2;
      m.set(t.text.slice(prefix, -1), t.value);
    }
  }
  return m;
}

function v(values: Map<string, string>, raw: unknown): string {
  const s = raw == null ? '' : typeof raw === 'object' ? String((raw as { value?: unknown }).value ?? (raw as { expr?: { value?: unknown } }).expr?.value ?? '') : String(raw);
  return values.get(s) ?? s;
}

function columnName(values: Map<string, string>, col: Node): string {
  return v(values, col?.column ?? col);
}

function stringValue(values: Map<string, string>, node: Node): string | null {
  if (node == null) return null;
  if (typeof node === 'string') {
    const inner = /^'(.*)'$/s.exec(node)?.[1] ?? node;
    return values.get(inner) ?? inner;
  }
  return v(values, node.value ?? node);
}

function mysqlType(def: Node): ReturnType<typeof typeFacts> {
  const base = String(def.dataType ?? '').toLowerCase();
  let args: string[] = [];
  if (def.length != null) args = def.scale != null ? [String(def.length), String(def.scale)] : [String(def.length)];
  let dataType = args.length ? `${base}(${args.join(',')})` : base;
  if (def.expr?.value && Array.isArray(def.expr.value)) {
    dataType = `${base}(${def.expr.value.map((e: Node) => `'${String(e.value).replace(/'/g, "''")}'`).join(',')})`;
  }
  const suffix = (Array.isArray(def.suffix) ? def.suffix : []).map((s: unknown) => String(s).toLowerCase());
  if (suffix.length) dataType += ` ${suffix.join(' ')}`;
  return typeFacts(base, args, dataType);
}

function defaultText(values: Map<string, string>, d: Node): string | null {
  const val = d?.value;
  if (!val) return null;
  switch (val.type) {
    case 'null': return 'NULL';
    case 'number': case 'bool': case 'boolean': return String(val.value);
    case 'single_quote_string': case 'double_quote_string': case 'string': return `'${(values.get(String(val.value)) ?? String(val.value)).replace(/'/g, "''")}'`;
    case 'function': {
      const name = val.name?.name?.[0]?.value ?? val.name;
      return `${String(name).toUpperCase()}(${(val.args?.value ?? []).map((a: Node) => a.value).join(',')})`;
    }
    default: return String(val.value ?? val.type).toUpperCase();
  }
}

function columnFrom(values: Map<string, string>, def: Node): HarvestedColumn {
  const col = newColumn(columnName(values, def.column), mysqlType(def.definition ?? {}));
  if (def.nullable?.type === 'not null') col.nullable = false;
  if (def.default_val) col.defaultValue = defaultText(values, def.default_val);
  if (def.auto_increment) col.defaultValue = 'AUTO_INCREMENT';
  if (def.comment) col.comment = stringValue(values, def.comment.value);
  return col;
}

function tableRef(values: Map<string, string>, t: Node): { schema: string | null; name: string } {
  return { schema: t?.db ? v(values, t.db) : null, name: v(values, t?.table ?? t?.view) };
}

function applyDefinition(model: DdlModel, stmt: SqlStatement, ds: HarvestedDataset, values: Map<string, string>, d: Node, inline: { pk: string[]; uniques: string[][] }): string | null {
  if (d.resource === 'column') {
    const col = columnFrom(values, d);
    model.addColumn(ds, col);
    if (d.primary_key || d.unique_or_primary === 'primary key') inline.pk.push(col.name);
    if (d.unique || d.unique_or_primary === 'unique') inline.uniques.push([col.name]);
    if (d.reference_definition?.table) {
      const ref = tableRef(values, d.reference_definition.table[0]);
      return model.addForeignKey(ds, { columns: [col.name], refSchema: ref.schema, refTable: ref.name, refColumns: (d.reference_definition.definition ?? []).map((c: Node) => columnName(values, c)) });
    }
    return null;
  }
  if (d.resource !== 'constraint') return null;
  const cols: string[] = (d.definition ?? []).map((c: Node) => columnName(values, c));
  const type = String(d.constraint_type ?? '').toLowerCase();
  if (type === 'primary key') return model.setPrimaryKey(ds, cols);
  if (type.startsWith('unique')) return model.addUnique(ds, cols);
  if (type === 'foreign key') {
    const rd = d.reference_definition;
    const ref = tableRef(values, rd.table[0]);
    return model.addForeignKey(ds, { columns: cols, refSchema: ref.schema, refTable: ref.name, refColumns: (rd.definition ?? []).map((c: Node) => columnName(values, c)) });
  }
  return null;
}

function createTable(model: DdlModel, stmt: SqlStatement, node: Node, values: Map<string, string>): 'read' | 'failed' {
  const { schema, name } = tableRef(values, node.table[0]);
  const ds: HarvestedDataset = { schema, name, kind: 'table', comment: null, columns: [] };
  if (node.like) {
    const src = tableRef(values, node.like.table[0]);
    const from = model.find(src.schema, src.name);
    if (!from) {
      model.problem(stmt.line, `CREATE TABLE ${name} LIKE ${src.name}: that table is not in this file`, stmt.text, 'unsupported');
      return 'failed';
    }
    model.put({ ...structuredClone(from), schema, name, kind: 'table' });
    return 'read';
  }
  if (!node.create_definitions) {
    model.problem(stmt.line, `CREATE TABLE ${name} AS SELECT has no declared columns; its columns are known after it runs`, stmt.text, 'unsupported');
    return 'failed';
  }
  const opt = (node.table_options ?? []).find((o: Node) => String(o.keyword).toLowerCase() === 'comment');
  if (opt) ds.comment = stringValue(values, opt.value);
  model.put(ds);
  const inline = { pk: [] as string[], uniques: [] as string[][] };
  const errors: string[] = [];
  const constraints = node.create_definitions.filter((d: Node) => d.resource !== 'column');
  for (const d of node.create_definitions.filter((x: Node) => x.resource === 'column')) {
    const err = applyDefinition(model, stmt, ds, values, d, inline);
    if (err) errors.push(err);
  }
  for (const d of constraints) {
    const err = applyDefinition(model, stmt, ds, values, d, inline);
    if (err) errors.push(err);
  }
  if (inline.pk.length) errors.push(...[model.setPrimaryKey(ds, inline.pk)].filter((e): e is string => !!e));
  for (const u of inline.uniques) errors.push(...[model.addUnique(ds, u)].filter((e): e is string => !!e));
  for (const e of errors) model.problem(stmt.line, `${name}: ${e}`, stmt.text, 'syntax');
  return errors.length ? 'failed' : 'read';
}

function createView(model: DdlModel, stmt: SqlStatement, node: Node, values: Map<string, string>): 'read' {
  const { schema, name } = tableRef(values, node.view);
  const vIdx = findTopLevelWord(stmt.tokens, 0, 'VIEW');
  const asIdx = findTopLevelWord(stmt.tokens, vIdx + 1, 'AS');
  const viewSql = asIdx >= 0 ? sliceTokens(stmt, asIdx + 1, stmt.tokens.length - 1) : null;
  let names: string[] = (node.select?.columns ?? []).map((c: Node, i: number) => {
    if (c.as) return v(values, c.as);
    if (c.expr?.type === 'column_ref') return columnName(values, c.expr);
    return `?column?${i + 1}`;
  });
  if (Array.isArray(node.columns) && node.columns.length) names = node.columns.map((c: Node) => columnName(values, c));
  model.put({ schema, name, kind: 'view', comment: null, columns: names.map(viewColumn), viewSql });
  return 'read';
}

function createIndex(model: DdlModel, stmt: SqlStatement, node: Node, values: Map<string, string>): 'read' | 'skipped' {
  if (String(node.index_type ?? '').toLowerCase() !== 'unique') return 'skipped';
  const { schema, name } = tableRef(values, node.table);
  const ds = model.find(schema, name);
  if (!ds) return 'skipped';
  const cols = (node.index_columns ?? []).map((c: Node) => columnName(values, c.column ?? c));
  const err = model.addUnique(ds, cols);
  if (err) model.problem(stmt.line, `${name}: ${err}`, stmt.text, 'syntax');
  return 'read';
}

function alterTable(model: DdlModel, stmt: SqlStatement, node: Node, values: Map<string, string>): 'read' | 'skipped' | 'failed' {
  const { schema, name } = tableRef(values, node.table[0]);
  const ds = model.find(schema, name);
  if (!ds) {
    model.problem(stmt.line, `ALTER TABLE ${name}: no such table earlier in the file`, stmt.text, 'unsupported');
    return 'failed';
  }
  const inline = { pk: [] as string[], uniques: [] as string[][] };
  const errors: string[] = [];
  for (const e of node.expr ?? []) {
    if (e.action === 'add') {
      const d = e.resource === 'column' ? e : e.create_definitions;
      if (!d) continue;
      const err = applyDefinition(model, stmt, ds, values, { ...d, resource: e.resource === 'column' ? 'column' : d.resource }, inline);
      if (err) errors.push(err);
    } else if ((e.action === 'modify' || e.action === 'change') && e.resource === 'column') {
      const oldName = columnName(values, e.old_column ?? e.column);
      const idx = ds.columns.findIndex((c) => c.name === oldName);
      if (idx < 0) {
        errors.push(`no column ${oldName}`);
        continue;
      }
      const prev = ds.columns[idx];
      const next = columnFrom(values, e);
      ds.columns[idx] = { ...next, ordinal: prev.ordinal, primaryKey: prev.primaryKey, unique: prev.unique, references: prev.references };
    }
  }
  if (inline.pk.length) errors.push(...[model.setPrimaryKey(ds, inline.pk)].filter((x): x is string => !!x));
  for (const e of errors) model.problem(stmt.line, `ALTER TABLE ${name}: ${e}`, stmt.text, 'syntax');
  return errors.length ? 'failed' : 'read';
}
