{
  "targets": [
    {
      "target_name": "fundgov_native",
      "sources": ["csv_export.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-strict-aliasing"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
