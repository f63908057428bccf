//! motcua browser app entry point.
fn main() {}
