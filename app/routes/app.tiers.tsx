/**
 * The Tiers page: the whole programme (how members qualify, the tiers in order with every
 * benefit) edited as one draft. "Preview" says, before anything is saved, how many members
 * would move up or down and what it costs, from this shop's own ledger; "Save" applies exactly
 * that edit, live, with no deactivation. Every read and write is limited to the session's shop.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { ZodError } from "zod";
import { readAdminForm } from "../admin/form-body.server";
import { SimulationCard, simulationView } from "../components/economics/SimulationCard";
import { EditPreviewCard } from "../components/tiers/EditPreviewCard";
import { ProgramHiddenFields } from "../components/tiers/ProgramHiddenFields";
import { ProgramSettingsCard } from "../components/tiers/ProgramSettingsCard";
import { TierCard } from "../components/tiers/TierCard";
import { LeaveGuard } from "../components/LeaveGuard";
import { EMPTY_ILLUSTRATION } from "../components/MembersEmptyState";
import { db } from "../db.server";
import { simulateChange } from "../economics/simulate.server";
import { metricOf } from "../domain/tiers/definition";
import { groupMoves, movesText, type EditCounts } from "../domain/tiers/edit-summary";
import {
  draftKey,
  emptyTierFields,
  parseProgramForm,
  programErrorsOf,
  programFieldsFromEntries,
  programToFields,
  type ProgramFieldErrors,
  type ProgramFields,
  type TierFieldName,
  type TierFields,
} from "../domain/tiers/form";
import { authenticate } from "../shopify.server";
import { pricedRewards } from "../domain/rewards/pricing";
import { activeRewards } from "../rewards/catalogue.server";
import { requireShop } from "../shops/shops.server";
import type { ProgramEditPreview } from "../domain/tiers/preview";
import { MAX_TIERS, type ProgramEdit } from "../domain/tiers/program-edit";
import { syncTierPerksAfterSave } from "../shopify-facts/perks.server";
import {
  applyTierProgramEdit,
  previewTierId,
  previewTierProgramEdit,
  tierEditFacts,
} from "../tiers/program-edit.server";
import { readTierProgram } from "../tiers/tiers.server";

export const meta: MetaFunction = () => [{ title: "Tiers · Loyalty Bazaar" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const [{ program, problems }, rewards, holders] = await Promise.all([
    readTierProgram(db, shop.id),
    activeRewards(db, shop.id),
    db.member.groupBy({ by: ["tierId"], where: { shopId: shop.id, redactedAt: null }, _count: { _all: true } }),
  ]);
  return {
    currencyCode: shop.currencyCode,
    timeZone: shop.timeZone,
    fields: programToFields(program, shop.currencyCode),
    problems,
    rewards: pricedRewards(rewards),
    membersByTier: Object.fromEntries(holders.flatMap((h) => (h.tierId ? [[h.tierId, h._count._all]] : []))),
  };
};

/** The preview as the page shows it: the counts, and the moves grouped by tier name (not every member). */
function summaryOf(preview: ProgramEditPreview, names: ReadonlyMap<string, string>) {
  const { up, down, unchanged, entryRewardPoints, multiplierPointsPerYear } = preview;
  return { up, down, unchanged, entryRewardPoints, multiplierPointsPerYear, groups: groupMoves(preview.moves, names) };
}

/** The shop's tier names by id, and the edit's new tiers by their preview ids. */
async function tierNames(shopId: string, edit: ProgramEdit): Promise<Map<string, string>> {
  const stored = await db.tier.findMany({ where: { shopId }, select: { id: true, name: true } });
  const names = new Map(stored.map((t) => [t.id, t.name]));
  edit.tiers.forEach((tier, index) => names.set(previewTierId(index), tier.name));
  return names;
}

function refused(fields: ProgramFields, errors: ProgramFieldErrors) {
  return data({ outcome: "refused" as const, errors, fields }, { status: 400 });
}

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const form = await readAdminForm(request);
  const intent = String(form.get("intent") ?? "");
  const fields = programFieldsFromEntries(form.entries());
  if (intent !== "preview" && intent !== "save" && intent !== "simulate")
    return refused(fields, { form: "Preview or save the programme." });

  const parsed = parseProgramForm(fields, shop.currencyCode);
  if (!parsed.ok) return refused(fields, parsed.errors);
  try {
    if (intent === "simulate") {
      // What-if only: the edited programme replayed over the last 90 days; nothing is saved.
      const { before, after, members } = await tierEditFacts(db, shop.id, parsed.edit);
      const simulation = await simulateChange(
        db,
        shop,
        { kind: "tier", program: after },
        { tiers: { program: before, members } },
      );
      return { outcome: "simulated" as const, simulation: simulationView(simulation), fields };
    }
    const names = await tierNames(shop.id, parsed.edit);
    if (intent === "preview") {
      const preview = await previewTierProgramEdit(db, shop.id, parsed.edit);
      return { outcome: "previewed" as const, preview: summaryOf(preview, names), fields };
    }
    const { preview } = await applyTierProgramEdit(db, shop.id, parsed.edit);
    const perks = await syncTierPerksAfterSave(db, shop.id);
    // Tiers created by the save are named by their stored ids now.
    for (const [id, name] of await tierNames(shop.id, parsed.edit)) if (!names.has(id)) names.set(id, name);
    return { outcome: "saved" as const, preview: summaryOf(preview, names), perks };
  } catch (error) {
    if (error instanceof ZodError) return refused(fields, programErrorsOf(error.issues));
    throw error;
  }
};

// A preview or a refused post wrote nothing: keep the draft on the page as it is.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, formData, defaultShouldRevalidate }) => {
  if (actionStatus !== undefined && actionStatus >= 400) return false;
  if (formData?.get("intent") === "preview" || formData?.get("intent") === "simulate") return false;
  return defaultShouldRevalidate;
};

export default function TiersPage() {
  const loaded = useLoaderData<typeof loader>();
  // Keyed by what is stored: after a save the draft starts again from the saved programme.
  return <ProgramEditor key={draftKey(loaded.fields)} {...loaded} />;
}

type Loaded = SerializeFrom<typeof loader>;
interface DraftTier {
  key: string;
  fields: TierFields;
}

let nextKey = 0;
const newKey = () => `new-${++nextKey}`;

function ProgramEditor(loaded: Loaded) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  const start = result && result.outcome === "refused" ? result.fields : loaded.fields;
  const [settings, setSettings] = useState({ metric: start.metric, period: start.period, graceDays: start.graceDays });
  const [tiers, setTiers] = useState<DraftTier[]>(() =>
    start.tiers.map((fields, index) => ({ key: fields.id || `posted-${index}`, fields })),
  );
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const draft: ProgramFields = { ...settings, tiers: tiers.map((t) => t.fields) };
  const dirty = draftKey(draft) !== draftKey(loaded.fields);
  const errors: ProgramFieldErrors = result && result.outcome === "refused" ? result.errors : {};
  const hasErrors = Object.keys(errors).length > 0;
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const previewed = result && result.outcome === "previewed" ? result : null;
  const simulation = result && result.outcome === "simulated" ? result.simulation : null;
  const saved = result && result.outcome === "saved" && !dirty ? result.preview : null;

  // A refused post opens the tiers with a field to fix.
  useEffect(() => {
    if (!hasErrors) return;
    const marked = tiers.filter((_, index) => Object.keys(errors).some((k) => k.startsWith(`tiers.${index}.`)));
    if (marked.length) setOpen((current) => new Set([...current, ...marked.map((t) => t.key)]));
    // Only when a new answer arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);
  useEffect(() => {
    if (saved && typeof window !== "undefined") window.shopify?.toast?.show("Tiers saved");
  }, [saved]);

  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const changeTier = (index: number, field: TierFieldName, value: string) =>
    setTiers((current) =>
      current.map((tier, i) => (i === index ? { ...tier, fields: { ...tier.fields, [field]: value } } : tier)),
    );
  const move = (index: number, by: -1 | 1) =>
    setTiers((current) => {
      const target = index + by;
      if (target < 0 || target >= current.length) return current;
      const next = current.slice();
      [next[index], next[target]] = [next[target]!, next[index]!];
      return next;
    });
  const addTier = () => {
    const key = newKey();
    setTiers((current) => [...current, { key, fields: emptyTierFields() }]);
    setOpen((current) => new Set([...current, key]));
  };
  const discard = () => {
    setSettings({ metric: loaded.fields.metric, period: loaded.fields.period, graceDays: loaded.fields.graceDays });
    setTiers(loaded.fields.tiers.map((fields, index) => ({ key: fields.id || `stored-${index}`, fields })));
  };
  const post = (intent: "preview" | "save" | "simulate") => {
    const data = new FormData(form.current ?? undefined);
    data.set("intent", intent);
    submit(data, { method: "post" });
  };

  return (
    <Page
      title="Tiers"
      subtitle="Members climb tiers as they earn, spend or order; each tier can earn faster and unlock perks."
      primaryAction={{ content: "Add tier", onAction: addTier, disabled: tiers.length >= MAX_TIERS }}
    >
      <LeaveGuard dirty={dirty} onSave={() => post("save")} onDiscard={discard} />
      <Form method="post" noValidate ref={form} onSubmit={(event) => event.preventDefault()}>
        <ProgramHiddenFields fields={draft} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {saved && <SavedBanner applied={saved} />}
              {saved && result?.outcome === "saved" && result.perks === "deferred" && (
                <Banner tone="warning" title="Shopify has not taken the perks yet">
                  <p>The tiers are saved. Their free shipping and discounts reach Shopify within a few minutes.</p>
                </Banner>
              )}
              {hasErrors && (
                <Banner tone="critical" title="Some fields need a second look">
                  <p>Nothing was saved. Fix the fields marked below, then try again.</p>
                  {errors.form && <p>{errors.form}</p>}
                </Banner>
              )}
              {loaded.problems.length > 0 && (
                <Banner tone="warning" title="Some stored tiers cannot be read">
                  <p>
                    {loaded.problems.map((p) => p.name).join(", ")}: their saved settings no longer read, so members do
                    not reach them. Saving the programme below replaces them.
                  </p>
                </Banner>
              )}
              <ProgramSettingsCard
                fields={settings}
                errors={errors}
                timeZone={loaded.timeZone}
                onChange={(name, value) => setSettings((current) => ({ ...current, [name]: value }))}
              />
              {tiers.length === 0 ? (
                <Card>
                  <EmptyState
                    heading="No tiers yet"
                    action={{ content: "Add your first tier", onAction: addTier }}
                    image={EMPTY_ILLUSTRATION}
                  >
                    <p>
                      Tiers reward your best customers: they earn faster and get perks such as free shipping. Start with
                      an entry tier every member has (threshold 0), then add the ones they climb to.
                    </p>
                  </EmptyState>
                </Card>
              ) : (
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Tiers, lowest first
                  </Text>
                  {tiers.map((tier, index) => (
                    <TierCard
                      key={tier.key}
                      index={index}
                      count={tiers.length}
                      tier={tier.fields}
                      metric={metricOf(settings.metric)}
                      currencyCode={loaded.currencyCode}
                      errors={errors}
                      open={open.has(tier.key)}
                      members={tier.fields.id ? (loaded.membersByTier[tier.fields.id] ?? 0) : null}
                      onToggle={() => toggle(tier.key)}
                      onChange={(field, value) => changeTier(index, field, value)}
                      onMove={(by) => move(index, by)}
                      onRemove={() => setTiers((current) => current.filter((_, i) => i !== index))}
                    />
                  ))}
                  <InlineStack>
                    <Button onClick={addTier} disabled={tiers.length >= MAX_TIERS}>
                      Add tier
                    </Button>
                  </InlineStack>
                </BlockStack>
              )}
              <SimulationCard simulation={simulation} currencyCode={loaded.currencyCode} />
              <InlineStack align="end" gap="200">
                <Button onClick={discard} disabled={!dirty}>
                  Discard changes
                </Button>
                <Button onClick={() => post("preview")} loading={busy === "preview"}>
                  Preview
                </Button>
                <Button onClick={() => post("simulate")} loading={busy === "simulate"}>
                  Simulate on last 90 days
                </Button>
                <Button variant="primary" onClick={() => post("save")} loading={busy === "save"} disabled={!dirty}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <EditPreviewCard
              preview={previewed?.preview ?? null}
              stale={previewed !== null && draftKey(previewed.fields) !== draftKey(draft)}
              dirty={dirty}
              rewards={loaded.rewards}
              currencyCode={loaded.currencyCode}
            />
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

function SavedBanner({ applied }: { applied: EditCounts }) {
  const moves = movesText(applied, "applied");
  return (
    <Banner tone="success" title="Tiers saved">
      <p>
        {moves.up}, {moves.down}, {moves.unchanged}.
        {applied.entryRewardPoints > 0 && ` ${applied.entryRewardPoints} entry reward points were posted.`}
      </p>
    </Banner>
  );
}
