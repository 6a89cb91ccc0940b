//! How many requests are in flight: a cap that adapts to the server.

/// Caps the requests in flight and adapts the cap to the server: halved when it answers 503
/// or 429 (a SQLite-backed server under concurrent writes), grown by one after as many
/// successes as the cap, never above the configured maximum — nor, once the server was busy
/// at some cap, back up to that cap (so a SQLite server settles where it is not overrun,
/// measured by scripts/bench.sh: 2 in flight rather than 4, a quarter faster).
#[derive(Debug)]
pub(super) struct Gate {
    state: std::sync::Mutex<State>,
    wake: tokio::sync::Notify,
}

#[derive(Debug)]
struct State {
    limit: usize,
    max: usize,
    in_flight: usize,
    successes: usize,
    /// The ceiling was lowered since the last success: the rest of a burst of busy answers
    /// (requests sent together) says nothing new.
    lowered: bool,
}

impl Gate {
    pub(super) fn new(max: usize) -> Self {
        let max = max.max(1);
        Self {
            state: std::sync::Mutex::new(State {
                limit: max,
                max,
                in_flight: 0,
                successes: 0,
                lowered: false,
            }),
            wake: tokio::sync::Notify::new(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a free place.
    pub(super) async fn enter(&self) {
        loop {
            let notified = self.wake.notified();
            {
                let mut s = self.state();
                if s.in_flight < s.limit {
                    s.in_flight += 1;
                    return;
                }
            }
            notified.await;
        }
    }

    /// Gives the place back of a request dropped before it was answered: it says nothing of
    /// the server.
    pub(super) fn abandon(&self) {
        self.state().in_flight -= 1;
        self.wake.notify_waiters();
    }

    /// Gives the place back; `congested` when the server said it was busy.
    pub(super) fn leave(&self, congested: bool) {
        let mut s = self.state();
        s.in_flight -= 1;
        if congested {
            if !s.lowered {
                s.max = s.max.min(s.limit.saturating_sub(1).max(1));
                s.lowered = true;
            }
            let lower = (s.limit / 2).max(1);
            if lower < s.limit {
                tracing::debug!("the server is busy: at most {lower} requests in flight now");
            }
            s.limit = lower;
            s.successes = 0;
        } else {
            s.lowered = false;
            s.successes += 1;
            if s.successes >= s.limit && s.limit < s.max {
                s.limit += 1;
                s.successes = 0;
            }
        }
        drop(s);
        self.wake.notify_waiters();
    }

    #[cfg(test)]
    fn limit(&self) -> usize {
        self.state().limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_gate_halves_on_congestion_and_grows_back_below_where_it_was_busy() {
        let gate = Gate::new(8);
        gate.enter().await;
        gate.leave(true);
        assert_eq!(gate.limit(), 4);
        // The rest of the burst: halved each time, and the ceiling lowered once (to 7).
        for _ in 0..3 {
            gate.enter().await;
            gate.leave(true);
        }
        assert_eq!(gate.limit(), 1, "never below one");
        for _ in 0..(1 + 2 + 3 + 4) {
            gate.enter().await;
            gate.leave(false);
        }
        assert_eq!(
            gate.limit(),
            5,
            "one more after as many successes as the limit"
        );
        for _ in 0..100 {
            gate.enter().await;
            gate.leave(false);
        }
        assert_eq!(gate.limit(), 7, "never back to the cap that was busy");
        // Busy again at 7: the ceiling is 6 from now on.
        gate.enter().await;
        gate.leave(true);
        for _ in 0..100 {
            gate.enter().await;
            gate.leave(false);
        }
        assert_eq!(gate.limit(), 6);
        assert_eq!(
            Gate::new(4).limit(),
            4,
            "a server never busy keeps the maximum"
        );
    }

    #[tokio::test]
    async fn a_place_given_back_by_a_dropped_request_lets_the_next_one_in() {
        let gate = Gate::new(2);
        gate.enter().await;
        gate.leave(true);
        assert_eq!(gate.limit(), 1);
        gate.enter().await;
        gate.abandon();
        let next = tokio::time::timeout(std::time::Duration::from_secs(1), gate.enter()).await;
        assert!(next.is_ok(), "the one place is free again");
        assert_eq!(
            gate.limit(),
            1,
            "a dropped request says nothing of the server"
        );
    }
}
