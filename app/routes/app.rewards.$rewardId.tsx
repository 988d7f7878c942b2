/**
 * One reward, created ("new") or edited: the form per kind, parsed by rewardFormSchema
 * (app/domain/rewards/form.ts) into the Reward's columns. A refused post answers 400 with a
 * message under each field and every field as typed; a save goes back to the Rewards list.
 * The minimum tier must be one of the shop's tiers; another shop's reward is "not found".
 * Beside the form, what the reward costs the merchant, recomputed as they type.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, InlineStack, Layout, Page } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { adminUrl } from "../admin/admin-url";
import { readAdminForm } from "../admin/form-body.server";
import { LeaveGuard } from "../components/LeaveGuard";
import { SimulateButton, SimulationCard, simulationView } from "../components/economics/SimulationCard";
import { simulationDaysOf } from "../domain/economics/simulate";
import { RewardCostCard } from "../components/rewards/RewardCostCard";
import {
  AboutSection,
  CodeSection,
  CostSection,
  GivesSection,
  TranslationsSection,
  WhoAndWhenSection,
  type Errors,
  type Fields,
} from "../components/rewards/RewardFormSections";
import { notFoundBoundary } from "../components/NotFoundBoundary";
import { db } from "../db.server";
import { simulateChange } from "../economics/simulate.server";
import { purchasePointsPerUnit, purchasePolicy } from "../domain/order-earnings";
import { isRewardKind, readRewardRow, REWARD_KINDS, type RewardKind } from "../domain/rewards/catalogue";
import { postedFieldsOf, rewardFormInput, translationRows } from "../domain/rewards/form-fields";
import { parseRewardForm, rewardFormValues } from "../domain/rewards/form";
import { createReward, readReward, updateReward } from "../rewards/catalogue.server";
import { RewardNotFoundError } from "../rewards/errors";
import { listRules } from "../rules/rules.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";
import { listTiers } from "../tiers/tiers.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.isNew ? "New reward" : (data?.title ?? "Reward")} · Loyalty Bazaar` },
];

function notFound(): Response {
  return new Response("This reward is not in your catalogue.", { status: 404 });
}

/** A new reward's form: the kind asked for (?kind=), amount off otherwise. */
function blankFields(kind: RewardKind): Fields {
  return {
    kind,
    combinesWithOrder: "false",
    combinesWithProduct: "true",
    combinesWithShipping: "true",
  };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const isNew = params.rewardId === "new";
  const record = isNew ? null : await readReward(db, shop.id, params.rewardId ?? "");
  if (!isNew && !record) throw notFound();
  const [tiers, stored] = await Promise.all([listTiers(db, shop.id), listRules(db, shop.id)]);
  const asked = new URL(request.url).searchParams.get("kind") ?? "";
  const fields: Fields = record
    ? postedFieldsOf(rewardFormValues(readRewardRow(record), shop.currencyCode, shop.timeZone))
    : blankFields(isRewardKind(asked) ? asked : "amount_off");
  return {
    isNew,
    id: record?.id ?? null,
    title: record?.title ?? null,
    active: record?.active ?? true,
    fields,
    currencyCode: shop.currencyCode,
    timeZone: shop.timeZone,
    pointsPerUnit: purchasePointsPerUnit(purchasePolicy(stored, shop.pointsPerUnit), new Date()),
    tiers: tiers.map((t) => ({ id: t.id, name: t.name })),
  };
};

function refused(fields: Fields, errors: Errors) {
  return data({ errors, fields }, { status: 400 });
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const isNew = params.rewardId === "new";
  const existing = isNew ? null : await readReward(db, shop.id, params.rewardId ?? "");
  if (!isNew && !existing) throw notFound();

  const form = await readAdminForm(request);
  const fields: Fields = {};
  for (const [name, value] of form.entries()) if (typeof value === "string") fields[name] = value;
  // A reward keeps its kind: the stored one, whatever was posted.
  if (existing) fields.kind = existing.kind;

  // The minimum tier must be one of this shop's tiers.
  const tierIds = (await listTiers(db, shop.id)).map((t) => t.id);
  const parsed = parseRewardForm(rewardFormInput(fields), shop.currencyCode, { tierIds, timeZone: shop.timeZone });
  if (!parsed.ok) return refused(fields, parsed.errors);
  const columns = parsed.columns;
  if (fields.intent === "simulate") {
    // What-if only: the reward's price and value as typed replayed over the chosen days; nothing is saved.
    if (!existing)
      return refused(fields, { form: "Create the reward first: a new reward has no past redemptions to replay." });
    const simulation = await simulateChange(
      db,
      shop,
      {
        kind: "reward",
        rewardId: existing.id,
        costPoints: columns.costPoints,
        valueMinor: columns.valueMinor,
        stored: { costPoints: existing.costPoints, valueMinor: existing.valueMinor },
      },
      { days: simulationDaysOf(form.get("simulationDays")) },
    );
    return { errors: {} as Errors, fields, simulation: simulationView(simulation) };
  }
  // Stock left as the form loaded it keeps what redemptions took since (else saving a title
  // would give back stock already redeemed); a stock the merchant typed is set as typed.
  const stockUntouched =
    existing !== null &&
    fields.stockAsLoaded !== undefined &&
    fields.stockAsLoaded.trim() === (fields.stock ?? "").trim();
  try {
    const saved = existing
      ? await updateReward(db, shop.id, existing.id, stockUntouched ? withoutStock(columns) : columns)
      : await createReward(db, shop.id, columns);
    return redirect(adminUrl(request, "/app/rewards", { saved: saved.id }));
  } catch (error) {
    if (error instanceof RewardNotFoundError) throw notFound();
    throw error;
  }
};

function withoutStock<T extends { stockRemaining: unknown }>(columns: T): Omit<T, "stockRemaining"> {
  const { stockRemaining: _stock, ...rest } = columns;
  return rest;
}

// A refused post wrote nothing: keep the page as it is.
// A simulation wrote nothing either.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, actionResult, defaultShouldRevalidate }) =>
  (actionStatus !== undefined && actionStatus >= 400) || (actionResult && "simulation" in actionResult)
    ? false
    : defaultShouldRevalidate;

export default function RewardPage() {
  const loaded = useLoaderData<typeof loader>();
  // Keyed by reward: switching rewards starts a fresh form.
  return <RewardEditor key={loaded.id ?? "new"} {...loaded} />;
}

function RewardEditor(loaded: ReturnType<typeof useLoaderData<typeof loader>>) {
  const refusal = useActionData<typeof action>();
  const navigation = useNavigation();
  const form = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<Fields>(refusal?.fields ?? loaded.fields);
  const simulating = navigation.state === "submitting" && navigation.formData?.get("intent") === "simulate";
  const simulation = refusal && "simulation" in refusal ? refusal.simulation : null;
  const [rows, setRows] = useState(() => Math.max(1, translationRows(refusal?.fields ?? loaded.fields)));
  const errors: Errors = refusal?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const [pickerAvailable, setPickerAvailable] = useState(false);
  // After hydration: the resource picker exists only inside the Shopify admin.
  useEffect(() => setPickerAvailable(typeof window.shopify?.resourcePicker === "function"), []);

  const onChange = (name: string, value: string) => setFields((current) => ({ ...current, [name]: value }));
  const section = { fields, errors, currencyCode: loaded.currencyCode, onChange };
  const dirty = JSON.stringify(fields) !== JSON.stringify(loaded.fields);

  return (
    <Page
      title={loaded.isNew ? "New reward" : (loaded.title ?? "Reward")}
      titleMetadata={loaded.isNew || loaded.active ? undefined : <Badge>Paused</Badge>}
      backAction={{ content: "Rewards", url: "/app/rewards" }}
    >
      <LeaveGuard
        dirty={dirty}
        onSave={() => form.current?.requestSubmit()}
        onDiscard={() => setFields(loaded.fields)}
      />
      {/* The server checks every field and explains problems in plain words. */}
      <Form method="post" noValidate ref={form}>
        {/* The stock as loaded: an edit that leaves it so keeps what shoppers redeemed meanwhile. */}
        {!loaded.isNew && <input type="hidden" name="stockAsLoaded" value={loaded.fields.stock ?? ""} />}
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {hasErrors && (
                <Banner tone="critical" title="Some fields need a second look">
                  <p>Nothing was saved. Fix the fields marked below, then save again.</p>
                  {errors.form && <p>{errors.form}</p>}
                </Banner>
              )}
              <AboutSection {...section} isNew={loaded.isNew} kinds={REWARD_KINDS} />
              <GivesSection {...section} pickerAvailable={pickerAvailable} />
              <CostSection {...section} />
              <WhoAndWhenSection {...section} tiers={loaded.tiers} timeZone={loaded.timeZone} />
              <CodeSection {...section} />
              <TranslationsSection {...section} rows={rows} onAddRow={() => setRows((n) => n + 1)} />
              {!loaded.isNew && <SimulationCard simulation={simulation} currencyCode={loaded.currencyCode} />}
              <InlineStack align="end" gap="200">
                <Button url="/app/rewards">Cancel</Button>
                {!loaded.isNew && <SimulateButton form={form} loading={simulating} />}
                <Button submit variant="primary" loading={navigation.state === "submitting" && !simulating}>
                  {loaded.isNew ? "Create reward" : "Save"}
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <RewardCostCard fields={fields} currencyCode={loaded.currencyCode} pointsPerUnit={loaded.pointsPerUnit} />
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

/** Another shop's reward, or one archived since: say so inside the admin's frame. */
export const ErrorBoundary = notFoundBoundary({
  title: "Reward not found",
  back: { content: "Rewards", url: "/app/rewards" },
  message: "This reward is not in your catalogue. It may have been archived.",
});
