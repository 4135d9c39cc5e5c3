// Binomial tail probabilities in log space: P(X >= k) for X ~ Binomial(n, 1/2), the chance
// that a file written without this export's key agrees with its bits at k of n carriers.

const LN2 = Math.LN2;
const smallLogFact: number[] = [0];
for (let i = 1; i <= 256; i++) smallLogFact[i] = smallLogFact[i - 1] + Math.log(i);

/** ln(n!) exactly (table) for n ≤ 256, Stirling with three correction terms above. */
export function logFactorial(n: number): number {
  if (n <= 256) return smallLogFact[n];
  const inv = 1 / n;
  const inv2 = inv * inv;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv / 12 - (inv * inv2) / 360 + (inv * inv2 * inv2) / 1260;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** ln Σ_{i=k..n} C(n,i) / 2^n, summed from the largest term down (k > n/2: terms shrink). */
function logUpperTailFromAboveMean(n: number, k: number): number {
  const first = logChoose(n, k);
  let sum = 1; // relative to the first term
  let term = 1;
  for (let i = k; i < n; i++) {
    term *= (n - i) / (i + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return first + Math.log(sum) - n * LN2;
}

/** ln P(X ≥ k), X ~ Binomial(n, 1/2). */
export function logBinomialTail(n: number, k: number): number {
  if (k <= 0) return 0;
  if (k > n) return -Infinity;
  if (2 * k > n) return logUpperTailFromAboveMean(n, k);
  // k ≤ n/2: P(X ≥ k) = 1 − P(X ≤ k−1) = 1 − P(X ≥ n−k+1) by symmetry
  const lower = Math.exp(logUpperTailFromAboveMean(n, n - k + 1));
  return Math.log1p(-Math.min(lower, 1));
}

/** log10 of a Bonferroni-corrected p-value: min(1, p · m). */
export function log10Corrected(lnP: number, m: number): number {
  return Math.min(0, (lnP + Math.log(m)) / Math.LN10);
}

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
