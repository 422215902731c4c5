//! A command's result as az prints it on stdout for `-o` (knack
//! `output.py`: `format_json`, `format_yaml`, `format_tsv`,
//! `format_table`). check-health returns nothing; under `acr-health az` a
//! `--query` can still make a value out of nothing (a literal, a function
//! of `null`), and az prints that. Colour is never added (`jsonc` and
//! `yamlc` are printed as `json` and `yaml`, as az does off a terminal).

use serde_json::Value;

/// `value` in the format `output` names (one of az's seven; `none` and an
/// unknown name print nothing).
pub fn format(value: &Value, output: &str) -> String {
    match output {
        "json" | "jsonc" => json(value),
        "yaml" | "yamlc" => yaml(value),
        "tsv" => tsv(value),
        "table" => table(value),
        _ => String::new(),
    }
}

/// `json.dumps(indent=2, sort_keys=True, ensure_ascii=False)` and a newline.
fn json(value: &Value) -> String {
    let mut out = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    out.push('\n');
    out
}

/// Objects with their keys in order (Python's `sort_keys`).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&map[k])))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// Python's `str()` of a value, as tsv and table print a cell.
fn python_str(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// knack `_TsvOutput`: a row per item of a list (else one row); a row's
/// cells are an object's values by key, or a list's items; a nested list
/// is its length, a nested object an empty cell.
fn tsv(value: &Value) -> String {
    let rows: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let cell = |v: &Value| match v {
        Value::Array(items) => items.len().to_string(),
        Value::Object(_) => String::new(),
        other => python_str(other),
    };
    let mut out = String::new();
    for row in rows {
        match row {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let cells: Vec<String> = keys.into_iter().map(|k| cell(&map[k])).collect();
                out.push_str(&cells.join("\t"));
            }
            Value::Array(items) => {
                let cells: Vec<String> = items.iter().map(cell).collect();
                out.push_str(&cells.join("\t"));
            }
            Value::Bool(b) => out.push_str(&b.to_string()),
            other => out.push_str(&python_str(other)),
        }
        out.push('\n');
    }
    out
}

/// knack `_TableOutput` with tabulate's `simple` layout: a column per
/// scalar field (first letter capitalised; `id`, `type` and `etag` left
/// out), `Result` for a scalar, `ColumnN` for a list's items; each column
/// as wide as its header plus two or its widest cell, two spaces apart.
fn table(value: &Value) -> String {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut headers: Vec<String> = vec![];
    let mut rows: Vec<Vec<(String, String)>> = vec![];
    for item in items {
        let mut row: Vec<(String, String)> = vec![];
        match item {
            Value::Object(map) => {
                for (k, v) in map {
                    if ["id", "type", "etag"].contains(&k.as_str())
                        || matches!(v, Value::Null | Value::Array(_) | Value::Object(_))
                    {
                        continue;
                    }
                    let mut chars = k.chars();
                    let head = match chars.next() {
                        Some(c) => c.to_uppercase().chain(chars).collect(),
                        None => String::new(),
                    };
                    row.push((head, python_str(v)));
                }
            }
            Value::Array(list) => {
                for (i, v) in list.iter().enumerate() {
                    let cell = if v.is_null() {
                        String::new()
                    } else {
                        python_str(v)
                    };
                    row.push((format!("Column{}", i + 1), cell));
                }
            }
            Value::Null => row.push(("Result".into(), String::new())),
            other => row.push(("Result".into(), python_str(other))),
        }
        for (h, _) in &row {
            if !headers.contains(h) {
                headers.push(h.clone());
            }
        }
        rows.push(row);
    }
    if headers.is_empty() {
        return "\n".into();
    }
    let cell = |row: &Vec<(String, String)>, h: &str| {
        row.iter()
            .find(|(k, _)| k == h)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let widths: Vec<usize> = headers
        .iter()
        .map(|h| {
            rows.iter()
                .map(|r| cell(r, h).chars().count())
                .chain([h.chars().count() + 2])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(headers.clone());
    out.push_str(&line(widths.iter().map(|w| "-".repeat(*w)).collect()));
    for r in &rows {
        out.push_str(&line(headers.iter().map(|h| cell(r, h)).collect()));
    }
    out
}

/// `yaml.safe_dump(default_flow_style=False, allow_unicode=True)` for the
/// shapes a query of nothing makes: block lists and mappings (keys in
/// order), plain scalars where YAML reads them back as the same string,
/// quoted ones elsewhere; a lone plain scalar ends with `...`.
fn yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Array(a) if a.is_empty() => out.push_str("[]\n"),
        Value::Object(m) if m.is_empty() => out.push_str("{}\n"),
        Value::Array(_) | Value::Object(_) => yaml_block(value, 0, &mut out),
        scalar => {
            let (text, plain) = yaml_scalar(scalar);
            out.push_str(&text);
            out.push('\n');
            if plain {
                out.push_str("...\n");
            }
        }
    }
    out
}

fn yaml_block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}- "));
                        let mut nested = String::new();
                        yaml_block(item, indent + 2, &mut nested);
                        out.push_str(nested.trim_start());
                    }
                    Value::Object(m) if !m.is_empty() => {
                        out.push_str(&format!("{pad}- "));
                        let mut nested = String::new();
                        yaml_block(item, indent + 2, &mut nested);
                        out.push_str(nested.trim_start());
                    }
                    other => out.push_str(&format!("{pad}- {}\n", yaml_inline(other))),
                }
            }
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for k in keys {
                let key = yaml_scalar(&Value::String(k.clone())).0;
                match &map[k] {
                    // A list under a key is not indented further.
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        yaml_block(&map[k], indent, out);
                    }
                    Value::Object(m) if !m.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        yaml_block(&map[k], indent + 2, out);
                    }
                    other => out.push_str(&format!("{pad}{key}: {}\n", yaml_inline(other))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", yaml_inline(other))),
    }
}

fn yaml_inline(value: &Value) -> String {
    match value {
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(m) if m.is_empty() => "{}".into(),
        other => yaml_scalar(other).0,
    }
}

/// A scalar's text, and whether it is plain (unquoted).
fn yaml_scalar(value: &Value) -> (String, bool) {
    match value {
        Value::Null => ("null".into(), true),
        Value::Bool(b) => (b.to_string(), true),
        Value::Number(n) => (n.to_string(), true),
        Value::String(s) => {
            if s.chars().any(|c| c.is_control()) {
                (serde_json::to_string(s).unwrap_or_default(), false)
            } else if yaml_plain_ok(s) {
                (s.clone(), true)
            } else {
                (format!("'{}'", s.replace('\'', "''")), false)
            }
        }
        other => (other.to_string(), false),
    }
}

/// Whether a string can be written bare and read back as that string.
fn yaml_plain_ok(s: &str) -> bool {
    const SPECIAL: &[&str] = &["", "~", "null", "true", "false", "yes", "no", "on", "off"];
    if SPECIAL.contains(&s.to_lowercase().as_str())
        || s.parse::<f64>().is_ok()
        || s.starts_with(|c: char| c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`".contains(c))
        || s.ends_with(char::is_whitespace)
        || s.contains(": ")
        || s.contains(" #")
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Each expected text is what az 2.91 printed for `--query` of that
    // literal with that `-o` (knack output.py).
    #[test]
    fn scalars() {
        assert_eq!(format(&json!("x"), "json"), "\"x\"\n");
        assert_eq!(format(&json!("x"), "yaml"), "x\n...\n");
        assert_eq!(format(&json!("x"), "tsv"), "x\n");
        assert_eq!(format(&json!("x"), "table"), "Result\n--------\nx\n");
        assert_eq!(format(&json!(true), "table"), "Result\n--------\nTrue\n");
        assert_eq!(format(&json!(true), "tsv"), "true\n");
        assert_eq!(format(&json!(1.5), "yamlc"), "1.5\n...\n");
        assert_eq!(format(&json!("a\tb"), "yaml"), "\"a\\tb\"\n");
        assert_eq!(format(&json!("x"), "none"), "");
    }

    #[test]
    fn lists_and_objects() {
        let v = json!({"b": 1, "a": [1, 2], "c": {"d": "e"}});
        assert_eq!(
            format(&v, "json"),
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1,\n  \"c\": {\n    \"d\": \"e\"\n  }\n}\n"
        );
        assert_eq!(format(&v, "yaml"), "a:\n- 1\n- 2\nb: 1\nc:\n  d: e\n");
        assert_eq!(format(&v, "tsv"), "2\t1\t\n");
        let l = json!([1, "a", null]);
        assert_eq!(format(&l, "yaml"), "- 1\n- a\n- null\n");
        assert_eq!(format(&l, "tsv"), "1\na\nNone\n");
        assert_eq!(format(&l, "table"), "Result\n--------\n1\na\n\n");
        let rows = json!([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]);
        assert_eq!(format(&rows, "table"), "A    B\n---  ---\n1    x\n2    y\n");
        assert_eq!(format(&rows, "yaml"), "- a: 1\n  b: x\n- a: 2\n  b: y\n");
        assert_eq!(format(&rows, "tsv"), "1\tx\n2\ty\n");
        assert_eq!(format(&json!([]), "yaml"), "[]\n");
        assert_eq!(format(&json!({}), "table"), "\n");
        assert_eq!(format(&json!([]), "tsv"), "");
    }
}
