// Check-digit algorithms of the identifiers fundgov validates (see grading README).
// Pure functions: both detectors (validate) and the demo generator (compute) use them.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character for the first 17 digits of a resident ID. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function isValidGb11643(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  return gb11643CheckChar(id.slice(0, 17)) === id[17].toUpperCase();
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character for the first 17 characters of a unified social credit code. */
export function gb32100CheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidGb32100(code: string): boolean {
  if (code.length !== 18) return false;
  const c = gb32100CheckChar(code.slice(0, 17).toUpperCase());
  return c !== null && c === code[17].toUpperCase();
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
/** GB 11714 organisation code check character for the first 8 characters. */
export function gb11714CheckChar(first8: string): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i];
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : -1;
    if (v < 0) return null;
    sum += v * ORG_WEIGHTS[i];
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function isValidGb11714(code: string): boolean {
  const s = code.replace('-', '').toUpperCase();
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(s)) return false;
  return gb11714CheckChar(s.slice(0, 8)) === s[8];
}

/** Luhn check digit to append to `partial` (digits only). */
export function luhnCheckDigit(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = partial.charCodeAt(partial.length - 1 - i) - 48;
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidLuhn(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits[digits.length - 1];
}

/** ISO 7064 mod 97-10 over an alphanumeric string (letters A=10 … Z=35): true when ≡ 1. */
export function mod97(s: string): number {
  let rem = 0;
  for (const ch of s.toUpperCase()) {
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : -1;
    if (v < 0) return -1;
    rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem;
}

/** Digits of an alphanumeric string with letters expanded A=10 … Z=35 (ISIN, IBAN style). */
function expandLetters(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c >= 65 && c <= 90) out += String(c - 55);
    else return null;
  }
  return out;
}

/** ISIN (ISO 6166): 2-letter country, 9 alphanumerics, Luhn check digit over the letter-expanded digits. */
export function isValidIsin(isin: string): boolean {
  if (isin.length !== 12) return false;
  const s = isin.toUpperCase();
  if (!/^[A-Z]{2}[A-Z0-9]{9}\d$/.test(s)) return false;
  const digits = expandLetters(s);
  return digits !== null && isValidLuhn(digits);
}

/** CUSIP check digit for the first 8 characters (letters A=10…, * = 36, @ = 37, # = 38). */
export function cusipCheckDigit(first8: string): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i];
    let v: number;
    if (ch >= '0' && ch <= '9') v = ch.charCodeAt(0) - 48;
    else if (ch >= 'A' && ch <= 'Z') v = ch.charCodeAt(0) - 55;
    else if (ch === '*') v = 36;
    else if (ch === '@') v = 37;
    else if (ch === '#') v = 38;
    else return null;
    if (i % 2 === 1) v *= 2;
    sum += Math.floor(v / 10) + (v % 10);
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidCusip(cusip: string): boolean {
  if (cusip.length !== 9) return false;
  const s = cusip.toUpperCase();
  if (!/^[0-9A-Z*@#]{8}\d$/.test(s)) return false;
  return cusipCheckDigit(s.slice(0, 8)) === s[8];
}

/** LEI (ISO 17442): 18 alphanumerics + 2 check digits, the whole string ≡ 1 (mod 97). */
export function isValidLei(lei: string): boolean {
  const s = lei.toUpperCase();
  if (!/^[0-9A-Z]{18}\d{2}$/.test(s)) return false;
  return mod97(s) === 1;
}

/** IBAN (ISO 13616): country, 2 check digits, BBAN; rearranged string ≡ 1 (mod 97). */
export function isValidIban(iban: string): boolean {
  const s = iban.replace(/ /g, '').toUpperCase();
  if (s.length < 15 || s.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  return mod97(s.slice(4) + s.slice(0, 4)) === 1;
}
