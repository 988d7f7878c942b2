/**
 * One earning rule: created at /app/rules/new?kind=… (without a kind, a choice of kinds),
 * edited at /app/rules/:ruleId. A rule's kind is fixed once created: its past awards refer
 * to it. Every read and write is limited to the session's shop; another shop's rule is
 * "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { useRef, useState } from "react";
import { ZodError } from "zod";
import { LeaveGuard } from "../components/LeaveGuard";
import { SimulateButton, SimulationCard, simulationView } from "../components/economics/SimulationCard";
import { DeleteRuleModal } from "../components/rules/DeleteRuleModal";
import { HiddenFields } from "../components/rules/HiddenFields";
import { RulePreview } from "../components/rules/RulePreview";
import { RuleSections } from "../components/rules/RuleSections";
import { rulesListUrl } from "../components/rules/urls";
import { readAdminForm } from "../admin/form-body.server";
import { notFoundBoundary } from "../components/NotFoundBoundary";
import { db } from "../db.server";
import { ruleChangeOf, simulationDaysOf } from "../domain/economics/simulate";
import { simulateChange } from "../economics/simulate.server";
import {
  emptyRuleFields,
  fieldsFromEntries,
  parseRuleForm,
  ruleToFields,
  type RuleFieldErrors,
  type RuleFields,
} from "../domain/rules/form";
import { isRuleKind, RULE_KIND_ORDER, RULE_KINDS } from "../domain/rules/kinds";
import {
  createRule,
  deleteRule,
  findRule,
  RuleKindChangeError,
  RuleNotFoundError,
  updateRule,
  type StoredRule,
} from "../rules/rules.server";
import { authenticate } from "../shopify.server";
import { syncRewardedPagesSoon } from "../shopify-facts/rewarded-pages.server";
import { pricedRewards } from "../domain/rewards/pricing";
import { activeRewards } from "../rewards/catalogue.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && "name" in data ? data.name : "Earning rule"} · Loyalty Bazaar` },
];

const NEW = "new";

function notFound(): Response {
  return new Response("This rule is not in your loyalty programme.", { status: 404 });
}

/** The shop's rule, or a 404 for an id that is not one of this shop's rules. */
async function requireRule(shopId: string, ruleId: string): Promise<StoredRule> {
  try {
    return await findRule(db, shopId, ruleId);
  } catch (error) {
    if (error instanceof RuleNotFoundError) throw notFound();
    throw error;
  }
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const ruleId = params.ruleId ?? "";
  const shopSettings = { currencyCode: shop.currencyCode, timeZone: shop.timeZone };
  const rewards = pricedRewards(await activeRewards(db, shop.id));
  const common = { ...shopSettings, rewards, engagementPaused: shop.engagementPaused };

  if (ruleId === NEW) {
    const kind = new URL(request.url).searchParams.get("kind");
    if (!isRuleKind(kind)) return { mode: "choose" as const };
    return {
      mode: "create" as const,
      ...common,
      id: NEW,
      kind,
      name: "",
      fields: emptyRuleFields(kind),
      problem: null,
    };
  }

  const stored = await requireRule(shop.id, ruleId);
  if (!isRuleKind(stored.kind)) return { mode: "unknown" as const, name: stored.name, kind: stored.kind };
  // A definition that no longer parses is shown as a fresh form of its kind, to be fixed.
  const fields = stored.rule
    ? ruleToFields(stored.rule, shopSettings)
    : { ...emptyRuleFields(stored.kind), name: stored.name, active: String(stored.active) };
  return {
    mode: "edit" as const,
    ...common,
    id: stored.id,
    kind: stored.kind,
    name: stored.name,
    fields,
    problem: stored.problem,
  };
};

function refused(fields: RuleFields, errors: RuleFieldErrors) {
  return data({ errors, fields }, { status: 400 });
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const ruleId = params.ruleId ?? "";
  const form = await readAdminForm(request);
  const intent = String(form.get("intent") ?? "save");
  const postedKind = String(form.get("kind") ?? "");
  const fields = fieldsFromEntries(form.entries());

  if (intent === "delete") {
    if (ruleId === NEW) throw notFound();
    try {
      await deleteRule(db, shop.id, ruleId);
    } catch (error) {
      if (error instanceof RuleNotFoundError) throw notFound();
      throw error;
    }
    await syncRewardedPagesSoon(db, shop.id);
    return redirect(rulesListUrl(request, { deleted: "1" }));
  }
  if (intent !== "save" && intent !== "simulate") return refused(fields, { form: "Save or delete the rule." });

  // The kind is the stored rule's; a form claiming another kind is refused, not obeyed.
  const current = ruleId === NEW ? null : await requireRule(shop.id, ruleId);
  const kind = current ? current.kind : postedKind;
  if (!isRuleKind(kind)) return refused(fields, { form: "Choose what the rule rewards first." });
  if (current && postedKind && postedKind !== current.kind) {
    return refused(fields, {
      kind: "A rule’s kind cannot change, because its past awards refer to it. Add a new rule instead.",
    });
  }

  const parsed = parseRuleForm(kind, fields, { currencyCode: shop.currencyCode, timeZone: shop.timeZone });
  if (!parsed.ok) return refused(fields, parsed.errors);
  if (intent === "simulate") {
    // What-if only: the rule as typed replayed over the chosen days; nothing is saved.
    if (!current) return refused(fields, { form: "Create the rule first: a new rule has no past awards to replay." });
    const simulation = await simulateChange(db, shop, ruleChangeOf(current.id, parsed.rule), {
      days: simulationDaysOf(form.get("simulationDays")),
    });
    return { errors: {} as RuleFieldErrors, fields, simulation: simulationView(simulation) };
  }
  try {
    const saved = current
      ? await updateRule(db, shop.id, ruleId, parsed.draft)
      : await createRule(db, shop.id, parsed.draft);
    // The storefront learns a page rule's pages from Shopify (the scheduled work retries a failure).
    await syncRewardedPagesSoon(db, shop.id);
    return redirect(rulesListUrl(request, { saved: saved.id }));
  } catch (error) {
    if (error instanceof RuleNotFoundError) throw notFound();
    if (error instanceof RuleKindChangeError) return refused(fields, { kind: error.message });
    // parseRuleForm ran the same schema: this would be a bug, still answered as bad input.
    if (error instanceof ZodError) return refused(fields, { form: error.issues.map((i) => i.message).join(" ") });
    throw error;
  }
};

// A refused submission wrote nothing: keep what the merchant typed on the page.
// A simulation wrote nothing either.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, actionResult, defaultShouldRevalidate }) =>
  (actionStatus !== undefined && actionStatus >= 400) || (actionResult && "simulation" in actionResult)
    ? false
    : defaultShouldRevalidate;

export default function RulePage() {
  const loaded = useLoaderData<typeof loader>();
  if (loaded.mode === "choose") return <ChooseKind />;
  if (loaded.mode === "unknown") return <UnknownKind name={loaded.name} kind={loaded.kind} />;
  // Keyed: another rule (or kind) starts from its own fields, not the last one's.
  return <RuleEditor key={`${loaded.id}:${loaded.kind}`} {...loaded} />;
}

type EditorProps = Extract<SerializeFrom<typeof loader>, { mode: "create" | "edit" }>;

function RuleEditor(loaded: EditorProps) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [fields, setFields] = useState<RuleFields>(result && "fields" in result ? result.fields : loaded.fields);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const errors: RuleFieldErrors = result && "errors" in result ? result.errors : {};
  const hasErrors = Object.keys(errors).length > 0;
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const deleting = navigation.state === "submitting" && navigation.formData?.get("intent") === "delete";
  const simulating = navigation.state === "submitting" && navigation.formData?.get("intent") === "simulate";
  const simulation = result && "simulation" in result ? result.simulation : null;
  const creating = loaded.mode === "create";
  const title = creating ? `New rule: ${RULE_KINDS[loaded.kind].title.toLowerCase()}` : loaded.name;

  return (
    <Page
      title={title}
      backAction={{ content: "Earning rules", url: "/app/rules" }}
      secondaryActions={
        creating ? [] : [{ content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) }]
      }
    >
      {/* The server checks every field and explains problems in plain words. */}
      {/* The editor is keyed by rule: what was loaded is what is stored until a save redirects. */}
      <LeaveGuard
        dirty={JSON.stringify(fields) !== JSON.stringify(loaded.fields)}
        onSave={() => form.current?.requestSubmit()}
        onDiscard={() => setFields(loaded.fields)}
      />
      <Form method="post" noValidate ref={form}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="kind" value={loaded.kind} />
        <HiddenFields fields={fields} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {loaded.problem && (
                <Banner tone="critical" title="This rule needs attention">
                  <p>
                    Its saved settings cannot be read, so it gives no points ({loaded.problem}). Check the settings
                    below and save to fix it.
                  </p>
                </Banner>
              )}
              {hasErrors && (
                <Banner tone="critical" title="Some fields need a second look">
                  <p>Nothing was saved. Fix the fields marked below, then save again.</p>
                  {errors.form && <p>{errors.form}</p>}
                  {errors.kind && <p>{errors.kind}</p>}
                </Banner>
              )}
              <RuleSections
                kind={loaded.kind}
                fields={fields}
                errors={errors}
                currencyCode={loaded.currencyCode}
                timeZone={loaded.timeZone}
                onChange={(name, value) => setFields((current) => ({ ...current, [name]: value }))}
                onReplace={setFields}
              />
              {!creating && <SimulationCard simulation={simulation} currencyCode={loaded.currencyCode} />}
              <InlineStack align="end" gap="200">
                <Button url="/app/rules">Cancel</Button>
                {!creating && <SimulateButton form={form} loading={simulating} />}
                <Button submit variant="primary" loading={saving}>
                  {creating ? "Create rule" : "Save"}
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <RulePreview
              kind={loaded.kind}
              fields={fields}
              currencyCode={loaded.currencyCode}
              timeZone={loaded.timeZone}
              rewards={loaded.rewards}
              engagementPaused={loaded.engagementPaused}
            />
          </Layout.Section>
        </Layout>
      </Form>
      <DeleteRuleModal
        name={loaded.name}
        open={confirmDelete}
        deleting={deleting}
        onClose={() => setConfirmDelete(false)}
        onDelete={() => submit({ intent: "delete" }, { method: "post" })}
      />
    </Page>
  );
}

/** /app/rules/new without a kind: what the new rule rewards. */
function ChooseKind() {
  return (
    <Page title="Add an earning rule" backAction={{ content: "Earning rules", url: "/app/rules" }}>
      <Card>
        <BlockStack gap="400">
          {RULE_KIND_ORDER.map((kind) => (
            <BlockStack gap="100" key={kind}>
              <Link
                url={`/app/rules/new?kind=${kind}`}
                accessibilityLabel={`Add a rule: ${RULE_KINDS[kind].title}`}
                removeUnderline
              >
                <Text as="span" variant="bodyMd" fontWeight="semibold">
                  {RULE_KINDS[kind].title}
                </Text>
              </Link>
              <Text as="p" tone="subdued">
                {RULE_KINDS[kind].description}
              </Text>
            </BlockStack>
          ))}
        </BlockStack>
      </Card>
    </Page>
  );
}

/** A stored rule of a kind this version does not know (written by a newer one): it can only be deleted. */
function UnknownKind({ name, kind }: { name: string; kind: string }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <Page title={name} backAction={{ content: "Earning rules", url: "/app/rules" }}>
      <Banner tone="critical" title="This rule needs attention">
        <p>
          It is of a kind this version of the app does not know (“{kind}”), so it gives no points and cannot be edited
          here.
        </p>
      </Banner>
      <div style={{ marginTop: "var(--p-space-400)" }}>
        <Button tone="critical" onClick={() => setConfirmDelete(true)}>
          Delete rule
        </Button>
      </div>
      <DeleteRuleModal
        name={name}
        open={confirmDelete}
        deleting={navigation.state === "submitting"}
        onClose={() => setConfirmDelete(false)}
        onDelete={() => submit({ intent: "delete" }, { method: "post" })}
      />
    </Page>
  );
}

/** A rule of another shop, or one since deleted: say so inside the admin's frame. */
export const ErrorBoundary = notFoundBoundary({
  title: "Rule not found",
  back: { content: "Earning rules", url: "/app/rules" },
  message: "This rule is not in your loyalty programme. It may have been deleted.",
});
