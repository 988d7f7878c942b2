/**
 * The earning rules: each one's status, what it gives and what it costs, with pause/resume
 * and delete. Creating and editing happen on /app/rules/:ruleId.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  IndexTable,
  Layout,
  Link,
  Page,
  Text,
  useBreakpoints,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { DeleteRuleModal } from "../components/rules/DeleteRuleModal";
import { RuleListItem } from "../components/rules/RuleListItem";
import { RuleStatusBadge } from "../components/rules/RuleStatusBadge";
import { readAdminForm } from "../admin/form-body.server";
import { db } from "../db.server";
import { earnSummary } from "../domain/earning";
import { purchasePolicy } from "../domain/order-earnings";
import { isRuleKind, RULE_KINDS } from "../domain/rules/kinds";
import { ruleCost, ruleStatus, ruleSummary } from "../domain/rules/summary";
import { deleteRule, listRules, RuleNotFoundError, setRuleActive } from "../rules/rules.server";
import { syncRewardedPagesSoon } from "../shopify-facts/rewarded-pages.server";
import { authenticate } from "../shopify.server";
import { pricedRewards } from "../domain/rewards/pricing";
import { activeRewards } from "../rewards/catalogue.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Earning rules · Loyalty Bazaar" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const [stored, rewards] = await Promise.all([listRules(db, shop.id), activeRewards(db, shop.id).then(pricedRewards)]);
  const now = new Date();
  const policy = purchasePolicy(stored, shop.pointsPerUnit);
  const rules = stored.map((s) => ({
    id: s.id,
    name: s.name,
    kind: isRuleKind(s.kind) ? RULE_KINDS[s.kind].title : s.kind,
    status: ruleStatus(s, now),
    summary: s.rule ? ruleSummary(s.rule, shop.currencyCode) : null,
    cost: s.rule ? ruleCost(s.rule, rewards, shop.currencyCode) : null,
    problem: s.problem,
  }));
  // After a save the list names the rule saved.
  const savedId = new URL(request.url).searchParams.get("saved");
  const deleted = new URL(request.url).searchParams.get("deleted") === "1";
  return {
    rules,
    saved: rules.find((r) => r.id === savedId)?.name ?? null,
    deleted,
    // The Settings rate is the default purchases rule until the shop has one of its own.
    purchaseFallback: policy.source === "settings_rate" ? earnSummary(policy.pointsPerUnit, shop.currencyCode) : null,
    engagementPaused: shop.engagementPaused,
  };
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pause"), ruleId: z.string().min(1) }),
  z.object({ intent: z.literal("resume"), ruleId: z.string().min(1) }),
  z.object({ intent: z.literal("delete"), ruleId: z.string().min(1) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const form = await readAdminForm(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return data(
      { error: "bad_request", message: "Choose a rule and what to do with it: pause, resume or delete." },
      { status: 400 },
    );
  }
  const { intent, ruleId } = parsed.data;
  try {
    if (intent === "delete") await deleteRule(db, shop.id, ruleId);
    else await setRuleActive(db, shop.id, ruleId, intent === "resume");
  } catch (error) {
    // Deleted meanwhile (another tab) or another shop's: the list reloads without it.
    if (error instanceof RuleNotFoundError) {
      return data(
        { error: "not_found", message: "This rule is not in your loyalty programme any more." },
        { status: 404 },
      );
    }
    throw error;
  }
  await syncRewardedPagesSoon(db, shop.id);
  return { done: intent };
};

const DONE_MESSAGES = { pause: "Rule paused", resume: "Rule resumed", delete: "Rule deleted" } as const;

export default function RulesPage() {
  const { rules, saved, deleted, purchaseFallback, engagementPaused } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const busyRule = navigation.state === "submitting" ? navigation.formData?.get("ruleId") : null;

  const done = result && "done" in result ? result.done : null;
  useEffect(() => {
    if (done && typeof window !== "undefined") window.shopify?.toast?.show(DONE_MESSAGES[done]);
    if (done === "delete") setDeleting(null);
  }, [done, result]);

  const act = (intent: "pause" | "resume" | "delete", ruleId: string) => submit({ intent, ruleId }, { method: "post" });
  // A phone's screen has no room for six columns: each rule becomes a short list item.
  const { smDown: condensed } = useBreakpoints();

  const rows = condensed
    ? rules.map((rule, index) => (
        <IndexTable.Row id={rule.id} key={rule.id} position={index}>
          <RuleListItem
            rule={rule}
            busy={busyRule === rule.id}
            onPause={() => act("pause", rule.id)}
            onResume={() => act("resume", rule.id)}
            onDelete={() => setDeleting({ id: rule.id, name: rule.name })}
          />
        </IndexTable.Row>
      ))
    : rules.map((rule, index) => (
        <IndexTable.Row id={rule.id} key={rule.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/app/rules/${rule.id}`} removeUnderline>
              <Text as="span" fontWeight="semibold">
                {rule.name}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>{rule.kind}</IndexTable.Cell>
          <IndexTable.Cell>
            <RuleStatusBadge status={rule.status} />
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ whiteSpace: "normal", minWidth: "16rem" }}>
              <Text as="p" tone={rule.problem ? "critical" : undefined}>
                {rule.summary ?? `Its saved settings cannot be read, so it gives no points. Open it to fix them.`}
              </Text>
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>{rule.cost ?? "—"}</IndexTable.Cell>
          <IndexTable.Cell>
            <ButtonGroup>
              {rule.status !== "needs_attention" &&
                (rule.status === "paused" ? (
                  <Button
                    size="slim"
                    onClick={() => act("resume", rule.id)}
                    loading={busyRule === rule.id}
                    accessibilityLabel={`Resume ${rule.name}`}
                  >
                    Resume
                  </Button>
                ) : (
                  <Button
                    size="slim"
                    onClick={() => act("pause", rule.id)}
                    loading={busyRule === rule.id}
                    accessibilityLabel={`Pause ${rule.name}`}
                  >
                    Pause
                  </Button>
                ))}
              <Button
                size="slim"
                tone="critical"
                variant="plain"
                onClick={() => setDeleting({ id: rule.id, name: rule.name })}
                accessibilityLabel={`Delete ${rule.name}`}
              >
                Delete
              </Button>
            </ButtonGroup>
          </IndexTable.Cell>
        </IndexTable.Row>
      ));

  return (
    <Page
      title="Earning rules"
      subtitle="How shoppers earn points: purchases, profile details, visits, pages, shares and your own actions."
      primaryAction={{ content: "Add rule", url: "/app/rules/new" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {saved && (
              <Banner tone="success" title={`“${saved}” saved`}>
                <p>Shoppers earn with this rule’s settings from now on.</p>
              </Banner>
            )}
            {(deleted || done === "delete") && (
              <Banner tone="success" title="Rule deleted">
                <p>Points it already gave stay with the shoppers who earned them.</p>
              </Banner>
            )}
            {result && "error" in result && (
              <Banner tone="critical">
                <p>{result.message}</p>
              </Banner>
            )}
            {engagementPaused && (
              <Banner
                tone="warning"
                title="All engagement rules are paused"
                action={{ content: "Open Settings", url: "/app/settings" }}
              >
                <p>
                  Shoppers earn nothing for visits, pages, profile details, birthdays, shares, follows or custom
                  actions. Purchases and referrals still earn points.
                </p>
              </Banner>
            )}
            {purchaseFallback && (
              <Banner
                tone="info"
                title="Purchases earn points from Settings"
                action={{ content: "Add a purchases rule", url: "/app/rules/new?kind=spend" }}
                secondaryAction={{ content: "Open Settings", url: "/app/settings" }}
              >
                <p>
                  Orders earn {purchaseFallback}, the rate in Settings, until you add a purchases rule. A purchases rule
                  adds channels, a minimum order, excluded products and a first-order bonus.
                </p>
              </Banner>
            )}
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "rule", plural: "rules" }}
                itemCount={rules.length}
                selectable={false}
                condensed={condensed}
                emptyState={<NoRules />}
                headings={[
                  { title: "Name" },
                  { title: "Kind" },
                  { title: "Status" },
                  { title: "What it gives" },
                  { title: "Cost" },
                  { title: "Actions", hidden: true },
                ]}
              >
                {rows}
              </IndexTable>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <DeleteRuleModal
        name={deleting?.name ?? ""}
        open={deleting !== null}
        deleting={navigation.state === "submitting" && navigation.formData?.get("intent") === "delete"}
        onClose={() => setDeleting(null)}
        onDelete={() => deleting && act("delete", deleting.id)}
      />
    </Page>
  );
}

function NoRules() {
  return (
    <div style={{ padding: "var(--p-space-800) var(--p-space-400)", textAlign: "center" }}>
      <BlockStack gap="300" inlineAlign="center">
        <Text as="h2" variant="headingMd">
          No earning rules yet
        </Text>
        <Text as="p" tone="subdued">
          Reward more than purchases: account creation, profile details, birthdays, visits, pages, shares and follows.
        </Text>
        <Button url="/app/rules/new" variant="primary">
          Add rule
        </Button>
      </BlockStack>
    </div>
  );
}
