//! The rating form: a radio group on the deployment's scale (the national three levels by
//! default), an optional official, a comment with a character counter, the error summary. The
//! rating goes through the outbox like a submission, so it is kept offline and sent once.
//! Inputs are never re-rendered by validation: what was typed stays.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::feedback::{
    validate_rating, NewRating, RatingScale, RatingTarget, MAX_COMMENT_CHARS,
};
use motcua_domain::sync::StateTag;
use motcua_domain::{CommuneCode, IdempotencyKey, StaffMember, ValidationErrors};

use crate::components::{focus_error_summary, ErrorSummary, FieldErrorMessage};
use crate::i18n::{t, Msg};
use crate::state::use_app;
use crate::storage;

/// `meta` key of this phone's random device id (the server limits anonymous ratings per device).
const DEVICE_KEY: &str = "device_id";

async fn device_id() -> Option<String> {
    let db = storage::shared().await?;
    if let Ok(Some(id)) = db.get_meta(DEVICE_KEY).await {
        return Some(id);
    }
    let id = crate::web::new_draft_id().to_string();
    db.set_meta(DEVICE_KEY, &id).await.ok()?;
    Some(id)
}

/// Where the rating stands after "Send".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    No,
    Queued,
    Done,
    Failed,
}

/// A rating form for `commune` about `target`; `staff` fills the optional official list and is
/// what an official's id is checked against, so it may arrive after the form (a catalog still
/// loading on `/rate?official=…`).
///
/// With the `split` feature the form's code (and the outbox records it follows) is a wasm part
/// of its own, fetched when a page shows the form ([`crate::components::deferred`]): the office
/// page a QR code lands on does not carry it in the main module.
#[component]
pub fn RatingForm(
    /// The commune rated.
    commune: CommuneCode,
    /// What is rated.
    target: RatingTarget,
    /// The commune's officials (the select is hidden when empty or when rating one official).
    #[prop(optional, into)]
    staff: Signal<Vec<StaffMember>>,
) -> impl IntoView {
    #[cfg(feature = "split")]
    {
        crate::components::deferred(move || form_part(commune.clone(), target.clone(), staff))
    }
    #[cfg(not(feature = "split"))]
    {
        form(commune, target, staff)
    }
}

/// [`form`] as a lazily loaded wasm part.
#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(rating_form, fallible, wasm_split_path = ::leptos::wasm_split)]
fn form_part(
    commune: CommuneCode,
    target: RatingTarget,
    staff: Signal<Vec<StaffMember>>,
) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(form(commune, target, staff))
}

/// The form itself (see [`RatingForm`]).
fn form(commune: CommuneCode, target: RatingTarget, staff: Signal<Vec<StaffMember>>) -> AnyView {
    let state = use_app();
    let scale = RatingScale::national();
    let level = RwSignal::new(None::<u8>);
    let official = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let errors = RwSignal::new(ValidationErrors::default());
    let sent = RwSignal::new(Sent::No);
    let item_id = RwSignal::new(None::<String>);
    let one_official = matches!(target, RatingTarget::Official { .. });
    let show_officials = Memo::new(move |_| !one_official && staff.with(|s| !s.is_empty()));

    // Follow the outbox item: queued → sent (or refused).
    crate::hooks::use_watch(move || {
        let _ = state.drafts_rev.get();
        let Some(id) = item_id.get() else { return };
        spawn_local(async move {
            let next = match crate::sync::outbox::rating_state(&id).await {
                Some(StateTag::Rated) => Sent::Done,
                Some(StateTag::Rejected | StateTag::Conflict | StateTag::TooLarge) => Sent::Failed,
                _ => Sent::Queued,
            };
            let _ = sent.try_set(next);
        });
    });

    let submit = {
        let target = target.clone();
        let commune = commune.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let id = crate::web::new_draft_id();
            let mut rating = NewRating {
                key: IdempotencyKey::for_draft(&id),
                id,
                commune: commune.clone(),
                target: target.clone(),
                level: level.get_untracked().unwrap_or(0),
                criteria: Default::default(),
                official: Some(official.get_untracked()).filter(|o| !o.is_empty()),
                comment: comment.get_untracked(),
                device: None,
            };
            let officials: Vec<String> =
                staff.with_untracked(|s| s.iter().map(|m| m.id.clone()).collect());
            let ids: Vec<&str> = officials.iter().map(String::as_str).collect();
            let scale = RatingScale::national();
            match validate_rating(&rating, &scale, &ids) {
                Err(found) => {
                    errors.set(found);
                    focus_error_summary();
                }
                Ok(_) => {
                    errors.set(ValidationErrors::default());
                    spawn_local(async move {
                        if rating.target.is_anonymous() {
                            rating.device = device_id().await;
                        }
                        let id = rating.id.to_string();
                        let stored = crate::sync::outbox::enqueue_rating(state, rating).await;
                        let _ = sent.try_set(if stored { Sent::Queued } else { Sent::Failed });
                        let _ = item_id.try_set(Some(id));
                    });
                }
            }
        }
    };

    // The first level carries the group's id: the error summary's link focuses it (as FormField).
    let radios = scale
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let value = l.value;
            let id = if i == 0 {
                "f-level".to_owned()
            } else {
                format!("f-level-{value}")
            };
            let label = l.label.clone();
            view! {
                <div class="app-radios__item">
                    <input class="app-radios__input" type="radio" name="level" id=id.clone()
                        value=value.to_string()
                        on:change=move |_| level.set(Some(value))/>
                    <label class="app-radios__label" for=id>
                        {move || label.get(state.lang.get().english()).to_owned()}
                    </label>
                </div>
            }
        })
        .collect_view();

    let staff_options = move || {
        staff
            .get()
            .into_iter()
            .map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> })
            .collect_view()
    };
    let tr = move |m: Msg| t(m, state.lang.get());
    let count = move || comment.with(|c| c.chars().count());
    let count_class = move || {
        if count() > MAX_COMMENT_CHARS {
            "app-field__hint app-error-message"
        } else {
            "app-field__hint"
        }
    };

    // Per field: its error (for the group's class, aria-invalid and aria-describedby).
    let has_error = move |field: &'static str| errors.with(|e| e.for_field(field).is_some());
    let group_class = move |field: &'static str| {
        if has_error(field) {
            "app-field app-field--error"
        } else {
            "app-field"
        }
    };
    let invalid = move |field: &'static str| has_error(field).then_some("true");
    let described = move |field: &'static str, own: &'static str| {
        let error = has_error(field).then(|| format!("f-{field}-error"));
        let ids: Vec<String> = own
            .split_whitespace()
            .map(str::to_owned)
            .chain(error)
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };

    view! {
        <form class="app-form app-rating" novalidate on:submit=submit>
            <ErrorSummary errors=Signal::derive(move || errors.get().errors)/>
            <div class=move || group_class("level")>
                <fieldset class="app-fieldset" aria-describedby=move || described("level", "")
                    aria-invalid=move || invalid("level")>
                    <legend class="app-field__label">{move || tr(Msg::RateLegend)}</legend>
                    <FieldErrorMessage field="level".to_owned() errors/>
                    <div class="app-radios">{radios}</div>
                </fieldset>
            </div>
            {move || show_officials.get().then(|| view! {
                <div class=move || group_class("official")>
                    <label class="app-field__label" for="f-official">{move || tr(Msg::RateOfficial)}</label>
                    <FieldErrorMessage field="official".to_owned() errors/>
                    <select class="app-select" id="f-official" name="official"
                        aria-describedby=move || described("official", "")
                        aria-invalid=move || invalid("official")
                        on:change=move |ev| official.set(event_target_value(&ev))>
                        <option value="">{move || tr(Msg::RateOfficialNone)}</option>
                        {staff_options}
                    </select>
                </div>
            })}
            <div class=move || group_class("comment")>
                <label class="app-field__label" for="f-comment">{move || tr(Msg::RateComment)}</label>
                <p class="app-field__hint" id="f-comment-hint">{move || tr(Msg::RateCommentHint)}</p>
                <FieldErrorMessage field="comment".to_owned() errors/>
                <textarea class="app-textarea" id="f-comment" name="comment" rows="4"
                    aria-describedby=move || described("comment", "f-comment-hint f-comment-count")
                    aria-invalid=move || invalid("comment")
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <p id="f-comment-count" aria-live="polite" class=count_class>
                    {move || crate::i18n::chars_left(count(), MAX_COMMENT_CHARS, state.lang.get())}
                </p>
            </div>
            <button class="app-button" type="submit" disabled=move || sent.get() != Sent::No>
                {move || tr(Msg::RateSend)}
            </button>
            <p class="app-rating__status" role="status" data-rating=move || match sent.get() {
                Sent::No => "", Sent::Queued => "queued", Sent::Done => "sent", Sent::Failed => "failed",
            }>
                {move || match sent.get() {
                    Sent::No => String::new(),
                    Sent::Queued => tr(Msg::RateQueued).to_owned(),
                    Sent::Done => tr(Msg::RateThanks).to_owned(),
                    Sent::Failed => tr(Msg::RateFailed).to_owned(),
                }}
            </p>
        </form>
    }
    .into_any()
}
