/**
 * The Campaigns page: the shop's campaigns in sections (running, scheduled, paused, ended),
 * each with its schedule and effect in words and when it ends or starts, on the shop's clock;
 * pause/resume, move and archive post here, creating and editing happen on
 * /app/campaigns/:campaignId. Also the shop's stacking policy: how campaign and tier
 * multipliers combine. Every read and write is limited to the session's shop.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { BlockStack, Button, Card, ChoiceList, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import {
  ProgrammeEmptyCard,
  ProgrammeListBanners,
  ProgrammeSections,
  useProgrammeRowActions,
} from "../components/programme/ProgrammeList";
import { ArchiveModal } from "../components/programme/RowActions";
import {
  applyCampaignIntent,
  listCampaigns,
  ProgrammeRowNotFoundError,
  setCampaignStacking,
} from "../campaigns/campaign-admin.server";
import { db } from "../db.server";
import { effectText, scheduleText, STACKING_EXPLAINED, whenText } from "../domain/campaigns/admin-summary";
import { STACKING_POLICIES, stackingPolicyOf, type StackingPolicy } from "../domain/campaigns/definition";
import { programmeNames } from "../campaigns/programme-names.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Loyalty Bazaar" }];

const SECTIONS = [
  { phase: "running", title: "Active now", empty: "No campaign is running right now." },
  { phase: "scheduled", title: "Scheduled", empty: "Nothing scheduled." },
  { phase: "paused", title: "Paused", empty: "" },
  { phase: "ended", title: "Ended", empty: "" },
] as const;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const now = new Date();
  const [listed, names] = await Promise.all([listCampaigns(db, shop, now), programmeNames(db, shop.id)]);
  const campaigns = listed.map(({ record, campaign, error, phase, occurrence }) => ({
    id: record.id,
    title: record.title,
    phase,
    schedule: campaign ? scheduleText(campaign.schedule, shop.timeZone) : "",
    effect: campaign ? effectText(campaign.effect, names) : "",
    when: campaign ? whenText(phase, occurrence, shop.timeZone) : "",
    problem: error,
    active: record.active,
  }));
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    campaigns,
    stacking: stackingPolicyOf(shop.campaignStacking),
    timeZone: shop.timeZone,
    saved: campaigns.find((c) => c.id === saved)?.title ?? null,
  };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.enum(["pause", "resume", "up", "down", "archive"]),
    campaignId: z.string().trim().min(1).max(100),
  }),
  z.object({ intent: z.literal("stacking"), stacking: z.enum(STACKING_POLICIES) }),
]);
type Intent = z.infer<typeof actionSchema>["intent"];

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readAdminForm(request)));
  if (!parsed.success) {
    return data(
      { error: "bad_request", message: "Choose a campaign and what to do with it, or a stacking policy." },
      { status: 400 },
    );
  }
  const input = parsed.data;
  try {
    if (input.intent === "stacking") await setCampaignStacking(db, shop.id, input.stacking);
    else await applyCampaignIntent(db, shop.id, input.campaignId, input.intent);
  } catch (error) {
    if (error instanceof ProgrammeRowNotFoundError) {
      return data({ error: "not_found", message: "This campaign is not in your programme any more." }, { status: 404 });
    }
    throw error;
  }
  return { done: input.intent };
};

const DONE_MESSAGES: Record<Intent, string> = {
  pause: "Campaign paused",
  resume: "Campaign resumed",
  up: "Campaign moved up",
  down: "Campaign moved down",
  archive: "Campaign archived",
  stacking: "Stacking policy saved",
};

export default function CampaignsPage() {
  const { campaigns, stacking, saved, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const actions = useProgrammeRowActions(result, "campaignId", DONE_MESSAGES);

  return (
    <Page
      title="Campaigns"
      subtitle="Seasonal boosts: extra points or cheaper rewards for a while, on your shop's clock."
      primaryAction={{ content: "Add campaign", url: "/app/campaigns/new" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ProgrammeListBanners
              saved={saved}
              savedText="Shoppers see it whenever its schedule runs."
              result={result}
            />
            {campaigns.length === 0 && (
              <ProgrammeEmptyCard title="No campaigns yet" addLabel="Add campaign" addUrl="/app/campaigns/new">
                Double points at weekends, a bonus in December, or rewards that cost fewer points in a slow month.
              </ProgrammeEmptyCard>
            )}
            {campaigns.length > 0 && (
              <ProgrammeSections
                rows={campaigns}
                sections={SECTIONS}
                editUrl={(id) => `/app/campaigns/${id}`}
                cannotBeUsed="This campaign cannot run as stored"
                summary={(campaign) => (
                  <>
                    <Text as="p">{campaign.effect}</Text>
                    <Text as="p" tone="subdued">
                      {campaign.schedule} · {campaign.when}
                    </Text>
                  </>
                )}
                actions={actions}
              />
            )}
            <Text as="p" tone="subdued">
              Dates and times are in your shop&apos;s time zone, {timeZone}.
            </Text>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <StackingCard stacking={stacking} saving={actions.busy?.get("intent") === "stacking"} />
        </Layout.Section>
      </Layout>
      <ArchiveModal
        {...actions.archiveModal}
        what="campaign"
        explanation="It stops at once and leaves this list. Points it already gave stay, and order histories keep saying which campaign raised them. To stop it for a while instead, pause it."
      />
    </Page>
  );
}

function StackingCard({ stacking, saving }: { stacking: StackingPolicy; saving: boolean }) {
  const submit = useSubmit();
  const [chosen, setChosen] = useState<StackingPolicy>(stacking);
  useEffect(() => setChosen(stacking), [stacking]);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          When multipliers meet
        </Text>
        <ChoiceList
          title="How campaign and VIP tier multipliers combine on one award"
          choices={STACKING_POLICIES.map((policy) => ({
            value: policy,
            label: STACKING_EXPLAINED[policy].label,
            helpText: STACKING_EXPLAINED[policy].help,
          }))}
          selected={[chosen]}
          onChange={([value]) => setChosen(value as StackingPolicy)}
        />
        <Text as="p" tone="subdued">
          VIP tier multipliers always count: members in a tier are never left out of a campaign. Bonus points always add
          on top.
        </Text>
        <InlineStack align="end">
          <Button
            disabled={chosen === stacking}
            loading={saving}
            onClick={() => submit({ intent: "stacking", stacking: chosen }, { method: "post" })}
          >
            Save policy
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
