import { imageRect, lengthText, measuredLength, toBox, type ImageSize, type Point, type View } from "./viewerGeometry";

export interface Measurement {
  from: Point;
  to: Point;
}

/**
 * The lengths measured on the shown image, drawn over it where the view puts
 * them (the list under the viewer says them in words), and the keyboard's
 * measuring cursor. Decorative to assistive technology.
 */
export function MeasurementOverlay({ measurements, cursor, size, view }: { measurements: readonly Measurement[]; cursor: Point | null; size: ImageSize; view: View }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 1 1" preserveAspectRatio="none" className="pointer-events-none absolute inset-0 h-full w-full">
      {measurements.map((measurement, index) => {
        const [from, to] = [toBox(measurement.from, size, view), toBox(measurement.to, size, view)];
        return (
          <line key={index} x1={from.x} y1={from.y} x2={to.x} y2={to.y} stroke="#facc15" strokeWidth={2} vectorEffect="non-scaling-stroke" />
        );
      })}
      {cursor && <Crosshair at={toBox(cursor, size, view)} />}
    </svg>
  );
}

function Crosshair({ at }: { at: Point }) {
  const arm = 0.03;
  return (
    <g stroke="#38bdf8" strokeWidth={2} vectorEffect="non-scaling-stroke">
      <line x1={at.x - arm} y1={at.y} x2={at.x + arm} y2={at.y} vectorEffect="non-scaling-stroke" />
      <line x1={at.x} y1={at.y - arm} x2={at.x} y2={at.y + arm} vectorEffect="non-scaling-stroke" />
    </g>
  );
}

/** The same picture on a canvas `side` pixels square (the image shared into a call): the image as the view shows it, then the lengths, labelled. */
export function drawMeasuredImage(context: CanvasRenderingContext2D, side: number, image: HTMLImageElement | null, measurements: readonly Measurement[], size: ImageSize, view: View, pixelSpacingMm: readonly [number, number] | null) {
  context.fillStyle = "#000";
  context.fillRect(0, 0, side, side);
  if (image?.complete && image.naturalWidth > 0) {
    const rect = imageRect(size, view);
    context.imageSmoothingEnabled = false;
    context.drawImage(image, rect.x * side, rect.y * side, rect.width * side, rect.height * side);
  }
  context.strokeStyle = "#facc15";
  context.fillStyle = "#facc15";
  context.lineWidth = 3;
  context.font = "bold 24px sans-serif";
  for (const measurement of measurements) {
    const [from, to] = [toBox(measurement.from, size, view), toBox(measurement.to, size, view)];
    context.beginPath();
    context.moveTo(from.x * side, from.y * side);
    context.lineTo(to.x * side, to.y * side);
    context.stroke();
    context.fillText(lengthText(measuredLength(measurement.from, measurement.to, pixelSpacingMm)), to.x * side + 8, to.y * side - 8);
  }
}
