// The export hot path in C++: blocks of PostgreSQL COPY text → masked, watermarked CSV in UTF-8,
// byte for byte what server/export-csv.ts (csvBlockWriter) writes with catalog/masking.ts and
// watermark/carriers.ts. Those TypeScript modules are the specification; this file mirrors them
// function by function, on UTF-16 code units as JavaScript sees strings, so that lengths,
// slices and surrogate handling agree. test/native/csv-export.test.ts compares the two on
// millions of generated cells. A block that is not valid UTF-8 is handed back (null) and the
// TypeScript path writes it.
#ifndef FUNDGOV_NO_NAPI
#define NAPI_VERSION 8
#include <node_api.h>
#endif

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

/** A growable buffer whose appends inline (std::vector's did not, and cost a sixth of the time). */
template <typename T>
class Buf {
 public:
  Buf() = default;
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  Buf(Buf&& o) noexcept : p_(o.p_), n_(o.n_), cap_(o.cap_) {
    o.p_ = nullptr;
    o.n_ = o.cap_ = 0;
  }
  ~Buf() { free(p_); }
  inline void push_back(T c) {
    if (n_ == cap_) grow(1);
    p_[n_++] = c;
  }
  inline void append(const T* s, size_t n) {
    if (n > cap_ - n_) grow(n);
    if (n) memcpy(p_ + n_, s, n * sizeof(T));
    n_ += n;
  }
  inline void fill(size_t n, T c) {
    if (n > cap_ - n_) grow(n);
    for (size_t i = 0; i < n; i++) p_[n_ + i] = c;
    n_ += n;
  }
  /** Room for n more elements at the end: write them there, then setEnd. */
  inline T* room(size_t n) {
    if (n > cap_ - n_) grow(n);
    return p_ + n_;
  }
  inline void setEnd(T* e) { n_ = (size_t)(e - p_); }
  inline void clear() { n_ = 0; }
  inline void resize(size_t n) {
    if (n > cap_) grow(n - n_);
    n_ = n;
  }
  inline T* data() { return p_; }
  inline const T* data() const { return p_; }
  inline size_t size() const { return n_; }
  inline size_t capacity() const { return cap_; }
  inline T& operator[](size_t i) { return p_[i]; }
  void release() {
    free(p_);
    p_ = nullptr;
    n_ = cap_ = 0;
  }

 private:
  __attribute__((noinline)) void grow(size_t extra) {
    size_t c = cap_ * 2;
    if (c < n_ + extra + 64) c = n_ + extra + 64;
    T* q = (T*)realloc(p_, c * sizeof(T));
    if (!q) abort();
    p_ = q;
    cap_ = c;
  }
  T* p_ = nullptr;
  size_t n_ = 0, cap_ = 0;
};
typedef Buf<uint16_t> U16;
typedef Buf<uint8_t> Bytes;

// ---- character classes (as in catalog/masking.ts and watermark/carriers.ts) -----------------

inline bool isDigit(int c) { return c >= 0x30 && c <= 0x39; }
inline bool isCjk(int c) { return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff); }
inline bool isSurrogate(int c) { return c >= 0xd800 && c <= 0xdfff; }
inline bool isHigh(int c) { return c >= 0xd800 && c <= 0xdbff; }
inline bool isLow(int c) { return c >= 0xdc00 && c <= 0xdfff; }

/** JavaScript's \s (and what String.prototype.trim strips). */
inline bool isJsSpace(int c) {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
         c == 0x205f || c == 0x3000 || c == 0xfeff;
}

struct View {
  const uint16_t* p;
  size_t n;
};

inline View trimJs(View v) {
  size_t a = 0, b = v.n;
  while (a < b && isJsSpace(v.p[a])) a++;
  while (b > a && isJsSpace(v.p[b - 1])) b--;
  return View{v.p + a, b - a};
}

inline void put(U16& o, View v) { o.append(v.p, v.n); }
inline void put(U16& o, const uint16_t* p, size_t n) { o.append(p, n); }
inline void stars(U16& o, size_t n) { o.fill(n, (uint16_t)'*'); }

inline bool bmpOnly(View s) {
  for (size_t i = 0; i < s.n; i++)
    if (isSurrogate(s.p[i])) return false;
  return true;
}

/** Number of characters as Array.from counts them (a well-formed pair is one). */
inline size_t charCount(View s) {
  size_t n = 0;
  for (size_t i = 0; i < s.n; i++, n++)
    if (isHigh(s.p[i]) && i + 1 < s.n && isLow(s.p[i + 1])) i++;
  return n;
}
inline size_t firstCharUnits(View s) { return s.n >= 2 && isHigh(s.p[0]) && isLow(s.p[1]) ? 2 : 1; }
inline size_t lastCharUnits(View s) { return s.n >= 2 && isLow(s.p[s.n - 1]) && isHigh(s.p[s.n - 2]) ? 2 : 1; }

inline bool allDigits(View s, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    if (!isDigit(s.p[i])) return false;
  return to > from;
}

// ---- masking (catalog/masking.ts) -------------------------------------------------------------

enum Rule { R_NAME = 0, R_ID = 1, R_MOBILE = 2, R_CARD = 3, R_EMAIL = 4, R_GENERIC = 5, R_REDACT = 6, R_AUTO = 7 };

void maskGeneric(View v, U16& o) {
  if (bmpOnly(v)) {
    size_t n = v.n;
    if (n == 0) return;
    if (n < 4) return stars(o, n);
    o.push_back(v.p[0]);
    stars(o, n - 2);
    o.push_back(v.p[n - 1]);
    return;
  }
  size_t chars = charCount(v);
  if (chars == 0) return;
  if (chars < 4) return stars(o, chars);
  put(o, v.p, firstCharUnits(v));
  stars(o, chars - 2);
  size_t last = lastCharUnits(v);
  put(o, v.p + v.n - last, last);
}

void maskName(View v, U16& o) {
  View t = trimJs(v);
  if (bmpOnly(t)) {
    if (t.n == 0) return;
    o.push_back(t.p[0]);
    stars(o, t.n > 2 ? t.n - 1 : 1);
    return;
  }
  size_t chars = charCount(t);
  if (chars == 0) return;
  put(o, t.p, firstCharUnits(t));
  stars(o, chars > 2 ? chars - 1 : 1);
}

void maskIdNumber(View v, U16& o) {
  View s = trimJs(v);
  if (s.n < 10) return maskGeneric(s, o);
  put(o, s.p, 6);
  stars(o, s.n - 10);
  put(o, s.p + s.n - 4, 4);
}

/** s.replace(/[\s-]/g, '') */
View stripSpacesAndDashes(View v, U16& scratch) {
  scratch.clear();
  for (size_t i = 0; i < v.n; i++) {
    uint16_t c = v.p[i];
    if (c != 0x2d && !isJsSpace(c)) scratch.push_back(c);
  }
  return View{scratch.data(), scratch.size()};
}

void maskMobile(View v, U16& o, U16& scratch) {
  View s = stripSpacesAndDashes(v, scratch);
  if (s.n < 7) return maskGeneric(s, o);
  put(o, s.p, 3);
  stars(o, s.n - 7);
  put(o, s.p + s.n - 4, 4);
}

void maskBankCard(View v, U16& o, U16& scratch) {
  View s = stripSpacesAndDashes(v, scratch);
  if (s.n <= 4) return stars(o, s.n);
  stars(o, s.n - 4);
  put(o, s.p + s.n - 4, 4);
}

void maskEmail(View v, U16& o) {
  View s = trimJs(v);
  long at = -1;
  for (size_t i = s.n; i-- > 0;)
    if (s.p[i] == '@') { at = (long)i; break; }
  if (at <= 0) return maskGeneric(s, o);
  o.push_back(s.p[0]);
  stars(o, 3);
  put(o, s.p + at, s.n - (size_t)at);
}

int shapeOf(View v, U16& scratch) {
  View s = trimJs(v);
  size_t n = s.n;
  if (n == 18 && allDigits(s, 0, 17) && (isDigit(s.p[17]) || s.p[17] == 'X' || s.p[17] == 'x')) return R_ID;
  if (n == 15 && allDigits(s, 0, n)) return R_ID;
  if (n == 11 && s.p[0] == '1' && allDigits(s, 0, n)) return R_MOBILE;
  if (n >= 13 && n <= 23) {
    View compact = stripSpacesAndDashes(s, scratch);
    if (compact.n >= 13 && compact.n <= 19 && allDigits(compact, 0, compact.n)) return R_CARD;
  }
  long at = -1, lastAt = -1;
  for (size_t i = 0; i < n; i++)
    if (s.p[i] == '@') { if (at < 0) at = (long)i; lastAt = (long)i; }
  if (at > 0 && at == lastAt) {
    for (size_t i = (size_t)at; i < n; i++)
      if (s.p[i] == '.') return R_EMAIL;
  }
  if (n >= 2 && n <= 6) {
    size_t cjk = 0;
    for (size_t i = 0; i < n; i++)
      if (isCjk(s.p[i]) || s.p[i] == 0xb7) cjk++;
    if (cjk == n) return R_NAME;
  }
  return R_GENERIC;
}

/** maskValue: v is not empty. */
void maskValue(View v, int rule, U16& o, U16& scratch) {
  if (rule == R_AUTO) rule = shapeOf(v, scratch);
  switch (rule) {
    case R_NAME: return maskName(v, o);
    case R_ID: return maskIdNumber(v, o);
    case R_MOBILE: return maskMobile(v, o, scratch);
    case R_CARD: return maskBankCard(v, o, scratch);
    case R_EMAIL: return maskEmail(v, o);
    case R_REDACT: return stars(o, 6);
    default: return maskGeneric(v, o);
  }
}

// ---- the keyed PRF (watermark/siphash.ts) ------------------------------------------------------

inline uint32_t rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline uint32_t fmix(uint32_t h) {
  h ^= h >> 16; h *= 0x85ebca6bu; h ^= h >> 13; h *= 0xc2b2ae35u; h ^= h >> 16;
  return h;
}

/** cellDigestCodes: two MurmurHash3 (x86_32) passes over the code units, 2 per word. */
inline void cellDigest(const uint32_t seeds[2], const uint16_t* codes, size_t len, uint32_t out[2]) {
  uint32_t h1 = seeds[0], h2 = seeds[1], k;
  size_t end = len & ~(size_t)1;
  for (size_t i = 0; i < end; i += 2) {
    uint32_t w = (uint32_t)codes[i] | ((uint32_t)codes[i + 1] << 16);
    k = w * 0xcc9e2d51u; k = rotl32(k, 15); k *= 0x1b873593u;
    h1 ^= k; h1 = rotl32(h1, 13); h1 = h1 * 5 + 0xe6546b64u;
    h2 ^= k; h2 = rotl32(h2, 13); h2 = h2 * 5 + 0xe6546b64u;
  }
  if (len & 1) {
    k = codes[end];
    k *= 0xcc9e2d51u; k = rotl32(k, 15); k *= 0x1b873593u;
    h1 ^= k; h2 ^= k;
  }
  h1 ^= (uint32_t)(len * 2);
  h2 ^= (uint32_t)(len * 2);
  out[0] = fmix(h1);
  out[1] = fmix(h2);
}

#define SIPROUND                                                          \
  do {                                                                    \
    v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);         \
    v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;                              \
    v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;                              \
    v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);         \
  } while (0)

/** SipHash-1-3 of one 64-bit word (sipHash13). */
inline uint64_t sipHash13(uint64_t k0, uint64_t k1, uint64_t m) {
  uint64_t v0 = k0 ^ 0x736f6d6570736575ull, v1 = k1 ^ 0x646f72616e646f6dull;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ull, v3 = k1 ^ 0x7465646279746573ull;
  v3 ^= m; SIPROUND; v0 ^= m;
  const uint64_t b = 8ull << 56;
  v3 ^= b; SIPROUND; v0 ^= b;
  v2 ^= 0xff; SIPROUND; SIPROUND; SIPROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}

// ---- the table watermark (watermark/carriers.ts, markCellKeyed without the LSB carrier) -------

const int MAX_TEXT_POSITIONS = 31;
enum Kind { K_NONE, K_MASK, K_TEXT, K_MOBILE, K_ID, K_DATE, K_DEC };

struct Marker {
  uint32_t seeds[2];
  uint64_t k0, k1;
  U16 kb;       // carrier key
  U16 folded;   // foldWidth(t)
  bool wsRun = false;
  // classification state
  bool cWide = false, cCollapse = false;
  size_t starAt = 0, starLen = 0;
  size_t mA = 0, mB = 0, mC = 0;
  int mSep = 0;
  int dSep = 0;
  size_t dMo = 0, dMoLen = 0, dDd = 0, dDdLen = 0, dTime = 0;
  int gSign = 0;
  size_t gInt = 0, gDot = 0, gDigits = 0;
  bool gGrouped = false;
  size_t pos[MAX_TEXT_POSITIONS];
  size_t editAt[2 * MAX_TEXT_POSITIONS];
  uint16_t editCode[2 * MAX_TEXT_POSITIONS];

  const uint16_t* t = nullptr;
  size_t tn = 0;

  /** code unit i of the folded cell; -1 past the end (JavaScript's NaN compares unequal to all) */
  inline int fAt(size_t i) const {
    if (i >= tn) return -1;
    int c = t[i];
    return c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c == 0x3000 ? 0x20 : c;
  }

  uint32_t hashKey() {
    uint32_t d[2];
    cellDigest(seeds, kb.data(), kb.size(), d);
    return (uint32_t)sipHash13(k0, k1, (uint64_t)d[0] | ((uint64_t)d[1] << 32));
  }

  void keyStart(uint16_t kind) { kb.clear(); kb.push_back(kind); wsRun = false; }
  void putFolded(size_t from, size_t to, bool collapse) {
    if (collapse) {
      for (size_t i = from; i < to; i++) {
        int c = fAt(i);
        if (isJsSpace(c)) {
          if (!wsRun) { kb.push_back(0x20); wsRun = true; }
          continue;
        }
        wsRun = false;
        kb.push_back((uint16_t)c);
      }
    } else {
      for (size_t i = from; i < to; i++) kb.push_back((uint16_t)fAt(i));
    }
  }
  void putIntDigits() {
    for (size_t i = gInt; i < gDot; i++) {
      int c = fAt(i);
      if (c != 0x2c) kb.push_back((uint16_t)c);
    }
  }

  static bool isPunctCarrier(int c) { return c == 0x2c || c == 0x3a || c == 0x3b || c == 0x28 || c == 0x21 || c == 0x3f; }

  size_t textPositions() {
    size_t n = 0;
    for (size_t i = 0; i < tn && n < (size_t)MAX_TEXT_POSITIONS; i++) {
      if (!isPunctCarrier(fAt(i))) continue;
      if ((i > 0 && isCjk(t[i - 1])) || (i + 1 < tn && isCjk(t[i + 1]))) pos[n++] = i;
    }
    return n;
  }

  bool parseDecimal() {
    size_t len = tn, i = 0;
    int c0 = fAt(0);
    int sign = c0 == 0x2b || c0 == 0x2d ? c0 : 0;
    if (sign != 0) i = 1;
    size_t intStart = i;
    long commas = 0, run = 0, firstRun = -1, digits = 0;
    for (; i < len; i++) {
      int c = fAt(i);
      if (isDigit(c)) { run++; digits++; continue; }
      if (c == 0x2c) {
        if (run == 0 || (firstRun >= 0 && run != 3) || (firstRun < 0 && run > 3)) return false;
        if (firstRun < 0) firstRun = run;
        commas++; run = 0;
        continue;
      }
      break;
    }
    if (i >= len || fAt(i) != 0x2e || run == 0 || (commas > 0 && run != 3)) return false;
    size_t dot = i;
    for (i = dot + 1; i < len; i++)
      if (!isDigit(fAt(i))) return false;
    if (dot + 1 == len) return false;
    gSign = sign; gInt = intStart; gDot = dot; gGrouped = commas > 0; gDigits = (size_t)digits;
    return true;
  }

  bool parseMobile() {
    size_t len = tn, p = 0;
    int c = fAt(0);
    if (c == 0x2b) {
      c = fAt(1);
      if (c != 0x38) return false;
      p = 1;
    }
    if (c == 0x38) {
      if (fAt(p + 1) != 0x36) return false;
      p += 2;
      c = fAt(p);
      if (c == 0x20 || c == 0x2d) p++;
    }
    size_t a = p;
    if (fAt(a) != 0x31) return false;
    c = fAt(a + 1);
    if (c < 0x33 || c > 0x39 || !isDigit(fAt(a + 2))) return false;
    p = a + 3;
    c = fAt(p);
    int sep = c == 0x20 || c == 0x2d ? c : 0;
    if (sep != 0) p++;
    size_t b = p;
    if (!isDigit(fAt(p)) || !isDigit(fAt(p + 1)) || !isDigit(fAt(p + 2)) || !isDigit(fAt(p + 3))) return false;
    p += 4;
    if (sep != 0) {
      if (fAt(p) != sep) return false;
      p++;
    }
    size_t cc = p;
    if (!isDigit(fAt(p)) || !isDigit(fAt(p + 1)) || !isDigit(fAt(p + 2)) || !isDigit(fAt(p + 3))) return false;
    if (p + 4 != len) return false;
    mA = a; mSep = sep; mB = b; mC = cc;
    return true;
  }

  bool parseId() {
    for (size_t i = 0; i < 17; i++)
      if (!isDigit(fAt(i))) return false;
    int c = fAt(17);
    return c == 0x58 || c == 0x78;
  }

  bool parseDate() {
    size_t len = tn;
    if (!isDigit(fAt(0)) || !isDigit(fAt(1)) || !isDigit(fAt(2)) || !isDigit(fAt(3))) return false;
    int sep = fAt(4);
    if (sep != 0x2d && sep != 0x2f) return false;
    size_t p = 5, mo = p;
    while (p < len && p - mo < 2 && isDigit(fAt(p))) p++;
    if (p == mo || fAt(p) != sep) return false;
    size_t moLen = p - mo;
    p++;
    size_t dd = p;
    while (p < len && p - dd < 2 && isDigit(fAt(p))) p++;
    if (p == dd) return false;
    size_t ddLen = p - dd, time = p;
    if (p < len) {
      int c = fAt(p);
      if (c != 0x20 && c != 0x54) return false;
      p++;
      size_t h = p;
      while (p < len && p - h < 2 && isDigit(fAt(p))) p++;
      if (p == h || fAt(p) != 0x3a || !isDigit(fAt(p + 1)) || !isDigit(fAt(p + 2))) return false;
      p += 3;
      if (p < len) {
        if (fAt(p) != 0x3a || !isDigit(fAt(p + 1)) || !isDigit(fAt(p + 2))) return false;
        p += 3;
      }
      if (p != len) return false;
    }
    dSep = sep; dMo = mo; dMoLen = moLen; dDd = dd; dDdLen = ddLen; dTime = time;
    return true;
  }

  Kind classify() {
    size_t len = tn;
    if (len < 2) return K_NONE;
    bool hasCjk = false, hasWide = false, hasStar = false, hasDot = false, hasSpace = false;
    for (size_t i = 0; i < len; i++) {
      int c = t[i];
      if (c < 0x80) {
        if (c == 0x2a) hasStar = true;
        else if (c == 0x2e) hasDot = true;
        else if (c == 0x20 || c == 0x09) hasSpace = true;
      } else if ((c >= 0xff01 && c <= 0xff5e) || c == 0x3000) {
        hasWide = true;
        if (c == 0xff0a) hasStar = true;
        else if (c == 0xff0e) hasDot = true;
        else if (c == 0x3000) hasSpace = true;
      } else if (!hasCjk && isCjk(c)) hasCjk = true;
    }
    cWide = hasWide; cCollapse = hasSpace;
    if (hasStar) {
      for (size_t i = 0; i < len; i++) {
        if (fAt(i) != 0x2a) continue;
        size_t j = i;
        while (j < len && fAt(j) == 0x2a) j++;
        if (j - i >= 2) { starAt = i; starLen = j - i; return K_MASK; }
        i = j;
      }
      return K_NONE;
    }
    if (hasCjk) return K_TEXT;
    int c0 = fAt(0);
    if (!isDigit(c0) && c0 != 0x2b && c0 != 0x2d) return K_NONE;
    if (hasDot) return parseDecimal() ? K_DEC : K_NONE;
    if (len >= 11 && len <= 18) {
      if (parseMobile()) return K_MOBILE;
      if (len == 18 && parseId()) return K_ID;
    }
    if (len >= 8 && len <= 19 && parseDate()) return K_DATE;
    return K_NONE;
  }

  const uint16_t* foldedCell() {
    if (!cWide) return t;
    folded.resize(tn);
    for (size_t i = 0; i < tn; i++) folded[i] = (uint16_t)fAt(i);
    return folded.data();
  }

  /**
   * Marks `value` (markCellKeyed(value, false, hasher)). Returns false when the cell is written
   * as it is; else the marked cell is in `out`.
   */
  bool mark(View value, U16& out) {
    // trimmed(): the whole value unless an end is ≤ ' ' or U+3000
    View tv = value;
    size_t n = value.n;
    if (!(n > 0 && value.p[0] > 0x20 && value.p[n - 1] > 0x20 && value.p[0] != 0x3000 && value.p[n - 1] != 0x3000)) tv = trimJs(value);
    t = tv.p; tn = tv.n;
    size_t lead = (size_t)(tv.p - value.p);
    out.clear();
    // withSpaces: what precedes and follows the trimmed cell is kept
    auto begin = [&]() { put(out, value.p, lead); };
    auto finish = [&]() { put(out, value.p + lead + tn, n - lead - tn); };
    switch (classify()) {
      case K_NONE:
        return false;
      case K_MASK: {
        keyStart('k');
        putFolded(0, starAt, cCollapse);
        kb.push_back(0);
        wsRun = false;
        putFolded(starAt + starLen, tn, cCollapse);
        uint32_t want = hashKey() & 1;
        if ((starLen & 1) == want) return false;
        begin();
        put(out, t, starAt + 1);
        put(out, t + starAt, tn - starAt);
        finish();
        return true;
      }
      case K_TEXT: {
        size_t np = textPositions();
        if (np == 0) return false;
        keyStart('t');
        putFolded(0, tn, cCollapse);
        uint32_t want = hashKey();
        size_t nEdits = 0;
        for (size_t p = 0; p < np; p++) {
          size_t i = pos[p];
          int c = fAt(i);
          int code = (want >> p) & 1 ? c + 0xfee0 : c;
          if (t[i] != code) { editAt[nEdits] = i; editCode[nEdits++] = (uint16_t)code; }
          if (c == 0x28) {
            for (size_t j = i + 1; j < tn; j++) {
              int cj = fAt(j);
              if (cj == 0x28) break;
              if (cj == 0x29) {
                int close = code == c ? 0x29 : 0x29 + 0xfee0;
                if (t[j] != close) { editAt[nEdits] = j; editCode[nEdits++] = (uint16_t)close; }
                break;
              }
            }
          }
        }
        if (nEdits == 0) return false;
        for (size_t a = 1; a < nEdits; a++) {
          size_t at = editAt[a];
          uint16_t code = editCode[a];
          long b = (long)a - 1;
          while (b >= 0 && editAt[b] > at) { editAt[b + 1] = editAt[b]; editCode[b + 1] = editCode[b]; b--; }
          editAt[b + 1] = at; editCode[b + 1] = code;
        }
        begin();
        size_t last = 0;
        for (size_t e = 0; e < nEdits; e++) {
          put(out, t + last, editAt[e] - last);
          out.push_back(editCode[e]);
          last = editAt[e] + 1;
        }
        put(out, t + last, tn - last);
        finish();
        return true;
      }
      case K_MOBILE: {
        keyStart('m');
        putFolded(mA, mA + 3, false);
        putFolded(mB, mB + 4, false);
        putFolded(mC, mC + 4, false);
        uint32_t want = hashKey() & 1;
        if ((mSep != 0 ? 1u : 0u) == want) return false;
        const uint16_t* f = foldedCell();
        begin();
        put(out, f, mA + 3);
        if (want) out.push_back(0x20);
        put(out, f + mB, 4);
        if (want) out.push_back(0x20);
        put(out, f + mC, 4);
        finish();
        return true;
      }
      case K_ID: {
        keyStart('i');
        putFolded(0, 17, false);
        uint32_t want = hashKey() & 1;
        if ((fAt(17) == 0x78 ? 1u : 0u) == want) return false;
        const uint16_t* f = foldedCell();
        begin();
        put(out, f, 17);
        out.push_back(want ? 0x78 : 0x58);
        finish();
        return true;
      }
      case K_DATE: {
        keyStart('d');
        putFolded(0, 4, false);
        kb.push_back(0x2d);
        if (dMoLen == 1) kb.push_back(0x30);
        putFolded(dMo, dMo + dMoLen, false);
        kb.push_back(0x2d);
        if (dDdLen == 1) kb.push_back(0x30);
        putFolded(dDd, dDd + dDdLen, false);
        if (dTime < tn) {
          kb.push_back(0x20);
          putFolded(dTime + 1, tn, false);
        }
        uint32_t want = hashKey() & 1;
        if ((dSep == 0x2f ? 1u : 0u) == want) return false;
        const uint16_t* f = foldedCell();
        uint16_t sep = want ? 0x2f : 0x2d;
        begin();
        put(out, f, 4);
        out.push_back(sep);
        put(out, f + dMo, dMoLen);
        out.push_back(sep);
        put(out, f + dDd, tn - dDd);
        finish();
        return true;
      }
      case K_DEC: {
        size_t len = tn;
        int last = fAt(len - 1) - 0x30;
        if (!(gDigits >= 4 && gDigits <= 15 && fAt(gInt) != 0x30)) return false;
        keyStart('g');
        if (gSign == 0x2d) kb.push_back(0x2d);
        putIntDigits();
        kb.push_back(0x2e);
        if (last != 0) {
          putFolded(gDot + 1, len - 1, false);
          kb.push_back((uint16_t)(0x30 + last));
        } else {
          size_t end = len - 1;
          while (end > gDot + 1 && fAt(end - 1) == 0x30) end--;
          putFolded(gDot + 1, end, false);
        }
        uint32_t want = hashKey() & 1;
        if (gGrouped == (want == 1)) return false;
        const uint16_t* f = foldedCell();
        begin();
        if (gSign != 0) out.push_back(f[0]);
        // the integer digits, without their grouping commas, then grouped by three when wanted
        size_t digits = 0;
        for (size_t i = gInt; i < gDot; i++)
          if (!(gGrouped && f[i] == 0x2c)) digits++;
        size_t head = digits % 3, k = 0;
        for (size_t i = gInt; i < gDot; i++) {
          if (gGrouped && f[i] == 0x2c) continue;
          if (want && k > 0 && k >= head && (k - head) % 3 == 0) out.push_back(0x2c);
          out.push_back(f[i]);
          k++;
        }
        out.push_back(0x2e);
        put(out, f + gDot + 1, len - gDot - 1);
        finish();
        return true;
      }
    }
    return false;
  }
};

// ---- UTF-8 in and out ----------------------------------------------------------------------

/** Strict UTF-8 → UTF-16 (what Buffer#toString gives for valid input); false when invalid. */
bool decodeUtf8(const uint8_t* p, size_t n, U16& o) {
  o.clear();
  uint16_t* w = o.room(n);  // never more code units than bytes
  size_t i = 0;
  while (i < n) {
    uint32_t c = p[i];
    if (c < 0x80) { *w++ = (uint16_t)c; i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) {
      if (i + 1 >= n || (p[i + 1] & 0xc0) != 0x80) return false;
      *w++ = (uint16_t)(((c & 0x1f) << 6) | (p[i + 1] & 0x3f));
      i += 2;
      continue;
    }
    if (c >= 0xe0 && c <= 0xef) {
      if (i + 2 >= n || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80) return false;
      uint32_t u = ((c & 0x0f) << 12) | ((p[i + 1] & 0x3f) << 6) | (p[i + 2] & 0x3f);
      if (u < 0x800 || (u >= 0xd800 && u <= 0xdfff)) return false;
      *w++ = (uint16_t)u;
      i += 3;
      continue;
    }
    if (c >= 0xf0 && c <= 0xf4) {
      if (i + 3 >= n || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80 || (p[i + 3] & 0xc0) != 0x80) return false;
      uint32_t u = ((c & 0x07) << 18) | ((p[i + 1] & 0x3f) << 12) | ((p[i + 2] & 0x3f) << 6) | (p[i + 3] & 0x3f);
      if (u < 0x10000 || u > 0x10ffff) return false;
      u -= 0x10000;
      *w++ = (uint16_t)(0xd800 | (u >> 10));
      *w++ = (uint16_t)(0xdc00 | (u & 0x3ff));
      i += 4;
      continue;
    }
    return false;
  }
  o.setEnd(w);
  return true;
}

/** Set when encodeUtf8 met a lone surrogate (a mask cut a pair): a GBK export then takes the TypeScript path. */
thread_local bool sawLoneSurrogate = false;

/** UTF-16 → UTF-8 as Buffer.from(string) writes it (a lone surrogate becomes U+FFFD); at most 3 bytes a unit. */
inline uint8_t* encodeUtf8(const uint16_t* s, size_t n, uint8_t* o) {
  for (size_t i = 0; i < n; i++) {
    uint32_t c = s[i];
    if (c < 0x80) { *o++ = (uint8_t)c; continue; }
    if (c < 0x800) { *o++ = (uint8_t)(0xc0 | (c >> 6)); *o++ = (uint8_t)(0x80 | (c & 0x3f)); continue; }
    if (isHigh((int)c) && i + 1 < n && isLow(s[i + 1])) {
      uint32_t u = 0x10000 + ((c - 0xd800) << 10) + (s[i + 1] - 0xdc00);
      *o++ = (uint8_t)(0xf0 | (u >> 18));
      *o++ = (uint8_t)(0x80 | ((u >> 12) & 0x3f));
      *o++ = (uint8_t)(0x80 | ((u >> 6) & 0x3f));
      *o++ = (uint8_t)(0x80 | (u & 0x3f));
      i++;
      continue;
    }
    if (isSurrogate((int)c)) { c = 0xfffd; sawLoneSurrogate = true; }
    *o++ = (uint8_t)(0xe0 | (c >> 12));
    *o++ = (uint8_t)(0x80 | ((c >> 6) & 0x3f));
    *o++ = (uint8_t)(0x80 | (c & 0x3f));
  }
  return o;
}

/** csvCell: Papa.unparse's quoting, then UTF-8. */
inline void writeCsvCell(const uint16_t* s, size_t n, Bytes& out) {
  uint8_t* o = out.room(3 * n + 2);
  bool quote = n > 0 && (s[0] == 0x20 || s[n - 1] == 0x20);
  if (!quote)
    for (size_t i = 0; i < n; i++) {
      uint16_t c = s[i];
      if (c == '"' || c == ',' || c == '\r' || c == '\n' || c == 0xfeff) { quote = true; break; }
    }
  if (!quote) return out.setEnd(encodeUtf8(s, n, o));
  *o++ = '"';
  size_t from = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '"') { o = encodeUtf8(s + from, i + 1 - from, o); *o++ = '"'; from = i + 1; }
  o = encodeUtf8(s + from, n - from, o);
  *o++ = '"';
  out.setEnd(o);
}

// ---- one export's converter ------------------------------------------------------------------

inline uint64_t hashBytes(const uint8_t* p, size_t n) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
  }
  uint64_t w = 0;
  for (size_t k = 0; i < n; i++, k += 8) w |= (uint64_t)p[i] << k;
  h = (h ^ w) * 0x94d049bb133111ebull;
  return h ^ (h >> 29);
}

/**
 * A cell's CSV bytes depend only on its COPY text, so repeated values (names, codes, dates) are
 * memoised per column, as the TypeScript path does: at most MAX entries of short cells, and a
 * memo that mostly misses once full switches itself off. Memory stays bounded per column.
 */
struct Memo {
  static const size_t SLOTS = 8192, MAX = 4096, WINDOW = 8192, MAX_KEY = 64, MAX_VALUE = 512;
  struct Slot {
    uint64_t h;
    uint32_t key, keyLen, value, valueLen;
  };
  std::vector<Slot> slots;
  Bytes arena;
  size_t count = 0, lookups = 0, hits = 0;
  bool on = true;
  Memo() : slots(SLOTS, Slot{0, 0, UINT32_MAX, 0, 0}) {}
  /** The slot holding the key, or -1 - the empty slot where it would go. */
  long find(const uint8_t* k, size_t n, uint64_t h) {
    size_t i = h & (SLOTS - 1);
    while (true) {
      const Slot& s = slots[i];
      if (s.keyLen == UINT32_MAX) return -1 - (long)i;
      if (s.h == h && s.keyLen == n && (n == 0 || memcmp(arena.data() + s.key, k, n) == 0)) return (long)i;
      i = (i + 1) & (SLOTS - 1);
    }
  }
  void counted(bool hit) {
    if (hit) hits++;
    if (++lookups == WINDOW) {
      if (count >= MAX && hits < WINDOW / 2) on = false;
      lookups = hits = 0;
    }
  }
  void insert(long at, uint64_t h, const uint8_t* k, size_t kn, const uint8_t* v, size_t vn) {
    Slot& s = slots[(size_t)(-1 - at)];
    s.h = h;
    s.key = (uint32_t)arena.size();
    s.keyLen = (uint32_t)kn;
    arena.append(k, kn);
    s.value = (uint32_t)arena.size();
    s.valueLen = (uint32_t)vn;
    arena.append(v, vn);
    count++;
  }
};

struct Converter {
  std::vector<int> rules;  // per column: -1 in clear, else a Rule
  std::vector<Memo> memos;
  Marker marker;
  Bytes bytes;  // a cell's unescaped bytes
  U16 cell, masked, marked, scratch;
  Bytes out;
};

char unescapeOf(uint8_t c) {
  switch (c) {
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return (char)c;
  }
}

/**
 * COPY text field → its bytes, as unescapeCopy does on the decoded string: '\N' is NULL (''),
 * '\x' is x's escape or x itself, except before a line terminator ('\r', U+2028, U+2029),
 * which JavaScript's '.' does not match.
 */
void unescapeField(const uint8_t* p, size_t n, Bytes& o) {
  o.clear();
  if (n == 2 && p[0] == '\\' && p[1] == 'N') return;
  for (size_t i = 0; i < n; i++) {
    uint8_t c = p[i];
    if (c != '\\' || i + 1 >= n) { o.push_back(c); continue; }
    uint8_t d = p[i + 1];
    if (d == '\r' || (d == 0xe2 && i + 3 < n && p[i + 2] == 0x80 && (p[i + 3] == 0xa8 || p[i + 3] == 0xa9))) {
      o.push_back(c);
      continue;
    }
    if (d < 0x80) { o.push_back((uint8_t)unescapeOf(d)); i++; continue; }
    // a multi-byte character: the backslash goes, the character stays
  }
}

/** Converts one block; false when it is not valid UTF-8 (the caller uses the TypeScript path). */
bool convertBlock(Converter& cv, const uint8_t* data, size_t size, size_t& rows, std::string& err) {
  static const uint8_t none[1] = {0};
  if (size == 0) data = none;  // an empty typed array may have no data pointer at all
  const size_t width = cv.rules.size();
  Bytes& out = cv.out;
  out.clear();
  sawLoneSurrogate = false;
  out.room(size + size / 4 + 64);
  rows = 0;
  size_t lineStart = 0;
  while (true) {
    const uint8_t* nl = (const uint8_t*)memchr(data + lineStart, '\n', size - lineStart);
    size_t lineEnd = nl ? (size_t)(nl - data) : size;
    // split the line on TAB
    size_t fields = 1;
    for (size_t i = lineStart; i < lineEnd; i++)
      if (data[i] == '\t') fields++;
    if (fields != width) {
      err = "COPY returned a row of " + std::to_string(fields) + " fields, expected " + std::to_string(width);
      return true;
    }
    bool escapes = memchr(data + lineStart, '\\', lineEnd - lineStart) != nullptr;
    size_t fieldStart = lineStart;
    for (size_t col = 0; col < width; col++) {
      const uint8_t* tab = (const uint8_t*)memchr(data + fieldStart, '\t', lineEnd - fieldStart);
      size_t fieldEnd = tab ? (size_t)(tab - data) : lineEnd;
      const uint8_t* fp = data + fieldStart;
      size_t fn = fieldEnd - fieldStart;
      if (col > 0) out.push_back(',');
      fieldStart = fieldEnd + 1;
      Memo& memo = cv.memos[col];
      const bool memoable = memo.on && fn <= Memo::MAX_KEY;
      uint64_t h = 0;
      long slot = 0;
      if (memoable) {
        h = hashBytes(fp, fn);
        slot = memo.find(fp, fn, h);
        memo.counted(slot >= 0);
        if (slot >= 0) {
          const Memo::Slot& s = memo.slots[(size_t)slot];
          out.append(memo.arena.data() + s.value, s.valueLen);
          continue;
        }
      }
      const uint8_t* key = fp;
      const size_t keyLen = fn, cellStart = out.size();
      if (escapes && memchr(fp, '\\', fn)) {
        unescapeField(fp, fn, cv.bytes);
        fp = cv.bytes.data();
        fn = cv.bytes.size();
      }
      if (!decodeUtf8(fp, fn, cv.cell)) return false;
      View v{cv.cell.data(), cv.cell.size()};
      int rule = cv.rules[col];
      if (rule >= 0 && v.n > 0) {
        cv.masked.clear();
        maskValue(v, rule, cv.masked, cv.scratch);
        v = View{cv.masked.data(), cv.masked.size()};
      }
      if (v.n > 1 && cv.marker.mark(v, cv.marked)) v = View{cv.marked.data(), cv.marked.size()};
      writeCsvCell(v.p, v.n, out);
      // a cell written with U+FFFD for half a pair is not memoised: a hit would not raise the flag
      if (memoable && !sawLoneSurrogate && memo.count < Memo::MAX && out.size() - cellStart <= Memo::MAX_VALUE)
        memo.insert(slot, h, key, keyLen, out.data() + cellStart, out.size() - cellStart);
    }
    out.push_back('\n');
    rows++;
    if (!nl) break;
    lineStart = lineEnd + 1;
  }
  return true;
}

}  // namespace

#ifndef FUNDGOV_NO_NAPI
namespace {

// ---- Node-API glue ---------------------------------------------------------------------------

#define CHECK(call)                                                         \
  do {                                                                      \
    if ((call) != napi_ok) {                                                \
      napi_throw_error(env, nullptr, "fundgov native: " #call " failed");   \
      return nullptr;                                                       \
    }                                                                       \
  } while (0)

bool typedArrayBytes(napi_env env, napi_value v, const uint8_t** data, size_t* bytes) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  size_t length, offset;
  void* p;
  napi_value ab;
  if (napi_get_typedarray_info(env, v, &type, &length, &p, &ab, &offset) != napi_ok) return false;
  size_t unit = type == napi_uint32_array || type == napi_int32_array ? 4 : type == napi_uint8_array ? 1 : 0;
  if (unit == 0) return false;
  *data = (const uint8_t*)p;
  *bytes = length * unit;
  return true;
}

void finalizeConverter(napi_env, void* data, void*) { delete (Converter*)data; }

/** createConverter(rules: Int32Array, seeds: Uint32Array(2), exportKey: Uint32Array(4)) */
napi_value CreateConverter(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  const uint8_t *r, *s, *k;
  size_t rn, sn, kn;
  if (argc < 3 || !typedArrayBytes(env, argv[0], &r, &rn) || !typedArrayBytes(env, argv[1], &s, &sn) || !typedArrayBytes(env, argv[2], &k, &kn) ||
      rn % 4 != 0 || rn == 0 || sn != 8 || kn != 16) {
    napi_throw_type_error(env, nullptr, "createConverter(rules: Int32Array, seeds: Uint32Array(2), exportKey: Uint32Array(4))");
    return nullptr;
  }
  Converter* cv = new Converter();
  for (size_t i = 0; i < rn / 4; i++) {
    int32_t rule;
    memcpy(&rule, r + 4 * i, 4);
    cv->rules.push_back(rule >= 0 && rule <= R_AUTO ? rule : -1);
  }
  cv->memos.resize(cv->rules.size());
  uint32_t w[4];
  memcpy(cv->marker.seeds, s, 8);
  memcpy(w, k, 16);
  cv->marker.k0 = (uint64_t)w[0] | ((uint64_t)w[1] << 32);
  cv->marker.k1 = (uint64_t)w[2] | ((uint64_t)w[3] << 32);
  napi_value ext;
  if (napi_create_external(env, cv, finalizeConverter, nullptr, &ext) != napi_ok) {
    delete cv;
    napi_throw_error(env, nullptr, "fundgov native: could not create a converter");
    return nullptr;
  }
  return ext;
}

/** convert(converter, block: Uint8Array) → { bytes: Buffer, rows: number, loneSurrogate: boolean } | null (not UTF-8) */
napi_value Convert(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  CHECK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  void* p = nullptr;
  const uint8_t* data;
  size_t size;
  napi_valuetype vt;
  if (argc < 2 || napi_typeof(env, argv[0], &vt) != napi_ok || vt != napi_external || napi_get_value_external(env, argv[0], &p) != napi_ok ||
      !typedArrayBytes(env, argv[1], &data, &size)) {
    napi_throw_type_error(env, nullptr, "convert(converter, block: Uint8Array)");
    return nullptr;
  }
  Converter& cv = *(Converter*)p;
  size_t rows = 0;
  std::string err;
  if (!convertBlock(cv, data, size, rows, err)) {
    napi_value nul;
    CHECK(napi_get_null(env, &nul));
    return nul;
  }
  if (!err.empty()) {
    napi_throw_error(env, nullptr, err.c_str());
    return nullptr;
  }
  napi_value buf, result, nrows;
  void* copy;
  CHECK(napi_create_buffer_copy(env, cv.out.size(), cv.out.data(), &copy, &buf));
  if (cv.out.capacity() > (size_t)8 << 20) cv.out.release();  // an outsized block's memory is not kept
  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_uint32(env, (uint32_t)rows, &nrows));
  CHECK(napi_set_named_property(env, result, "bytes", buf));
  CHECK(napi_set_named_property(env, result, "rows", nrows));
  napi_value lone;
  CHECK(napi_get_boolean(env, sawLoneSurrogate, &lone));
  CHECK(napi_set_named_property(env, result, "loneSurrogate", lone));
  return result;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"createConverter", nullptr, CreateConverter, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"convert", nullptr, Convert, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, 2, props);
  return exports;
}
#endif  // FUNDGOV_NO_NAPI
