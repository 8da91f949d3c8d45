"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { fetchFile, type ApiFailure } from "@/lib/client/api";
import { WINDOW_PRESET_NAMES, type ImagingStudyImages, type ImagingStudyView, type WindowPreset } from "@/lib/imaging/types";
import { patientApiPath, useChartResource } from "./chartApi";
import { LoadFailed, Loading } from "./ChartStates";
import { drawMeasuredImage, MeasurementOverlay, type Measurement } from "./MeasurementOverlay";
import { seriesName, SeriesThumbnails } from "./SeriesThumbnails";
import { ShowToPatient, type DrawShownImage } from "./ShowToPatient";
import { fieldClassName, hintClassName, labelClassName, secondaryButtonClassName } from "./styles";
import { INITIAL_VIEW, lengthText, measuredLength, nudge, panAfterKey, panBy, toImage, type ImageSize, type Point, type View } from "./viewerGeometry";

// A small viewer over the images the archive renders (DICOMweb /rendered, a
// window preset applied on the server): a series' images are fetched once,
// the current one first, and kept, so scrolling through a CT is instant.
// Wheel, arrow and page keys, Home/End and the slider move through the stack;
// the image zooms, pans (drag, or Shift and the arrow keys) and measures
// lengths (drag, or the keyboard's cross and Enter at each end), in mm where
// the series says its pixel spacing (viewerGeometry.ts). "Show to patient"
// shares the picture into the call (ShowToPatient.tsx).

const PRESET_LABELS: Record<WindowPreset, string> = { default: "As acquired", lung: "Lung", softTissue: "Soft tissue", bone: "Bone" };
/** Images fetched at once: enough to fill a 100-image series in a second or two without crowding the server. */
const PARALLEL_FETCHES = 4;
const ZOOMS = [1, 1.5, 2, 3, 4] as const;
/** The keyboard's measuring cross moves a fiftieth of the image a press. */
const CURSOR_STEPS = 50;

/** The image index a key moves to in a stack of `count`, or null for other keys. */
export function sliceAfterKey(key: string, index: number, count: number): number | null {
  const clamp = (value: number) => Math.min(count - 1, Math.max(0, value));
  switch (key) {
    case "ArrowDown":
    case "ArrowRight":
      return clamp(index + 1);
    case "ArrowUp":
    case "ArrowLeft":
      return clamp(index - 1);
    case "PageDown":
      return clamp(index + 10);
    case "PageUp":
      return clamp(index - 10);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** Object URLs of a series' images with a preset, fetched nearest `around` first; revoked when the series or preset changes. */
function useSeriesImages(basePath: string, instanceUids: readonly string[], preset: WindowPreset, around: number) {
  const [attempt, setAttempt] = useState(0);
  const key = `${attempt}|${basePath}|${preset}|${instanceUids.join(",")}`;
  const [state, setState] = useState<{ key: string; urls: (string | null)[]; error: ApiFailure | null }>({ key: "", urls: [], error: null });
  const aroundRef = useRef(around);
  useEffect(() => {
    aroundRef.current = around;
  });

  useEffect(() => {
    const controller = new AbortController();
    const created: string[] = [];
    const start = aroundRef.current;
    const order = instanceUids.map((_, index) => index).sort((a, b) => Math.abs(a - start) - Math.abs(b - start));
    const update = (change: (current: { urls: (string | null)[]; error: ApiFailure | null }) => { urls: (string | null)[]; error: ApiFailure | null }) =>
      setState((current) => ({ key, ...change(current.key === key ? current : { urls: instanceUids.map(() => null), error: null }) }));
    let next = 0;
    async function fetchNext(): Promise<void> {
      while (next < order.length && !controller.signal.aborted) {
        const index = order[next++]!;
        const result = await fetchFile(`${basePath}/instances/${instanceUids[index]}/rendered?preset=${preset}`, { signal: controller.signal }).catch(() => null);
        if (!result || controller.signal.aborted) return;
        if (!result.ok) {
          controller.abort();
          update((current) => ({ ...current, error: result }));
          return;
        }
        const url = URL.createObjectURL(result.data.blob);
        created.push(url);
        update((current) => ({ ...current, urls: current.urls.map((existing, at) => (at === index ? url : existing)) }));
      }
    }
    void Promise.all(Array.from({ length: PARALLEL_FETCHES }, fetchNext));
    return () => {
      controller.abort();
      for (const url of created) URL.revokeObjectURL(url);
    };
    // The key names everything the effect reads but `around`, which only orders the first fetches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const current = state.key === key ? state : { urls: instanceUids.map(() => null), error: null };
  return { ...current, retry: () => setAttempt((value) => value + 1) };
}

/** A length measured on one image of the viewer's stack. */
interface PlacedMeasurement extends Measurement {
  series: number;
  slice: number;
}

type Drag = { kind: "pan"; last: Point } | { kind: "measure"; from: Point; to: Point };

export function StudyViewer({ patientId, study, label }: { patientId: string; study: ImagingStudyView; label: string }) {
  const id = useId();
  const studyPath = patientApiPath(patientId, `imaging/studies/${study.studyInstanceUid}`);
  const opened = useChartResource<ImagingStudyImages>(studyPath);
  const [seriesIndex, setSeriesIndex] = useState(0);
  const [slice, setSlice] = useState(0);
  const [preset, setPreset] = useState<WindowPreset>("default");
  const [zoom, setZoom] = useState(0);
  const [pan, setPan] = useState<Point>(INITIAL_VIEW.pan);
  const [measuring, setMeasuring] = useState(false);
  const [measurements, setMeasurements] = useState<PlacedMeasurement[]>([]);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [cursor, setCursor] = useState<Point | null>(null);
  const [firstEnd, setFirstEnd] = useState<Point | null>(null);
  const [natural, setNatural] = useState<ImageSize | null>(null);
  const series = opened.data?.series[seriesIndex];
  const instanceUids = series?.instanceUids ?? [];
  const count = instanceUids.length;
  const images = useSeriesImages(series ? `${studyPath}/series/${series.seriesInstanceUid}` : "", instanceUids, preset, slice);
  const stackRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<HTMLImageElement>(null);
  const drawRef = useRef<DrawShownImage | null>(null);
  const isCt = study.modalities.includes("CT");

  const view: View = { zoom: ZOOMS[zoom] ?? 1, pan };
  const size: ImageSize | null = series?.geometry ? { columns: series.geometry.columns, rows: series.geometry.rows } : natural;
  const spacing = series?.geometry?.pixelSpacingMm ?? null;
  const current = Math.min(slice, Math.max(0, count - 1));
  const shown = measurements.filter((item) => item.series === seriesIndex && item.slice === current);
  const drawn: Measurement[] = drag?.kind === "measure" ? [...shown, drag] : firstEnd && cursor ? [...shown, { from: firstEnd, to: cursor }] : shown;

  // The picture shared into the call is the one on screen: redrawn from the same state.
  useEffect(() => {
    drawRef.current = size ? (context, side) => drawMeasuredImage(context, side, imageRef.current, drawn, size, view, spacing) : null;
  });

  // A wheel over the image scrolls the stack, not the page (React's wheel listeners cannot prevent that).
  useEffect(() => {
    const element = stackRef.current;
    if (!element || count < 2) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      setSlice((current) => Math.min(count - 1, Math.max(0, current + Math.sign(event.deltaY))));
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    return () => element.removeEventListener("wheel", onWheel);
  }, [count]);

  function addMeasurement(from: Point, to: Point) {
    if (from.x === to.x && from.y === to.y) return;
    setMeasurements((existing) => [...existing, { series: seriesIndex, slice: current, from, to }]);
  }

  function setMeasuringMode(on: boolean) {
    setMeasuring(on);
    setFirstEnd(null);
    setCursor(on && size ? { x: Math.round(size.columns / 2), y: Math.round(size.rows / 2) } : null);
  }

  function measureKey(event: KeyboardEvent<HTMLDivElement>): boolean {
    if (!measuring || !size || !cursor) return false;
    if (event.key === "Escape") {
      setMeasuringMode(false);
      return true;
    }
    if (event.key === "Enter" || event.key === " ") {
      if (!firstEnd) setFirstEnd(cursor);
      else {
        addMeasurement(firstEnd, cursor);
        setFirstEnd(null);
      }
      return true;
    }
    const moved = nudge(cursor, event.key, size, Math.max(1, Math.round(Math.max(size.columns, size.rows) / CURSOR_STEPS)));
    if (moved) setCursor(moved);
    return moved !== null;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const panned = event.shiftKey ? panAfterKey(event.key, view) : null;
    if (panned) setPan(panned.pan);
    else if (!measureKey(event)) {
      const zoomed = event.key === "+" || event.key === "=" ? 1 : event.key === "-" ? -1 : 0;
      if (zoomed) changeZoom(zoomed);
      else {
        const next = sliceAfterKey(event.key, slice, count);
        if (next === null) return;
        setSlice(next);
      }
    }
    event.preventDefault();
  }

  function changeZoom(step: number) {
    setZoom((value) => Math.min(ZOOMS.length - 1, Math.max(0, value + step)));
  }

  function resetView() {
    setZoom(0);
    setPan(INITIAL_VIEW.pan);
  }

  /** Where the pointer is in the box, in fractions of its side. */
  function boxPoint(event: PointerEvent<HTMLDivElement>): Point {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: (event.clientX - rect.left) / rect.width, y: (event.clientY - rect.top) / rect.height };
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const at = boxPoint(event);
    if (measuring && size) {
      const point = toImage(at, size, view);
      setDrag({ kind: "measure", from: point, to: point });
    } else setDrag({ kind: "pan", last: at });
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!drag) return;
    const at = boxPoint(event);
    if (drag.kind === "measure" && size) setDrag({ ...drag, to: toImage(at, size, view) });
    else if (drag.kind === "pan") {
      setPan(panBy(view, { x: at.x - drag.last.x, y: at.y - drag.last.y }).pan);
      setDrag({ kind: "pan", last: at });
    }
  }

  function onPointerUp() {
    if (drag?.kind === "measure") addMeasurement(drag.from, drag.to);
    setDrag(null);
  }

  function chooseSeries(index: number) {
    setSeriesIndex(index);
    setSlice(0);
    setNatural(null);
    resetView();
    setMeasuringMode(false);
  }

  if (opened.loading) return <Loading>Opening {label}…</Loading>;
  if (opened.error) return <LoadFailed what={label} error={opened.error} onRetry={opened.reload} />;
  if (!series) return null;
  const url = images.urls[current];
  const position = `Image ${current + 1} of ${count}`;
  const name = seriesName(series, seriesIndex);
  const keys = measuring
    ? "Measuring: arrow keys move the cross, Enter places each end of a length, Escape stops measuring."
    : "Arrow keys, Page Up and Page Down, Home and End move through the images; Shift and an arrow key pans; plus and minus zoom.";
  const measureStatus = !measuring ? "" : firstEnd ? "Now place the other end." : "Place the first end: drag across the image, or move the cross and press Enter.";

  return (
    <figure aria-label={label} className="space-y-2 rounded-md border border-slate-300 p-2">
      <figcaption className="text-sm font-medium text-slate-900">{label}</figcaption>
      {opened.data!.series.length > 1 && <SeriesThumbnails basePath={studyPath} series={opened.data!.series} selected={seriesIndex} onSelect={chooseSeries} />}
      <div
        ref={stackRef}
        role="group"
        aria-roledescription="image stack"
        aria-label={`${name}. ${keys}`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
        className={`relative flex aspect-square w-full touch-none items-center justify-center overflow-hidden bg-black focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-primary-700 ${measuring ? "cursor-crosshair" : "cursor-grab"}`}
      >
        {url ? (
          // eslint-disable-next-line @next/next/no-img-element -- an object URL of an image the server rendered; next/image cannot serve it
          <img
            ref={imageRef}
            src={url}
            alt={`${name}, ${position.toLowerCase()}, ${PRESET_LABELS[preset].toLowerCase()} window`}
            draggable={false}
            onLoad={(event) => setNatural({ columns: event.currentTarget.naturalWidth, rows: event.currentTarget.naturalHeight })}
            style={{ transform: `translate(${view.pan.x * 100}%, ${view.pan.y * 100}%) scale(${view.zoom})`, imageRendering: "pixelated" }}
            className="h-full w-full object-contain"
          />
        ) : (
          !images.error && <p className="text-sm text-white">Loading image…</p>
        )}
        {size && <MeasurementOverlay measurements={drawn} cursor={measuring ? cursor : null} size={size} view={view} />}
      </div>
      {images.error && <LoadFailed what="the images" error={images.error} onRetry={images.retry} />}
      <p id={`${id}-position`} className="text-sm text-slate-900" aria-live="polite">
        {position}
      </p>
      <p className={hintClassName} aria-live="polite">
        {measureStatus}
      </p>
      {shown.length > 0 && (
        <ul aria-label="Measurements" className="text-sm text-slate-900">
          {shown.map((item, index) => (
            <li key={index}>
              Length {index + 1}: {lengthText(measuredLength(item.from, item.to, spacing))}
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-end gap-3">
        {count > 1 && (
          <label className={labelClassName}>
            Image
            <input
              type="range"
              min={1}
              max={count}
              value={current + 1}
              onChange={(event) => setSlice(Number(event.target.value) - 1)}
              aria-describedby={`${id}-position`}
              className="block w-48"
            />
          </label>
        )}
        {isCt && (
          <label className={labelClassName}>
            Window
            <select value={preset} onChange={(event) => setPreset(event.target.value as WindowPreset)} className={`${fieldClassName} block`}>
              {WINDOW_PRESET_NAMES.map((name) => (
                <option key={name} value={name}>
                  {PRESET_LABELS[name]}
                </option>
              ))}
            </select>
          </label>
        )}
        <div role="group" aria-label="Zoom" className="flex gap-1">
          <button type="button" className={secondaryButtonClassName} onClick={() => changeZoom(-1)} disabled={zoom === 0}>
            Zoom out
          </button>
          <button type="button" className={secondaryButtonClassName} onClick={() => changeZoom(1)} disabled={zoom === ZOOMS.length - 1}>
            Zoom in
          </button>
          <button type="button" className={secondaryButtonClassName} onClick={resetView} disabled={zoom === 0 && pan.x === 0 && pan.y === 0}>
            Reset view
          </button>
        </div>
        <div role="group" aria-label="Measure" className="flex gap-1">
          <button type="button" aria-pressed={measuring} className={secondaryButtonClassName} onClick={() => setMeasuringMode(!measuring)} disabled={!size}>
            Measure length
          </button>
          <button type="button" className={secondaryButtonClassName} onClick={() => setMeasurements([])} disabled={measurements.length === 0}>
            Clear measurements
          </button>
        </div>
      </div>
      <ShowToPatient what={study.description ?? "imaging study"} draw={drawRef} />
    </figure>
  );
}
