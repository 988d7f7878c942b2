/**
 * Campaign and challenge rows for tests and the demo seed: the columns Prisma creates from a
 * definition the schemas accept (app/domain/campaigns/definition.ts,
 * app/domain/challenges/definition.ts). Pure, with no test library, so the seed, the unit
 * tests and the integration factories share them.
 */
import { campaignDefinitionSchema, type CampaignDefinition } from "../../app/domain/campaigns/definition";
import {
  definitionSchemas,
  type ChallengeDefinition,
  type MilestoneDefinition,
  type StreakDefinition,
} from "../../app/domain/challenges/definition";

type CampaignInput = import("zod").input<typeof campaignDefinitionSchema>;

/** Campaign columns (without shopId): the definition validated, so a test cannot store a bad one by accident. */
export function campaignRow(input: {
  title: string;
  definition: CampaignInput | CampaignDefinition;
  active?: boolean;
  position?: number;
  translations?: Record<string, { title?: string }>;
}) {
  const definition = campaignDefinitionSchema.parse(input.definition);
  return {
    title: input.title,
    effect: definition.effect.type,
    definition: JSON.stringify(definition),
    active: input.active ?? true,
    position: input.position ?? 0,
    translations: JSON.stringify(input.translations ?? {}),
  };
}

type ChallengeInput =
  | { kind: "challenge"; definition: import("zod").input<typeof definitionSchemas.challenge> | ChallengeDefinition }
  | { kind: "milestone"; definition: import("zod").input<typeof definitionSchemas.milestone> | MilestoneDefinition }
  | { kind: "streak"; definition: import("zod").input<typeof definitionSchemas.streak> | StreakDefinition };

/** Challenge columns (without shopId), the definition validated by its kind's schema. */
export function challengeRow(
  input: ChallengeInput & {
    title: string;
    description?: string;
    active?: boolean;
    position?: number;
    translations?: Record<string, { title?: string; description?: string }>;
  },
) {
  const definition = definitionSchemas[input.kind].parse(input.definition);
  return {
    kind: input.kind,
    title: input.title,
    description: input.description ?? "",
    definition: JSON.stringify(definition),
    active: input.active ?? true,
    position: input.position ?? 0,
    translations: JSON.stringify(input.translations ?? {}),
  };
}
