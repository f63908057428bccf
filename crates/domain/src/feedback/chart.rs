//! The geometry of the dashboard's horizontal bar chart, shared by the app (SVG from Leptos,
//! `src/components/chart.rs`) and the server's first screen of `/stats` (maud), so both draw the
//! same chart.

/// Height of one bar's row.
pub const ROW: f64 = 28.0;
/// Width of the label column (labels end at its right edge, 8 px before the bar).
pub const LABEL_W: f64 = 150.0;
/// The chart's width (its `viewBox`; it scales to the page).
pub const WIDTH: f64 = 480.0;
/// Room for the longest bar: what is left of the width after the labels and the value text.
const ROOM: f64 = WIDTH - LABEL_W - 60.0;

/// Where one bar goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarBox {
    /// Top of its row.
    pub y: f64,
    /// Length of the bar: the largest value gets the whole room, any value above zero at least
    /// 2 px so it shows.
    pub width: f64,
}

/// The chart's height for `bars` bars (one empty row when there are none).
pub fn height(bars: usize) -> f64 {
    (bars.max(1) as f64) * ROW + 8.0
}

/// The box of each value's bar, top to bottom, scaled to the largest.
pub fn boxes(values: impl IntoIterator<Item = f64> + Clone) -> Vec<BarBox> {
    let max = values.clone().into_iter().fold(0.0_f64, f64::max).max(1e-9);
    values
        .into_iter()
        .enumerate()
        .map(|(i, value)| BarBox {
            y: 4.0 + i as f64 * ROW,
            width: (value / max * ROOM).max(if value > 0.0 { 2.0 } else { 0.0 }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_bar_fills_the_room_and_small_ones_still_show() {
        let b = boxes([10.0, 0.0, 0.001]);
        assert_eq!(
            b[0],
            BarBox {
                y: 4.0,
                width: ROOM
            }
        );
        assert_eq!(b[1].width, 0.0);
        assert_eq!(b[2].width, 2.0);
        assert_eq!(b[2].y, 4.0 + 2.0 * ROW);
        assert_eq!(height(3), 3.0 * ROW + 8.0);
        assert_eq!(height(0), ROW + 8.0);
    }
}
