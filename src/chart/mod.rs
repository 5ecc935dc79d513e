//! Pure chart geometry: scales, nice ticks, the CRQ pyramid layout and trend paths (no web crates).

pub mod diverging;
pub mod pyramid;
pub mod scale;
pub mod series;
pub mod trend;

pub use diverging::diverging_bar;
pub use pyramid::{pyramid_layout, Block, PyramidLayout, Rect, Tier};
pub use scale::{nice_ticks, LinearScale};
pub use series::{trend_series, TrendMetric};
pub use trend::{
    marked, named, series_colours, trend_geometry, SeriesGeometry, TrendGeometry, TrendPoint,
    TrendSeries,
};
