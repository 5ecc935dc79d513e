//! Layout of the CRQ level diagram: by default Relationship at the base (the foundation of the
//! model), Uniqueness, Service on top; `DiagramOrder::ServiceBase` turns it over.

use crate::engine::{DiagramOrder, Dimension, Level, Target};

/// A rectangle in viewBox units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn center_x(&self) -> f64 {
        self.x + self.w / 2.0
    }
}

/// A level band of the pyramid: its label strip and the area of its blocks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tier {
    pub level: Level,
    /// The strip that names the level and shows its score.
    pub header: Rect,
    pub area: Rect,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Block {
    pub key: Target,
    pub rect: Rect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PyramidLayout {
    pub width: f64,
    pub height: f64,
    /// From the base up, in the order the layout was asked for.
    pub tiers: Vec<Tier>,
    /// Tier by tier from the base up, left to right within a tier: the reading and
    /// keyboard order.
    pub blocks: Vec<Block>,
}

const GAP: f64 = 6.0;
const HEADER: f64 = 26.0;

fn row(area: Rect, keys: &[Target], weights: &[f64]) -> Vec<Block> {
    let total: f64 = weights.iter().sum();
    let usable = area.w - GAP * (keys.len() as f64 - 1.0);
    let mut x = area.x;
    keys.iter()
        .zip(weights)
        .map(|(&key, &w)| {
            let width = usable * w / total;
            let b = Block {
                key,
                rect: Rect {
                    x,
                    y: area.y,
                    w: width,
                    h: area.h,
                },
            };
            x += width + GAP;
            b
        })
        .collect()
}

/// Lays the diagram out in a `width` × `height` viewBox with the levels stacked as `order`
/// says. Each tier is narrower than the one below it, so the three levels read as a pyramid.
pub fn pyramid_layout(width: f64, height: f64, order: DiagramOrder) -> PyramidLayout {
    let tier_h = (height - 2.0 * GAP) / 3.0;
    let widths = [1.0, 0.86, 0.66];
    let mut tiers = Vec::new();
    let mut blocks = Vec::new();
    for (i, level) in order.bottom_up().into_iter().enumerate() {
        let w = width * widths[i];
        let x = (width - w) / 2.0;
        let y = height - (i as f64 + 1.0) * tier_h - i as f64 * GAP;
        let header = Rect { x, y, w, h: HEADER };
        let area = Rect {
            x,
            y: y + HEADER + 2.0,
            w,
            h: tier_h - HEADER - 2.0,
        };
        tiers.push(Tier {
            level,
            header,
            area,
        });
        match level {
            Level::Service => blocks.extend(row(
                area,
                &[
                    Target::Dimension(Dimension::Reliability),
                    Target::Dimension(Dimension::Responsiveness),
                    Target::Dimension(Dimension::CustomerCare),
                ],
                &[1.0, 1.0, 1.0],
            )),
            Level::Uniqueness => {
                // Experience beside Solution; Solution's strip sits over its three parts.
                let parts = row(
                    area,
                    &[Target::Dimension(Dimension::Experience), Target::Solution],
                    &[1.0, 2.4],
                );
                blocks.push(parts[0]);
                let sol = parts[1].rect;
                let strip = (sol.h * 0.36).min(44.0);
                blocks.push(Block {
                    key: Target::Solution,
                    rect: Rect { h: strip, ..sol },
                });
                blocks.extend(row(
                    Rect {
                        y: sol.y + strip + GAP,
                        h: sol.h - strip - GAP,
                        ..sol
                    },
                    &[
                        Target::Dimension(Dimension::Innovation),
                        Target::Dimension(Dimension::LeadingEdge),
                        Target::Dimension(Dimension::ValueForMoney),
                    ],
                    &[1.0, 1.0, 1.0],
                ));
            }
            Level::Relationship => blocks.extend(row(
                area,
                &[
                    Target::Dimension(Dimension::Trust),
                    Target::Dimension(Dimension::Commitment),
                    Target::Dimension(Dimension::Satisfaction),
                ],
                &[1.0, 1.0, 1.0],
            )),
        }
    }
    PyramidLayout {
        width,
        height,
        tiers,
        blocks,
    }
}
