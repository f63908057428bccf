//! Short names for the main module's imports from its wasm-bindgen glue.
//!
//! wasm-bindgen names each function the wasm imports from its JS glue after the Rust item and a
//! 16-digit hash (`__wbg_createElement_8c9931a732ee2fea`). The main module imports about 330 of
//! them, and each name is written twice: in the wasm's import section and as a key of the JS
//! import object. The hashes do not compress, so the names cost about 7 KB brotli of a cold
//! visit. [`shorten`] renames each one to `_` and a base-36 number, in both files.
//!
//! Only the import section of the wasm changes (every other section is copied byte for byte),
//! and only the glue's import module (`./NAME_bg.js`): the link module the wasm parts share
//! (`__wasm_split.js`) keeps its names. A name is renamed only where it occurs exactly once in
//! the JS, as a whole word, and a new name must not occur in the JS before; anything else
//! fails the build rather than guess.

use std::collections::BTreeMap;

use anyhow::{bail, ensure, Context, Result};

/// The wasm and the JS with the imports of `module` renamed (see the module docs). Returns how
/// many names were shortened with the two files.
pub fn shorten(wasm: &[u8], js: &str, module: &str) -> Result<(Vec<u8>, String, usize)> {
    ensure!(
        wasm.len() >= 8 && wasm[..4] == *b"\0asm",
        "not a wasm module"
    );
    let mut out = wasm[..8].to_vec();
    let mut reader = Reader::new(wasm, 8);
    let mut renames = BTreeMap::new();
    while !reader.done() {
        let id = reader.byte()?;
        let size = reader.leb()?;
        let body = reader.take(size)?;
        if id == IMPORT_SECTION {
            let (section, names) = rename_imports(body, module)?;
            out.push(id);
            write_leb(&mut out, section.len());
            out.extend(section);
            renames = names;
        } else {
            out.push(id);
            write_leb(&mut out, size);
            out.extend(body);
        }
    }
    let js = rename_in_js(js, &renames)?;
    Ok((out, js, renames.len()))
}

const IMPORT_SECTION: u8 = 2;

/// The import section with `module`'s function imports renamed, and the renames (old → new).
fn rename_imports(body: &[u8], module: &str) -> Result<(Vec<u8>, BTreeMap<String, String>)> {
    let mut reader = Reader::new(body, 0);
    let count = reader.leb()?;
    let mut section = Vec::with_capacity(body.len());
    write_leb(&mut section, count);
    let mut renames = BTreeMap::new();
    for _ in 0..count {
        let from = reader.name()?;
        let name = reader.name()?;
        let start = reader.at;
        let kind = reader.byte()?;
        match kind {
            // A function: its type index.
            0x00 => {
                reader.leb()?;
            }
            // A table: its element type, then limits.
            0x01 => {
                reader.byte()?;
                reader.limits()?;
            }
            // A memory: limits.
            0x02 => reader.limits()?,
            // A global: its value type and mutability.
            0x03 => {
                reader.take(2)?;
            }
            other => bail!("import {from}.{name}: kind {other:#x} is not handled"),
        }
        let descriptor = &body[start..reader.at];
        let new_name = if from == module && kind == 0x00 {
            let short = format!("_{}", base36(renames.len()));
            renames.insert(name.to_owned(), short.clone());
            short
        } else {
            name.to_owned()
        };
        write_name(&mut section, from);
        write_name(&mut section, &new_name);
        section.extend_from_slice(descriptor);
    }
    ensure!(reader.done(), "bytes after the last import");
    Ok((section, renames))
}

/// `js` with each old name (a whole word, exactly once) replaced by its new one.
fn rename_in_js(js: &str, renames: &BTreeMap<String, String>) -> Result<String> {
    let new_names: std::collections::BTreeSet<&str> =
        renames.values().map(String::as_str).collect();
    let mut at_word: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (start, word) in words(js) {
        if renames.contains_key(word) {
            at_word.entry(word).or_default().push(start);
        }
        if new_names.contains(word) {
            bail!("the JS glue already has a word `{word}`, a new import name");
        }
    }
    let mut edits = Vec::new();
    for (old, new) in renames {
        let places = at_word.get(old.as_str()).map_or(0, Vec::len);
        ensure!(
            places == 1,
            "import `{old}` occurs {places} times in the JS glue, not once"
        );
        edits.push((at_word[old.as_str()][0], old.len(), new.as_str()));
    }
    edits.sort_unstable();
    let mut out = String::with_capacity(js.len());
    let mut copied = 0;
    for (start, len, new) in edits {
        out.push_str(&js[copied..start]);
        out.push_str(new);
        copied = start + len;
    }
    out.push_str(&js[copied..]);
    Ok(out)
}

/// The identifier-like words of `js` (letters, digits, `_`, `$`) with their byte offsets.
fn words(js: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let bytes = js.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && is_word(bytes[i]) {
            i += 1;
        }
        (start < i).then(|| (start, &js[start..i]))
    })
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn write_leb(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = u8::try_from(n & 0x7f).unwrap_or(0);
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len());
    out.extend_from_slice(name.as_bytes());
}

/// Reads the wasm binary format's pieces from `bytes`, from `at` on.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], at: usize) -> Self {
        Self { bytes, at }
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8> {
        let b = *self.bytes.get(self.at).context("the wasm ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).context("a size overflows")?;
        let slice = self
            .bytes
            .get(self.at..end)
            .context("the wasm ends early")?;
        self.at = end;
        Ok(slice)
    }

    /// An unsigned LEB128 number (at most 32 bits, as every count and size in wasm).
    fn leb(&mut self) -> Result<usize> {
        let mut n = 0usize;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        bail!("a number longer than 32 bits")
    }

    fn name(&mut self) -> Result<&'a str> {
        let len = self.leb()?;
        std::str::from_utf8(self.take(len)?).context("a name that is not UTF-8")
    }

    /// Limits: flags, the minimum, and the maximum when flag bit 0 says there is one.
    fn limits(&mut self) -> Result<()> {
        let flags = self.byte()?;
        ensure!(
            flags <= 0x03,
            "limits with flags {flags:#x} are not handled"
        );
        self.leb()?;
        if flags & 1 == 1 {
            self.leb()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type section, four imports (two functions from the glue, a function and
    /// a memory from elsewhere) and a custom section after them.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 4);
        for (module, name, descriptor) in [
            (
                "./app_bg.js",
                "__wbg_log_0123456789abcdef",
                &[0x00, 0x00][..],
            ),
            (
                "./__wasm_split.js",
                "__wbg_keep_fedcba9876543210",
                &[0x00, 0x00],
            ),
            (
                "./app_bg.js",
                "__wbindgen_throw_aaaaaaaaaaaaaaaa",
                &[0x00, 0x00],
            ),
            ("env", "memory", &[0x02, 0x01, 0x11, 0x80, 0x01]),
        ] {
            write_name(&mut imports, module);
            write_name(&mut imports, name);
            imports.extend_from_slice(descriptor);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Type section: one type, () -> ().
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
        wasm.push(IMPORT_SECTION);
        write_leb(&mut wasm, imports.len());
        wasm.extend(imports);
        // A custom section named "x" with two bytes.
        wasm.extend_from_slice(&[0x00, 0x04, 0x01, b'x', 0xaa, 0xbb]);
        wasm
    }

    const JS: &str = "const g={__wbg_log_0123456789abcdef:function(n){console.log(n)},\
        __wbindgen_throw_aaaaaaaaaaaaaaaa:function(){throw 1}};\
        return{\"./app_bg.js\":g,\"./__wasm_split.js\":s}";

    #[test]
    fn the_glues_function_imports_get_short_names_in_both_files() {
        let (wasm, js, renamed) = shorten(&module(), JS, "./app_bg.js").unwrap();
        assert_eq!(renamed, 2);
        assert_eq!(
            js,
            "const g={_0:function(n){console.log(n)},_1:function(){throw 1}};\
             return{\"./app_bg.js\":g,\"./__wasm_split.js\":s}"
        );
        let imports = rename_imports(section(&wasm, IMPORT_SECTION), "none").unwrap();
        assert!(imports.1.is_empty());
        let text = String::from_utf8_lossy(&wasm);
        assert!(text.contains("_0") && text.contains("_1"));
        assert!(
            text.contains("__wbg_keep_fedcba9876543210"),
            "other modules keep theirs"
        );
        assert!(!text.contains("__wbg_log"));
        // The sections before and after are unchanged, and the memory import too.
        assert_eq!(section(&wasm, 1), section(&module(), 1));
        assert_eq!(section(&wasm, 0), section(&module(), 0));
        assert!(section(&wasm, IMPORT_SECTION).ends_with(&[0x02, 0x01, 0x11, 0x80, 0x01]));
    }

    #[test]
    fn a_name_not_once_in_the_js_or_a_taken_short_name_fails() {
        let twice = format!("{JS};__wbg_log_0123456789abcdef");
        assert!(shorten(&module(), &twice, "./app_bg.js").is_err());
        let missing = JS.replace("__wbindgen_throw_aaaaaaaaaaaaaaaa", "other");
        assert!(shorten(&module(), &missing, "./app_bg.js").is_err());
        let taken = format!("{JS};let _1=2");
        assert!(shorten(&module(), &taken, "./app_bg.js").is_err());
        // A longer word that contains a name is not that name.
        let longer = format!("{JS};x__wbg_log_0123456789abcdef");
        assert!(shorten(&module(), &longer, "./app_bg.js").is_ok());
    }

    #[test]
    fn short_names_count_in_base_36() {
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36), "10");
        assert_eq!(base36(331), "97");
    }

    /// The body of the first section with `id`.
    fn section(wasm: &[u8], id: u8) -> &[u8] {
        let mut reader = Reader::new(wasm, 8);
        while !reader.done() {
            let this = reader.byte().unwrap();
            let size = reader.leb().unwrap();
            let body = reader.take(size).unwrap();
            if this == id {
                return body;
            }
        }
        panic!("no section {id}")
    }
}
