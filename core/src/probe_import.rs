//! A probe result as the page's import box needs it, as plain text: how the generator module
//! (`gen/`, which reads the result JSON with [`crate::probe::parse_report`]) hands an imported
//! result to the page, so the page carries no JSON reader for probe results. Not a public
//! format (the public one is the probe result JSON, README "Probe results").
//!
//! [`encode`] keeps what the page compares and shows: the format version and tool, the
//! machine (version, build, Wine, model platform) and per case its id, group, scenario (every
//! field, exactly as read) and steps (index, op as given, what the machine returned, why not
//! run). Left out, since the page recomputes or does not show them: each step's `model` and
//! `agrees` (recomputed by [`ProbeReport::recheck`]; a file's own are never trusted), the
//! address and port maps, the date and the cases listed as not run. [`decode`] reads it back
//! into a [`ProbeReport`] with those left empty.
//!
//! One record per line, fields separated by tabs; text fields escaped (`\\`, `\n`, `\r`,
//! `\t`); an absent optional field is `-`, a present one `=` and its value:
//! ```text
//! probe   VERSION TOOL
//! system  VERSION BUILD WINE? MODEL_PLATFORM
//! case    ID GROUP PLATFORM PROTOCOL TIMELINE(0|1)
//! socket  OPTIONS(,) ADDRESS PORT ACCOUNT ADMIN(0|1) PROTOCOL? DUAL(0|1) PRESET? GROUP…
//! step    OP…                  (one per timeline step; OP as below)
//! result  STEP NOT_RUN? OP…    (one per reported step)
//! seen    CALL RESULT CODE RECEIVERS?(,)   (what the machine returned, for the last result)
//! ```
//! OP is `bind SOCKET` (likewise `setsockopt`, `listen`, `expire`), `close SOCKET LINGERING(0|1)`
//! or `send TO PORT? PROTOCOL?`.

use crate::platform::Platform;
use crate::probe::{
    CaseReport, Observed, ProbeReport, ReportError, ReportReason, StepReport, SystemInfo,
    PROBE_FORMAT,
};
use crate::scenario::{Scenario, SocketSpec, StepSpec};
use crate::socket::{Protocol, SockOpt};
use crate::tabtext::{escape, unescape_lossy as unescape};

fn opt(v: Option<&str>) -> String {
    v.map_or_else(|| "-".to_string(), |s| format!("={}", escape(s)))
}

fn flag(b: bool) -> &'static str {
    if b {
        "1"
    } else {
        "0"
    }
}

fn list(v: &[usize]) -> String {
    v.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

fn op_fields(op: &StepSpec) -> String {
    match op {
        StepSpec::Close { socket, lingering } => format!("close\t{socket}\t{}", flag(*lingering)),
        StepSpec::Send { to, port, protocol } => format!(
            "send\t{}\t{}\t{}",
            escape(to),
            port.map_or_else(|| "-".into(), |p| p.to_string()),
            protocol.map_or("-", Protocol::id)
        ),
        other => format!("{}\t{}", other.op(), other.socket().unwrap_or(0)),
    }
}

/// The text for `r` (module docs); what the generator module's `gen_import` returns.
pub fn encode(r: &ProbeReport) -> String {
    let sys = &r.system;
    let mut out = format!(
        "probe\t{}\t{}\nsystem\t{}\t{}\t{}\t{}\n",
        r.version,
        escape(&r.tool),
        escape(&sys.version),
        sys.build,
        opt(sys.wine.as_deref()),
        sys.model_platform.id()
    );
    for c in &r.cases {
        let s = &c.scenario;
        out.push_str(&format!(
            "case\t{}\t{}\t{}\t{}\t{}\n",
            escape(&c.id),
            escape(&c.group),
            s.platform.id(),
            s.protocol.id(),
            flag(s.steps.is_some())
        ));
        for k in &s.sockets {
            let options: Vec<&str> = k.options.iter().map(|o| o.name()).collect();
            out.push_str(&format!(
                "socket\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                options.join(","),
                escape(&k.address),
                k.port,
                escape(&k.account),
                flag(k.admin),
                k.protocol.map_or("-", Protocol::id),
                flag(k.dual_stack),
                opt(k.preset.as_deref())
            ));
            for g in &k.groups {
                out.push('\t');
                out.push_str(&escape(g));
            }
            out.push('\n');
        }
        for st in s.steps.iter().flatten() {
            out.push_str(&format!("step\t{}\n", op_fields(st)));
        }
        for st in &c.steps {
            out.push_str(&format!(
                "result\t{}\t{}\t{}\n",
                st.step,
                opt(st.not_run.as_deref()),
                op_fields(&st.op)
            ));
            if let Some(o) = &st.observed {
                out.push_str(&format!(
                    "seen\t{}\t{}\t{}\t{}\n",
                    escape(&o.call),
                    escape(&o.result),
                    o.code,
                    o.receivers
                        .as_deref()
                        .map_or_else(|| "-".into(), |v| format!("={}", list(v)))
                ));
            }
        }
    }
    out
}

/// A [`ReportError`] as one line of text, for the module's error answer (status 1) to the
/// page: `error`, reason id, field, value, line, column, tab-separated, text escaped.
pub fn encode_error(e: &ReportError) -> String {
    let (line, column) = e.at.unwrap_or((0, 0));
    format!(
        "error\t{}\t{}\t{}\t{line}\t{column}",
        e.reason.id(),
        escape(&e.field),
        escape(&e.value)
    )
}

/// Reads [`encode_error`]'s line back; `None` for any other text (e.g. the module's own
/// one-line reason for input that is not UTF-8).
pub fn decode_error(text: &str) -> Option<ReportError> {
    let mut f = text.strip_prefix("error\t")?.split('\t');
    let reason = ReportReason::parse_id(f.next()?)?;
    let (field, value) = (unescape(f.next()?), unescape(f.next()?));
    let (line, column): (u64, u64) = (f.next()?.parse().ok()?, f.next()?.parse().ok()?);
    if f.next().is_some() {
        return None;
    }
    Some(ReportError {
        reason,
        field,
        value,
        at: (line > 0).then_some((line, column)),
    })
}

/// One line's fields, read in order; every error names the line.
struct Fields<'a> {
    line: usize,
    it: std::str::Split<'a, char>,
}

impl<'a> Fields<'a> {
    fn bad(&self, why: &str) -> String {
        format!("import text line {}: {why}", self.line)
    }
    fn raw(&mut self) -> Result<&'a str, String> {
        self.it.next().ok_or_else(|| self.bad("too few fields"))
    }
    fn text(&mut self) -> Result<String, String> {
        self.raw().map(unescape)
    }
    fn num<T: std::str::FromStr>(&mut self) -> Result<T, String> {
        let f = self.raw()?;
        f.parse().map_err(|_| self.bad("not a number"))
    }
    fn flag(&mut self) -> Result<bool, String> {
        match self.raw()? {
            "0" => Ok(false),
            "1" => Ok(true),
            _ => Err(self.bad("not 0 or 1")),
        }
    }
    fn opt(&mut self) -> Result<Option<&'a str>, String> {
        match self.raw()? {
            "-" => Ok(None),
            f => f
                .strip_prefix('=')
                .map(Some)
                .ok_or_else(|| self.bad("bad optional field")),
        }
    }
    fn opt_text(&mut self) -> Result<Option<String>, String> {
        Ok(self.opt()?.map(unescape))
    }
    fn platform(&mut self) -> Result<Platform, String> {
        let f = self.raw()?;
        Platform::parse_id(f).ok_or_else(|| self.bad("unknown platform"))
    }
    fn protocol(&mut self) -> Result<Option<Protocol>, String> {
        match self.raw()? {
            "-" => Ok(None),
            f => Protocol::parse_id(f)
                .map(Some)
                .ok_or_else(|| self.bad("unknown protocol")),
        }
    }
    fn op(&mut self) -> Result<StepSpec, String> {
        let name = self.raw()?;
        if name == "send" {
            let to = self.text()?;
            let port = match self.raw()? {
                "-" => None,
                p => Some(p.parse().map_err(|_| self.bad("not a port"))?),
            };
            let protocol = self.protocol()?;
            return Ok(StepSpec::Send { to, port, protocol });
        }
        let socket = self.num()?;
        Ok(match name {
            "setsockopt" => StepSpec::Setsockopt { socket },
            "bind" => StepSpec::Bind { socket },
            "listen" => StepSpec::Listen { socket },
            "expire" => StepSpec::Expire { socket },
            "close" => StepSpec::Close {
                socket,
                lingering: self.flag()?,
            },
            _ => return Err(self.bad("unknown step")),
        })
    }
}

/// Reads [`encode`]'s text back into a report (module docs: what stays empty). Errors: one
/// line naming the first line that does not read.
pub fn decode(text: &str) -> Result<ProbeReport, String> {
    let mut report: Option<ProbeReport> = None;
    let (mut version, mut tool) = (0u32, String::new());
    for (n, line) in text.lines().enumerate() {
        let mut f = Fields {
            line: n + 1,
            it: line.split('\t'),
        };
        let head = f.raw()?;
        let no_case = || format!("import text line {}: before any case", n + 1);
        match head {
            "probe" => {
                version = f.num()?;
                tool = f.text()?;
            }
            "system" => {
                report = Some(ProbeReport {
                    format: PROBE_FORMAT.to_string(),
                    version,
                    tool: std::mem::take(&mut tool),
                    system: SystemInfo {
                        version: f.text()?,
                        build: f.num()?,
                        wine: f.opt_text()?,
                        model_platform: f.platform()?,
                        date: None,
                    },
                    cases: vec![],
                    not_run: vec![],
                })
            }
            "case" => {
                let r = report.as_mut().ok_or_else(|| f.bad("before the system"))?;
                let (id, group) = (f.text()?, f.text()?);
                let platform = f.platform()?;
                let protocol = f.protocol()?.ok_or_else(|| f.bad("no protocol"))?;
                let steps = f.flag()?.then(Vec::new);
                r.cases.push(CaseReport {
                    id,
                    group,
                    scenario: Scenario {
                        platform,
                        protocol,
                        sockets: vec![],
                        steps,
                    },
                    address_map: vec![],
                    ports: vec![],
                    steps: vec![],
                });
            }
            _ => {
                let case = report
                    .as_mut()
                    .and_then(|r| r.cases.last_mut())
                    .ok_or_else(no_case)?;
                match head {
                    "socket" => {
                        let options = f
                            .raw()?
                            .split(',')
                            .filter(|o| !o.is_empty())
                            .map(|o| match o {
                                "SO_REUSEADDR" => Ok(SockOpt::ReuseAddr),
                                "SO_EXCLUSIVEADDRUSE" => Ok(SockOpt::ExclusiveAddrUse),
                                _ => Err(f.bad("unknown option")),
                            })
                            .collect::<Result<Vec<_>, _>>()?;
                        let spec = SocketSpec {
                            options,
                            address: f.text()?,
                            port: f.num()?,
                            account: f.text()?,
                            admin: f.flag()?,
                            protocol: f.protocol()?,
                            dual_stack: f.flag()?,
                            preset: f.opt_text()?,
                            groups: f.it.by_ref().map(unescape).collect(),
                        };
                        case.scenario.sockets.push(spec);
                    }
                    "step" => {
                        let op = f.op()?;
                        case.scenario
                            .steps
                            .as_mut()
                            .ok_or_else(|| f.bad("step without a timeline"))?
                            .push(op);
                    }
                    "result" => case.steps.push(StepReport {
                        step: f.num()?,
                        not_run: f.opt_text()?,
                        op: f.op()?,
                        model: None,
                        observed: None,
                        agrees: None,
                    }),
                    "seen" => {
                        let o = Observed {
                            call: f.text()?,
                            result: f.text()?,
                            code: f.num()?,
                            receivers: match f.raw()? {
                                "-" => None,
                                v => Some(
                                    v.strip_prefix('=')
                                        .ok_or_else(|| f.bad("bad optional field"))?
                                        .split(',')
                                        .filter(|x| !x.is_empty())
                                        .map(|x| x.parse().map_err(|_| f.bad("not a number")))
                                        .collect::<Result<Vec<usize>, _>>()?,
                                ),
                            },
                        };
                        case.steps
                            .last_mut()
                            .ok_or_else(|| f.bad("before any result"))?
                            .observed = Some(o);
                    }
                    _ => return Err(f.bad("unknown record")),
                }
            }
        }
    }
    report.ok_or_else(|| "import text: no system line".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::{parse_report, MapEntry, MapSource, NotRunCase, PortEntry};

    /// What [`encode`] leaves out, cleared: the page's view of a report.
    fn kept(mut r: ProbeReport) -> ProbeReport {
        r.system.date = None;
        r.not_run.clear();
        for c in &mut r.cases {
            c.address_map.clear();
            c.ports.clear();
            for st in &mut c.steps {
                st.model = None;
                st.agrees = None;
            }
        }
        r
    }

    fn tricky() -> ProbeReport {
        let scenario = crate::parse_scenario(
            r#"{"platform":"windows-vista","protocol":"udp","sockets":[
            {"options":["SO_REUSEADDR","SO_EXCLUSIVEADDRUSE"],"address":"a\tb\\n\nc=-","port":0,"account":"-","admin":false,"protocol":"tcp","groups":["239.1.1.1","x,y\ty"]},
            {"preset":"dotnet-tcplistener-ipv6any","port":65535,"account":"=été 通訊端"},
            {"address":"::","port":5150,"dual_stack":true}],
            "steps":[{"op":"setsockopt","socket":0},{"op":"bind","socket":99},{"op":"listen","socket":1},
            {"op":"close","socket":0,"lingering":true},{"op":"close","socket":2},{"op":"expire","socket":0},
            {"op":"send","to":"10.0.0.1"},{"op":"send","to":"-","port":0,"protocol":"tcp"}]}"#,
        )
        .unwrap();
        let no_steps = crate::parse_scenario(
            r#"{"platform":"windows-7","sockets":[{"address":"","port":1}]}"#,
        )
        .unwrap();
        let seen = |receivers| Observed {
            call: "setsockopt SO_REUSEADDR".into(),
            result: "WSA error 1\\".into(),
            code: 1,
            receivers,
        };
        ProbeReport {
            format: PROBE_FORMAT.into(),
            version: 1,
            tool: "tool\twith\ntabs".into(),
            system: SystemInfo {
                version: "10.0".into(),
                build: u32::MAX,
                wine: Some("-".into()),
                model_platform: Platform::WindowsXp,
                date: Some("2026-11-30".into()),
            },
            cases: vec![
                CaseReport {
                    id: "a/b\\c".into(),
                    group: String::new(),
                    steps: scenario
                        .steps
                        .iter()
                        .flatten()
                        .enumerate()
                        .map(|(i, op)| StepReport {
                            step: i,
                            op: op.clone(),
                            model: None,
                            observed: match i % 4 {
                                0 => None,
                                1 => Some(seen(None)),
                                2 => Some(seen(Some(vec![]))),
                                _ => Some(seen(Some(vec![0, 2, 1]))),
                            },
                            not_run: (i % 3 == 0).then(|| format!("why\t{i}")),
                            agrees: Some(true),
                        })
                        .collect(),
                    scenario,
                    address_map: vec![MapEntry {
                        scenario: "10.0.0.1".into(),
                        local: None,
                        source: MapSource::None,
                    }],
                    ports: vec![PortEntry {
                        scenario: 1,
                        local: 2,
                    }],
                },
                CaseReport {
                    id: "empty".into(),
                    group: "g".into(),
                    scenario: no_steps,
                    address_map: vec![],
                    ports: vec![],
                    steps: vec![],
                },
            ],
            not_run: vec![NotRunCase {
                id: "x".into(),
                group: "y".into(),
                reason: "z".into(),
            }],
        }
    }

    #[test]
    fn every_kept_field_reads_back_exactly() {
        let r = tricky();
        assert_eq!(decode(&encode(&r)).unwrap(), kept(r.clone()));
        let wine_none = ProbeReport {
            system: SystemInfo {
                wine: None,
                ..r.system.clone()
            },
            cases: vec![],
            ..r
        };
        assert_eq!(decode(&encode(&wine_none)).unwrap(), kept(wine_none));
    }

    #[test]
    fn committed_style_result_files_read_back_and_recheck_the_same() {
        for f in ["fixture-a", "fixture-b", "fixture-c", "fixture-wine"] {
            let path = format!(
                "{}/tests/fixtures/windows-results/{f}.json",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap();
            let mut direct = parse_report(&text).unwrap();
            assert!(!direct.cases.is_empty(), "{f}");
            let mut via = decode(&encode(&direct)).unwrap();
            assert_eq!(via, kept(direct.clone()), "{f}");
            direct.recheck().unwrap();
            via.recheck().unwrap();
            assert_eq!(via, kept_but_models(direct), "{f}");
        }
    }

    /// [`kept`], but with the recomputed model answers and agreement left in.
    fn kept_but_models(r: ProbeReport) -> ProbeReport {
        let mut k = kept(r.clone());
        for (c, rc) in k.cases.iter_mut().zip(&r.cases) {
            for (st, rs) in c.steps.iter_mut().zip(&rc.steps) {
                st.model = rs.model.clone();
                st.agrees = rs.agrees;
            }
        }
        k
    }

    #[test]
    fn bad_text_is_one_line_never_a_panic() {
        let good = encode(&tricky());
        for bad in [
            String::new(),
            "case\tx\tg\twindows-7\ttcp\t0".into(),
            "probe\t1\tt\nsystem\t10.0\tx\t-\twindows-7".into(),
            "probe\t1\tt\nsystem\t10.0\t1\t-\twindows-99".into(),
            "probe\t1\tt\nsystem\t10.0\t1\t?\twindows-7".into(),
            "probe\t1\tt\nsystem\t10.0\t1\t-\twindows-7\nsocket\t\ta\t1\tu\t1\t-\t0\t-".into(),
            good.replace("\nseen\t", "\nseen\tx\n"),
            good.replace("send\t", "sent\t"),
            good.replace("close\t0\t1", "close\t0\t2"),
            good.replace("SO_REUSEADDR", "SO_KEEPALIVE"),
            good.replace("\tudp\t", "\tsctp\t"),
            good.replace("=0,2,1", "=0,x"),
            good.replace(
                "case\tempty\tg\twindows-7\ttcp\t0",
                "case\tempty\tg\twindows-7\ttcp\t0\nstep\tbind\t0",
            ),
            format!("{good}oops\n"),
        ] {
            let e = decode(&bad).unwrap_err();
            assert!(!e.is_empty() && !e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn reader_errors_cross_to_the_page_typed_and_exact() {
        for r in ReportReason::ALL {
            let e = ReportError {
                at: (r == ReportReason::NotJson).then_some((3, 9)),
                ..ReportError::new(r, "cases[0].id\t\\x\n", "é\t\"v\"\r\\")
            };
            let line = encode_error(&e);
            assert!(!line.contains('\n'), "{line}");
            assert_eq!(decode_error(&line), Some(e));
        }
        for other in [
            "",
            "not UTF-8 text",
            "error\tno-such\tf\tv\t0\t0",
            "error\ttoo-large\tf\tv\t0",
        ] {
            assert_eq!(decode_error(other), None, "{other}");
        }
    }
}
