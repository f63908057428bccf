//! motcua browser app entry point (see the library for everything else).

fn main() {
    motcua::main();
}
