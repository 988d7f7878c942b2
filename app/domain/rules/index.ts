/**
 * The rules engine's public surface. Callers (webhooks, app proxy, events API, admin) import
 * from here; the other files are free to be reshaped.
 */
export {
  ruleSchema,
  shopRuleSettingsSchema,
  isEngagement,
  PROFILE_FIELDS,
  PERIODS,
  ALL_STANDARD_CHANNELS,
} from "./rule";
export type {
  Rule,
  RuleInput,
  RuleKind,
  SpendRule,
  Channel,
  Limits,
  ProfileField,
  Period,
  ShopRuleSettings,
} from "./rule";
export { engagementEventShapes, requireSharedProduct, ruleEventSchema } from "./event";
export type { RuleEvent, RuleEventType, Party } from "./event";
export type { Bonus, BonusPart, EvaluationContext, History, PastAward, Member, Multiplier } from "./context";
export { evaluate } from "./evaluate";
export { availabilityRefusal } from "./availability";
export type { Award, Evaluation } from "./evaluate";
export { REFUSAL_CODES } from "./refusal";
export type { Refusal, RefusalCode } from "./refusal";
export { ruleKeys } from "./keys";
export { periodKey } from "./period";
export { spendRuleRewardRate } from "./cost";
export type { RewardRate, ShopReward } from "./cost";
export { localDate } from "./period";
export type { LocalDate } from "./period";
