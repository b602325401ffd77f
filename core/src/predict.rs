//! Predict, then reveal: what a learner can pick for one step of a scenario, the answer the
//! core computes for it, and the grading of a pick.
//!
//! A step can be asked when it has something to predict:
//! - a call (`setsockopt`, `bind`, `listen`): success, `WSAEADDRINUSE`, `WSAEACCES`,
//!   `WSAEINVAL`, or another error ([`Choice::OtherError`] stands for `WSAENOPROTOOPT`,
//!   `WSAENOTSOCK`, `WSAEOPNOTSUPP`);
//! - a `send`: which socket receives ([`Choice::Receiver`]), nobody ([`Choice::NoReceiver`]),
//!   one of several but nobody can tell which ([`Choice::CannotTell`]), or every member of a
//!   multicast group ([`Choice::EveryMember`]).
//!
//! `close` and `expire` steps have nothing to predict ([`AskError::NothingToPredict`]).
//!
//! The answer is never stored anywhere: [`answer`] runs the scenario and reads the step's
//! verdict. The best-known choice comes from the evidence ladder ([`crate::known`]) through
//! the verdict's `result`; the article's choice ([`Answer::documented`]) is given only where it
//! differs. The rule comes from the rule table ([`crate::rules`]) for calls and from
//! [`DeliveryRule`] for sends; its explanation is a catalog key ([`crate::text`]).
//!
//! How the page uses it (predict mode on any scenario):
//! 1. the step to ask: [`default_ask`] (or a lesson question's [`crate::lesson::Question::ask`]);
//! 2. the buttons: [`choices`], labelled by [`Choice::label`] (catalog keys `choice-…`);
//! 3. on a pick: [`answer_in`] on the timeline the page already ran (or [`answer`]), then
//!    [`Answer::grade`]; reveal [`Grade::correct`], [`Answer::best`], [`Answer::documented`]
//!    (the article's answer, shown beside it), the rule in words
//!    ([`Answer::explanation_key`]) and the cell ([`Answer::table`]).
//!
//! Lessons ([`crate::lesson`]): `Lesson::parse(text)` (errors name the field),
//! [`crate::lesson::course`], [`crate::lesson::Question::link_at_step`] for replay links,
//! [`crate::lesson::Lesson::key`] for saved progress. Drills ([`crate::drill`]):
//! `drill(seed, 20, &platforms)`, or [`crate::drill::random_question`] one at a time.

use serde::{Deserialize, Serialize};

use crate::delivery::{DeliveryRule, Receivers};
use crate::error::InputError;
use crate::evidence::Evidence;
use crate::result::BindResult;
use crate::rules::Rule;
use crate::scenario::{Outcome, Scenario, StepSpec, TimelineEntry};
use crate::tables::TableRef;

/// What a learner can predict for one step.
///
/// Serialized (and in [`Choice::id`]) as `success`, `WSAEADDRINUSE`, `WSAEACCES`,
/// `WSAEINVAL`, `other-error`, `socket-N` (0-based scenario index), `none`, `cannot-tell`,
/// `every-member`. Its label is the catalog key [`Choice::label_key`] (with `$n`, 1-based,
/// for `socket-N`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Choice {
    /// The call succeeds.
    Success,
    /// `WSAEADDRINUSE` (10048).
    AddrInUse,
    /// `WSAEACCES` (10013).
    Access,
    /// `WSAEINVAL` (10022).
    Inval,
    /// Any other error (`WSAENOPROTOOPT`, `WSAENOTSOCK`, `WSAEOPNOTSUPP`).
    OtherError,
    /// Socket N (0-based scenario index) receives the connection or datagram.
    Receiver(usize),
    /// Nobody receives it (a TCP connection is reset, a UDP datagram dropped).
    NoReceiver,
    /// Several sockets could receive it and nobody can tell which one does.
    CannotTell,
    /// Every socket that joined the multicast group gets a copy.
    EveryMember,
}

/// The kind of step asked: a call's result, or a send's receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AskKind {
    /// `setsockopt`, `bind` or `listen`: success or an error.
    Call,
    /// `send`: who receives.
    Send,
}

impl Choice {
    /// The five choices offered for a call step, in display order.
    pub const CALL_CHOICES: [Choice; 5] = [
        Choice::Success,
        Choice::AddrInUse,
        Choice::Access,
        Choice::Inval,
        Choice::OtherError,
    ];

    /// The choice a Winsock result falls under.
    pub fn from_result(r: BindResult) -> Choice {
        match r {
            BindResult::Success => Choice::Success,
            BindResult::AddrInUse => Choice::AddrInUse,
            BindResult::Access => Choice::Access,
            BindResult::Inval => Choice::Inval,
            BindResult::NoProtoOpt | BindResult::NotSock | BindResult::OpNotSupp => {
                Choice::OtherError
            }
        }
    }

    /// The choice a reading of a send falls under: nobody (determinate and empty), cannot
    /// tell (indeterminate), the one receiver, or every member (several receivers: multicast).
    pub fn from_receivers(r: &Receivers) -> Choice {
        if !r.determinate {
            return Choice::CannotTell;
        }
        match r.sockets.as_slice() {
            [] => Choice::NoReceiver,
            [k] => Choice::Receiver(*k),
            _ => Choice::EveryMember,
        }
    }

    /// The stable id (see the type docs), e.g. `WSAEACCES`, `socket-1`, `cannot-tell`.
    pub fn id(self) -> String {
        match self {
            Choice::Success => "success".into(),
            Choice::AddrInUse => "WSAEADDRINUSE".into(),
            Choice::Access => "WSAEACCES".into(),
            Choice::Inval => "WSAEINVAL".into(),
            Choice::OtherError => "other-error".into(),
            Choice::Receiver(k) => format!("socket-{k}"),
            Choice::NoReceiver => "none".into(),
            Choice::CannotTell => "cannot-tell".into(),
            Choice::EveryMember => "every-member".into(),
        }
    }

    /// Parses an id as produced by [`Choice::id`]; `None` if unknown. `socket-N` accepts
    /// N up to [`crate::scenario::MAX_SOCKETS`] − 1.
    pub fn parse_id(id: &str) -> Option<Choice> {
        Some(match id {
            "success" => Choice::Success,
            "WSAEADDRINUSE" => Choice::AddrInUse,
            "WSAEACCES" => Choice::Access,
            "WSAEINVAL" => Choice::Inval,
            "other-error" => Choice::OtherError,
            "none" => Choice::NoReceiver,
            "cannot-tell" => Choice::CannotTell,
            "every-member" => Choice::EveryMember,
            other => {
                let n = other.strip_prefix("socket-")?;
                if n.is_empty() || n.len() > 2 || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let k: usize = n.parse().ok()?;
                if k >= crate::scenario::MAX_SOCKETS || (n.len() > 1 && n.starts_with('0')) {
                    return None;
                }
                Choice::Receiver(k)
            }
        })
    }

    /// The catalog key of the choice's label: `choice-success`, `choice-wsaeaddrinuse`,
    /// `choice-wsaeacces`, `choice-wsaeinval`, `choice-other-error`, `choice-socket` (takes
    /// `$n`, the 1-based socket number: see [`Choice::label_args`]), `choice-none`,
    /// `choice-cannot-tell`, `choice-every-member`.
    pub fn label_key(self) -> &'static str {
        match self {
            Choice::Success => "choice-success",
            Choice::AddrInUse => "choice-wsaeaddrinuse",
            Choice::Access => "choice-wsaeacces",
            Choice::Inval => "choice-wsaeinval",
            Choice::OtherError => "choice-other-error",
            Choice::Receiver(_) => "choice-socket",
            Choice::NoReceiver => "choice-none",
            Choice::CannotTell => "choice-cannot-tell",
            Choice::EveryMember => "choice-every-member",
        }
    }

    /// The arguments of [`Choice::label_key`]: `n` (counted from 0, like the page and the link form's `s0`) for a receiver, else none.
    pub fn label_args(self) -> Vec<(&'static str, String)> {
        match self {
            Choice::Receiver(k) => vec![("n", k.to_string())],
            _ => vec![],
        }
    }

    /// The label in `lang`, e.g. `Socket 1 receives it` for `Receiver(1)` (from the catalogs).
    pub fn label(self, lang: crate::text::Lang) -> String {
        crate::text::message(lang, self.label_key(), &self.label_args())
    }
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.id())
    }
}

impl Serialize for Choice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

impl<'de> Deserialize<'de> for Choice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Choice::parse_id(&id)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown choice {id:?}")))
    }
}

/// The rule behind an answer: a row of the rule table (calls) or a delivery rule (sends).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnswerRule {
    /// A `setsockopt`/`bind`/`listen` rule ([`crate::rules::RULES`]).
    Call(Rule),
    /// A delivery rule ([`DeliveryRule`]).
    Delivery(DeliveryRule),
}

impl AnswerRule {
    /// The rule's stable id (`reuse-needs-first-consent`, `specific-beats-wildcard`, …).
    pub fn id(self) -> &'static str {
        match self {
            AnswerRule::Call(r) => r.id(),
            AnswerRule::Delivery(r) => r.id(),
        }
    }

    /// The catalog key of its explanation, "the rule in words": `rule-<id>` or
    /// `delivery-<id>`.
    pub fn explanation_key(self) -> String {
        match self {
            AnswerRule::Call(r) => r.explanation_key().to_string(),
            AnswerRule::Delivery(r) => r.explanation_key(),
        }
    }
}

impl Serialize for AnswerRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// The computed answer for one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The step asked: its index, 0-based as in verdict JSON (the page, links and lesson
    /// files show it as `step + 1`).
    pub step: usize,
    /// Call or send.
    pub kind: AskKind,
    /// The best-known answer on the scenario's platform (the verdict's `result`, chosen by
    /// the evidence ladder; for a send, the delivery's `result`).
    pub best: Choice,
    /// The article's answer, only where it differs from `best` (`None` when it agrees or is
    /// silent).
    pub documented: Option<Choice>,
    /// The rule behind `best`.
    pub rule: AnswerRule,
    /// The rule behind `documented`, when there is one and it differs from `rule`.
    pub documented_rule: Option<AnswerRule>,
    /// The exact Winsock result, for calls (`best` groups some errors as `other-error`).
    pub result: Option<BindResult>,
    /// How we know `best`.
    pub evidence: Evidence,
    /// The documented cell the article's reading comes from, when a table covers the pair
    /// (the cell to highlight on reveal).
    pub table: Option<TableRef>,
}

impl Answer {
    /// The catalog key of the explanation of `rule` ("the rule in words").
    pub fn explanation_key(&self) -> String {
        self.rule.explanation_key()
    }

    /// Grades `pick` against this answer. Never fails.
    pub fn grade(&self, pick: Choice) -> Grade {
        Grade {
            pick,
            correct: pick == self.best,
            picked_documented: self.documented == Some(pick),
            answer: self.clone(),
        }
    }
}

/// A graded pick: right or wrong, and the answer to reveal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// What the learner picked.
    pub pick: Choice,
    /// Whether it is the best-known answer.
    pub correct: bool,
    /// Whether the (wrong) pick is what the article says, where the article differs: the
    /// reveal can say "that is the article's answer; current evidence says otherwise".
    pub picked_documented: bool,
    /// The answer (best-known, documented, rule, cell).
    pub answer: Answer,
}

/// Why a step cannot be asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AskError {
    /// The scenario does not run (its validation error, field paths inside the scenario).
    Scenario(InputError),
    /// The step index is past the end of the timeline (`len` steps).
    OutOfRange {
        /// The step asked.
        step: usize,
        /// How many steps the timeline has.
        len: usize,
    },
    /// The step (`close`, `expire`) has nothing to predict.
    NothingToPredict {
        /// The step asked.
        step: usize,
        /// Its op name.
        op: &'static str,
    },
}

impl AskError {
    /// The one-line error, its field path under `prefix` (e.g. `questions[3]`): the
    /// scenario's own errors under `<prefix>.scenario.`, the step under `<prefix>.ask`. Steps
    /// are counted from 1 here, as the page, links and lesson files count them.
    pub fn error(&self, prefix: &str) -> InputError {
        let join = |f: &str| {
            if prefix.is_empty() {
                f.to_string()
            } else if f.is_empty() {
                prefix.to_string()
            } else {
                format!("{prefix}.{f}")
            }
        };
        match self {
            AskError::Scenario(e) => {
                let field = if e.field.is_empty() {
                    join("scenario")
                } else {
                    join(&format!("scenario.{}", e.field))
                };
                InputError::new(field, e.value.clone(), e.reason.clone())
            }
            AskError::OutOfRange { step, len } => InputError::new(
                join("ask"),
                (step + 1).to_string(),
                format!(
                    "no such step; the timeline has {len} step{} (counted from 1)",
                    if *len == 1 { "" } else { "s" },
                ),
            ),
            AskError::NothingToPredict { step, op } => InputError::new(
                join("ask"),
                (step + 1).to_string(),
                format!("step {} is a {op}, which has nothing to predict; ask a setsockopt, bind, listen or send step", step + 1),
            ),
        }
    }
}

impl std::fmt::Display for AskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error("").fmt(f)
    }
}

impl std::error::Error for AskError {}

/// Whether a step has something to predict (not `close` / `expire`).
pub fn askable(step: &StepSpec) -> bool {
    !matches!(step, StepSpec::Close { .. } | StepSpec::Expire { .. })
}

/// The last step of `scenario` that can be asked (the default when a lesson question names
/// none), or `None` if no step can be.
pub fn default_ask(scenario: &Scenario) -> Option<usize> {
    scenario.effective_steps().iter().rposition(askable)
}

/// The choices offered for step `step` of `scenario`: [`Choice::CALL_CHOICES`] for a call;
/// for a send, every socket of the scenario, then nobody and cannot-tell, then every-member
/// when the send is UDP to a multicast group. Empty when the step cannot be asked.
pub fn choices(scenario: &Scenario, step: usize) -> Vec<Choice> {
    let steps = scenario.effective_steps();
    match steps.get(step) {
        Some(StepSpec::Send { to, protocol, .. }) => {
            let mut out: Vec<Choice> = (0..scenario.sockets.len()).map(Choice::Receiver).collect();
            out.push(Choice::NoReceiver);
            out.push(Choice::CannotTell);
            let udp = protocol.unwrap_or(scenario.protocol) == crate::socket::Protocol::Udp;
            let multicast = to
                .trim()
                .parse::<std::net::IpAddr>()
                .is_ok_and(|a| a.is_multicast());
            if udp && multicast {
                out.push(Choice::EveryMember);
            }
            out
        }
        Some(s) if askable(s) => Choice::CALL_CHOICES.to_vec(),
        _ => vec![],
    }
}

/// The answer for step `step` (0-based) of `scenario`: runs the scenario and reads the step.
///
/// Errors: [`AskError::Scenario`] when the scenario does not validate,
/// [`AskError::OutOfRange`], [`AskError::NothingToPredict`].
pub fn answer(scenario: &Scenario, step: usize) -> Result<Answer, AskError> {
    let timeline = scenario.run().map_err(AskError::Scenario)?;
    answer_in(&timeline, step)
}

/// The answer for step `step` of a timeline already run ([`Scenario::run`]): what the page
/// uses, as it holds the timeline anyway. Errors: as [`answer`], without `Scenario`.
pub fn answer_in(timeline: &[TimelineEntry], step: usize) -> Result<Answer, AskError> {
    let entry = timeline.get(step).ok_or(AskError::OutOfRange {
        step,
        len: timeline.len(),
    })?;
    match &entry.outcome {
        Outcome::Call(v) => {
            let best = Choice::from_result(v.result);
            let documented = v.documented.map(Choice::from_result).filter(|d| *d != best);
            Ok(Answer {
                step,
                kind: AskKind::Call,
                best,
                documented,
                rule: AnswerRule::Call(v.rule),
                documented_rule: documented.and(v.documented_rule).map(AnswerRule::Call),
                result: Some(v.result),
                evidence: v.evidence,
                table: v.table,
            })
        }
        Outcome::Send(d) => {
            let best = Choice::from_receivers(&d.result);
            let doc = Choice::from_receivers(&d.documented);
            let documented = (doc != best).then_some(doc);
            Ok(Answer {
                step,
                kind: AskKind::Send,
                best,
                documented,
                rule: AnswerRule::Delivery(d.rule),
                documented_rule: (d.documented_rule != d.rule)
                    .then_some(AnswerRule::Delivery(d.documented_rule)),
                result: None,
                evidence: d.evidence,
                table: None,
            })
        }
        Outcome::Close { .. } => Err(AskError::NothingToPredict {
            step,
            op: entry.op.op(),
        }),
    }
}

/// Grades `pick` for step `step` of `scenario`: [`answer`] then [`Answer::grade`].
pub fn grade(scenario: &Scenario, step: usize, pick: Choice) -> Result<Grade, AskError> {
    Ok(answer(scenario, step)?.grade(pick))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_ids_round_trip() {
        let mut all = Choice::CALL_CHOICES.to_vec();
        all.extend([
            Choice::Receiver(0),
            Choice::Receiver(7),
            Choice::Receiver(63),
            Choice::NoReceiver,
            Choice::CannotTell,
            Choice::EveryMember,
        ]);
        for c in all {
            assert_eq!(Choice::parse_id(&c.id()), Some(c), "{c}");
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<Choice>(&json).unwrap(), c);
        }
        for bad in [
            "socket-",
            "socket-64",
            "socket-01",
            "socket-x",
            "Success",
            "",
        ] {
            assert_eq!(Choice::parse_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_result_has_a_choice() {
        for r in BindResult::ALL {
            let c = Choice::from_result(r);
            assert!(Choice::CALL_CHOICES.contains(&c));
        }
    }
}
