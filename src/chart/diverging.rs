//! A diverging stacked bar of answers on a five-point agreement scale (the obstacles survey):
//! the two disagreeing answers and half the neutral to the left of the middle, the other half
//! and the agreeing answers to its right, each as wide as its share.

/// The five segments (completely disagree … completely agree) of a bar `width` wide for the
/// answer `counts`: each `(x, w)`, the middle at `width / 2`, half the width standing for all
/// the answers. No answers: five empty segments at the middle.
pub fn diverging_bar(counts: [usize; 5], width: f64) -> [(f64, f64); 5] {
    let n: usize = counts.iter().sum();
    let half = width / 2.0;
    let share = |i: usize| {
        if n == 0 {
            0.0
        } else {
            counts[i] as f64 / n as f64
        }
    };
    let mut at = half - (share(0) + share(1) + share(2) / 2.0) * half;
    let mut out = [(0.0, 0.0); 5];
    for (i, seg) in out.iter_mut().enumerate() {
        let w = share(i) * half;
        *seg = (at, w);
        at += w;
    }
    out
}
