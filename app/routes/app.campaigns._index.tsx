/**
 * The Campaigns page: the shop's campaigns in sections (running, scheduled, paused, ended),
 * each with its schedule and effect in words and when it ends or starts, on the shop's clock;
 * pause/resume, move and archive post here, creating and editing happen on
 * /app/campaigns/:campaignId. Also the shop's stacking policy: how campaign and tier
 * multipliers combine. Every read and write is limited to the session's shop.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import { ArchiveModal, PhaseBadge, RowActions } from "../components/programme/RowActions";
import {
  archiveCampaign,
  listCampaigns,
  moveCampaign,
  ProgrammeRowNotFoundError,
  setCampaignActive,
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
    else if (input.intent === "archive") await archiveCampaign(db, shop.id, input.campaignId);
    else if (input.intent === "up" || input.intent === "down") {
      await moveCampaign(db, shop.id, input.campaignId, input.intent);
    } else await setCampaignActive(db, shop.id, input.campaignId, input.intent === "resume");
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

type Listed = ReturnType<typeof useLoaderData<typeof loader>>["campaigns"][number];

export default function CampaignsPage() {
  const { campaigns, stacking, saved, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [archiving, setArchiving] = useState<{ id: string; title: string } | null>(null);
  const busy = navigation.state === "submitting" ? navigation.formData : null;
  const done = result && "done" in result ? result.done : null;
  useEffect(() => {
    if (done && typeof window !== "undefined") window.shopify?.toast?.show(DONE_MESSAGES[done]);
    if (done === "archive") setArchiving(null);
  }, [done, result]);

  const act = (intent: Intent, campaignId: string) => submit({ intent, campaignId }, { method: "post" });

  const item = (campaign: Listed, index: number) => (
    <BlockStack gap="200" key={campaign.id}>
      <InlineStack align="space-between" blockAlign="start" gap="200">
        <BlockStack gap="100">
          <InlineStack gap="200" blockAlign="center">
            <Link url={`/app/campaigns/${campaign.id}`} removeUnderline>
              <Text as="span" variant="headingSm">
                {campaign.title}
              </Text>
            </Link>
            <PhaseBadge phase={campaign.phase} />
          </InlineStack>
          {campaign.problem ? (
            <Text as="p" tone="critical">
              This campaign cannot run as stored: {campaign.problem} Open it to fix it.
            </Text>
          ) : (
            <>
              <Text as="p">{campaign.effect}</Text>
              <Text as="p" tone="subdued">
                {campaign.schedule} · {campaign.when}
              </Text>
            </>
          )}
        </BlockStack>
        <RowActions
          row={campaign}
          first={index === 0}
          last={index === campaigns.length - 1}
          busy={busy?.get("campaignId") === campaign.id && busy.get("intent") !== "archive"}
          onAct={act}
          onArchive={setArchiving}
        />
      </InlineStack>
    </BlockStack>
  );

  return (
    <Page
      title="Campaigns"
      subtitle="Seasonal boosts: extra points or cheaper rewards for a while, on your shop's clock."
      primaryAction={{ content: "Add campaign", url: "/app/campaigns/new" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {saved && (
              <Banner tone="success" title={`“${saved}” saved`}>
                <p>Shoppers see it whenever its schedule runs.</p>
              </Banner>
            )}
            {result && "error" in result && (
              <Banner tone="critical">
                <p>{result.message}</p>
              </Banner>
            )}
            {campaigns.length === 0 && (
              <Card>
                <BlockStack gap="300" inlineAlign="start">
                  <Text as="h2" variant="headingMd">
                    No campaigns yet
                  </Text>
                  <Text as="p" tone="subdued">
                    Double points at weekends, a bonus in December, or rewards that cost fewer points in a slow month.
                  </Text>
                  <Button url="/app/campaigns/new" variant="primary">
                    Add campaign
                  </Button>
                </BlockStack>
              </Card>
            )}
            {campaigns.length > 0 &&
              SECTIONS.map((section) => {
                const inSection = campaigns.filter((c) => c.phase === section.phase);
                if (inSection.length === 0 && !section.empty) return null;
                return (
                  <section key={section.phase} aria-label={section.title}>
                    <Card>
                      <BlockStack gap="400">
                        <Text as="h2" variant="headingMd">
                          {section.title} ({inSection.length})
                        </Text>
                        {inSection.length === 0 ? (
                          <Text as="p" tone="subdued">
                            {section.empty}
                          </Text>
                        ) : (
                          inSection.map((campaign) => item(campaign, campaigns.indexOf(campaign)))
                        )}
                      </BlockStack>
                    </Card>
                  </section>
                );
              })}
            <Text as="p" tone="subdued">
              Dates and times are in your shop&apos;s time zone, {timeZone}.
            </Text>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <StackingCard stacking={stacking} saving={busy?.get("intent") === "stacking"} />
        </Layout.Section>
      </Layout>
      <ArchiveModal
        archiving={archiving}
        what="campaign"
        explanation="It stops at once and leaves this list. Points it already gave stay, and order histories keep saying which campaign raised them. To stop it for a while instead, pause it."
        busy={busy?.get("intent") === "archive"}
        onClose={() => setArchiving(null)}
        onArchive={(id) => act("archive", id)}
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
