//! Components mounted in a real browser DOM: the language toggle, the checklist, a page built
//! over several tasks and a section whose code loads later.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use motcua::components::{deferred, part, Checklist, LangToggle, Staged};
use motcua::i18n::{t, Lang, Msg};
use motcua::state::AppState;
use motcua::storage;
use motcua_domain::RequiredDocument;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

async fn settle() {
    for _ in 0..5 {
        tick().await;
    }
}

/// The first element under `root` matching `selector`, waiting up to 20 browser tasks for it.
async fn appears(root: &HtmlElement, selector: &str) -> Option<web_sys::Element> {
    for _ in 0..20 {
        gloo_timers::future::TimeoutFuture::new(0).await;
        settle().await;
        if let Some(found) = root.query_selector(selector).unwrap() {
            return Some(found);
        }
    }
    None
}

#[wasm_bindgen_test]
async fn language_toggle_switches_text_pressed_state_and_html_lang() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = container();
    let _handle = mount_to(root.clone(), || {
        let state = AppState::new();
        provide_context(state);
        view! {
            <LangToggle/>
            <p id="probe">{move || t(Msg::Choose, state.lang.get())}</p>
        }
    });
    settle().await;
    let button: HtmlElement = root
        .query_selector("#lang-toggle")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let probe = root.query_selector("#probe").unwrap().unwrap();
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert_eq!(probe.text_content().unwrap(), "Chọn xã này");

    button.click();
    settle().await;
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(probe.text_content().unwrap(), "Choose");
    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("motcua.lang")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("en"));
    // A new app state starts in the remembered language.
    assert_eq!(AppState::new().lang.get_untracked(), Lang::En);

    button.click();
    settle().await;
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert_eq!(html.get_attribute("lang").as_deref(), Some("vi"));
    root.remove();
}

#[wasm_bindgen_test]
async fn checklist_ticks_update_progress_and_persist() {
    let docs = vec![
        RequiredDocument::from_portal("Giấy chứng sinh", "Birth certificate"),
        RequiredDocument::from_portal("Tờ khai đăng ký khai sinh", "Birth registration form"),
        RequiredDocument::from_portal("[Xuất trình] Giấy tờ tùy thân", "[Show] Identity document"),
    ];
    let first_id = docs[0].id.clone();
    // Start from a clean slate for this key.
    let db = storage::shared().await.expect("IndexedDB available");
    db.save_ticks("00001", "1.001193", &[]).await.unwrap();

    let root = container();
    let mount_docs = docs.clone();
    let handle = mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <Checklist commune="00001".to_owned() procedure="1.001193".to_owned() documents=mount_docs.clone()/> }
    });
    settle().await;
    wait_loaded(&root).await;
    let boxes = root
        .query_selector_all("ul.app-checklist input[type=checkbox][data-doc-id]")
        .unwrap();
    assert_eq!(boxes.length(), 3);
    assert_eq!(
        root.query_selector_all(".app-tag").unwrap().length(),
        1,
        "one shown-only document"
    );
    let progress = root
        .query_selector(".app-checklist__progress")
        .unwrap()
        .unwrap();
    assert_eq!(progress.text_content().unwrap(), "Đã chuẩn bị 0/3 giấy tờ");

    let selector = format!("input[data-doc-id=\"{first_id}\"]");
    let first: HtmlInputElement = root
        .query_selector(&selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    first.click();
    settle().await;
    assert!(first.checked());
    assert_eq!(progress.text_content().unwrap(), "Đã chuẩn bị 1/3 giấy tờ");

    // The tick reaches IndexedDB.
    let mut saved = Vec::new();
    for _ in 0..50 {
        saved = db.load_ticks("00001", "1.001193").await.unwrap();
        if !saved.is_empty() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    assert_eq!(saved, vec![first_id.clone()]);
    drop(handle);
    root.remove();

    // Mounting again restores the tick.
    let root = container();
    let _handle = mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <Checklist commune="00001".to_owned() procedure="1.001193".to_owned() documents=docs.clone()/> }
    });
    settle().await;
    wait_loaded(&root).await;
    let first: HtmlInputElement = root
        .query_selector(&selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(first.checked(), "tick restored from IndexedDB");
    root.remove();
}

async fn wait_loaded(root: &HtmlElement) {
    for _ in 0..100 {
        if root
            .query_selector("[data-loaded=\"1\"]")
            .unwrap()
            .is_some()
        {
            settle().await;
            return;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
    }
    panic!("checklist never loaded its ticks");
}

#[wasm_bindgen_test]
async fn a_failed_continue_shows_the_summary_and_keeps_what_was_typed() {
    use motcua::components::{ErrorSummary, FieldCtx, FormField};
    use motcua_domain::forms::{form_for, validate_step};
    use motcua_domain::{Date, ProcedureCode, ValidationErrors};

    let def = form_for(&ProcedureCode::parse("1.001193").unwrap()).unwrap();
    let step = def.step("mother").unwrap().clone();
    let root = container();
    let errors_out = std::rc::Rc::new(std::cell::RefCell::new(None));
    let holder = errors_out.clone();
    let _handle = mount_to(root.clone(), move || {
        let state = AppState::new();
        provide_context(state);
        let ctx = FieldCtx {
            answers: RwSignal::new(Default::default()),
            errors: RwSignal::new(ValidationErrors::default()),
            photos: RwSignal::new(Vec::new()),
            changed: Callback::new(|()| {}),
            flush: Callback::new(|()| {}),
        };
        *holder.borrow_mut() = Some(ctx);
        let shown = Signal::derive(move || ctx.errors.get().errors);
        let fields = step
            .fields
            .iter()
            .map(|f| view! { <FormField field=f.clone() ctx/> })
            .collect_view();
        view! { <ErrorSummary errors=shown/> {fields} }
    });
    settle().await;
    let ctx = errors_out.borrow().unwrap();
    let input: HtmlInputElement = root
        .query_selector("#f-mother_citizen_id")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value("12345");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    settle().await;
    // "Continue": the step fails (invalid ID, missing name and date).
    let answers = ctx.answers.get_untracked();
    let result = validate_step(
        def,
        "mother",
        &answers,
        &[],
        Date::new(2026, 11, 25).unwrap(),
    );
    ctx.errors.set(result.unwrap_err());
    settle().await;
    let summary = root
        .query_selector(".app-error-summary")
        .unwrap()
        .expect("summary shown");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert!(summary
        .query_selector("a[href='#f-mother_citizen_id']")
        .unwrap()
        .is_some());
    let input: HtmlInputElement = root
        .query_selector("#f-mother_citizen_id")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(input.value(), "12345", "the typed value is kept");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described.contains("f-mother_citizen_id-error"),
        "{described}"
    );
    let message = root
        .query_selector("#f-mother_citizen_id-error")
        .unwrap()
        .unwrap();
    assert!(message.text_content().unwrap().starts_with("Lỗi: "));
}

/// A staged page shows its first part in the task that renders it, the others in later tasks,
/// in order, and carries `[data-pending]` (what the takeover and `body[data-ready]` wait for)
/// until the last is there.
#[wasm_bindgen_test]
async fn a_staged_page_shows_its_parts_one_task_after_another() {
    let root = container();
    let _handle = mount_to(root.clone(), || {
        let parts = (1..=3)
            .map(|n| part(move || view! { <p class="staged-part">{n}</p> }))
            .collect();
        view! { <Staged parts/> }
    });
    let shown = |root: &HtmlElement| {
        let list = root.query_selector_all("p.staged-part").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect::<Vec<_>>()
    };
    let pending = |root: &HtmlElement| root.query_selector("[data-pending]").unwrap().is_some();
    // Microtasks only: still the task that mounted it.
    settle().await;
    assert_eq!(shown(&root), ["1"]);
    assert!(pending(&root));
    let mut seen = vec![shown(&root).len()];
    for _ in 0..20 {
        gloo_timers::future::TimeoutFuture::new(0).await;
        settle().await;
        seen.push(shown(&root).len());
        if !pending(&root) {
            break;
        }
    }
    assert_eq!(shown(&root), ["1", "2", "3"]);
    assert!(!pending(&root), "the marker goes once every part is shown");
    // One more part per task, never two at once.
    assert!(seen.windows(2).all(|w| w[1] <= w[0] + 1), "{seen:?}");
    assert!(seen.contains(&2), "{seen:?}");
}

/// A deferred section: `[data-pending]` while its code loads; when the load fails, the message
/// and "Thử lại" in its place (the rest of the page stays); the retry loads it again and shows it
/// under the page's owner (its context reachable from the section).
#[wasm_bindgen_test]
async fn a_deferred_section_waits_says_when_its_code_is_missing_and_retries() {
    use std::cell::Cell;
    use std::rc::Rc;

    let attempts = Rc::new(Cell::new(0_u32));
    let root = container();
    let _handle = mount_to(root.clone(), {
        let attempts = attempts.clone();
        move || {
            provide_context(AppState::new());
            let section = deferred(move || {
                let attempt = attempts.get() + 1;
                attempts.set(attempt);
                async move {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    if attempt == 1 {
                        return Err(());
                    }
                    // Built after the await: the page's context must still be there.
                    let state = expect_context::<AppState>();
                    let text = t(Msg::RateHeading, state.lang.get_untracked());
                    Ok(view! { <p class="deferred-shown">{text}</p> }.into_any())
                }
            });
            view! { <h2 class="kept">"Văn phòng"</h2> {section} }
        }
    });
    let find = |selector: &str| root.query_selector(selector).unwrap();
    settle().await;
    assert!(
        find("[data-pending]").is_some(),
        "pending while the code loads"
    );
    assert!(find(".deferred-shown").is_none());

    let failed = appears(&root, ".app-deferred-failed")
        .await
        .expect("the failure is shown");
    assert!(failed
        .text_content()
        .unwrap()
        .contains("Chưa tải được phần này"));
    assert!(find("[data-pending]").is_none());
    assert!(find("h2.kept").is_some(), "the rest of the page stays");

    let retry: HtmlElement = failed
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    retry.click();
    let shown = appears(&root, ".deferred-shown")
        .await
        .expect("the retry shows the section");
    assert_eq!(shown.text_content().unwrap(), t(Msg::RateHeading, Lang::Vi));
    assert_eq!(attempts.get(), 2);
    assert!(find(".app-deferred-failed").is_none());
    assert!(find("[data-pending]").is_none());
}
