// Memory-safety check of the native converter: the core of csv_export.cc (without Node-API),
// compiled with AddressSanitizer and UndefinedBehaviorSanitizer by test/native/sanitizers.test.ts,
// converts a corpus of generated COPY blocks and many mutations of each (bytes flipped, inserted,
// deleted, cut; tabs, line breaks, escapes, partial UTF-8 sequences). Any out-of-bounds access,
// overflow or other undefined behaviour aborts with a report. Prints one JSON line of counts.
//   harness CORPUS MUTATIONS_PER_BLOCK SEED
// CORPUS: blocks as (4-byte little-endian length, bytes)*.
#define FUNDGOV_NO_NAPI
#include "../csv_export.cc"

#include <cstdio>
#include <memory>

namespace {

uint64_t rngState = 1;
uint64_t next() {
  rngState ^= rngState << 13; rngState ^= rngState >> 7; rngState ^= rngState << 17;
  return rngState;
}
size_t below(size_t n) { return n == 0 ? 0 : (size_t)(next() % n); }

std::unique_ptr<Converter> converter(size_t width, int variant) {
  std::unique_ptr<Converter> cv(new Converter());
  for (size_t i = 0; i < width; i++) {
    int rule = variant == 0 ? (int)(i % 9) - 1 : variant == 1 ? R_AUTO : variant == 2 ? -1 : (int)below(9) - 1;
    cv->rules.push_back(rule);
  }
  cv->memos.resize(width);
  cv->marker.seeds[0] = (uint32_t)next();
  cv->marker.seeds[1] = (uint32_t)next();
  cv->marker.k0 = next();
  cv->marker.k1 = next();
  return cv;
}

const char* TOKENS[] = {"\t", "\n", "\\", "\\N", "\\\\", "\\t", "\xe4\xb8\xad", "\xef\xbc\x8c", "\xef\xbc\x8a", "\xf0\x9f\x98\x80", "\xe2\x80\xa8",
                        "\xe3\x80\x80", "*", "**", " ", ",", ".", "-", "/", "\"", "1", "X", "x", "+86", "\xc2\xa0", "\xef\xbb\xbf",
                        "\xf0\x9f", "\xe4\xb8", "\xff", "\xc0\x80", "\xed\xa0\x80", "(", ")", "\xef\xbc\x88", "@", ":", "2024-01-01", "12,345.67"};

void mutate(std::vector<uint8_t>& b) {
  size_t ops = 1 + below(4);
  for (size_t k = 0; k < ops; k++) {
    switch (below(6)) {
      case 0: if (!b.empty()) b[below(b.size())] ^= (uint8_t)(1 << below(8)); break;
      case 1: {
        const char* t = TOKENS[below(sizeof TOKENS / sizeof *TOKENS)];
        b.insert(b.begin() + (long)below(b.size() + 1), t, t + strlen(t));
        break;
      }
      case 2: if (!b.empty()) { size_t at = below(b.size()); b.erase(b.begin() + (long)at, b.begin() + (long)(at + below(std::min<size_t>(16, b.size() - at) + 1))); } break;
      case 3: b.resize(below(b.size() + 1)); break;
      case 4: if (!b.empty()) b[below(b.size())] = (uint8_t)below(256); break;
      case 5: if (!b.empty()) { size_t at = below(b.size()), n = below(std::min<size_t>(64, b.size() - at) + 1); std::vector<uint8_t> piece(b.begin() + (long)at, b.begin() + (long)(at + n)); b.insert(b.begin() + (long)below(b.size() + 1), piece.begin(), piece.end()); } break;
    }
  }
}

size_t firstLineFields(const std::vector<uint8_t>& b) {
  size_t n = 1;
  for (uint8_t c : b) { if (c == '\n') break; if (c == '\t') n++; }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) { fprintf(stderr, "usage: harness CORPUS MUTATIONS SEED\n"); return 2; }
  FILE* f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  std::vector<std::vector<uint8_t>> corpus;
  uint8_t len4[4];
  while (fread(len4, 1, 4, f) == 4) {
    size_t n = (size_t)len4[0] | ((size_t)len4[1] << 8) | ((size_t)len4[2] << 16) | ((size_t)len4[3] << 24);
    std::vector<uint8_t> b(n);
    if (n && fread(b.data(), 1, n, f) != n) { fprintf(stderr, "corpus truncated\n"); return 2; }
    corpus.push_back(std::move(b));
  }
  fclose(f);
  long mutations = atol(argv[2]);
  rngState = (uint64_t)atoll(argv[3]) * 0x9e3779b97f4a7c15ull + 1;
  size_t converted = 0, notUtf8 = 0, widthErrors = 0, rowsOut = 0, bytesOut = 0;
  // converters are kept per (width, variant), so their memos fill and switch off as in an export
  std::vector<std::unique_ptr<Converter>> kept;
  auto run = [&](const std::vector<uint8_t>& b, size_t width, int variant) {
    size_t k = width * 4 + (size_t)variant;
    if (kept.size() <= k) kept.resize(k + 1);
    if (!kept[k]) kept[k] = converter(width, variant);
    Converter* cv = kept[k].get();
    size_t rows = 0;
    std::string err;
    bool ok = convertBlock(*cv, b.data(), b.size(), rows, err);
    if (!ok) { notUtf8++; return; }
    if (!err.empty()) { widthErrors++; return; }
    converted++;
    rowsOut += rows;
    bytesOut += cv->out.size();
    // every row ends with a line break, and there is one row per line of the block
    size_t lines = 1;
    for (uint8_t c : b) lines += c == '\n';
    if (rows != lines || cv->out.size() == 0 || cv->out.data()[cv->out.size() - 1] != '\n') { fprintf(stderr, "row count %zu for %zu lines\n", rows, lines); abort(); }
  };
  for (size_t i = 0; i < corpus.size(); i++) {
    const std::vector<uint8_t>& b = corpus[i];
    size_t width = firstLineFields(b);
    for (int v = 0; v < 4; v++) run(b, width, v);
    for (long m = 0; m < mutations; m++) {
      std::vector<uint8_t> x = b;
      mutate(x);
      run(x, firstLineFields(x), (int)below(4));
    }
  }
  printf("{\"blocks\":%zu,\"converted\":%zu,\"notUtf8\":%zu,\"widthErrors\":%zu,\"rows\":%zu,\"bytes\":%zu}\n", corpus.size(), converted, notUtf8,
         widthErrors, rowsOut, bytesOut);
  return 0;
}
