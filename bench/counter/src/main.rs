//! The floor: one signal, one picker, one text node. It renders `#answer .verdict` and
//! `#platform` so the bench detects its first render and drives its picker exactly as the page's.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0u32);
        view! {
            <main id="app">
                <select id="platform" on:change=move |_| count.update(|c| *c += 1)>
                    <option value="a">"a"</option>
                    <option value="b">"b"</option>
                </select>
                <section id="answer">
                    <p class="verdict">{move || count.get()}</p>
                </section>
            </main>
        }
    })
}
