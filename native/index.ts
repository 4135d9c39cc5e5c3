// The native export hot path (csv_export.cc), when `npm install` could build it (native/build.mjs).
// Callers fall back to the TypeScript path, which writes the same bytes, when it is absent or
// when FUNDGOV_NATIVE=0.
import { fileURLToPath } from 'node:url';

export interface NativeCsv {
  /** rules: per column -1 (in clear) or a mask rule code; seeds: cell digest seeds (2); exportKey: SipHash key (4) */
  createConverter(rules: Int32Array, seeds: Uint32Array, exportKey: Uint32Array): object;
  /**
   * One block of COPY text lines → CSV rows in UTF-8; null when the block is not valid UTF-8.
   * loneSurrogate: a cell held half a surrogate pair (a mask cut one), written as U+FFFD.
   * Throws on a row of another width.
   */
  convert(converter: object, block: Uint8Array): { bytes: Buffer; rows: number; loneSurrogate: boolean } | null;
}

let addonPath: string | null = null;
let loaded: NativeCsv | null | undefined;

/** Where the built addon is (an export worker is told, as its bundled code cannot work it out). */
export function nativeAddonPath(): string {
  return addonPath ?? fileURLToPath(new URL('./build/Release/fundgov_native.node', import.meta.url));
}

export function useNativeAddon(path: string): void {
  addonPath = path;
  loaded = undefined;
}

/** The addon, or null when it is not built or switched off (FUNDGOV_NATIVE=0). */
export function nativeCsv(): NativeCsv | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.env.FUNDGOV_NATIVE !== '0') {
    try {
      const m = { exports: {} as NativeCsv };
      process.dlopen(m, nativeAddonPath());
      loaded = m.exports;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}
