import { describe, expect, it } from "vitest";
import { tabIndexAfterKey } from "./tabKeys";

describe("tabIndexAfterKey", () => {
  it("moves along the tabs and wraps around", () => {
    expect(tabIndexAfterKey("ArrowRight", 0, 5)).toBe(1);
    expect(tabIndexAfterKey("ArrowRight", 4, 5)).toBe(0);
    expect(tabIndexAfterKey("ArrowLeft", 0, 5)).toBe(4);
    expect(tabIndexAfterKey("ArrowLeft", 3, 5)).toBe(2);
  });

  it("jumps to the ends and ignores other keys", () => {
    expect(tabIndexAfterKey("Home", 3, 5)).toBe(0);
    expect(tabIndexAfterKey("End", 1, 5)).toBe(4);
    expect(tabIndexAfterKey("Enter", 1, 5)).toBeNull();
    expect(tabIndexAfterKey("ArrowDown", 1, 5)).toBeNull();
    expect(tabIndexAfterKey("ArrowRight", 0, 0)).toBeNull();
  });
});
