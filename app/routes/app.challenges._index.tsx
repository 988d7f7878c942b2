/**
 * The Challenges page: the shop's challenges, milestones and streaks in sections (active,
 * scheduled, paused, ended), each with its goal and what completing gives in words;
 * pause/resume, move and archive post here, creating and editing happen on
 * /app/challenges/:challengeId. Every read and write is limited to the session's shop.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import { programmeChoices } from "../campaigns/programme-names.server";
import { applyChallengeIntent, listChallenges, ProgrammeRowNotFoundError } from "../challenges/challenge-admin.server";
import { syncRewardedPagesSoon } from "../shopify-facts/rewarded-pages.server";
import {
  ProgrammeEmptyCard,
  ProgrammeListBanners,
  ProgrammeSections,
  useProgrammeRowActions,
} from "../components/programme/ProgrammeList";
import { ArchiveModal, type RowIntent } from "../components/programme/RowActions";
import { db } from "../db.server";
import { completionText, goalText, KIND_LABELS } from "../domain/challenges/admin-summary";
import { shopTimeText } from "../domain/campaigns/admin-summary";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Challenges · Loyalty Bazaar" }];

const SECTIONS = [
  { phase: "active", title: "Active now", empty: "Nothing is counting right now." },
  { phase: "scheduled", title: "Scheduled", empty: "Nothing scheduled." },
  { phase: "paused", title: "Paused", empty: "" },
  { phase: "ended", title: "Ended", empty: "" },
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const [listed, choices] = await Promise.all([listChallenges(db, shop, new Date()), programmeChoices(db, shop.id)]);
  const rewardTitles = new Map(choices.rewards.map((r) => [r.id, r.name]));
  const challenges = listed.map(({ record, challenge, error, phase }) => ({
    id: record.id,
    title: record.title,
    kind: KIND_LABELS[challenge?.kind ?? "challenge"],
    phase,
    goal: challenge ? goalText(challenge, shop.currencyCode) : "",
    gives: challenge ? completionText(challenge, rewardTitles) : "",
    dates: challenge
      ? [
          challenge.startsAt ? `From ${shopTimeText(challenge.startsAt, shop.timeZone)}` : null,
          challenge.endsAt ? `until ${shopTimeText(challenge.endsAt, shop.timeZone)}` : null,
        ]
          .filter(Boolean)
          .join(" ")
      : "",
    problem: error,
    active: record.active,
  }));
  const saved = new URL(request.url).searchParams.get("saved");
  return { challenges, saved: challenges.find((c) => c.id === saved)?.title ?? null };
};

const actionSchema = z.object({
  intent: z.enum(["pause", "resume", "up", "down", "archive"]),
  challengeId: z.string().trim().min(1).max(100),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readAdminForm(request)));
  if (!parsed.success) {
    return data(
      { error: "bad_request", message: "Choose a challenge and what to do with it: pause, resume, move or archive." },
      { status: 400 },
    );
  }
  const { intent, challengeId } = parsed.data;
  try {
    await applyChallengeIntent(db, shop.id, challengeId, intent);
    await syncRewardedPagesSoon(db, shop.id);
  } catch (error) {
    if (error instanceof ProgrammeRowNotFoundError) {
      return data(
        { error: "not_found", message: "This challenge is not in your programme any more." },
        { status: 404 },
      );
    }
    throw error;
  }
  return { done: intent };
};

const DONE_MESSAGES: Record<RowIntent, string> = {
  pause: "Challenge paused",
  resume: "Challenge resumed",
  up: "Challenge moved up",
  down: "Challenge moved down",
  archive: "Challenge archived",
};

export default function ChallengesPage() {
  const { challenges, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const actions = useProgrammeRowActions(result, "challengeId", DONE_MESSAGES);

  return (
    <Page
      title="Challenges"
      subtitle="Goals shoppers work toward: challenges over a week or month, lifetime milestones and streaks."
      primaryAction={{ content: "Add challenge", url: "/app/challenges/new" }}
      secondaryActions={[
        { content: "Add milestone", url: "/app/challenges/new?kind=milestone" },
        { content: "Add streak", url: "/app/challenges/new?kind=streak" },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ProgrammeListBanners
              saved={saved}
              savedText="Shoppers see it and its progress in the widget while it is on."
              result={result}
            />
            {challenges.length === 0 && (
              <ProgrammeEmptyCard title="No challenges yet" addLabel="Add challenge" addUrl="/app/challenges/new">
                “Visit 5 times this month”, “Your 10th order”, “An order every week for a month”: progress bars shoppers
                see in the widget, with a bonus when they get there.
              </ProgrammeEmptyCard>
            )}
            {challenges.length > 0 && (
              <ProgrammeSections
                rows={challenges}
                sections={SECTIONS}
                editUrl={(id) => `/app/challenges/${id}`}
                cannotBeUsed="This cannot count as stored"
                summary={(challenge) => (
                  <>
                    <Text as="p">
                      {challenge.kind}: {challenge.goal}
                    </Text>
                    <Text as="p" tone="subdued">
                      Gives {challenge.gives}
                      {challenge.dates ? ` · ${challenge.dates}` : ""}
                    </Text>
                  </>
                )}
                actions={actions}
              />
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ArchiveModal
        {...actions.archiveModal}
        what="challenge"
        explanation="Shoppers stop seeing it and nothing more counts toward it. Completions and the points they gave stay in members' histories. To stop it for a while instead, pause it."
      />
    </Page>
  );
}
