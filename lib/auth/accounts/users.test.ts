import { describe, expect, it } from "vitest";
import { userListInput } from "./users";

describe("userListInput", () => {
  it("is by name, A to Z, unless asked otherwise", () => {
    expect(userListInput.parse({})).toEqual({ sort: "name", direction: "asc" });
    expect(userListInput.parse({ sort: "name", direction: "desc" })).toEqual({ sort: "name", direction: "desc" });
    expect(userListInput.parse({ sort: "role" })).toEqual({ sort: "role", direction: "asc" });
  });

  it.each([
    [{ sort: "email" }, { sort: "name", direction: "asc" }],
    [{ sort: "role", direction: "sideways" }, { sort: "role", direction: "asc" }],
    [{ sort: ["role", "name"], direction: "" }, { sort: "name", direction: "asc" }],
    [{ sort: "NAME", direction: "DESC" }, { sort: "name", direction: "asc" }],
  ])("reads %j as the default it falls back to", (input, expected) => {
    expect(userListInput.parse(input)).toEqual(expected);
  });
});
