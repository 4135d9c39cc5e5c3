// PostgreSQL through libpg-query (the real PostgreSQL parser, compiled to WebAssembly):
// split the file into statements with the parser's own statement locations (or, when the file
// does not parse as a whole, at the ';' tokens of its scanner), and convert each statement's
// JSON AST into the dialect-neutral query model.

import { loadModule, parseSync, scanSync } from 'libpg-query';
import type { ConvertedStmt, Cte, Expr, From, Query, SetClause, Stmt, TableRef, Target, WindowSpec } from './types.ts';

type Node = Record<string, any>;

let loaded: Promise<void> | null = null;
export function loadPostgresParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** Byte offsets (what libpg-query reports) to lines and text of a UTF-8 string. */
class ByteText {
  readonly buf: Buffer;
  private readonly newlines: number[] = [];
  constructor(readonly text: string) {
    this.buf = Buffer.from(text, 'utf8');
    for (let i = 0; i < this.buf.length; i++) if (this.buf[i] === 10) this.newlines.push(i);
  }
  lineAt(byte: number): number {
    let lo = 0, hi = this.newlines.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.newlines[mid] < byte) lo = mid + 1; else hi = mid; }
    return lo + 1;
  }
  slice(start: number, end: number): string { return this.buf.subarray(start, end).toString('utf8'); }
}

/** One statement; AST locations are byte offsets from `pieceStart`. */
export interface RawStatement { text: string; line: number; pieceStart: number; stmt: Node | null; error: string | null; errorLine: number }

/** Splits and parses a file; a statement that does not parse keeps its text and the line of the error. */
export function parsePostgresFile(sql: string): { statements: RawStatement[]; lineAt: (byte: number) => number } {
  const bt = new ByteText(sql);
  const lineAt = (b: number) => bt.lineAt(b);
  try {
    const res = parseSync(sql);
    return { statements: (res.stmts ?? []).map((s: Node) => located(bt, s, 0)), lineAt };
  } catch (err) {
    return { statements: splitAndParse(bt, err), lineAt };
  }
}

function located(bt: ByteText, s: Node, base: number): RawStatement {
  const start = base + (s.stmt_location ?? 0);
  const end = s.stmt_len ? start + s.stmt_len : bt.buf.length;
  const text = bt.slice(start, end);
  const lead = Buffer.byteLength(text, 'utf8') - Buffer.byteLength(text.trimStart(), 'utf8');
  return { text: text.trim(), line: bt.lineAt(start + lead), pieceStart: base, stmt: s.stmt, error: null, errorLine: 0 };
}

function splitAndParse(bt: ByteText, wholeErr: unknown): RawStatement[] {
  let tokens: { start: number; end: number; text: string }[] | null = null;
  let scanLimit = bt.buf.length;
  try { tokens = scanSync(bt.text).tokens; } catch {
    // The scanner stops at an unterminated quote or comment: split what lies before the parse error,
    // and report the rest as one statement.
    scanLimit = errorCursor(wholeErr) ?? 0;
    try { tokens = scanLimit > 0 ? scanSync(bt.slice(0, scanLimit)).tokens : []; } catch { tokens = []; scanLimit = 0; }
  }
  const pieces: [number, number][] = [];
  let start = 0;
  for (const t of tokens) if (t.text === ';') { pieces.push([start, t.end]); start = t.end; }
  if (scanLimit < bt.buf.length) {
    // Everything from the last ';' before the scanner failed to the end of the file is one piece.
    pieces.push([start, bt.buf.length]);
  } else if (start < bt.buf.length) pieces.push([start, bt.buf.length]);
  const out: RawStatement[] = [];
  for (const [a, b] of pieces) {
    const piece = bt.slice(a, b);
    try {
      const res = parseSync(piece);
      for (const s of res.stmts ?? []) out.push(located(bt, s, a));
    } catch (err) {
      const text = piece.trim();
      if (!text) continue;
      const lead = Buffer.byteLength(piece, 'utf8') - Buffer.byteLength(piece.trimStart(), 'utf8');
      const cur = errorCursor(err);
      out.push({
        text, line: bt.lineAt(a + lead), pieceStart: a, stmt: null,
        error: (err as Error).message, errorLine: bt.lineAt(a + (cur ?? lead)),
      });
    }
  }
  return out;
}

function errorCursor(err: unknown): number | null {
  const d = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  return typeof d?.cursorPosition === 'number' ? Math.max(0, d.cursorPosition) : null;
}

/** Converts one parsed statement. `lineAt` maps a byte offset of the file to its line. */
export function convertPostgres(raw: RawStatement, lineAt: (byte: number) => number): ConvertedStmt {
  const conv = new PgConverter((loc: number | undefined) => (typeof loc === 'number' && loc >= 0 ? lineAt(raw.pieceStart + loc) : raw.line));
  let stmt: Stmt = { k: 'none' };
  try { stmt = conv.statement(raw.stmt as Node); } catch (err) {
    conv.problems.push({ line: raw.line, message: `statement not understood: ${(err as Error).message}` });
  }
  return { stmt, line: raw.line, text: raw.text, problems: conv.problems };
}

const str = (n: Node | undefined): string => (n?.String?.sval ?? n?.sval ?? '') as string;
const names = (list: Node[] | undefined): string[] => (list ?? []).map(str);
const one = (n: Node): [string, Node] => { const k = Object.keys(n)[0]; return [k, n[k]]; };

class PgConverter {
  problems: { line: number; message: string }[] = [];
  constructor(private readonly lineAt: (loc: number | undefined) => number) {}

  statement(n: Node): Stmt {
    const [type, b] = one(n);
    switch (type) {
      case 'InsertStmt': {
        const q: Query = b.selectStmt ? this.query(b.selectStmt) : { k: 'values', rows: [], line: this.lineAt(b.relation?.location) };
        const oc = b.onConflictClause;
        return {
          k: 'insert', target: this.rangeVar(b.relation), columns: b.cols ? b.cols.map((c: Node) => c.ResTarget.name) : null,
          query: q, with: this.withClause(b.withClause),
          onConflictSet: oc?.action === 'ONCONFLICT_UPDATE' ? this.setList(oc.targetList) : null,
          onConflictWhere: oc?.whereClause ? this.expr(oc.whereClause) : null,
        };
      }
      case 'CreateTableAsStmt':
        return {
          k: 'create', target: this.rangeVar(b.into.rel), columns: b.into.colNames ? names(b.into.colNames) : null,
          query: this.query(b.query), kind: b.objtype === 'OBJECT_MATVIEW' ? 'matview' : 'table',
        };
      case 'ViewStmt':
        return { k: 'create', target: this.rangeVar(b.view), columns: b.aliases ? names(b.aliases) : null, query: this.query(b.query), kind: 'view' };
      case 'UpdateStmt':
        return {
          k: 'update', target: this.rangeVar(b.relation), alias: b.relation.alias?.aliasname ?? null,
          set: this.setList(b.targetList), from: (b.fromClause ?? []).map((f: Node) => this.from(f)),
          where: b.whereClause ? this.expr(b.whereClause) : null, with: this.withClause(b.withClause),
        };
      case 'MergeStmt':
        return {
          k: 'merge', target: this.rangeVar(b.relation), alias: b.relation.alias?.aliasname ?? null,
          source: this.from(b.sourceRelation), on: this.expr(b.joinCondition), with: this.withClause(b.withClause),
          whens: (b.mergeWhenClauses ?? []).map((w: Node) => {
            const m = w.MergeWhenClause;
            const action = ({ CMD_UPDATE: 'update', CMD_INSERT: 'insert', CMD_DELETE: 'delete' } as Record<string, 'update' | 'insert' | 'delete'>)[m.commandType] ?? 'nothing';
            return {
              matched: m.matchKind === 'MERGE_WHEN_MATCHED', cond: m.condition ? this.expr(m.condition) : null, action,
              set: action === 'update' ? this.setList(m.targetList) : [],
              columns: action === 'insert' && m.targetList ? m.targetList.map((t: Node) => t.ResTarget.name) : null,
              values: action === 'insert' ? (m.values ?? []).map((v: Node) => this.expr(v)) : null,
            };
          }),
        };
      case 'SelectStmt': return { k: 'select', query: this.query(n) };
      case 'VariableSetStmt':
        if (b.name === 'search_path' && b.kind === 'VAR_SET_VALUE') return { k: 'searchPath', schemas: (b.args ?? []).map((a: Node) => a.A_Const?.sval?.sval ?? str(a)).filter(Boolean) };
        return { k: 'none' };
      default: return { k: 'none' };
    }
  }

  private setList(list: Node[] | undefined): SetClause[] {
    const out: SetClause[] = [];
    for (const t of list ?? []) {
      const r = t.ResTarget;
      if (r.val?.MultiAssignRef) {
        const m = r.val.MultiAssignRef;
        const src = this.expr(m.source);
        const part = src.k === 'pass' || src.k === 'other' ? src.args[m.colno - 1] ?? src : src;
        out.push({ col: r.name, expr: part });
      } else out.push({ col: r.name, expr: this.expr(r.val) });
    }
    return out;
  }

  private rangeVar(rv: Node): TableRef {
    return { schema: rv.schemaname ?? null, name: rv.relname, line: this.lineAt(rv.location) };
  }

  private withClause(w: Node | undefined): Cte[] | null {
    if (!w) return null;
    return (w.ctes ?? []).map((c: Node) => {
      const e = c.CommonTableExpr;
      return { name: e.ctename, columns: e.aliascolnames ? names(e.aliascolnames) : null, query: this.query(e.ctequery), recursive: !!w.recursive };
    });
  }

  query(n: Node): Query {
    const s = n.SelectStmt;
    if (!s) throw new Error(`unsupported query node ${Object.keys(n)[0]}`);
    const line = this.lineAt(s.targetList?.[0]?.ResTarget?.location);
    if (s.op && s.op !== 'SETOP_NONE') {
      return {
        k: 'setop', op: `${s.op.replace('SETOP_', '').toLowerCase()}${s.all ? ' all' : ''}`,
        left: this.query({ SelectStmt: s.larg }), right: this.query({ SelectStmt: s.rarg }), with: this.withClause(s.withClause),
        orderBy: (s.sortClause ?? []).map((x: Node) => this.expr(x.SortBy.node)), limited: !!(s.limitCount || s.limitOffset), line,
      };
    }
    if (s.valuesLists) {
      return { k: 'values', rows: s.valuesLists.map((l: Node) => (l.List.items ?? []).map((e: Node) => this.expr(e))), line };
    }
    const windows: Record<string, WindowSpec> = {};
    for (const w of s.windowClause ?? []) {
      const d = w.WindowDef;
      windows[d.name] = { partition: (d.partitionClause ?? []).map((x: Node) => this.expr(x)), order: (d.orderClause ?? []).map((x: Node) => this.expr(x.SortBy.node)) };
    }
    return {
      k: 'select', with: this.withClause(s.withClause), line,
      targets: (s.targetList ?? []).map((t: Node) => this.target(t.ResTarget)),
      from: (s.fromClause ?? []).map((f: Node) => this.from(f)),
      where: s.whereClause ? this.expr(s.whereClause) : null,
      groupBy: (s.groupClause ?? []).flatMap((g: Node) => this.groupItems(g)),
      having: s.havingClause ? this.expr(s.havingClause) : null,
      orderBy: (s.sortClause ?? []).map((x: Node) => this.expr(x.SortBy.node)),
      limited: !!(s.limitCount || s.limitOffset),
      distinctOn: (s.distinctClause ?? []).filter((d: Node) => Object.keys(d).length > 0).map((d: Node) => this.expr(d)),
      windows,
      into: s.intoClause ? this.rangeVar(s.intoClause.rel) : null,
    };
  }

  private groupItems(g: Node): Expr[] {
    if (g.GroupingSet) return (g.GroupingSet.content ?? []).flatMap((x: Node) => this.groupItems(x));
    return [this.expr(g)];
  }

  private target(r: Node): Target {
    const line = this.lineAt(r.location);
    const v = r.val;
    if (v?.ColumnRef && v.ColumnRef.fields.some((f: Node) => f.A_Star)) {
      const qual = names(v.ColumnRef.fields.filter((f: Node) => f.String));
      return { name: null, expr: { k: 'star', qual: qual.length ? qual : null, line }, line };
    }
    return { name: r.name ?? figureName(v), expr: this.expr(v), line };
  }

  from(f: Node): From {
    const [type, b] = one(f);
    switch (type) {
      case 'RangeVar':
        return { k: 'table', schema: b.schemaname ?? null, name: b.relname, alias: b.alias?.aliasname ?? null, line: this.lineAt(b.location) };
      case 'RangeSubselect':
        return { k: 'sub', query: this.query(b.subquery), alias: b.alias?.aliasname ?? null, columns: b.alias?.colnames ? names(b.alias.colnames) : null, line: 0 };
      case 'JoinExpr':
        return {
          k: 'join', left: this.from(b.larg), right: this.from(b.rarg), on: b.quals ? this.expr(b.quals) : null,
          using: b.usingClause ? names(b.usingClause) : null, natural: !!b.isNatural, line: 0,
        };
      case 'RangeFunction': {
        const args: Expr[] = [];
        for (const fl of b.functions ?? []) for (const x of fl.List?.items ?? []) if (x && Object.keys(x).length) args.push(this.expr(x));
        return { k: 'func', args, alias: b.alias?.aliasname ?? null, columns: b.alias?.colnames ? names(b.alias.colnames) : null, line: 0 };
      }
      default:
        throw new Error(`FROM item ${type} is not supported`);
    }
  }

  expr(n: Node | undefined | null): Expr {
    if (!n || typeof n !== 'object') return { k: 'const', str: null };
    const [type, b] = one(n);
    switch (type) {
      case 'ColumnRef': {
        if (b.fields.some((f: Node) => f.A_Star)) return { k: 'star', qual: names(b.fields.filter((f: Node) => f.String)), line: this.lineAt(b.location) };
        return { k: 'col', parts: names(b.fields), line: this.lineAt(b.location) };
      }
      case 'A_Const':
        if (b.sval) return { k: 'const', str: b.sval.sval ?? '' };
        if (b.ival) return { k: 'const', str: null, int: b.ival.ival ?? 0 };
        return { k: 'const', str: null };
      case 'ParamRef': case 'SQLValueFunction': case 'SetToDefault': return { k: 'const', str: null };
      case 'TypeCast': {
        const tn = names(b.typeName.names);
        const typ = tn.filter((x) => x !== 'pg_catalog').join('.');
        return { k: 'cast', arg: this.expr(b.arg), type: typ, typmod: !!b.typeName.typmods?.length || !!b.typeName.arrayBounds };
      }
      case 'CollateClause': return { k: 'pass', args: [this.expr(b.arg)] };
      case 'FuncCall': {
        const fn = names(b.funcname);
        const name = fn[fn.length - 1].toLowerCase();
        const schema = fn.length > 1 && fn[0] !== 'pg_catalog' ? fn[fn.length - 2] : null;
        const over = b.over ? {
          partition: (b.over.partitionClause ?? []).map((x: Node) => this.expr(x)),
          order: (b.over.orderClause ?? []).map((x: Node) => this.expr(x.SortBy.node)),
          ref: b.over.refname ?? (b.over.partitionClause || b.over.orderClause ? null : b.over.name ?? null),
        } : null;
        return {
          k: 'func', name, schema, args: (b.args ?? []).map((a: Node) => this.expr(a)), agg: !!b.agg_star && name === 'count',
          filter: b.agg_filter ? this.expr(b.agg_filter) : null, order: (b.agg_order ?? []).map((x: Node) => this.expr(x.SortBy.node)), over,
        };
      }
      case 'A_Expr': {
        const op = names(b.name).join('.');
        const args = [b.lexpr, b.rexpr].filter(Boolean).flatMap((x: Node) => (x.List ? x.List.items.map((i: Node) => this.expr(i)) : [this.expr(x)]));
        if (b.kind === 'AEXPR_NULLIF') return { k: 'func', name: 'nullif', schema: null, args, agg: false, filter: null, order: [], over: null };
        return { k: 'op', name: op, args };
      }
      case 'BoolExpr': return { k: 'op', name: b.boolop, args: (b.args ?? []).map((a: Node) => this.expr(a)) };
      case 'NullTest': case 'BooleanTest': return { k: 'other', args: [this.expr(b.arg)] };
      case 'CaseExpr':
        return {
          k: 'case', arg: b.arg ? this.expr(b.arg) : null,
          whens: (b.args ?? []).map((w: Node) => ({ cond: this.expr(w.CaseWhen.expr), result: this.expr(w.CaseWhen.result) })),
          else: b.defresult ? this.expr(b.defresult) : null,
        };
      case 'CoalesceExpr': return { k: 'func', name: 'coalesce', schema: null, args: (b.args ?? []).map((a: Node) => this.expr(a)), agg: false, filter: null, order: [], over: null };
      case 'MinMaxExpr': return { k: 'func', name: b.op === 'IS_GREATEST' ? 'greatest' : 'least', schema: null, args: (b.args ?? []).map((a: Node) => this.expr(a)), agg: false, filter: null, order: [], over: null };
      case 'SubLink': {
        const kind = b.subLinkType === 'EXPR_SUBLINK' ? 'scalar' : b.subLinkType === 'EXISTS_SUBLINK' ? 'exists' : b.subLinkType === 'ARRAY_SUBLINK' ? 'array' : 'in';
        return { k: 'sub', query: this.query(b.subselect), test: b.testexpr ? this.expr(b.testexpr) : null, kind };
      }
      case 'List': return { k: 'other', args: (b.items ?? []).map((a: Node) => this.expr(a)) };
      default:
        return { k: 'other', args: childNodes(b).map((c) => this.expr(c)) };
    }
  }
}

/** Any nested AST nodes of an unknown node, so that no column reference is lost. */
function childNodes(b: unknown): Node[] {
  const out: Node[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) { v.forEach(visit); return; }
    if (!v || typeof v !== 'object') return;
    const keys = Object.keys(v);
    if (keys.length === 1 && /^[A-Z]/.test(keys[0])) out.push(v as Node);
    else for (const k of keys) visit((v as Node)[k]);
  };
  visit(b);
  return out;
}

/** PostgreSQL's own name for an unaliased output column (FigureColname). */
function figureName(v: Node | undefined): string {
  if (!v) return '?column?';
  const [type, b] = one(v);
  switch (type) {
    case 'ColumnRef': { const f = names(b.fields); return f[f.length - 1] || '?column?'; }
    case 'FuncCall': { const f = names(b.funcname); return f[f.length - 1]; }
    case 'TypeCast': { const inner = figureName(b.arg); if (inner !== '?column?') return inner; const t = names(b.typeName.names); return t[t.length - 1]; }
    case 'CollateClause': return figureName(b.arg);
    case 'CaseExpr': return 'case';
    case 'CoalesceExpr': return 'coalesce';
    case 'MinMaxExpr': return b.op === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'A_Expr': return b.kind === 'AEXPR_NULLIF' ? 'nullif' : '?column?';
    case 'SubLink':
      if (b.subLinkType === 'EXISTS_SUBLINK') return 'exists';
      if (b.subLinkType === 'ARRAY_SUBLINK') return 'array';
      if (b.subLinkType === 'EXPR_SUBLINK') { const t = b.subselect?.SelectStmt?.targetList?.[0]?.ResTarget; return t?.name ?? figureName(t?.val); }
      return '?column?';
    case 'SQLValueFunction': return String(b.op ?? '').replace(/^SVFOP_/, '').toLowerCase() || '?column?';
    default: return '?column?';
  }
}
