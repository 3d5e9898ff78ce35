#!/usr/bin/env bash
# Proves that no module is load-bearing: copies the tree, deletes every folder in src/modules and
# its line in src/app/modules.ts, then typechecks the copy and runs the kernel's own tests (the
# platform, the composition root, the fuzzer and the ops tests) on SQLite and PostgreSQL against
# an app built from the kernel's features alone. Usage: npm run test:kernel
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
copy="$(mktemp -d "${TMPDIR:-/tmp}/samtrygg-kernel-XXXXXX")"
trap 'rm -rf "$copy"' EXIT

# The tracked files as they are now (committed or not), without the modules. A tree that is not a
# git checkout (CI's copy for Node 24) is copied whole, without its dependencies and data.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -co --exclude-standard -z | grep -zv '^src/modules/' | xargs -0 cp --parents -t "$copy")
else
  tar --exclude=./node_modules --exclude=./.git --exclude=./data --exclude=./src/modules -C "$root" -cf - . | tar -xf - -C "$copy"
fi
ln -s "$root/node_modules" "$copy/node_modules"
mkdir -p "$copy/src/modules"

# The one line per module in the composition root goes with the module.
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const text = fs.readFileSync(file, "utf8")
    .split("\n").filter((line) => !/from .\.\.\/modules\//.test(line)).join("\n")
    .replace(/\[\.\.\.kernelFeatures,[^\]]*\]/, "[...kernelFeatures]");
  fs.writeFileSync(file, text);
' "$copy/src/app/modules.ts"
echo "kernel alone: src/app/modules.ts is now"
grep -v '^//' "$copy/src/app/modules.ts"

cd "$copy"
echo "kernel alone: typecheck"
npx tsc --noEmit
echo "kernel alone: tests"
SAMTRYGG_TEST_MODULES=kernel npx vitest run --config vitest.config.ts src/platform src/app test/fuzz.test.ts test/ops.test.ts
