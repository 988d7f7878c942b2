// TEMPORARY (admin helper): replaced by engineer B's module (only the type the admin reads).
import type { ChallengeKind, CompletionReward } from "./definition";

export interface ChallengeStanding {
  challengeId: string;
  kind: ChallengeKind;
  /** The measure or streak action type. */
  measure: string;
  progress: number;
  goal: number;
  windowKey: string;
  endsAt: Date | null;
  reward: CompletionReward;
  completedAt: Date | null;
  streak: { length: number; nextStep: number | null; graceLeft: number } | null;
}
