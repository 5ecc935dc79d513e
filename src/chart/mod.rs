//! Pure chart geometry: scales, nice ticks, pyramid layout (no web crates).
