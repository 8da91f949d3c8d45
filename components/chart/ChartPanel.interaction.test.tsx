import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChartPanel } from "./ChartPanel";
import { EMPTY_SUMMARY } from "./testing/summaryFixture";
import { VisitChartLayout } from "./VisitChartLayout";

// The physician's workspace: on a wide screen the note sits beside the chart's
// tabs and stays editable while they change; on a narrower one it is a tab.
// Keyboard shortcuts open tabs and the note's sections (components/shortcuts).

/** jsdom has no layout: the screen's width is what matchMedia answers. */
function screenIsWide(wide: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: wide,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }));
}

function renderChart() {
  const note = (
    <section aria-label="Consultation note">
      <label>
        Plan
        <textarea />
      </label>
    </section>
  );
  return render(
    <VisitChartLayout
      call={<p>the call</p>}
      chart={<ChartPanel patientId="p1" appointmentId="a1" timeZone="UTC" frequencies={["once daily"]} initialSummary={EMPTY_SUMMARY} note={note} />}
    />,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("the chart panel on a wide screen", () => {
  it("keeps the note beside the tabs, typed text and all, while the physician moves between tabs by keyboard", async () => {
    screenIsWide(true);
    const user = userEvent.setup();
    renderChart();
    expect(screen.queryByRole("tab", { name: "Note" })).toBeNull();
    const plan = screen.getByRole("textbox", { name: "Plan" });
    await user.type(plan, "Recheck in two weeks");

    await user.keyboard("{Alt>}{Shift>}3{/Shift}{/Alt}");
    expect(screen.getByRole("tab", { name: "Prescriptions" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("textbox", { name: "Plan" })).toHaveValue("Recheck in two weeks");
    expect(screen.getByRole("textbox", { name: "Plan" })).toBeVisible();

    await user.keyboard("{Alt>}{Shift>}1{/Shift}{/Alt}");
    expect(screen.getByRole("tab", { name: "Summary" })).toHaveAttribute("aria-selected", "true");
  });

  it("lists the shortcuts in a dialog opened by ? outside a text field, and types ? inside one", async () => {
    screenIsWide(true);
    const user = userEvent.setup();
    renderChart();
    await user.type(screen.getByRole("textbox", { name: "Plan" }), "why?");
    expect(screen.getByRole("textbox", { name: "Plan" })).toHaveValue("why?");
    expect(screen.queryByRole("dialog")).toBeNull();

    await user.click(screen.getByRole("tab", { name: "Summary" }));
    await user.keyboard("?");
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(dialog).getByText("Alt+Shift+M")).toBeInTheDocument();
    expect(within(dialog).getByText("Open the chart's tabs in their order (1 is Summary)")).toBeInTheDocument();
    expect(within(dialog).getByText("Write in the note's Plan")).toBeInTheDocument();
  });
});

describe("the chart panel on a narrower screen", () => {
  it("has the note as its last tab, which the note's section keys open", async () => {
    screenIsWide(false);
    const user = userEvent.setup();
    renderChart();
    const noteTab = screen.getByRole("tab", { name: "Note" });
    expect(noteTab).toHaveAttribute("aria-selected", "false");
    expect(screen.queryByRole("textbox", { name: "Plan" })).toBeNull(); // in the hidden tab panel

    await user.keyboard("{Alt>}{Shift>}P{/Shift}{/Alt}");
    expect(noteTab).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("textbox", { name: "Plan" })).toBeVisible();
  });
});
