import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useOfferImageShare, type PublishImage } from "@/components/visits/imageShare";
import { ShowToPatient, type DrawShownImage } from "./ShowToPatient";

// "Show to patient" beside the call: offered only while the call offers it,
// publishing the viewer's picture drawn on a canvas, and stopped by Stop, by
// the call withdrawing its offer and by the viewer closing. The call is a
// stand-in offering a publish function (the browser's canvas capture too,
// which jsdom lacks); the patient's side is the e2e's.

const track = { stop: vi.fn() };
const context = {} as CanvasRenderingContext2D;
let unpublish: ReturnType<typeof vi.fn<() => Promise<void>>>;
let publish: ReturnType<typeof vi.fn<PublishImage>>;

function Call({ offering }: { offering: PublishImage | null }) {
  useOfferImageShare(offering);
  return null;
}

function Page({ offering, viewer = true, draw }: { offering: PublishImage | null; viewer?: boolean; draw: DrawShownImage }) {
  return (
    <>
      <Call offering={offering} />
      {viewer && <ShowToPatient what="CT chest without contrast" draw={{ current: draw }} />}
    </>
  );
}

beforeEach(() => {
  track.stop.mockClear();
  unpublish = vi.fn(() => Promise.resolve());
  publish = vi.fn<PublishImage>(() => Promise.resolve(unpublish));
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => context as never);
  HTMLCanvasElement.prototype.captureStream = function captureStream() {
    return { getVideoTracks: () => [track] } as unknown as MediaStream;
  };
});

describe("ShowToPatient", () => {
  it("is not offered without a call that has the patient in it", () => {
    render(<Page offering={null} draw={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "Show to patient" })).toBeNull();
  });

  it("publishes the drawn picture as the named image and stops it on Stop", async () => {
    const user = userEvent.setup();
    const draw = vi.fn<DrawShownImage>();
    render(<Page offering={publish} draw={draw} />);
    await user.click(screen.getByRole("button", { name: "Show to patient" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Showing to patient");
    expect(publish).toHaveBeenCalledWith(track, "CT chest without contrast");
    expect(draw).toHaveBeenCalledWith(context, 720);
    await user.click(screen.getByRole("button", { name: "Stop" }));
    expect(unpublish).toHaveBeenCalledOnce();
    expect(track.stop).toHaveBeenCalledOnce();
    expect(screen.getByRole("button", { name: "Show to patient" })).toBeInTheDocument();
  });

  it("stops when the call withdraws its offer (the call ended, the patient left)", async () => {
    const user = userEvent.setup();
    const { rerender } = render(<Page offering={publish} draw={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Show to patient" }));
    await screen.findByText("Showing to patient");
    rerender(<Page offering={null} draw={vi.fn()} />);
    expect(unpublish).toHaveBeenCalledOnce();
    expect(track.stop).toHaveBeenCalledOnce();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("stops when the viewer closes", async () => {
    const user = userEvent.setup();
    const { rerender } = render(<Page offering={publish} draw={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Show to patient" }));
    await screen.findByText("Showing to patient");
    rerender(<Page offering={publish} viewer={false} draw={vi.fn()} />);
    expect(unpublish).toHaveBeenCalledOnce();
    expect(track.stop).toHaveBeenCalledOnce();
  });

  it("says so when the call would not take the image", async () => {
    publish.mockRejectedValueOnce(new Error("not allowed"));
    const user = userEvent.setup();
    render(<Page offering={publish} draw={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Show to patient" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The image could not be shown in the call.");
    expect(track.stop).toHaveBeenCalledOnce();
    expect(screen.getByRole("button", { name: "Show to patient" })).toBeInTheDocument();
  });
});
