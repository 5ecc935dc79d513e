//! One stable sort for the whole app. Each `sort_by` on a type of its own brings its own copy
//! of the standard library's sort into the WebAssembly module (about 4 KB each); this sorts
//! positions with the comparison behind a `dyn`, so there is one copy, then moves the items.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` does.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order = positions(v.len(), &|a, b| cmp(&v[a], &v[b]));
    // order[k] is where the item that belongs at k is now: follow each cycle once.
    const DONE: u32 = u32::MAX;
    for i in 0..v.len() {
        let mut k = i;
        while order[k] != DONE {
            let j = order[k] as usize;
            order[k] = DONE;
            if j == i {
                break;
            }
            v.swap(k, j);
            k = j;
        }
    }
}

/// `v.sort()`, stably, through the same one copy.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The positions `0..n` in the order `cmp` sorts them (stable).
#[inline(never)]
fn positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&a, &b| cmp(a as usize, b as usize));
    order
}
