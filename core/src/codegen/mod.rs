//! Programs that run a scenario's calls on Windows and print the probe result JSON
//! ([`crate::probe`], format `sockbind-probe`), for readers without the `sockbind` binary.
//!
//! Pure functions, scenario plan → program text: [`c`] (Winsock, any C compiler with
//! `ws2_32`), [`csharp`] (.NET `Socket`), [`python`] (the `socket` module) and [`powershell`]
//! (the C# program compiled in-process by `Add-Type`; no compiler needed). Each program is a
//! small fixed runtime (the step semantics of [`crate::probe`], one file per language under
//! `core/src/codegen/`) followed by the scenario's steps as a list of runtime calls built by
//! [`calls`]; the model's answers are embedded at generation time.

pub mod c;
pub mod csharp;
pub mod powershell;
pub mod python;

use crate::probe::{Action, CasePlan, NotRunCase, SocketKind};
use crate::socket::{Protocol, SockOpt};
use crate::tabtext::{escape, unescape_lossy as unescape};

crate::id_enum! {
    /// A language the generators write (`sockbind probe --emit`, the page's probe panel, the
    /// generator module `gen/`). Its id is the `--emit` value and the request's first line.
    pub enum Language {
        /// C with Winsock ([`c`]).
        C = "c",
        /// C# with .NET's `Socket` ([`csharp`]).
        Csharp = "csharp",
        /// Python 3's `socket` module ([`python`]).
        Python = "python",
        /// PowerShell compiling the C# program with `Add-Type` ([`powershell`]).
        Powershell = "powershell",
    }
}

impl Language {
    /// The `tool` a generated program names in its result: `sockbind-generated-<id>`.
    pub fn tool(self) -> String {
        format!("sockbind-generated-{}", self.id())
    }

    /// This language's program from the cases' runtime calls: `tool`, the calls, the
    /// not-run cases as JSON ([`not_run_json`]) and the model platform's id in; the source out.
    pub fn program_from_calls(
        self,
        tool: &str,
        cases: &[CaseCalls],
        not_run_json: &str,
        platform: &str,
    ) -> String {
        let from_calls = match self {
            Language::C => c::program_from_calls,
            Language::Csharp => csharp::program_from_calls,
            Language::Python => python::program_from_calls,
            Language::Powershell => powershell::program_from_calls,
        };
        from_calls(tool, cases, not_run_json, platform)
    }

    /// The program running `plans` in order and printing one probe result, naming itself
    /// [`Language::tool`]; `not_run` are the matrix cases it reports as not run, `platform`
    /// the model platform whose answers it embeds.
    pub fn program(
        self,
        plans: &[CasePlan],
        not_run: &[NotRunCase],
        platform: crate::platform::Platform,
    ) -> String {
        self.program_from_calls(
            &self.tool(),
            &case_calls(plans),
            &not_run_json(not_run),
            platform.id(),
        )
    }
}

/// One argument of a runtime call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A string (rendered as the language's string literal).
    Str(String),
    /// An integer.
    Int(i64),
}

/// One call into a runtime: `name(args…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// Runtime function name (the same in every language).
    pub name: &'static str,
    /// Arguments in order.
    pub args: Vec<Arg>,
}

fn call(name: &'static str, args: Vec<Arg>) -> Call {
    Call { name, args }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serializes")
}

fn s(text: impl Into<String>) -> Arg {
    Arg::Str(text.into())
}

/// The runtime calls for one planned case, in order: `begin_case`, `add_port` per scenario
/// port, `def_sock`/`add_opt` per runnable socket, `begin_steps`, then per step either
/// `not_run`, or `begin_step` + the step call + `end_call`/`end_send`/`end_none`, and `end_case`.
pub fn calls(plan: &CasePlan) -> Vec<Call> {
    let mut out = vec![call(
        "begin_case",
        vec![
            s(json(&plan.id)),
            s(json(&plan.group)),
            s(json(&plan.scenario)),
            s(json(&plan.address_map)),
        ],
    )];
    for p in &plan.ports {
        out.push(call("add_port", vec![Arg::Int(i64::from(*p))]));
    }
    let slot = |s: Option<usize>| Arg::Int(s.map_or(-1, |v| v as i64));
    let proto = |p: Protocol| Arg::Int(if p == Protocol::Tcp { 0 } else { 1 });
    for (k, sock) in plan.sockets.iter().enumerate() {
        let Some(addr) = sock.address.filter(|_| sock.not_run.is_none()) else {
            continue;
        };
        let kind = match sock.kind {
            SocketKind::Ipv4 => 0,
            SocketKind::Ipv6 => 1,
            SocketKind::DualStack => 2,
        };
        out.push(call(
            "def_sock",
            vec![
                Arg::Int(k as i64),
                Arg::Int(kind),
                proto(sock.protocol),
                s(addr.to_string()),
                slot(sock.port_slot),
            ],
        ));
        for o in &sock.options {
            let o = match o {
                SockOpt::ReuseAddr => 1,
                SockOpt::ExclusiveAddrUse => 2,
            };
            out.push(call("add_opt", vec![Arg::Int(k as i64), Arg::Int(o)]));
        }
    }
    out.push(call("begin_steps", vec![]));
    for st in &plan.steps {
        let op = s(json(&st.op));
        let model = s(json(&st.model));
        let step = Arg::Int(st.step as i64);
        if let Some(why) = &st.not_run {
            out.push(call("not_run", vec![step, op, model, s(json(why))]));
            continue;
        }
        out.push(call("begin_step", vec![step, op, model]));
        let k = |socket: usize| Arg::Int(socket as i64);
        let (act, end) = match &st.action {
            Action::Setsockopt { socket } => (call("st_setsockopt", vec![k(*socket)]), None),
            Action::Bind { socket } => (call("st_bind", vec![k(*socket)]), None),
            Action::Listen { socket } => (call("st_listen", vec![k(*socket)]), None),
            Action::Close { socket, lingering } => (
                call(
                    "st_close",
                    vec![k(*socket), Arg::Int(i64::from(*lingering))],
                ),
                Some(call("end_none", vec![])),
            ),
            Action::Expire { socket } => (
                call("st_expire", vec![k(*socket)]),
                Some(call("end_none", vec![])),
            ),
            Action::Send {
                protocol,
                to,
                port_slot,
            } => {
                let (exact, cands) = st
                    .model
                    .as_ref()
                    .and_then(|m| m.send_expect())
                    .unwrap_or((Some(0), 0));
                (
                    call(
                        "st_send",
                        vec![proto(*protocol), s(to.to_string()), slot(*port_slot)],
                    ),
                    Some(call(
                        "end_send",
                        vec![
                            Arg::Int(exact.map_or(-1, |m| m as i64)),
                            Arg::Int(cands as i64),
                        ],
                    )),
                )
            }
            Action::NotRun => unreachable!("not-run steps carry a reason"),
        };
        out.push(act);
        let end = end.unwrap_or_else(|| {
            let (code, setsockopt) = st
                .model
                .as_ref()
                .and_then(|m| m.call_expect())
                .unwrap_or((0, false));
            call(
                "end_call",
                vec![Arg::Int(i64::from(code)), Arg::Int(i64::from(setsockopt))],
            )
        });
        out.push(end);
    }
    out.push(call("end_case", vec![]));
    out
}

/// Every runtime function a generated program calls (the same in every language).
pub const CALL_NAMES: [&str; 17] = [
    "begin_case",
    "add_port",
    "def_sock",
    "add_opt",
    "begin_steps",
    "not_run",
    "begin_step",
    "st_setsockopt",
    "st_bind",
    "st_listen",
    "st_close",
    "st_expire",
    "st_send",
    "end_none",
    "end_send",
    "end_call",
    "end_case",
];

/// One case as a program runs it: its id and its runtime calls ([`calls`]).
pub type CaseCalls = (String, Vec<Call>);

/// The cases of `plans` as runtime calls.
pub fn case_calls(plans: &[CasePlan]) -> Vec<CaseCalls> {
    plans.iter().map(|p| (p.id.clone(), calls(p))).collect()
}

/// The cases as text, one line per case (`case`, id) and per call (`name`, then each argument
/// as `s` + text or `i` + integer), fields separated by tabs, text with `\\`, `\n`, `\r`,
/// `\t` escaped: how the page hands a scenario's calls to the generator module (`gen/`); not a
/// public format. [`decode_case_calls`] reads it back.
pub fn encode_case_calls(cases: &[CaseCalls]) -> String {
    let mut out = String::new();
    for (id, calls) in cases {
        out.push_str("case\t");
        out.push_str(&escape(id));
        out.push('\n');
        for c in calls {
            out.push_str(c.name);
            for a in &c.args {
                match a {
                    Arg::Str(t) => {
                        out.push_str("\ts");
                        out.push_str(&escape(t));
                    }
                    Arg::Int(i) => out.push_str(&format!("\ti{i}")),
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Reads [`encode_case_calls`]'s text. Errors: one line naming the first line that is not a
/// case, a known runtime call ([`CALL_NAMES`]) or a well-formed argument.
pub fn decode_case_calls(text: &str) -> Result<Vec<CaseCalls>, String> {
    let mut cases: Vec<CaseCalls> = vec![];
    for (n, line) in text.lines().enumerate() {
        let bad = |why: &str| format!("calls line {}: {why}", n + 1);
        let mut fields = line.split('\t');
        let head = fields.next().unwrap_or("");
        if head == "case" {
            cases.push((unescape(fields.next().unwrap_or("")), vec![]));
            continue;
        }
        let name = CALL_NAMES
            .iter()
            .find(|k| **k == head)
            .ok_or_else(|| bad("unknown call"))?;
        let args = fields
            .map(|f| match f.split_at_checked(1) {
                Some(("s", t)) => Ok(Arg::Str(unescape(t))),
                Some(("i", v)) => v.parse().map(Arg::Int).map_err(|_| bad("bad integer")),
                _ => Err(bad("bad argument")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (_, calls) = cases
            .last_mut()
            .ok_or_else(|| bad("call before any case"))?;
        calls.push(Call { name, args });
    }
    Ok(cases)
}

/// The request the generator module (`gen/`) reads: the language's id, its
/// [`Language::tool`], the model platform id (the first plan's, `windows-7` without plans), the
/// not-run cases as JSON (none), one per line, then the plans' calls ([`encode_case_calls`]).
pub fn generator_request(lang: Language, plans: &[CasePlan]) -> String {
    let platform = plans.first().map_or("windows-7", |p| p.model_platform.id());
    format!(
        "{}\n{}\n{platform}\n{}\n{}",
        lang.id(),
        lang.tool(),
        not_run_json(&[]),
        encode_case_calls(&case_calls(plans))
    )
}

/// The closing `finish` call's argument: the not-run cases as JSON.
pub fn not_run_json(not_run: &[NotRunCase]) -> String {
    json(&not_run)
}

/// Escapes text for a double-quoted string literal in C-like languages: `\\`, `\"`, and every
/// byte outside printable ASCII as `\ooo` (octal, C) or every char as `\uXXXX` (C#, Python).
pub(crate) fn quote(text: &str, unicode_escapes: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for (i, ch) in text.chars().enumerate() {
        // Some C compilers cap one literal's length: split into adjacent literals.
        if !unicode_escapes && i > 0 && i % 500 == 0 {
            out.push_str("\" \"");
        }
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            ' '..='~' => out.push(ch),
            _ if unicode_escapes => {
                let mut buf = [0u16; 2];
                for u in ch.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            _ => {
                let mut buf = [0u8; 4];
                for b in ch.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:03o}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// Renders calls as `name(arg, …)` statements with `terminator`, indented by `indent`.
pub(crate) fn render_calls(
    calls: &[Call],
    indent: &str,
    terminator: &str,
    unicode_escapes: bool,
    int_suffix: &str,
) -> String {
    let mut out = String::new();
    for c in calls {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| match a {
                Arg::Str(t) => quote(t, unicode_escapes),
                Arg::Int(i) if i.unsigned_abs() > i64::from(i32::MAX) as u64 => {
                    format!("{i}{int_suffix}")
                }
                Arg::Int(i) => i.to_string(),
            })
            .collect();
        out.push_str(&format!(
            "{indent}{}({}){terminator}\n",
            c.name,
            args.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_calls_survive_their_text_form() {
        let cases = vec![(
            "a\tb\\n\nc".to_string(),
            vec![
                call("begin_case", vec![s("x\ty\n\\z"), Arg::Int(-5)]),
                call("end_case", vec![Arg::Int(i64::MAX), s("")]),
            ],
        )];
        let text = encode_case_calls(&cases);
        assert_eq!(decode_case_calls(&text).unwrap(), cases);
        for bad in [
            "begin_case",
            "case\tx\nrm_rf",
            "case\tx\nadd_port\tq1",
            "case\tx\nadd_port\tix",
        ] {
            let e = decode_case_calls(bad).unwrap_err();
            assert!(e.starts_with("calls line "), "{e}");
        }
    }

    #[test]
    fn quoting_escapes_quotes_backslashes_and_non_ascii() {
        assert_eq!(quote(r#"a"b\c"#, false), r#""a\"b\\c""#);
        assert_eq!(quote("é", false), "\"\\303\\251\"");
        assert_eq!(quote("é", true), "\"\\u00e9\"");
        assert_eq!(quote("通", true), "\"\\u901a\"");
    }
}
