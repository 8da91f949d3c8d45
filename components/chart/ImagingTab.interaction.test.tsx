import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
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
const images = (study: ImagingStudyView, count: number): ImagingStudyImages => ({
  studyInstanceUid: study.studyInstanceUid,
  series: [{ ...study.series[0]!, instanceUids: Array.from({ length: count }, (_, index) => `${study.series[0]!.seriesInstanceUid}.${index + 1}`) }],
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
