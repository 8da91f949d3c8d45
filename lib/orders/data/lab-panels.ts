import "server-only";
import { BMP_PANEL, CBC_PANEL, HBA1C_PANEL, LIPID_PANEL, TSH_PANEL, type LabPanelDefinition } from "@/lib/db/seed/catalog/lab-panels";

// The lab panels a physician can order, by their LOINC order codes (LOINC 2.78,
// https://loinc.org: 58410-2 "CBC panel - Blood by Automated count",
// 51990-0 "Basic metabolic panel - Blood", 57698-3 "Lipid panel with direct LDL
// - Serum or Plasma", 4548-4 "Hemoglobin A1c/Hemoglobin.total in Blood",
// 3016-3 "Thyrotropin [Units/volume] in Serum or Plasma"). The analytes, their
// adult reference ranges and critical limits are the ones the demo clinic's
// history is drawn from (lib/db/seed/catalog/lab-panels.ts), so an ordered
// panel's results trend beside the old ones.

export interface OrderablePanel {
  loincCode: string;
  definition: LabPanelDefinition;
}

export const ORDERABLE_PANELS: readonly OrderablePanel[] = [
  { loincCode: "58410-2", definition: CBC_PANEL },
  { loincCode: "51990-0", definition: BMP_PANEL },
  { loincCode: "57698-3", definition: LIPID_PANEL },
  { loincCode: "4548-4", definition: HBA1C_PANEL },
  { loincCode: "3016-3", definition: TSH_PANEL },
];

export function orderablePanel(loincCode: string): OrderablePanel | null {
  return ORDERABLE_PANELS.find((panel) => panel.loincCode === loincCode) ?? null;
}

/** Whether a result with this LOINC code answers the panel: the panel's own code, or one of its analytes'. */
export function panelIncludes(panel: OrderablePanel, loincCode: string): boolean {
  return panel.loincCode === loincCode || panel.definition.analytes.some((analyte) => analyte.loincCode === loincCode);
}
