// PostgreSQL DDL through libpg-query (the real PostgreSQL parser), one statement at a time.
import { loadModule, parseSync } from 'libpg-query';
import type { HarvestedColumn, HarvestedDataset } from '../catalog/types.ts';
import { DdlModel, newColumn, viewColumn } from './ddl-model.ts';
import { byteToCharOffset, expressionEnd, findTopLevelWord, keywordsOf, sliceTokens, tokenIndexAt, type SqlStatement } from './sql-lexer.ts';
import { typeFacts } from './sql-types.ts';

// libpg-query's JSON AST is wide; we read the few node kinds we need.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;

const PG_TYPE_NAMES: Record<string, string> = {
  int8: 'bigint', int4: 'integer', int2: 'smallint', float8: 'double precision', float4: 'real', bool: 'boolean',
  varchar: 'character varying', bpchar: 'character', timestamptz: 'timestamp with time zone', timestamp: 'timestamp without time zone',
  timetz: 'time with time zone', time: 'time without time zone', varbit: 'bit varying', interval: 'interval', numeric: 'numeric', bit: 'bit',
};
const SERIALS: Record<string, string> = { serial: 'integer', serial4: 'integer', bigserial: 'bigint', serial8: 'bigint', smallserial: 'smallint', serial2: 'smallint' };
const COLUMN_STOP_WORDS = new Set(['NOT', 'NULL', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'REFERENCES', 'CHECK', 'COLLATE', 'GENERATED', 'DEFERRABLE', 'INITIALLY']);
const PROCEDURAL = new Set(['CreateFunctionStmt', 'CreateTrigStmt', 'DoStmt', 'CreateEventTrigStmt', 'RuleStmt']);

let loaded: Promise<void> | null = null;
export function loadPgParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

export function readPostgresStatement(model: DdlModel, stmt: SqlStatement): 'read' | 'skipped' | 'failed' {
  if (stmt.kind === 'client-command' || stmt.kind === 'copy') return 'skipped';
  let parsed: Node;
  try {
    parsed = parseSync(stmt.text);
  } catch (e) {
    const details = (e as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = details?.cursorPosition != null ? stmt.start + byteToCharOffset(stmt.text, Math.max(0, details.cursorPosition - 1)) : stmt.start;
    const tok = stmt.tokens[tokenIndexAt(stmt, at)] ?? stmt.tokens[0];
    model.problem(tok?.line ?? stmt.line, `PostgreSQL syntax error: ${(e as Error).message}`, stmt.text, 'syntax');
    return 'failed';
  }
  let result: 'read' | 'skipped' | 'failed' = 'skipped';
  for (const raw of parsed.stmts ?? []) {
    const [type, node] = Object.entries(raw.stmt ?? {})[0] ?? [];
    const r = readNode(model, stmt, type as string, node);
    if (r === 'failed') result = 'failed';
    else if (r === 'read' && result !== 'failed') result = 'read';
  }
  return result;
}

function readNode(model: DdlModel, stmt: SqlStatement, type: string, node: Node): 'read' | 'skipped' | 'failed' {
  switch (type) {
    case 'CreateStmt':
      return createTable(model, stmt, node);
    case 'ViewStmt':
      return createView(model, stmt, node.view, (node.aliases ?? []).map(str), node.query);
    case 'CreateTableAsStmt':
      if (node.objtype === 'OBJECT_MATVIEW') return createView(model, stmt, node.into.rel, (node.into.colNames ?? []).map(str), node.query);
      return skipReport(model, stmt, 'CREATE TABLE AS has no declared columns; its columns are known after it runs');
    case 'CommentStmt':
      return comment(model, stmt, node);
    case 'AlterTableStmt':
      return alterTable(model, stmt, node);
    case 'IndexStmt':
      return uniqueIndex(model, stmt, node);
    default:
      if (PROCEDURAL.has(type)) {
        model.problem(stmt.line, `procedural code skipped (${type.replace(/Stmt$/, '')}), not table DDL`, stmt.text, 'skipped-not-DDL');
      }
      return 'skipped';
  }
}

function skipReport(model: DdlModel, stmt: SqlStatement, message: string): 'failed' {
  model.problem(stmt.line, message, stmt.text, 'unsupported');
  return 'failed';
}

function str(n: Node): string {
  return n?.String?.sval ?? '';
}

function lineAt(stmt: SqlStatement, byteLocation: number | undefined): number {
  if (byteLocation == null || byteLocation < 0) return stmt.line;
  const tok = stmt.tokens[tokenIndexAt(stmt, stmt.start + byteToCharOffset(stmt.text, byteLocation))];
  return tok?.line ?? stmt.line;
}

export function pgTypeFacts(typeName: Node): { dataType: string; baseType: string; length: number | null; precision: number | null; scale: number | null; serial: boolean } {
  const names: string[] = (typeName.names ?? []).map(str);
  const last = names[names.length - 1] ?? '';
  const isCatalog = names.length === 2 && names[0] === 'pg_catalog';
  const serial = names.length === 1 && SERIALS[last] !== undefined;
  let base = isCatalog ? PG_TYPE_NAMES[last] ?? last : serial ? SERIALS[last] : names.length === 1 && PG_TYPE_NAMES[last] && last !== 'time' && last !== 'timestamp' ? PG_TYPE_NAMES[last] : names.join('.');
  const args: string[] = (typeName.typmods ?? []).map((m: Node) => {
    const c = m.A_Const;
    if (c?.ival) return String(c.ival.ival ?? 0);
    if (c && 'ival' in c) return '0';
    if (c?.fval) return c.fval.fval;
    if (c?.sval) return c.sval.sval;
    return '?';
  });
  if (base === 'interval') args.length = 0; // interval field masks are not lengths
  const array = typeName.arrayBounds?.length ? '[]'.repeat(typeName.arrayBounds.length) : '';
  let dataType: string;
  const withTz = /^(timestamp|time) (with|without) time zone$/.exec(base);
  if (withTz && args.length) dataType = `${withTz[1]}(${args.join(',')}) ${withTz[2]} time zone`;
  else dataType = args.length ? `${base}(${args.join(',')})` : base;
  dataType += array;
  if (array) base += array;
  const facts = typeFacts(base, args, dataType);
  return { ...facts, serial };
}

function createTable(model: DdlModel, stmt: SqlStatement, node: Node): 'read' | 'failed' {
  const rel = node.relation;
  const ds: HarvestedDataset = { schema: rel.schemaname ?? null, name: rel.relname, kind: 'table', comment: null, columns: [] };
  if (node.inhRelations?.length || node.partbound) {
    // inherited or partition child: columns come from the parent
    const parent = node.inhRelations?.[0]?.RangeVar;
    const p = parent ? model.find(parent.schemaname ?? null, parent.relname) : undefined;
    if (p) ds.columns = p.columns.map((c) => ({ ...c, primaryKey: false, unique: false, references: null, comment: null }));
    else if (!node.tableElts?.length) model.problem(stmt.line, `columns of ${rel.relname} come from a parent table that is not in this file`, stmt.text, 'unsupported');
  }
  const tableConstraints: Node[] = [];
  for (const elt of node.tableElts ?? []) {
    if (elt.ColumnDef) {
      const cd = elt.ColumnDef;
      const facts = pgTypeFacts(cd.typeName);
      const col: HarvestedColumn = newColumn(cd.colname, facts);
      if (facts.serial) col.defaultValue = `nextval('${(ds.schema ? `${ds.schema}.` : '')}${ds.name}_${cd.colname}_seq'::regclass)`;
      if (cd.is_not_null) col.nullable = false;
      ds.columns.push(col);
      for (const c of cd.constraints ?? []) {
        const con = c.Constraint;
        switch (con.contype) {
          case 'CONSTR_NOTNULL': col.nullable = false; break;
          case 'CONSTR_NULL': col.nullable = true; break;
          case 'CONSTR_DEFAULT': col.defaultValue = defaultText(stmt, con.location); break;
          case 'CONSTR_PRIMARY': tableConstraints.push({ contype: 'CONSTR_PRIMARY', keys: [{ String: { sval: cd.colname } }] }); break;
          case 'CONSTR_UNIQUE': tableConstraints.push({ contype: 'CONSTR_UNIQUE', keys: [{ String: { sval: cd.colname } }] }); break;
          case 'CONSTR_FOREIGN': tableConstraints.push({ ...con, fk_attrs: [{ String: { sval: cd.colname } }] }); break;
          case 'CONSTR_IDENTITY': col.nullable = false; col.defaultValue = 'generated as identity'; break;
          case 'CONSTR_GENERATED': col.defaultValue = `generated always as (${defaultText(stmt, con.location)})`; break;
          default: break;
        }
      }
    } else if (elt.Constraint) tableConstraints.push(elt.Constraint);
    else if (elt.TableLikeClause) {
      const like = elt.TableLikeClause.relation;
      const src = model.find(like.schemaname ?? null, like.relname);
      if (src) ds.columns.push(...src.columns.map((c) => ({ ...c, primaryKey: false, unique: false, references: null })));
      else model.problem(stmt.line, `LIKE ${like.relname}: that table is not in this file, its columns are missing`, stmt.text, 'unsupported');
    }
  }
  model.put(ds);
  let ok = true;
  for (const con of tableConstraints) if (!applyConstraint(model, stmt, ds, con)) ok = false;
  return ok ? 'read' : 'failed';
}

function defaultText(stmt: SqlStatement, byteLocation: number): string {
  const i = tokenIndexAt(stmt, stmt.start + byteToCharOffset(stmt.text, byteLocation));
  const from = stmt.tokens[i]?.value.toUpperCase() === 'DEFAULT' ? i + 1 : i;
  const upper = keywordsOf(stmt.tokens);
  // GENERATED ALWAYS AS ( expr ) STORED: take what is inside the parentheses
  if (upper[i] === 'GENERATED') {
    const open = stmt.tokens.findIndex((t, k) => k > i && t.text === '(');
    if (open > 0) return sliceTokens(stmt, open + 1, expressionEnd(stmt.tokens, open + 1, new Set()));
  }
  return sliceTokens(stmt, from, expressionEnd(stmt.tokens, from, COLUMN_STOP_WORDS));
}

function applyConstraint(model: DdlModel, stmt: SqlStatement, ds: HarvestedDataset, con: Node): boolean {
  let err: string | null = null;
  switch (con.contype) {
    case 'CONSTR_PRIMARY': err = model.setPrimaryKey(ds, (con.keys ?? []).map(str)); break;
    case 'CONSTR_UNIQUE': err = model.addUnique(ds, (con.keys ?? []).map(str)); break;
    case 'CONSTR_FOREIGN': {
      const pk = con.pktable;
      const refColumns = (con.pk_attrs ?? []).map(str);
      if (!refColumns.length) {
        // REFERENCES t without columns means its primary key
        const target = model.find(pk.schemaname ?? null, pk.relname);
        refColumns.push(...(target?.primaryKey ?? []));
      }
      err = model.addForeignKey(ds, { columns: (con.fk_attrs ?? []).map(str), refSchema: pk.schemaname ?? null, refTable: pk.relname, refColumns });
      break;
    }
    default: return true;
  }
  if (err) model.problem(lineAt(stmt, con.location), `${ds.name}: ${err}`, stmt.text, 'syntax');
  return !err;
}

function createView(model: DdlModel, stmt: SqlStatement, rel: Node, aliases: string[], query: Node): 'read' {
  const vIdx = findTopLevelWord(stmt.tokens, 0, 'VIEW');
  const asIdx = findTopLevelWord(stmt.tokens, vIdx < 0 ? 0 : vIdx + 1, 'AS');
  const viewSql = asIdx >= 0 ? sliceTokens(stmt, asIdx + 1, stmt.tokens.length - 1) : null;
  const names = selectNames(query);
  aliases.forEach((a, i) => (names[i] = a));
  model.put({ schema: rel.schemaname ?? null, name: rel.relname, kind: 'view', comment: null, columns: names.map(viewColumn), viewSql });
  return 'read';
}

function selectNames(query: Node): string[] {
  let sel = query?.SelectStmt;
  while (sel && !sel.targetList && sel.larg) sel = sel.larg; // UNION: names come from the first branch
  return (sel?.targetList ?? []).map((t: Node, i: number) => {
    const rt = t.ResTarget;
    if (rt?.name) return rt.name;
    const fields = rt?.val?.ColumnRef?.fields;
    if (fields?.length) return str(fields[fields.length - 1]) || '*';
    const fn = rt?.val?.FuncCall?.funcname;
    if (fn?.length) return str(fn[fn.length - 1]);
    const cast = rt?.val?.TypeCast?.arg?.ColumnRef?.fields;
    if (cast?.length) return str(cast[cast.length - 1]);
    return `?column?${i + 1}`;
  });
}

function comment(model: DdlModel, stmt: SqlStatement, node: Node): 'read' | 'skipped' | 'failed' {
  const items: string[] = (node.object?.List?.items ?? []).map(str);
  const text: string | null = node.comment ?? null;
  if (node.objtype === 'OBJECT_TABLE' || node.objtype === 'OBJECT_VIEW' || node.objtype === 'OBJECT_MATVIEW' || node.objtype === 'OBJECT_FOREIGN_TABLE') {
    const name = items[items.length - 1];
    const schema = items.length > 1 ? items[items.length - 2] : null;
    const ds = model.find(schema, name);
    if (!ds) {
      model.problem(stmt.line, `COMMENT ON ${items.join('.')}: no such table or view earlier in the file`, stmt.text, 'unsupported');
      return 'failed';
    }
    ds.comment = text;
    return 'read';
  }
  if (node.objtype === 'OBJECT_COLUMN') {
    const colName = items[items.length - 1];
    const name = items[items.length - 2];
    const schema = items.length > 2 ? items[items.length - 3] : null;
    const ds = model.find(schema, name);
    const col = ds && model.column(ds, colName);
    if (!col) {
      model.problem(stmt.line, `COMMENT ON COLUMN ${items.join('.')}: no such column earlier in the file`, stmt.text, 'unsupported');
      return 'failed';
    }
    col.comment = text;
    return 'read';
  }
  return 'skipped';
}

function alterTable(model: DdlModel, stmt: SqlStatement, node: Node): 'read' | 'skipped' | 'failed' {
  if (node.objtype && node.objtype !== 'OBJECT_TABLE') return 'skipped';
  const rel = node.relation;
  const relevant = (node.cmds ?? []).filter((c: Node) => ['AT_AddConstraint', 'AT_AddColumn', 'AT_ColumnDefault', 'AT_SetNotNull', 'AT_DropNotNull', 'AT_DropColumn'].includes(c.AlterTableCmd?.subtype));
  if (!relevant.length) return 'skipped';
  const ds = model.find(rel.schemaname ?? null, rel.relname);
  if (!ds) {
    model.problem(stmt.line, `ALTER TABLE ${rel.schemaname ? `${rel.schemaname}.` : ''}${rel.relname}: no such table earlier in the file`, stmt.text, 'unsupported');
    return 'failed';
  }
  let ok = true;
  for (const c of relevant) {
    const cmd = c.AlterTableCmd;
    if (cmd.subtype === 'AT_AddConstraint') ok = applyConstraint(model, stmt, ds, cmd.def.Constraint) && ok;
    else if (cmd.subtype === 'AT_AddColumn') {
      const cd = cmd.def.ColumnDef;
      const col = newColumn(cd.colname, pgTypeFacts(cd.typeName));
      model.addColumn(ds, col);
      for (const k of cd.constraints ?? []) {
        if (k.Constraint.contype === 'CONSTR_NOTNULL') col.nullable = false;
        else if (k.Constraint.contype === 'CONSTR_DEFAULT') col.defaultValue = defaultText(stmt, k.Constraint.location);
        else ok = applyConstraint(model, stmt, ds, { ...k.Constraint, keys: [{ String: { sval: cd.colname } }], fk_attrs: [{ String: { sval: cd.colname } }] }) && ok;
      }
    } else if (cmd.subtype === 'AT_DropColumn') {
      ds.columns = ds.columns.filter((x) => x.name !== cmd.name);
      ds.columns.forEach((x, i) => (x.ordinal = i + 1));
    } else {
      const col = model.column(ds, cmd.name);
      if (!col) {
        model.problem(stmt.line, `ALTER TABLE ${rel.relname}: no column ${cmd.name}`, stmt.text, 'unsupported');
        ok = false;
        continue;
      }
      if (cmd.subtype === 'AT_SetNotNull') col.nullable = false;
      else if (cmd.subtype === 'AT_DropNotNull') col.nullable = true;
      else if (cmd.subtype === 'AT_ColumnDefault') {
        const idx = findTopLevelWord(stmt.tokens, 0, 'DEFAULT');
        col.defaultValue = cmd.def && idx >= 0 ? sliceTokens(stmt, idx + 1, expressionEnd(stmt.tokens, idx + 1, COLUMN_STOP_WORDS)) : null;
      }
    }
  }
  return ok ? 'read' : 'failed';
}

function uniqueIndex(model: DdlModel, stmt: SqlStatement, node: Node): 'read' | 'skipped' {
  if (!node.unique) return 'skipped';
  const cols: string[] = (node.indexParams ?? []).map((p: Node) => p.IndexElem?.name).filter(Boolean);
  if (cols.length !== (node.indexParams ?? []).length) return 'skipped'; // expression index: not a column set
  const ds = model.find(node.relation.schemaname ?? null, node.relation.relname);
  if (!ds) return 'skipped';
  const err = model.addUnique(ds, cols);
  if (err) model.problem(stmt.line, `${ds.name}: ${err}`, stmt.text, 'syntax');
  return 'read';
}
