"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { fetchFile, type ApiFailure } from "@/lib/client/api";
import { WINDOW_PRESET_NAMES, type ImagingStudyImages, type ImagingStudyView, type WindowPreset } from "@/lib/imaging/types";
import { patientApiPath, useChartResource } from "./chartApi";
import { LoadFailed, Loading } from "./ChartStates";
import { fieldClassName, labelClassName, secondaryButtonClassName } from "./styles";

// A small viewer over the images the archive renders (DICOMweb /rendered, a
// window preset applied on the server): a series' images are fetched once,
// the current one first, and kept, so scrolling through a CT is instant.
// Wheel, arrow and page keys, Home/End and the slider move through the stack.

const PRESET_LABELS: Record<WindowPreset, string> = { default: "As acquired", lung: "Lung", softTissue: "Soft tissue", bone: "Bone" };
/** Images fetched at once: enough to fill a 100-image series in a second or two without crowding the server. */
const PARALLEL_FETCHES = 4;
const ZOOMS = [1, 1.5, 2, 3] as const;

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

export function StudyViewer({ patientId, study, label }: { patientId: string; study: ImagingStudyView; label: string }) {
  const id = useId();
  const studyPath = patientApiPath(patientId, `imaging/studies/${study.studyInstanceUid}`);
  const opened = useChartResource<ImagingStudyImages>(studyPath);
  const [seriesIndex, setSeriesIndex] = useState(0);
  const [slice, setSlice] = useState(0);
  const [preset, setPreset] = useState<WindowPreset>("default");
  const [zoom, setZoom] = useState(0);
  const series = opened.data?.series[seriesIndex];
  const instanceUids = series?.instanceUids ?? [];
  const count = instanceUids.length;
  const images = useSeriesImages(series ? `${studyPath}/series/${series.seriesInstanceUid}` : "", instanceUids, preset, slice);
  const stackRef = useRef<HTMLDivElement>(null);
  const isCt = study.modalities.includes("CT");

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

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const next = sliceAfterKey(event.key, slice, count);
    if (next === null) return;
    event.preventDefault();
    setSlice(next);
  }

  function chooseSeries(index: number) {
    setSeriesIndex(index);
    setSlice(0);
  }

  if (opened.loading) return <Loading>Opening {label}…</Loading>;
  if (opened.error) return <LoadFailed what={label} error={opened.error} onRetry={opened.reload} />;
  if (!series) return null;
  const current = Math.min(slice, Math.max(0, count - 1));
  const url = images.urls[current];
  const position = `Image ${current + 1} of ${count}`;
  const seriesName = `Series ${series.number ?? seriesIndex + 1}: ${series.description ?? series.modality ?? "unnamed"}`;

  return (
    <figure aria-label={label} className="space-y-2 rounded-md border border-slate-300 p-2">
      <figcaption className="text-sm font-medium text-slate-900">{label}</figcaption>
      {opened.data!.series.length > 1 && (
        <div role="group" aria-label="Series" className="flex flex-wrap gap-2">
          {opened.data!.series.map((item, index) => (
            <button
              key={item.seriesInstanceUid}
              type="button"
              aria-pressed={index === seriesIndex}
              onClick={() => chooseSeries(index)}
              className={`${secondaryButtonClassName} ${index === seriesIndex ? "ring-2 ring-primary-700" : ""}`}
            >
              {item.description ?? `Series ${item.number ?? index + 1}`} ({item.imageCount})
            </button>
          ))}
        </div>
      )}
      <div
        ref={stackRef}
        role="group"
        aria-roledescription="image stack"
        aria-label={`${seriesName}. Arrow keys, Page Up and Page Down, Home and End move through the images.`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="relative flex aspect-square w-full items-center justify-center overflow-hidden bg-black focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-primary-700"
      >
        {url ? (
          // eslint-disable-next-line @next/next/no-img-element -- an object URL of an image the server rendered; next/image cannot serve it
          <img
            src={url}
            alt={`${seriesName}, ${position.toLowerCase()}, ${PRESET_LABELS[preset].toLowerCase()} window`}
            style={{ transform: `scale(${ZOOMS[zoom]})`, imageRendering: "pixelated" }}
            className="h-full w-full object-contain"
          />
        ) : (
          !images.error && <p className="text-sm text-white">Loading image…</p>
        )}
      </div>
      {images.error && <LoadFailed what="the images" error={images.error} onRetry={images.retry} />}
      <p id={`${id}-position`} className="text-sm text-slate-900" aria-live="polite">
        {position}
      </p>
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
          <button type="button" className={secondaryButtonClassName} onClick={() => setZoom((value) => Math.max(0, value - 1))} disabled={zoom === 0}>
            Zoom out
          </button>
          <button type="button" className={secondaryButtonClassName} onClick={() => setZoom((value) => Math.min(ZOOMS.length - 1, value + 1))} disabled={zoom === ZOOMS.length - 1}>
            Zoom in
          </button>
        </div>
      </div>
    </figure>
  );
}
