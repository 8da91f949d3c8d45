import { describe, expect, it } from "vitest";
import { shortcutAction, shortcutList, type ShortcutKey } from "./keymap";

const press = (overrides: Partial<ShortcutKey>): ShortcutKey => ({
  code: "",
  key: "",
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  typingInField: false,
  ...overrides,
});

describe("the visit's keyboard shortcuts", () => {
  it("turns the microphone and camera on and off with Alt+Shift+M and V, whatever the layout makes of the key", () => {
    expect(shortcutAction(press({ code: "KeyM", key: "µ", altKey: true, shiftKey: true }))).toBe("microphone");
    expect(shortcutAction(press({ code: "KeyV", key: "V", altKey: true, shiftKey: true }))).toBe("camera");
  });

  it("opens chart tabs 1 to 9 and the note's sections", () => {
    expect(shortcutAction(press({ code: "Digit1", altKey: true, shiftKey: true }))).toBe("chart-tab-1");
    expect(shortcutAction(press({ code: "Digit9", altKey: true, shiftKey: true }))).toBe("chart-tab-9");
    expect(shortcutAction(press({ code: "Digit0", altKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutAction(press({ code: "KeyS", altKey: true, shiftKey: true }))).toBe("note-subjective");
    expect(shortcutAction(press({ code: "KeyO", altKey: true, shiftKey: true }))).toBe("note-objective");
    expect(shortcutAction(press({ code: "KeyA", altKey: true, shiftKey: true }))).toBe("note-assessment");
    expect(shortcutAction(press({ code: "KeyP", altKey: true, shiftKey: true }))).toBe("note-plan");
  });

  it("leaves typing alone: plain letters, Alt or Shift alone, and the browser's Ctrl and Meta combinations", () => {
    expect(shortcutAction(press({ code: "KeyM", key: "m" }))).toBeNull();
    expect(shortcutAction(press({ code: "KeyM", key: "M", shiftKey: true }))).toBeNull();
    expect(shortcutAction(press({ code: "KeyM", key: "µ", altKey: true }))).toBeNull();
    expect(shortcutAction(press({ code: "KeyM", altKey: true, shiftKey: true, ctrlKey: true }))).toBeNull();
    expect(shortcutAction(press({ code: "KeyM", altKey: true, shiftKey: true, metaKey: true }))).toBeNull();
    expect(shortcutAction(press({ code: "KeyX", altKey: true, shiftKey: true }))).toBeNull();
  });

  it("shows the list on ? outside a text field, and types a question mark inside one", () => {
    expect(shortcutAction(press({ code: "Slash", key: "?", shiftKey: true }))).toBe("help");
    expect(shortcutAction(press({ code: "Slash", key: "?", shiftKey: true, typingInField: true }))).toBeNull();
  });

  it("lists every shortcut, the chart's tabs as one line", () => {
    expect(shortcutList().map((entry) => entry.keys)).toEqual([
      "Alt+Shift+M",
      "Alt+Shift+V",
      "Alt+Shift+1 … 9",
      "Alt+Shift+S",
      "Alt+Shift+O",
      "Alt+Shift+A",
      "Alt+Shift+P",
      "?",
    ]);
  });
});
