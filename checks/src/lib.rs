//! Source checks for the app (`src/`) that neither rustc nor clippy makes.
//!
//! **Unquoted text in `view!`.** Leptos's `view!` accepts text without quotes, so a `>` or `<`
//! in an unbraced attribute value ends the tag early and turns the rest of the tag into text:
//! `<button disabled=move || n > 0 on:click=…>` compiles, renders "0 on : click = …" to the
//! citizen and loses the handler. The app's habit is to quote every text (`"…"`) and brace
//! every expression, so an unquoted text node is always such an accident; [`view_findings`]
//! reports each one with its line. `tests/app_views.rs` runs it over every file of `src/`.
//!
//! **Words outside the locale files.** A quoted text in a `view!` may hold spacing and
//! punctuation that reads the same in every language (" · ", "(", " — "), never words or the
//! punctuation of one language (a full-width colon in an English page): those belong in
//! `locales/*.toml`, reached through `t(Key::…)`.

use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use rstml::node::Node;

/// One accident found in a `view!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line of the text.
    pub line: usize,
    /// The text as the macro would render it.
    pub text: String,
    pub kind: FindingKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// Text without quotes: a tag ended early.
    Unquoted,
    /// Quoted words or one language's punctuation: belongs in the locale files.
    Words,
}

/// Whether a literal text could be the same in every language.
fn language_neutral(text: &str) -> bool {
    text.chars().all(|c| {
        !c.is_alphabetic() && !matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
    })
}

/// Every unquoted text node in every `view!` (nested ones included) of a Rust source file.
/// A file that does not tokenize is reported as one finding on line 0.
pub fn view_findings(source: &str) -> Vec<Finding> {
    let tokens = match TokenStream::from_str(source) {
        Ok(t) => t,
        Err(e) => {
            return vec![Finding {
                line: 0,
                text: format!("cannot tokenize: {e}"),
                kind: FindingKind::Unquoted,
            }];
        }
    };
    let mut out = Vec::new();
    walk(tokens, &mut out);
    out.sort_by_key(|f| f.line);
    out
}

/// Finds `view ! { … }` anywhere in `tokens`, at any depth.
fn walk(tokens: TokenStream, out: &mut Vec<Finding>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(group) = tree {
            let is_view = i >= 2
                && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '!')
                && matches!(&trees[i - 2], TokenTree::Ident(id) if id == "view");
            if is_view && group.delimiter() != Delimiter::None {
                check_view(group.stream(), out);
            }
            // Nested `view!`s live in blocks of the outer one; look inside every group.
            walk(group.stream(), out);
        }
    }
}

fn check_view(tokens: TokenStream, out: &mut Vec<Finding>) {
    let config = rstml::ParserConfig::default().recover_block(true);
    let (nodes, _errors) = rstml::Parser::new(config)
        .parse_recoverable(tokens)
        .split_vec();
    for node in &nodes {
        check_node(node, out);
    }
}

fn check_node(node: &Node, out: &mut Vec<Finding>) {
    match node {
        Node::RawText(raw) => {
            let text = raw.to_token_stream_string();
            if !text.trim().is_empty() {
                let line = raw
                    .to_token_stream()
                    .into_iter()
                    .next()
                    .map_or(0, |t| t.span().start().line);
                out.push(Finding {
                    line,
                    text,
                    kind: FindingKind::Unquoted,
                });
            }
        }
        Node::Text(text) => {
            let value = text.value_string();
            if !language_neutral(&value) {
                out.push(Finding {
                    line: text.value.span().start().line,
                    text: value,
                    kind: FindingKind::Words,
                });
            }
        }
        Node::Element(element) => {
            for child in &element.children {
                check_node(child, out);
            }
        }
        Node::Fragment(fragment) => {
            for child in &fragment.children {
                check_node(child, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_in_an_unbraced_attribute_is_found() {
        let source = r#"
fn page() -> impl IntoView {
    view! {
        <button type="button"
            disabled=move || resend_in.get() > 0
            on:click=move |_| send_code()>
            {t(Key::SignInResend)}
        </button>
    }
}
"#;
        let found = view_findings(source);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 5);
        assert!(found[0].text.contains("on"), "{found:?}");
        assert_eq!(found[0].kind, FindingKind::Unquoted);
    }

    #[test]
    fn words_and_one_language_s_punctuation_are_found() {
        let source = r#"fn f() { view! { <p>{label} "：" {value}</p> <p>"Case number"</p> <p>"办件"</p> } }"#;
        let found = view_findings(source);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().all(|f| f.kind == FindingKind::Words));
    }

    #[test]
    fn neutral_spacing_and_symbols_are_fine() {
        let source = r#"fn f() { view! { <p>{a} " · " {b} " (" {c} ") " " — " "/"</p> } }"#;
        assert_eq!(view_findings(source), vec![]);
    }

    #[test]
    fn greater_or_equal_is_found_too() {
        let source = r#"fn f() { view! { <p hidden=move || n.get() >= 3>{"x"}</p> } }"#;
        assert!(!view_findings(source).is_empty());
    }

    #[test]
    fn a_less_than_parses_as_the_comparison_it_is() {
        // rstml reads `a < b` as a binary expression, so `<` alone is no accident; `>` is.
        let source = r#"fn f() { view! { <p hidden=move || n.get() < 3>{"x"}</p> } }"#;
        assert_eq!(view_findings(source), vec![]);
    }

    #[test]
    fn a_nested_view_is_checked_too() {
        let source = r#"fn f() { view! { <div>{move || ok.then(|| view! { <p class=move || a > b>"·"</p> })}</div> } }"#;
        assert_eq!(view_findings(source).len(), 1);
    }

    #[test]
    fn braced_comparisons_and_quoted_text_are_fine() {
        let source = r#"
fn f() {
    view! {
        <button disabled={move || n.get() > 0} class:x=move || { a < b }>
            {value} " " {more}
        </button>
        <Show when=move || { n.get() > 0 }><p>{shown}</p></Show>
    }
}
"#;
        assert_eq!(view_findings(source), vec![]);
    }
}
