/**
 * A reward's title and description in the shopper's language: the merchant's own words for
 * the locale ("fr-CA"), else for its language ("fr"), else the default text; field by field,
 * so a translation with only a title still shows the default description. Pure.
 */
import type { Reward, RewardText } from "./catalogue";

const normalise = (locale: string) => locale.trim().replace(/_/g, "-").toLowerCase();

export function localisedRewardText(
  reward: Pick<Reward, "title" | "description" | "translations">,
  locale: string | null,
): RewardText {
  const byLocale = new Map(Object.entries(reward.translations).map(([key, text]) => [normalise(key), text]));
  const wanted = locale ? normalise(locale) : "";
  const candidates = wanted ? [byLocale.get(wanted), byLocale.get(wanted.split("-")[0]!)] : [];
  const pick = (field: keyof RewardText) => candidates.find((text) => text?.[field])?.[field] ?? reward[field];
  return { title: pick("title"), description: pick("description") };
}
