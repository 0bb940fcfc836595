//! Every `view!` of the app (`src/`) is free of unquoted text: a `>` inside an unbraced
//! attribute value ends the tag early and shows program text to citizens (issue 11, item 2).
//! Wrap such expressions in braces (`disabled={move || n.get() > 0}`) or a named function.
//! Quoted texts hold no words and no one language's punctuation: those live in the locales.

use std::{fs, path::Path};

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_view_renders_unquoted_text_or_words_outside_the_locales() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 20,
        "the app's sources were not found in {src:?}"
    );
    let mut problems = Vec::new();
    let mut views = 0;
    for file in &files {
        let source = fs::read_to_string(file).unwrap();
        views += source.matches("view!").count();
        for f in yishi_checks::view_findings(&source) {
            problems.push(format!(
                "{}:{}: unquoted text {:?}",
                file.display(),
                f.line,
                f.text
            ));
        }
    }
    assert!(views > 50, "expected the app's views, found {views}");
    assert!(
        problems.is_empty(),
        "brace attribute values holding `>`; put words in locales/*.toml:\n{}",
        problems.join("\n")
    );
}
