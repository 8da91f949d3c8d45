// Where an image sits in the viewer's square box, and what a length on it
// measures. Positions in the box are fractions of its side (0 to 1), so the
// same numbers place the image on screen (CSS), in the overlay (SVG) and in
// the canvas shared into a call, whatever their sizes in pixels. Points on the
// image are in its own pixels (column, row), where PixelSpacing applies.

export interface Point {
  x: number;
  y: number;
}

/** Zoom (1 = the whole image fits) and the shift of the image's centre from the box's, in fractions of the box. */
export interface View {
  zoom: number;
  pan: Point;
}

export interface ImageSize {
  columns: number;
  rows: number;
}

export const INITIAL_VIEW: View = { zoom: 1, pan: { x: 0, y: 0 } };
/** The pan a modifier+arrow key moves, a tenth of the box. */
export const PAN_STEP = 0.1;

/** The image fitted whole in the box and centred, before zoom and pan: its top-left corner and box fractions per image pixel. */
function fitted(size: ImageSize): { left: number; top: number; scale: number } {
  const scale = 1 / Math.max(size.columns, size.rows);
  return { left: (1 - size.columns * scale) / 2, top: (1 - size.rows * scale) / 2, scale };
}

/** An image pixel's place in the box, zoomed about the centre and panned (as the CSS transform of the image does). */
export function toBox(point: Point, size: ImageSize, view: View): Point {
  const { left, top, scale } = fitted(size);
  return {
    x: 0.5 + view.pan.x + view.zoom * (left + point.x * scale - 0.5),
    y: 0.5 + view.pan.y + view.zoom * (top + point.y * scale - 0.5),
  };
}

/** The image pixel under a place in the box (the inverse of toBox). */
export function toImage(point: Point, size: ImageSize, view: View): Point {
  const { left, top, scale } = fitted(size);
  return {
    x: ((point.x - 0.5 - view.pan.x) / view.zoom + 0.5 - left) / scale,
    y: ((point.y - 0.5 - view.pan.y) / view.zoom + 0.5 - top) / scale,
  };
}

/** The image's rectangle in the box as the view shows it: where to draw it on a canvas. */
export function imageRect(size: ImageSize, view: View): { x: number; y: number; width: number; height: number } {
  const corner = toBox({ x: 0, y: 0 }, size, view);
  const { scale } = fitted(size);
  return { x: corner.x, y: corner.y, width: size.columns * scale * view.zoom, height: size.rows * scale * view.zoom };
}

/**
 * A length between two image pixels: in mm with the image's PixelSpacing
 * ([between rows, between columns], so a step along x is a column's width),
 * else in pixels, which is all an image without spacing can say.
 */
export function measuredLength(from: Point, to: Point, pixelSpacingMm: readonly [number, number] | null): { value: number; unit: "mm" | "px" } {
  const [rowSpacing, columnSpacing] = pixelSpacingMm ?? [1, 1];
  const value = Math.hypot((to.x - from.x) * columnSpacing, (to.y - from.y) * rowSpacing);
  return { value, unit: pixelSpacingMm ? "mm" : "px" };
}

/** "42.5 mm", "120 px": mm to a tenth, pixels whole. */
export function lengthText(length: { value: number; unit: "mm" | "px" }): string {
  return length.unit === "mm" ? `${length.value.toFixed(1)} mm` : `${Math.round(length.value)} px`;
}

/** The pan after a modifier+arrow key, or null for other keys; kept so some of the image stays in the box. */
export function panAfterKey(key: string, view: View): View | null {
  const step: Record<string, Point> = {
    ArrowLeft: { x: -PAN_STEP, y: 0 },
    ArrowRight: { x: PAN_STEP, y: 0 },
    ArrowUp: { x: 0, y: -PAN_STEP },
    ArrowDown: { x: 0, y: PAN_STEP },
  };
  const move = step[key];
  return move ? panBy(view, move) : null;
}

/** The view panned by a shift in box fractions, the image's centre kept within the box scaled by the zoom. */
export function panBy(view: View, shift: Point): View {
  const limit = view.zoom / 2;
  // Rounded to a ten-thousandth of the box (under a pixel), so steps back and forth return exactly where they started.
  const clamp = (value: number) => Math.round(Math.min(limit, Math.max(-limit, value)) * 10_000) / 10_000;
  return { ...view, pan: { x: clamp(view.pan.x + shift.x), y: clamp(view.pan.y + shift.y) } };
}

/** An image pixel moved by whole pixels and kept on the image: the keyboard's measuring cursor. */
export function nudge(point: Point, key: string, size: ImageSize, step: number): Point | null {
  const moves: Record<string, Point> = { ArrowLeft: { x: -step, y: 0 }, ArrowRight: { x: step, y: 0 }, ArrowUp: { x: 0, y: -step }, ArrowDown: { x: 0, y: step } };
  const move = moves[key];
  if (!move) return null;
  return {
    x: Math.min(size.columns - 1, Math.max(0, point.x + move.x)),
    y: Math.min(size.rows - 1, Math.max(0, point.y + move.y)),
  };
}
