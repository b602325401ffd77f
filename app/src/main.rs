//! Entry point for the Trunk build.

fn main() {
    sockbind_app::mount();
}
