/**
 * One member: their balances, their tier (how held, progress, history), their points history,
 * a form for staff to add or remove points with a reason, and one to assign a tier by hand
 * with a reason (hidden tiers only this way), and their challenges: progress and completions. Every read and write is limited to the session's shop; a member of
 * another shop is "not found". The form carries a request id made when it was rendered, so
 * a double-clicked or retried submission adjusts once (the ledger's idempotency key).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useEffect, useState } from "react";
import { z, ZodError } from "zod";
import { adminUrl } from "../admin/admin-url";
import { readAdminForm } from "../admin/form-body.server";
import { db } from "../db.server";
import { adjustPoints, memberWithHistory } from "../ledger/adjust.server";
import { upcomingExpiry } from "../ledger/expiry-view.server";
import { MAX_POINTS, PointsOutOfRangeError } from "../domain/ledger";
import { IdempotencyConflictError, InsufficientPointsError, MemberNotFoundError } from "../ledger/ledger.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";
import { AdjustedBanner } from "../components/member/AdjustedBanner";
import { Figure } from "../components/member/Figure";
import { HistoryCard } from "../components/member/HistoryCard";
import { RedemptionsCard } from "../components/member/RedemptionsCard";
import { ChallengesCard } from "../components/member/ChallengesCard";
import { memberChallengesView } from "../challenges/member-challenges.server";
import { describeEntry } from "../domain/entry-description";
import { memberName } from "../domain/member-name";
import type { RewardKind } from "../domain/rewards/catalogue";
import { isMerchantCancellable, redemptionStatus } from "../domain/rewards/redemption-status";
import { cancelRedemption } from "../rewards/cancel.server";
import { RedemptionNotCancellableError, RedemptionNotFoundError } from "../rewards/errors";
import { ShopifyGatewayError } from "../shopify/gateway.server";
import {
  AssignTierCard,
  MAX_TIER_REASON_LENGTH,
  type AssignTierErrors,
  type AssignTierFields,
} from "../components/member/AssignTierCard";
import { MemberTierCard, TierHistoryCard } from "../components/member/TierCard";
import { assignTierByHand } from "../tiers/grants.server";
import { memberTierStanding, tierHistory } from "../tiers/member-tier.server";
import { listTiers } from "../tiers/tiers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.name ?? "Member"} · Loyalty Bazaar` },
];

const HISTORY_SIZE = 50;
const REDEMPTIONS_SIZE = 20;
const MAX_ADJUSTMENT = 1_000_000;
const MAX_REASON_LENGTH = 200;

const count = new Intl.NumberFormat("en");

function notFound(): Response {
  return new Response("This member is not in your loyalty programme.", { status: 404 });
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const found = params.memberId ? await memberWithHistory(db, shop.id, params.memberId, HISTORY_SIZE) : null;
  if (!found) throw notFound();
  const { member, entries } = found;
  const [expiring, standing, history, tiers, held, latestRedemptions, challenges] = await Promise.all([
    upcomingExpiry(db, shop.id, member.id),
    memberTierStanding(db, shop.id, member.id),
    tierHistory(db, shop.id, member.id),
    listTiers(db, shop.id),
    db.member.findFirstOrThrow({
      where: { id: member.id, shopId: shop.id },
      select: { tierSource: true, tierSince: true, tierEndsAt: true },
    }),
    db.redemption.findMany({
      where: { shopId: shop.id, memberId: member.id },
      orderBy: { createdAt: "desc" },
      take: REDEMPTIONS_SIZE,
    }),
    memberChallengesView(db, shop, member.id, new Date()),
  ]);
  const now = new Date();

  // Redemptions' reward names, for "Redeemed a reward: $5 off", and which were cancelled, in this shop only.
  const redemptionIds = entries
    .filter((e) => e.kind === "redeem" || (e.kind === "reverse" && e.causeType === "redemption"))
    .map((e) => e.causeId);
  const redemptions = redemptionIds.length
    ? await db.redemption.findMany({
        where: { shopId: shop.id, id: { in: redemptionIds } },
        select: { id: true, rewardTitle: true, status: true, reward: { select: { title: true } } },
      })
    : [];
  const rewardTitles = new Map(
    redemptions.flatMap((r) => {
      const title = r.reward?.title ?? r.rewardTitle;
      return title ? [[r.id, title] as const] : [];
    }),
  );
  const cancelled = new Set(redemptions.filter((r) => r.status === "cancelled").map((r) => r.id));
  // Tier entry rewards and birthday bonuses say which tier: "Reached Gold".
  const tierNames = new Map(tiers.map((t) => [t.id, t.name]));

  // After a successful adjustment the URL names its entry: say what it did.
  const adjustedId = new URL(request.url).searchParams.get("adjusted");
  const adjusted = adjustedId
    ? await db.ledgerEntry.findFirst({
        where: { id: adjustedId, shopId: shop.id, memberId: member.id, kind: "adjust" },
        select: { id: true, points: true, balanceAfter: true },
      })
    : null;

  return {
    member: {
      id: member.id,
      name: memberName(member),
      email: member.email,
      balance: member.balance,
      pending: member.pending,
      lifetimeEarned: member.lifetimeEarned,
      lifetimeRedeemed: member.lifetimeRedeemed,
      joinedAt: member.createdAt.toISOString(),
    },
    // The next points to expire if nothing changes (none when the shop's points never expire).
    expiring: expiring ? { points: expiring.points, on: expiring.on.toISOString() } : null,
    entries: entries.map((e) => ({
      id: e.id,
      at: e.createdAt.toISOString(),
      description: describeEntry(e, rewardTitles, tierNames, cancelled),
      points: e.points,
      balanceAfter: e.balanceAfter,
      reason: e.reason,
    })),
    adjusted,
    requestId: crypto.randomUUID(),
    currencyCode: shop.currencyCode,
    tier: {
      tier: standing.tier,
      source: standing.tier ? held.tierSource : null,
      since: standing.tier ? (held.tierSince?.toISOString() ?? null) : null,
      endsAt: standing.tier ? (held.tierEndsAt?.toISOString() ?? null) : null,
      nextTier: standing.nextTier,
      keep: standing.keep ? { ...standing.keep, by: standing.keep.by.toISOString() } : null,
      value: standing.value,
    },
    tierHistory: history.map((row) => ({ ...row, at: row.at.toISOString() })),
    tiers: tiers.map((t) => ({ id: t.id, name: t.name, hidden: t.hidden })),
    tierChanged: new URL(request.url).searchParams.get("tier"),
    redemptions: latestRedemptions.map((r) => {
      const facts = { ...r, kind: r.kind as RewardKind };
      return {
        id: r.id,
        title: r.rewardTitle || "Reward",
        code: r.code,
        points: r.pointsSpent,
        status: redemptionStatus(facts, now),
        cancellable: isMerchantCancellable(facts, now),
        at: r.createdAt.toISOString(),
      };
    }),
    redemptionCancelled: new URL(request.url).searchParams.get("cancelled") === "1",
    challenges,
  };
};

/** The form's fields as typed: sent back on an error so nothing the merchant typed is lost. */
interface AdjustFields {
  points: string;
  reason: string;
}
type AdjustErrors = Partial<Record<keyof AdjustFields | "form", string>>;

const adjustmentSchema = z.object({
  points: z
    .string()
    .trim()
    .min(1, "Enter the number of points to add, or a negative number to remove.")
    .regex(/^[+-]?\d+$/, "Enter a whole number of points, for example 50 or -20.")
    .transform(Number)
    .refine((n) => n !== 0, "Enter a number other than 0.")
    .refine(
      (n) => Math.abs(n) <= MAX_ADJUSTMENT,
      `Adjust by at most ${count.format(MAX_ADJUSTMENT)} points at a time.`,
    ),
  reason: z
    .string()
    .trim()
    .min(1, "Enter a reason. It is kept with the adjustment in the member’s history.")
    .max(MAX_REASON_LENGTH, `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer.`),
  requestId: z.string().uuid("This form is out of date. Reload the page and try again."),
});

function refused(fields: AdjustFields, errors: AdjustErrors, status = 400) {
  return data({ intent: "adjust" as const, errors, fields }, { status });
}

const tierAssignmentSchema = z.object({
  intent: z.enum(["assignTier", "removeManualTier"]),
  tierId: z.string().trim().max(100),
  reason: z
    .string()
    .trim()
    .min(1, "Enter a reason. It is kept in the member’s tier history.")
    .max(MAX_TIER_REASON_LENGTH, `Keep the reason to ${MAX_TIER_REASON_LENGTH} characters or fewer.`),
});

function tierRefused(fields: AssignTierFields, errors: AssignTierErrors) {
  return data({ intent: "tier" as const, errors, fields }, { status: 400 });
}

/** Staff give a tier by hand (or take one given by hand back), with a reason for the history. */
async function assignTier(request: Request, form: FormData, shopId: string, memberId: string, staff: string) {
  const fields: AssignTierFields = {
    tierId: String(form.get("tierId") ?? ""),
    reason: String(form.get("tierReason") ?? ""),
  };
  const parsed = tierAssignmentSchema.safeParse({ ...fields, intent: form.get("intent") });
  if (!parsed.success) {
    const errors: AssignTierErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === "reason" ? "reason" : issue.path[0] === "tierId" ? "tierId" : "form";
      errors[key] ??= issue.message;
    }
    return tierRefused(fields, errors);
  }
  const { intent, reason } = parsed.data;
  let tierId: string | null = null;
  if (intent === "assignTier") {
    const tiers = await listTiers(db, shopId);
    const tier = tiers.find((t) => t.id === parsed.data.tierId);
    if (!tier) return tierRefused(fields, { tierId: "Choose one of your tiers." });
    tierId = tier.id;
  } else {
    const held = await db.member.findFirst({ where: { id: memberId, shopId }, select: { tierSource: true } });
    if (held?.tierSource !== "manual") {
      return tierRefused(fields, { form: "This member has no tier given by hand to remove." });
    }
  }
  try {
    await assignTierByHand(db, shopId, memberId, { tierId, reason, staff });
  } catch (error) {
    if (error instanceof MemberNotFoundError) throw notFound();
    // Checked above already; a tier deleted meanwhile is still the merchant's to choose again.
    if (error instanceof ZodError) return tierRefused(fields, { tierId: error.issues[0]?.message ?? "Choose a tier." });
    throw error;
  }
  return redirect(memberUrl(request, memberId, { tier: intent === "assignTier" ? "assigned" : "removed" }));
}

function cancelRefused(status: 400 | 404 | 409 | 502, message: string) {
  return data({ intent: "cancelRedemption" as const, message }, { status });
}

/** Staff cancel one of this member's unused codes or open requests: the points come back once. */
async function cancelMemberRedemption(
  request: Request,
  form: FormData,
  shop: { id: string; domain: string },
  memberId: string,
) {
  const redemptionId = String(form.get("redemptionId") ?? "").trim();
  if (!redemptionId || redemptionId.length > 100) return cancelRefused(400, "Choose a redemption to cancel.");
  // Only this member's: another member's (or shop's) redemption is not found from here.
  const owned = await db.redemption.findFirst({
    where: { id: redemptionId, shopId: shop.id, memberId },
    select: { id: true },
  });
  if (!owned) return cancelRefused(404, "This redemption is not this member’s.");
  try {
    await cancelRedemption(db, { shopId: shop.id, shopDomain: shop.domain, redemptionId, by: "merchant", memberId });
  } catch (error) {
    if (error instanceof RedemptionNotFoundError) return cancelRefused(404, "This redemption is not this member’s.");
    if (error instanceof RedemptionNotCancellableError) {
      return cancelRefused(409, `This redemption is ${error.status} now, so it cannot be cancelled.`);
    }
    if (error instanceof ShopifyGatewayError) {
      return cancelRefused(502, "Shopify did not delete the code, so nothing changed. Try again in a moment.");
    }
    throw error;
  }
  return redirect(memberUrl(request, memberId, { cancelled: "1" }));
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const auth = await authenticate.admin(request);
  const shop = await requireShop(db, auth.session.shop);
  const memberId = params.memberId ?? "";
  const member = await db.member.findFirst({
    where: { id: memberId, shopId: shop.id, redactedAt: null },
    select: { id: true },
  });
  if (!member) throw notFound();

  const form = await readAdminForm(request);
  // Token exchange sessions carry no staff e-mail; the session token names the user (`sub`).
  const sub = "sessionToken" in auth ? auth.sessionToken?.sub : undefined;
  const staff = sub ? String(sub) : "staff";
  const intent = String(form.get("intent") ?? "adjust");
  if (intent === "assignTier" || intent === "removeManualTier") {
    return assignTier(request, form, shop.id, member.id, staff);
  }
  if (intent === "cancelRedemption") {
    return cancelMemberRedemption(request, form, { id: shop.id, domain: shop.domain }, member.id);
  }
  if (intent !== "adjust") return refused({ points: "", reason: "" }, { form: "Adjust points or assign a tier." });
  const fields: AdjustFields = { points: String(form.get("points") ?? ""), reason: String(form.get("reason") ?? "") };
  const parsed = adjustmentSchema.safeParse({ ...fields, requestId: String(form.get("requestId") ?? "") });
  if (!parsed.success) {
    const errors: AdjustErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === "requestId" ? "form" : (issue.path[0] as keyof AdjustFields);
      errors[key] ??= issue.message;
    }
    return refused(fields, errors);
  }

  const { points, reason, requestId } = parsed.data;
  try {
    const posted = await adjustPoints(db, {
      shopId: shop.id,
      memberId: member.id,
      points,
      reason,
      staffMember: staff,
      requestId,
    });
    // Redirect, so a reload shows the page instead of posting the form again.
    return redirect(memberUrl(request, member.id, { adjusted: posted.entry.id }));
  } catch (error) {
    if (error instanceof InsufficientPointsError) {
      const available = error.available ?? 0;
      // A refund may have taken the balance below zero (when the shop's settings allow it).
      const message =
        available > 0
          ? `This member has only ${count.format(available)} ${available === 1 ? "point" : "points"}; you can remove at most ${count.format(available)}.`
          : `This member has ${count.format(available)} points; there are none to remove.`;
      return refused(fields, { points: message });
    }
    if (error instanceof PointsOutOfRangeError) {
      return refused(fields, { points: `A member's points stay within ${count.format(MAX_POINTS)}; add fewer.` });
    }
    if (error instanceof MemberNotFoundError) throw notFound();
    if (error instanceof IdempotencyConflictError) {
      return refused(
        fields,
        { form: "This form was already used for another adjustment. Reload the page and try again." },
        409,
      );
    }
    throw error;
  }
};

/** The member page again, keeping the embedded app's parameters (shop, host) in the URL. */
function memberUrl(request: Request, memberId: string, notice: Record<string, string>): string {
  return adminUrl(request, `/app/members/${encodeURIComponent(memberId)}`, notice);
}

// A refused submission wrote nothing: keep the page (and its request id) as it is.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

// UTC so the server and the browser print the same time (no hydration mismatch).
const joinedDate = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });
const expiryDate = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

export default function MemberPage() {
  const loaded = useLoaderData<typeof loader>();
  const { member, entries, adjusted, requestId, expiring } = loaded;
  const refused = useActionData<typeof action>();
  const tierRefusal = refused?.intent === "tier" ? refused : null;

  // Confirm with App Bridge's toast when it is there; the banner works without it.
  const adjustedId = adjusted?.id;
  useEffect(() => {
    if (adjustedId && typeof window !== "undefined") window.shopify?.toast?.show("Points adjusted");
  }, [adjustedId]);

  return (
    <Page
      title={member.name}
      subtitle={member.email ?? undefined}
      backAction={{ content: "Members", url: "/app/members" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {adjusted && !refused && <AdjustedBanner points={adjusted.points} balance={adjusted.balanceAfter} />}
            {loaded.redemptionCancelled && !refused && (
              <Banner tone="success" title="Redemption cancelled">
                <p>The points are back on {member.name}’s balance.</p>
              </Banner>
            )}
            {refused?.intent === "cancelRedemption" && (
              <Banner tone="critical" title="The redemption was not cancelled">
                <p>{refused.message}</p>
              </Banner>
            )}
            {loaded.tierChanged && !refused && (
              <Banner tone="success" title={loaded.tierChanged === "removed" ? "Manual tier removed" : "Tier assigned"}>
                <p>
                  {loaded.tier.tier
                    ? `${member.name} is now in ${loaded.tier.tier.name}.`
                    : `${member.name} has no tier now.`}{" "}
                  The change and its reason are in the tier history.
                </p>
              </Banner>
            )}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Points
                </Text>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                  <Figure label="Balance" value={count.format(member.balance)} />
                  {member.pending > 0 && <Figure label="Pending" value={count.format(member.pending)} />}
                  <Figure label="Earned all time" value={count.format(member.lifetimeEarned)} />
                  <Figure label="Redeemed all time" value={count.format(member.lifetimeRedeemed)} />
                  <Figure label="Joined" value={joinedDate.format(new Date(member.joinedAt))} />
                </InlineGrid>
                {expiring && (
                  <Text as="p" tone="subdued">
                    {count.format(expiring.points)} {expiring.points === 1 ? "point expires" : "points expire"} on{" "}
                    {expiryDate.format(new Date(expiring.on))}
                  </Text>
                )}
              </BlockStack>
            </Card>
            {loaded.tiers.length > 0 && <MemberTierCard view={loaded.tier} currencyCode={loaded.currencyCode} />}
            {/* A new request id after each adjustment starts a fresh, empty form. */}
            <AdjustPointsCard key={requestId} requestId={requestId} />
            {loaded.tiers.length > 0 && (
              <AssignTierCard
                key={`${loaded.tier.tier?.id ?? "none"}:${loaded.tierHistory.length}`}
                tiers={loaded.tiers}
                manual={loaded.tier.source === "manual"}
                initial={tierRefusal?.fields ?? { tierId: "", reason: "" }}
                errors={tierRefusal?.errors ?? {}}
              />
            )}
            <ChallengesCard view={loaded.challenges} />
            <RedemptionsCard redemptions={loaded.redemptions} size={REDEMPTIONS_SIZE} />
            <HistoryCard entries={entries} size={HISTORY_SIZE} />
            {loaded.tiers.length > 0 && <TierHistoryCard rows={loaded.tierHistory} />}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function AdjustPointsCard({ requestId }: { requestId: string }) {
  const answer = useActionData<typeof action>();
  const result = answer?.intent === "adjust" ? answer : null;
  const navigation = useNavigation();
  const [fields, setFields] = useState<AdjustFields>(result?.fields ?? { points: "", reason: "" });
  const errors: AdjustErrors = result?.errors ?? {};

  const field = (name: keyof AdjustFields) => ({
    name,
    value: fields[name],
    error: errors[name],
    autoComplete: "off",
    onChange: (value: string) => setFields((current) => ({ ...current, [name]: value })),
  });

  return (
    <Card>
      {/* The server checks the fields and explains problems in plain words. */}
      <Form method="post" noValidate>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Adjust points
          </Text>
          {errors.form && (
            <Banner tone="critical">
              <p>{errors.form}</p>
            </Banner>
          )}
          <input type="hidden" name="intent" value="adjust" />
          <input type="hidden" name="requestId" value={requestId} />
          <FormLayout>
            <FormLayout.Group>
              <TextField
                {...field("points")}
                label="Points"
                type="number"
                step={1}
                helpText="A positive number adds points; a negative number (e.g. -50) removes them."
              />
              <TextField
                {...field("reason")}
                label="Reason"
                maxLength={MAX_REASON_LENGTH}
                showCharacterCount
                helpText="Kept in the member’s history, e.g. “Goodwill for a late delivery”."
              />
            </FormLayout.Group>
          </FormLayout>
          <InlineStack align="end">
            <Button
              submit
              variant="primary"
              loading={navigation.state === "submitting" && navigation.formData?.get("intent") === "adjust"}
            >
              Adjust points
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** A member of another shop, or one since removed: say so inside the admin's frame. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Member not found" backAction={{ content: "Members", url: "/app/members" }}>
        <Card>
          <Text as="p">This member is not in your loyalty programme, or their data was removed.</Text>
        </Card>
      </Page>
    );
  }
  // Shopify's auth responses (bounce page, reauthorisation) are handled as in the layout.
  return boundary.error(error);
}
