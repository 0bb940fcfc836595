//! How the app looks for this citizen: the standard display or elderly mode (长辈版), and the
//! embedded (mini-program) frame. Each is a class on `<html>` that `style/main.css` acts on, so
//! switching is instant and needs no reload. The choice is kept on the device.

use leptos::prelude::*;

use crate::store::{self, Scope};

const MODE_KEY: &str = "mode";

/// Elderly mode on/off, and whether the citizen has chosen at all (the home page offers the
/// switch on a first visit).
#[derive(Clone, Copy)]
pub struct Display {
    pub elderly: RwSignal<bool>,
    pub chosen: RwSignal<bool>,
}

fn set_class(name: &str, on: bool) {
    if let Some(root) = document().document_element() {
        let list = root.class_list();
        let _ = if on {
            list.add_1(name)
        } else {
            list.remove_1(name)
        };
    }
}

pub fn provide_display() -> Display {
    let stored = store::get_raw(Scope::Device, MODE_KEY);
    let display = Display {
        elderly: RwSignal::new(stored.as_deref() == Some("elderly")),
        chosen: RwSignal::new(stored.is_some()),
    };
    set_class("ys-embedded", crate::host::embedded());
    Effect::new(move |_| set_class("ys-elderly", display.elderly.get()));
    provide_context(display);
    display
}

pub fn use_display() -> Display {
    expect_context::<Display>()
}

impl Display {
    pub fn choose(self, elderly: bool) {
        self.elderly.set(elderly);
        self.chosen.set(true);
        store::set_raw(
            Scope::Device,
            MODE_KEY,
            if elderly { "elderly" } else { "standard" },
        );
    }
}
