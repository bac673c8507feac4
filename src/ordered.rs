//! Work shared out between threads and handed back in order: item `i` of `0..items` is made
//! by whichever worker is free (each with a state of its own, e.g. a database connection),
//! and the caller's thread is given the results in the order of `i`. A worker takes an item
//! only while it is fewer than `ahead` items in front of what the caller has been given, so
//! memory stays that of a few items whatever their number.
//!
//! Uneven items balance themselves: a worker with a short item takes the next one, where a
//! fixed share (every other item) left one core idle while the other finished a long one.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

use crate::error::Error;

/// Every worker stopped before the last item was handed back: only a worker's panic does
/// that, and the scope passes the panic on; this error is what the caller would otherwise
/// see.
#[derive(Debug)]
pub struct WorkersStopped;

impl From<WorkersStopped> for Error {
    fn from(_: WorkersStopped) -> Error {
        Error::io("parallel work", std::io::Error::other("a worker stopped"))
    }
}

/// How far the caller has got, and whether the work was given up.
struct Gate {
    state: Mutex<(usize, bool)>,
    moved: Condvar,
}

impl Gate {
    fn set(&self, change: impl FnOnce(&mut (usize, bool))) {
        change(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner));
        self.moved.notify_all();
    }

    /// Waits until item `i` may be made; false once the work is given up.
    fn wait_for(&self, i: usize, ahead: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while !state.1 && i >= state.0 + ahead {
            state = self.moved.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        !state.1
    }
}

/// Gives the work up when dropped early: by the caller's error, or a worker's panic. Workers
/// waiting at the gate then stop instead of waiting for an item that will not come.
struct GiveUpOnDrop<'a> {
    gate: &'a Gate,
    armed: bool,
}

impl Drop for GiveUpOnDrop<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.gate.set(|state| state.1 = true);
        }
    }
}

/// Makes items `0..items` on `workers` threads, each with the state `init` gives it, and hands
/// them to `each` in order on this thread. The first error (in the order of the items) is
/// returned, of the callers' own error type, and the rest of the work given up.
pub fn in_order<S, T: Send, E: Send + From<WorkersStopped>>(
    items: usize,
    workers: usize,
    ahead: usize,
    init: impl Fn() -> Result<S, E> + Sync,
    work: impl Fn(&mut S, usize) -> Result<T, E> + Sync,
    mut each: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let ahead = ahead.max(1);
    let gate = Gate { state: Mutex::new((0, false)), moved: Condvar::new() };
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::channel::<(usize, Result<T, E>)>();
    std::thread::scope(|threads| {
        for _ in 0..workers.clamp(1, items.max(1)) {
            let (send, gate, next, init, work) = (send.clone(), &gate, &next, &init, &work);
            threads.spawn(move || {
                // Disarmed on every way out but a panic.
                let mut give_up = GiveUpOnDrop { gate, armed: true };
                let mut state = match init() {
                    Ok(state) => state,
                    Err(e) => {
                        // Said in the place of the first item this worker would have made.
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i < items {
                            let _ = send.send((i, Err(e)));
                        }
                        give_up.armed = false;
                        return;
                    }
                };
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items || !gate.wait_for(i, ahead) {
                        break;
                    }
                    let made = work(&mut state, i);
                    let failed = made.is_err();
                    if send.send((i, made)).is_err() || failed {
                        break;
                    }
                }
                give_up.armed = false;
            });
        }
        drop(send);
        let mut give_up = GiveUpOnDrop { gate: &gate, armed: true };
        let mut waiting = std::collections::BTreeMap::new();
        let mut given = 0;
        while given < items {
            let (i, made) = receive.recv().map_err(|_| WorkersStopped)?;
            waiting.insert(i, made);
            while let Some(made) = waiting.remove(&given) {
                each(made?)?;
                given += 1;
                gate.set(|state| state.0 = given);
            }
        }
        give_up.armed = false;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    /// A worker's state: none, and the crate's error type for the items.
    fn start() -> Result<(), Error> {
        Ok(())
    }

    #[test]
    fn items_come_back_in_order_however_long_each_takes() {
        let mut got = Vec::new();
        in_order(
            40,
            3,
            4,
            start,
            |(), i| {
                // Uneven items: some finish long after the ones after them.
                std::thread::sleep(Duration::from_millis(if i % 7 == 0 { 15 } else { 1 }));
                Ok(i * 10)
            },
            |v| {
                got.push(v);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(got, (0..40).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn workers_stay_within_their_lead() {
        let given = AtomicUsize::new(0);
        let furthest = AtomicUsize::new(0);
        in_order(
            30,
            2,
            3,
            start,
            |(), i| {
                furthest.fetch_max(i.saturating_sub(given.load(Ordering::SeqCst)), Ordering::SeqCst);
                Ok(i)
            },
            |_| {
                std::thread::sleep(Duration::from_millis(2));
                given.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        assert!(furthest.load(Ordering::SeqCst) < 3, "{}", furthest.load(Ordering::SeqCst));
    }

    #[test]
    fn the_first_error_in_order_is_returned_and_the_rest_given_up() {
        let made_after = AtomicBool::new(false);
        let mut got = Vec::new();
        let err = in_order(
            1000,
            2,
            2,
            start,
            |(), i| {
                if i > 20 {
                    made_after.store(true, Ordering::SeqCst);
                }
                if i == 5 {
                    Err(Error::BadArgument("item 5".into()))
                } else {
                    Ok(i)
                }
            },
            |v| {
                got.push(v);
                Ok(())
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "item 5");
        assert_eq!(got, [0, 1, 2, 3, 4]);
        assert!(!made_after.load(Ordering::SeqCst), "workers went on long after the error");

        // The caller's own error stops the workers too (no deadlock at the gate).
        let err = in_order(
            1000,
            2,
            2,
            start,
            |(), i| Ok(i),
            |v| {
                if v == 3 {
                    Err(Error::BadArgument("stop".into()))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "stop");
    }

    #[test]
    fn a_worker_that_cannot_start_is_an_error() {
        let err =
            in_order(5, 2, 2, || Err::<(), _>(Error::BadArgument("no connection".into())), |(), i| Ok(i), |_| Ok(()))
                .unwrap_err();
        assert_eq!(err.to_string(), "no connection");
        let mut count = 0;
        in_order(
            0,
            2,
            2,
            start,
            |(), i| Ok(i),
            |_| {
                count += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn a_worker_panic_is_passed_on_not_waited_for() {
        let result = std::panic::catch_unwind(|| {
            in_order(
                100,
                2,
                2,
                start,
                |(), i| {
                    assert!(i != 7, "worker panics on 7");
                    Ok(i)
                },
                |_| Ok(()),
            )
        });
        assert!(result.is_err() || result.is_ok_and(|r| r.is_err()));
    }
}
