import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { ImagingStudyNotFoundError } from "@/lib/imaging/errors";
import type { ImagingStudiesView, ImagingStudyImages, ImagingStudyView } from "@/lib/imaging/types";
import { ImagingTab } from "./ImagingTab";

// The chart's Imaging tab: the studies listed with their reports, a study
// opened in the viewer and scrolled by keys and the slider, its window
// changed, compared with the previous one; a refusal shown as such.

const PATIENT = "pat-1";
const BASE = `/api/patients/${PATIENT}/imaging/studies`;

const ct: ImagingStudyView = {
  studyInstanceUid: "2.25.10",
  date: "2026-11-24",
  modalities: ["CT"],
  bodyPart: "CHEST",
  description: "CT chest without contrast",
  imageCount: 3,
  series: [{ seriesInstanceUid: "2.25.11", number: 1, description: "Axial 2.5 mm", modality: "CT", imageCount: 3 }],
  report: { title: "CT chest without contrast", findings: "8 mm solid nodule in the right upper lobe.", impression: "Follow-up CT in 3 months.", radiologist: "Dr. Helen Okafor", issuedAt: "2026-11-24T17:00:00.000Z" },
  previousStudyUid: "2.25.20",
};
const previousCt: ImagingStudyView = { ...ct, studyInstanceUid: "2.25.20", date: "2024-12-04", imageCount: 1, series: [{ ...ct.series[0]!, seriesInstanceUid: "2.25.21", imageCount: 1 }], report: null, previousStudyUid: null };
/** The CT's images are 200 columns by 100 rows, 0.5 mm apart; the older one's say no spacing. */
const images = (study: ImagingStudyView, count: number): ImagingStudyImages => ({
  studyInstanceUid: study.studyInstanceUid,
  series: [
    {
      ...study.series[0]!,
      instanceUids: Array.from({ length: count }, (_, index) => `${study.series[0]!.seriesInstanceUid}.${index + 1}`),
      geometry: { rows: 100, columns: 200, pixelSpacingMm: study === ct ? [0.5, 0.5] : null },
    },
  ],
});

let server: FakeServer;
const blobs = new Map<string, Blob>();

/** Every image the fake archive renders says which one it is and with which window. */
function answerImages(study: ImagingStudyView, count: number) {
  const opened = images(study, count);
  server.answer("GET", `${BASE}/${study.studyInstanceUid}`, () => json(opened));
  for (const uid of opened.series[0]!.instanceUids) {
    for (const preset of ["default", "lung", "softTissue", "bone"]) {
      server.answer("GET", `${BASE}/${study.studyInstanceUid}/series/${opened.series[0]!.seriesInstanceUid}/instances/${uid}/rendered?preset=${preset}`, () => new Response(`${uid} ${preset}`, { headers: { "Content-Type": "image/png" } }));
    }
  }
}

const shownImage = async (viewer: HTMLElement) => {
  const image = await within(viewer).findByRole("img");
  return blobs.get(image.getAttribute("src")!)!.text();
};

// The viewer loads lazily; transformed once here, so a busy machine's first transform does not eat a test's wait for it.
beforeAll(() => import("./StudyViewer"));

beforeEach(() => {
  blobs.clear();
  vi.stubGlobal(
    "URL",
    class extends URL {
      static override createObjectURL(blob: Blob) {
        const url = `blob:test/${blobs.size + 1}`;
        blobs.set(url, blob);
        return url;
      }
      static override revokeObjectURL() {}
    },
  );
  server = fakeServer();
  server.answer("GET", BASE, () => json<ImagingStudiesView>({ configured: true, studies: [ct, previousCt] }));
  answerImages(ct, 3);
  answerImages(previousCt, 1);
  server.answer("GET", `/api/patients/${PATIENT}/imaging/imported`, () => json([]));
});

/** Opens the CT in the viewer, its first image shown. */
async function openCt(user: ReturnType<typeof userEvent.setup>) {
  render(<ImagingTab patientId={PATIENT} />);
  await user.click(await screen.findByRole("button", { name: "Open images: CT chest without contrast, 2026-11-24" }));
  const viewer = await screen.findByRole("figure", { name: "CT chest without contrast, 2026-11-24" });
  await waitFor(async () => expect(await shownImage(viewer)).toBe("2.25.11.1 default"));
  return viewer;
}

/** jsdom lays nothing out: the stack is a 400-pixel square at the page's corner. */
function boxOf(stack: HTMLElement) {
  stack.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 400, height: 400 });
}

describe("ImagingTab", () => {
  it("lists the studies with modality, body part, date, images, series and the report", async () => {
    render(<ImagingTab patientId={PATIENT} />);
    const study = await screen.findByRole("article", { name: "CT chest without contrast, 2026-11-24" });
    expect(study).toHaveTextContent("CT · CHEST · Nov 24, 2026 · 3 images");
    expect(within(study).getByRole("list", { name: "Series" })).toHaveTextContent("Series 1: Axial 2.5 mm (3 images)");
    await userEvent.setup().click(within(study).getByText("Report: CT chest without contrast"));
    expect(within(study).getByText("8 mm solid nodule in the right upper lobe.")).toBeVisible();
    expect(screen.getByRole("article", { name: "CT chest without contrast, 2024-12-04" })).toHaveTextContent("No report yet.");
  });

  it("opens a study and moves through its images by keys and the slider, and changes the window", async () => {
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    const study = await screen.findByRole("article", { name: "CT chest without contrast, 2026-11-24" });
    await user.click(within(study).getByRole("button", { name: "Open images: CT chest without contrast, 2026-11-24" }));
    const viewer = await screen.findByRole("figure", { name: "CT chest without contrast, 2026-11-24" });
    expect(within(viewer).getByText("Image 1 of 3")).toBeInTheDocument();
    await waitFor(async () => expect(await shownImage(viewer)).toBe("2.25.11.1 default"));

    within(viewer).getByRole("group", { name: /Series 1: Axial 2.5 mm/ }).focus();
    await user.keyboard("{ArrowDown}");
    expect(within(viewer).getByText("Image 2 of 3")).toBeInTheDocument();
    await waitFor(async () => expect(await shownImage(viewer)).toBe("2.25.11.2 default"));
    await user.keyboard("{End}");
    expect(within(viewer).getByText("Image 3 of 3")).toBeInTheDocument();
    await user.keyboard("{ArrowDown}");
    expect(within(viewer).getByText("Image 3 of 3")).toBeInTheDocument();
    // Past the last image nothing moves, so one step up is the one before it.
    await user.keyboard("{ArrowUp}");
    expect(within(viewer).getByText("Image 2 of 3")).toBeInTheDocument();
    fireEvent.change(within(viewer).getByRole("slider", { name: "Image" }), { target: { value: "1" } });
    expect(within(viewer).getByText("Image 1 of 3")).toBeInTheDocument();
    await user.keyboard("{End}");

    await user.selectOptions(within(viewer).getByRole("combobox", { name: "Window" }), "Lung");
    await waitFor(async () => expect(await shownImage(viewer)).toBe("2.25.11.3 lung"));
    expect(within(viewer).getByRole("img")).toHaveAccessibleName("Series 1: Axial 2.5 mm, image 3 of 3, lung window");
  });

  it("compares a study with the previous one side by side", async () => {
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    await user.click(await screen.findByRole("button", { name: "Compare with previous (Dec 4, 2024)" }));
    const older = await screen.findByRole("figure", { name: "CT chest without contrast, 2024-12-04" });
    expect(await screen.findByRole("figure", { name: "CT chest without contrast, 2026-11-24" })).toBeInTheDocument();
    await waitFor(async () => expect(await shownImage(older)).toBe("2.25.21.1 default"));
  });

  it("zooms, pans by dragging and by Shift and the arrow keys, and resets the view", async () => {
    const user = userEvent.setup();
    const viewer = await openCt(user);
    const image = within(viewer).getByRole("img");
    await user.click(within(viewer).getByRole("button", { name: "Zoom in" }));
    expect(image.style.transform).toBe("translate(0%, 0%) scale(1.5)");
    const stack = within(viewer).getByRole("group", { name: /^Series 1: Axial 2.5 mm/ });
    stack.focus();
    await user.keyboard("{Shift>}{ArrowRight}{ArrowDown}{/Shift}");
    expect(image.style.transform).toBe("translate(10%, 10%) scale(1.5)");
    // Shift and an arrow pan; the stack stays on its image.
    expect(within(viewer).getByText("Image 1 of 3")).toBeInTheDocument();
    await user.keyboard("+");
    expect(image.style.transform).toBe("translate(10%, 10%) scale(2)");
    boxOf(stack);
    fireEvent.pointerDown(stack, { clientX: 200, clientY: 200, button: 0, pointerId: 1 });
    fireEvent.pointerMove(stack, { clientX: 160, clientY: 200, pointerId: 1 });
    fireEvent.pointerUp(stack, { clientX: 160, clientY: 200, pointerId: 1 });
    expect(image.style.transform).toBe("translate(0%, 10%) scale(2)");
    await user.click(within(viewer).getByRole("button", { name: "Reset view" }));
    expect(image.style.transform).toBe("translate(0%, 0%) scale(1)");
    expect(within(viewer).getByRole("button", { name: "Reset view" })).toBeDisabled();
  });

  it("measures lengths in mm from the series' pixel spacing, with the keyboard and by dragging, on the image they were drawn on, and clears them", async () => {
    const user = userEvent.setup();
    const viewer = await openCt(user);
    await user.click(within(viewer).getByRole("button", { name: "Measure length" }));
    expect(within(viewer).getByRole("button", { name: "Measure length" })).toHaveAttribute("aria-pressed", "true");
    const stack = within(viewer).getByRole("group", { name: /^Series 1: Axial 2.5 mm. Measuring/ });
    stack.focus();
    // The cross starts at the image's centre and moves 4 pixels (a fiftieth of 200) a press: 20 pixels, 0.5 mm apart.
    await user.keyboard("{Enter}");
    expect(within(viewer).getByText("Now place the other end.")).toBeInTheDocument();
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{Enter}");
    expect(within(viewer).getByRole("list", { name: "Measurements" })).toHaveTextContent("Length 1: 10.0 mm");
    // The 200 by 100 image fills the 400-pixel box's width, centred: a quarter of the box across is 100 pixels.
    boxOf(stack);
    fireEvent.pointerDown(stack, { clientX: 100, clientY: 200, button: 0, pointerId: 1 });
    fireEvent.pointerMove(stack, { clientX: 300, clientY: 200, pointerId: 1 });
    fireEvent.pointerUp(stack, { clientX: 300, clientY: 200, pointerId: 1 });
    expect(within(viewer).getByRole("list", { name: "Measurements" })).toHaveTextContent("Length 1: 10.0 mmLength 2: 50.0 mm");
    // Another image has none of them; back on the first, they are there.
    await user.keyboard("{PageDown}");
    expect(within(viewer).getByText("Image 3 of 3")).toBeInTheDocument();
    expect(within(viewer).queryByRole("list", { name: "Measurements" })).toBeNull();
    await user.keyboard("{Home}{Escape}");
    expect(within(viewer).getByRole("button", { name: "Measure length" })).toHaveAttribute("aria-pressed", "false");
    expect(within(viewer).getAllByRole("listitem").filter((item) => item.textContent?.startsWith("Length"))).toHaveLength(2);
    await user.click(within(viewer).getByRole("button", { name: "Clear measurements" }));
    expect(within(viewer).queryByRole("list", { name: "Measurements" })).toBeNull();
  });

  it("says lengths in pixels when the series has no pixel spacing", async () => {
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    await user.click(await screen.findByRole("button", { name: "Open images: CT chest without contrast, 2024-12-04" }));
    const viewer = await screen.findByRole("figure", { name: "CT chest without contrast, 2024-12-04" });
    await user.click(await within(viewer).findByRole("button", { name: "Measure length" }));
    within(viewer).getByRole("group", { name: /Measuring/ }).focus();
    await user.keyboard("{Enter}{ArrowDown}{ArrowDown}{Enter}");
    expect(within(viewer).getByRole("list", { name: "Measurements" })).toHaveTextContent("Length 1: 8 px");
  });

  it("shows a study's series as labelled thumbnails, chosen with the keyboard", async () => {
    const xray: ImagingStudyView = {
      ...previousCt,
      studyInstanceUid: "2.25.30",
      modalities: ["DX"],
      description: "XR chest 2 views",
      series: [
        { seriesInstanceUid: "2.25.31", number: 1, description: "PA", modality: "DX", imageCount: 1 },
        { seriesInstanceUid: "2.25.32", number: 2, description: "Lateral", modality: "DX", imageCount: 1 },
      ],
      previousStudyUid: null,
    };
    server.answer("GET", BASE, () => json<ImagingStudiesView>({ configured: true, studies: [xray] }));
    server.answer("GET", `${BASE}/${xray.studyInstanceUid}`, () =>
      json<ImagingStudyImages>({
        studyInstanceUid: xray.studyInstanceUid,
        series: xray.series.map((series) => ({ ...series, instanceUids: [`${series.seriesInstanceUid}.1`], geometry: null })),
      }),
    );
    for (const series of xray.series) {
      server.answer("GET", `${BASE}/${xray.studyInstanceUid}/series/${series.seriesInstanceUid}/instances/${series.seriesInstanceUid}.1/rendered?preset=default`, () => new Response(`${series.description}`, { headers: { "Content-Type": "image/png" } }));
    }
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    await user.click(await screen.findByRole("button", { name: /^Open images: XR chest 2 views/ }));
    const viewer = await screen.findByRole("figure", { name: /^XR chest 2 views/ });
    const thumbnails = within(viewer).getByRole("group", { name: "Series" });
    const lateral = within(thumbnails).getByRole("button", { name: "Series 2: Lateral (1)" });
    expect(within(thumbnails).getByRole("button", { name: "Series 1: PA (1)" })).toHaveAttribute("aria-pressed", "true");
    expect(lateral).toHaveAttribute("aria-pressed", "false");
    // Each thumbnail is its series' first image.
    await waitFor(() => expect(lateral.querySelector("img")).not.toBeNull());
    expect(await blobs.get(lateral.querySelector("img")!.getAttribute("src")!)!.text()).toBe("Lateral");
    lateral.focus();
    await user.keyboard("{Enter}");
    expect(lateral).toHaveAttribute("aria-pressed", "true");
    expect(within(viewer).getByRole("group", { name: /^Series 2: Lateral\./ })).toBeInTheDocument();
    await waitFor(async () => expect(await shownImage(viewer)).toBe("Lateral"));
  });

  it("says when the study cannot be opened, and shows no image", async () => {
    server.answer("GET", `${BASE}/${ct.studyInstanceUid}`, () => refusal(new ImagingStudyNotFoundError()));
    const user = userEvent.setup();
    render(<ImagingTab patientId={PATIENT} />);
    await user.click(await screen.findByRole("button", { name: "Open images: CT chest without contrast, 2026-11-24" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That study is not in this patient's chart.");
    expect(screen.queryByRole("img")).toBeNull();
  });

  it("says imaging is not configured, with the line that sets it up", async () => {
    server.answer("GET", BASE, () => json<ImagingStudiesView>({ configured: false, setup: "sudo apt-get install orthanc orthanc-dicomweb" }));
    render(<ImagingTab patientId={PATIENT} />);
    expect(await screen.findByText(/Imaging is not configured/)).toBeInTheDocument();
    expect(screen.getByText("sudo apt-get install orthanc orthanc-dicomweb")).toBeInTheDocument();
  });
});
