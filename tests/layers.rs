//! The layer rule of both crates, the product's `src/` and the simulator's
//! `crates/acr-sim/src/`, as docs/architecture.md writes it and each layer
//! folder's `mod.rs` states its own part of it:
//!
//! - only `lib.rs` and `main.rs` sit directly in `src/`; every other file is
//!   inside a top-level folder, a layer;
//! - each layer's `mod.rs` has exactly one `//! May use: a, b.` line (or
//!   `//! May use: nothing of ours.`) naming other layers of the same crate,
//!   and those lines go round in no circle;
//! - a file imports from another layer only if its own layer may use that
//!   one (`lib.rs` and `main.rs` may use anything);
//! - no files import each other in a circle.
//!
//! Imports are read as /work/shared/tools/layers.py reads them: every
//! `crate::`, `self::` and `super::` path (grouped imports expanded) and
//! `use x::…` for a `mod x;` of the same file, resolved to the file of its
//! longest module prefix; comments, strings and test code (`#[cfg(test)]`
//! modules, and files declared only under `#[cfg(test)]`) are left out. A
//! module naming its own children (`mod x;`, `pub use x::…`) contains them
//! and does not use them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

/// Every way the crate at `src_dir` breaks the rule, one message each.
fn check(src_dir: &Path) -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = if src_dir.starts_with(manifest) {
        manifest
    } else {
        src_dir.parent().unwrap()
    };
    let src = src_dir
        .strip_prefix(base)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let graph = Graph::read(src_dir, &src);
    let mut problems = Vec::new();

    // Only lib.rs and main.rs at the root; every other file in a layer.
    for file in graph.files.iter().filter(|f| f.rel.len() == 1) {
        if file.rel[0] != "lib.rs" && file.rel[0] != "main.rs" {
            problems.push(format!(
                "{} sits directly in {src}/: move it into a layer",
                file.name
            ));
        }
    }
    let in_layers = graph.files.iter().filter(|f| f.rel.len() > 1);
    let layers: BTreeSet<&str> = in_layers.map(|f| f.rel[0].as_str()).collect();

    // One May-use line in each layer's mod.rs, naming other layers.
    let mut may_use: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for &layer in &layers {
        let text = fs::read_to_string(src_dir.join(layer).join("mod.rs")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter_map(may_use_line).collect();
        let [line] = lines[..] else {
            let n = lines.len();
            problems.push(format!(
                "{src}/{layer}/mod.rs has {n} `//! May use:` lines, not one"
            ));
            continue;
        };
        let list = parse_may_use(line);
        for name in list
            .iter()
            .filter(|n| *n == layer || !layers.contains(n.as_str()))
        {
            problems.push(format!(
                "{src}/{layer}/mod.rs may use `{name}`, not another layer"
            ));
        }
        may_use.insert(layer, list);
    }

    // The May-use lines go round in no circle.
    let names: Vec<&str> = layers.into_iter().collect();
    let index = |name: &String| names.iter().position(|n| *n == name.as_str());
    let adj: Vec<BTreeSet<usize>> = names
        .iter()
        .map(|n| {
            may_use
                .get(n)
                .into_iter()
                .flatten()
                .filter_map(index)
                .collect()
        })
        .collect();
    for circle in circles(&adj) {
        let circle: Vec<&str> = circle.into_iter().map(|i| names[i]).collect();
        problems.push(format!(
            "the May use lines of {src}/ go round in a circle: {}",
            circle.join(", ")
        ));
    }

    // No import upward or sideways. A layer without one usable May-use line
    // is reported above and not judged here.
    for (&(from, to), import) in &graph.edges {
        let (from, to) = (&graph.files[from], &graph.files[to]);
        let (a, b) = (&from.rel[0], &to.rel[0]);
        let Some(list) = may_use.get(a.as_str()).filter(|l| a != b && !l.contains(b)) else {
            continue;
        };
        let allowed = if list.is_empty() {
            "nothing of ours".into()
        } else {
            list.join(", ")
        };
        problems.push(format!(
            "{}:{} uses `{}` ({}): upward or sideways, as layer `{a}` may use {allowed} ({src}/{a}/mod.rs)",
            from.name, import.line, import.written, to.name
        ));
    }

    // No files importing each other in a circle.
    let mut adj = vec![BTreeSet::new(); graph.files.len()];
    for &(from, to) in graph.edges.keys() {
        adj[from].insert(to);
    }
    for circle in circles(&adj) {
        let files: Vec<&str> = circle
            .iter()
            .map(|&i| graph.files[i].name.as_str())
            .collect();
        let mut text = format!("files import each other in a circle: {}", files.join(", "));
        for (&(from, to), import) in &graph.edges {
            if circle.contains(&from) && circle.contains(&to) {
                let (f, t) = (&graph.files[from].name, &graph.files[to].name);
                text += &format!("\n    {f}:{} uses `{}` ({t})", import.line, import.written);
            }
        }
        problems.push(text);
    }
    problems
}

/// `//! May use: a, b.` → `a, b.`
fn may_use_line(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix("//!")?
        .trim()
        .strip_prefix("May use:")
}

/// `a, b.` → [a, b]; `nothing of ours.` → [].
fn parse_may_use(list: &str) -> Vec<String> {
    match list.trim().trim_end_matches('.') {
        "nothing of ours" => Vec::new(),
        list => list
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

/// The groups of more than one node that all reach each other.
fn circles(adj: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    let mut reach = vec![vec![false; adj.len()]; adj.len()];
    for (from, seen) in reach.iter_mut().enumerate() {
        let mut todo = vec![from];
        while let Some(v) = todo.pop() {
            todo.extend(
                adj[v]
                    .iter()
                    .filter(|&&w| !std::mem::replace(&mut seen[w], true)),
            );
        }
    }
    let mut placed = vec![false; adj.len()];
    let mut out = Vec::new();
    for (v, from_v) in reach.iter().enumerate() {
        let group: Vec<usize> = (v..adj.len())
            .filter(|&w| !placed[w] && from_v[w] && reach[w][v])
            .collect();
        group.iter().for_each(|&w| placed[w] = true);
        if group.len() > 1 {
            out.push(group);
        }
    }
    out
}

// --- The file-level import graph -------------------------------------------

struct SourceFile {
    /// As messages show it: `src/a/b.rs`.
    name: String,
    /// The path below `src/`, a string per component.
    rel: Vec<String>,
    /// `a/b.rs` → [a, b]; `a/mod.rs` → [a]; `lib.rs`, `main.rs` → [].
    module: Vec<String>,
}

struct Graph {
    files: Vec<SourceFile>,
    /// (from, to) file indices → the first import that makes the edge.
    edges: BTreeMap<(usize, usize), Import>,
}

impl Graph {
    fn read(src_dir: &Path, shown_as: &str) -> Graph {
        let mut paths = Vec::new();
        rs_files(src_dir, &mut paths);
        paths.sort();
        let (mut files, mut scans) = (Vec::new(), Vec::new());
        for path in paths {
            let rel: Vec<String> = path
                .strip_prefix(src_dir)
                .unwrap()
                .iter()
                .map(|c| c.to_string_lossy().into())
                .collect();
            let mut module: Vec<String> = rel
                .iter()
                .map(|c| c.trim_end_matches(".rs").into())
                .collect();
            let root = module.len() == 1 && (module[0] == "lib" || module[0] == "main");
            if root || module.last().unwrap() == "mod" {
                module.pop();
            }
            scans.push(scan(&fs::read_to_string(&path).unwrap(), &module));
            let name = format!("{shown_as}/{}", rel.join("/"));
            files.push(SourceFile { name, rel, module });
        }
        // Files declared only under #[cfg(test)], and all below them.
        let mut test_roots = Vec::new();
        for (file, scan) in files.iter().zip(&scans) {
            test_roots.extend(
                scan.test_mods
                    .iter()
                    .map(|m| [&file.module[..], std::slice::from_ref(m)].concat()),
            );
        }
        let is_test = |i: usize| test_roots.iter().any(|r| files[i].module.starts_with(r));
        let mut by_module = HashMap::new();
        for (i, file) in files
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.module.is_empty())
        {
            by_module.insert(&file.module[..], i);
        }

        let mut edges = BTreeMap::new();
        for (from, scan) in scans.into_iter().enumerate().filter(|&(i, _)| !is_test(i)) {
            let mine = &files[from].module;
            for import in scan.imports {
                let target = &import.target;
                let Some(&to) = (1..=target.len())
                    .rev()
                    .find_map(|n| by_module.get(&target[..n]))
                else {
                    continue;
                };
                let theirs = &files[to].module;
                let child =
                    !mine.is_empty() && theirs.len() > mine.len() && theirs.starts_with(mine);
                if to != from && !is_test(to) && !child {
                    edges.entry((from, to)).or_insert(import);
                }
            }
        }
        Graph { files, edges }
    }
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rs_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

// --- Reading one file ------------------------------------------------------

struct Import {
    line: usize,
    /// The path as written (a grouped import expanded, `as` left out).
    written: String,
    /// The module path it names, from the crate root.
    target: Vec<String>,
}

struct Scan {
    imports: Vec<Import>,
    /// `x` of each `#[cfg(test)] mod x;`: a file of test code.
    test_mods: Vec<String>,
}

const CFG_TEST: [&str; 7] = ["#", "[", "cfg", "(", "test", ")", "]"];

/// The imports of one file, whose module path is `module`.
fn scan(source: &str, module: &[String]) -> Scan {
    let stripped = strip(source);
    let toks = tokens(&stripped);
    let at = |i: usize| toks.get(i).map_or("", |t| t.0);
    let declares = |i: usize| at(i) == "mod" && at(i + 2) == ";";
    let declared: BTreeSet<&str> = (0..toks.len())
        .filter(|&i| declares(i))
        .map(|i| at(i + 1))
        .collect();
    let (mut imports, mut test_mods, mut i) = (Vec::new(), Vec::new(), 0);
    while i < toks.len() {
        let (line, mut written) = (toks[i].1, Vec::new());
        if (i..i + 7).map(at).eq(CFG_TEST) {
            let mut j = i + 7; // past further attributes and a visibility
            while at(j) == "#" || at(j) == "pub" {
                j = if matches!(at(j + 1), "[" | "(") {
                    after_group(&toks, j + 1)
                } else {
                    j + 1
                };
            }
            match (at(j), at(j + 2)) {
                ("mod", ";") => test_mods.push(at(j + 1).to_string()),
                ("mod", "{") => i = after_group(&toks, j + 2) - 1, // test code: skipped
                _ => {}
            }
        } else if at(i) == "use" {
            let end = (i..toks.len())
                .find(|&j| at(j) == ";")
                .unwrap_or(toks.len());
            let local = declared.contains(at(i + 1)) && at(i + 2) == "::";
            let mut tree = if local {
                "self::".to_string()
            } else {
                String::new()
            };
            let mut words = (i + 1..end).map(at);
            while let Some(word) = words.next() {
                if word == "as" {
                    words.next(); // `as name`: the name is ours, not a path
                } else {
                    tree += word;
                }
            }
            written = expand(&tree);
            i = end;
        } else if matches!(at(i), "crate" | "super" | "self") && at(i + 1) == "::" {
            let mut path = at(i).to_string();
            while at(i + 1) == "::"
                && at(i + 2).starts_with(|c: char| c.is_alphabetic() || c == '_')
            {
                path = format!("{path}::{}", at(i + 2));
                i += 2;
            }
            written.push(path);
        }
        for path in written {
            if let Some(target) = resolve(module, &path) {
                imports.push(Import {
                    line,
                    written: path,
                    target,
                });
            }
        }
        i += 1;
    }
    Scan { imports, test_mods }
}

/// `crate::…`, `self::…` or `super::…`, as a module path from the crate root.
fn resolve(here: &[String], path: &str) -> Option<Vec<String>> {
    let mut segs = path
        .split("::")
        .filter(|s| !s.is_empty() && *s != "*")
        .peekable();
    let mut base = match segs.next()? {
        "crate" => Vec::new(),
        "self" => here.to_vec(),
        "super" => here[..here.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    while segs.next_if_eq(&"super").is_some() {
        base.pop();
    }
    base.extend(segs.map(String::from));
    (!base.is_empty()).then_some(base)
}

/// `crate::{a,b::{c,d}}` → `crate::a`, `crate::b::c`, `crate::b::d` (no spaces).
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let (head, body) = (
        &tree[..open],
        &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())],
    );
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (k, c) in body.char_indices() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if c == ',' && depth == 0 {
            parts.push(&body[start..k]);
            start = k + 1;
        }
    }
    parts.push(&body[start..]);
    let mut out = Vec::new();
    for e in parts.into_iter().filter(|p| !p.is_empty()).flat_map(expand) {
        out.push(if e == "self" {
            head.trim_end_matches(':').to_string()
        } else {
            head.to_string() + &e
        });
    }
    out
}

/// A token and its line: a word (identifier, keyword, number), `::`, or
/// any other single character.
struct Tok<'a>(&'a str, usize);

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let (b, mut out, mut i, mut line) = (text.as_bytes(), Vec::new(), 0, 1);
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
    while i < b.len() {
        // `::`, a word up to the first byte not of a word, or one byte
        let len = match b[i..].iter().position(|&c| !word(c)) {
            _ if b[i..].starts_with(b"::") => 2,
            None => b.len() - i,
            Some(n) => n.max(1),
        };
        if !b[i].is_ascii_whitespace() {
            out.push(Tok(&text[i..i + len], line));
        }
        line += usize::from(b[i] == b'\n');
        i += len;
    }
    out
}

/// The index after the bracket that closes the one at `open`.
fn after_group(toks: &[Tok<'_>], open: usize) -> usize {
    let mut depth = 0;
    for (i, t) in toks.iter().enumerate().skip(open) {
        depth += match t.0 {
            "(" | "[" | "{" => 1,
            ")" | "]" | "}" => -1,
            _ => 0,
        };
        if depth == 0 {
            return i + 1;
        }
    }
    toks.len()
}

/// The source without comments, strings (each left as `""`) and char
/// literals (`' '`); lifetimes stay, and so do line breaks, to count lines by.
fn strip(text: &str) -> String {
    let (b, n) = (text.as_bytes(), text.len());
    let (mut out, mut i) = (Vec::with_capacity(n), 0);
    let word_start = |k: usize| k == 0 || !(b[k - 1].is_ascii_alphanumeric() || b[k - 1] == b'_');
    let skip = |out: &mut Vec<u8>, from: usize, to: usize, put: &[u8]| {
        out.extend(
            put.iter()
                .chain(b[from..to].iter().filter(|&&c| c == b'\n')),
        );
        to
    };
    while i < n {
        let rest = &b[i..];
        // `r"…"`, `r#"…"#`, `br"…"`
        let raw = rest[0] == b'r' && (word_start(i) || b[i - 1] == b'b' && word_start(i - 1));
        let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
        if rest.starts_with(b"//") {
            i += rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        } else if rest.starts_with(b"/*") {
            let (mut depth, mut j) = (1, i + 2);
            while j < n && depth > 0 {
                if b[j..].starts_with(b"/*") {
                    (depth, j) = (depth + 1, j + 2);
                } else if b[j..].starts_with(b"*/") {
                    (depth, j) = (depth - 1, j + 2);
                } else {
                    j += 1;
                }
            }
            i = skip(&mut out, i, j, b"");
        } else if raw && rest.get(1 + hashes) == Some(&b'"') {
            let close = [b"\"".as_slice(), &rest[1..1 + hashes]].concat();
            let body = i + 2 + hashes;
            let end = b[body..].windows(close.len()).position(|w| w == close);
            i = skip(
                &mut out,
                i,
                end.map_or(n, |p| body + p + close.len()),
                b"\"\"",
            );
        } else if rest[0] == b'"' {
            let mut j = i + 1;
            while j < n && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            i = skip(&mut out, i, (j + 1).min(n), b"\"\"");
        } else if let Some(len) = char_literal(rest) {
            i = skip(&mut out, i, i + len, b"' '");
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The length of the char literal `rest` starts with (`'x'`, `'\''`,
/// `'\u{e9}'`), if it starts with one rather than a lifetime.
fn char_literal(rest: &[u8]) -> Option<usize> {
    let close = match rest {
        [b'\'', b'\\', ..] => 3 + rest.get(3..)?.iter().position(|&c| c == b'\'')?,
        [b'\'', c, ..] if *c != b'\'' => 1 + c.leading_ones().max(1) as usize, // a UTF-8 character
        _ => return None,
    };
    (rest.get(close) == Some(&b'\'')).then_some(close + 1)
}

// --- The tests -------------------------------------------------------------

fn assert_layered(src_dir: &Path) {
    let problems = check(src_dir);
    let (n, all) = (problems.len(), problems.join("\n"));
    assert!(
        n == 0,
        "{} breaks the layer rule (docs/architecture.md) {n} times:\n{all}\n",
        src_dir.display()
    );
}

#[test]
fn product_crate_is_layered() {
    assert_layered(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
}

#[test]
fn simulator_crate_is_layered() {
    assert_layered(&Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/acr-sim/src"));
}

#[test]
fn a_planted_upward_import_fails() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let write = |rel: &str, text: &str| {
        fs::create_dir_all(src.join(rel).parent().unwrap()).unwrap();
        fs::write(src.join(rel), text).unwrap();
    };
    let problems = || check(&src).join("\n");
    const LOW: &str = "pub mod b;\npub mod c;\n#[cfg(test)]\nmod t;\n";
    write("lib.rs", "pub mod low;\npub mod top;\n");
    write(
        "top/mod.rs",
        "//! The top.\n//!\n//! May use: low.\n\npub mod a;\npub use a::X;\n",
    );
    write(
        "top/a.rs",
        "use super::X as _;\nuse crate::low::{b::{self, Y}};\npub struct X(Y);\n",
    );
    write(
        "low/mod.rs",
        &format!("//! May use: nothing of ours.\n{LOW}"),
    );
    let b = "pub struct Y;\n// use crate::top::a::X;\nconst S: &str = r#\"crate::top::a\"#;\n\
             #[cfg(test)]\nmod tests {\n    use crate::top::a::X;\n}\n";
    write("low/b.rs", b);
    write("low/c.rs", "pub struct Z(super::b::Y);\n");
    write("low/t.rs", "use crate::top::a::X;\n"); // test code may use anything
    assert_eq!(problems(), "");

    // An upward import, in a `use` and inline.
    write("low/b.rs", &format!("use crate::top::a::X;\n{b}"));
    let found = problems();
    let upward = "src/low/b.rs:1 uses `crate::top::a::X` (src/top/a.rs): upward or sideways, \
                  as layer `low` may use nothing of ours (src/low/mod.rs)";
    assert!(found.contains(upward), "{found}");
    assert!(
        found.contains("in a circle: src/low/b.rs, src/top/a.rs"),
        "{found}"
    );
    write(
        "low/b.rs",
        &format!("{b}fn f() -> crate::top::X {{ todo!() }}\n"),
    );
    let found = problems();
    assert!(
        found.contains("src/low/b.rs:8 uses `crate::top::X` (src/top/mod.rs)"),
        "{found}"
    );

    // A circle inside one layer.
    write("low/b.rs", &format!("{b}use super::c::Z;\n"));
    let circle = "files import each other in a circle: src/low/b.rs, src/low/c.rs\n    \
                  src/low/b.rs:8 uses `super::c::Z` (src/low/c.rs)\n    \
                  src/low/c.rs:1 uses `super::b::Y` (src/low/b.rs)";
    assert_eq!(problems(), circle);
    write("low/b.rs", b);

    // A file at the root; a missing and a wrong May-use line.
    write("extra.rs", "");
    write("low/mod.rs", &format!("//! Low.\n{LOW}"));
    write("top/mod.rs", "//! May use: low, middle.\npub mod a;\n");
    let found = problems();
    assert!(
        found.contains("src/extra.rs sits directly in src/"),
        "{found}"
    );
    assert!(
        found.contains("src/low/mod.rs has 0 `//! May use:` lines"),
        "{found}"
    );
    assert!(
        found.contains("src/top/mod.rs may use `middle`, not another layer"),
        "{found}"
    );
    fs::remove_file(src.join("extra.rs")).unwrap();

    // May-use lines in a circle.
    write("low/mod.rs", &format!("//! May use: top.\n{LOW}"));
    write("top/mod.rs", "//! May use: low.\npub mod a;\n");
    assert_eq!(
        problems(),
        "the May use lines of src/ go round in a circle: low, top"
    );
}

#[test]
fn layers_reader_strips_and_expands() {
    let text = "let s = \"crate::a \\\" crate::b\"; // crate::c\n/* crate::d /* x */ crate::e */\n\
                let r = br##\"crate::f \"# \"##; let c = ['\"', '\\'', '\\u{e9}', 'é']; fn f<'a>(_: &'a str) {}";
    let stripped =
        "let s = \"\"; \n\nlet r = b\"\"; let c = [' ', ' ', ' ', ' ']; fn f<'a>(_: &'a str) {}";
    assert_eq!(strip(text), stripped);
    let expanded = [
        "crate::a",
        "crate::b::c",
        "crate::b::d",
        "crate::e",
        "crate::e::f",
    ];
    assert_eq!(expand("crate::{a,b::{c,d},e::{self,f},}"), expanded);
    let here = ["p".to_string(), "q".to_string()];
    assert_eq!(resolve(&here, "super::super::x::Y").unwrap(), ["x", "Y"]);
    assert_eq!(resolve(&here, "self::r").unwrap(), ["p", "q", "r"]);
    assert_eq!(resolve(&here, "std::fs"), None);

    let source = "mod kid;\nuse kid::K;\nuse crate::x::{self as y, z::*};\nuse std::fmt;\n\
                  pub(super) fn f() { crate::v::g::<u8>(); }\n#[cfg(test)]\npub(crate) mod fixtures {\n\
                  use crate::t;\n}\n#[cfg(test)]\n#[path = \"p.rs\"]\nmod p;\n";
    let found = scan(source, &here);
    let imports = found
        .imports
        .iter()
        .map(|i| format!("{} {} {}", i.line, i.written, i.target.join("::")));
    let expected = [
        "2 self::kid::K p::q::kid::K",
        "3 crate::x x",
        "3 crate::x::z::* x::z",
        "5 crate::v::g v::g",
    ];
    assert_eq!(imports.collect::<Vec<_>>(), expected);
    assert_eq!(found.test_mods, ["p"]);
}
