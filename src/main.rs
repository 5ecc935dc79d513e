//! The browser entry point: mounts the Rapport app.

/// The allocator: Talc rather than Rust's default dlmalloc, 0.9 KB gzip smaller (the room
/// the grouped load report needed) and faster: the page's part of a 100k load and a filter
/// change both measured about a quarter quicker in `make bench` (README, "Performance").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(rapport::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The Rapport app runs in the browser: build it with `trunk build` (see README). For the command-line scorer run `rapport-cli`.");
}
