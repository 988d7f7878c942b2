/**
 * The Rewards page: the shop's catalogue in the order shoppers see it, each reward with its
 * cost, what it gives, stock left, how often it was redeemed and what it costs the merchant as
 * a share of spend (at the rate purchases earn now). Pause/resume, move up/down and archive
 * post here; creating and editing happen on /app/rewards/:rewardId. Every read and write is
 * limited to the session's shop: another shop's reward is "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import { CondensedRow } from "../components/CondensedRow";
import { db } from "../db.server";
import { currencyExponent } from "../domain/money";
import { purchasePointsPerUnit, purchasePolicy } from "../domain/order-earnings";
import {
  costRateText,
  redeemedCount,
  REWARD_KIND_LABELS,
  rewardCostText,
  rewardValueText,
  stockText,
} from "../domain/rewards/admin-summary";
import { rewardCostRate } from "../domain/rewards/pricing";
import { archiveReward, listRewards, moveReward, setRewardActive } from "../rewards/catalogue.server";
import { RewardNotFoundError } from "../rewards/errors";
import { listRules } from "../rules/rules.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Rewards · Loyalty Bazaar" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const [entries, stored, openRequests] = await Promise.all([
    listRewards(db, shop.id),
    listRules(db, shop.id),
    db.redemption.count({ where: { shopId: shop.id, kind: "custom", status: "issued" } }),
  ]);
  // The one pricing policy: the rate orders earn now prices what each reward gives back.
  const pointsPerUnit = purchasePointsPerUnit(purchasePolicy(stored, shop.pointsPerUnit), new Date());
  const exponent = currencyExponent(shop.currencyCode);
  const rewards = entries.map(({ reward, record, redemptions }) => ({
    id: reward.id,
    title: reward.title,
    kind: REWARD_KIND_LABELS[reward.kind],
    cost: rewardCostText(reward),
    value: rewardValueText(reward, shop.currencyCode),
    stock: stockText(reward.stockRemaining),
    soldOut: reward.stockRemaining === 0,
    redeemed: redeemedCount(redemptions),
    costRate: costRateText(rewardCostRate(reward, pointsPerUnit, exponent)),
    active: record.active,
  }));
  const url = new URL(request.url);
  return {
    rewards,
    openRequests,
    pointsPerUnit,
    saved: rewards.find((r) => r.id === url.searchParams.get("saved"))?.title ?? null,
  };
};

const actionSchema = z.object({
  intent: z.enum(["pause", "resume", "up", "down", "archive"]),
  rewardId: z.string().trim().min(1).max(100),
});
type Intent = z.infer<typeof actionSchema>["intent"];

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const form = await readAdminForm(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return data(
      { error: "bad_request", message: "Choose a reward and what to do with it: pause, resume, move or archive." },
      { status: 400 },
    );
  }
  const { intent, rewardId } = parsed.data;
  try {
    if (intent === "archive") await archiveReward(db, shop.id, rewardId);
    else if (intent === "up" || intent === "down") await moveReward(db, shop.id, rewardId, intent);
    else await setRewardActive(db, shop.id, rewardId, intent === "resume");
  } catch (error) {
    // Archived meanwhile (another tab) or another shop's: the list reloads without it.
    if (error instanceof RewardNotFoundError) {
      return data({ error: "not_found", message: "This reward is not in your catalogue any more." }, { status: 404 });
    }
    throw error;
  }
  return { done: intent };
};

const DONE_MESSAGES: Record<Intent, string> = {
  pause: "Reward paused",
  resume: "Reward resumed",
  up: "Reward moved up",
  down: "Reward moved down",
  archive: "Reward archived",
};

type ListedReward = ReturnType<typeof useLoaderData<typeof loader>>["rewards"][number];

export default function RewardsPage() {
  const { rewards, openRequests, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [archiving, setArchiving] = useState<{ id: string; title: string } | null>(null);
  const busy = navigation.state === "submitting" ? navigation.formData : null;
  const busyWith = (rewardId: string, intent: Intent) =>
    busy?.get("rewardId") === rewardId && busy.get("intent") === intent;

  const done = result && "done" in result ? result.done : null;
  useEffect(() => {
    if (done && typeof window !== "undefined") window.shopify?.toast?.show(DONE_MESSAGES[done]);
    if (done === "archive") setArchiving(null);
  }, [done, result]);

  const act = (intent: Intent, rewardId: string) => submit({ intent, rewardId }, { method: "post" });
  // A phone has no room for eight columns: each reward becomes a short list item.
  const { smDown: condensed } = useBreakpoints();

  const actions = (reward: ListedReward, index: number) => (
    <ButtonGroup noWrap>
      <Button
        size="slim"
        onClick={() => act(reward.active ? "pause" : "resume", reward.id)}
        loading={busyWith(reward.id, reward.active ? "pause" : "resume")}
        accessibilityLabel={`${reward.active ? "Pause" : "Resume"} ${reward.title}`}
      >
        {reward.active ? "Pause" : "Resume"}
      </Button>
      <Button
        size="slim"
        disabled={index === 0}
        onClick={() => act("up", reward.id)}
        accessibilityLabel={`Move ${reward.title} up`}
      >
        ↑
      </Button>
      <Button
        size="slim"
        disabled={index === rewards.length - 1}
        onClick={() => act("down", reward.id)}
        accessibilityLabel={`Move ${reward.title} down`}
      >
        ↓
      </Button>
      <Button
        size="slim"
        tone="critical"
        variant="plain"
        onClick={() => setArchiving({ id: reward.id, title: reward.title })}
        accessibilityLabel={`Archive ${reward.title}`}
      >
        Archive
      </Button>
    </ButtonGroup>
  );

  const title = (reward: ListedReward) => (
    <Link url={`/app/rewards/${reward.id}`} removeUnderline>
      <Text as="span" fontWeight="semibold">
        {reward.title}
      </Text>
    </Link>
  );

  const rows = rewards.map((reward, index) =>
    condensed ? (
      <IndexTable.Row id={reward.id} key={reward.id} position={index}>
        <CondensedRow title={title(reward)} aside={<StatusBadge active={reward.active} />}>
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              {reward.kind} · {reward.cost} · {reward.costRate}
            </Text>
            <Text as="p">{reward.value}</Text>
            <Text as="p" tone="subdued">
              {reward.stock} · {reward.redeemed} redeemed
            </Text>
            {actions(reward, index)}
          </BlockStack>
        </CondensedRow>
      </IndexTable.Row>
    ) : (
      <IndexTable.Row id={reward.id} key={reward.id} position={index}>
        <IndexTable.Cell>
          <BlockStack gap="100">
            {title(reward)}
            <InlineStack gap="200" blockAlign="center" wrap={false}>
              <Text as="span" tone="subdued">
                {reward.kind}
              </Text>
              <StatusBadge active={reward.active} />
            </InlineStack>
          </BlockStack>
        </IndexTable.Cell>
        <IndexTable.Cell>{reward.cost}</IndexTable.Cell>
        <IndexTable.Cell>
          <div style={{ whiteSpace: "normal", minWidth: "9rem", maxWidth: "14rem" }}>{reward.value}</div>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" tone={reward.soldOut ? "critical" : undefined}>
            {reward.stock}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {reward.redeemed}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>{reward.costRate}</IndexTable.Cell>
        <IndexTable.Cell>{actions(reward, index)}</IndexTable.Cell>
      </IndexTable.Row>
    ),
  );

  return (
    <Page
      title="Rewards"
      subtitle="What shoppers spend their points on, in the order the widget shows them."
      primaryAction={{ content: "Add reward", url: "/app/rewards/new" }}
      secondaryActions={[
        {
          content: openRequests > 0 ? `Fulfilment queue (${openRequests})` : "Fulfilment queue",
          url: "/app/rewards/fulfilment",
        },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {saved && (
              <Banner tone="success" title={`“${saved}” saved`}>
                <p>Shoppers see this reward’s settings from now on.</p>
              </Banner>
            )}
            {done === "archive" && (
              <Banner tone="success" title="Reward archived">
                <p>Shoppers no longer see it. Codes already issued keep working, and its redemptions stay listed.</p>
              </Banner>
            )}
            {result && "error" in result && (
              <Banner tone="critical">
                <p>{result.message}</p>
              </Banner>
            )}
            {openRequests > 0 && (
              <Banner
                tone="info"
                title={`${openRequests} ${openRequests === 1 ? "request waits" : "requests wait"} for you`}
                action={{ content: "Open the fulfilment queue", url: "/app/rewards/fulfilment" }}
              >
                <p>Shoppers redeemed rewards you hand over yourself. Mark each one fulfilled once they have it.</p>
              </Banner>
            )}
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "reward", plural: "rewards" }}
                itemCount={rewards.length}
                selectable={false}
                condensed={condensed}
                emptyState={<NoRewards />}
                headings={[
                  { title: "Reward" },
                  { title: "Cost" },
                  { title: "Gives" },
                  { title: "Stock" },
                  { title: "Redeemed", alignment: "end" },
                  { title: "Costs you" },
                  { title: "Actions", hidden: true },
                ]}
              >
                {rows}
              </IndexTable>
            </Card>
            <Text as="p" tone="subdued">
              “Costs you” is what a reward gives back for each unit a shopper spends to earn its points, at the rate
              purchases earn now.
            </Text>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={archiving !== null}
        onClose={() => setArchiving(null)}
        title={`Archive “${archiving?.title ?? ""}”?`}
        primaryAction={{
          content: "Archive reward",
          destructive: true,
          loading: busy?.get("intent") === "archive",
          onAction: () => archiving && act("archive", archiving.id),
        }}
        secondaryActions={[{ content: "Keep it", onAction: () => setArchiving(null) }]}
      >
        <Modal.Section>
          <p>
            Shoppers will no longer see or redeem it. Codes already issued keep working and open requests stay in the
            fulfilment queue. To hide it for a while instead, pause it.
          </p>
        </Modal.Section>
      </Modal>
    </Page>
  );
}

function StatusBadge({ active }: { active: boolean }) {
  return active ? <Badge tone="success">Active</Badge> : <Badge>Paused</Badge>;
}

function NoRewards() {
  return (
    <div style={{ padding: "var(--p-space-800) var(--p-space-400)", textAlign: "center" }}>
      <BlockStack gap="300" inlineAlign="center">
        <Text as="h2" variant="headingMd">
          No rewards yet
        </Text>
        <Text as="p" tone="subdued">
          Give shoppers something to spend points on: money off, free shipping, a free product, store credit or
          something you hand over yourself.
        </Text>
        <Button url="/app/rewards/new" variant="primary">
          Add reward
        </Button>
      </BlockStack>
    </div>
  );
}
