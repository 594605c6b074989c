//! Whether the calling thread is running async code, where blocking it would stall a runtime.

use std::task::{Context, Poll, Waker};

/// More than any budget tokio hands out (it is a `u8`, starting at 128 per poll).
const PROBE_LIMIT: usize = 256;

/// True inside an async task or a runtime's `block_on`: there a blocking call would hold up
/// every other task of that thread (or, on a current-thread runtime, all of them).
///
/// Tokio gives the code it polls (tasks and `block_on` futures) a finite cooperative budget,
/// while `spawn_blocking` closures and plain threads, even ones that entered a runtime with
/// `Handle::enter`, run unconstrained. The probe spends budget until it runs out (async code)
/// or clearly has no limit (blocking is fine), then gives back every unit it spent: each
/// `RestoreOnPending` resets the budget to what it was before its own step, so dropping them
/// newest first leaves it exactly as found.
pub(crate) fn inside_async_code() -> bool {
    if tokio::runtime::Handle::try_current().is_err() {
        return false;
    }
    let mut context = Context::from_waker(Waker::noop());
    let mut spent = Vec::with_capacity(PROBE_LIMIT);
    let constrained = loop {
        if spent.len() >= PROBE_LIMIT {
            break false;
        }
        match tokio::task::coop::poll_proceed(&mut context) {
            Poll::Ready(step) => spent.push(step),
            Poll::Pending => break true,
        }
    };
    while let Some(step) = spent.pop() {
        drop(step);
    }
    constrained
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_thread_may_block() {
        assert!(!inside_async_code());
    }

    #[test]
    fn tasks_and_block_on_may_not_but_spawn_blocking_and_entered_threads_may() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
        assert!(runtime.block_on(async { inside_async_code() }), "block_on");
        assert!(runtime.block_on(async { tokio::spawn(async { inside_async_code() }).await.unwrap() }), "a task");
        let in_spawn_blocking = runtime.block_on(runtime.spawn_blocking(inside_async_code)).unwrap();
        assert!(!in_spawn_blocking, "spawn_blocking");
        let _entered = runtime.enter();
        assert!(!inside_async_code(), "a thread that entered the runtime");
    }

    #[test]
    fn the_probe_gives_back_the_budget_it_spent() {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let mut context = Context::from_waker(Waker::noop());
            // Spend all but one unit; the probe must leave exactly that one.
            let mut held = Vec::new();
            for _ in 0..127 {
                match tokio::task::coop::poll_proceed(&mut context) {
                    Poll::Ready(step) => {
                        step.made_progress();
                        held.push(step);
                    }
                    Poll::Pending => panic!("the budget ran out early"),
                }
            }
            assert!(inside_async_code());
            match tokio::task::coop::poll_proceed(&mut context) {
                Poll::Ready(last) => last.made_progress(),
                Poll::Pending => panic!("the probe kept a unit of budget"),
            }
            assert!(
                tokio::task::coop::poll_proceed(&mut context).is_pending(),
                "the probe gave back more than it spent"
            );
        });
    }
}
