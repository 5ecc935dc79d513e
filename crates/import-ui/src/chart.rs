//! A chart saved as an image for slide decks: the chart's SVG with the styles it is drawn
//! with written into it (the page's style sheets do not travel with the file), under its
//! title and scope; as SVG, or drawn on a canvas at twice its size as PNG.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The computed properties an SVG chart's look depends on.
const STYLED: [&str; 13] = [
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "display",
];

/// Room above the chart for the caption's two lines.
const CAPTION: u32 = 52;

/// The SVG text of `svg` (a chart on the page) with its styles inlined, under `title` and
/// `scope`, and its width and height.
pub fn svg_text(
    svg: &web_sys::Element,
    title: &str,
    scope: &str,
) -> Result<(String, u32, u32), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let copy: web_sys::Element = svg.clone_node_with_deep(true)?.unchecked_into();
    let (from, to) = (svg.query_selector_all("*")?, copy.query_selector_all("*")?);
    // Each element's style is written into the text after it is serialised: a `style`
    // attribute set on an element would break the page's Content-Security-Policy (no inline
    // styles), so each element is marked with its place (`data-s`) instead.
    let mut styles = Vec::new();
    for i in 0..from.length().min(to.length()) {
        let (Some(a), Some(b)) = (from.item(i), to.item(i)) else {
            continue;
        };
        let (a, b): (web_sys::Element, web_sys::Element) = (a.unchecked_into(), b.unchecked_into());
        let Some(style) = window.get_computed_style(&a)? else {
            continue;
        };
        let inline: String = STYLED
            .iter()
            .filter_map(|p| {
                let v = style.get_property_value(p).ok()?;
                (!v.is_empty()).then(|| format!("{p}:{v};"))
            })
            .collect();
        b.set_attribute("data-s", &styles.len().to_string())?;
        styles.push(escape(&inline).replace('"', "&quot;"));
        b.remove_attribute("class")?;
        b.remove_attribute("tabindex")?;
    }
    let (w, h) = view_box(svg);
    // A compared chart's legend (HTML beside the SVG on the page) is drawn under it.
    let key = legend(svg, &window)?;
    let below = if key.is_empty() { 0 } else { 28 };
    copy.set_attribute("x", "0")?;
    copy.set_attribute("y", &CAPTION.to_string())?;
    copy.set_attribute("width", &w.to_string())?;
    copy.set_attribute("height", &h.to_string())?;
    copy.remove_attribute("class")?;
    let chart = web_sys::XmlSerializer::new()?.serialize_to_string(&copy)?;
    let chart = styled(&chart, &styles);
    let font = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif";
    // The chart's own paper and ink (its panel's, light or dark as on screen): the colours
    // written into it were chosen against them.
    let paper = svg
        .closest(".pnl")?
        .or_else(|| window.document()?.body().map(Into::into));
    let paper = match paper {
        Some(p) => window.get_computed_style(&p)?,
        None => None,
    };
    let colour = |property: &str, default: &str| {
        paper
            .as_ref()
            .and_then(|s| s.get_property_value(property).ok())
            .filter(|v| !v.is_empty() && v != "rgba(0, 0, 0, 0)")
            .unwrap_or_else(|| default.to_string())
    };
    let (bg, ink) = (
        colour("background-color", "#ffffff"),
        colour("color", "#1b2530"),
    );
    let total = h + CAPTION + below;
    let text = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{total}\" viewBox=\"0 0 {w} {total}\">\
<rect width=\"100%\" height=\"100%\" fill=\"{bg}\"/>\
<text x=\"8\" y=\"20\" style=\"{font};font-size:16px;font-weight:600;fill:{ink}\">{}</text>\
<text x=\"8\" y=\"40\" style=\"{font};font-size:12px;fill:{ink};fill-opacity:0.8\">{}</text>{chart}{key}</svg>",
        escape(title),
        escape(scope),
        key = key
            .iter()
            .enumerate()
            .map(|(i, (colour, name))| {
                let x = 8 + 190 * i;
                let y = h + CAPTION + 14;
                format!(
                    "<rect x=\"{x}\" y=\"{}\" width=\"22\" height=\"5\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" style=\"{font};font-size:12px;fill:{ink}\">{}</text>",
                    y - 4,
                    x + 28,
                    y + 1,
                    escape(name)
                )
            })
            .collect::<String>(),
    );
    Ok((text, w, total))
}

/// The colour and name of each series in the legend of the chart's figure (none when it has
/// one series).
fn legend(
    svg: &web_sys::Element,
    window: &web_sys::Window,
) -> Result<Vec<(String, String)>, JsValue> {
    let Some(figure) = svg.closest("figure")? else {
        return Ok(Vec::new());
    };
    let swatches = figure.query_selector_all(".tr-legend .sw")?;
    let mut key = Vec::new();
    for i in 0..swatches.length() {
        let Some(sw) = swatches.item(i) else { continue };
        let sw: web_sys::Element = sw.unchecked_into();
        let colour = window
            .get_computed_style(&sw)?
            .map(|s| s.get_property_value("background-color"))
            .transpose()?
            .unwrap_or_default();
        let name = sw
            .parent_element()
            .and_then(|li| li.text_content())
            .unwrap_or_default();
        key.push((escape(&colour), name));
    }
    Ok(if key.len() > 1 { key } else { Vec::new() })
}

/// `chart` with each ` data-s="N"` written as the ` style="…"` of the Nth element.
fn styled(chart: &str, styles: &[String]) -> String {
    const MARK: &str = " data-s=\"";
    let mut out =
        String::with_capacity(chart.len() + styles.iter().map(String::len).sum::<usize>());
    let mut rest = chart;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let end = after.find('"').unwrap_or(after.len());
        let style = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|n| styles.get(n));
        out.push_str(" style=\"");
        out.push_str(style.map_or("", String::as_str));
        out.push('"');
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// The chart's drawing size, from its `viewBox`.
fn view_box(svg: &web_sys::Element) -> (u32, u32) {
    let numbers: Vec<u32> = svg
        .get_attribute("viewBox")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [_, _, w, h] => (w, h),
        _ => (960, 340),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The SVG text drawn at twice its size on a white canvas, as PNG.
pub async fn png(svg: &str, w: u32, h: u32) -> Result<web_sys::Blob, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let image = web_sys::HtmlImageElement::new()?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(|_| "the chart could not be drawn as an image")?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    canvas.set_width(w * 2);
    canvas.set_height(h * 2);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or("no canvas")?
        .unchecked_into();
    context.scale(2.0, 2.0)?;
    context.draw_image_with_html_image_element(&image, 0.0, 0.0)?;
    // The PNG, once the browser has encoded it.
    let mut done = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| done = Some(resolve));
    let resolve = done.ok_or("no promise")?;
    let encoded = Closure::once_into_js(move |blob: JsValue| {
        let _ = resolve.call1(&JsValue::NULL, &blob);
    });
    canvas.to_blob_with_type(encoded.unchecked_ref(), "image/png")?;
    JsFuture::from(promise)
        .await?
        .dyn_into::<web_sys::Blob>()
        .map_err(|_| JsValue::from_str("the browser could not write the PNG"))
}

/// Offers `blob` as a download named `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
