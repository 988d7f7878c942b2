/** An import's status in the merchant's words (PointsImport.status). */
export const IMPORT_STATUS_LABELS: Readonly<Record<string, string>> = {
  parsed: "Dry run ready",
  applying: "Applying",
  applied: "Applied",
  reverting: "Reverting",
  reverted: "Reverted",
  failed: "Failed",
};
