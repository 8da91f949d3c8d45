"use client";

import { useEffect, useState } from "react";
import { fetchFile } from "@/lib/client/api";
import type { ImagingStudyImages } from "@/lib/imaging/types";

type Series = ImagingStudyImages["series"][number];

/** The series' name as its thumbnail and the stack say it: "Series 2: Lateral". */
export const seriesName = (series: Series, index: number) => `Series ${series.number ?? index + 1}: ${series.description ?? series.modality ?? "unnamed"}`;

/** One series' first image, small (an object URL, revoked when it goes), or null until it arrives or when it cannot. */
function useThumbnail(path: string | null) {
  const [url, setUrl] = useState<{ path: string; url: string } | null>(null);
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    let created: string | null = null;
    void fetchFile(path, { signal: controller.signal })
      .then((result) => {
        if (!result.ok || controller.signal.aborted) return;
        created = URL.createObjectURL(result.data.blob);
        setUrl({ path, url: created });
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [path]);
  return url?.path === path ? url.url : null;
}

function Thumbnail({ basePath, series, index, selected, onSelect }: { basePath: string; series: Series; index: number; selected: boolean; onSelect: () => void }) {
  const first = series.instanceUids[0];
  const url = useThumbnail(first ? `${basePath}/series/${series.seriesInstanceUid}/instances/${first}/rendered?preset=default` : null);
  return (
    <button
      type="button"
      aria-pressed={selected}
      onClick={onSelect}
      className={`flex w-28 flex-col items-center gap-1 rounded-md border p-1 text-xs text-slate-900 focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-primary-700 ${selected ? "border-primary-700 ring-2 ring-primary-700" : "border-slate-300"}`}
    >
      <span className="flex aspect-square w-full items-center justify-center bg-black">
        {/* eslint-disable-next-line @next/next/no-img-element -- an object URL of an image the server rendered; the button's text names it */}
        {url && <img src={url} alt="" className="h-full w-full object-contain" />}
      </span>
      <span>
        {seriesName(series, index)} ({series.imageCount})
      </span>
    </button>
  );
}

/** A study's series as small pictures, one button each (Tab and Enter choose one), the shown one pressed. */
export function SeriesThumbnails({ basePath, series, selected, onSelect }: { basePath: string; series: readonly Series[]; selected: number; onSelect: (index: number) => void }) {
  return (
    <div role="group" aria-label="Series" className="flex flex-wrap gap-2">
      {series.map((item, index) => (
        <Thumbnail key={item.seriesInstanceUid} basePath={basePath} series={item} index={index} selected={index === selected} onSelect={() => onSelect(index)} />
      ))}
    </div>
  );
}
