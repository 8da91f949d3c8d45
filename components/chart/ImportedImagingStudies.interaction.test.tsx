import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, json, type FakeServer } from "@/lib/client/testing/fakeServer";
import type { ImagingStudyImages, ImportedImagingStudyView } from "@/lib/imaging/types";
import { ImportedImagingStudies } from "./ImportedImagingStudies";

// Imported imaging studies in the Imaging tab: each listed "from <source>";
// one whose source answers opens in the viewer through the app's imaging
// routes, one whose source does not says "source unavailable" and offers no
// button.

const PATIENT = "pat-1";
const STUDIES = `/api/patients/${PATIENT}/imaging/studies`;
const reachable: ImportedImagingStudyView = { studyInstanceUid: "2.25.30", description: "CT chest", modality: "CT", date: "2026-10-02", source: "Mercy Hospital", available: true };
const unreachable: ImportedImagingStudyView = { studyInstanceUid: "2.25.40", description: "XR knee", modality: "DX", date: "2026-09-01", source: "Old Town Imaging", available: false };

let server: FakeServer;

beforeEach(() => {
  vi.stubGlobal(
    "URL",
    class extends URL {
      static override createObjectURL() {
        return "blob:test/1";
      }
      static override revokeObjectURL() {}
    },
  );
  server = fakeServer();
  server.answer("GET", `/api/patients/${PATIENT}/imaging/imported`, () => json([reachable, unreachable]));
  const opened: ImagingStudyImages = { studyInstanceUid: "2.25.30", series: [{ seriesInstanceUid: "2.25.31", number: 1, description: "Axial", modality: "CT", imageCount: 1, instanceUids: ["2.25.32"], geometry: null }] };
  server.answer("GET", `${STUDIES}/2.25.30`, () => json(opened));
  for (const preset of ["default", "lung", "softTissue", "bone"]) {
    server.answer("GET", `${STUDIES}/2.25.30/series/2.25.31/instances/2.25.32/rendered?preset=${preset}`, () => new Response("png", { headers: { "Content-Type": "image/png" } }));
  }
});

describe("ImportedImagingStudies", () => {
  it("lists each study from its source, and says when a source is unavailable", async () => {
    render(<ImportedImagingStudies patientId={PATIENT} />);
    const ct = await screen.findByRole("article", { name: "CT chest, 2026-10-02, from Mercy Hospital" });
    expect(ct).toHaveTextContent("CT · Oct 2, 2026 · from Mercy Hospital");
    const knee = screen.getByRole("article", { name: "XR knee, 2026-09-01, from Old Town Imaging" });
    expect(knee).toHaveTextContent("Source unavailable: Old Town Imaging did not answer for this study.");
    expect(within(knee).queryByRole("button")).toBeNull();
  });

  it("opens an available study in the viewer, through the app's imaging routes", async () => {
    render(<ImportedImagingStudies patientId={PATIENT} />);
    await userEvent.setup().click(await screen.findByRole("button", { name: "Open images: CT chest, 2026-10-02, from Mercy Hospital" }));
    const viewer = await screen.findByRole("region", { name: "Imported image viewer" });
    expect(await within(viewer).findByRole("img")).toBeVisible();
    expect(server.sent("GET", `${STUDIES}/2.25.30`)).toHaveLength(1);
  });

  it("shows nothing when the patient has no imported studies", async () => {
    server.answer("GET", `/api/patients/${PATIENT}/imaging/imported`, () => json([]));
    const { container } = render(<ImportedImagingStudies patientId={PATIENT} />);
    await vi.waitFor(() => expect(screen.queryByText(/Loading/)).toBeNull());
    expect(container).toBeEmptyDOMElement();
  });
});
