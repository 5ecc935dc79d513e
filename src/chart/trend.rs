//! Geometry of wave-over-wave trend charts: axes, interval bands, lines and points.

use super::scale::{nice_ticks, LinearScale};

/// One value of a series in one wave.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrendPoint {
    pub value: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub n: usize,
    /// The change from the previous defined point is significant.
    pub significant: bool,
}

/// A series: one optional point per wave, in wave order.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendSeries {
    pub points: Vec<Option<TrendPoint>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SeriesGeometry {
    /// SVG path of the line through defined points (gaps break it).
    pub line: String,
    /// SVG path of the interval band (one closed polygon per unbroken run).
    pub band: String,
    /// (wave index, x, y, point) of each defined point.
    pub points: Vec<(usize, f64, f64, TrendPoint)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrendGeometry {
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub plot_top: f64,
    pub plot_bottom: f64,
    /// (value, y) of each horizontal gridline.
    pub y_ticks: Vec<(f64, f64)>,
    /// x of each wave.
    pub x_waves: Vec<f64>,
    /// The waves the axis names (`named`).
    pub names: Vec<usize>,
    pub series: Vec<SeriesGeometry>,
}

fn fmt(v: f64) -> String {
    format!("{:.1}", v)
}

/// Lays out `series` over waves closed at `times` (days, ascending, in wave order): the x
/// axis is a time axis, so a 19-month gap between waves is wider than an 8-month one. Waves
/// closed on one day stay apart (a quarter of an even step at least). The axis names at
/// most `room` waves (`named`). `bounds` clamps the y domain (e.g. the rating scale, or
/// −100..100 for NPS) so intervals never push the axis beyond meaningful values.
pub fn trend_geometry(
    times: &[f64],
    series: &[TrendSeries],
    width: f64,
    height: f64,
    bounds: (f64, f64),
    room: usize,
) -> TrendGeometry {
    // The bottom margin holds two lines under the axis: the wave and its date.
    let (left, right, top, bottom) = (48.0, width - 16.0, 14.0, height - 40.0);
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for p in series.iter().flat_map(|s| s.points.iter().flatten()) {
        lo = lo.min(p.low.unwrap_or(p.value)).min(p.value);
        hi = hi.max(p.high.unwrap_or(p.value)).max(p.value);
    }
    if !lo.is_finite() {
        (lo, hi) = bounds;
    }
    let (lo, hi) = (lo.max(bounds.0), hi.min(bounds.1));
    let ticks = nice_ticks(lo, hi, 5);
    let (d0, d1) = match (ticks.first(), ticks.last()) {
        (Some(&a), Some(&b)) => (a.max(bounds.0), b.min(bounds.1)),
        _ => bounds,
    };
    let y = LinearScale::new((d0, d1), (bottom, top));
    let x_waves = time_axis(times, left + 20.0, right - 20.0);
    let clamp = |v: f64| v.clamp(d0, d1);
    let series = series
        .iter()
        .map(|s| {
            let mut line = String::new();
            let mut band = String::new();
            let mut points = Vec::new();
            let mut run: Vec<(f64, f64, f64)> = Vec::new();
            let flush = |run: &mut Vec<(f64, f64, f64)>, band: &mut String| {
                if run.len() >= 2 {
                    for (i, (x, _, hi)) in run.iter().enumerate() {
                        band.push_str(if i == 0 { "M" } else { "L" });
                        band.push_str(&format!("{},{} ", fmt(*x), fmt(*hi)));
                    }
                    for (x, lo, _) in run.iter().rev() {
                        band.push_str(&format!("L{},{} ", fmt(*x), fmt(*lo)));
                    }
                    band.push_str("Z ");
                }
                run.clear();
            };
            let mut pen_down = false;
            for (i, p) in s.points.iter().enumerate() {
                match p {
                    Some(p) => {
                        let (px, py) = (x_waves[i], y.map(clamp(p.value)));
                        line.push_str(if pen_down { "L" } else { "M" });
                        line.push_str(&format!("{},{} ", fmt(px), fmt(py)));
                        pen_down = true;
                        points.push((i, px, py, *p));
                        match (p.low, p.high) {
                            (Some(l), Some(h)) => run.push((px, y.map(clamp(l)), y.map(clamp(h)))),
                            _ => flush(&mut run, &mut band),
                        }
                    }
                    None => {
                        pen_down = false;
                        flush(&mut run, &mut band);
                    }
                }
            }
            flush(&mut run, &mut band);
            SeriesGeometry {
                line: line.trim_end().to_string(),
                band: band.trim_end().to_string(),
                points,
            }
        })
        .collect();
    TrendGeometry {
        width,
        height,
        plot_left: left,
        plot_right: right,
        plot_top: top,
        plot_bottom: bottom,
        y_ticks: ticks
            .into_iter()
            .filter(|t| *t >= d0 - 1e-9 && *t <= d1 + 1e-9)
            .map(|t| (t, y.map(t)))
            .collect(),
        names: named(&x_waves, (right - left) / room.max(1) as f64),
        x_waves,
        series,
    }
}

/// The x of each wave closed at `times` (ascending) between `from` and `to`: in proportion
/// to the time between them, each at least a quarter of an even step after the one before
/// (waves closed on one day would otherwise sit on each other), then scaled back into place.
fn time_axis(times: &[f64], from: f64, to: f64) -> Vec<f64> {
    let n = times.len();
    if n < 2 {
        return vec![(from + to) / 2.0; n];
    }
    let (first, last) = (times[0], times[n - 1]);
    let span = (last - first).max(0.0);
    let gap = 0.25 / (n - 1) as f64;
    let mut at: Vec<f64> = Vec::with_capacity(n);
    for &t in times {
        let share = if span > 0.0 { (t - first) / span } else { 0.0 };
        at.push(at.last().map_or(share, |&prev: &f64| share.max(prev + gap)));
    }
    let end = at[n - 1];
    at.into_iter()
        .map(|a| from + a / end * (to - from))
        .collect()
}

/// The waves an axis names, given each wave's x (ascending) and the least distance between
/// two names: the newest always, then, going back, each wave at least `gap` left of the
/// last one named. Evenly spaced waves are named every k-th; waves closed close together
/// are not written over each other.
pub fn named(xs: &[f64], gap: f64) -> Vec<usize> {
    let mut picked: Vec<usize> = Vec::new();
    let mut at = f64::INFINITY;
    for (i, &x) in xs.iter().enumerate().rev() {
        if at - x >= gap - 1e-9 {
            picked.push(i);
            at = x;
        }
    }
    picked.reverse();
    picked
}

/// The colour (0–4) of each compared series, given its place among all the candidates it
/// was picked from: that place counted round the five colours, or the next one free. A
/// series keeps its colour while others are picked or dropped (at most five are drawn).
pub fn series_colours(places: &[usize]) -> Vec<usize> {
    let mut taken = [false; 5];
    places
        .iter()
        .take(5)
        .map(|&at| {
            let mut colour = at % 5;
            while taken[colour] {
                colour = (colour + 1) % 5;
            }
            taken[colour] = true;
            colour
        })
        .collect()
}

/// The waves a chart marks point by point (a focusable point with its figures): the newest
/// `room`. Beyond them the line and band still cover every wave.
pub fn marked(n: usize, room: usize) -> std::ops::Range<usize> {
    n.saturating_sub(room)..n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_axis_that_fits_names_every_wave() {
        assert_eq!(named(&[0.0, 10.0, 20.0, 30.0], 10.0), vec![0, 1, 2, 3]);
        assert_eq!(named(&[], 10.0), Vec::<usize>::new());
    }

    #[test]
    fn a_crowded_axis_names_every_kth_wave_back_from_the_newest() {
        // 13 waves 10 apart, names at least 25 apart: every 3rd, counted back from wave 12.
        let xs: Vec<f64> = (0..13).map(|i| 10.0 * i as f64).collect();
        assert_eq!(named(&xs, 25.0), vec![0, 3, 6, 9, 12]);
        // 10,000 waves across 900 units, room for 12 names (a gap of 75): every 834th.
        let xs: Vec<f64> = (0..10_000).map(|i| 900.0 * i as f64 / 9_999.0).collect();
        let t = named(&xs, 75.0);
        assert_eq!(t.last(), Some(&9_999));
        assert_eq!(t.len(), 12);
        assert_eq!(t.first(), Some(&(9_999 - 11 * 834)));
    }

    #[test]
    fn waves_closed_close_together_are_not_named_over_each_other() {
        // The last two waves are 5 apart: the newest is named, the one before is not.
        assert_eq!(named(&[0.0, 50.0, 100.0, 105.0], 30.0), vec![0, 1, 3]);
    }

    #[test]
    fn a_series_keeps_its_colour_and_a_taken_one_passes_to_the_next() {
        assert_eq!(series_colours(&[0, 1, 2, 3, 4]), vec![0, 1, 2, 3, 4]);
        // The first dropped: the others keep theirs.
        assert_eq!(series_colours(&[1, 2, 3, 4]), vec![1, 2, 3, 4]);
        // The sixth candidate takes colour 0 when it is free, the next free one when not.
        assert_eq!(series_colours(&[1, 2, 3, 4, 5]), vec![1, 2, 3, 4, 0]);
        assert_eq!(series_colours(&[0, 5, 10]), vec![0, 1, 2]);
        // More than five: the first five only.
        assert_eq!(series_colours(&[0, 1, 2, 3, 4, 5]).len(), 5);
    }

    #[test]
    fn the_newest_waves_are_marked() {
        assert_eq!(marked(4, 60), 0..4);
        assert_eq!(marked(10_000, 60), 9_940..10_000);
    }
}
