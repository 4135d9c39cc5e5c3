// Which transform kind an expression applies to the columns it reads. The rules, in one place:
//
// - copy: a plain column reference, COLLATE, COALESCE/IFNULL/GREATEST/LEAST/NULLIF (first arg)
//   and lag/lead/first_value/last_value/nth_value (the value is passed unchanged), the THEN/ELSE
//   branch of a CASE when it is a bare column, and casts that cannot lose information: to
//   text, unbounded varchar / character varying / MySQL CHAR without length, or
//   numeric/decimal without precision. Every other cast (a length, a precision, int, date…) is derive.
// - derive: any other expression (arithmetic, string functions, CASE WHEN conditions, window
//   ORDER BY keys: a rank or running sum is a function of the ordered values).
// - aggregate: aggregate functions over groups and aggregate window functions.
// - mask: hash/encryption functions, steward-registered masking functions, and masking
//   patterns: overlay/regexp_replace/replace/insert with a mask literal, and concatenations
//   (||, concat, concat_ws, lpad/rpad) that add a mask literal to truncated pieces only
//   (substr/substring/left/right/mid) — `left(x,3)||'****'||right(x,4)` is mask,
//   `name||'***'` is derive because the whole value still passes.
// - filter: the column only decides which rows flow (WHERE, JOIN ON/USING, GROUP BY, HAVING,
//   DISTINCT ON, ORDER BY under LIMIT, window PARTITION BY, aggregate FILTER, MERGE ON/WHEN).
//
// Kinds compose through nested expressions and subqueries by strength
// filter > mask > aggregate > derive > copy: md5(upper(x)) is mask, sum(x)/100 is aggregate.

import type { Expr, TransformKind } from './types.ts';

const RANK: Record<TransformKind, number> = { copy: 0, derive: 1, aggregate: 2, mask: 3, filter: 4 };

export function strongerKind(a: TransformKind, b: TransformKind): TransformKind {
  return RANK[a] >= RANK[b] ? a : b;
}

export const AGGREGATE_FUNCTIONS = new Set([
  'sum', 'count', 'avg', 'min', 'max', 'string_agg', 'array_agg', 'json_agg', 'jsonb_agg', 'json_object_agg',
  'jsonb_object_agg', 'json_arrayagg', 'json_objectagg', 'xmlagg', 'group_concat', 'listagg', 'stddev', 'stddev_pop',
  'stddev_samp', 'std', 'variance', 'var_pop', 'var_samp', 'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or',
  'bit_xor', 'percentile_cont', 'percentile_disc', 'mode', 'median', 'corr', 'covar_pop', 'covar_samp',
  'regr_slope', 'regr_intercept', 'regr_count', 'regr_r2', 'regr_avgx', 'regr_avgy', 'regr_sxx', 'regr_syy',
  'regr_sxy', 'any_value', 'range_agg', 'range_intersect_agg',
]);

/** Hashes and encryption: the output does not reveal the input. */
export const MASK_FUNCTIONS = new Set([
  'md5', 'sha', 'sha1', 'sha2', 'sha224', 'sha256', 'sha384', 'sha512', 'digest', 'hmac', 'crypt',
  'crc32', 'hashtext', 'hashtextextended', 'uuid_generate_v5', 'uuid_generate_v3', 'aes_encrypt', 'des_encrypt',
  'encrypt', 'pgp_sym_encrypt', 'pgp_pub_encrypt', 'pgp_sym_encrypt_bytea', 'pgp_pub_encrypt_bytea',
  'encode_sm3', 'sm3', 'sm4_encrypt', 'password', 'random_bytes',
]);

/** Value-preserving functions: each listed argument passes through unchanged (copy). */
const PASS_ARGS: Record<string, 'all' | 'first'> = {
  coalesce: 'all', ifnull: 'all', nvl: 'all', greatest: 'all', least: 'all', nullif: 'first',
  lag: 'first', lead: 'first', first_value: 'first', last_value: 'first', nth_value: 'first',
};

const TRUNCATING = new Set(['substr', 'substring', 'left', 'right', 'mid', 'substring_index', 'strleft', 'strright']);
const LOSSLESS_CAST = new Set(['text', 'varchar', 'character varying', 'char', 'string', 'numeric', 'decimal', 'nchar', 'nvarchar', 'pg_catalog.text', 'pg_catalog.varchar', 'pg_catalog.numeric']);
const MASK_CHARS = ['*', '#', '•', '●', '×', '＊'];

/** Is the cast lossless (copy)? Without a length/precision, to a text type or unbounded numeric. */
export function castIsCopy(type: string, typmod: boolean): boolean {
  const t = type.toLowerCase();
  if (typmod) return false;
  if (t === 'char' || t === 'bpchar' || t === 'pg_catalog.bpchar') return t === 'char'; // MySQL CHAR without length = unbounded; PG char = char(1)
  return LOSSLESS_CAST.has(t);
}

export function isAggregateName(name: string): boolean { return AGGREGATE_FUNCTIONS.has(name.toLowerCase()); }

export function passArgs(name: string): 'all' | 'first' | null { return PASS_ARGS[name.toLowerCase()] ?? null; }

export class MaskRules {
  private readonly extra: Set<string>;
  constructor(maskFunctions: string[] = []) {
    this.extra = new Set(maskFunctions.map((f) => f.trim().toLowerCase()).filter(Boolean));
  }
  isMaskFunction(name: string, schema: string | null): boolean {
    const n = name.toLowerCase();
    if (this.extra.has(n) || (schema && this.extra.has(`${schema.toLowerCase()}.${n}`))) return true;
    return MASK_FUNCTIONS.has(n);
  }
}

/** A string literal that hides characters: '****', '#', 'XXXX', or repeat('*', n). */
export function isMaskLiteral(e: Expr): boolean {
  if (e.k === 'const') {
    const s = e.str;
    if (s == null || s.length === 0) return false;
    if (MASK_CHARS.some((c) => s.includes(c))) return true;
    return s.length >= 2 && [...s].every((c) => c === 'X' || c === 'x');
  }
  if (e.k === 'func' && e.name === 'repeat') return e.args.length > 0 && isMaskLiteral(e.args[0]);
  if (e.k === 'cast' || e.k === 'pass') return isMaskLiteral(e.k === 'cast' ? e.arg : e.args[0]);
  return false;
}

/** A truncated piece of a value (substr, left, right…). */
export function isTruncation(e: Expr): boolean {
  if (e.k === 'func') return TRUNCATING.has(e.name);
  if (e.k === 'cast') return isTruncation(e.arg);
  return false;
}

/** Flattens a || b || c and concat(a, b, c) into their pieces. */
export function concatPieces(e: Expr): Expr[] | null {
  if (e.k === 'op' && e.name === '||') return e.args.flatMap((a) => concatPieces(a) ?? [a]);
  if (e.k === 'func' && e.name === 'concat') return e.args.flatMap((a) => concatPieces(a) ?? [a]);
  if (e.k === 'func' && e.name === 'concat_ws') return e.args.slice(1).flatMap((a) => concatPieces(a) ?? [a]);
  return null;
}

/**
 * For a masking pattern, the argument positions whose columns are masked; null when the
 * expression is no masking pattern. `readsColumns(e)` tells whether a piece carries column values,
 * `masked(e)` whether that piece is already masked.
 */
export function maskPattern(e: Expr, readsColumns: (e: Expr) => boolean, masked: (e: Expr) => boolean): boolean {
  if (e.k === 'func') {
    const a = e.args;
    switch (e.name) {
      case 'overlay': return a.length >= 2 && isMaskLiteral(a[1]);
      case 'regexp_replace': return a.length >= 3 && isMaskLiteral(a[2]);
      case 'replace': return a.length >= 3 && isMaskLiteral(a[2]);
      case 'insert': return a.length >= 4 && isMaskLiteral(a[3]);
      case 'lpad': case 'rpad':
        return a.length >= 3 && isMaskLiteral(a[2]) && (isTruncation(a[0]) || masked(a[0]) || !readsColumns(a[0]));
      default: break;
    }
  }
  const pieces = concatPieces(e);
  if (!pieces) return false;
  if (!pieces.some(isMaskLiteral)) return false;
  return pieces.every((p) => isMaskLiteral(p) || !readsColumns(p) || isTruncation(p) || masked(p));
}
