//! A photo question: take a photo (camera) or choose one (gallery); each photo is decoded with
//! its EXIF orientation, downscaled, re-encoded as JPEG ≤ 1 MB, hashed, and stored as a Blob in
//! IndexedDB after a quota check. Previews use object URLs revoked on cleanup.
//! Test hook: `input[type=file][data-field="{field}"]`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use motcua_domain::forms::{FieldDef, FieldKind};
use wasm_bindgen::JsCast;

use crate::components::form_field::{FieldCtx, FieldErrorMessage};
use crate::i18n::{photos_count, t, Msg};
use crate::state::use_app;
use crate::storage::{self, PhotoRef};
use crate::web::{self, PhotoError};

/// The photo question.
#[component]
pub fn PhotoField(
    /// The question (kind [`FieldKind::Photo`]).
    field: FieldDef,
    /// The draft's signals.
    ctx: FieldCtx,
) -> impl IntoView {
    let state = use_app();
    let en = move || state.lang.get().english();
    let (doc_hint, max_count) = match &field.kind {
        FieldKind::Photo {
            document_hint,
            max_count,
            ..
        } => (document_hint.clone(), usize::from(*max_count)),
        _ => (field.label.clone(), 1),
    };
    let id = field.id.clone();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    let mine = {
        let id = id.clone();
        Memo::new(move |_| {
            ctx.photos.with(|p| {
                p.iter()
                    .filter(|p| p.field == id)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let has_error = {
        let id = id.clone();
        Memo::new(move |_| {
            problem.get().is_some() || ctx.errors.with(|e| e.for_field(&id).is_some())
        })
    };
    let add = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let files: Vec<web_sys::File> = input
                .files()
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            input.set_value("");
            if files.is_empty() {
                return;
            }
            let id = id.clone();
            busy.set(true);
            problem.set(None);
            spawn_local(async move {
                for file in files {
                    if mine.get_untracked().len() >= max_count {
                        problem.set(Some(Msg::PhotoTooMany));
                        break;
                    }
                    match store_photo(&file, &id).await {
                        // The page may be gone once the photo is processed: `try_` only.
                        Ok(photo) => {
                            if ctx.photos.try_update(|p| p.push(photo)).is_none() {
                                break;
                            }
                            let _ = ctx
                                .errors
                                .try_update(|e| e.errors.retain(|e| e.field != id));
                            ctx.flush.run(());
                        }
                        Err(msg) => {
                            let _ = problem.try_set(Some(msg));
                            break;
                        }
                    }
                }
                let _ = busy.try_set(false);
            });
        }
    };
    let input_id = format!("f-{id}");
    let gallery_id = format!("f-{id}-gallery");
    let hint_id = format!("f-{id}-hint");
    let hint_ref = hint_id.clone();
    let label = field.label.clone();
    let label_for_alt = field.label.clone();
    let previews = move || {
        mine.get()
            .into_iter()
            .enumerate()
            .map(|(i, photo)| {
                let alt_label = label_for_alt.clone();
                let alt = Signal::derive(move || {
                    format!(
                        "{} {} ({}/{})",
                        t(Msg::PhotoAlt, state.lang.get()),
                        alt_label.get(en()).to_lowercase(),
                        i + 1,
                        mine.with(Vec::len)
                    )
                });
                let remove = {
                    let photo = photo.clone();
                    move |_| {
                        let photo = photo.clone();
                        ctx.photos.update(|p| {
                            if let Some(pos) = p
                                .iter()
                                .position(|x| x.field == photo.field && x.sha256 == photo.sha256)
                            {
                                p.remove(pos);
                            }
                        });
                        ctx.flush.run(());
                        spawn_local(async move {
                            // After the save above has landed.
                            gloo_timers::future::TimeoutFuture::new(500).await;
                            if let Some(db) = storage::shared().await {
                                let _ = db.delete_blob_if_unused(&photo.blob_key).await;
                            }
                        });
                    }
                };
                view! {
                    <li class="app-photo__item">
                        <Thumb key=photo.blob_key.clone() alt=alt/>
                        <button type="button" class="app-button app-button--secondary app-photo__remove" on:click=remove>
                            {move || t(Msg::RemovePhoto, state.lang.get())}
                            <span class="app-visually-hidden">" " {move || alt.get()}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let count = move || {
        let n = mine.with(Vec::len);
        (n > 0).then(|| photos_count(n, state.lang.get()))
    };
    view! {
        <div class=move || if has_error.get() { "app-field app-field--error app-photo" } else { "app-field app-photo" }>
            <fieldset class="app-fieldset" aria-describedby=hint_ref>
                <legend class="app-field__label">
                    {move || label.get(en()).to_owned()}
                    {(!field.required).then(|| view! { <span class="app-field__optional">" " {move || t(Msg::Optional, state.lang.get())}</span> })}
                </legend>
                <p class="app-field__hint" id=hint_id>{move || doc_hint.get(en()).to_owned()}</p>
                <FieldErrorMessage field=id.clone() errors=ctx.errors/>
                {move || problem.get().map(|m| view! {
                    <p class="app-error-message" role="alert">
                        <span class="app-visually-hidden">{t(Msg::ErrorPrefix, state.lang.get())}</span>
                        {t(m, state.lang.get())}
                    </p>
                })}
                <ul class="app-photo__list">{previews}</ul>
                <p class="app-photo__count" aria-live="polite">
                    {count}
                    {move || busy.get().then(|| t(Msg::PhotoProcessing, state.lang.get()))}
                </p>
                <div class="app-photo__actions">
                    <input class="app-photo__input" type="file" accept="image/*" capture="environment"
                        id=input_id.clone() name=id.clone() data-field=id.clone() on:change=add.clone()
                        disabled=move || busy.get()/>
                    <label class="app-button app-photo__button" for=input_id>{move || t(Msg::TakePhoto, state.lang.get())}</label>
                    <input class="app-photo__input" type="file" accept="image/*"
                        id=gallery_id.clone() data-field=id.clone() data-source="gallery" on:change=add
                        disabled=move || busy.get()/>
                    <label class="app-button app-button--secondary app-photo__button" for=gallery_id>{move || t(Msg::ChooseFromGallery, state.lang.get())}</label>
                </div>
            </fieldset>
        </div>
    }
}

async fn store_photo(file: &web_sys::File, field: &str) -> Result<PhotoRef, Msg> {
    let blob = web::process_photo(file).await.map_err(|e| match e {
        PhotoError::NotImage => Msg::PhotoNotImage,
        PhotoError::Undecodable => Msg::PhotoUndecodable,
        PhotoError::Encode => Msg::PhotoEncode,
    })?;
    let size = blob.size();
    if let Some(free) = web::storage_free_bytes().await {
        if free < size * 3.0 {
            return Err(Msg::StorageFull);
        }
    }
    let sha = web::sha256(&blob).await.map_err(|_| Msg::PhotoEncode)?;
    let db = storage::shared().await.ok_or(Msg::StorageFull)?;
    db.put_blob(sha.as_str(), &blob)
        .await
        .map_err(|_| Msg::StorageFull)?;
    Ok(PhotoRef {
        field: field.to_owned(),
        blob_key: sha.to_string(),
        sha256: sha,
        bytes: size as u64,
        content_type: "image/jpeg".to_owned(),
    })
}

/// A preview of a stored photo (object URL, revoked when the preview goes away).
#[component]
fn Thumb(key: String, alt: Signal<String>) -> impl IntoView {
    let url = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Some(db) = storage::shared().await {
            if let Ok(Some(blob)) = db.get_blob(&key).await {
                url.set(web::object_url(&blob));
            }
        }
    });
    on_cleanup(move || {
        if let Some(u) = url.get_untracked() {
            web::revoke_object_url(&u);
        }
    });
    view! {
        <img class="app-photo__preview" src=move || url.get() alt=move || alt.get() width="160" height="120"/>
    }
}
