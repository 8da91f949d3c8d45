import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeServer, type FakeServer } from "@/lib/client/testing/fakeServer";
import { withMessages } from "@/lib/i18n/testing/messages";
import type { Locale } from "@/lib/i18n/locales";
import { BookVisitForm } from "./BookVisitForm";

// The patient's booking form lists, for the physician chosen, only the visit
// types that physician offers, asks for free times of one of those, and says
// so (in the patient's language) when the physician offers none.

const VISIT_TYPES = [
  { id: "vt-15", name: "Follow-up visit", durationMinutes: 15 },
  { id: "vt-30", name: "Standard visit", durationMinutes: 30 },
  { id: "vt-60", name: "New patient visit", durationMinutes: 60 },
];
const PHYSICIANS = [
  { id: "phys-1", name: "Dr. Lena Fischer", specialty: "Endocrinology", visitTypeIds: ["vt-30", "vt-60"] },
  { id: "phys-2", name: "Dr. Samuel Okafor", specialty: "Internal medicine", visitTypeIds: ["vt-15"] },
  { id: "phys-3", name: "Dr. Ana Ruiz", specialty: "Cardiology", visitTypeIds: [] },
];
// The form refreshes the page after a booking; these tests book nothing.
const router = { refresh: () => {} } as unknown as AppRouterInstance;

let server: FakeServer;
beforeEach(() => {
  server = fakeServer();
});

function renderForm(locale: Locale = "en") {
  render(
    withMessages(
      <AppRouterContext.Provider value={router}>
        <BookVisitForm patientId="pat-1" physicians={PHYSICIANS} visitTypes={VISIT_TYPES} />
      </AppRouterContext.Provider>,
      locale,
    ),
  );
}

const optionsOf = (select: HTMLElement) => Array.from((select as HTMLSelectElement).options, (option) => option.textContent);
const slotSearches = () =>
  server.requests.filter((request) => request.path.startsWith("/api/slots?")).map((request) => new URLSearchParams(request.path.split("?")[1]));

describe("the patient's booking form", () => {
  it("lists only the chosen physician's visit types, searching free times for one of them", async () => {
    const user = userEvent.setup();
    renderForm();
    const physician = screen.getByRole("combobox", { name: "Physician" });
    await waitFor(() => expect(physician).toBeEnabled());
    expect(optionsOf(screen.getByRole("combobox", { name: "Visit type" }))).toEqual(["Standard visit (30 minutes)", "New patient visit (60 minutes)"]);
    await user.selectOptions(screen.getByRole("combobox", { name: "Visit type" }), "vt-60");

    await user.selectOptions(physician, "phys-2");
    const visitType = screen.getByRole("combobox", { name: "Visit type" });
    expect(optionsOf(visitType)).toEqual(["Follow-up visit (15 minutes)"]);
    expect(visitType).toHaveValue("vt-15");
    await waitFor(() => expect(slotSearches().at(-1)?.get("physicianId")).toBe("phys-2"));
    expect(slotSearches().at(-1)?.get("visitTypeId")).toBe("vt-15");
  });

  it("says when the physician offers nothing to book, instead of an empty list, in the patient's language", async () => {
    const user = userEvent.setup();
    renderForm("es");
    const physician = screen.getByRole("combobox", { name: "Médico" });
    await waitFor(() => expect(physician).toBeEnabled());
    const searches = slotSearches().length;
    await user.selectOptions(physician, "phys-3");

    expect(screen.queryByRole("combobox", { name: "Tipo de consulta" })).not.toBeInTheDocument();
    expect(screen.getByText("Dr. Ana Ruiz no tiene consultas para programar en línea por ahora. Elija otro médico o llame a la clínica.")).toBeVisible();
    expect(slotSearches()).toHaveLength(searches);
    expect(screen.getByRole("button", { name: /Elija primero/i })).toBeDisabled();
  });
});
