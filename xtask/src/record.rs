//! `record NAME FILE`: writes a block of measured numbers into `docs/benchmarks.md`, replacing
//! the block of the same name (from `<!-- NAME:begin` to `<!-- NAME:end -->`) or appending it.
//! The scripts that print benchmark numbers call it with `--record`, so each keeps one block.

use std::path::Path;

pub fn run(root: &Path, name: &str, block_file: &Path) -> Result<(), String> {
    let doc = root.join("docs/benchmarks.md");
    let block = super::read(block_file)?;
    let text = if doc.exists() {
        super::read(&doc)?
    } else {
        String::new()
    };
    let text = replace_block(&text, name, block.trim_matches('\n'));
    std::fs::write(&doc, text).map_err(|e| format!("{}: {e}", doc.display()))?;
    println!("recorded in docs/benchmarks.md ({name})");
    Ok(())
}

/// `text` with the block named `name` replaced by `block`, or `block` appended after a blank line.
fn replace_block(text: &str, name: &str, block: &str) -> String {
    let begin = format!("<!-- {name}:begin");
    let end = format!("<!-- {name}:end -->");
    if let Some(start) = text.find(&begin)
        && let Some(stop) = text[start..].find(&end)
    {
        let stop = start + stop + end.len();
        return format!("{}{block}{}", &text[..start], &text[stop..]);
    }
    let kept = text.trim_end_matches('\n');
    let gap = if text.trim().is_empty() { "" } else { "\n\n" };
    format!("{kept}{gap}{block}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_its_own_block_or_appends_one() {
        let doc = "# Benchmarks\n\n<!-- a:begin x -->\nold\n<!-- a:end -->\n\nafter\n";
        assert_eq!(
            replace_block(doc, "a", "<!-- a:begin y -->\nnew\n<!-- a:end -->"),
            "# Benchmarks\n\n<!-- a:begin y -->\nnew\n<!-- a:end -->\n\nafter\n"
        );
        assert_eq!(
            replace_block(doc, "b", "<!-- b:begin -->\nb\n<!-- b:end -->"),
            format!(
                "{}\n\n<!-- b:begin -->\nb\n<!-- b:end -->\n",
                doc.trim_end()
            )
        );
        assert_eq!(replace_block("", "b", "B"), "B\n");
    }
}
