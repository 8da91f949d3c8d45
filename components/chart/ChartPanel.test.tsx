import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AllergyList } from "./AllergyList";
import { ChartPanel } from "./ChartPanel";
import { EMPTY_SUMMARY } from "./testing/summaryFixture";
import type { ChartSummaryJson } from "./types";
import { VisitChartLayout } from "./VisitChartLayout";

describe("the visit page's chart panel, as first rendered", () => {
  const html = renderToStaticMarkup(
    <VisitChartLayout
      call={<p>the call</p>}
      chart={
        <ChartPanel patientId="p1" appointmentId="a1" timeZone="UTC" frequencies={["once daily"]} note={<p>the note editor</p>} />
      }
    />,
  );

  it("puts the chart in a complementary landmark beside the call, with a keyboard-operable separator", () => {
    expect(html).toContain('<aside id="');
    expect(html).toContain('aria-label="Patient chart"');
    expect(html).toMatch(/role="separator" aria-orientation="vertical" aria-label="Resize chart panel"[^>]*aria-valuenow="40" aria-valuemin="25" aria-valuemax="70"[^>]*tabindex="0"/);
    expect(html).toContain(">Hide chart</button>");
    expect(html.indexOf("the call")).toBeLessThan(html.indexOf("Patient chart"));
  });

  it("offers the seven sections as tabs, the summary selected and the note mounted from the start", () => {
    expect(html).toContain('role="tablist" aria-label="Chart sections"');
    const tabs = [...html.matchAll(/role="tab"[^>]*aria-selected="(true|false)"[^>]*>([^<]+)</g)].map((match) => [match[2], match[1]]);
    expect(tabs).toEqual([
      ["Summary", "true"],
      ["Check-in", "false"],
      ["Prescriptions", "false"],
      ["Labs", "false"],
      ["History", "false"],
      ["Imaging", "false"],
      ["Note", "false"],
    ]);
    expect(html.match(/role="tabpanel"/g)).toHaveLength(7);
    expect(html).toContain("the note editor");
    expect(html).toContain("Loading the chart summary…");
  });
});

describe("the chart panel with the summary the server read for the page", () => {
  const summary: ChartSummaryJson = {
    ...EMPTY_SUMMARY,
    allergies: [
      {
        id: "al1",
        substance: "Penicillin",
        reaction: "Anaphylaxis",
        severity: "LIFE_THREATENING",
        highlighted: true,
        rxnormCode: null,
        drugClass: "penicillins",
        recordedAt: "2020-01-01T00:00:00.000Z",
        source: null,
      },
    ],
  };
  const html = renderToStaticMarkup(
    <ChartPanel
      patientId="p1"
      appointmentId="a1"
      timeZone="UTC"
      frequencies={["once daily"]}
      initialSummary={summary}
      note={<p>the note editor</p>}
    />,
  );

  it("shows the patient and their allergies in the first HTML, with nothing left to load", () => {
    expect(html).toContain("Amara Osei");
    expect(html).toContain("Penicillin");
    expect(html).not.toContain("Loading the chart summary…");
  });
});

describe("AllergyList", () => {
  const allergy = {
    rxnormCode: null,
    drugClass: null,
    recordedAt: "2024-01-01T00:00:00.000Z",
    source: null,
  };

  it("writes out every severity, and marks severe ones with a label and an icon, not colour alone", () => {
    const html = renderToStaticMarkup(
      <AllergyList
        allergies={[
          { ...allergy, id: "1", substance: "Penicillin", reaction: "Anaphylaxis", severity: "LIFE_THREATENING", highlighted: true },
          { ...allergy, id: "2", substance: "Latex", reaction: "Rash", severity: "MILD", highlighted: false },
        ]}
      />,
    );
    expect(html).toContain(">Allergies</h3>");
    expect(html).toMatch(/Life-threatening(<!-- -->)? allergy/);
    expect(html).toContain('<svg viewBox="0 0 20 20" aria-hidden="true"');
    expect(html).toContain("Severity: <span");
    expect(html).toContain(">Mild</span>");
    expect(html.match(/<svg/g)).toHaveLength(1);
  });

  it("says when none are recorded", () => {
    expect(renderToStaticMarkup(<AllergyList allergies={[]} />)).toContain("No allergies recorded.");
  });
});
