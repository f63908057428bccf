//! One question of a form, by [`FieldKind`]: label, hint, inline error, and the input. Inputs
//! are rendered once with the stored answer and never re-rendered by validation, so an error
//! never clears what was typed. Test hooks: `id="f-{field}"`, `name="{field}"`.

use leptos::prelude::*;
use motcua_domain::forms::{relations, FieldDef, FieldKind};
use motcua_domain::{FieldError, ValidationErrors};

use crate::components::PhotoField;
use crate::i18n::{t, Msg};
use crate::state::use_app;

/// What a field needs from the page that holds the draft.
#[derive(Clone, Copy)]
pub struct FieldCtx {
    /// Current answers.
    pub answers: RwSignal<std::collections::BTreeMap<String, String>>,
    /// Errors shown on fields.
    pub errors: RwSignal<ValidationErrors>,
    /// Photos of the draft.
    pub photos: RwSignal<Vec<crate::storage::PhotoRef>>,
    /// Called after every change (debounced autosave).
    pub changed: Callback<()>,
    /// Saves at once (after a photo is added or removed).
    pub flush: Callback<()>,
}

/// The inline error of a field, with the visually hidden "Lỗi: " prefix.
#[component]
pub fn FieldErrorMessage(
    /// The field.
    field: String,
    /// The errors.
    errors: RwSignal<ValidationErrors>,
) -> impl IntoView {
    let state = use_app();
    let id = format!("f-{field}-error");
    let error = move || errors.with(|e| e.for_field(&field).cloned());
    move || {
        error().map(|e: FieldError| {
            let lang = state.lang.get();
            view! {
                <p class="app-error-message" id=id.clone()>
                    <span class="app-visually-hidden">{t(Msg::ErrorPrefix, lang)}</span>
                    {e.message.get(lang.english()).to_owned()}
                </p>
            }
        })
    }
}

/// One question.
#[component]
pub fn FormField(
    /// The question.
    field: FieldDef,
    /// The draft's signals.
    ctx: FieldCtx,
) -> impl IntoView {
    let state = use_app();
    let en = move || state.lang.get().english();
    let id = field.id.clone();
    let input_id = format!("f-{id}");
    let hint_id = format!("f-{id}-hint");
    let error_id = format!("f-{id}-error");
    let has_error = {
        let id = id.clone();
        Memo::new(move |_| ctx.errors.with(|e| e.for_field(&id).is_some()))
    };
    let has_hint = field.hint.is_some();
    let described = move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if has_error.get() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let initial = ctx
        .answers
        .with_untracked(|a| a.get(&id).cloned().unwrap_or_default());
    let set = {
        let id = id.clone();
        move |value: String| {
            ctx.answers.update(|a| {
                a.insert(id.clone(), value);
            });
            ctx.changed.run(());
        }
    };
    let label = field.label.clone();
    let label_text = move || label.get(en()).to_owned();
    let optional = (!field.required).then(|| {
        view! { <span class="app-field__optional">" " {move || t(Msg::Optional, state.lang.get())}</span> }
    });
    let hint = field.hint.clone().map(|h| {
        let hid = format!("f-{id}-hint");
        view! { <p class="app-field__hint" id=hid>{move || h.get(en()).to_owned()}</p> }
    });
    let error = view! { <FieldErrorMessage field=id.clone() errors=ctx.errors/> };
    let invalid = move || has_error.get().then_some("true");
    let group_class = move || {
        if has_error.get() {
            "app-field app-field--error"
        } else {
            "app-field"
        }
    };
    let on_input = {
        let set = set.clone();
        move |ev: leptos::ev::Event| set(event_target_value(&ev))
    };
    match field.kind.clone() {
        FieldKind::Photo { .. } => view! { <PhotoField field=field.clone() ctx/> }.into_any(),
        FieldKind::Choice { options } => {
            let radios = options
                .into_iter()
                .enumerate()
                .map(|(i, (value, text))| {
                    let rid = if i == 0 {
                        input_id.clone()
                    } else {
                        format!("{input_id}-{i}")
                    };
                    let checked = initial == value;
                    let set = set.clone();
                    let v = value.clone();
                    view! {
                        <div class="app-radios__item">
                            <input class="app-radios__input" type="radio" id=rid.clone() name=id.clone()
                                value=value.clone() checked=checked
                                on:change=move |_| set(v.clone())/>
                            <label class="app-radios__label" for=rid>{move || text.get(en()).to_owned()}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class=group_class>
                    <fieldset class="app-fieldset" aria-describedby=described aria-invalid=invalid>
                        <legend class="app-field__label">{label_text}{optional}</legend>
                        {hint}
                        {error}
                        <div class="app-radios">{radios}</div>
                    </fieldset>
                </div>
            }
            .into_any()
        }
        kind => {
            let control = match kind {
                FieldKind::Address => view! {
                    <textarea class="app-textarea" id=input_id.clone() name=id.clone() rows="3"
                        aria-describedby=described aria-invalid=invalid
                        prop:value=initial.clone() on:input=on_input></textarea>
                }
                .into_any(),
                FieldKind::Relation => {
                    let options = relations()
                        .iter()
                        .map(|(value, vi, en_text)| {
                            let selected = initial == *value;
                            view! {
                                <option value=*value selected=selected>
                                    {move || if en() { *en_text } else { *vi }}
                                </option>
                            }
                        })
                        .collect_view();
                    view! {
                        <select class="app-select" id=input_id.clone() name=id.clone()
                            aria-describedby=described aria-invalid=invalid on:change=on_input>
                            <option value="" selected=initial.is_empty()>{move || t(Msg::SelectOne, state.lang.get())}</option>
                            {options}
                        </select>
                    }
                    .into_any()
                }
                FieldKind::Date => view! {
                    <input class="app-input app-input--date" type="date" id=input_id.clone() name=id.clone()
                        aria-describedby=described aria-invalid=invalid
                        prop:value=initial.clone() on:input=on_input/>
                }
                .into_any(),
                FieldKind::CitizenId => view! {
                    <input class="app-input app-input--id" type="text" inputmode="numeric" autocomplete="off"
                        spellcheck="false" maxlength="14" id=input_id.clone() name=id.clone()
                        aria-describedby=described aria-invalid=invalid
                        prop:value=initial.clone() on:input=on_input/>
                }
                .into_any(),
                FieldKind::Phone => view! {
                    <input class="app-input app-input--phone" type="tel" autocomplete="tel" id=input_id.clone()
                        name=id.clone() aria-describedby=described aria-invalid=invalid
                        prop:value=initial.clone() on:input=on_input/>
                }
                .into_any(),
                FieldKind::PersonName => view! {
                    <input class="app-input" type="text" autocomplete="off" spellcheck="false" id=input_id.clone()
                        name=id.clone() aria-describedby=described aria-invalid=invalid
                        prop:value=initial.clone() on:input=on_input/>
                }
                .into_any(),
                _ => view! {
                    <input class="app-input" type="text" id=input_id.clone() name=id.clone()
                        aria-describedby=described aria-invalid=invalid
                        prop:value=initial.clone() on:input=on_input/>
                }
                .into_any(),
            };
            view! {
                <div class=group_class>
                    <label class="app-field__label" for=input_id.clone()>{label_text}{optional}</label>
                    {hint}
                    {error}
                    {control}
                </div>
            }
            .into_any()
        }
    }
}
