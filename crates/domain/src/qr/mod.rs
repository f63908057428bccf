//! QR-linked information: short, stable links `/q/{token}` printed on posters, desks and name tags.
//!
//! - [`QrToken`]: the short token (8 symbols of the receipt alphabet, ≈ 39 bits: unguessable
//!   enough for a wifi password notice, short enough to type from a poster);
//! - [`QrTarget`] / [`QrLink`]: what a token points to within one commune; staff can retire a
//!   link or redirect it to another token, and the token never changes meaning otherwise;
//! - [`resolve`]: follows redirects (bounded, loop-safe) to a [`Resolution`];
//! - [`QrLanding`]: what `GET /api/v1/q/{token}` answers and what the app renders, built the same
//!   way from the server's store and from the phone's stored catalog;
//! - [`classify_scan`]: whether a scanned text is one of our links (followed) or anything else
//!   (shown as inert text, never opened).

mod landing;
mod link;
mod scan;

pub use landing::{QrLanding, QrStatus};
pub use link::{resolve, QrLink, QrTarget, QrToken, Resolution, MAX_REDIRECTS, QR_TOKEN_LEN};
pub use scan::{classify_scan, Scanned, MAX_SCAN_LEN};

#[cfg(test)]
mod tests;
