// Oracle DDL: a small recursive-descent parser over lexer tokens for CREATE TABLE / VIEW,
// COMMENT ON and ALTER TABLE ... ADD. Storage clauses are tolerated; PL/SQL is skipped and reported.
import type { HarvestedColumn, HarvestedDataset } from '../catalog/types.ts';
import { DdlModel, newColumn, viewColumn } from './ddl-model.ts';
import { expressionEnd, findTopLevelWord, keywordsOf, sliceTokens, type SqlStatement, type Token } from './sql-lexer.ts';
import { typeFacts } from './sql-types.ts';

class OracleSyntaxError extends Error {
  constructor(readonly token: Token | undefined, message: string) {
    super(message);
  }
}

const DEFAULT_STOP = new Set(['NOT', 'NULL', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'REFERENCES', 'CHECK', 'ENABLE', 'DISABLE', 'VISIBLE', 'INVISIBLE', 'SORT', 'ENCRYPT', 'COLLATE']);
const CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'SUPPLEMENTAL', 'PERIOD', 'SCOPE', 'REF']);
const TABLE_PREFIX = new Set(['GLOBAL', 'PRIVATE', 'TEMPORARY', 'SHARDED', 'DUPLICATED', 'BLOCKCHAIN', 'IMMUTABLE']);
const VIEW_PREFIX = new Set(['OR', 'REPLACE', 'FORCE', 'NO', 'NOFORCE', 'EDITIONABLE', 'NONEDITIONABLE', 'EDITIONING', 'MATERIALIZED']);
const TWO_WORD_TYPES: Record<string, string[]> = { LONG: ['RAW'], DOUBLE: ['PRECISION'], CHARACTER: ['VARYING'], CHAR: ['VARYING'], NATIONAL: ['CHARACTER', 'CHAR'] };

export function readOracleStatement(model: DdlModel, stmt: SqlStatement): 'read' | 'skipped' | 'failed' {
  if (stmt.kind === 'client-command') return 'skipped';
  const kw = keywordsOf(stmt.tokens);
  if (stmt.kind === 'plsql') {
    const unit = kw.find((w, i) => i > 0 && ['PROCEDURE', 'FUNCTION', 'PACKAGE', 'TRIGGER', 'TYPE', 'LIBRARY', 'JAVA'].includes(w)) ?? (kw[0] || 'block');
    const body = unit === 'PACKAGE' || unit === 'TYPE' ? (kw[kw.indexOf(unit) + 1] === 'BODY' ? `${unit} BODY` : unit) : unit;
    model.problem(stmt.line, `PL/SQL ${body} skipped, not table DDL`, stmt.text, 'skipped-not-DDL');
    return 'skipped';
  }
  try {
    const p = new OracleParser(model, stmt);
    if (kw[0] === 'CREATE') {
      let i = 1;
      while (TABLE_PREFIX.has(kw[i])) i++;
      if (kw[i] === 'TABLE') return p.createTable(i + 1);
      let j = 1;
      while (VIEW_PREFIX.has(kw[j])) j++;
      if (kw[j] === 'VIEW') return p.createView(j + 1, kw.slice(1, j).includes('MATERIALIZED'));
      if (kw[1] === 'UNIQUE' && kw[2] === 'INDEX') return p.uniqueIndex(3);
      return 'skipped';
    }
    if (kw[0] === 'COMMENT' && kw[1] === 'ON') return p.comment(2);
    if (kw[0] === 'ALTER' && kw[1] === 'TABLE') return p.alterTable(2);
    return 'skipped';
  } catch (e) {
    if (e instanceof OracleSyntaxError) {
      model.problem(e.token?.line ?? stmt.line, `Oracle DDL: ${e.message}`, stmt.text, 'syntax');
      return 'failed';
    }
    throw e;
  }
}

/** An Oracle name: quoted names are kept exactly, unquoted ones are stored upper case. */
function nameOf(t: Token): string {
  return t.kind === 'ident' ? t.value : t.value.toUpperCase();
}

class OracleParser {
  private pos = 0;
  private readonly t: Token[];

  constructor(private readonly model: DdlModel, private readonly stmt: SqlStatement) {
    this.t = stmt.tokens;
  }

  private peek(k = 0): Token | undefined {
    return this.t[this.pos + k];
  }
  private isWord(w: string, k = 0): boolean {
    const tok = this.peek(k);
    return tok?.kind === 'word' && tok.value.toUpperCase() === w;
  }
  private isPunct(p: string, k = 0): boolean {
    return this.peek(k)?.kind === 'punct' && this.peek(k)?.text === p;
  }
  private fail(message: string): never {
    const tok = this.peek() ?? this.t[this.t.length - 1];
    throw new OracleSyntaxError(tok, `${message}${this.peek() ? ` at "${this.peek()!.text.slice(0, 40)}"` : ' at end of statement'}`);
  }
  private expectPunct(p: string): void {
    if (!this.isPunct(p)) this.fail(`expected "${p}"`);
    this.pos++;
  }
  private expectWord(w: string): void {
    if (!this.isWord(w)) this.fail(`expected ${w}`);
    this.pos++;
  }
  private name(): string {
    const tok = this.peek();
    if (!tok || (tok.kind !== 'word' && tok.kind !== 'ident')) this.fail('expected a name');
    this.pos++;
    return nameOf(tok);
  }
  private qualifiedName(): { schema: string | null; name: string } {
    const parts = [this.name()];
    while (this.isPunct('.')) {
      this.pos++;
      parts.push(this.name());
    }
    if (this.isPunct('@')) {
      this.pos++;
      this.name();
    }
    if (parts.length > 2) this.fail(`too many name parts in ${parts.join('.')}`);
    return parts.length === 2 ? { schema: parts[0], name: parts[1] } : { schema: null, name: parts[0] };
  }
  private nameList(): string[] {
    this.expectPunct('(');
    const names = [this.name()];
    while (this.isPunct(',')) {
      this.pos++;
      names.push(this.name());
    }
    this.expectPunct(')');
    return names;
  }
  private skipGroup(): void {
    let depth = 0;
    do {
      const tok = this.peek();
      if (!tok) this.fail('unbalanced parentheses');
      if (tok.text === '(') depth++;
      else if (tok.text === ')') depth--;
      this.pos++;
    } while (depth > 0);
  }
  private atItemEnd(): boolean {
    return !this.peek() || this.isPunct(',') || this.isPunct(')');
  }

  createTable(at: number): 'read' | 'failed' {
    this.pos = at;
    const { schema, name } = this.qualifiedName();
    if (this.isWord('AS') || this.isWord('OF')) {
      this.model.problem(this.stmt.line, `CREATE TABLE ${name} ${this.peek()!.value.toUpperCase()} ... has no declared columns; its columns are known after it runs`, this.stmt.text, 'unsupported');
      return 'failed';
    }
    while (this.isWord('SHARING') || this.isWord('METADATA') || this.isPunct('=')) this.pos++;
    this.expectPunct('(');
    const ds: HarvestedDataset = { schema, name, kind: 'table', comment: null, columns: [] };
    const pending: Array<() => string | null> = [];
    for (;;) {
      if (this.peek()?.kind === 'word' && CONSTRAINT_START.has(this.peek()!.value.toUpperCase())) pending.push(this.outOfLineConstraint(ds));
      else this.columnDef(ds, pending);
      if (this.isPunct(',')) {
        this.pos++;
        continue;
      }
      this.expectPunct(')');
      break;
    }
    if (!ds.columns.length) this.fail(`table ${name} declares no columns`);
    // what follows (TABLESPACE, PCTFREE, STORAGE (...), PARTITION BY, LOB ... STORE AS) has no column metadata
    this.model.put(ds);
    const errors = pending.map((f) => f()).filter((e): e is string => !!e);
    for (const e of errors) this.model.problem(this.stmt.line, `${name}: ${e}`, this.stmt.text, 'syntax');
    return errors.length ? 'failed' : 'read';
  }

  private columnDef(ds: HarvestedDataset, pending: Array<() => string | null>): HarvestedColumn {
    const colName = this.name();
    let col: HarvestedColumn;
    if (this.isWord('AS') || this.isWord('GENERATED')) col = newColumn(colName, { dataType: '', baseType: 'UNKNOWN', length: null, precision: null, scale: null });
    else col = newColumn(colName, this.type());
    ds.columns.push(col);
    while (!this.atItemEnd()) {
      const w = this.peek()!.kind === 'word' ? this.peek()!.value.toUpperCase() : '';
      if (w === 'DEFAULT') {
        this.pos++;
        if (this.isWord('ON') && this.isWord('NULL', 1)) this.pos += 2;
        const end = expressionEnd(this.t, this.pos, DEFAULT_STOP);
        if (end < this.pos) this.fail('expected a default value');
        col.defaultValue = sliceTokens(this.stmt, this.pos, end);
        this.pos = end + 1;
      } else if (w === 'NOT' && this.isWord('NULL', 1)) {
        col.nullable = false;
        this.pos += 2;
      } else if (w === 'NULL') {
        this.pos++;
      } else if (w === 'PRIMARY' && this.isWord('KEY', 1)) {
        this.pos += 2;
        pending.push(() => this.model.setPrimaryKey(ds, [colName]));
      } else if (w === 'UNIQUE') {
        this.pos++;
        pending.push(() => this.model.addUnique(ds, [colName]));
      } else if (w === 'REFERENCES') {
        const fk = this.references([colName]);
        pending.push(() => this.model.addForeignKey(ds, fk()));
      } else if (w === 'AS' || w === 'CHECK') {
        this.pos++;
        if (this.isPunct('(')) {
          const start = this.pos;
          this.skipGroup();
          if (w === 'AS') col.defaultValue = `AS ${sliceTokens(this.stmt, start, this.pos - 1)}`;
        }
      } else if (w === 'CONSTRAINT') {
        this.pos += 2;
      } else if (this.isPunct('(')) this.skipGroup();
      else this.pos++; // ENABLE, VISIBLE, SORT, USING INDEX, GENERATED ... IDENTITY options and the like
    }
    return col;
  }

  private references(columns: string[]): () => { columns: string[]; refSchema: string | null; refTable: string; refColumns: string[] } {
    this.expectWord('REFERENCES');
    const ref = this.qualifiedName();
    const refColumns = this.isPunct('(') ? this.nameList() : [];
    return () => ({ columns, refSchema: ref.schema, refTable: ref.name, refColumns: refColumns.length ? refColumns : (this.model.find(ref.schema, ref.name)?.primaryKey ?? []) });
  }

  private outOfLineConstraint(ds: HarvestedDataset): () => string | null {
    if (this.isWord('CONSTRAINT')) {
      this.pos++;
      this.name();
    }
    let result: () => string | null = () => null;
    if (this.isWord('PRIMARY')) {
      this.pos++;
      this.expectWord('KEY');
      const cols = this.nameList();
      result = () => this.model.setPrimaryKey(ds, cols);
    } else if (this.isWord('UNIQUE')) {
      this.pos++;
      const cols = this.nameList();
      result = () => this.model.addUnique(ds, cols);
    } else if (this.isWord('FOREIGN')) {
      this.pos++;
      this.expectWord('KEY');
      const cols = this.nameList();
      const fk = this.references(cols);
      result = () => this.model.addForeignKey(ds, fk());
    } else if (this.isWord('CHECK')) {
      this.pos++;
      this.skipGroup();
    }
    while (!this.atItemEnd()) {
      if (this.isPunct('(')) this.skipGroup();
      else this.pos++; // USING INDEX ..., ENABLE, VALIDATE, DEFERRABLE, ON DELETE CASCADE
    }
    return result;
  }

  private type(): ReturnType<typeof typeFacts> {
    const start = this.pos;
    const first = this.peek();
    if (!first || (first.kind !== 'word' && first.kind !== 'ident')) this.fail('expected a data type');
    let base = this.qualifiedTypeName();
    const next = TWO_WORD_TYPES[base];
    if (next && this.peek()?.kind === 'word' && next.includes(this.peek()!.value.toUpperCase())) {
      base += ` ${this.peek()!.value.toUpperCase()}`;
      this.pos++;
      if (base.startsWith('NATIONAL') && this.isWord('VARYING')) {
        base += ' VARYING';
        this.pos++;
      }
    }
    let args: string[] = [];
    if (base === 'INTERVAL') {
      // INTERVAL YEAR [(p)] TO MONTH | INTERVAL DAY [(p)] TO SECOND [(s)]
      base += ` ${this.name()}`;
      if (this.isPunct('(')) args = this.typeArgs();
      this.expectWord('TO');
      base += ` TO ${this.name()}`;
      if (this.isPunct('(')) this.typeArgs();
    } else if (this.isPunct('(')) args = this.typeArgs();
    if (this.isWord('WITH') && (this.isWord('TIME', 1) || this.isWord('LOCAL', 1))) {
      this.pos++;
      base += ' WITH';
      if (this.isWord('LOCAL')) {
        this.pos++;
        base += ' LOCAL';
      }
      this.expectWord('TIME');
      this.expectWord('ZONE');
      base += ' TIME ZONE';
    }
    const dataType = sliceTokens(this.stmt, start, this.pos - 1).replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').replace(/\s*,\s*/g, ',');
    return typeFacts(base, args, dataType);
  }

  private qualifiedTypeName(): string {
    const parts = [this.name()];
    while (this.isPunct('.')) {
      this.pos++;
      parts.push(this.name());
    }
    return parts.join('.');
  }

  private typeArgs(): string[] {
    this.expectPunct('(');
    const args: string[] = [];
    for (;;) {
      const tok = this.peek();
      if (!tok) this.fail('unterminated type arguments');
      if (tok.kind === 'number' || tok.text === '*' || (tok.text === '-' && this.peek(1)?.kind === 'number')) {
        if (tok.text === '-') {
          this.pos++;
          args.push(`-${this.peek()!.text}`);
        } else args.push(tok.text);
        this.pos++;
        if (this.isWord('BYTE') || this.isWord('CHAR')) this.pos++;
      } else this.fail('expected a number in type arguments');
      if (this.isPunct(',')) {
        this.pos++;
        continue;
      }
      this.expectPunct(')');
      return args;
    }
  }

  createView(at: number, materialized: boolean): 'read' {
    this.pos = at;
    const { schema, name } = this.qualifiedName();
    let names: string[] = [];
    if (this.isPunct('(')) {
      // column aliases, possibly with inline constraints: take the first name of each item
      this.pos++;
      while (this.peek() && !this.isPunct(')')) {
        if (this.peek()?.kind === 'word' && CONSTRAINT_START.has(this.peek()!.value.toUpperCase())) this.outOfLineConstraint({ schema, name, kind: 'view', columns: [] });
        else names.push(this.name());
        while (!this.atItemEnd()) this.isPunct('(') ? this.skipGroup() : this.pos++;
        if (this.isPunct(',')) this.pos++;
      }
      this.expectPunct(')');
    }
    const asIdx = findTopLevelWord(this.t, this.pos, 'AS');
    if (asIdx < 0) this.fail('expected AS followed by the view query');
    let end = this.t.length - 1;
    const ro = findTopLevelWord(this.t, asIdx + 1, 'WITH');
    if (ro > 0 && ['READ', 'CHECK'].includes(this.t[ro + 1]?.value.toUpperCase() ?? '')) end = ro - 1;
    const viewSql = sliceTokens(this.stmt, asIdx + 1, end);
    if (!names.length) names = selectListNames(this.t.slice(asIdx + 1, end + 1));
    this.model.put({ schema, name, kind: 'view', comment: null, columns: names.map(viewColumn), viewSql, ...(materialized ? {} : {}) });
    return 'read';
  }

  comment(at: number): 'read' | 'skipped' | 'failed' {
    this.pos = at;
    const what = this.name();
    if (what === 'MATERIALIZED') this.expectWord('VIEW');
    if (!['TABLE', 'COLUMN', 'MATERIALIZED'].includes(what)) return 'skipped';
    const parts = [this.name()];
    while (this.isPunct('.')) {
      this.pos++;
      parts.push(this.name());
    }
    this.expectWord('IS');
    const tok = this.peek();
    if (tok?.kind !== 'string') this.fail('expected a quoted comment after IS');
    this.pos++;
    if (this.peek()) this.fail('unexpected text after the comment');
    if (what === 'COLUMN') {
      if (parts.length < 2 || parts.length > 3) this.fail('COMMENT ON COLUMN needs table.column or owner.table.column');
      const colName = parts[parts.length - 1];
      const ds = this.model.find(parts.length === 3 ? parts[0] : null, parts[parts.length - 2]);
      const col = ds && this.model.column(ds, colName);
      if (!col) {
        this.model.problem(this.stmt.line, `COMMENT ON COLUMN ${parts.join('.')}: no such column earlier in the file`, this.stmt.text, 'unsupported');
        return 'failed';
      }
      col.comment = tok.value;
      return 'read';
    }
    if (parts.length > 2) this.fail(`too many name parts in ${parts.join('.')}`);
    const ds = this.model.find(parts.length === 2 ? parts[0] : null, parts[parts.length - 1]);
    if (!ds) {
      this.model.problem(this.stmt.line, `COMMENT ON TABLE ${parts.join('.')}: no such table earlier in the file`, this.stmt.text, 'unsupported');
      return 'failed';
    }
    ds.comment = tok.value;
    return 'read';
  }

  alterTable(at: number): 'read' | 'skipped' | 'failed' {
    this.pos = at;
    const { schema, name } = this.qualifiedName();
    if (!this.isWord('ADD') && !this.isWord('MODIFY')) return 'skipped';
    const ds = this.model.find(schema, name);
    if (!ds) {
      this.model.problem(this.stmt.line, `ALTER TABLE ${schema ? `${schema}.` : ''}${name}: no such table earlier in the file`, this.stmt.text, 'unsupported');
      return 'failed';
    }
    const pending: Array<() => string | null> = [];
    while (this.isWord('ADD') || this.isWord('MODIFY')) {
      const modify = this.isWord('MODIFY');
      this.pos++;
      const paren = this.isPunct('(');
      if (paren) this.pos++;
      for (;;) {
        if (this.peek()?.kind === 'word' && CONSTRAINT_START.has(this.peek()!.value.toUpperCase())) pending.push(this.outOfLineConstraint(ds));
        else if (modify) {
          // MODIFY (col [type] [NOT NULL] ...): only nullability and type are taken
          const colName = this.name();
          const col = this.model.column(ds, colName);
          if (!col) this.fail(`no column ${colName} in ${name}`);
          if (!this.isWord('NOT') && !this.isWord('NULL') && !this.isWord('DEFAULT') && !this.atItemEnd()) Object.assign(col, this.type());
          while (!this.atItemEnd()) {
            if (this.isWord('NOT') && this.isWord('NULL', 1)) {
              col.nullable = false;
              this.pos += 2;
            } else if (this.isWord('NULL')) {
              col.nullable = true;
              this.pos++;
            } else if (this.isPunct('(')) this.skipGroup();
            else this.pos++;
          }
        } else {
          const tmp: HarvestedDataset = { ...ds, columns: [] };
          const col = this.columnDef(tmp, pending);
          this.model.addColumn(ds, col);
        }
        if (paren && this.isPunct(',')) {
          this.pos++;
          continue;
        }
        if (paren) this.expectPunct(')');
        break;
      }
    }
    const errors = pending.map((f) => f()).filter((e): e is string => !!e);
    for (const e of errors) this.model.problem(this.stmt.line, `ALTER TABLE ${name}: ${e}`, this.stmt.text, 'syntax');
    return errors.length ? 'failed' : 'read';
  }

  uniqueIndex(at: number): 'read' | 'skipped' {
    this.pos = at;
    this.qualifiedName();
    this.expectWord('ON');
    const { schema, name } = this.qualifiedName();
    const ds = this.model.find(schema, name);
    if (!ds || !this.isPunct('(')) return 'skipped';
    const start = this.pos;
    this.skipGroup();
    const inner = this.t.slice(start + 1, this.pos - 1);
    const cols: string[] = [];
    let item: Token[] = [];
    for (const tok of [...inner, { kind: 'punct', text: ',' } as Token]) {
      if (tok.text === ',') {
        const names = item.filter((x) => x.kind === 'word' || x.kind === 'ident');
        if (item.length === 0 || item.some((x) => x.text === '(') || names.length === 0) return 'skipped';
        if (!['ASC', 'DESC'].includes(nameOf(names[0]))) cols.push(nameOf(names[0]));
        item = [];
      } else item.push(tok);
    }
    const err = this.model.addUnique(ds, cols);
    if (err) this.model.problem(this.stmt.line, `${name}: ${err}`, this.stmt.text, 'syntax');
    return 'read';
  }
}

/** Output column names of a SELECT, from its top-level select list (alias, or last name of a column reference). */
export function selectListNames(tokens: Token[]): string[] {
  const sel = findTopLevelWord(tokens, 0, 'SELECT');
  if (sel < 0) return [];
  let i = sel + 1;
  while (tokens[i]?.kind === 'word' && ['DISTINCT', 'UNIQUE', 'ALL'].includes(tokens[i].value.toUpperCase())) i++;
  const from = findTopLevelWord(tokens, i, 'FROM');
  const list = tokens.slice(i, from < 0 ? tokens.length : from);
  const names: string[] = [];
  let depth = 0;
  let item: Token[] = [];
  const flush = (): void => {
    const last = item[item.length - 1];
    const prev = item[item.length - 2];
    const isName = (t?: Token): boolean => !!t && (t.kind === 'word' || t.kind === 'ident');
    if (item.length === 1 && isName(last)) names.push(nameOf(last));
    else if (isName(last) && prev?.text === '.') names.push(nameOf(last));
    else if (isName(last) && prev && (isName(prev) || prev.text === ')' || prev.kind === 'string' || prev.kind === 'number')) names.push(nameOf(last));
    else if (last?.text === '*') names.push('*');
    else names.push(`?column?${names.length + 1}`);
    item = [];
  };
  for (const t of list) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (t.text === ',' && depth === 0) flush();
    else item.push(t);
  }
  if (item.length) flush();
  return names;
}
