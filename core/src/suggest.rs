//! Suggestions for the timeline editor's "+" buttons, decided from what the timeline does.

use crate::scenario::TimelineEntry;
use crate::socket::Protocol;

/// The socket a new `listen` step should name: the lowest-numbered socket that holds a TCP
/// binding at the end of the timeline and is not yet listening.
///
/// In: the scenario's timeline ([`crate::Scenario::run`]). Out: `None` when every bound TCP
/// socket already listens or nothing is bound (then the editor keeps its own default).
pub fn next_to_listen(timeline: &[TimelineEntry]) -> Option<usize> {
    timeline
        .last()?
        .port_table
        .iter()
        .filter(|b| b.protocol == Protocol::Tcp && !b.listening && !b.lingering)
        .map(|b| b.socket)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;

    fn pick(json: &str) -> Option<usize> {
        next_to_listen(&parse_scenario(json).unwrap().run().unwrap())
    }

    #[test]
    fn picks_the_next_bound_socket_that_is_not_listening() {
        let two = r#"{"platform":"windows-7","sockets":[
            {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":80},
            {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":80}]"#;
        assert_eq!(pick(&format!("{two}}}")), Some(0));
        let one_listens = format!(
            r#"{two},"steps":[{{"op":"bind","socket":0}},{{"op":"bind","socket":1}},{{"op":"listen","socket":0}}]}}"#
        );
        assert_eq!(pick(&one_listens), Some(1));
        let both = format!(
            r#"{two},"steps":[{{"op":"bind","socket":0}},{{"op":"bind","socket":1}},{{"op":"listen","socket":0}},{{"op":"listen","socket":1}}]}}"#
        );
        assert_eq!(pick(&both), None);
    }

    #[test]
    fn skips_refused_udp_and_closed_sockets() {
        // Socket 1 is refused (exclusive wildcard held by another user): never a candidate.
        assert_eq!(
            pick(
                r#"{"platform":"windows-7","sockets":[
                {"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":80},
                {"address":"10.0.0.1","port":80,"account":"b"}],
                "steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"bind","socket":1}]}"#
            ),
            None
        );
        assert_eq!(
            pick(
                r#"{"platform":"windows-7","protocol":"udp","sockets":[{"address":"0.0.0.0","port":80}]}"#
            ),
            None
        );
        assert_eq!(
            pick(
                r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":80},{"address":"10.0.0.1","port":80}],
                "steps":[{"op":"bind","socket":0},{"op":"bind","socket":1},{"op":"close","socket":0}]}"#
            ),
            Some(1)
        );
    }
}
