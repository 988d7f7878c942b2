/**
 * Programme settings: how many points a purchase earns, and the shop-wide
 * switches of the earning rules (time zone, the engagement kill switch). Above them, how the
 * shop's updates from Shopify are doing: dead letters, and what is still waiting to be applied.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { LeaveGuard } from "../components/LeaveGuard";
import { DeadLettersBanner } from "../components/DeadLettersBanner";
import { WebhookProcessing } from "../components/WebhookProcessing";
import {
  SimulateButton,
  SimulationCard,
  simulationView,
  type SimulationView,
} from "../components/economics/SimulationCard";
import { simulationDaysOf } from "../domain/economics/simulate";
import { readAdminForm } from "../admin/form-body.server";
import { db } from "../db.server";
import { simulateChange } from "../economics/simulate.server";
import { purchasePolicy } from "../domain/order-earnings";
import { listRules } from "../rules/rules.server";
import type { FieldErrors, ProgrammeSettings } from "../domain/settings";
import { parseSettings, SETTINGS_FIELDS, timeZoneChoices } from "../domain/settings";
import { shopQueueHealth } from "../queue/shop-health.server";
import { syncRewardedPagesSoon } from "../shopify-facts/rewarded-pages.server";
import { authenticate } from "../shopify.server";
import { getProgrammeSettings, requireShop, updateProgrammeSettings } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Settings · Loyalty Bazaar" }];

/** The form's fields, as text: what the merchant sees and types. */
interface SettingsFields {
  pointsPerUnit: string;
  reversalPolicy: string;
  expiryMode: string;
  expiryMonths: string;
  pointsReleaseRule: string;
  returnWindowDays: string;
  timeZone: string;
  /** "true" or "false": sent every time, so an unticked box is not mistaken for "leave as is". */
  engagementPaused: string;
}

const FIELD_NAMES = SETTINGS_FIELDS;

const REVERSAL_CHOICES = [
  {
    label: "Take them back anyway: the balance goes below zero",
    value: "allow_negative",
    helpText: "The shopper earns their way back to zero before they can redeem again.",
  },
  {
    label: "Stop at zero and record what could not be taken back",
    value: "cap_at_zero",
    helpText: "Kinder to shoppers; the shortfall stays on the order for your records.",
  },
];

const EXPIRY_CHOICES = [
  { label: "Never", value: "never", helpText: "Points stay on a shopper’s balance until they spend them." },
  {
    label: "A number of months after they are earned",
    value: "fixed",
    helpText: "Each order’s points have their own expiry date.",
  },
  {
    label: "After a number of months without activity",
    value: "inactivity",
    helpText: "A shopper’s whole balance expires when they have neither earned nor redeemed points for that long.",
  },
];

const RELEASE_CHOICES = [
  {
    label: "When the order is paid",
    value: "payment",
    helpText: "Points are spendable as soon as payment is captured.",
  },
  {
    label: "After a return window",
    value: "return_window",
    helpText: "Points stay pending for a number of days after payment, so returned orders do not leave points behind.",
  },
  {
    label: "When the order is fulfilled",
    value: "fulfilment",
    helpText: "Points stay pending until the order ships or is picked up.",
  },
];

/** What a change of policy does to points already earned, in the merchant's words (docs/decisions/0005). */
const EXPIRY_EFFECT: Record<string, string> = {
  fixed:
    "A change applies to points earned from then on: points already earned keep the expiry date they were given, or none.",
  inactivity:
    "This applies to whole balances, including points earned before the change, counted from each shopper’s last earned or redeemed points.",
};

function fieldsOf(settings: ProgrammeSettings): SettingsFields {
  return {
    pointsPerUnit: String(settings.pointsPerUnit),
    reversalPolicy: settings.reversalPolicy,
    expiryMode: settings.expiryMode,
    expiryMonths: String(settings.expiryMonths),
    pointsReleaseRule: settings.pointsReleaseRule,
    returnWindowDays: String(settings.returnWindowDays),
    timeZone: settings.timeZone,
    engagementPaused: String(settings.engagementPaused),
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [settings, webhookProcessing] = await Promise.all([
    getProgrammeSettings(db, session.shop),
    shopQueueHealth(db, session.shop),
  ]);
  // Listed by the server, so the browser's own (possibly different) list cannot change the page.
  return {
    currencyCode: settings.currencyCode,
    fields: fieldsOf(settings),
    timeZones: timeZoneChoices(settings.timeZone),
    webhookProcessing,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const form = await readAdminForm(request);
  const typed = Object.fromEntries(
    FIELD_NAMES.map((name) => [name, String(form.get(name) ?? "")]),
  ) as unknown as SettingsFields;

  const parsed = parseSettings({ ...typed });
  if (!parsed.ok) {
    // Send back what was typed, so nothing the merchant entered is lost; what was left out
    // is the shop's as stored (the form keeps showing a zone and the switch).
    const fields = {
      ...typed,
      timeZone: typed.timeZone || shop.timeZone,
      engagementPaused: typed.engagementPaused || String(shop.engagementPaused),
    };
    return data({ saved: false as const, errors: parsed.errors, fields, simulation: null }, { status: 400 });
  }
  if (form.get("intent") === "simulate") {
    // What-if only: the typed rate replayed over the chosen days; nothing is saved.
    const simulation = await simulateChange(
      db,
      shop,
      { kind: "settings_rate", pointsPerUnit: parsed.value.pointsPerUnit },
      { days: simulationDaysOf(form.get("simulationDays")) },
    );
    const bySpendRules = purchasePolicy(await listRules(db, shop.id), shop.pointsPerUnit).source === "spend_rules";
    return {
      saved: false as const,
      errors: {} as FieldErrors,
      fields: typed,
      simulation: simulationView(simulation),
      // Order pricing's policy: with spend rules, they price purchases and the rate is not used.
      simulationNote: bySpendRules
        ? "Your spend rules price purchases, so the rate here changes nothing until they are deleted."
        : null,
    };
  }
  const settings = await updateProgrammeSettings(db, session.shop, parsed.value);
  // The kill switch empties the storefront's rewarded pages (the scheduled work retries a failure).
  await syncRewardedPagesSoon(db, shop.id);
  return { saved: true as const, errors: {} as FieldErrors, fields: fieldsOf(settings), simulation: null };
};

// A simulation wrote nothing: the page keeps what is typed.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && "simulation" in actionResult && actionResult.simulation ? false : defaultShouldRevalidate;

export default function SettingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const simulating = submitting && navigation.formData?.get("intent") === "simulate";
  const saving = submitting && !simulating;
  const simulation: SimulationView | null = result?.simulation ?? null;

  const [fields, setFields] = useState<SettingsFields>(result?.fields ?? loaded.fields);
  // What is stored: the form is "changed" while it differs from this.
  const [stored, setStored] = useState<SettingsFields>(loaded.fields);
  const form = useRef<HTMLFormElement>(null);
  const [savedNotice, setSavedNotice] = useState(false);
  const errors: FieldErrors = result?.errors ?? {};

  // After a save, show the values as stored (e.g. "5" becomes "5.00") and confirm it.
  useEffect(() => {
    if (!result) return;
    setSavedNotice(result.saved);
    if (result.saved) {
      setFields(result.fields);
      setStored(result.fields);
      // App Bridge's toast when it is there; the banner below works without it.
      if (typeof window !== "undefined") window.shopify?.toast?.show("Settings saved");
    }
  }, [result]);

  const field = (name: keyof SettingsFields) => ({
    name,
    value: fields[name],
    error: errors[name],
    autoComplete: "off",
    onChange: (value: string) => setFields((current) => ({ ...current, [name]: value })),
  });

  const hasErrors = Object.keys(errors).length > 0;
  const currency = loaded.currencyCode;

  return (
    <Page
      title="Settings"
      subtitle="How shoppers earn points, when they can spend them and when they expire."
      backAction={{ content: "Members", url: "/app/members" }}
    >
      {/* The server checks every field and explains problems in plain words; the browser's
          own validation bubbles would only get in the way of that. */}
      <LeaveGuard
        dirty={JSON.stringify(fields) !== JSON.stringify(stored)}
        onSave={() => form.current?.requestSubmit()}
        onDiscard={() => setFields(stored)}
      />
      <Form method="post" noValidate ref={form}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <DeadLettersBanner />
              <WebhookProcessing health={loaded.webhookProcessing} />
              {savedNotice && (
                <Banner tone="success" title="Settings saved" onDismiss={() => setSavedNotice(false)}>
                  <p>Shoppers earn and spend points with these settings from now on.</p>
                </Banner>
              )}
              {hasErrors && (
                <Banner tone="critical" title="Some settings need a second look">
                  <p>Nothing was saved. Fix the fields marked below, then save again.</p>
                </Banner>
              )}
              <Card>
                <FormLayout>
                  <TextField
                    {...field("pointsPerUnit")}
                    label="Points per unit spent"
                    inputMode="numeric"
                    suffix={`points per 1 ${currency}`}
                    helpText={`How many points a shopper earns for each 1 ${currency} spent on an order (before shipping and tax).`}
                  />
                  <InlineStack align="end">
                    <SimulateButton form={form} loading={simulating} />
                  </InlineStack>
                </FormLayout>
              </Card>
              <SimulationCard
                simulation={simulation}
                currencyCode={currency}
                note={result && "simulationNote" in result ? result.simulationNote : null}
              />
              <Card>
                <BlockStack gap="300">
                  <input type="hidden" name="pointsReleaseRule" value={fields.pointsReleaseRule} />
                  <ChoiceList
                    title="An order’s points become spendable"
                    choices={RELEASE_CHOICES}
                    selected={[fields.pointsReleaseRule]}
                    error={errors.pointsReleaseRule}
                    onChange={([value]) =>
                      setFields((current) => ({ ...current, pointsReleaseRule: value ?? current.pointsReleaseRule }))
                    }
                  />
                  {fields.pointsReleaseRule === "return_window" && (
                    <FormLayout>
                      <TextField
                        {...field("returnWindowDays")}
                        label="Return window"
                        inputMode="numeric"
                        suffix="days"
                        helpText="Counted from payment. Until then shoppers see the points as pending."
                      />
                    </FormLayout>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <input type="hidden" name="reversalPolicy" value={fields.reversalPolicy} />
                <ChoiceList
                  title="When a refund or cancellation takes back points the shopper already spent"
                  choices={REVERSAL_CHOICES}
                  selected={[fields.reversalPolicy]}
                  error={errors.reversalPolicy}
                  onChange={([value]) =>
                    setFields((current) => ({ ...current, reversalPolicy: value ?? current.reversalPolicy }))
                  }
                />
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Points expiry
                  </Text>
                  <input type="hidden" name="expiryMode" value={fields.expiryMode} />
                  <ChoiceList
                    title="Points expire"
                    choices={EXPIRY_CHOICES}
                    selected={[fields.expiryMode]}
                    error={errors.expiryMode}
                    onChange={([value]) =>
                      setFields((current) => ({ ...current, expiryMode: value ?? current.expiryMode }))
                    }
                  />
                  {fields.expiryMode !== "never" && (
                    <>
                      <FormLayout>
                        <TextField
                          {...field("expiryMonths")}
                          label="Months"
                          inputMode="numeric"
                          suffix="months"
                          helpText={`From 1 to 120. ${EXPIRY_EFFECT[fields.expiryMode] ?? ""}`.trim()}
                        />
                      </FormLayout>
                      <Text as="p" tone="subdued">
                        Points are checked for expiry regularly, so expired points can stay on a balance for a short
                        while.
                      </Text>
                    </>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Earning rules
                  </Text>
                  <FormLayout>
                    <Select
                      name="timeZone"
                      label="Your shop’s time zone"
                      options={loaded.timeZones}
                      value={fields.timeZone}
                      error={errors.timeZone}
                      onChange={(value) => setFields((current) => ({ ...current, timeZone: value }))}
                      helpText="Limits such as “once a day” and rule start and end dates follow your shop’s days, not UTC’s."
                    />
                    <input type="hidden" name="engagementPaused" value={fields.engagementPaused} />
                    <Checkbox
                      label="Pause all engagement rules"
                      checked={fields.engagementPaused === "true"}
                      error={errors.engagementPaused}
                      onChange={(checked) =>
                        setFields((current) => ({ ...current, engagementPaused: String(checked) }))
                      }
                      helpText="Stops points for visits, pages, shares, follows, profile details, birthdays and custom actions at once, for example while you look into suspicious activity. Purchases and referrals still earn points."
                    />
                  </FormLayout>
                </BlockStack>
              </Card>
              <InlineStack align="end">
                <Button submit variant="primary" loading={saving}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Rewards
                </Text>
                <Text as="p" tone="subdued">
                  What shoppers spend their points on, and what each reward costs you as a share of their spend, is on
                  the Rewards page.
                </Text>
                <InlineStack>
                  <Button url="/app/rewards">Manage rewards</Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
