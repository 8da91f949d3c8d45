import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeServer, json, refusal, type FakeServer } from "@/lib/client/testing/fakeServer";
import { OrderConflictError } from "@/lib/orders/errors";
import { SignOffResults } from "./SignOffResults";

// Signing an order's results off from the inbox: notifying the patient is the
// default and can be turned off; a refusal is said, and the form stays.

const PATH = "/api/lab-orders/order-1/sign-off";
let server: FakeServer;

beforeEach(() => {
  server = fakeServer();
});

describe("SignOffResults", () => {
  it("signs off and notifies the patient by default, then says so in the form's place", async () => {
    server.answer("POST", PATH, () => json({ order: { id: "order-1", status: "REVIEWED" } }));
    const user = userEvent.setup();
    render(<SignOffResults orderId="order-1" label="BMP for Alex Morgan" />);
    expect(screen.getByRole("checkbox", { name: "Notify the patient" })).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Sign off" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Signed off BMP for Alex Morgan; the patient is notified.");
    expect(server.sent("POST", PATH).map((request) => request.body)).toEqual([{ notifyPatient: true }]);
    expect(screen.queryByRole("button", { name: "Sign off" })).not.toBeInTheDocument();
  });

  it("signs off without telling the patient when the box is cleared, with the keyboard", async () => {
    server.answer("POST", PATH, () => json({ order: { id: "order-1", status: "REVIEWED" } }));
    const user = userEvent.setup();
    render(<SignOffResults orderId="order-1" label="BMP for Alex Morgan" />);
    await user.tab();
    await user.keyboard(" ");
    await user.tab();
    expect(screen.getByRole("button", { name: "Sign off" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("status")).toHaveTextContent("Signed off BMP for Alex Morgan.");
    expect(server.sent("POST", PATH).map((request) => request.body)).toEqual([{ notifyPatient: false }]);
  });

  it("says why the server refused and keeps the form", async () => {
    server.answer("POST", PATH, () => refusal(new OrderConflictError("ORDER_NOT_RESULTED", "This order has no new results to sign off.")));
    const user = userEvent.setup();
    render(<SignOffResults orderId="order-1" label="BMP for Alex Morgan" />);
    await user.click(screen.getByRole("button", { name: "Sign off" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This order has no new results to sign off.");
    expect(screen.getByRole("button", { name: "Sign off" })).toBeEnabled();
  });
});
