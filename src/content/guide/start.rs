//! Starting the guide on a page: the early key (Alt+Shift+G before the guide is there), the
//! background's first answer (the tab's memory, the options), and the guide's parts and
//! listeners, made once per page.

use super::*;

/// The options the label fill uses (from the background's hello, already checked there).
#[derive(Default)]
pub(super) struct LabelOptions {
    pub(super) template: String,
    pub(super) device: String,
    pub(super) custom: String,
    /// The preset offered first, as an index into `PRESETS`.
    pub(super) default_preset: Option<usize>,
    /// Seconds after which a copied password is cleared from the clipboard (0: never).
    pub(super) clipboard_clear_seconds: u32,
}

impl LabelOptions {
    /// From the options the background sends (already checked there).
    pub(super) fn new(options: GuideOptions) -> Self {
        LabelOptions {
            default_preset: options.default_preset.and_then(|id| PRESETS.iter().position(|p| p.id == id)),
            template: options.template,
            device: options.device,
            custom: options.custom,
            clipboard_clear_seconds: options.clipboard_clear_seconds,
        }
    }
}

thread_local! {
    /// Until the guide is there (the background's first answer can take seconds in a cold
    /// browser): whether the person asked for it meanwhile, and the key listener that notes it.
    static EARLY: RefCell<(bool, Option<Listener>)> = const { RefCell::new((false, None)) };
}

/// Whether `k` is Alt+Shift+G, the guide's own key.
fn is_guide_key(k: &web_sys::KeyboardEvent) -> bool {
    k.alt_key() && k.shift_key() && k.code() == "KeyG"
}

/// Notes that the person asked for the guide before it was there.
fn ask_early() {
    EARLY.with(|e| e.borrow_mut().0 = true);
}

/// Starts the guide on this page: asks the background for the tab's memory, then watches.
/// Alt+Shift+G and the background's restart are taken from this moment on (and, through
/// `asked`, from the loader's): what comes before the answer is kept and done once it is there.
pub fn start(core_path: &str, asked: bool) -> Result<(), JsValue> {
    if GUIDE.with(|g| g.try_borrow().map_or(true, |g| g.is_some())) {
        return Ok(());
    }
    let window = web_sys::window().ok_or("no window")?;
    let early = Listener::trusted(&window, "keydown", true, |e| {
        if e.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(is_guide_key) {
            e.prevent_default();
            ask_early();
        }
    });
    EARLY.with(|e| *e.borrow_mut() = (asked, Some(early)));
    on_background_message(|msg| match msg {
        TabMessage::Restart => {
            if GUIDE.with(|g| g.try_borrow().map_or(true, |g| g.is_some())) {
                act(Action::Restart);
            } else {
                ask_early();
            }
            // Answered at once, before the guide is there: the background then knows this tab
            // takes it (and opens no other).
            true
        }
        TabMessage::Options(options) => {
            // The options in force, once the background has read an administrator's: the
            // first hint used the ones it knew before.
            with_guide(|g| g.apply_options(options));
            false
        }
        TabMessage::Other => false,
    });
    let core_path = core_path.to_string();
    ask_background(&ContentMessage::Hello, move |reply| {
        let HelloAnswer { version, memory, options } = HelloAnswer::decode(reply.as_ref().map(from_js).as_ref());
        let label_options = LabelOptions::new(options);
        // No memory from the background (it refused or did not answer: a prerendered page, a
        // worker restarting): whether auto-start is on is unknown, so the guide waits to be asked.
        let memory = memory.unwrap_or(Memory { dismissed: true, ..Memory::default() });
        if let Err(e) = begin(&core_path, memory, label_options) {
            crate::content::browser::report_error(&e.as_string().unwrap_or_else(|| "could not start the guide".into()));
            return;
        }
        with_guide(|g| g.overlay.mark("data-apg-background", version.as_deref().unwrap_or("unreachable")));
        // Asked before the guide was there: start it now, and move focus into it.
        let (asked, _listener) = EARLY.with(|e| std::mem::take(&mut *e.borrow_mut()));
        if asked {
            // As the key does once the guide is there: a guide already running goes on.
            if GUIDE.with(|g| {
                g.try_borrow().ok().is_some_and(|g| g.as_ref().is_some_and(|g| !g.flow.memory.started || g.flow.memory.dismissed))
            }) {
                act(Action::Restart);
            }
            with_guide(|g| g.overlay.focus_first());
        }
    });
    Ok(())
}

fn begin(core_path: &str, memory: Memory, label_options: LabelOptions) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let root = document.document_element().ok_or("no document element")?;
    let labels = Labels {
        title: &message("guide_title", &[]),
        back: &message("action_back", &[]),
        next: &message("action_next", &[]),
        close: &message("action_close", &[]),
        outline: &message("action_copy_outline", &[]),
        copy: &message("action_copy_password", &[]),
        presets: &message("label_presets", &[]),
        default_preset: label_options.default_preset,
    };
    let overlay = Overlay::new(&document, core_path, &labels)?;
    overlay.set_custom_chip(&label_options.custom);

    let watch = Watch::new(&root)?;
    let follower = Follower::new()?;

    let host: HtmlElement = overlay.host.clone();
    let mut listeners: Vec<Listener> =
        overlay.chip_buttons.iter().enumerate().map(|(i, b)| Listener::trusted(b, "click", false, move |_| fill(Some(i)))).collect();
    listeners.push(Listener::trusted(&overlay.custom_chip, "click", false, |_| fill(None)));
    listeners.extend([
        Listener::new(&window, "scroll", true, |_| schedule()),
        Listener::new(&window, "resize", false, |_| schedule()),
        Listener::new(&window, "popstate", false, |_| schedule()),
        Listener::trusted(&document, "copy", true, |_| act(Action::Copied)),
        Listener::trusted(&overlay.buttons.back, "click", false, |_| act(Action::Back)),
        Listener::trusted(&overlay.buttons.next, "click", false, |_| act(Action::Next)),
        Listener::trusted(&overlay.buttons.close, "click", false, |_| act(Action::Close)),
        Listener::trusted(&overlay.buttons.outline, "click", false, |_| copy_outline()),
        Listener::trusted(&overlay.buttons.copy, "click", false, |_| copy_password()),
        // The user acts: what it brings can appear anywhere (see `Scope`).
        Listener::trusted(&window, "pointerdown", true, |_| with_guide(Guide::widen)),
        Listener::trusted(&window, "input", true, |_| with_guide(Guide::widen)),
        Listener::trusted(&window, "keydown", true, move |e| {
            with_guide(Guide::widen);
            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
            if is_guide_key(k) {
                // Alt+Shift+G: start the guide here, or reach it from anywhere on the page.
                k.prevent_default();
                let idle = GUIDE.with(|g| {
                    g.try_borrow().ok().is_some_and(|g| g.as_ref().is_some_and(|g| !g.flow.memory.started || g.flow.memory.dismissed))
                });
                if idle {
                    act(Action::Restart);
                }
                with_guide(|g| g.overlay.focus_first());
                return;
            }
            // Only keys pressed inside our popover (retargeted to the host): Apple's own
            // dialogs keep their Esc.
            let ours = e.target().is_some_and(|t| t.dyn_ref::<HtmlElement>() == Some(&host));
            if !ours {
                return;
            }
            if k.key() == "Escape" {
                act(Action::Close);
            } else {
                with_guide(|g| g.overlay.tab_to_target(k, g.anchor.as_ref()));
            }
        }),
    ]);

    let start = now(&window);
    let started_before = memory.started;
    let guide = Guide {
        window,
        dom: WebDom::new(document),
        overlay,
        flow: Flow::new(memory.clone()),
        view: View::Hidden,
        anchor: None,
        last_found_ms: start,
        detected: None,
        detected_since_ms: start,
        saved: memory,
        label_options,
        note: String::new(),
        asked: false,
        started_before,
        schedule: Schedule::default(),
        watch,
        follower,
        capture: Capture::default(),
        _listeners: listeners,
    };
    GUIDE.with(|g| *g.borrow_mut() = Some(guide));
    with_guide(Guide::look);
    // Nothing shown yet (the page still renders its target): lay the popover out now, so the
    // first hint costs no first layout. Not where the guide was closed: no work on the page.
    with_guide(|g| {
        if !g.flow.memory.dismissed {
            g.overlay.warm();
        }
    });
    Ok(())
}
