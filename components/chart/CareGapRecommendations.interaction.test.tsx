import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CareGapError } from "@/lib/care-gaps/errors";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { CareGapRecommendations } from "./CareGapRecommendations";
import type { CareGapDecisionJson, ChartSummaryJson, VisitCareGapDecisionsJson } from "./types";

// Deciding on care gaps beside a visit: accepting sends the rule, dismissing
// asks for a reason and shows the server's refusal beside the field; the
// decided gap then says what was decided, and the chart is told to refresh.

const DECISIONS_PATH = "/api/appointments/appt-1/care-gaps";

const COLORECTAL: ChartSummaryJson["careGaps"][number] = {
  ruleId: "uspstf-colorectal-cancer-screening",
  title: "Colorectal cancer screening due",
  source: "USPSTF Colorectal Cancer: Screening",
  version: "2021-05",
  reason: "No colorectal screening on record.",
};
const LUNG: ChartSummaryJson["careGaps"][number] = {
  ruleId: "uspstf-lung-cancer-screening",
  title: "Lung cancer screening (low-dose CT) due",
  source: "USPSTF Lung Cancer: Screening",
  version: "2021-03",
  reason: "25 pack-years; no low-dose CT on record.",
};

function decision(gap: typeof COLORECTAL, outcome: "ACCEPTED" | "DISMISSED", reason: string | null): CareGapDecisionJson {
  return { ruleId: gap.ruleId, title: gap.title, source: gap.source, version: gap.version, outcome, reason, decidedAt: "2026-06-15T14:00:00.000Z", decidedByName: "Dr. Lena Fischer" };
}

let server: FakeServer;
let stored: CareGapDecisionJson[];

beforeEach(() => {
  stored = [];
  server = fakeServer();
  server.answer("GET", DECISIONS_PATH, () => json<VisitCareGapDecisionsJson>({ decisions: stored }));
});

function renderRecommendations() {
  const onDecided = vi.fn();
  render(<CareGapRecommendations careGaps={[COLORECTAL, LUNG]} appointmentId="appt-1" refreshKey={0} onDecided={onDecided} />);
  return { user: userEvent.setup(), onDecided };
}

const item = (title: string) => screen.getAllByRole("listitem").find((each) => each.textContent?.includes(title))!;

describe("CareGapRecommendations", () => {
  it("shows each gap's source and version, and accepts one into the plan", async () => {
    server.answer("POST", DECISIONS_PATH, () => {
      stored = [decision(COLORECTAL, "ACCEPTED", null)];
      return json<CareGapDecisionJson>(stored[0]!, 201);
    });
    const { user, onDecided } = renderRecommendations();
    expect(screen.getByText("Source: USPSTF Colorectal Cancer: Screening (version 2021-05)")).toBeInTheDocument();

    await user.click(await screen.findByRole("button", { name: "Accept into the plan: Colorectal cancer screening due" }));
    expect(await within(item(COLORECTAL.title)).findByText("Accepted into this visit's plan.")).toBeInTheDocument();
    expect(server.sent("POST", DECISIONS_PATH).map((request) => request.body)).toEqual([{ ruleId: COLORECTAL.ruleId, outcome: "ACCEPTED" }]);
    expect(onDecided).toHaveBeenCalledTimes(1);
    // The other gap is still open to decide.
    expect(within(item(LUNG.title)).getByRole("button", { name: "Dismiss: Lung cancer screening (low-dose CT) due" })).toBeEnabled();
  });

  it("asks why before dismissing, shows the server's refusal beside the reason, and dismisses with it (keyboard only)", async () => {
    server.answer("POST", DECISIONS_PATH, (request) => {
      const { reason } = request.body as { reason?: string };
      if (!reason?.trim()) return refusal(new CareGapError("CARE_GAP_REASON_REQUIRED", "Say why you dismiss this recommendation."));
      stored = [decision(LUNG, "DISMISSED", reason)];
      return json<CareGapDecisionJson>(stored[0]!, 201);
    });
    const { user, onDecided } = renderRecommendations();
    (await screen.findByRole("button", { name: "Dismiss: Lung cancer screening (low-dose CT) due" })).focus();
    await user.keyboard("{Enter}");

    const reason = screen.getByLabelText("Why dismiss “Lung cancer screening (low-dose CT) due”?");
    await user.click(screen.getByRole("button", { name: "Dismiss with this reason" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Say why you dismiss this recommendation.");
    expect(reason).toHaveAttribute("aria-invalid", "true");
    expect(onDecided).not.toHaveBeenCalled();

    await user.click(reason);
    // Enter in the reason is a new line; Tab reaches the button.
    await user.keyboard("Quit smoking 20 years ago");
    await user.tab();
    expect(screen.getByRole("button", { name: "Dismiss with this reason" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(await within(item(LUNG.title)).findByText("Dismissed at this visit: Quit smoking 20 years ago")).toBeInTheDocument();
    expect(server.sent("POST", DECISIONS_PATH).map((request) => request.body)).toEqual([
      { ruleId: LUNG.ruleId, outcome: "DISMISSED", reason: "" },
      { ruleId: LUNG.ruleId, outcome: "DISMISSED", reason: "Quit smoking 20 years ago" },
    ]);
    expect(onDecided).toHaveBeenCalledTimes(1);
  });

  it("without a visit shows the recommendations only", () => {
    render(<CareGapRecommendations careGaps={[COLORECTAL]} refreshKey={0} onDecided={() => undefined} />);
    expect(screen.getByText("No colorectal screening on record.")).toBeInTheDocument();
    expect(screen.queryByRole("button")).toBeNull();
    expect(server.requests).toEqual([]);
  });
});
