//! The built `index.html` turned into the frame of a server-rendered landing page.
//!
//! The app shell loads the wasm at once (module preloads, a preload of the main module, an
//! inline loader). A landing page carries its content as HTML, so nothing of the app may
//! compete with it: the preloads go, and the loader waits for the page's `load` event before it
//! imports the app, which then takes the page over (see the app's `ssr` module). What stays is
//! the stylesheet, the manifest and the icons: the first screen needs no wasm.

/// Where the rendered page goes in the frame.
const CONTENT: &str = "<!--motcua-ssr-->";

/// A frame built from one `index.html`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The shell's `<head>` (without preloads and loader) up to `</head>`, then `<body>` and
    /// the content mark, then the deferred loader and the end of the document.
    template: String,
}

/// Why an `index.html` cannot be a landing frame (an unexpected build): the route then serves
/// the plain app shell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// No inline module loader naming the app's JS and wasm.
    #[error("index.html has no app loader")]
    NoLoader,
    /// No `<title>`, `<html lang>` or `<body>`.
    #[error("index.html lacks {0}")]
    Missing(&'static str),
}

impl Frame {
    /// Builds the frame from the shell `html`.
    pub fn from_shell(html: &str) -> Result<Self, FrameError> {
        let (js, wasm) = loader_paths(html).ok_or(FrameError::NoLoader)?;
        let head_end = html.find("</head>").ok_or(FrameError::Missing("</head>"))?;
        let mut head = String::with_capacity(head_end);
        let mut rest = &html[..head_end];
        // Drop the preloads and every inline script (the loader) from the head.
        while let Some(start) = rest.find('<') {
            head.push_str(&rest[..start]);
            let tag = &rest[start..];
            if tag.starts_with("<script") {
                let end = tag
                    .find("</script>")
                    .ok_or(FrameError::Missing("</script>"))?;
                rest = &tag[end + "</script>".len()..];
            } else if tag.starts_with("<link") && is_preload(tag) {
                let end = tag.find('>').ok_or(FrameError::Missing(">"))?;
                rest = &tag[end + 1..];
            } else {
                let end = tag.find('>').ok_or(FrameError::Missing(">"))?;
                head.push_str(&tag[..=end]);
                rest = &tag[end + 1..];
            }
        }
        head.push_str(rest);
        if !head.contains("<title>") {
            return Err(FrameError::Missing("<title>"));
        }
        if !head.contains("<html lang=") {
            return Err(FrameError::Missing("<html lang>"));
        }
        let loader = format!(
            "<script type=module>addEventListener('load',()=>import('{js}').then(async(b)=>\
             {{await b.default({{module_or_path:'{wasm}'}});window.wasmBindings=b}}),{{once:true}})\
             </script>"
        );
        Ok(Self {
            template: format!("{head}</head><body>{CONTENT}{loader}</body></html>"),
        })
    }

    /// The page: `lang` on `<html>`, `title`, and `content` (trusted HTML) as the body.
    pub fn render(&self, lang: &str, title: &str, content: &str) -> String {
        let with_title = replace_between(&self.template, "<title>", "</title>", &escape(title));
        let with_lang = replace_lang(&with_title, lang);
        with_lang.replacen(CONTENT, content, 1)
    }
}

/// `<link rel=modulepreload …>` or `<link rel=preload …>`.
fn is_preload(tag: &str) -> bool {
    let end = tag.find('>').unwrap_or(tag.len());
    let tag = &tag[..end];
    tag.contains("rel=modulepreload")
        || tag.contains("rel=\"modulepreload\"")
        || tag.contains("rel=preload")
        || tag.contains("rel=\"preload\"")
}

/// The JS module and the wasm named by the shell's loader (`cargo xtask app-wasm` writes
/// `import init, * as bindings from '/motcua-<hash>/motcua.js';await init({ module_or_path:
/// '/motcua-<hash>/motcua_bg.wasm' });…`).
fn loader_paths(html: &str) -> Option<(String, String)> {
    let script = crate::hardening::headers::inline_scripts(html)
        .into_iter()
        .find(|s| s.contains("module_or_path"))?;
    let quoted_after = |mark: &str| -> Option<String> {
        let at = script.find(mark)? + mark.len();
        let rest = script[at..].trim_start();
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let rest = &rest[1..];
        let end = rest.find(quote)?;
        let path = &rest[..end];
        path.starts_with('/').then(|| path.to_owned())
    };
    Some((quoted_after(" from")?, quoted_after("module_or_path:")?))
}

fn replace_between(html: &str, open: &str, close: &str, with: &str) -> String {
    match (html.find(open), html.find(close)) {
        (Some(a), Some(b)) if a < b => {
            format!("{}{open}{with}{}", &html[..a], &html[b..])
        }
        _ => html.to_owned(),
    }
}

/// Sets `<html lang=…>` (the shell says `vi`, quoted or not after minification).
fn replace_lang(html: &str, lang: &str) -> String {
    for old in ["<html lang=vi>", "<html lang=\"vi\">"] {
        if html.contains(old) {
            return html.replacen(old, &format!("<html lang={lang}>"), 1);
        }
    }
    html.to_owned()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of `dist/index.html` after `cargo xtask app-wasm` and Trunk's minifier.
    const SHELL: &str = "<!doctype html><html lang=vi><meta charset=utf-8><title>Một cửa</title>\
        <link href=/app-4a9ed4dd8d8471c2.css rel=stylesheet><link href=/manifest.webmanifest rel=manifest>\
        <link rel=modulepreload href=\"/motcua-b861329619cbbf3c/motcua.js\" crossorigin>\
        <link rel=preload href=\"/motcua-b861329619cbbf3c/motcua_bg.wasm\" as=fetch type=application/wasm crossorigin>\
        <script type=module>import init, * as bindings from '/motcua-b861329619cbbf3c/motcua.js';\
        await init({ module_or_path: '/motcua-b861329619cbbf3c/motcua_bg.wasm' });window.wasmBindings = bindings;</script>\
        </head><body><noscript>JS</noscript></body></html>";

    #[test]
    fn the_frame_keeps_the_stylesheet_and_defers_the_app_to_load() {
        let frame = Frame::from_shell(SHELL).expect("a frame");
        let page = frame.render("en", "Birth <registration>", "<div id=ssr>guide</div>");
        assert!(page.starts_with("<!doctype html><html lang=en>"), "{page}");
        assert!(
            page.contains("<title>Birth &lt;registration&gt;</title>"),
            "{page}"
        );
        assert!(page.contains("href=/app-4a9ed4dd8d8471c2.css rel=stylesheet"));
        assert!(page.contains("rel=manifest"));
        assert!(!page.contains("preload"), "{page}");
        assert!(!page.contains("<noscript>"), "{page}");
        assert!(page
            .contains("<body><div id=ssr>guide</div><script type=module>addEventListener('load'"));
        assert!(page.contains("import('/motcua-b861329619cbbf3c/motcua.js')"));
        assert!(page.contains("module_or_path:'/motcua-b861329619cbbf3c/motcua_bg.wasm'"));
        assert_eq!(crate::hardening::headers::inline_scripts(&page).len(), 1);
    }

    #[test]
    fn a_shell_without_the_split_loader_is_refused() {
        let trunk_only = SHELL.replace("module_or_path", "path");
        assert_eq!(Frame::from_shell(&trunk_only), Err(FrameError::NoLoader));
        let relative = SHELL.replace("'/motcua-b861329619cbbf3c/motcua.js'", "'./motcua.js'");
        assert_eq!(Frame::from_shell(&relative), Err(FrameError::NoLoader));
    }
}
