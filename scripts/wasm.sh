#!/usr/bin/env bash
# Trunk post-build hook: builds the app's WebAssembly split into a main module and chunks
# loaded on demand (src/lazy.rs), and puts it and its loader into Trunk's staging dist/.
# Trunk cannot split WASM itself, so index.html has no `rel="rust"` link; this does what that
# link did, plus wasm-split (the pipeline of cargo-leptos' `--split`):
#   1. cargo build (relocations kept: .cargo/config.toml adds --emit-relocs)
#   2. wasm-split-cli: the main module, one chunk per split point plus shared chunks, and
#      __wasm_split.js, which fetches and links the chunks
#   3. wasm-bindgen on the main module; 4. wasm-opt on every module
#   5. every file named `<name>-<hash>` (the server caches such names for a year), and
#      index.html gets Trunk's loader script and preload links for what the first screen needs
#   6. scripts/precache.sh (the service worker), which must see the files above.
# Usable by hand too: TRUNK_STAGING_DIR=dist TRUNK_PROFILE=release bash scripts/wasm.sh
source "$(dirname "$0")/env.sh"
staging="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
staging="$(cd "$staging" && pwd)"
cd "$ROOT"
name=yishi
target_dir="${CARGO_TARGET_DIR:-$ROOT/target}"
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  cargo_profile=wasm-release; profile_dir=wasm-release
else
  cargo_profile=dev; profile_dir=debug
fi
# The feature flags every module is optimised with (the browsers we support have them all).
opt_features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

echo "wasm.sh: cargo build --profile $cargo_profile"
cargo build --locked --bin "$name" --target wasm32-unknown-unknown --profile "$cargo_profile"
input="$target_dir/wasm32-unknown-unknown/$profile_dir/$name.wasm"

work="$target_dir/wasm-split"
rm -rf "$work"
mkdir -p "$work/split" "$work/out"
echo "wasm.sh: wasm-split"
wasm-split-cli --target web --out-name "$name" "$input" "$work/split"
echo "wasm.sh: wasm-bindgen"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name "$name" --out-dir "$work/out" "$work/split/$name.wasm"
cp "$work/split/__wasm_split.js" "$work/out/"
for f in "$work/split"/*.wasm; do
  [ "$(basename "$f")" = "$name.wasm" ] || cp "$f" "$work/out/"
done
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  echo "wasm.sh: wasm-opt -Oz"
  for f in "$work/out"/*.wasm; do
    wasm-opt -Oz "${opt_features[@]}" "$f" -o "$f"
  done
fi

# One hash over the whole set names every file: the modules refer to each other, and a change
# to any of them changes the others' imports anyway.
cd "$work/out"
hash=$(find . -type f | sort | xargs cat | sha256sum | cut -c1-16)
declare -a renames=()
for f in $(find . -maxdepth 1 -type f -printf '%f\n' | sort); do
  case "$f" in
    "${name}_bg.wasm") new="$name-${hash}_bg.wasm" ;;
    *.js) new="${f%.js}-$hash.js" ;;
    *.wasm) new="${f%.wasm}-$hash.wasm" ;;
    *) new="$f" ;;
  esac
  renames+=("$f=$new")
done
for pair in "${renames[@]}"; do
  old="${pair%%=*}"; new="${pair#*=}"
  for js in ./*.js; do
    # Only what is fetched: ES imports and the loader's `new URL("./chunk.wasm", …)`. The
    # wasm's own import module names (wasm-bindgen's `"./__wasm_split.js": import1` keys)
    # must stay as they are.
    sed -i -e "s|from \"\\./$old\"|from \"./$new\"|g" -e "s|new URL(\"\\./$old\"|new URL(\"./$new\"|g" "$js"
  done
done
for pair in "${renames[@]}"; do
  old="${pair%%=*}"; new="${pair#*=}"
  mv "$old" "$staging/$new"
done
if [ -d snippets ]; then cp -r snippets "$staging/"; fi

main_js="/$name-$hash.js"; main_wasm="/$name-${hash}_bg.wasm"; loader_js="/__wasm_split-$hash.js"
# Trunk's own loader (the server and scripts/csp-hash.sh allow it by its hash), with the
# main module, the chunk loader and the main WASM fetched in parallel.
loader="<script type=\"module\">
import init, * as bindings from '$main_js';
const wasm = await init({ module_or_path: '$main_wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));
</script>
<link rel=\"modulepreload\" href=\"$main_js\" crossorigin=\"anonymous\"><link rel=\"modulepreload\" href=\"$loader_js\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"$main_wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\">"
html="$staging/index.html"
python3 - "$html" "$loader" <<'PY'
import sys
path, loader = sys.argv[1], sys.argv[2]
html = open(path, encoding="utf-8").read()
assert html.count("</head>") == 1, "index.html: expected one </head>"
open(path, "w", encoding="utf-8").write(html.replace("</head>", loader + "</head>"))
PY
echo "wasm.sh: $(ls "$staging" | grep -c -- "-$hash") files, hash $hash"

# Last, once every file is in place: the service worker's precache list names them all.
bash "$ROOT/scripts/precache.sh"
