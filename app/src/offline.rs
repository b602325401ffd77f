//! Entry point of the offline file's build (`scripts/postbuild.mjs`): the same page with cargo
//! feature `inline-modules`. A bin of its own, so its wasm never takes the place of the served
//! page's `sockbind-app.wasm` in `target/`.

fn main() {
    sockbind_app::mount();
}
