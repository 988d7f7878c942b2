/**
 * The admin's home: the programme's economics for a period the merchant picks (default: the
 * last 90 days) — members, points issued, redeemed and expired, members' vs non-members'
 * orders, what the programme cost, its liability and what expires in the coming months; each
 * figure says in one line what it is, and all of them download as one CSV
 * (/app/dashboard.csv). Figures: app/domain/economics/dashboard.ts; reads: app/economics/.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { ChartsData } from "../components/economics/DashboardCharts";
import { useFileDownload } from "../components/useFileDownload";
import { db } from "../db.server";
import { currencyExponent } from "../domain/money";
import { addDays, dateText, parseDateText } from "../domain/rules/shop-dates";
import type { Figure } from "../domain/economics/dashboard";
import { dashboardPeriod } from "../domain/economics/dashboard-period";
import { readDashboard } from "../economics/dashboard.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Loyalty Bazaar" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const now = new Date();
  const period = dashboardPeriod(new URL(request.url).searchParams, shop.timeZone, now);
  const board = await readDashboard(db, shop, period.instants, now);
  return {
    board,
    days: period.days,
    problem: period.problem,
    currencyCode: shop.currencyCode,
    timeZone: shop.timeZone,
  };
};

// Polaris Viz reads `window` while rendering: its charts load in the browser only.
const ExpiryChart = lazy(() =>
  import("../components/economics/DashboardCharts").then((m) => ({ default: m.ExpiryChart })),
);
const RevenueChart = lazy(() =>
  import("../components/economics/DashboardCharts").then((m) => ({ default: m.RevenueChart })),
);
const SourcesChart = lazy(() =>
  import("../components/economics/DashboardCharts").then((m) => ({ default: m.SourcesChart })),
);

function ClientOnly({ children }: { children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const placeholder = <div style={{ height: 240 }} aria-hidden />;
  return mounted ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder;
}

const counts = new Intl.NumberFormat("en");
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

function moneyFormatter(currencyCode: string) {
  const exponent = currencyExponent(currencyCode);
  const whole = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode });
  // A point is often worth a fraction of a cent: two more digits for it.
  const fine = new Intl.NumberFormat("en", {
    style: "currency",
    currency: currencyCode,
    maximumFractionDigits: exponent + 2,
  });
  return {
    money: (minor: number) => whole.format(minor / 10 ** exponent),
    fineMoney: (minor: number) => fine.format(minor / 10 ** exponent),
  };
}

export default function DashboardPage() {
  const { board, days, problem, currencyCode, timeZone } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { money, fineMoney } = moneyFormatter(currencyCode);
  const csv = useFileDownload();
  const downloadCsv = () =>
    csv.download(
      `/app/dashboard.csv?${new URLSearchParams({ from: days.from, to: days.to }).toString()}`,
      `dashboard-${days.from}-to-${days.to}.csv`,
    );
  const [from, setFrom] = useState(days.from);
  const [to, setTo] = useState(days.to);
  useEffect(() => {
    setFrom(days.from);
    setTo(days.to);
  }, [days.from, days.to]);

  const shown = (f: Figure) => {
    if (f.value === null) return "—";
    if (f.unit === "share") return percent.format(f.value);
    if (f.unit === "minor") return f.key === "point_value" ? fineMoney(f.value) : money(f.value);
    return counts.format(f.value);
  };
  const members = board.sides.find((s) => s.side === "members")!;
  const guests = board.sides.find((s) => s.side === "non_members")!;
  const charts: ChartsData = {
    waterfall: board.waterfall,
    revenue: { members: members.revenueMinor, nonMembers: guests.revenueMinor },
    sources: board.topSources,
    formatMoney: money,
  };
  const today = dateText(parseDateText(days.today)!);
  const preset = (n: number) => ({ from: dateText(addDays(parseDateText(today)!, -(n - 1))), to: today });

  return (
    <Page
      title="Dashboard"
      subtitle="What your loyalty programme costs, owes and brings in."
      primaryAction={{ content: "Download CSV", onAction: downloadCsv, loading: csv.busy }}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="get">
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Period
                </Text>
                <InlineStack gap="300" blockAlign="end" wrap>
                  <TextField
                    label="First day"
                    type="date"
                    name="from"
                    value={from}
                    onChange={setFrom}
                    autoComplete="off"
                  />
                  <TextField label="Last day" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
                  <Button submit loading={navigation.state === "loading"}>
                    Show
                  </Button>
                </InlineStack>
                <InlineStack gap="200" wrap>
                  {[30, 90, 365].map((n) => (
                    <Button key={n} variant="plain" url={`/app?${new URLSearchParams(preset(n)).toString()}`}>
                      {`Last ${n} days`}
                    </Button>
                  ))}
                </InlineStack>
                <Text as="p" tone="subdued">
                  Days are your shop’s ({timeZone}), both included. Amounts are in {currencyCode}.
                </Text>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
        {(problem || csv.problem) && (
          <Layout.Section>
            <Banner tone="warning" onDismiss={csv.problem ? csv.dismiss : undefined}>
              <p>{problem ?? csv.problem}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
            {board.figures.map((f) => (
              <Card key={f.key}>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    {f.label}
                  </Text>
                  <Text as="p" variant="headingLg" numeric>
                    {shown(f)}
                  </Text>
                  <Text as="p" tone="subdued">
                    {f.explanation}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <ChartCard
              title="Points expiring by month"
              line="Points left unspent that expire each coming month, and their worth if nobody spends them first."
            >
              <ClientOnly>
                <ExpiryChart data={charts} />
              </ClientOnly>
            </ChartCard>
            <ChartCard
              title="Revenue: members and non-members"
              line="Order totals less refunds in the period, by who bought."
            >
              <ClientOnly>
                <RevenueChart data={charts} />
              </ClientOnly>
            </ChartCard>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <ChartCard title="Cost by source" line="Points each rule or source credited in the period, and their cost.">
              <ClientOnly>
                <SourcesChart data={charts} />
              </ClientOnly>
              <CostList
                lines={board.topSources.map((s) => ({ name: s.name, points: s.points, cost: s.costMinor }))}
                money={money}
              />
            </ChartCard>
            <ChartCard
              title="Cost by reward"
              line="Points spent on each reward in the period, and the value members got."
            >
              <CostList
                lines={board.topRewards.map((r) => ({
                  name: `${r.name} (${r.redemptions}×)`,
                  points: r.points,
                  cost: r.valueMinor,
                }))}
                money={money}
              />
            </ChartCard>
          </InlineGrid>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ChartCard({ title, line, children }: { title: string; line: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <Text as="p" tone="subdued">
          {line}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

function CostList({
  lines,
  money,
}: {
  lines: { name: string; points: number; cost: number | null }[];
  money: (minor: number) => string;
}) {
  if (lines.length === 0) return <Text as="p">Nothing in this period.</Text>;
  return (
    <BlockStack gap="100">
      {lines.map((line) => (
        <Box key={line.name}>
          <InlineStack align="space-between" gap="200" wrap={false}>
            <Text as="span">{line.name}</Text>
            <Text as="span" numeric>
              {counts.format(line.points)} points · {line.cost === null ? "—" : money(line.cost)}
            </Text>
          </InlineStack>
        </Box>
      ))}
    </BlockStack>
  );
}
