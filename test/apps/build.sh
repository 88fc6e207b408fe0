#!/usr/bin/env bash
# Builds every C test app into build/apps/<name>.wasm (the tests build their own cached copies
# through build-apps.ts; this is for running the apps by hand).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$root/build/apps"
for src in "$root"/test/apps/src/*.c; do
  name="$(basename "$src" .c)"
  clang-19 --target=wasm32-wasi -O2 -Wall -Wextra -Werror -Wl,--strip-debug "$src" -o "$root/build/apps/$name.wasm"
  echo "built build/apps/$name.wasm"
done
