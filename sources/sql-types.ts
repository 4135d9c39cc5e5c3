// Splits a column type as a source writes it into base type, length, precision and scale.

export interface TypeFacts {
  dataType: string;
  baseType: string;
  length: number | null;
  precision: number | null;
  scale: number | null;
}

const CHARACTER_TYPES = new Set([
  'CHAR', 'CHARACTER', 'NCHAR', 'VARCHAR', 'VARCHAR2', 'NVARCHAR', 'NVARCHAR2', 'CHARACTER VARYING', 'NATIONAL CHAR',
  'NATIONAL CHARACTER', 'NATIONAL VARCHAR', 'NATIONAL CHARACTER VARYING', 'BPCHAR', 'VARBINARY', 'BINARY', 'RAW', 'BIT',
  'BIT VARYING', 'VARBIT', 'CHAR VARYING', 'UROWID',
]);
const NUMERIC_TYPES = new Set(['NUMBER', 'NUMERIC', 'DECIMAL', 'DEC', 'FLOAT', 'DOUBLE', 'REAL', 'FIXED']);
const TIME_TYPES = new Set(['TIMESTAMP', 'DATETIME', 'TIME', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP WITHOUT TIME ZONE', 'TIME WITH TIME ZONE', 'TIME WITHOUT TIME ZONE', 'TIMESTAMP WITH LOCAL TIME ZONE']);

/**
 * `base` is the type name without arguments (any case, may be several words), `args` its numeric
 * arguments as written (`*` allowed for Oracle `NUMBER(*,0)`), `suffix` words after the arguments.
 */
export function typeFacts(base: string, args: string[], dataType: string): TypeFacts {
  const baseType = base.replace(/\s+/g, ' ').trim().toUpperCase();
  const nums = args.map((a) => (/^-?[0-9]+$/.test(a.trim()) ? Number(a.trim()) : null));
  const facts: TypeFacts = { dataType, baseType, length: null, precision: null, scale: null };
  if (CHARACTER_TYPES.has(baseType)) facts.length = nums[0] ?? null;
  else if (NUMERIC_TYPES.has(baseType)) {
    facts.precision = nums[0] ?? null;
    facts.scale = args.length > 1 ? nums[1] ?? null : baseType === 'NUMBER' || baseType === 'FLOAT' || baseType === 'REAL' || baseType === 'DOUBLE' ? null : args.length === 1 ? 0 : null;
  } else if (TIME_TYPES.has(baseType) || baseType.startsWith('TIMESTAMP')) facts.precision = nums[0] ?? null;
  return facts;
}

/** Parses a type string like `VARCHAR2(100 BYTE)`, `numeric(16,2)`, `timestamp(3) with time zone`. */
export function parseTypeString(dataType: string): TypeFacts {
  const open = dataType.indexOf('(');
  if (open < 0) return typeFacts(dataType, [], dataType);
  const close = dataType.indexOf(')', open);
  const inner = dataType.slice(open + 1, close < 0 ? undefined : close);
  const args = inner.split(',').map((a) => a.trim().replace(/\s+(BYTE|CHAR)$/i, ''));
  const after = close < 0 ? '' : dataType.slice(close + 1).trim();
  // `timestamp(3) with time zone` keeps the words after the arguments in the base
  const base = after && /^with(out)?\s/i.test(after) ? `${dataType.slice(0, open)} ${after}` : dataType.slice(0, open);
  return typeFacts(base.replace(/\s+unsigned$/i, ''), args, dataType);
}
