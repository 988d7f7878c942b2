/** The members page: who has joined the programme, their points, searchable and paged. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Card, IndexTable, Layout, Link, Page, Pagination, Text, useBreakpoints } from "@shopify/polaris";
import type { IndexTableHeading } from "@shopify/polaris/build/ts/src/components/IndexTable";
import type { NonEmptyArray } from "@shopify/polaris/build/ts/src/types";
import { z } from "zod";
import { MemberSearch, MAX_SEARCH_LENGTH } from "../components/MemberSearch";
import { CondensedRow } from "../components/CondensedRow";
import { LedgerExport } from "../components/LedgerExport";
import { MembersEmptyState } from "../components/MembersEmptyState";
import { db } from "../db.server";
import { dayOf } from "../domain/rules/shop-dates";
import { listMembers, type MemberPage, type TierFilter } from "../members/members.server";
import { listTiers } from "../tiers/tiers.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Members · Loyalty Bazaar" }];

const searchSchema = z.string().trim().max(MAX_SEARCH_LENGTH, "Searches can be at most 100 characters.");
// A page number from a hand-edited or stale link: anything that is not a sensible page is page 1.
const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);
const tierParamSchema = z.string().trim().max(100).catch("");

/** `?tier=`: "none", one of this shop's tiers, or (anything else, e.g. a deleted tier) every member. */
function tierFilterOf(value: string, tierIds: readonly string[]): { filter: TierFilter; value: string } {
  if (value === "none") return { filter: { kind: "none" }, value };
  if (tierIds.includes(value)) return { filter: { kind: "tier", tierId: value }, value };
  return { filter: { kind: "any" }, value: "" };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const params = new URL(request.url).searchParams;
  const page = pageSchema.parse(params.get("page") ?? undefined);
  const search = searchSchema.safeParse(params.get("q") ?? "");
  const tiers = await listTiers(db, shop.id);
  const tierChoices = tiers.map((t) => ({ label: t.hidden ? `${t.name} (hidden)` : t.name, value: t.id }));
  const tier = tierFilterOf(
    tierParamSchema.parse(params.get("tier") ?? ""),
    tiers.map((t) => t.id),
  );
  // The export's default period ends today where the shop is.
  const ledger = { today: dayOf(new Date(), shop.timeZone), timeZone: shop.timeZone };
  if (!search.success) {
    const nothing: MemberPage = { members: [], page: 1, pageSize: 0, total: 0, hasPrevious: false, hasNext: false };
    return { query: "", searchError: search.error.issues[0]?.message, result: nothing, ledger, tier: "", tierChoices };
  }
  const result = await listMembers(db, shop.id, { query: search.data, page, tier: tier.filter });
  return { query: search.data, searchError: undefined, result, ledger, tier: tier.value, tierChoices };
};

/** A link to another page of the same search. */
function pageUrl(query: string, page: number, tier = ""): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (tier) params.set("tier", tier);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/app/members?${search}` : "/app/members";
}

// UTC so the server and the browser print the same date (no hydration mismatch).
const joinedDate = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const points = new Intl.NumberFormat("en");

export default function MembersPage() {
  const { query, searchError, result, ledger, tier, tierChoices } = useLoaderData<typeof loader>();
  const showTiers = tierChoices.length > 0;
  const navigation = useNavigation();
  const { members, page, total, hasPrevious, hasNext } = result;
  const lastPage = Math.max(1, Math.ceil(total / Math.max(result.pageSize, 1)));
  // A phone's screen has no room for five columns: each member becomes a short list item.
  const { smDown: condensed } = useBreakpoints();

  const rows = members.map((member, index) => (
    <IndexTable.Row id={member.id} key={member.id} position={index}>
      {condensed ? (
        <CondensedRow
          title={
            <Link dataPrimaryLink url={`/app/members/${member.id}`} monochrome removeUnderline>
              <Text as="span" variant="bodyMd" fontWeight="semibold">
                {member.name}
              </Text>
            </Link>
          }
          aside={
            <Text as="span" numeric>
              {points.format(member.balance)} points
            </Text>
          }
        >
          {showTiers && (
            <Text as="p" tone="subdued">
              {member.tier ? `Tier: ${member.tier.name}` : "No tier"}
            </Text>
          )}
          <Text as="p" tone="subdued">
            {member.email ?? "—"}
          </Text>
          <Text as="p" tone="subdued">
            Earned {points.format(member.lifetimeEarned)} all time · joined{" "}
            {joinedDate.format(new Date(member.joinedAt))}
          </Text>
        </CondensedRow>
      ) : (
        <MemberCells member={member} showTier={showTiers} />
      )}
    </IndexTable.Row>
  ));

  return (
    <Page title="Members" subtitle="Everyone in your loyalty programme and the points they hold.">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <BlockStack>
              <div style={{ padding: "var(--p-space-300)" }}>
                <MemberSearch initialQuery={query} error={searchError} tier={tier} tierChoices={tierChoices} />
              </div>
              <IndexTable
                resourceName={{ singular: "member", plural: "members" }}
                itemCount={members.length}
                selectable={false}
                condensed={condensed}
                loading={navigation.state === "loading"}
                emptyState={
                  total > 0 ? (
                    <PastTheEnd url={pageUrl(query, lastPage, tier)} />
                  ) : (
                    <MembersEmptyState
                      searchTerm={query}
                      tierName={
                        tierChoices.find((c) => c.value === tier)?.label ?? (tier === "none" ? "No tier" : null)
                      }
                      clearSearchUrl="/app/members"
                    />
                  )
                }
                headings={
                  [
                    { title: "Name" },
                    { title: "E-mail" },
                    ...(showTiers ? [{ title: "Tier" }] : []),
                    { title: "Points balance", alignment: "end" },
                    { title: "Earned all time", alignment: "end" },
                    { title: "Joined" },
                  ] as unknown as NonEmptyArray<IndexTableHeading>
                }
              >
                {rows}
              </IndexTable>
            </BlockStack>
          </Card>
        </Layout.Section>
        {(hasPrevious || hasNext) && (
          <Layout.Section>
            <Pagination
              hasPrevious={hasPrevious}
              previousURL={pageUrl(query, page - 1, tier)}
              hasNext={hasNext}
              nextURL={pageUrl(query, page + 1, tier)}
              label={`Page ${page} of ${lastPage}`}
              accessibilityLabels={{ previous: "Previous page", next: "Next page" }}
            />
          </Layout.Section>
        )}
        <Layout.Section>
          <LedgerExport today={ledger.today} timeZone={ledger.timeZone} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** An old link can point past the last page (members were removed since). */
function PastTheEnd({ url }: { url: string }) {
  return (
    <div style={{ padding: "var(--p-space-800)", textAlign: "center" }}>
      <Text as="p">
        There are fewer members now than when this link was made. <Link url={url}>Go to the last page</Link>.
      </Text>
    </div>
  );
}

/** A member's row on a wide screen: one cell per column. */
function MemberCells({ member, showTier }: { member: MemberPage["members"][number]; showTier: boolean }) {
  return (
    <>
      <IndexTable.Cell>
        {/* The row's primary link: clicking anywhere on the row opens the member. */}
        <Link dataPrimaryLink url={`/app/members/${member.id}`} monochrome removeUnderline>
          <Text as="span" variant="bodyMd" fontWeight="semibold">
            {member.name}
          </Text>
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>{member.email ?? "—"}</IndexTable.Cell>
      {showTier && <IndexTable.Cell>{member.tier?.name ?? "—"}</IndexTable.Cell>}
      <IndexTable.Cell>
        <Text as="p" alignment="end" numeric>
          {points.format(member.balance)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="p" alignment="end" numeric>
          {points.format(member.lifetimeEarned)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{joinedDate.format(new Date(member.joinedAt))}</IndexTable.Cell>
    </>
  );
}
