#!/usr/bin/env bash
# Trunk post-build hook: builds the app's WebAssembly split into a main module and chunks
# loaded on demand (src/lazy.rs), and puts it and its loader into Trunk's staging dist/.
# Trunk cannot split WASM itself, so index.html has no `rel="rust"` link; this does what that
# link did, plus wasm-split (the pipeline of cargo-leptos' `--split`):
#   1. cargo build (relocations kept: .cargo/config.toml adds --emit-relocs)
#   2. wasm-split-cli: the main module, one chunk per split point plus shared chunks, and
#      __wasm_split.js, which fetches and links the chunks
#   3. wasm-bindgen on the main module, then `cargo xtask shrink-glue` (unused classes out,
#      short import names); 4. wasm-opt on every module
#   5. `cargo xtask dist-names`: every file named `<name>-<hash>` (the server caches such names
#      for a year), and index.html gets Trunk's loader script and preload links for what the
#      first screen needs
#   6. `cargo xtask locales`: the English string table, fetched only when the app runs in
#      English (yishi_i18n::EN_FILE), and the pages' Chinese words, fetched with the first page
#      in a chunk (yishi_i18n::ZH_PAGES_FILE); after the split, `cargo xtask page-words`
#      checks that the main module looks up none of the latter
#   7. `cargo xtask minify-css`: the stylesheet without comments and layout whitespace (its
#      integrity in index.html updated; Trunk's own minify would rewrite index.html too)
#   8. `cargo xtask precache`: the service worker, which must see the files above.
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
# The pages' Chinese words are not in the main module: no shell code may look one up.
cargo xtask page-words "$work/split" "$name"
echo "wasm.sh: wasm-bindgen"
wasm-bindgen --target web --keep-lld-exports --no-demangle --no-typescript \
  --out-name "$name" --out-dir "$work/out" "$work/split/$name.wasm"
cp "$work/split/__wasm_split.js" "$work/out/"
for f in "$work/split"/*.wasm; do
  [ "$(basename "$f")" = "$name.wasm" ] || cp "$f" "$work/out/"
done
# wasm-streams' classes, which nothing makes, out, and short import names (docs/size.md).
cargo xtask shrink-glue "$work/out" "$name"
if [ "${TRUNK_PROFILE:-debug}" = release ]; then
  echo "wasm.sh: wasm-opt -Oz"
  for f in "$work/out"/*.wasm; do
    wasm-opt -Oz "${opt_features[@]}" "$f" -o "$f"
  done
fi

# Hashed names (the server caches such names for a year), the rewritten imports between the
# modules, and Trunk's loader in index.html (xtask/src/dist.rs); then, once every file is in
# place, the service worker's precache list names them all.
echo "wasm.sh: naming the files after their content"
cargo xtask dist-names "$staging" "$work/out" "$name"
cargo xtask locales "$staging"
cargo xtask minify-css "$staging"
cargo xtask precache "$staging"
# Brotli and gzip copies of the hashed files, which servers send as they are (xtask/src/compress.rs).
cargo xtask compress "$staging"
