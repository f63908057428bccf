//! What storage tells the user about, without depending on the UI: the app subscribes with
//! [`listen`] and turns each [`Notice`] into a message (the update banner, a waiting notice).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Something the user should hear about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Opening the database waits for other tabs to close their (older) connection.
    Blocked,
    /// The wait for other tabs is over (the database opened, or the app gave up waiting).
    Unblocked,
    /// Another tab opened the database at a newer version (or deleted it): this tab saved its
    /// pending draft edits and closed its connection; it runs old code and should reload.
    NewerVersionElsewhere,
}

type Listener = Rc<dyn Fn(Notice)>;

thread_local! {
    static LISTENERS: RefCell<Vec<(u64, Listener)>> = const { RefCell::new(Vec::new()) };
    static NEXT_KEY: Cell<u64> = const { Cell::new(0) };
}

/// A subscription; dropping it stops the notices.
#[must_use = "the listener is removed when this is dropped"]
pub struct Subscription(u64);

impl Drop for Subscription {
    fn drop(&mut self) {
        let key = self.0;
        LISTENERS.with(|l| l.borrow_mut().retain(|(k, _)| *k != key));
    }
}

impl Subscription {
    /// Keeps the listener for the life of the page.
    pub fn forever(self) {
        std::mem::forget(self);
    }
}

/// Calls `listener` with every notice until the returned [`Subscription`] is dropped.
pub fn listen(listener: impl Fn(Notice) + 'static) -> Subscription {
    let key = NEXT_KEY.with(|n| {
        let key = n.get();
        n.set(key + 1);
        key
    });
    LISTENERS.with(|l| l.borrow_mut().push((key, Rc::new(listener))));
    Subscription(key)
}

/// Tells every listener.
pub(crate) fn send(notice: Notice) {
    let listeners: Vec<Listener> =
        LISTENERS.with(|l| l.borrow().iter().map(|(_, f)| Rc::clone(f)).collect());
    for listener in listeners {
        listener(notice);
    }
}
