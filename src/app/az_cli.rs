//! `acr-health az …`: az's own command line, for a script whose line was
//! `az acr check-health …`. az parses it with Python's argparse, through
//! knack's `CLICommandParser` and azure-cli-core's `AzCliCommandParser`
//! (parser.py); clap cannot take it that way (argparse accepts any
//! unambiguous prefix of a long option, `--ignore` for `--ignore-errors`,
//! and az 2.91 leaves `allow_abbrev` on), so this file walks the words as
//! argparse does, for the one command we implement, and prints az's usage
//! errors with az's exit status 2. What it accepts becomes the same
//! `CheckArgs` as `check -o az`: this entry always speaks the az dialect.
//!
//! What az prints, and where we differ on purpose, is in
//! docs/compatibility.md ("az's command line"); tests/az_grammar.rs runs
//! each case.

use std::io::Read;
use std::path::PathBuf;

use crate::app::az_query::python_repr;
use crate::app::cli::{CheckArgs, OutputFormat};
use crate::engine::catalog::az;
use crate::guard::sanitize;
use crate::sys::env::Env;

/// `-o`'s values, in the order az's error lists them.
pub const OUTPUT_CHOICES: [&str; 7] = ["json", "jsonc", "yaml", "yamlc", "table", "tsv", "none"];

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    /// Run `az acr check-health`.
    Run(Box<AzRun>),
    /// Nothing to run: help or a usage error, printed as given.
    Exit(AzExit),
}

/// Text to print and the exit status, for a line that runs nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzExit {
    pub stdout: String,
    pub stderr: String,
    pub status: u8,
    /// `--verbose` was typed: az still says how long it ran.
    pub verbose: bool,
    /// The `--subscription` values az's parser took before it stopped, in
    /// order: its action had warned for each one az's profile lacks, before
    /// the error or the help (see [`unrecognized_subscriptions`]).
    pub subscriptions: Vec<String>,
}

/// A `az acr check-health` line, parsed.
#[derive(Debug)]
pub struct AzRun {
    /// As `check -o az` would have them.
    pub args: CheckArgs,
    /// `--query`, compiled once already (so it is valid JMESPath).
    pub query: Option<String>,
    /// `-o`, lower case: how a result would be printed (check-health has
    /// none; a query may make one).
    pub output: String,
    /// `--verbose`, as az's logging reads it: the literal word.
    pub verbose: bool,
    /// `--debug`, likewise.
    pub debug: bool,
    /// Every `--subscription` value but the last (the one the run uses),
    /// in order: az's action warned for each as the line was parsed.
    pub earlier_subscriptions: Vec<String>,
}

/// How many arguments an option takes (argparse's `nargs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Nargs {
    Zero,
    One,
    /// `?`: one if the next word is not an option.
    Optional,
}

/// What an option does when argparse takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Act {
    Help,
    Verbose,
    Debug,
    OnlyShowErrors,
    Output,
    Query,
    Subscription,
    /// `--__cmd__`: azure-cli-core's `IgnoreAction`, which refuses itself.
    Ignore,
    Vnet,
    Repository,
    IgnoreErrors,
    Yes,
    Name,
    ChangeReference,
    AcquirePolicyToken,
}

struct Opt {
    strings: &'static [&'static str],
    act: Act,
    nargs: Nargs,
}

const fn opt(strings: &'static [&'static str], act: Act, nargs: Nargs) -> Opt {
    Opt {
        strings,
        act,
        nargs,
    }
}

/// A command group's parser: help only.
const GROUP: &[Opt] = &[opt(&["-h", "--help"], Act::Help, Nargs::Zero)];

/// The top parser: help, and knack's global arguments (its parent parser).
/// An ambiguous prefix of these is refused here, before any command.
const ROOT: &[Opt] = &[
    opt(&["-h", "--help"], Act::Help, Nargs::Zero),
    opt(&["--verbose"], Act::Verbose, Nargs::Zero),
    opt(&["--debug"], Act::Debug, Nargs::Zero),
    opt(&["--only-show-errors"], Act::OnlyShowErrors, Nargs::Zero),
    opt(&["--output", "-o"], Act::Output, Nargs::One),
    opt(&["--query"], Act::Query, Nargs::One),
];

/// `az acr check-health`'s options in the order az 2.91's parser holds
/// them (knack's global arguments, `--subscription`, the command's own from
/// acr `_params.py`, then the global policy arguments): argparse lists the
/// matches of an ambiguous prefix in this order.
const CHECK_HEALTH: &[Opt] = &[
    opt(&["-h", "--help"], Act::Help, Nargs::Zero),
    opt(&["--verbose"], Act::Verbose, Nargs::Zero),
    opt(&["--debug"], Act::Debug, Nargs::Zero),
    opt(&["--only-show-errors"], Act::OnlyShowErrors, Nargs::Zero),
    opt(&["--output", "-o"], Act::Output, Nargs::One),
    opt(&["--query"], Act::Query, Nargs::One),
    opt(&["--subscription"], Act::Subscription, Nargs::One),
    opt(&["--__cmd__"], Act::Ignore, Nargs::Optional),
    opt(&["--vnet"], Act::Vnet, Nargs::One),
    opt(&["--repository"], Act::Repository, Nargs::One),
    opt(&["--ignore-errors"], Act::IgnoreErrors, Nargs::Zero),
    opt(&["--yes", "-y"], Act::Yes, Nargs::Zero),
    opt(&["--name", "-n"], Act::Name, Nargs::One),
    opt(&["--change-reference"], Act::ChangeReference, Nargs::One),
    opt(
        &["--acquire-policy-token"],
        Act::AcquirePolicyToken,
        Nargs::Zero,
    ),
];

/// `az acr check-health`'s parser when az loaded the acr commands but not
/// check-health's own arguments (`acr` followed by an option or `--`, see
/// [`Table::AcrGroups`]): knack's global arguments, `--subscription` and
/// the global policy arguments, which az adds to every command it loads.
const CHECK_HEALTH_UNLOADED: &[Opt] = &[
    opt(&["-h", "--help"], Act::Help, Nargs::Zero),
    opt(&["--verbose"], Act::Verbose, Nargs::Zero),
    opt(&["--debug"], Act::Debug, Nargs::Zero),
    opt(&["--only-show-errors"], Act::OnlyShowErrors, Nargs::Zero),
    opt(&["--output", "-o"], Act::Output, Nargs::One),
    opt(&["--query"], Act::Query, Nargs::One),
    opt(&["--subscription"], Act::Subscription, Nargs::One),
    opt(&["--change-reference"], Act::ChangeReference, Nargs::One),
    opt(
        &["--acquire-policy-token"],
        Act::AcquirePolicyToken,
        Nargs::Zero,
    ),
];

/// What az loaded of its command table for the line, which decides the
/// parsers it builds (azure-cli-core `AzCliCommandInvoker.execute` and
/// knack's `CommandInvoker._rudimentary_get_command`): the command is the
/// run of words before the first that is empty or starts with `-`, cut
/// back to the longest that starts a command's name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Table {
    /// The words name `acr check-health` (or the line fails before it):
    /// that command alone, its arguments loaded.
    Full,
    /// `acr` alone: every acr command, but not their arguments, so
    /// check-health's parser has only [`CHECK_HEALTH_UNLOADED`].
    AcrGroups,
    /// No command word first (an option or `--` leads): one command per
    /// group, and the one under `acr` is az's first, `acr check-name`.
    OnePerGroup,
}

/// The [`Table`] az loads for `words`; the command's words are lower-cased
/// in place, as az does (`az ACR Check-Health` runs check-health).
fn loaded_table(words: &mut [String]) -> Table {
    let nouns = words
        .iter()
        .take_while(|w| !w.is_empty() && !w.starts_with('-'))
        .count();
    if nouns == 0 {
        return Table::OnePerGroup;
    }
    // Of az's commands only `acr check-health` matters here: a run of words
    // that starts no name of ours either starts another az command (which
    // we do not run) or fails at its first word.
    let mut kept = nouns;
    while kept > 0 && !"acr check-health".starts_with(&words[..kept].join(" ").to_lowercase()) {
        kept -= 1;
    }
    for w in &mut words[..kept] {
        *w = w.to_lowercase();
    }
    if kept == 1 && words[0] == "acr" {
        Table::AcrGroups
    } else {
        Table::Full
    }
}

/// One parser of az's tree.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    /// `az`: the groups and top-level commands.
    Root,
    /// `az acr`.
    Acr,
    /// `az acr check-health`.
    CheckHealth,
}

impl Level {
    fn prog(self) -> &'static str {
        match self {
            Level::Root => "az",
            Level::Acr => "az acr",
            Level::CheckHealth => "az acr check-health",
        }
    }

    fn options(self, table: Table) -> &'static [Opt] {
        match (self, table) {
            (Level::Root, _) => ROOT,
            (Level::Acr, _) => GROUP,
            (Level::CheckHealth, Table::Full) => CHECK_HEALTH,
            (Level::CheckHealth, _) => CHECK_HEALTH_UNLOADED,
        }
    }

    /// The words that may follow, and the parser each leads to (None: a
    /// command of az's we do not run).
    fn commands(self, table: Table) -> &'static [(&'static str, Option<Level>)] {
        match (self, table) {
            (Level::Root, _) => &[("acr", Some(Level::Acr))],
            (Level::Acr, Table::OnePerGroup) => &[("check-name", None)],
            (Level::Acr, _) => &[("check-health", Some(Level::CheckHealth))],
            (Level::CheckHealth, _) => &[],
        }
    }

    /// The name argparse gives a group's missing command.
    fn dest(self) -> &'static str {
        match self {
            Level::Root => "_command_package",
            _ => "_subcommand",
        }
    }
}

/// How argparse reads one word (`_parse_optional`).
#[derive(Clone, Debug)]
enum Word {
    /// A value or a command word.
    Positional,
    /// `--`: every word after it is a value (argparse's `-` in its pattern).
    DoubleDash,
    /// An option: which (None: no such option here), the option string it
    /// matched, and a value attached with `=` or to a short option.
    Option(Option<usize>, String, Option<String>),
}

/// An error as az prints it: the message, then its recommendations.
struct Usage {
    level: Level,
    /// Which parsers az built (set once the error leaves the parser).
    table: Table,
    message: String,
    /// Lines right after the message ("Did you mean …").
    recommendations: Vec<String>,
}

impl Usage {
    fn at(level: Level, message: String) -> Self {
        Usage {
            level,
            table: Table::Full,
            message,
            recommendations: vec![],
        }
    }
}

/// Parses `az`'s words (what follows `acr-health az`). `stdin` is read
/// only for an `@-` argument; `env` gives the home directory for `@~/…`.
pub fn parse(words: &[String], env: &Env, stdin: &mut dyn Read) -> Parsed {
    // knack's logging is set up first, from the words as typed: an
    // abbreviation of these flags is parsed but does not change the log
    // level (knack `CLILogging._determine_log_level`).
    let has = |w: &str| words.iter().any(|a| a == w);
    let only_show_errors = has("--only-show-errors");
    let debug = has("--debug");
    let verbose = has("--verbose");
    if only_show_errors && (debug || verbose) {
        return Parsed::Exit(AzExit {
            stdout: String::new(),
            stderr: format!("{c}\n{c}\n", c = az::ONLY_SHOW_ERRORS_CONFLICT),
            status: 1,
            verbose: false,
            subscriptions: vec![],
        });
    }
    // `az` alone prints its welcome page; ours says what this entry runs.
    if words.is_empty() {
        return Parsed::Exit(help_exit(Level::Root, false));
    }
    // `@file` arguments are read before parsing (azure-cli-core
    // commands/__init__.py, `_expand_file_prefixed_files`).
    let mut words: Vec<String> = words.iter().map(|w| expand_file(w, env, stdin)).collect();
    let table = loaded_table(&mut words);
    let mut parser = Parser {
        table,
        args: CheckArgs {
            output: OutputFormat::Az,
            ..CheckArgs::default()
        },
        query: None,
        output: "json".into(),
        extras: vec![],
        subscriptions: vec![],
    };
    let verbose = verbose && !debug;
    let mut level = Level::Root;
    let mut rest: &[String] = &words;
    loop {
        match parser.run(level, rest) {
            Ok(Step::Into(next, at)) => {
                rest = &rest[at..];
                level = next;
            }
            Ok(Step::Done) => break,
            Err(stop) => {
                let mut exit = match stop {
                    Stop::Help(level) => help_exit(level, verbose),
                    Stop::Usage(mut u) => {
                        u.table = table;
                        usage_exit(u, rest, verbose)
                    }
                };
                exit.subscriptions = parser.subscriptions;
                return Parsed::Exit(exit);
            }
        }
    }
    if !parser.extras.is_empty() {
        // Raised by the top parser, which has no examples.
        let message = az::UNRECOGNIZED_ARGUMENTS.replace("{args}", &parser.extras.join(" "));
        let mut exit = usage_exit(Usage::at(Level::Root, message), &[], verbose && !debug);
        exit.subscriptions = parser.subscriptions;
        return Parsed::Exit(exit);
    }
    let mut earlier_subscriptions = parser.subscriptions;
    earlier_subscriptions.pop();
    let mut args = parser.args;
    args.only_show_errors = only_show_errors;
    args.debug = debug;
    // As typed: `--verbose` with `--debug` still overrides the config.
    args.verbose = has("--verbose");
    Parsed::Run(Box::new(AzRun {
        args,
        query: parser.query,
        output: parser.output,
        verbose,
        debug,
        earlier_subscriptions,
    }))
}

/// Where one parser left the words.
enum Step {
    /// A command word: its parser takes the words from this index on.
    Into(Level, usize),
    /// The command's parser took every word.
    Done,
}

enum Stop {
    Help(Level),
    Usage(Usage),
}

struct Parser {
    table: Table,
    args: CheckArgs,
    query: Option<String>,
    output: String,
    /// Words no parser took, in argparse's order.
    extras: Vec<String>,
    /// Each `--subscription` value, as its action ran.
    subscriptions: Vec<String>,
}

impl Parser {
    /// One parser's pass over its words (`_parse_known_args`).
    fn run(&mut self, level: Level, words: &[String]) -> Result<Step, Stop> {
        let opts = level.options(self.table);
        let commands = level.commands(self.table);
        // argparse reads every word first; an ambiguous prefix stops here.
        let mut kinds = Vec::with_capacity(words.len());
        for w in words {
            let kind = if kinds.iter().any(|k| matches!(k, Word::DoubleDash)) {
                Word::Positional
            } else if w == "--" {
                Word::DoubleDash
            } else {
                classify(opts, w).map_err(|m| Stop::Usage(Usage::at(level, m)))?
            };
            kinds.push(kind);
        }
        let mut i = 0;
        while i < words.len() {
            match &kinds[i] {
                Word::DoubleDash if commands.is_empty() => {
                    self.extras.push(words[i].clone());
                    i += 1;
                }
                // A group's command: argparse hands the words after `--`
                // on with the `--` itself (a `PARSER` argument keeps it),
                // so `--` is the command word az looks for; alone at the
                // end it leaves the command missing.
                Word::DoubleDash if i + 1 < words.len() => {
                    return Err(Stop::Usage(not_a_command(
                        level, self.table, &words[i], commands,
                    )));
                }
                Word::DoubleDash => i += 1,
                Word::Positional => {
                    if commands.is_empty() {
                        // No positionals in a command: argparse keeps the word.
                        self.extras.push(words[i].clone());
                        i += 1;
                        continue;
                    }
                    let word = &words[i];
                    return match commands.iter().find(|(w, _)| w == word) {
                        Some((_, Some(next))) => Ok(Step::Into(*next, i + 1)),
                        _ => Err(Stop::Usage(not_a_command(
                            level, self.table, word, commands,
                        ))),
                    };
                }
                Word::Option(index, string, explicit) => {
                    i = self.take_option(level, words, &kinds, i, *index, string, explicit)?;
                }
            }
        }
        if commands.is_empty() {
            Ok(Step::Done)
        } else {
            Err(Stop::Usage(Usage::at(
                level,
                az::ARGUMENTS_REQUIRED.replace("{dest}", level.dest()),
            )))
        }
    }

    /// argparse's `consume_optional`: the option at `i` and its value;
    /// returns the index after them.
    #[allow(clippy::too_many_arguments)]
    fn take_option(
        &mut self,
        level: Level,
        words: &[String],
        kinds: &[Word],
        i: usize,
        index: Option<usize>,
        string: &str,
        explicit: &Option<String>,
    ) -> Result<usize, Stop> {
        let opts = level.options(self.table);
        let Some(mut index) = index else {
            self.extras.push(words[i].clone());
            return Ok(i + 1);
        };
        let mut string = string.to_owned();
        let mut explicit = explicit.clone();
        let mut taken: Vec<(usize, Option<String>, String)> = vec![];
        let stop;
        loop {
            let opt = &opts[index];
            match explicit.take() {
                Some(value) => {
                    let single_dash = !string[1..].starts_with('-');
                    match opt.nargs {
                        Nargs::Zero if single_dash && !value.is_empty() => {
                            // `-yn`: the letters after a flag are flags too.
                            taken.push((index, None, string.clone()));
                            let mut chars = value.chars();
                            let first = chars.next().expect("not empty");
                            let next = format!("-{first}");
                            let tail: String = chars.collect();
                            match find_exact(opts, &next) {
                                Some(n) => {
                                    index = n;
                                    string = next;
                                    explicit = (!tail.is_empty()).then_some(tail);
                                }
                                None => {
                                    return Err(Stop::Usage(Usage::at(
                                        level,
                                        az::IGNORED_EXPLICIT_ARGUMENT
                                            .replace("{option}", &action_name(opt))
                                            .replace("{value}", &python_repr(&value)),
                                    )));
                                }
                            }
                        }
                        Nargs::One | Nargs::Optional => {
                            taken.push((index, Some(value), string.clone()));
                            stop = i + 1;
                            break;
                        }
                        Nargs::Zero => {
                            return Err(Stop::Usage(Usage::at(
                                level,
                                az::IGNORED_EXPLICIT_ARGUMENT
                                    .replace("{option}", &action_name(opt))
                                    .replace("{value}", &python_repr(&value)),
                            )));
                        }
                    }
                }
                None => {
                    let next_is_value = matches!(kinds.get(i + 1), Some(Word::Positional));
                    let value = match opt.nargs {
                        Nargs::Zero => None,
                        Nargs::One if next_is_value => Some(words[i + 1].clone()),
                        Nargs::One => {
                            return Err(Stop::Usage(Usage::at(
                                level,
                                az::EXPECTED_ONE_ARGUMENT.replace("{option}", &action_name(opt)),
                            )));
                        }
                        Nargs::Optional => next_is_value.then(|| words[i + 1].clone()),
                    };
                    stop = i + 1 + usize::from(value.is_some());
                    taken.push((index, value, string.clone()));
                    break;
                }
            }
        }
        for (index, value, string) in taken {
            self.act(level, &opts[index], value, &string)?;
        }
        Ok(stop)
    }

    /// argparse's `take_action`, with the value converted and checked.
    fn act(
        &mut self,
        level: Level,
        opt: &Opt,
        value: Option<String>,
        string: &str,
    ) -> Result<(), Stop> {
        let value = || value.clone().unwrap_or_default();
        match opt.act {
            Act::Help => return Err(Stop::Help(level)),
            // Read from the words as typed (see `parse`).
            Act::Verbose | Act::Debug | Act::OnlyShowErrors => {}
            Act::Output => {
                // `type=str.lower`, then the choices.
                let v = value().to_lowercase();
                if !OUTPUT_CHOICES.contains(&v.as_str()) {
                    // `_check_value` words it for a command's argument; a
                    // parser that is no command's (the top one, before the
                    // command word) takes any value for a command word.
                    let message = if level == Level::CheckHealth {
                        az::NOT_A_VALID_VALUE
                            .replace("{prog}", level.prog())
                            .replace("{value}", &v)
                            .replace("{option}", opt.strings[0])
                            .replace("{choices}", &OUTPUT_CHOICES.join(", "))
                    } else {
                        az::COMMAND_NOT_FOUND.replace("{value}", &v)
                    };
                    let mut u = Usage::at(level, message);
                    if let Some(c) = close_matches(&v, &OUTPUT_CHOICES).first() {
                        u.recommendations
                            .push(az::DID_YOU_MEAN.replace("{candidate}", c));
                    }
                    return Err(Stop::Usage(u));
                }
                self.output = v;
            }
            Act::Query => {
                let v = value();
                if crate::app::az_query::compile(&v).is_err() {
                    return Err(Stop::Usage(Usage::at(
                        level,
                        az::INVALID_QUERY_VALUE.replace("{value}", &python_repr(&v)),
                    )));
                }
                self.query = Some(v);
            }
            // azure-cli-core `commands/arm.py`: `SubscriptionNameOrIdAction`
            // looks the value up (and warns) as argparse takes it.
            Act::Subscription => {
                self.subscriptions.push(value());
                self.args.subscription = Some(value());
            }
            Act::Ignore => {
                return Err(Stop::Usage(Usage::at(
                    level,
                    az::UNRECOGNIZED_ARGUMENT
                        .replace("{option}", string)
                        .replace("{value}", &value()),
                )));
            }
            Act::Vnet => self.args.vnet = Some(value()),
            Act::Repository => self.args.repository = Some(value()),
            Act::IgnoreErrors => self.args.ignore_errors = true,
            Act::Yes => self.args.yes = true,
            // argparse's `store`: the last one wins.
            Act::Name => self.args.name = vec![value()],
            // Global policy arguments: they shape requests that change
            // resources; check-health changes none.
            Act::ChangeReference | Act::AcquirePolicyToken => {}
        }
        Ok(())
    }
}

/// az's warning lines for the `--subscription` values among `values` that
/// its action does not recognize (azure-cli-core `commands/arm.py`,
/// `register_global_subscription_argument`: `Subscription 'V' not
/// recognized.`), looked up in az's profile for the cloud named `cloud` as
/// the run's own lookup does (`azure::az_files::az_does_not_recognize`).
pub fn unrecognized_subscriptions(values: &[String], env: &Env, cloud: &str) -> Vec<String> {
    if values.is_empty() {
        return vec![];
    }
    let accounts = crate::azure::az_files::profile_accounts(env);
    values
        .iter()
        .filter(|v| crate::azure::az_files::az_does_not_recognize(accounts.as_deref(), cloud, v))
        .map(|v| crate::engine::catalog::az_subscription_not_recognized(v))
        .collect()
}

/// argparse's `_get_action_name`: the option strings joined by `/`.
fn action_name(opt: &Opt) -> String {
    opt.strings.join("/")
}

fn find_exact(opts: &[Opt], s: &str) -> Option<usize> {
    opts.iter().position(|o| o.strings.contains(&s))
}

/// argparse's `_parse_optional` and `_get_option_tuples` for `word`, over
/// `opts`; Err is the ambiguity error.
fn classify(opts: &[Opt], word: &str) -> Result<Word, String> {
    if !word.starts_with('-') || word.len() == 1 {
        return Ok(Word::Positional);
    }
    if let Some(i) = find_exact(opts, word) {
        return Ok(Word::Option(Some(i), word.to_owned(), None));
    }
    if let Some((option, value)) = word.split_once('=')
        && let Some(i) = find_exact(opts, option)
    {
        return Ok(Word::Option(
            Some(i),
            option.to_owned(),
            Some(value.to_owned()),
        ));
    }
    // Every option string (in the parser's order) this word may stand for.
    let mut matches: Vec<(usize, &str, Option<String>)> = vec![];
    let all = opts
        .iter()
        .enumerate()
        .flat_map(|(i, o)| o.strings.iter().map(move |s| (i, *s)));
    if word.starts_with("--") {
        let (prefix, explicit) = match word.split_once('=') {
            Some((p, v)) => (p, Some(v.to_owned())),
            None => (word, None),
        };
        for (i, s) in all {
            if s.starts_with(prefix) {
                matches.push((i, s, explicit.clone()));
            }
        }
    } else {
        // `-nNAME`: a short option with its value attached.
        let short: String = word.chars().take(2).collect();
        let attached: String = word.chars().skip(2).collect();
        for (i, s) in all {
            if s == short {
                matches.push((i, s, Some(attached.clone())));
            } else if s.starts_with(word) {
                matches.push((i, s, None));
            }
        }
    }
    match matches.len() {
        0 => {}
        1 => {
            let (i, s, explicit) = matches.remove(0);
            return Ok(Word::Option(Some(i), s.to_owned(), explicit));
        }
        _ => {
            let names: Vec<&str> = matches.iter().map(|(_, s, _)| *s).collect();
            return Err(az::AMBIGUOUS_OPTION
                .replace("{option}", word)
                .replace("{matches}", &names.join(", ")));
        }
    }
    // A negative number, or a word with a space, is a value (no option of
    // az's looks like a negative number).
    if looks_negative(word) || word.contains(' ') {
        return Ok(Word::Positional);
    }
    Ok(Word::Option(None, word.to_owned(), None))
}

/// argparse's `^-\d+$|^-\d*\.\d+$`.
fn looks_negative(word: &str) -> bool {
    let digits = &word[1..];
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match digits.split_once('.') {
        None => !digits.is_empty() && all_digits(digits),
        Some((whole, frac)) => all_digits(whole) && !frac.is_empty() && all_digits(frac),
    }
}

/// azure-cli-core `_check_value` for a command word: az's tree holds no
/// such command (here: we implement `az acr check-health` only).
fn not_a_command(
    level: Level,
    table: Table,
    word: &str,
    commands: &[(&str, Option<Level>)],
) -> Usage {
    let names: Vec<&str> = commands.iter().map(|(w, _)| *w).collect();
    let mut u = Usage::at(level, az::COMMAND_NOT_FOUND.replace("{value}", word));
    let ours = names.contains(&word);
    match close_matches(word, &names).first() {
        Some(c) if !ours => u
            .recommendations
            .push(az::DID_YOU_MEAN.replace("{candidate}", c)),
        // `--` (az's parser took it for the command word) is no command of
        // anyone's; and where az loaded one command per group, `acr`'s one
        // choice is known to us: az's text is exact.
        _ if word == "--" || (!ours && level == Level::Acr && table == Table::OnePerGroup) => {}
        // Ours: az knows many commands we do not run (or this is one).
        _ => u.recommendations.push(ONLY_CHECK_HEALTH.into()),
    }
    u
}

/// Our recommendation for a command we do not implement.
pub const ONLY_CHECK_HEALTH: &str =
    "acr-health runs 'az acr check-health' only; use az itself for other commands.";

/// The error as az prints it: `ERROR: message`, the recommendations, then
/// the help examples sorted by what the line named (check-health's errors
/// only) and the pointer to the reference docs. `words` is what the
/// failing parser was given, which the sorting compares against.
fn usage_exit(u: Usage, words: &[String], verbose: bool) -> AzExit {
    let mut err = String::new();
    // The message quotes what was typed: one line, escaped, and each word
    // of it cut to 200 characters (az echoes a 100 KB value whole).
    let shown = |text: &str| sanitize::cap_words(&sanitize::outside(text), sanitize::QUOTED_MAX);
    err.push_str(&format!("ERROR: {}\n", shown(&u.message)));
    for r in &u.recommendations {
        err.push_str(&shown(r));
        err.push('\n');
    }
    if u.message.contains("--query") {
        // `AzCliCommandParser.error`: the query reference in place of examples.
        err.push_str(az::QUERY_REFERENCE);
        err.push('\n');
    } else {
        let examples = if u.level == Level::CheckHealth {
            sorted_examples(words, Level::CheckHealth.options(u.table))
        } else {
            vec![]
        };
        err.push('\n');
        if !examples.is_empty() {
            err.push_str(az::EXAMPLES_HEADER);
            err.push('\n');
        }
        for (command, line) in examples {
            err.push_str(&format!("{command}\n{line}\n\n"));
        }
        err.push_str(az::CLI_REFERENCE);
        err.push('\n');
    }
    AzExit {
        stdout: String::new(),
        stderr: err,
        status: 2,
        verbose,
        subscriptions: vec![],
    }
}

/// azure-cli-core `CommandRecommender.provide_recommendations`: the help
/// examples, those naming more of the options typed first, then those
/// naming fewer options; a stable sort, so ties keep the help file's order.
fn sorted_examples(words: &[String], known: &[Opt]) -> Vec<(&'static str, &'static str)> {
    let typed = normalized_parameters(words.iter().map(String::as_str), known);
    let mut scored: Vec<(i64, i64, (&str, &str))> = az::CHECK_HEALTH_EXAMPLES
        .iter()
        .map(|&(command, line)| {
            let own = normalized_parameters(command.split(' '), known);
            let matches = own.iter().filter(|p| typed.contains(p)).count() as i64;
            (matches, -(own.len() as i64), (command, line))
        })
        .collect();
    // Descending, stable: ties keep the help file's order.
    scored.sort_by_key(|&(matches, fewer, _)| std::cmp::Reverse((matches, fewer)));
    scored.into_iter().map(|(_, _, e)| e).collect()
}

/// `_normalize_parameters`: the option names of `words`
/// (`AzCliCommandInvoker._extract_parameter_names`), each as its longest
/// spelling; names the parser does not have (`known`: an abbreviation, or
/// check-health's own when az did not load them) are dropped; sorted.
fn normalized_parameters<'a>(words: impl Iterator<Item = &'a str>, known: &[Opt]) -> Vec<String> {
    let mut out: Vec<String> = words
        .filter(|p| p.starts_with('-') && !p.starts_with("---") && p.chars().count() > 1)
        .map(|p| {
            if p.starts_with("--") {
                p.split('=').next().unwrap_or(p).to_owned()
            } else {
                p.chars().take(2).collect()
            }
        })
        .filter_map(|p| {
            let long = match p.as_str() {
                "-h" => "--help",
                "-o" => "--output",
                other => known.iter().find(|o| o.strings.contains(&other)).map(|o| {
                    o.strings
                        .iter()
                        .max_by_key(|s| s.len())
                        .copied()
                        .unwrap_or(other)
                })?,
            };
            Some(long.to_owned())
        })
        .collect();
    out.sort();
    out
}

/// Python's `difflib.get_close_matches(word, choices, cutoff=0.7)`: the
/// choices whose `SequenceMatcher` ratio to `word` is 0.7 or more, best
/// first (ties: the later name in alphabetical order first, as
/// `heapq.nlargest` orders `(score, name)`).
pub fn close_matches<'a>(word: &str, choices: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = choices
        .iter()
        .map(|c| (ratio(c, word), *c))
        .filter(|(r, _)| *r >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// `SequenceMatcher(None, a, b).ratio()`: twice the matched characters
/// over both lengths, the matches found as Ratcliff and Obershelp do
/// (the longest common block, then the same on each side of it). No
/// character counts as junk: difflib's automatic junk needs 200 or more.
fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut matched = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(&a, &b, alo, ahi, blo, bhi);
        if k > 0 {
            matched += k;
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    2.0 * matched as f64 / total as f64
}

/// difflib's `find_longest_match` without junk: the earliest longest block.
fn longest_match(
    a: &[char],
    b: &[char],
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
    let mut prev = vec![0usize; b.len() + 1];
    for (i, ai) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut cur = vec![0usize; b.len() + 1];
        for j in blo..bhi {
            if *ai == b[j] {
                let k = if j > 0 { prev[j - 1] } else { 0 } + 1;
                cur[j] = k;
                if k > bestsize {
                    besti = i + 1 - k;
                    bestj = j + 1 - k;
                    bestsize = k;
                }
            }
        }
        prev = cur;
    }
    (besti, bestj, bestsize)
}

/// az's `@file` argument: `@path` (or `--opt=@path`) is the file's text
/// with its trailing newlines cut, `@-` standard input; a file that cannot
/// be read leaves the word as typed. One that is not UTF-8 is its base64,
/// as az's `read_file_content(allow_binary=True)` gives it.
fn expand_file(word: &str, env: &Env, stdin: &mut dyn Read) -> String {
    let (head, tail) = match word.split_once('=') {
        Some((h, t)) => (Some(h), t),
        None => (None, word),
    };
    let Some(path) = tail.strip_prefix('@').filter(|p| !p.is_empty()) else {
        return word.to_owned();
    };
    let Some(text) = read_at_file(path, env, stdin) else {
        return word.to_owned();
    };
    match head {
        Some(h) => format!("{h}={text}"),
        None => text,
    }
}

fn read_at_file(path: &str, env: &Env, stdin: &mut dyn Read) -> Option<String> {
    use crate::sys::files::{SMALL_FILE_LIMIT, read_limited};
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        stdin.take(SMALL_FILE_LIMIT).read_to_end(&mut buf).ok()?;
        buf
    } else {
        let path = match path.strip_prefix("~/") {
            Some(rest) => env.home()?.join(rest),
            None => PathBuf::from(path),
        };
        read_limited(&path, SMALL_FILE_LIMIT).ok()?
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(t),
        Err(e) => {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(e.into_bytes())
        }
    };
    Some(text.trim_end_matches('\n').to_owned())
}

/// `-h` at a level: our own page in az's layout (az's help text is its
/// own prose; ours says the same things about this tool).
fn help_exit(level: Level, verbose: bool) -> AzExit {
    AzExit {
        stdout: help_page(level),
        stderr: String::new(),
        status: 0,
        verbose,
        subscriptions: vec![],
    }
}

/// The help page of `level`, laid out as az lays out its own.
fn help_page(level: Level) -> String {
    match level {
        Level::Root | Level::Acr => GROUP_HELP.to_owned(),
        Level::CheckHealth => CHECK_HEALTH_HELP.to_owned(),
    }
}

const GROUP_HELP: &str = "
Group
    az : acr-health's stand-in for az: the one command below, with az's arguments,
    errors and output.

Subgroups:
    acr : Azure Container Registry.

Commands:
    acr check-health : Check this machine and, with -n, a registry, printing
                       what az acr check-health prints.

For its arguments: acr-health az acr check-health --help
";

const CHECK_HEALTH_HELP: &str = "
Command
    az acr check-health : Check this machine (docker, helm) and, with -n, a registry: the
    lines az acr check-health prints, checked by acr-health.

Arguments
    --ignore-errors        : Run every check, even after one has failed.
    --name -n              : The registry's name (a login server works too). Default: az's
                             `defaults.acr` setting.
    --repository           : Also ask for a token to this repository and check what it
                             grants.
    --vnet                 : A virtual network (name or resource ID) from which to check DNS
                             routing to the registry's private endpoints.
    --yes -y               : Pull the test image without asking first.

Global Policy Arguments
    --acquire-policy-token : Accepted as az does; a health check changes no resource, so it
                             has no effect.
    --change-reference     : Accepted as az does; no effect, for the same reason.

Global Arguments
    --debug                : Log every step on stderr (acr-health's debug log).
    --help -h              : Show this page and exit.
    --only-show-errors     : Print errors only, no warnings.
    --output -o            : How a --query result is printed: json, jsonc, none, table, tsv,
                             yaml, yamlc. Default: json. check-health itself returns nothing.
    --query                : A JMESPath query, applied to the command's (empty) result.
    --subscription         : Subscription (name or ID) to read the registry from. Default: az's
                             default subscription.
    --verbose              : Also print how long the command ran.

Examples
    Check this machine and a registry, pulling the test image without a question.
        acr-health az acr check-health -n myregistry -y

    Run every check, even after one has failed.
        acr-health az acr check-health --ignore-errors
";

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    fn run(line: &str) -> AzRun {
        match parse(&words(line), &Env::default(), &mut std::io::empty()) {
            Parsed::Run(r) => *r,
            Parsed::Exit(e) => panic!("{line}: {e:?}"),
        }
    }

    fn exit(line: &str) -> AzExit {
        match parse(&words(line), &Env::default(), &mut std::io::empty()) {
            Parsed::Run(r) => panic!("{line}: ran {r:?}"),
            Parsed::Exit(e) => e,
        }
    }

    fn first_line(e: &AzExit) -> &str {
        e.stderr.lines().next().unwrap_or("")
    }

    #[test]
    fn prefixes_of_one_option_are_that_option() {
        let r = run("acr check-health --ignore --rep x --n myreg --y --sub s1");
        assert!(r.args.ignore_errors && r.args.yes);
        assert_eq!(r.args.repository.as_deref(), Some("x"));
        assert_eq!(r.args.name, ["myreg"]);
        assert_eq!(r.args.subscription.as_deref(), Some("s1"));
        // The log-level flags count only as typed (knack reads the words).
        let r = run("acr check-health --verb");
        assert!(!r.verbose);
        assert!(run("acr check-health --verbose").verbose);
    }

    #[test]
    fn values_attached_and_flags_joined() {
        let r = run("acr check-health -nmyreg -ojson");
        assert_eq!(r.args.name, ["myreg"]);
        assert_eq!(r.output, "json");
        let r = run("acr check-health --name=a -n=b -yn c -o TSV");
        assert_eq!(r.args.name, ["c"]);
        assert!(r.args.yes);
        assert_eq!(r.output, "tsv");
        // A negative-looking value is a value.
        assert_eq!(
            run("acr check-health --repository -1")
                .args
                .repository
                .as_deref(),
            Some("-1")
        );
    }

    #[test]
    fn argparse_errors() {
        let e = exit("acr check-health --o json");
        assert_eq!(
            first_line(&e),
            "ERROR: ambiguous option: --o could match --only-show-errors, --output"
        );
        assert_eq!(e.status, 2);
        assert_eq!(
            first_line(&exit("acr check-health --v x")),
            "ERROR: ambiguous option: --v could match --verbose, --vnet"
        );
        assert_eq!(
            first_line(&exit("acr check-health --yes=1")),
            "ERROR: argument --yes/-y: ignored explicit argument '1'"
        );
        assert_eq!(
            first_line(&exit("acr check-health -yx")),
            "ERROR: argument --yes/-y: ignored explicit argument 'x'"
        );
        assert_eq!(
            first_line(&exit("acr check-health -n --yes")),
            "ERROR: argument --name/-n: expected one argument"
        );
        assert_eq!(
            first_line(&exit("acr check-health --__cmd__ x")),
            "ERROR: unrecognized argument: --__cmd__ x"
        );
        assert_eq!(
            first_line(&exit("acr check-health --foo x -q")),
            "ERROR: unrecognized arguments: --foo x -q"
        );
        assert_eq!(
            first_line(&exit("acr --foo check-health --bar")),
            "ERROR: unrecognized arguments: --foo --bar"
        );
        assert_eq!(
            first_line(&exit("acr")),
            "ERROR: the following arguments are required: _subcommand"
        );
    }

    #[test]
    fn examples_sorted_as_the_recommender_sorts_them() {
        let order = |line: &str| -> Vec<&str> {
            sorted_examples(&words(line), CHECK_HEALTH)
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        };
        let [y, ignore, repo] = az::CHECK_HEALTH_EXAMPLES.map(|(c, _)| c);
        assert_eq!(order("-n"), [y, repo, ignore]);
        assert_eq!(order("-o xml"), [ignore, y, repo]);
        assert_eq!(order("--yes=x"), [y, ignore, repo]);
        assert_eq!(order("--repository x -n"), [repo, y, ignore]);
        // An abbreviation is not a parameter the recommender knows.
        assert_eq!(order("--rep x"), [ignore, y, repo]);
    }

    #[test]
    fn close_matches_as_difflib() {
        assert_eq!(close_matches("jsn", &OUTPUT_CHOICES), ["json", "jsonc"]);
        assert_eq!(close_matches("yml", &OUTPUT_CHOICES)[0], "yaml");
        assert!(close_matches("xml", &OUTPUT_CHOICES).is_empty());
        assert_eq!(
            close_matches("check-healt", &["check-health"]),
            ["check-health"]
        );
        assert!(close_matches("login", &["check-health"]).is_empty());
        assert!((ratio("abcd", "bcde") - 0.75).abs() < 1e-9);
    }

    #[test]
    fn repr_as_python() {
        assert_eq!(python_repr("[bad"), "'[bad'");
        assert_eq!(python_repr("it's"), "\"it's\"");
        assert_eq!(python_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(python_repr("a\\b\n\x1b"), "'a\\\\b\\n\\x1b'");
    }

    #[test]
    fn only_show_errors_with_debug_is_refused_before_anything() {
        let e = exit("acr check-health --foo --only-show-errors --debug");
        assert_eq!(e.status, 1);
        assert_eq!(
            e.stderr,
            "--only-show-errors can't be used together with --debug or --verbose\n\
             --only-show-errors can't be used together with --debug or --verbose\n"
        );
    }
}
