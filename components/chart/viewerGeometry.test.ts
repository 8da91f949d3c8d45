import { describe, expect, it } from "vitest";
import { imageRect, INITIAL_VIEW, lengthText, measuredLength, nudge, panAfterKey, panBy, toBox, toImage } from "./viewerGeometry";

const wide = { columns: 200, rows: 100 };

describe("the viewer's geometry", () => {
  it("fits the image whole and centred in the box, then zooms about the centre and pans", () => {
    expect(imageRect(wide, INITIAL_VIEW)).toEqual({ x: 0, y: 0.25, width: 1, height: 0.5 });
    expect(toBox({ x: 100, y: 50 }, wide, INITIAL_VIEW)).toEqual({ x: 0.5, y: 0.5 });
    const view = { zoom: 2, pan: { x: 0.1, y: 0 } };
    expect(toBox({ x: 0, y: 0 }, wide, view)).toEqual({ x: -0.4, y: 0 });
    expect(imageRect(wide, view)).toEqual({ x: -0.4, y: 0, width: 2, height: 1 });
  });

  it("finds the image pixel under a place in the box, whatever the view", () => {
    for (const view of [INITIAL_VIEW, { zoom: 3, pan: { x: -0.2, y: 0.3 } }]) {
      const back = toImage(toBox({ x: 37, y: 81 }, wide, view), wide, view);
      expect(back.x).toBeCloseTo(37);
      expect(back.y).toBeCloseTo(81);
    }
  });

  it("measures with PixelSpacing, rows then columns, else in pixels", () => {
    // 30 columns across (0.8 mm each) and 40 rows down (0.5 mm each): 24 by 20 mm.
    expect(measuredLength({ x: 0, y: 0 }, { x: 30, y: 40 }, [0.5, 0.8])).toEqual({ value: Math.hypot(24, 20), unit: "mm" });
    expect(measuredLength({ x: 0, y: 0 }, { x: 30, y: 40 }, null)).toEqual({ value: 50, unit: "px" });
    expect(lengthText({ value: 31.2409, unit: "mm" })).toBe("31.2 mm");
    expect(lengthText({ value: 49.6, unit: "px" })).toBe("50 px");
  });

  it("pans by a tenth with the arrow keys, keeping part of the image in the box", () => {
    expect(panAfterKey("ArrowRight", INITIAL_VIEW)?.pan).toEqual({ x: 0.1, y: 0 });
    expect(panAfterKey("ArrowUp", INITIAL_VIEW)?.pan).toEqual({ x: 0, y: -0.1 });
    expect(panAfterKey("Enter", INITIAL_VIEW)).toBeNull();
    expect(panBy(INITIAL_VIEW, { x: 5, y: -5 }).pan).toEqual({ x: 0.5, y: -0.5 });
    expect(panBy({ zoom: 3, pan: { x: 0, y: 0 } }, { x: 5, y: 0 }).pan.x).toBe(1.5);
  });

  it("moves the measuring cross by whole steps, never off the image", () => {
    expect(nudge({ x: 10, y: 10 }, "ArrowRight", wide, 4)).toEqual({ x: 14, y: 10 });
    expect(nudge({ x: 198, y: 1 }, "ArrowRight", wide, 4)).toEqual({ x: 199, y: 1 });
    expect(nudge({ x: 5, y: 1 }, "ArrowUp", wide, 4)).toEqual({ x: 5, y: 0 });
    expect(nudge({ x: 5, y: 1 }, "PageDown", wide, 4)).toBeNull();
  });
});
