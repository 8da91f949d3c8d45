import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { withMessages } from "@/lib/i18n/testing/messages";
import { OrderValidationError } from "@/lib/orders/errors";
import { LabOrders } from "./LabOrders";
import type { LabOrderJson, LabOrdersJson } from "./types";

// Ordering a lab panel from the visit's chart: the form sends the panel and
// indication with the visit, says why when the server refuses, and lists the
// new order as pending once it is placed.

const PATIENT_ID = "pat-1";
const ORDERS_PATH = `/api/patients/${PATIENT_ID}/lab-orders`;

const ORDERABLE: LabOrdersJson["orderable"] = {
  panels: [
    { loincCode: "58410-2", name: "CBC" },
    { loincCode: "51990-0", name: "BMP" },
  ],
  indications: [{ code: "E11.9", title: "Type 2 diabetes mellitus without complications" }],
};

const BMP_ORDER: LabOrderJson = {
  id: "order-1",
  panelLoinc: "51990-0",
  panelName: "BMP",
  indicationCode: "E11.9",
  indicationText: "Type 2 diabetes mellitus without complications",
  status: "PENDING",
  orderedAt: "2026-03-05T14:00:00.000Z",
  resultedAt: null,
  reviewedAt: null,
  patientNotifiedAt: null,
  physicianName: "Dr. Maya Lee",
  results: [],
};

let server: FakeServer;
let orders: LabOrderJson[];

beforeEach(() => {
  orders = [];
  server = fakeServer();
  server.answer("GET", ORDERS_PATH, () => json<LabOrdersJson>({ orders, orderable: ORDERABLE }));
});

async function openForm() {
  const user = userEvent.setup();
  render(withMessages(<LabOrders patientId={PATIENT_ID} appointmentId="appt-1" timeZone="UTC" />));
  const form = await screen.findByRole("form", { name: "Order a lab panel" });
  return { user, form };
}

describe("LabOrders", () => {
  it("asks for a panel and an indication before sending anything", async () => {
    const { user, form } = await openForm();
    await user.click(within(form).getByRole("button", { name: "Order panel" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Choose a panel and an indication.");
    expect(server.sent("POST", ORDERS_PATH)).toEqual([]);
  });

  it("orders the chosen panel at the visit and lists it as pending", async () => {
    server.answer("POST", ORDERS_PATH, () => {
      orders = [BMP_ORDER];
      return json({ order: BMP_ORDER }, 201);
    });
    const { user, form } = await openForm();
    expect(screen.getByText("No lab orders.")).toBeInTheDocument();
    await user.selectOptions(within(form).getByLabelText("Lab panel"), "BMP (LOINC 51990-0)");
    await user.selectOptions(within(form).getByLabelText("Indication (ICD-10)"), "E11.9 Type 2 diabetes mellitus without complications");
    await user.click(within(form).getByRole("button", { name: "Order panel" }));

    expect(await within(form).findByRole("status")).toHaveTextContent("Ordered BMP; it is pending.");
    expect(server.sent("POST", ORDERS_PATH).map((request) => request.body)).toEqual([{ appointmentId: "appt-1", panelLoinc: "51990-0", indicationCode: "E11.9" }]);
    const listed = await screen.findByRole("listitem");
    expect(listed).toHaveTextContent("BMP");
    expect(listed).toHaveTextContent("Pending");
    expect(listed).toHaveTextContent("For E11.9 Type 2 diabetes mellitus without complications; ordered Mar 5, 2026 by Dr. Maya Lee");
    expect(within(form).getByLabelText("Lab panel")).toHaveValue("");
  });

  it("says why the server refused, and keeps the choices", async () => {
    server.answer("POST", ORDERS_PATH, () => refusal(new OrderValidationError("UNKNOWN_PANEL", "The clinic has no lab panel 51990-0.")));
    const { user, form } = await openForm();
    await user.selectOptions(within(form).getByLabelText("Lab panel"), "BMP (LOINC 51990-0)");
    await user.selectOptions(within(form).getByLabelText("Indication (ICD-10)"), "E11.9 Type 2 diabetes mellitus without complications");
    await user.click(within(form).getByRole("button", { name: "Order panel" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("The clinic has no lab panel 51990-0.");
    expect(within(form).getByLabelText("Lab panel")).toHaveValue("51990-0");
    expect(screen.getByText("No lab orders.")).toBeInTheDocument();
  });
});
