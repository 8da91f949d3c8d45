// The jsdom of the `components` vitest project: Testing Library's matchers,
// a clean page and network after each test, and the two browser features our
// components use that jsdom lacks (the modal <dialog>, scrolling an option
// into view).
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
});

// As the browser does: showModal() opens the dialog; close() shuts it and fires `close` (Dialog.tsx unmounts on it).
HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
  this.setAttribute("open", "");
};
HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
  if (!this.hasAttribute("open")) return;
  this.removeAttribute("open");
  this.dispatchEvent(new Event("close"));
};

// Layout does not exist in jsdom: there is nothing to scroll.
Element.prototype.scrollIntoView = function scrollIntoView() {};
