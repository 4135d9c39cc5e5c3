// A SQL tokenizer and statement splitter for DDL files of three dialects. It knows quoting,
// comments, MySQL DELIMITER and /*!40101 */ version comments, psql meta-commands and COPY data,
// Oracle SQL*Plus commands and PL/SQL blocks ended by '/'. Parsing is left to real parsers.

export type SqlDialect = 'mysql' | 'postgres' | 'oracle';

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct' | 'param';

export interface Token {
  kind: TokenKind;
  /** Raw source text of the token. */
  text: string;
  /** Unquoted value: identifier without quotes, string literal contents, or the word itself. */
  value: string;
  start: number;
  end: number;
  line: number;
}

export type StatementKind = 'sql' | 'plsql' | 'client-command' | 'copy';

export interface SqlStatement {
  kind: StatementKind;
  tokens: Token[];
  /** Source text from the first token to the last (terminator excluded). */
  text: string;
  start: number;
  end: number;
  /** 1-based line of the first token. */
  line: number;
}

export interface LexProblem {
  line: number;
  message: string;
}

export interface SplitResult {
  statements: SqlStatement[];
  problems: LexProblem[];
}

const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD_PART = /[A-Za-z0-9_$#\u0080-\uFFFF]/;
const PLSQL_UNITS = new Set(['PROCEDURE', 'FUNCTION', 'PACKAGE', 'TRIGGER', 'TYPE', 'LIBRARY', 'JAVA']);
const SQLPLUS_COMMANDS = new Set(['PROMPT', 'REM', 'REMARK', 'SET', 'SPOOL', 'WHENEVER', 'CONNECT', 'CONN', 'EXEC', 'EXECUTE', 'SHOW', 'DEFINE', 'UNDEFINE', 'COLUMN', 'TTITLE', 'PAUSE', 'ACCEPT', 'EXIT', 'QUIT', 'HOST', 'START', 'SQLBLANKLINES']);
const OPENING: Record<string, string> = { '[': ']', '{': '}', '(': ')', '<': '>' };

/** Splits SQL source into statements with tokens; never throws on bad input. */
export function splitSql(src: string, dialect: SqlDialect): SplitResult {
  const statements: SqlStatement[] = [];
  const problems: LexProblem[] = [];
  let pos = 0;
  let line = 1;
  let current: Token[] = [];
  let plsql = false;
  let delimiter = ';';
  let versionCommentDepth = 0;
  const n = src.length;

  const advanceTo = (to: number): void => {
    for (let i = pos; i < to; i++) if (src.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const lineEnd = (from: number): number => {
    const i = src.indexOf('\n', from);
    return i < 0 ? n : i;
  };
  const atLineStart = (at: number): boolean => {
    for (let i = at - 1; i >= 0; i--) {
      const c = src[i];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t' && c !== '\r') return false;
    }
    return true;
  };
  const restOfLineBlank = (from: number): boolean => src.slice(from, lineEnd(from)).trim() === '';
  const push = (kind: TokenKind, start: number, end: number, value: string, startLine: number): void => {
    current.push({ kind, text: src.slice(start, end), value, start, end, line: startLine });
  };
  const finish = (kind?: StatementKind): void => {
    if (current.length > 0) {
      const first = current[0];
      const last = current[current.length - 1];
      statements.push({
        kind: kind ?? (plsql ? 'plsql' : 'sql'),
        tokens: current,
        text: src.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        line: first.line,
      });
    }
    current = [];
    plsql = false;
  };
  const isPlsqlStart = (): boolean => {
    if (dialect !== 'oracle') return false;
    const words = current.filter((t) => t.kind === 'word').map((t) => t.value.toUpperCase());
    if (words[0] === 'DECLARE' || words[0] === 'BEGIN') return current.length === 1;
    if (words[0] !== 'CREATE') return false;
    let i = 1;
    if (words[i] === 'OR' && words[i + 1] === 'REPLACE') i += 2;
    while (words[i] === 'EDITIONABLE' || words[i] === 'NONEDITIONABLE' || words[i] === 'EDITIONING' || words[i] === 'AND' || words[i] === 'COMPILE' || words[i] === 'RESOLVE' || words[i] === 'NOFORCE') i++;
    return words.length === i + 1 && PLSQL_UNITS.has(words[i]);
  };
  // Reads a quoted run ending with `close`, where `close` doubled is an escaped `close`.
  const readQuoted = (from: number, close: string, backslash: boolean): { end: number; value: string } | null => {
    let i = from;
    let value = '';
    while (i < n) {
      const c = src[i];
      if (backslash && c === '\\' && i + 1 < n) {
        value += unescapeBackslash(src[i + 1]);
        i += 2;
        continue;
      }
      if (c === close) {
        if (src[i + 1] === close) {
          value += close;
          i += 2;
          continue;
        }
        return { end: i + 1, value };
      }
      value += c;
      i++;
    }
    return null;
  };

  while (pos < n) {
    const c = src[pos];
    const startLine = line;
    // whitespace
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\uFEFF') {
      advanceTo(pos + 1);
      continue;
    }
    // custom MySQL delimiter (DELIMITER ;; / $$ / //)
    if (dialect === 'mysql' && delimiter !== ';' && src.startsWith(delimiter, pos)) {
      advanceTo(pos + delimiter.length);
      finish();
      continue;
    }
    // statement-start client commands: MySQL DELIMITER, psql backslash commands, SQL*Plus commands
    if (current.length === 0) {
      const le = lineEnd(pos);
      const firstWord = /^[A-Za-z@]+/.exec(src.slice(pos, Math.min(le, pos + 20)))?.[0]?.toUpperCase() ?? '';
      if (dialect === 'mysql' && firstWord === 'DELIMITER') {
        const arg = src.slice(pos + 9, le).trim();
        if (arg) delimiter = arg;
        else problems.push({ line, message: 'DELIMITER command without a delimiter' });
        advanceTo(le);
        continue;
      }
      if (dialect === 'postgres' && c === '\\') {
        push('word', pos, le, src.slice(pos, le).trim(), startLine);
        advanceTo(le);
        finish('client-command');
        continue;
      }
      if (dialect === 'oracle' && (c === '@' || (SQLPLUS_COMMANDS.has(firstWord) && !(firstWord === 'SET' && /^SET\s+(TRANSACTION|ROLE|CONSTRAINTS?)\b/i.test(src.slice(pos, le)))))) {
        push('word', pos, le, src.slice(pos, le).trim(), startLine);
        advanceTo(le);
        finish('client-command');
        continue;
      }
    }
    // Oracle/SQL*Plus '/' alone on a line ends a PL/SQL block (or re-runs the buffer)
    if (dialect === 'oracle' && c === '/' && src[pos + 1] !== '*' && atLineStart(pos) && restOfLineBlank(pos + 1)) {
      advanceTo(pos + 1);
      finish();
      continue;
    }
    // comments
    if (c === '-' && src[pos + 1] === '-') {
      advanceTo(lineEnd(pos));
      continue;
    }
    if (c === '#' && dialect === 'mysql') {
      advanceTo(lineEnd(pos));
      continue;
    }
    if (c === '/' && src[pos + 1] === '*') {
      if (dialect === 'mysql' && src[pos + 2] === '!') {
        // /*!40101 SET ... */ runs on MySQL: its content is code, the markers are dropped
        let i = pos + 3;
        while (i < n && /[0-9]/.test(src[i])) i++;
        advanceTo(i);
        versionCommentDepth++;
        continue;
      }
      let depth = 1;
      let i = pos + 2;
      while (i < n && depth > 0) {
        if (src[i] === '*' && src[i + 1] === '/') {
          depth--;
          i += 2;
        } else if (dialect === 'postgres' && src[i] === '/' && src[i + 1] === '*') {
          depth++;
          i += 2;
        } else i++;
      }
      if (depth > 0) problems.push({ line, message: 'unterminated /* comment */ runs to the end of the file' });
      advanceTo(i);
      continue;
    }
    if (c === '*' && src[pos + 1] === '/' && versionCommentDepth > 0) {
      versionCommentDepth--;
      advanceTo(pos + 2);
      continue;
    }
    // strings: 'x', N'x', E'x', X'..', B'..', q'[x]'
    const lower = c.toLowerCase();
    if (c === "'" || ((lower === 'n' || lower === 'e' || lower === 'x' || lower === 'b' || lower === 'u') && src[pos + 1] === "'" && !prevIsWordChar(src, pos))) {
      const prefixLen = c === "'" ? 0 : 1;
      const backslash = dialect === 'mysql' || (dialect === 'postgres' && lower === 'e' && prefixLen === 1);
      const r = readQuoted(pos + prefixLen + 1, "'", backslash);
      if (!r) {
        problems.push({ line, message: 'unterminated string literal runs to the end of the file' });
        push('string', pos, n, src.slice(pos + prefixLen + 1), startLine);
        advanceTo(n);
        break;
      }
      push('string', pos, r.end, r.value, startLine);
      advanceTo(r.end);
      continue;
    }
    if (dialect === 'oracle' && (lower === 'q' || ((lower === 'n') && src[pos + 1]?.toLowerCase() === 'q')) && !prevIsWordChar(src, pos)) {
      const qAt = lower === 'q' ? pos : pos + 1;
      if (src[qAt + 1] === "'" && qAt + 2 < n) {
        const open = src[qAt + 2];
        const close = OPENING[open] ?? open;
        const endAt = src.indexOf(close + "'", qAt + 3);
        if (endAt < 0) {
          problems.push({ line, message: "unterminated q'...' literal runs to the end of the file" });
          advanceTo(n);
          break;
        }
        push('string', pos, endAt + 2, src.slice(qAt + 3, endAt), startLine);
        advanceTo(endAt + 2);
        continue;
      }
    }
    // PostgreSQL dollar quoting $tag$ ... $tag$
    if (c === '$' && dialect === 'postgres') {
      const m = /^\$([A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/.exec(src.slice(pos, pos + 70));
      if (m) {
        const tag = m[0];
        const endAt = src.indexOf(tag, pos + tag.length);
        if (endAt < 0) {
          problems.push({ line, message: `unterminated ${tag} quoted string runs to the end of the file` });
          advanceTo(n);
          break;
        }
        push('string', pos, endAt + tag.length, src.slice(pos + tag.length, endAt), startLine);
        advanceTo(endAt + tag.length);
        continue;
      }
      const p = /^\$[0-9]+/.exec(src.slice(pos, pos + 12));
      if (p) {
        push('param', pos, pos + p[0].length, p[0], startLine);
        advanceTo(pos + p[0].length);
        continue;
      }
    }
    // quoted identifiers
    if (c === '"' || (c === '`' && dialect === 'mysql')) {
      const close = c;
      // In MySQL (without ANSI_QUOTES) "x" is a string; the parser decides, we keep it quoted.
      const r = readQuoted(pos + 1, close, dialect === 'mysql' && c === '"');
      if (!r) {
        problems.push({ line, message: `unterminated ${c}quoted identifier${c} runs to the end of the file` });
        advanceTo(n);
        break;
      }
      push(dialect === 'mysql' && c === '"' ? 'string' : 'ident', pos, r.end, r.value, startLine);
      advanceTo(r.end);
      continue;
    }
    if (c === '`') {
      // a backtick outside MySQL: keep it as a quoted identifier rather than failing
      const r = readQuoted(pos + 1, '`', false);
      const end = r ? r.end : n;
      push('ident', pos, end, r ? r.value : src.slice(pos + 1), startLine);
      advanceTo(end);
      continue;
    }
    // numbers
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[pos + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(src.slice(pos, pos + 400));
      const len = m ? m[0].length : 1;
      // 1abc is an identifier in MySQL; keep a trailing word part attached
      let end = pos + len;
      while (end < n && WORD_PART.test(src[end]) && dialect === 'mysql') end++;
      push(end > pos + len ? 'word' : 'number', pos, end, src.slice(pos, end), startLine);
      advanceTo(end);
      continue;
    }
    // words
    if (WORD_START.test(c)) {
      let end = pos + 1;
      const customDelimiter = dialect === 'mysql' && delimiter !== ';';
      while (end < n && WORD_PART.test(src[end]) && !(customDelimiter && src.startsWith(delimiter, end))) end++;
      push('word', pos, end, src.slice(pos, end), startLine);
      advanceTo(end);
      if (!plsql && isPlsqlStart()) plsql = true;
      continue;
    }
    // statement terminator
    if (c === ';' && !plsql && delimiter === ';') {
      const isCopyFromStdin = dialect === 'postgres' && isCopyStdin(current);
      advanceTo(pos + 1);
      if (isCopyFromStdin) {
        finish('copy');
        // data follows up to a line holding only \.
        const endMark = findCopyEnd(src, pos);
        if (endMark < 0) {
          problems.push({ line, message: 'COPY ... FROM stdin data has no terminating \\. line' });
          advanceTo(n);
        } else advanceTo(endMark);
      } else finish();
      continue;
    }
    // punctuation and operators: one token per character, except :: and multi-char comparisons
    const two = src.slice(pos, pos + 2);
    const len = ['::', '<=', '>=', '<>', '!=', '||', ':=', '=>', '..'].includes(two) ? 2 : 1;
    push('punct', pos, pos + len, src.slice(pos, pos + len), startLine);
    advanceTo(pos + len);
  }
  finish();
  return { statements, problems };
}

function prevIsWordChar(src: string, pos: number): boolean {
  return pos > 0 && WORD_PART.test(src[pos - 1]);
}

function unescapeBackslash(c: string): string {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    case 'b': return '\b';
    case 'Z': return '\x1a';
    default: return c;
  }
}

function isCopyStdin(tokens: Token[]): boolean {
  if (tokens[0]?.kind !== 'word' || tokens[0].value.toUpperCase() !== 'COPY') return false;
  for (let i = 1; i + 1 < tokens.length; i++) {
    if (tokens[i].kind === 'word' && tokens[i].value.toUpperCase() === 'FROM' && tokens[i + 1].kind === 'word' && tokens[i + 1].value.toUpperCase() === 'STDIN') return true;
  }
  return false;
}

function findCopyEnd(src: string, from: number): number {
  let i = src.indexOf('\n', from);
  if (i < 0) return -1;
  i++;
  while (i < src.length) {
    const le = src.indexOf('\n', i);
    const lineText = src.slice(i, le < 0 ? src.length : le).replace(/\r$/, '');
    if (lineText === '\\.') return le < 0 ? src.length : le + 1;
    if (le < 0) return -1;
    i = le + 1;
  }
  return -1;
}

/** Upper-case word values of a token list (identifiers and strings become ''), for keyword matching. */
export function keywordsOf(tokens: Token[]): string[] {
  return tokens.map((t) => (t.kind === 'word' ? t.value.toUpperCase() : ''));
}

/** Rebuilds parser input from tokens: comments dropped, lines kept so parser errors map to lines. */
export function tokensToText(tokens: Token[]): string {
  let out = '';
  let line = tokens[0]?.line ?? 1;
  for (const t of tokens) {
    if (out) {
      if (t.line > line) out += '\n'.repeat(t.line - line);
      else out += ' ';
    }
    out += t.text;
    line = t.line + countNewlines(t.text);
  }
  return out;
}

export function countNewlines(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) k++;
  return k;
}

/** Source text covered by tokens[from..to] inclusive, taken from the statement text. */
export function sliceTokens(stmt: SqlStatement, from: number, to: number): string {
  if (from > to || from >= stmt.tokens.length) return '';
  return stmt.text.slice(stmt.tokens[from].start - stmt.start, stmt.tokens[Math.min(to, stmt.tokens.length - 1)].end - stmt.start);
}

/** Index of the first token at or after an absolute source offset. */
export function tokenIndexAt(stmt: SqlStatement, offset: number): number {
  const i = stmt.tokens.findIndex((t) => t.end > offset);
  return i < 0 ? stmt.tokens.length : i;
}

/**
 * Index of the last token of an expression starting at `from`: it runs until a depth-0 `,` or
 * an unmatched `)`, or one of `stopWords` at depth 0.
 */
export function expressionEnd(tokens: Token[], from: number, stopWords: ReadonlySet<string>): number {
  let depth = 0;
  let i = from;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct') {
      if (t.text === '(') depth++;
      else if (t.text === ')') {
        if (depth === 0) break;
        depth--;
      } else if (t.text === ',' && depth === 0) break;
    } else if (depth === 0 && t.kind === 'word' && i > from && stopWords.has(t.value.toUpperCase())) break;
  }
  return i - 1;
}

/** Index of the first depth-0 word `word` at or after `from`, or -1. */
export function findTopLevelWord(tokens: Token[], from: number, word: string): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (depth === 0 && t.kind === 'word' && t.value.toUpperCase() === word) return i;
  }
  return -1;
}

/** Converts a UTF-8 byte offset within `text` (as libpg_query reports) to a UTF-16 index. */
export function byteToCharOffset(text: string, byteOffset: number): number {
  if (byteOffset <= 0) return 0;
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}
