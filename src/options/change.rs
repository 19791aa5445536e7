//! A change of the options from the options UI: checked strictly ([`check_change`]), applied
//! over what is stored without losing what this version does not know ([`apply`]), and saved
//! one change at a time ([`save`]).

use super::{known, strict, OptionError};
use serde_json::{Map, Value};

/// Checks a change from the options UI (`{key: value, …}`): every known key strictly, none of
/// them one the administrator set (`managed`). Returns the known keys with their values
/// normalised; unknown keys are left out (they are never written by this version).
pub fn check_change(change: &Value, managed: &[&str]) -> Result<Map<String, Value>, OptionError> {
    let Value::Object(map) = change else { return Err(OptionError::NotOptions) };
    let mut out = Map::new();
    for (key, v) in map {
        let Some((key, kind)) = known(key) else { continue };
        if managed.contains(&key) {
            return Err(OptionError::Managed(key));
        }
        out.insert(key.to_string(), strict(kind, v).ok_or(OptionError::Invalid(key))?);
    }
    Ok(out)
}

/// What to store after a change: the stored object (`stored`, if it is one) with the changed
/// keys written over it. Keys this version does not know, and options not changed, stay
/// exactly as they were (a newer version's settings survive a change made here).
pub fn apply(stored: &Value, change: &Map<String, Value>) -> Value {
    let mut out = match stored {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    for (k, v) in change {
        out.insert(k.clone(), v.clone());
    }
    Value::Object(out)
}

/// One change of the stored settings at a time.
static SAVING: futures_util::lock::Mutex<()> = futures_util::lock::Mutex::new(());

/// Stores a checked change of the settings: reads what is stored (`read`), applies the change
/// ([`apply`]) and writes the result (`write`); the background passes its `storage.sync` calls.
/// One change at a time, whole: two read-modify-writes at once (an option saved while a
/// capture remembers its typed label) would each write over the other's change.
pub async fn save<E>(
    change: &Map<String, Value>,
    read: impl AsyncFnOnce() -> Result<Value, E>,
    write: impl AsyncFnOnce(Value) -> Result<(), E>,
) -> Result<(), E> {
    let _turn = SAVING.lock().await;
    let stored = read().await?;
    write(apply(&stored, change)).await
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_checked_strictly() {
        let ok = check_change(
            &json!({ "defaultPreset": "outlook", "clipboardClearSeconds": 0, "autoLockMinutes": 30.0, "labelTemplate": "  {app} {date} ", "formulaPrefixDefault": true }),
            &[],
        )
        .unwrap();
        assert_eq!(ok["defaultPreset"], "outlook");
        assert_eq!(ok["clipboardClearSeconds"], 0);
        assert_eq!(ok["autoLockMinutes"], 30);
        assert_eq!(ok["labelTemplate"], "{app} {date}", "trimmed");
        assert_eq!(check_change(&json!({ "defaultPreset": "" }), &[]).unwrap()["defaultPreset"], Value::Null, "no preset");
        let refused = [
            (json!({ "autoStart": 1 }), AUTO_START),
            (json!({ "autoLockMinutes": 0 }), AUTO_LOCK_MINUTES),
            (json!({ "autoLockMinutes": 1441 }), AUTO_LOCK_MINUTES),
            (json!({ "autoLockMinutes": "15" }), AUTO_LOCK_MINUTES),
            (json!({ "clipboardClearSeconds": 5 }), CLIPBOARD_CLEAR_SECONDS),
            (json!({ "clipboardClearSeconds": 601 }), CLIPBOARD_CLEAR_SECONDS),
            (json!({ "labelTemplate": "x".repeat(61) }), LABEL_TEMPLATE),
            (json!({ "labelTemplate": "{app}\u{202e}" }), LABEL_TEMPLATE),
            (json!({ "deviceName": "y".repeat(41) }), DEVICE_NAME),
            (json!({ "defaultPreset": "netscape" }), DEFAULT_PRESET),
            (json!({ "defaultPreset": 3 }), DEFAULT_PRESET),
            (json!({ "formulaPrefixDefault": "true" }), FORMULA_PREFIX_DEFAULT),
        ];
        for (change, key) in refused {
            assert_eq!(check_change(&change, &[]), Err(OptionError::Invalid(key)), "{change}");
        }
        assert_eq!(check_change(&json!(null), &[]), Err(OptionError::NotOptions));
        // Keys this version does not know are not written.
        assert!(check_change(&json!({ "fromTheFuture": 1 }), &[]).unwrap().is_empty());
        // Every preset can be the default.
        for p in crate::label::PRESETS {
            assert_eq!(check_change(&json!({ "defaultPreset": p.id }), &[]).unwrap()["defaultPreset"], p.id);
        }
    }

    #[test]
    fn a_change_keeps_what_it_does_not_name() {
        let stored = json!({ "autoStart": false, "fromTheFuture": { "x": 1 }, "autoLockMinutes": 99999 });
        let change = check_change(&json!({ "clipboardClearSeconds": 120 }), &[]).unwrap();
        let written = apply(&stored, &change);
        assert_eq!(
            written,
            json!({ "autoStart": false, "fromTheFuture": { "x": 1 }, "autoLockMinutes": 99999, "clipboardClearSeconds": 120 })
        );
        // Nothing stored yet: only the change, no defaults written for the rest.
        assert_eq!(apply(&Value::Null, &change), json!({ "clipboardClearSeconds": 120 }));
    }

    /// Runs a future to its end on this thread (the test's executor).
    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        loop {
            if let std::task::Poll::Ready(out) = f.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    /// Gives the other futures a turn, as waiting for the browser's storage promise does.
    async fn a_turn() {
        let mut waited = false;
        std::future::poll_fn(|cx| {
            if waited {
                std::task::Poll::Ready(())
            } else {
                waited = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await
    }

    /// Two changes saved at once (an option saved on the options page while a capture
    /// remembers its typed label) are both kept: neither write undoes the other.
    #[test]
    fn changes_saved_at_once_are_all_kept() {
        let stored = std::cell::RefCell::new(json!({ AUTO_START: true, "fromANewerVersion": 1 }));
        let save_one = |change: Value| {
            let stored = &stored;
            async move {
                let change = change.as_object().unwrap().clone();
                let read = async || {
                    a_turn().await;
                    Ok::<_, ()>(stored.borrow().clone())
                };
                let write = async |written| {
                    a_turn().await;
                    *stored.borrow_mut() = written;
                    Ok(())
                };
                save(&change, read, write).await
            }
        };
        let both = futures_util::future::join(save_one(json!({ AUTO_LOCK_MINUTES: 5 })), save_one(json!({ CUSTOM_LABEL: "My NAS" })));
        assert_eq!(block_on(both), (Ok(()), Ok(())));
        assert_eq!(stored.into_inner(), json!({ AUTO_START: true, "fromANewerVersion": 1, AUTO_LOCK_MINUTES: 5, CUSTOM_LABEL: "My NAS" }));
    }
}
