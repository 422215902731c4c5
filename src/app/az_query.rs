//! `--query` under `acr-health az`: az compiles the JMESPath expression
//! while it parses the line (knack `CLIQuery.jmespath_type`: one that does
//! not compile is a usage error) and applies it to the command's result
//! (`handle_query_parameter`). check-health returns nothing, so the query
//! runs on `null`: most queries give `null` again and nothing is printed,
//! but a literal or a function can make a value, which is printed as `-o`
//! says, and a function can fail, which is az's error (azure-cli-core
//! util.py, `handle_exception`), exit status 1. The failure is found and
//! worded as Python's jmespath finds it: each builtin runs behind Python's
//! own argument checks (`PythonChecked`). Objects keep the `jmespath`
//! crate's key order, not the order written (docs/compatibility.md).

use std::cell::RefCell;

use jmespath::ast::Ast;
use jmespath::functions::Function;
use jmespath::{Context, ErrorReason, JmespathError, Rcvar, Runtime, RuntimeError, Variable};

/// How deep a query may nest: brackets, parentheses, braces and the
/// operators that chain expressions (`.`, `|`, `&&`, `||`, `!`) outside
/// its literals. The `jmespath` crate parses, searches and drops the tree
/// recursively, so a query of 50,000 `[` overflowed the stack and aborted
/// the process (exit 134) where a usage error belongs; Python's jmespath
/// stops such a query with a `RecursionError` (at 1,000 frames) as well.
/// The queries people write stay far below the bound (a filter with a
/// projection is about ten); twice the bound still runs in a debug build
/// on a 2 MiB thread stack, the smallest one a query runs on.
pub const MAX_NESTING: usize = 64;

/// Whether `raw` compiles (and stays within [`MAX_NESTING`]).
pub fn compile(raw: &str) -> Result<(), String> {
    within_nesting(raw)?;
    jmespath::compile(raw)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Counts the nesting units of [`MAX_NESTING`], skipping quoted literals
/// (`'raw'`, `"identifier"`, `` `json` ``, with their backslash escapes).
fn within_nesting(raw: &str) -> Result<(), String> {
    let mut units = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' | '`' => quote = Some(c),
                '[' | '(' | '{' | '.' | '|' | '&' | '!' => units += 1,
                _ => {}
            },
        }
        if units > MAX_NESTING {
            return Err(format!(
                "the query nests deeper than {MAX_NESTING} levels of brackets and operators"
            ));
        }
    }
    Ok(())
}

/// `raw` applied to check-health's result (`null`): the value it makes
/// (None for `null`, which az does not print), or the reason it failed,
/// in the words of Python's jmespath.
pub fn apply(raw: &str) -> Result<Option<serde_json::Value>, String> {
    within_nesting(raw)?;
    let runtime = python_runtime();
    let expr = runtime.compile(raw).map_err(|e| e.to_string())?;
    PYTHON_FAILURE.with(|f| f.borrow_mut().take());
    let result = expr.search(Variable::Null);
    let failure = PYTHON_FAILURE.with(|f| f.borrow_mut().take());
    match result {
        Ok(v) if v.is_null() => Ok(None),
        Ok(v) => serde_json::to_value(&*v)
            .map(Some)
            .map_err(|e| e.to_string()),
        Err(_) if failure.is_some() => Err(failure.unwrap_or_default()),
        Err(e) => Err(python_message(&e, expr.as_ast())),
    }
}

thread_local! {
    /// The message Python's jmespath would have raised, set by a
    /// [`PythonChecked`] function as it stops the search.
    static PYTHON_FAILURE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Python jmespath's signature of each builtin (`functions.py`, its
/// `@signature` decorators): each argument's allowed types as Python spells
/// them, and whether the function is variadic (then only its first argument
/// is checked, as `_type_check` loops over the signature, not the arguments).
const PYTHON_SIGNATURES: &[(&str, &[&[&str]], bool)] = &[
    ("abs", &[&["number"]], false),
    ("avg", &[&["array-number"]], false),
    ("ceil", &[&["number"]], false),
    ("contains", &[&["array", "string"], &[]], false),
    ("ends_with", &[&["string"], &["string"]], false),
    ("floor", &[&["number"]], false),
    ("join", &[&["string"], &["array-string"]], false),
    ("keys", &[&["object"]], false),
    ("length", &[&["string", "array", "object"]], false),
    ("map", &[&["expref"], &["array"]], false),
    ("max", &[&["array-number", "array-string"]], false),
    ("max_by", &[&["array"], &["expref"]], false),
    ("merge", &[&["object"]], true),
    ("min", &[&["array-number", "array-string"]], false),
    ("min_by", &[&["array"], &["expref"]], false),
    ("not_null", &[&[]], true),
    ("reverse", &[&["array", "string"]], false),
    ("sort", &[&["array-string", "array-number"]], false),
    ("sort_by", &[&["array"], &["expref"]], false),
    ("starts_with", &[&["string"], &["string"]], false),
    ("sum", &[&["array-number"]], false),
    ("to_array", &[&[]], false),
    ("to_number", &[&[]], false),
    ("to_string", &[&[]], false),
    ("type", &[&[]], false),
    ("values", &[&["object"]], false),
];

/// The builtins, each behind Python jmespath's own argument checks, so a
/// failure is found where Python finds it and worded as Python words it.
fn python_runtime() -> Runtime {
    let mut runtime = Runtime::new();
    runtime.register_builtin_functions();
    for &(name, signature, variadic) in PYTHON_SIGNATURES {
        if let Some(inner) = runtime.deregister_function(name) {
            runtime.register_function(
                name,
                Box::new(PythonChecked {
                    name,
                    signature,
                    variadic,
                    inner,
                }),
            );
        }
    }
    runtime
}

/// A builtin with Python jmespath's checks in front of it
/// (`Functions._validate_arguments`, then what `_func_sort_by`,
/// `_func_max_by` and `_func_min_by` check of their keys).
struct PythonChecked {
    name: &'static str,
    signature: &'static [&'static [&'static str]],
    variadic: bool,
    inner: Box<dyn Function>,
}

impl Function for PythonChecked {
    fn evaluate(&self, args: &[Rcvar], ctx: &mut Context<'_>) -> jmespath::SearchResult {
        let arity_ok = if self.variadic {
            args.len() >= self.signature.len()
        } else {
            args.len() == self.signature.len()
        };
        // A wrong count: the builtin's own error, worded as Python's by
        // `python_message`.
        if arity_ok {
            let found = match python_type_check(self.name, self.signature, args) {
                Some(message) => Some(message),
                None => python_key_check(self.name, args, ctx)?,
            };
            if let Some(message) = found {
                PYTHON_FAILURE.with(|f| *f.borrow_mut() = Some(message));
                let reason = ErrorReason::Runtime(RuntimeError::InvalidType {
                    expected: String::new(),
                    actual: String::new(),
                    position: 0,
                });
                return Err(JmespathError::from_ctx(ctx, reason));
            }
        }
        self.inner.evaluate(args, ctx)
    }
}

/// Python's type name of a value (`type(v).__name__`).
fn python_type(v: &Variable) -> &'static str {
    match v {
        Variable::Null => "NoneType",
        Variable::Bool(_) => "bool",
        Variable::String(_) => "str",
        Variable::Number(n) if n.is_f64() => "float",
        Variable::Number(_) => "int",
        Variable::Array(_) => "list",
        Variable::Object(_) => "dict",
        Variable::Expref(_) => "_Expression",
    }
}

/// jmespath's `TYPES_MAP`: a Python type name as a JMESPath type.
fn jmespath_type(python: &str) -> &'static str {
    match python {
        "bool" => "boolean",
        "list" => "array",
        "dict" => "object",
        "NoneType" => "null",
        "str" => "string",
        "float" | "int" => "number",
        "_Expression" => "expref",
        _ => "unknown",
    }
}

/// jmespath's `REVERSE_TYPES_MAP`: the Python type names of a JMESPath type.
fn python_types(jmespath: &str) -> &'static [&'static str] {
    match jmespath {
        "boolean" => &["bool"],
        "array" => &["list"],
        "object" => &["dict"],
        "null" => &["NoneType"],
        "string" => &["str"],
        "number" => &["float", "int"],
        "expref" => &["_Expression"],
        _ => &[],
    }
}

/// `JMESPathTypeError.__str__`.
fn type_error(function: &str, value: &Variable, actual: &str, expected: &[&str]) -> String {
    let expected: Vec<String> = expected.iter().map(|t| python_repr(t)).collect();
    format!(
        "In function {function}(), invalid type for value: {}, expected one of: [{}], received: \"{actual}\"",
        python_str(value),
        expected.join(", ")
    )
}

/// `Functions._type_check`: the first argument whose type (or, for an
/// array, whose elements' types) the signature does not allow.
fn python_type_check(name: &str, signature: &[&[&str]], args: &[Rcvar]) -> Option<String> {
    for (types, current) in signature.iter().zip(args) {
        if types.is_empty() {
            continue;
        }
        let mut allowed: Vec<&str> = vec![];
        let mut subtypes: Vec<&[&str]> = vec![];
        for t in *types {
            match t.split_once('-') {
                Some((t, sub)) => {
                    subtypes.push(python_types(sub));
                    allowed.extend(python_types(t));
                }
                None => allowed.extend(python_types(t)),
            }
        }
        let actual = python_type(current);
        if !allowed.contains(&actual) {
            return Some(type_error(name, current, jmespath_type(actual), types));
        }
        let Some(items) = current.as_array() else {
            continue;
        };
        // `_subtype_check`: one element type, or the first element's
        // decides which of several.
        let wanted = match subtypes.as_slice() {
            [] => continue,
            [only] => *only,
            several => match items.first() {
                None => continue,
                Some(first) => {
                    let first_type = python_type(first);
                    match several.iter().find(|s| s.contains(&first_type)) {
                        Some(s) => *s,
                        None => return Some(type_error(name, first, first_type, types)),
                    }
                }
            },
        };
        if let Some(bad) = items.iter().find(|i| !wanted.contains(&python_type(i))) {
            return Some(type_error(name, bad, python_type(bad), types));
        }
    }
    None
}

/// What Python's `sort_by`, `max_by` and `min_by` check of the keys their
/// expression gives: a string or a number, all of the first key's type
/// for `sort_by`; `max` and `min` compare each key with the best so far,
/// which for a string and a number raises Python's `TypeError` (az prints
/// a traceback; we print its message as a query failure).
fn python_key_check(
    name: &str,
    args: &[Rcvar],
    ctx: &mut Context<'_>,
) -> Result<Option<String>, JmespathError> {
    let (Some(items), Some(Variable::Expref(ast))) = (
        args.first().and_then(|a| a.as_array()),
        args.get(1).map(|a| &**a),
    ) else {
        return Ok(None);
    };
    let key_type = |k: &Variable| jmespath_type(python_type(k));
    match name {
        "sort_by" => {
            let Some(first) = items.first() else {
                return Ok(None);
            };
            let required = key_type(&*jmespath::interpret(first, ast, ctx)?);
            if required != "number" && required != "string" {
                return Ok(Some(type_error(
                    name,
                    first,
                    required,
                    &["string", "number"],
                )));
            }
            for item in items {
                let key = jmespath::interpret(item, ast, ctx)?;
                if key_type(&key) != required {
                    return Ok(Some(type_error(name, &key, key_type(&key), &[required])));
                }
            }
        }
        "max_by" | "min_by" => {
            let (op, wins) = if name == "max_by" {
                (">", std::cmp::Ordering::Greater)
            } else {
                ("<", std::cmp::Ordering::Less)
            };
            let mut best: Option<Rcvar> = None;
            for item in items {
                let key = jmespath::interpret(item, ast, ctx)?;
                let t = key_type(&key);
                if t != "number" && t != "string" {
                    return Ok(Some(type_error(name, &key, t, &["number", "string"])));
                }
                let Some(b) = &best else {
                    best = Some(key);
                    continue;
                };
                if key_type(b) != t {
                    return Ok(Some(format!(
                        "'{op}' not supported between instances of '{}' and '{}'",
                        python_type(&key),
                        python_type(b)
                    )));
                }
                if compare_keys(&key, b) == Some(wins) {
                    best = Some(key);
                }
            }
        }
        _ => {}
    }
    Ok(None)
}

/// Two keys of one type (numbers or strings), as Python orders them.
fn compare_keys(a: &Variable, b: &Variable) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Variable::Number(x), Variable::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Variable::String(x), Variable::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// Python's `str()` of a value (`%s` in jmespath's messages): a string
/// bare, anything else as its `repr()`.
fn python_str(v: &Variable) -> String {
    match v {
        Variable::String(s) => s.clone(),
        other => python_variable_repr(other),
    }
}

fn python_variable_repr(v: &Variable) -> String {
    match v {
        Variable::Null => "None".into(),
        Variable::Bool(true) => "True".into(),
        Variable::Bool(false) => "False".into(),
        Variable::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => python_float(f),
            _ => n.to_string(),
        },
        Variable::String(s) => python_repr(s),
        Variable::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| python_variable_repr(i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Variable::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", python_repr(k), python_variable_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        // Python shows the object's address, which no one can reproduce.
        Variable::Expref(_) => "<jmespath.visitor._Expression object>".into(),
    }
}

/// Python's `repr()` of a float: the shortest digits that read back, in
/// positional notation from 1e-4 up to 1e16, else as `1e+16`, `1.5e-05`.
fn python_float(f: f64) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "nan".into()
        } else if f > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let a = f.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let text = format!("{f:e}");
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    if f == f.trunc() {
        format!("{f:.1}")
    } else {
        format!("{f}")
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
    fn a_query_nested_past_the_bound_is_refused_not_a_crash() {
        let deep = "[".repeat(50_000);
        assert!(compile(&deep).unwrap_err().contains("nests deeper"));
        let chain = format!("{}b", "a.".repeat(30_000));
        assert!(compile(&chain).is_err());
        assert!(apply(&chain).is_err());
        // Inside a literal nothing counts.
        let literal = format!("'{}'", "[.".repeat(10_000));
        assert_eq!(compile(&literal), Ok(()));
        // At the bound, it compiles and runs on null.
        let at_bound = format!("{}b", "a.".repeat(MAX_NESTING));
        assert_eq!(compile(&at_bound), Ok(()));
        assert_eq!(apply(&at_bound), Ok(None));
        let nested = format!(
            "{}@{}",
            "[".repeat(MAX_NESTING / 2),
            "]".repeat(MAX_NESTING / 2)
        );
        assert!(compile(&nested).is_ok());
        assert!(apply(&nested).is_ok());
    }

    #[test]
    fn queries_on_nothing() {
        assert!(compile("[bad").is_err());
        assert!(compile("").is_err());
        assert!(compile("a.b[0]").is_ok());
        assert_eq!(apply("a.b[0]"), Ok(None));
        assert_eq!(apply("'x'"), Ok(Some(serde_json::json!("x"))));
        assert_eq!(apply("to_string(@)"), Ok(Some(serde_json::json!("null"))));
    }

    /// Each expected text is what azure-cli 2.91 (Python's jmespath 1.1,
    /// `functions.py`: `_type_check`, `_subtype_check`, `_func_sort_by`,
    /// `_func_max_by`, `_create_key_func`; `exceptions.py`:
    /// `JMESPathTypeError`) gave for that query on check-health's result.
    #[test]
    fn array_element_and_key_failures_in_pythons_words() {
        let err = |q: &str| apply(q).unwrap_err();
        assert_eq!(
            err("sort(`[1,\"a\"]`)"),
            "In function sort(), invalid type for value: a, expected one of: ['array-string', 'array-number'], received: \"str\""
        );
        assert_eq!(
            err("sort(`[\"a\",1]`)"),
            "In function sort(), invalid type for value: 1, expected one of: ['array-string', 'array-number'], received: \"int\""
        );
        assert_eq!(
            err("sort(`[true]`)"),
            "In function sort(), invalid type for value: True, expected one of: ['array-string', 'array-number'], received: \"bool\""
        );
        assert_eq!(
            err("max(`[1,\"a\"]`)"),
            "In function max(), invalid type for value: a, expected one of: ['array-number', 'array-string'], received: \"str\""
        );
        assert_eq!(
            err("sum(`[1, 2.5, \"x\"]`)"),
            "In function sum(), invalid type for value: x, expected one of: ['array-number'], received: \"str\""
        );
        assert_eq!(
            err("join(',', `[\"a\", 1.5]`)"),
            "In function join(), invalid type for value: 1.5, expected one of: ['array-string'], received: \"float\""
        );
        assert_eq!(
            err("max_by(`[{\"a\":true}]`, &a)"),
            "In function max_by(), invalid type for value: True, expected one of: ['number', 'string'], received: \"boolean\""
        );
        assert_eq!(
            err("sort_by(`[{\"a\":1},{\"a\":\"x\"}]`, &a)"),
            "In function sort_by(), invalid type for value: x, expected one of: ['number'], received: \"string\""
        );
        assert_eq!(
            err("sort_by(`[{\"a\":[1]},{\"a\":1}]`, &a)"),
            "In function sort_by(), invalid type for value: {'a': [1]}, expected one of: ['string', 'number'], received: \"array\""
        );
        // Python's comparison fails first (a traceback in az).
        assert_eq!(
            err("max_by(`[{\"a\":1},{\"a\":\"x\"}]`, &a)"),
            "'>' not supported between instances of 'str' and 'int'"
        );
        assert_eq!(
            err("min_by(`[{\"a\":\"x\"},{\"a\":1}]`, &a)"),
            "'<' not supported between instances of 'int' and 'str'"
        );
        // Piped values are checked where the function meets them.
        assert_eq!(
            err("`[2, \"b\"]` | sort(@)"),
            "In function sort(), invalid type for value: b, expected one of: ['array-string', 'array-number'], received: \"str\""
        );
        // What passes Python's checks runs as before.
        assert_eq!(
            apply("max_by(`[{\"a\":1},{\"a\":3},{\"a\":2}]`, &a).a"),
            Ok(Some(serde_json::json!(3)))
        );
        assert_eq!(
            apply("sort(`[\"b\",\"a\"]`)"),
            Ok(Some(serde_json::json!(["a", "b"])))
        );
    }

    #[test]
    fn floats_as_python_writes_them() {
        assert_eq!(python_float(1.0), "1.0");
        assert_eq!(python_float(1.5), "1.5");
        assert_eq!(python_float(-0.0), "-0.0");
        assert_eq!(python_float(1e16), "1e+16");
        assert_eq!(python_float(1e100), "1e+100");
        assert_eq!(python_float(1.5e-5), "1.5e-05");
        assert_eq!(python_float(0.0001), "0.0001");
        assert_eq!(python_float(123456789012345.6), "123456789012345.6");
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
