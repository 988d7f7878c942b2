/**
 * The Export page: the members CSV, the whole programme as JSON Lines and the points ledger
 * for a period (each streamed by its own route), and the install option that brings in the
 * last 60 days of orders (docs/decisions/0035), with its progress while it runs.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Spinner, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { z } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import { useFileDownload } from "../components/useFileDownload";
import { LedgerExport } from "../components/LedgerExport";
import { db } from "../db.server";
import { BACKFILL_DAYS } from "../domain/backfill/bulk-order";
import { dayOf } from "../domain/rules/shop-dates";
import { latestBackfill, startOrderBackfill } from "../economics/order-backfill.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Export · Loyalty Bazaar" }];

/** Whether the session's granted scopes allow reading orders (unknown scopes: assume yes). */
const canReadOrders = (scope: string | undefined) =>
  !scope || scope.split(",").some((s) => s.trim() === "read_orders" || s.trim() === "write_orders");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const [backfill, members] = await Promise.all([
    latestBackfill(db, shop.id),
    db.member.count({ where: { shopId: shop.id } }),
  ]);
  return {
    members,
    ledger: { today: dayOf(new Date(), shop.timeZone), timeZone: shop.timeZone },
    canReadOrders: canReadOrders(session.scope),
    backfill: backfill && {
      status: backfill.status,
      ordersSeen: backfill.ordersSeen,
      since: backfill.since.toISOString().slice(0, 10),
      startedAt: backfill.startedAt.toISOString(),
      finishedAt: backfill.finishedAt?.toISOString() ?? null,
      error: backfill.error,
    },
  };
};

const actionSchema = z.object({ intent: z.literal("backfill") });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const parsed = actionSchema.safeParse(Object.fromEntries(await readAdminForm(request)));
  if (!parsed.success) {
    return data({ error: "bad_request", message: "Nothing to do: choose an action on the page." }, { status: 400 });
  }
  if (!canReadOrders(session.scope)) {
    return data(
      { error: "missing_scope", message: "The app needs permission to read orders (read_orders) first." },
      { status: 403 },
    );
  }
  const { created } = await startOrderBackfill(db, shop);
  return { started: created };
};

export default function ExportPage() {
  const { members, ledger, backfill, canReadOrders: allowed } = useLoaderData<typeof loader>();
  return (
    <Page title="Export" subtitle="Your programme's data, yours to keep, and your recent orders brought in.">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <DownloadsCard members={members} />
            <LedgerExport today={ledger.today} timeZone={ledger.timeZone} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BackfillCard backfill={backfill} allowed={allowed} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function DownloadsCard({ members }: { members: number }) {
  const file = useFileDownload();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Download your data
        </Text>
        {file.problem && (
          <Banner tone="critical" onDismiss={file.dismiss}>
            <p>{file.problem}</p>
          </Banner>
        )}
        <Text as="p">
          Members ({members}): a CSV file with each member&apos;s balance, pending points, lifetime points and tier.
        </Text>
        <InlineStack>
          <Button
            onClick={() => file.download("/app/data/members.csv", "members.csv")}
            loading={file.isBusy("/app/data/members.csv")}
          >
            Download members CSV
          </Button>
        </InlineStack>
        <Text as="p">
          The whole programme: members, every points entry, tiers, rewards, rules, campaigns and challenges, as JSON
          Lines (one record per line, each with a type), to move to another tool or keep as a backup.
        </Text>
        <InlineStack>
          <Button
            onClick={() => file.download("/app/data/programme.jsonl", "programme.jsonl")}
            loading={file.isBusy("/app/data/programme.jsonl")}
          >
            Download programme (JSON Lines)
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

type Backfill = ReturnType<typeof useLoaderData<typeof loader>>["backfill"];

const STATUS_BADGE: Record<string, { tone: "info" | "success" | "critical"; label: string }> = {
  running: { tone: "info", label: "Shopify is gathering the orders" },
  importing: { tone: "info", label: "Bringing orders in" },
  done: { tone: "success", label: "Done" },
  failed: { tone: "critical", label: "Stopped" },
};

function BackfillCard({ backfill, allowed }: { backfill: Backfill; allowed: boolean }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const result = useActionData<typeof action>();
  const underWay = backfill?.status === "running" || backfill?.status === "importing";
  // Progress is the page's own data: read it again every few seconds while the work runs.
  useEffect(() => {
    if (!underWay) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3_000);
    return () => clearInterval(timer);
  }, [underWay, revalidator]);
  const badge = backfill ? STATUS_BADGE[backfill.status] : undefined;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Bring in the last {BACKFILL_DAYS} days of orders
        </Text>
        <Text as="p" tone="subdued">
          Reads your orders of the last {BACKFILL_DAYS} days from Shopify, so the dashboard compares members with other
          buyers from day one, and enrols their customers as members. Their paid orders count toward spend and order
          tiers (a member reaching a tier gets its entry reward); they earn no points, so they do not count toward a
          points tier. Running it again changes nothing already brought in.
        </Text>
        {!allowed && (
          <Banner tone="warning">
            <p>The app needs permission to read your orders. Approve the app&apos;s updated access, then come back.</p>
          </Banner>
        )}
        {result && "message" in result && (
          <Banner tone="critical">
            <p>{result.message}</p>
          </Banner>
        )}
        {backfill && badge && (
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={badge.tone}>{badge.label}</Badge>
              <Text as="span">
                {backfill.ordersSeen} {backfill.ordersSeen === 1 ? "order" : "orders"} brought in since {backfill.since}
              </Text>
            </InlineStack>
            {underWay && <Spinner size="small" accessibilityLabel="Bringing in orders" />}
            {backfill.error && (
              <Text as="p" tone="critical">
                {backfill.error}
              </Text>
            )}
          </BlockStack>
        )}
        <InlineStack align="end">
          <Button
            variant="primary"
            disabled={!allowed || underWay}
            loading={navigation.state !== "idle" && navigation.formData?.get("intent") === "backfill"}
            onClick={() => submit({ intent: "backfill" }, { method: "post" })}
          >
            {backfill ? "Bring in orders again" : "Bring in orders"}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
