//! `--query` under `acr-health az`: az compiles the JMESPath expression
//! while it parses the line (knack `CLIQuery.jmespath_type`: one that does
//! not compile is a usage error) and applies it to the command's result
//! (`handle_query_parameter`). check-health returns nothing, so the query
//! runs on `null`: most queries give `null` again and nothing is printed,
//! but a literal or a function can make a value, which is printed as `-o`
//! says, and a function can fail, which is az's error (azure-cli-core
//! util.py, `handle_exception`), exit status 1.

use jmespath::ast::Ast;
use jmespath::{ErrorReason, JmespathError, RuntimeError, Variable};

/// Whether `raw` compiles.
pub fn compile(raw: &str) -> Result<(), String> {
    jmespath::compile(raw)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `raw` applied to check-health's result (`null`): the value it makes
/// (None for `null`, which az does not print), or the reason it failed,
/// in the words of Python's jmespath.
pub fn apply(raw: &str) -> Result<Option<serde_json::Value>, String> {
    let expr = jmespath::compile(raw).map_err(|e| e.to_string())?;
    match expr.search(Variable::Null) {
        Ok(v) if v.is_null() => Ok(None),
        Ok(v) => serde_json::to_value(&*v)
            .map(Some)
            .map_err(|e| e.to_string()),
        Err(e) => Err(python_message(&e, expr.as_ast())),
    }
}

/// The message Python's jmespath gives for the failure `e` of `ast`
/// (jmespath `exceptions.py`: `UnknownFunctionError`, `ArityError`,
/// `VariadictArityError`, `JMESPathTypeError`).
fn python_message(e: &JmespathError, ast: &Ast) -> String {
    let call = find_call(ast, e.offset);
    let name = call.map(|(n, _)| n).unwrap_or("");
    match &e.reason {
        ErrorReason::Runtime(RuntimeError::UnknownFunction(f)) => {
            format!("Unknown function: {f}()")
        }
        ErrorReason::Runtime(
            RuntimeError::TooManyArguments { expected, actual }
            | RuntimeError::NotEnoughArguments { expected, actual },
        ) => {
            let plural = if *expected == 1 {
                "argument"
            } else {
                "arguments"
            };
            let at_least = if matches!(name, "merge" | "not_null") {
                "at least "
            } else {
                ""
            };
            format!(
                "Expected {at_least}{expected} {plural} for function {name}(), received {actual}"
            )
        }
        ErrorReason::Runtime(RuntimeError::InvalidType {
            expected,
            actual,
            position,
        }) => {
            let value = call
                .and_then(|(_, args)| args.get(*position))
                .and_then(|arg| {
                    let runtime = &*jmespath::DEFAULT_RUNTIME;
                    let mut ctx = jmespath::Context::new(&e.expression, runtime);
                    jmespath::interpret(&std::rc::Rc::new(Variable::Null), arg, &mut ctx).ok()
                })
                .and_then(|v| serde_json::to_value(&*v).ok())
                // `%s`: a string bare, anything else as its repr.
                .map(|v| match v {
                    serde_json::Value::String(s) => s,
                    other => python_value_repr(&other),
                })
                .unwrap_or_else(|| "None".into());
            // Python's signatures list some unions in another order.
            let types: Vec<String> = match (name, position) {
                ("length", 0) => vec!["string".into(), "array".into(), "object".into()],
                ("contains", 0) => vec!["array".into(), "string".into()],
                ("reverse", 0) => vec!["string".into(), "array".into()],
                ("max" | "min", 0) => vec!["array-number".into(), "array-string".into()],
                ("sort", 0) => vec!["array-string".into(), "array-number".into()],
                _ => expected
                    .split('|')
                    .map(|t| match t {
                        "array[number]" => "array-number".to_owned(),
                        "array[string]" => "array-string".to_owned(),
                        t => t.to_owned(),
                    })
                    .collect(),
            };
            let types: Vec<String> = types.iter().map(|t| format!("'{t}'")).collect();
            format!(
                "In function {name}(), invalid type for value: {value}, expected one of: [{}], received: \"{actual}\"",
                types.join(", ")
            )
        }
        other => other.to_string(),
    }
}

/// The function call at `offset` in `ast`: its name and arguments.
fn find_call(ast: &Ast, offset: usize) -> Option<(&str, &[Ast])> {
    let mut stack = vec![ast];
    while let Some(node) = stack.pop() {
        match node {
            Ast::Function {
                offset: at,
                name,
                args,
            } => {
                if *at == offset {
                    return Some((name, args));
                }
                stack.extend(args.iter());
            }
            Ast::Comparison { lhs, rhs, .. }
            | Ast::And { lhs, rhs, .. }
            | Ast::Or { lhs, rhs, .. }
            | Ast::Subexpr { lhs, rhs, .. }
            | Ast::Projection { lhs, rhs, .. }
            | Ast::Condition {
                predicate: lhs,
                then: rhs,
                ..
            } => {
                stack.push(lhs);
                stack.push(rhs);
            }
            Ast::Not { node, .. } | Ast::Expref { ast: node, .. } | Ast::Flatten { node, .. } => {
                stack.push(node)
            }
            Ast::ObjectValues { node, .. } => stack.push(node),
            Ast::MultiList { elements, .. } => stack.extend(elements.iter()),
            Ast::MultiHash { elements, .. } => stack.extend(elements.iter().map(|kv| &kv.value)),
            _ => {}
        }
    }
    None
}

/// Python's `repr()` of a JSON value, as a jmespath type error shows it.
fn python_value_repr(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => python_repr(s),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(python_value_repr)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", python_repr(k), python_value_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `repr()` of a string, as argparse quotes a value.
pub fn python_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_on_nothing() {
        assert!(compile("[bad").is_err());
        assert!(compile("").is_err());
        assert!(compile("a.b[0]").is_ok());
        assert_eq!(apply("a.b[0]"), Ok(None));
        assert_eq!(apply("'x'"), Ok(Some(serde_json::json!("x"))));
        assert_eq!(apply("to_string(@)"), Ok(Some(serde_json::json!("null"))));
    }

    #[test]
    fn failures_in_pythons_words() {
        assert_eq!(apply("foo()").unwrap_err(), "Unknown function: foo()");
        assert_eq!(
            apply("length(@, @)").unwrap_err(),
            "Expected 1 argument for function length(), received 2"
        );
        assert_eq!(
            apply("length(@)").unwrap_err(),
            "In function length(), invalid type for value: None, expected one of: ['string', 'array', 'object'], received: \"null\""
        );
    }
}
