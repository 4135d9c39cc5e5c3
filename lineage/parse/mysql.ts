// MySQL through node-sql-parser: the file is cut into statements at the ';' that lie outside
// quotes and comments (node-sql-parser exposes no tokenizer and reports no statement positions,
// so this scanner only knows quoting and comments, never SQL meaning); each statement is then
// parsed on its own, so one bad statement does not hide the others, and converted into the
// dialect-neutral query model.

import sqlParser from 'node-sql-parser';
import type { ConvertedStmt, Cte, Expr, From, Query, SetClause, Stmt, TableRef, Target, WindowSpec } from './types.ts';

type Node = Record<string, any>;
const parser = new sqlParser.Parser();
const OPTIONS = { database: 'mysql', parseOptions: { includeLocations: true } };

export interface MysqlPiece { text: string; line: number; ast: Node | null; error: string | null; errorLine: number }

/** Cuts a MySQL script at top-level ';' (outside '…', "…", `…`, -- / # / C-style comments). */
export function splitMysql(sql: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let start = 0, line = 1, startLine = 1, i = 0, sawCode = false;
  const n = sql.length;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    let l = startLine;
    for (let k = 0; k < lead; k++) if (raw[k] === '\n') l++;
    if (sawCode) out.push({ text: raw.trim(), line: l });
    sawCode = false;
  };
  while (i < n) {
    const c = sql[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === "'" || c === '"' || c === '`') {
      sawCode = true;
      i++;
      while (i < n) {
        const d = sql[i];
        if (d === '\n') line++;
        if (d === '\\' && c !== '`') { i += 2; continue; }
        if (d === c) { if (sql[i + 1] === c) { i += 2; continue; } i++; break; }
        i++;
      }
      continue;
    }
    if ((c === '-' && sql[i + 1] === '-' && (i + 2 >= n || ' \t\n\r'.includes(sql[i + 2]))) || c === '#') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      i += 2;
      while (i < n && !(sql[i] === '*' && sql[i + 1] === '/')) { if (sql[i] === '\n') line++; i++; }
      i += 2;
      continue;
    }
    if (c === ';') { push(i); start = i + 1; startLine = line; }
    else if (c !== ' ' && c !== '\t' && c !== '\r') sawCode = true;
    i++;
  }
  push(n);
  return out;
}

export function parseMysqlFile(sql: string): MysqlPiece[] {
  return splitMysql(sql).map(({ text, line }) => {
    try {
      const ast = parser.astify(text, OPTIONS);
      return { text, line, ast: Array.isArray(ast) ? ast[0] ?? null : ast, error: null, errorLine: 0 };
    } catch (err) {
      const loc = (err as { location?: { start?: { line?: number } } }).location;
      return { text, line, ast: null, error: (err as Error).message, errorLine: line + (loc?.start?.line ?? 1) - 1 };
    }
  });
}

export function convertMysql(piece: MysqlPiece): ConvertedStmt {
  const conv = new MyConverter(piece);
  let stmt: Stmt = { k: 'none' };
  try { if (piece.ast) stmt = conv.statement(piece.ast); } catch (err) {
    conv.problems.push({ line: piece.line, message: `statement not understood: ${(err as Error).message}` });
  }
  return { stmt, line: piece.line, text: piece.text, problems: conv.problems };
}

const ident = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') { const o = v as Node; return ident(o.expr?.value ?? o.value ?? o.expr ?? ''); }
  return String(v ?? '');
};

class MyConverter {
  problems: { line: number; message: string }[] = [];
  constructor(private readonly piece: MysqlPiece) {}

  private lineOf(n: Node | null | undefined): number {
    const l = n?.loc?.start?.line;
    return typeof l === 'number' ? this.piece.line + l - 1 : this.piece.line;
  }

  private textOf(n: Node | null | undefined): string | null {
    const loc = n?.loc;
    if (!loc) return null;
    return this.piece.text.slice(loc.start.offset, loc.end.offset);
  }

  statement(a: Node): Stmt {
    switch (a.type) {
      case 'select': return { k: 'select', query: this.query(a) };
      case 'insert': case 'replace': {
        const t = a.table?.[0];
        let query: Query;
        const v = a.values;
        if (v?.type === 'select' || v?.ast) query = this.query(v.ast ?? v);
        else if (Array.isArray(v) || v?.type === 'values') {
          const rows = (Array.isArray(v) ? v : v.values).map((r: Node) => (r.value ?? []).map((e: Node) => this.expr(e)));
          query = { k: 'values', rows, line: this.piece.line };
        } else if (a.select) query = this.query(a.select);
        else query = { k: 'values', rows: [], line: this.piece.line };
        const dup = a.on_duplicate_update?.set ?? null;
        return {
          k: 'insert', target: this.tableRef(t), columns: a.columns ? a.columns.map(ident) : null, query, with: null,
          onConflictSet: dup ? this.setList(dup) : null, onConflictWhere: null,
        };
      }
      case 'create':
        if (a.keyword === 'table' && a.query_expr) {
          return { k: 'create', target: this.tableRef(a.table[0]), columns: null, query: this.query(a.query_expr.ast ?? a.query_expr), kind: 'table' };
        }
        if (a.keyword === 'view' && a.select) {
          return {
            k: 'create', target: { schema: a.view?.db ?? null, name: a.view?.view ?? ident(a.view), line: this.piece.line },
            columns: a.columns ? a.columns.map(ident) : null, query: this.query(a.select), kind: 'view',
          };
        }
        return { k: 'none' };
      case 'update': {
        const sets = a.set ?? [];
        const tables: Node[] = a.table ?? [];
        const targetAlias = sets.find((s: Node) => s.table)?.table ?? null;
        const tItem = (targetAlias && tables.find((t) => (t.as ?? t.table) === targetAlias)) || tables[0];
        const distinct = new Set(sets.map((s: Node) => s.table ?? (tItem.as ?? tItem.table)));
        if (distinct.size > 1) this.problems.push({ line: this.piece.line, message: 'UPDATE of several tables at once: only the columns of the first target table are traced' });
        const own = sets.filter((s: Node) => !s.table || s.table === (tItem.as ?? tItem.table));
        return {
          k: 'update', target: this.tableRef(tItem), alias: tItem.as ?? null, set: this.setList(own),
          from: this.fromList(tables), where: a.where ? this.expr(a.where) : null, with: this.withList(a.with), targetInFrom: true,
        };
      }
      case 'use': return { k: 'searchPath', schemas: [ident(a.db)] };
      default: return { k: 'none' };
    }
  }

  private setList(list: Node[]): SetClause[] {
    return list.map((s) => ({ col: ident(s.column), expr: this.expr(s.value) }));
  }

  private tableRef(t: Node): TableRef {
    return { schema: t?.db ?? null, name: ident(t?.table), line: this.lineOf(t) };
  }

  private withList(w: Node[] | null | undefined): Cte[] | null {
    if (!w || !Array.isArray(w) || w.length === 0) return null;
    const recursive = w.some((c) => c.recursive);
    return w.map((c) => ({
      name: ident(c.name), columns: c.columns ? c.columns.map((x: Node) => ident(x.column ?? x)) : null,
      query: this.query(c.stmt?.ast ?? c.stmt), recursive,
    }));
  }

  query(a: Node): Query {
    const first = this.simpleQuery(a);
    let q: Query = first;
    for (let cur = a; cur._next; cur = cur._next) {
      q = { k: 'setop', op: String(cur.set_op ?? 'union'), left: q, right: this.simpleQuery(cur._next), with: null, orderBy: [], limited: false, line: this.lineOf(cur._next) };
    }
    if (q !== first && first.k === 'select' && first.with) { q = { ...(q as Extract<Query, { k: 'setop' }>), with: first.with }; first.with = null; }
    return q;
  }

  private simpleQuery(a: Node): Query {
    if (a.ast) return this.query(a.ast);
    if (a.type === 'values') return { k: 'values', rows: (a.values ?? []).map((r: Node) => (r.value ?? []).map((e: Node) => this.expr(e))), line: this.lineOf(a) };
    const windows: Record<string, WindowSpec> = {};
    for (const w of a.window?.expr ?? a.window ?? []) {
      const spec = w.as_window_specification?.window_specification;
      if (w.name && spec) windows[ident(w.name)] = this.windowSpec(spec);
    }
    const groupCols = Array.isArray(a.groupby) ? a.groupby : a.groupby?.columns ?? [];
    return {
      k: 'select', with: this.withList(a.with), line: this.lineOf(a),
      targets: (a.columns ?? []).map((t: Node) => this.target(t)),
      from: this.fromList(a.from ?? []),
      where: a.where ? this.expr(a.where) : null,
      groupBy: groupCols.map((g: Node) => this.expr(g)),
      having: a.having ? this.expr(a.having) : null,
      orderBy: (a.orderby ?? []).map((o: Node) => this.expr(o.expr)),
      limited: !!(a.limit?.value?.length),
      distinctOn: [], windows, into: null,
    };
  }

  private windowSpec(spec: Node): WindowSpec {
    return {
      partition: (spec.partitionby ?? []).map((p: Node) => this.expr(p.expr ?? p)),
      order: (spec.orderby ?? []).map((o: Node) => this.expr(o.expr ?? o)),
    };
  }

  private target(t: Node): Target {
    const e = t.expr;
    const line = this.lineOf(e ?? t);
    if (e?.type === 'column_ref' && ident(e.column) === '*') {
      return { name: null, expr: { k: 'star', qual: e.table ? [...(e.db ? [e.db] : []), e.table] : null, line }, line };
    }
    let name: string | null = t.as ? ident(t.as) : null;
    if (!name) name = e?.type === 'column_ref' ? ident(e.column) : this.textOf(e) ?? this.textOf(t);
    return { name, expr: this.expr(e), line };
  }

  /** node-sql-parser's flat FROM list: an entry with `join` joins everything before it. */
  private fromList(items: Node[]): From[] {
    const out: From[] = [];
    for (const it of items) {
      const f = this.fromItem(it);
      if (it.join && out.length) {
        const left = out.pop()!;
        out.push({
          k: 'join', left, right: f, on: it.on ? this.expr(it.on) : null,
          using: it.using ? it.using.map(ident) : null, natural: String(it.join).toUpperCase().includes('NATURAL'), line: this.lineOf(it),
        });
      } else out.push(f);
    }
    return out;
  }

  private fromItem(it: Node): From {
    if (it.expr?.ast) return { k: 'sub', query: this.query(it.expr.ast), alias: it.as ?? null, columns: null, line: this.lineOf(it) };
    if (it.type === 'dual') return { k: 'func', args: [], alias: null, columns: [], line: this.lineOf(it) };
    if (it.expr) return { k: 'func', args: [this.expr(it.expr)], alias: it.as ?? null, columns: null, line: this.lineOf(it) };
    return { k: 'table', schema: it.db ?? null, name: ident(it.table), alias: it.as ?? null, line: this.lineOf(it) };
  }

  expr(n: Node | null | undefined): Expr {
    if (n == null || typeof n !== 'object') return { k: 'const', str: null };
    if (n.ast) return { k: 'sub', query: this.query(n.ast), test: null, kind: 'scalar' };
    const line = this.lineOf(n);
    switch (n.type) {
      case 'column_ref': {
        const col = ident(n.column);
        if (col === '*') return { k: 'star', qual: n.table ? [n.table] : null, line };
        return { k: 'col', parts: [...(n.db ? [n.db] : []), ...(n.table ? [n.table] : []), col], line };
      }
      case 'number': return { k: 'const', str: null, int: Number.isInteger(n.value) ? n.value : undefined };
      case 'single_quote_string': case 'double_quote_string': case 'string': case 'natural_string': case 'hex_string': case 'full_hex_string': case 'bit_string':
        return { k: 'const', str: String(n.value ?? '') };
      case 'bool': case 'null': case 'param': case 'origin': case 'default': case 'var': return { k: 'const', str: null };
      case 'cast': {
        const t = n.target?.[0] ?? {};
        return { k: 'cast', arg: this.expr(n.expr), type: String(t.dataType ?? '').toLowerCase(), typmod: t.length != null || t.scale != null };
      }
      case 'binary_expr': {
        const right = n.right?.type === 'expr_list' ? (n.right.value ?? []).map((x: Node) => this.expr(x)) : [this.expr(n.right)];
        const op = String(n.operator).toUpperCase();
        if ((op === 'IN' || op === 'NOT IN') && right.length === 1 && right[0].k === 'sub') {
          return { k: 'sub', query: right[0].query, test: this.expr(n.left), kind: 'in' };
        }
        return { k: 'op', name: op === '||' ? '||' : op.toLowerCase(), args: [this.expr(n.left), ...right] };
      }
      case 'unary_expr': return { k: 'op', name: String(n.operator).toLowerCase(), args: [this.expr(n.expr)] };
      case 'expr_list': return { k: 'other', args: (n.value ?? []).map((x: Node) => this.expr(x)) };
      case 'case':
        return {
          k: 'case', arg: n.expr ? this.expr(n.expr) : null,
          whens: (n.args ?? []).filter((w: Node) => w.type === 'when').map((w: Node) => ({ cond: this.expr(w.cond), result: this.expr(w.result) })),
          else: (() => { const e = (n.args ?? []).find((w: Node) => w.type === 'else'); return e ? this.expr(e.result) : null; })(),
        };
      case 'aggr_func': {
        const args = n.args ?? {};
        const argExprs = args.expr ? (args.expr.type === 'expr_list' ? args.expr.value.map((x: Node) => this.expr(x)) : [this.expr(args.expr)]) : [];
        return { k: 'func', name: String(n.name).toLowerCase(), schema: null, args: argExprs, agg: true, filter: null, order: (args.orderby ?? []).map((o: Node) => this.expr(o.expr)), over: this.over(n.over) };
      }
      case 'function': {
        const parts: string[] = (n.name?.name ?? []).map((p: Node) => ident(p));
        const name = (parts[parts.length - 1] ?? ident(n.name)).toLowerCase();
        const args: Expr[] = (n.args?.value ?? (n.args ? [n.args] : [])).map((x: Node) => this.expr(x));
        if (name === 'exists' && args[0]?.k === 'sub') return { k: 'sub', query: args[0].query, test: null, kind: 'exists' };
        if (name === 'if' && args.length === 3) return { k: 'case', arg: null, whens: [{ cond: args[0], result: args[1] }], else: args[2] };
        const schema = n.name?.schema ? ident(n.name.schema) : parts.length > 1 ? parts[parts.length - 2] : null;
        return { k: 'func', name, schema, args, agg: false, filter: null, order: [], over: this.over(n.over) };
      }
      case 'interval': return { k: 'other', args: [this.expr(n.expr)] };
      default:
        return { k: 'other', args: childNodes(n).map((c) => this.expr(c)) };
    }
  }

  private over(o: Node | null | undefined): Extract<Expr, { k: 'func' }>['over'] {
    if (!o) return null;
    const spec = o.as_window_specification;
    if (typeof spec === 'string') return { partition: [], order: [], ref: spec };
    const ws = spec?.window_specification;
    if (!ws) return { partition: [], order: [], ref: null };
    const w = this.windowSpec(ws);
    return { ...w, ref: ws.name ? ident(ws.name) : null };
  }
}

function childNodes(n: Node): Node[] {
  const out: Node[] = [];
  for (const [k, v] of Object.entries(n)) {
    if (k === 'loc' || !v || typeof v !== 'object') continue;
    for (const x of Array.isArray(v) ? v : [v]) if (x && typeof x === 'object' && (x.type || x.ast)) out.push(x);
  }
  return out;
}
