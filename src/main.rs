//! The browser entry point: mounts the Rapport app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(rapport::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The Rapport app runs in the browser: build it with `trunk build` (see README). For the command-line scorer run `rapport-cli`.");
}
