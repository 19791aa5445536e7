//! A tab's guide memory as it crosses between the content script, the background and session
//! storage ([`TabMemory`]): checked when it arrives, read leniently when stored. Re-exported by
//! [`super::pages`].

use super::error::AppError;
use super::memory_keys as m;
use serde::Serialize;
use serde_json::Value;

/// A tab's guide memory as the background checks, stores and sends it (the fields of
/// [`crate::flow::Memory`]; `last` is a step id of ours).
#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TabMemory {
    /// The last step's id.
    pub last: Option<String>,
    /// A step after sign-in was seen.
    pub signed_in: bool,
    /// The password was copied.
    pub copied: bool,
    /// The journey is complete.
    pub finished: bool,
    /// The user closed the guide.
    pub dismissed: bool,
    /// The guide is running.
    pub started: bool,
    /// The password was saved.
    pub saved: bool,
    /// The steps seen, one bit each.
    pub seen: u16,
}

impl TabMemory {
    /// Keeps only the known fields of a memory, with the right types; a step id must be ours.
    pub fn check(v: &Value) -> Result<TabMemory, AppError> {
        if !v.is_object() {
            return Err("memory is not an object".into());
        }
        let last = match &v[m::LAST] {
            Value::String(id) if crate::steps::step(id).is_some() => Some(id.clone()),
            Value::String(_) => return Err("memory names an unknown step".into()),
            _ => None,
        };
        Ok(TabMemory { last, ..TabMemory::lenient(v) })
    }

    /// A stored memory read leniently: an unknown step reads as none, a field of the wrong
    /// type as its default.
    pub fn lenient(v: &Value) -> TabMemory {
        let flag = |k: &str| v[k].as_bool().unwrap_or(false);
        TabMemory {
            last: v[m::LAST].as_str().filter(|id| crate::steps::step(id).is_some()).map(String::from),
            signed_in: flag(m::SIGNED_IN),
            copied: flag(m::COPIED),
            finished: flag(m::FINISHED),
            dismissed: flag(m::DISMISSED),
            started: flag(m::STARTED),
            saved: flag(m::SAVED),
            seen: v[m::SEEN].as_f64().filter(|s| s.fract() == 0.0 && (0.0..=65535.0).contains(s)).map_or(0, |s| s as u16),
        }
    }

    /// The memory a tab opened from a tab with this memory starts with: the journey, if it is
    /// running there (started, neither closed nor finished). Only where the journey stands goes
    /// on (the last step, signed in, the steps seen); the opener's Close does not, nor a step
    /// inside Apple's dialogs ([`crate::steps::carries_to_a_new_tab`]: the drift suite's tabs,
    /// opened while another was mid-dialog, took a left-open dialog of theirs for ours).
    pub fn inherited(&self) -> Option<TabMemory> {
        if !self.started || self.dismissed || self.finished {
            return None;
        }
        let last = self.last.clone().filter(|id| crate::steps::carries_to_a_new_tab(id));
        Some(TabMemory { last, signed_in: self.signed_in, started: true, seen: self.seen, ..TabMemory::default() })
    }
}
