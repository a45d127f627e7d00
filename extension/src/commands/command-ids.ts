/** The extension's command ids (palette category "Discernus"); end-to-end tests call them by these. */
export const CommandIds = {
  verifyLedger: "discernus:verify-ledger",
  embedProvenance: "discernus:embed-provenance",
  openLedger: "discernus:open-ledger",
  toggleSidebar: "discernus:toggle-sidebar",
} as const;

export const PALETTE_CATEGORY = "Discernus";
