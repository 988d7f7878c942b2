/**
 * The tier engine's public surface: what counts (qualification), over which window (periods),
 * which tier a member holds (movement), where they stand (progress) and what an edit would do
 * (preview). The definition's schemas are in ./definition.ts. Pure throughout.
 */
export { qualifyingPoints, qualificationValue, unitOf } from "./qualification";
export type { Contribution, TierUnit } from "./qualification";
export { currentWindow, reviewAt, agesOutAt } from "./periods";
export type { Window } from "./periods";
export { decideTier, isGrantActive, grantEndOf } from "./movement";
export type { MemberTierFacts, TierDecision, TierGrantFact, TierMove, TierMoveCause } from "./movement";
export { tierStanding, perkCode, perksOf } from "./progress";
export type { TierStanding } from "./progress";
export { previewProgramEdit } from "./preview";
export type { ProgramEditPreview, PreviewMember } from "./preview";
export { KEEP_NOTICE_DAYS } from "./earned";
