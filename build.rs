//! Build script: the content module's overlay CSS (`src/content/overlay.css`, kept readable)
//! without its comments and needless white space, in `OUT_DIR/overlay.min.css`, which
//! `content/overlay.rs` embeds. About 0.4 KB less in the gzipped module, on every Apple page.

use std::path::PathBuf;

fn main() {
    let src = "src/content/overlay.css";
    println!("cargo:rerun-if-changed={src}");
    let css = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("overlay.min.css");
    std::fs::write(&out, minify(&css)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// `css` without comments; white space runs made one space, and dropped next to `{`, `}`,
/// `;`, `,` and after a declaration's `:`; no `;` before `}`. Quoted strings are kept as
/// they are. A space before a `:` is kept (`a :hover` is not `a:hover`).
fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    // Whether each open block holds declarations (a rule), not rules (`@media`).
    let mut blocks: Vec<bool> = Vec::new();
    let mut prelude_start = 0;
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut last = ' ';
            for d in chars.by_ref() {
                if last == '*' && d == '/' {
                    break;
                }
                last = d;
            }
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
        let in_rule = blocks.last() == Some(&true);
        let needless = out.is_empty() || tight(c) || out.ends_with(tight) || in_rule && out.ends_with(':');
        if space && !needless {
            out.push(' ');
        }
        space = false;
        match c {
            '"' | '\'' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '{' => {
                blocks.push(!out[prelude_start..].starts_with('@'));
                out.push(c);
                prelude_start = out.len();
            }
            '}' => {
                if out.ends_with(';') {
                    out.pop();
                }
                blocks.pop();
                out.push(c);
                prelude_start = out.len();
            }
            ';' => {
                out.push(c);
                if !in_rule {
                    prelude_start = out.len();
                }
            }
            _ => out.push(c),
        }
    }
    out
}
