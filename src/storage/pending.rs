//! Draft writes that are not committed yet, so a reload for an update can wait for them.
//!
//! Pages that edit drafts register a flush (the debounced save, run now) with [`register`] and
//! count each IndexedDB write with [`begin`]; [`flush_all`] runs every flush and resolves once
//! no counted write is left. The database connection does the same before it closes for another
//! tab's upgrade (see [`super::Storage`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

type Flush = Rc<dyn Fn()>;

thread_local! {
    static FLUSHES: RefCell<Vec<(u64, Flush)>> = const { RefCell::new(Vec::new()) };
    static NEXT_KEY: Cell<u64> = const { Cell::new(0) };
    static IN_FLIGHT: Cell<usize> = const { Cell::new(0) };
}

/// How often [`flush_all`] looks whether the writes are done.
const POLL_MS: u32 = 20;

/// A registered flush; dropping it unregisters the flush.
#[must_use = "the flush is unregistered when this is dropped"]
pub struct Registration(u64);

impl Drop for Registration {
    fn drop(&mut self) {
        let key = self.0;
        FLUSHES.with(|f| f.borrow_mut().retain(|(k, _)| *k != key));
    }
}

/// Registers `flush`, run by [`flush_all`] until the returned [`Registration`] is dropped.
pub fn register(flush: impl Fn() + 'static) -> Registration {
    let key = NEXT_KEY.with(|n| {
        let key = n.get();
        n.set(key + 1);
        key
    });
    FLUSHES.with(|f| f.borrow_mut().push((key, Rc::new(flush))));
    Registration(key)
}

/// One write in flight, counted from now until this guard is dropped. Take it before
/// spawning the write, so [`flush_all`] sees it even before the task first runs.
#[must_use = "the write counts as done when this is dropped"]
pub struct Write(());

impl Drop for Write {
    fn drop(&mut self) {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Counts a write as in flight until the returned guard is dropped.
pub fn begin() -> Write {
    IN_FLIGHT.with(|n| n.set(n.get() + 1));
    Write(())
}

/// Writes in flight now.
pub fn in_flight() -> usize {
    IN_FLIGHT.with(Cell::get)
}

/// Runs every registered flush now; the writes they start are counted by [`begin`].
pub fn run_flushes() {
    let flushes: Vec<Flush> = FLUSHES.with(|f| f.borrow().iter().map(|(_, f)| f.clone()).collect());
    for flush in flushes {
        flush();
    }
}

/// Resolves once no write is in flight.
pub async fn settled() {
    while in_flight() > 0 {
        gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
    }
}

/// Runs every registered flush, then waits until no write is in flight.
pub async fn flush_all() {
    run_flushes();
    settled().await;
}
