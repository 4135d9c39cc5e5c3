// The lineage engine: walks the dialect-neutral query model (types.ts) of one statement and
// yields column edges with their transform kind. Names resolve through FROM aliases, CTEs
// (recursive ones to a fixpoint), outer scopes, the catalogue and the search path; what cannot
// be resolved becomes a problem instead of a guessed edge.

import type {
  CatalogResolver, ColumnName, Cte, Expr, From, LineageProblem, Query, SelectQ, SetClause, Stmt, TableRef,
  Target, TransformKind, WindowSpec,
} from './types.ts';
import { castIsCopy, isAggregateName, MaskRules, maskPattern, passArgs, strongerKind } from './transforms.ts';

interface Entry { col: ColumnName; kind: TransformKind; via: Set<string> }

/** The columns a value is computed from, each with the strongest transform on the way. */
export class Contrib {
  readonly map = new Map<string, Entry>();
  add(col: ColumnName, kind: TransformKind, via?: Iterable<string>): void {
    const key = `${col.schema ?? ''}\u0000${col.table}\u0000${col.column}\u0000${kind}`;
    let e = this.map.get(key);
    if (!e) { e = { col, kind, via: new Set() }; this.map.set(key, e); }
    if (via) for (const v of via) e.via.add(v);
  }
  /** Adds every entry of `other`, raised to at least `kind`; `fn` is recorded when it made the value mask/aggregate. */
  addAll(other: Contrib, kind: TransformKind = 'copy', fn?: string): void {
    for (const e of other.map.values()) {
      const k = strongerKind(e.kind, kind);
      const via = new Set(e.via);
      if (fn && k === kind && (kind === 'mask' || kind === 'aggregate')) via.add(fn);
      this.add(e.col, k, via);
    }
  }
  lifted(kind: TransformKind, fn?: string): Contrib { const c = new Contrib(); c.addAll(this, kind, fn); return c; }
  get size(): number { return this.map.size; }
  get empty(): boolean { return this.map.size === 0; }
  hasKind(kind: TransformKind): boolean { for (const e of this.map.values()) if (e.kind === kind) return true; return false; }
  entries(): IterableIterator<Entry> { return this.map.values(); }
}

interface RelCol { name: string; contrib: Contrib }
interface Rel {
  /** null: a base table whose columns nobody told us (any name is taken as a column of `base`). */
  cols: RelCol[] | null;
  base: { schema: string | null; table: string } | null;
  /** For table functions with unknown columns: every column derives from these. */
  funcArgs: Contrib | null;
  rowFilter: Contrib;
}
interface ScopeItem { alias: string | null; table: string | null; schema: string | null; rel: Rel; using: Set<string> }
interface CteEnv { map: Map<string, Rel>; parent: CteEnv | null }
interface Scope { items: ScopeItem[]; parent: Scope | null; env: CteEnv }
interface EvalCtx { aliases: Map<string, Expr> | null; windows: Record<string, WindowSpec> }

export interface EngineOptions {
  dialect: 'postgres' | 'mysql';
  catalog?: CatalogResolver;
  maskRules: MaskRules;
}

export interface StatementEdge { from: ColumnName; to: ColumnName; transform: TransformKind; via: string[] }

export class LineageEngine {
  private problems: LineageProblem[] = [];
  private searchPath: string[];
  private stmtLine = 0;
  private readonly norm: (s: string) => string;

  constructor(private readonly opts: EngineOptions, searchPath: string[]) {
    this.searchPath = [...searchPath];
    this.norm = opts.dialect === 'mysql' ? (s) => s.toLowerCase() : (s) => s;
  }

  /** Edges and problems of one statement. `SET search_path` / `USE` change the path for what follows. */
  run(stmt: Stmt, line: number): { edges: StatementEdge[]; problems: LineageProblem[] } {
    this.problems = [];
    this.stmtLine = line;
    const out = new Map<string, StatementEdge>();
    const emit = (to: ColumnName, c: Contrib) => {
      for (const e of c.entries()) {
        const key = `${JSON.stringify(e.col)}>${JSON.stringify(to)}>${e.kind}`;
        const prev = out.get(key);
        if (prev) { for (const v of e.via) if (!prev.via.includes(v)) prev.via.push(v); continue; }
        out.set(key, { from: e.col, to, transform: e.kind, via: [...e.via].sort() });
      }
    };
    const root: CteEnv = { map: new Map(), parent: null };
    switch (stmt.k) {
      case 'searchPath': this.searchPath = [...stmt.schemas]; break;
      case 'insert': this.insert(stmt, root, emit); break;
      case 'create': {
        const rel = this.evalQuery(stmt.query, null, root);
        const target = this.resolveTarget(stmt.target, true);
        const names = stmt.columns ?? this.outputNames(rel, stmt.target);
        this.emitPositional(rel, target, names, emit, stmt.columns ? 'the column list' : 'the query');
        break;
      }
      case 'select': {
        const q = stmt.query;
        if (q.k === 'select' && q.into) {
          const rel = this.evalQuery(q, null, root);
          this.emitPositional(rel, this.resolveTarget(q.into, true), this.outputNames(rel, q.into), emit, 'the query');
        }
        break;
      }
      case 'update': this.update(stmt, root, emit); break;
      case 'merge': this.merge(stmt, root, emit); break;
      case 'none': break;
    }
    return { edges: [...out.values()], problems: this.problems };
  }

  // ---------- statements ----------

  private insert(stmt: Extract<Stmt, { k: 'insert' }>, root: CteEnv, emit: (to: ColumnName, c: Contrib) => void): void {
    const env = stmt.with ? this.bindCtes(stmt.with, root, null) : root;
    const rel = this.evalQuery(stmt.query, null, env);
    const target = this.resolveTarget(stmt.target, false);
    let names = stmt.columns;
    if (!names) {
      names = this.opts.catalog?.columnsOf(target.schema, target.name) ?? null;
      if (!names) {
        const cols = rel.cols ?? [];
        const hasSources = cols.some((c) => !c.contrib.empty) || !rel.rowFilter.empty;
        if (hasSources) this.problem(stmt.target.line, `INSERT INTO ${fmtTable(target)} has no column list and the catalogue does not know its columns: target columns cannot be matched (add a column list)`);
        return;
      }
    }
    this.emitPositional(rel, target, names, emit, stmt.columns ? 'the column list' : 'the catalogue columns');
    if (stmt.onConflictSet && stmt.onConflictSet.length) {
      // EXCLUDED.x is the row that was proposed for insertion.
      const proposed: Rel = { cols: names.map((n, i) => ({ name: n, contrib: rel.cols?.[i]?.contrib ?? new Contrib() })), base: null, funcArgs: null, rowFilter: new Contrib() };
      const targetRel = this.baseRel(target.schema, target.name);
      const scope: Scope = {
        items: [
          { alias: null, table: target.name, schema: target.schema, rel: targetRel, using: new Set() },
          { alias: 'excluded', table: null, schema: null, rel: proposed, using: new Set() },
        ], parent: null, env,
      };
      const cond = stmt.onConflictWhere ? this.evalExpr(stmt.onConflictWhere, scope, noCtx()).lifted('filter') : new Contrib();
      for (const s of stmt.onConflictSet) {
        const c = this.evalExpr(s.expr, scope, noCtx());
        c.addAll(cond, 'filter');
        emit(colOf(target, s.col), c);
      }
    }
  }

  private update(stmt: Extract<Stmt, { k: 'update' }>, root: CteEnv, emit: (to: ColumnName, c: Contrib) => void): void {
    const env = stmt.with ? this.bindCtes(stmt.with, root, null) : root;
    const target = this.resolveTarget(stmt.target, false);
    const scope: Scope = { items: [], parent: null, env };
    const filters = new Contrib();
    if (!stmt.targetInFrom) scope.items.push({ alias: stmt.alias, table: target.name, schema: target.schema, rel: this.baseRel(target.schema, target.name), using: new Set() });
    for (const f of stmt.from) this.addFrom(f, scope, filters);
    if (stmt.where) filters.addAll(this.evalExpr(stmt.where, scope, noCtx()), 'filter');
    this.emitSets(stmt.set, scope, target, filters, emit);
  }

  private merge(stmt: Extract<Stmt, { k: 'merge' }>, root: CteEnv, emit: (to: ColumnName, c: Contrib) => void): void {
    const env = stmt.with ? this.bindCtes(stmt.with, root, null) : root;
    const target = this.resolveTarget(stmt.target, false);
    const scope: Scope = { items: [], parent: null, env };
    const filters = new Contrib();
    scope.items.push({ alias: stmt.alias, table: target.name, schema: target.schema, rel: this.baseRel(target.schema, target.name), using: new Set() });
    this.addFrom(stmt.source, scope, filters);
    filters.addAll(this.evalExpr(stmt.on, scope, noCtx()), 'filter');
    for (const w of stmt.whens) {
      const f = new Contrib();
      f.addAll(filters);
      if (w.cond) f.addAll(this.evalExpr(w.cond, scope, noCtx()), 'filter');
      if (w.action === 'update') this.emitSets(w.set, scope, target, f, emit);
      if (w.action === 'insert' && w.values) {
        const cols = w.columns ?? this.opts.catalog?.columnsOf(target.schema, target.name) ?? null;
        if (!cols) { this.problem(stmt.target.line, `MERGE … INSERT into ${fmtTable(target)} has no column list and the catalogue does not know its columns`); continue; }
        if (cols.length !== w.values.length) this.problem(stmt.target.line, `MERGE … INSERT lists ${cols.length} columns but ${w.values.length} values`);
        const sets = w.values.slice(0, cols.length).map((expr, i) => ({ col: cols[i], expr }));
        this.emitSets(sets, scope, target, f, emit);
      }
    }
  }

  private emitSets(sets: SetClause[], scope: Scope, target: TableRef, filters: Contrib, emit: (to: ColumnName, c: Contrib) => void): void {
    for (const s of sets) {
      const c = this.evalExpr(s.expr, scope, noCtx());
      c.addAll(filters, 'filter');
      emit(colOf(target, s.col), c);
    }
  }

  private emitPositional(rel: Rel, target: TableRef, names: string[], emit: (to: ColumnName, c: Contrib) => void, what: string): void {
    const cols = rel.cols ?? [];
    if (cols.length !== names.length) {
      this.problem(target.line, `${fmtTable(target)}: ${what} has ${names.length} columns but the query gives ${cols.length}; only the first ${Math.min(cols.length, names.length)} are matched`);
    }
    for (let i = 0; i < Math.min(cols.length, names.length); i++) {
      const c = new Contrib();
      c.addAll(cols[i].contrib);
      c.addAll(rel.rowFilter, 'filter');
      emit(colOf(target, names[i]), c);
    }
  }

  private outputNames(rel: Rel, target: TableRef): string[] {
    return (rel.cols ?? []).map((c, i) => {
      if (c.name) return c.name;
      this.problem(target.line, `${fmtTable(target)}: output column ${i + 1} has no name (give it an alias)`);
      return `?column${i + 1}?`;
    });
  }

  // ---------- names ----------

  private resolveTarget(t: TableRef, creating: boolean): TableRef {
    if (t.schema) return t;
    const cat = this.opts.catalog;
    if (cat && !creating) {
      const r = cat.resolveTable?.(null, t.name, this.searchPath);
      if (r) return { schema: r.schema, name: r.table, line: t.line };
      for (const s of this.searchPath) if (cat.columnsOf(s, t.name)) return { ...t, schema: s };
      if (cat.columnsOf(null, t.name)) return t;
    }
    // Not in the catalogue: the first schema of the search path, where PostgreSQL creates it and looks first.
    return { ...t, schema: this.searchPath[0] ?? null };
  }

  private baseRel(schema: string | null, table: string): Rel {
    const names = this.opts.catalog?.columnsOf(schema, table) ?? null;
    const base = { schema, table };
    if (!names) return { cols: null, base, funcArgs: null, rowFilter: new Contrib() };
    return {
      cols: names.map((n) => { const c = new Contrib(); c.add({ schema, table, column: n }, 'copy'); return { name: n, contrib: c }; }),
      base, funcArgs: null, rowFilter: new Contrib(),
    };
  }

  private lookupCte(name: string, env: CteEnv): Rel | null {
    for (let e: CteEnv | null = env; e; e = e.parent) {
      const r = e.map.get(this.norm(name));
      if (r) return r;
    }
    return null;
  }

  private bindCtes(ctes: Cte[], parent: CteEnv, outer: Scope | null): CteEnv {
    const env: CteEnv = { map: new Map(), parent };
    for (const cte of ctes) {
      const key = this.norm(cte.name);
      const q = cte.query;
      if (cte.recursive && q.k === 'setop') {
        let prev = this.renameRel(this.evalQuery(q.left, outer, env), cte.columns);
        env.map.set(key, prev);
        for (let i = 0; i < 32; i++) {
          const next = this.renameRel(this.evalQuery(q, outer, env), cte.columns ?? prev.cols?.map((c) => c.name) ?? null);
          env.map.set(key, next);
          if (relSize(next) === relSize(prev)) break;
          prev = next;
        }
      } else {
        env.map.set(key, this.renameRel(this.evalQuery(q, outer, env), cte.columns));
      }
    }
    return env;
  }

  private renameRel(rel: Rel, names: string[] | null): Rel {
    if (!names || !rel.cols) return rel;
    return { ...rel, cols: rel.cols.map((c, i) => ({ name: names[i] ?? c.name, contrib: c.contrib })) };
  }

  // ---------- queries ----------

  private evalQuery(q: Query, outer: Scope | null, env: CteEnv): Rel {
    if (q.k === 'values') {
      const width = Math.max(0, ...q.rows.map((r) => r.length));
      const cols: RelCol[] = Array.from({ length: width }, (_, i) => ({ name: `column${i + 1}`, contrib: new Contrib() }));
      const scope: Scope = { items: [], parent: outer, env };
      for (const row of q.rows) row.forEach((e, i) => cols[i].contrib.addAll(this.evalExpr(e, scope, noCtx())));
      return { cols, base: null, funcArgs: null, rowFilter: new Contrib() };
    }
    if (q.k === 'setop') {
      const e2 = q.with ? this.bindCtes(q.with, env, outer) : env;
      const l = this.evalQuery(q.left, outer, e2);
      const r = this.evalQuery(q.right, outer, e2);
      const lc = l.cols ?? [], rc = r.cols ?? [];
      if (lc.length !== rc.length) this.problem(q.line, `${q.op.toUpperCase()}: the branches have ${lc.length} and ${rc.length} columns`);
      const cols = lc.map((c, i) => {
        const contrib = new Contrib();
        contrib.addAll(c.contrib);
        if (rc[i]) contrib.addAll(rc[i].contrib);
        return { name: c.name, contrib };
      });
      const rowFilter = new Contrib();
      rowFilter.addAll(l.rowFilter); rowFilter.addAll(r.rowFilter);
      return { cols, base: null, funcArgs: null, rowFilter };
    }
    return this.evalSelect(q, outer, env);
  }

  private evalSelect(q: SelectQ, outer: Scope | null, env0: CteEnv): Rel {
    const env = q.with ? this.bindCtes(q.with, env0, outer) : env0;
    const scope: Scope = { items: [], parent: outer, env };
    const rowFilter = new Contrib();
    for (const f of q.from) this.addFrom(f, scope, rowFilter);
    const ctx: EvalCtx = { aliases: null, windows: q.windows };
    if (q.where) rowFilter.addAll(this.evalExpr(q.where, scope, ctx), 'filter');

    const targets = this.expandStars(q.targets, scope, q.line);
    const aliases = new Map<string, Expr>();
    for (const t of targets) if (t.name && !aliases.has(this.norm(t.name))) aliases.set(this.norm(t.name), t.expr);
    const groupCtx: EvalCtx = { aliases, windows: q.windows };
    const byOrdinal = (e: Expr): Expr => (e.k === 'const' && e.int !== undefined && targets[e.int - 1] ? targets[e.int - 1].expr : e);
    for (const g of q.groupBy) rowFilter.addAll(this.evalExpr(byOrdinal(g), scope, groupCtx), 'filter');
    if (q.having) rowFilter.addAll(this.evalExpr(q.having, scope, groupCtx), 'filter');
    for (const d of q.distinctOn) rowFilter.addAll(this.evalExpr(byOrdinal(d), scope, groupCtx), 'filter');
    if (q.limited) for (const o of q.orderBy) rowFilter.addAll(this.evalExpr(byOrdinal(o), scope, groupCtx), 'filter');

    const cols = targets.map((t) => ({ name: t.name ?? '', contrib: this.evalExpr(t.expr, scope, ctx) }));
    return { cols, base: null, funcArgs: null, rowFilter };
  }

  private expandStars(targets: Target[], scope: Scope, line: number): Target[] {
    const out: Target[] = [];
    for (const t of targets) {
      if (t.expr.k !== 'star') { out.push(t); continue; }
      const qual = t.expr.qual;
      const items = qual ? scope.items.filter((it) => this.itemMatches(it, qual)) : scope.items;
      if (qual && items.length === 0) { this.problem(t.line, `${qual.join('.')}.* : no table or alias ${qual.join('.')} in FROM`); continue; }
      for (const it of items) {
        if (!it.rel.cols) {
          const name = it.rel.base ? fmtTable({ schema: it.rel.base.schema, name: it.rel.base.table }) : (it.alias ?? '?');
          this.problem(t.line, `SELECT ${qual ? qual.join('.') + '.' : ''}* cannot be expanded: the catalogue does not know the columns of ${name}`);
          continue;
        }
        const label = it.alias ?? it.table;
        for (const c of it.rel.cols) out.push({ name: c.name, expr: { k: 'col', parts: label ? [label, c.name] : [c.name], line: t.line }, line: t.line });
      }
    }
    return out;
  }

  private addFrom(f: From, scope: Scope, rowFilter: Contrib): ScopeItem[] {
    switch (f.k) {
      case 'table': {
        const cte = f.schema ? null : this.lookupCte(f.name, scope.env);
        if (cte) {
          rowFilter.addAll(cte.rowFilter);
          const it: ScopeItem = { alias: f.alias, table: f.name, schema: null, rel: cte, using: new Set() };
          scope.items.push(it);
          return [it];
        }
        const t = this.resolveTarget({ schema: f.schema, name: f.name, line: f.line }, false);
        const it: ScopeItem = { alias: f.alias, table: t.name, schema: t.schema, rel: this.baseRel(t.schema, t.name), using: new Set() };
        scope.items.push(it);
        return [it];
      }
      case 'sub': {
        // LATERAL subqueries see the items before them; a plain one sees only outer scopes, which is a superset that SQL would reject anyway.
        const rel = this.renameRel(this.evalQuery(f.query, scope, scope.env), f.columns);
        rowFilter.addAll(rel.rowFilter);
        const it: ScopeItem = { alias: f.alias, table: null, schema: null, rel, using: new Set() };
        scope.items.push(it);
        return [it];
      }
      case 'func': {
        const args = new Contrib();
        for (const a of f.args) args.addAll(this.evalExpr(a, scope, noCtx()), 'derive');
        const rel: Rel = f.columns
          ? { cols: f.columns.map((n) => ({ name: n, contrib: args })), base: null, funcArgs: null, rowFilter: new Contrib() }
          : { cols: null, base: null, funcArgs: args, rowFilter: new Contrib() };
        const it: ScopeItem = { alias: f.alias, table: null, schema: null, rel, using: new Set() };
        scope.items.push(it);
        return [it];
      }
      case 'join': {
        const left = this.addFrom(f.left, scope, rowFilter);
        const right = this.addFrom(f.right, scope, rowFilter);
        let using = f.using;
        if (f.natural) {
          const ln = new Set(left.flatMap((i) => i.rel.cols?.map((c) => this.norm(c.name)) ?? []));
          using = right.flatMap((i) => i.rel.cols?.map((c) => c.name) ?? []).filter((n) => ln.has(this.norm(n)));
          if (left.some((i) => !i.rel.cols) || right.some((i) => !i.rel.cols)) this.problem(f.line, 'NATURAL JOIN: the catalogue does not know the columns of every side; the join columns are unknown');
        }
        if (using) {
          for (const u of using) {
            for (const side of [left, right]) {
              const c = new Contrib();
              for (const it of side) { const r = this.columnOf(it, u, f.line, true); if (r) c.addAll(r); }
              rowFilter.addAll(c, 'filter');
            }
            for (const it of [...left, ...right]) it.using.add(this.norm(u));
          }
        }
        if (f.on) rowFilter.addAll(this.evalExpr(f.on, scope, noCtx()), 'filter');
        return [...left, ...right];
      }
    }
  }

  private itemMatches(it: ScopeItem, qual: string[]): boolean {
    const n = qual.map(this.norm);
    if (n.length === 1) return it.alias ? this.norm(it.alias) === n[0] : (it.table != null && this.norm(it.table) === n[0]);
    if (it.alias) return false;
    const [s, t] = n.slice(-2);
    return it.table != null && this.norm(it.table) === t && it.schema != null && this.norm(it.schema) === s;
  }

  /** The contribution of column `name` of a FROM item, or null when the item is known not to have it. */
  private columnOf(it: ScopeItem, name: string, line: number, quiet = false): Contrib | null {
    const rel = it.rel;
    if (rel.cols) {
      const c = rel.cols.find((x) => this.norm(x.name) === this.norm(name));
      if (!c && !quiet) this.problem(line, `column ${name} not found in ${it.alias ?? fmtTable({ schema: it.schema, name: it.table ?? '?' })}`);
      return c ? c.contrib : null;
    }
    const out = new Contrib();
    if (rel.base) out.add({ schema: rel.base.schema, table: rel.base.table, column: name }, 'copy');
    else if (rel.funcArgs) out.addAll(rel.funcArgs, 'derive');
    return out;
  }

  private hasColumn(it: ScopeItem, name: string): 'yes' | 'no' | 'maybe' {
    if (!it.rel.cols) return 'maybe';
    return it.rel.cols.some((x) => this.norm(x.name) === this.norm(name)) ? 'yes' : 'no';
  }

  private resolveColumn(parts: string[], scope: Scope, ctx: EvalCtx, line: number): Contrib {
    const name = parts[parts.length - 1];
    if (parts.length >= 2) {
      const qual = parts.slice(0, -1);
      for (let s: Scope | null = scope; s; s = s.parent) {
        const it = s.items.find((i) => this.itemMatches(i, qual));
        if (it) return this.columnOf(it, name, line) ?? new Contrib();
      }
      this.problem(line, `${parts.join('.')}: no table or alias ${qual.join('.')} in FROM`);
      return new Contrib();
    }
    for (let s: Scope | null = scope; s; s = s.parent) {
      const yes = s.items.filter((i) => this.hasColumn(i, name) === 'yes');
      const maybe = s.items.filter((i) => this.hasColumn(i, name) === 'maybe');
      const cands = [...yes, ...maybe];
      if (cands.length === 1) return this.columnOf(cands[0], name, line) ?? new Contrib();
      if (cands.length > 1) {
        if (cands.every((i) => i.using.has(this.norm(name)))) {
          const c = new Contrib();
          for (const i of cands) c.addAll(this.columnOf(i, name, line, true) ?? new Contrib());
          return c;
        }
        const names = cands.map((i) => i.alias ?? fmtTable({ schema: i.schema, name: i.table ?? '?' })).join(', ');
        this.problem(line, `column ${name} is ambiguous: it could belong to ${names}${maybe.length ? ' (the catalogue does not know the columns of every one; qualify the column)' : ''}`);
        return new Contrib();
      }
      // Not a FROM column here: GROUP BY / HAVING / ORDER BY may name an output column.
      if (s === scope && ctx.aliases?.has(this.norm(name))) {
        const e = ctx.aliases.get(this.norm(name))!;
        return this.evalExpr(e, scope, { aliases: null, windows: ctx.windows });
      }
    }
    this.problem(line, `column ${name} not found in any table of FROM`);
    return new Contrib();
  }

  // ---------- expressions ----------

  private evalExpr(e: Expr, scope: Scope, ctx: EvalCtx): Contrib {
    switch (e.k) {
      case 'col': return this.resolveColumn(e.parts, scope, ctx, e.line).lifted('copy');
      case 'star': return new Contrib();
      case 'const': return new Contrib();
      case 'cast': return this.evalExpr(e.arg, scope, ctx).lifted(castIsCopy(e.type, e.typmod) ? 'copy' : 'derive');
      case 'pass': { const c = new Contrib(); for (const a of e.args) c.addAll(this.evalExpr(a, scope, ctx)); return c; }
      case 'other': { const c = new Contrib(); for (const a of e.args) c.addAll(this.evalExpr(a, scope, ctx), 'derive'); return c; }
      case 'op': return this.evalOp(e, scope, ctx);
      case 'case': {
        const c = new Contrib();
        if (e.arg) c.addAll(this.evalExpr(e.arg, scope, ctx), 'derive');
        for (const w of e.whens) {
          c.addAll(this.evalExpr(w.cond, scope, ctx), 'derive');
          c.addAll(this.evalExpr(w.result, scope, ctx));
        }
        if (e.else) c.addAll(this.evalExpr(e.else, scope, ctx));
        return c;
      }
      case 'sub': {
        const rel = this.evalQuery(e.query, scope, scope.env);
        const c = new Contrib();
        c.addAll(rel.rowFilter, 'filter');
        const first = rel.cols?.[0]?.contrib ?? new Contrib();
        if (e.kind === 'scalar') c.addAll(first);
        else if (e.kind === 'array') c.addAll(first, 'derive');
        else c.addAll(first, 'derive');
        if (e.test) c.addAll(this.evalExpr(e.test, scope, ctx), 'derive');
        return c;
      }
      case 'func': return this.evalFunc(e, scope, ctx);
    }
  }

  private evalOp(e: Extract<Expr, { k: 'op' }>, scope: Scope, ctx: EvalCtx): Contrib {
    const c = new Contrib();
    const kind = this.isMasking(e, scope, ctx) ? 'mask' : 'derive';
    for (const a of e.args) c.addAll(this.evalExpr(a, scope, ctx), kind, kind === 'mask' ? e.name : undefined);
    return c;
  }

  private isMasking(e: Expr, scope: Scope, ctx: EvalCtx): boolean {
    const probe = (x: Expr) => this.quietEval(x, scope, ctx);
    return maskPattern(e, (x) => !probe(x).empty, (x) => { const p = probe(x); return !p.empty && [...p.entries()].every((en) => en.kind === 'mask'); });
  }

  /** Evaluates without recording problems (used to look at sub-expressions twice). */
  private quietEval(e: Expr, scope: Scope, ctx: EvalCtx): Contrib {
    const saved = this.problems;
    this.problems = [];
    try { return this.evalExpr(e, scope, ctx); } finally { this.problems = saved; }
  }

  private evalFunc(e: Extract<Expr, { k: 'func' }>, scope: Scope, ctx: EvalCtx): Contrib {
    const c = new Contrib();
    const args = e.args.map((a) => this.evalExpr(a, scope, ctx));
    const name = e.name;
    let over = e.over;
    if (over?.ref) {
      const w = ctx.windows[over.ref];
      if (w) over = { partition: [...w.partition, ...over.partition], order: over.order.length ? over.order : w.order, ref: null };
      else this.problem(this.stmtLine, `window ${over.ref} is not defined`);
    }
    if (this.opts.maskRules.isMaskFunction(name, e.schema)) {
      for (const a of args) c.addAll(a, 'mask', e.schema ? `${e.schema}.${name}` : name);
    } else if (e.agg || isAggregateName(name)) {
      for (const a of args) c.addAll(a, 'aggregate', name);
      if (e.filter) c.addAll(this.evalExpr(e.filter, scope, ctx), 'filter');
      for (const o of e.order) c.addAll(this.evalExpr(o, scope, ctx), 'derive');
    } else if (this.isMasking(e, scope, ctx)) {
      for (const a of args) c.addAll(a, 'mask', name);
    } else {
      const pass = passArgs(name);
      args.forEach((a, i) => c.addAll(a, pass === 'all' || (pass === 'first' && i === 0) ? 'copy' : 'derive'));
      if (e.filter) c.addAll(this.evalExpr(e.filter, scope, ctx), 'filter');
    }
    if (over) {
      for (const p of over.partition) c.addAll(this.evalExpr(p, scope, ctx), 'filter');
      for (const o of over.order) c.addAll(this.evalExpr(o, scope, ctx), 'derive');
    }
    return c;
  }

  private problem(line: number, message: string): void {
    this.problems.push({ line: line || this.stmtLine, message });
  }
}

function noCtx(): EvalCtx { return { aliases: null, windows: {} }; }
function colOf(t: TableRef, column: string): ColumnName { return { schema: t.schema, table: t.name, column }; }
function fmtTable(t: { schema: string | null; name: string }): string { return t.schema ? `${t.schema}.${t.name}` : t.name; }
function relSize(r: Rel): number { return (r.cols ?? []).reduce((n, c) => n + c.contrib.size, 0) + r.rowFilter.size; }
