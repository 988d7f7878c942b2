/**
 * The reward editor's sections, each a card of fields for one question: what it is (kind,
 * title, description, image), what it gives (the kind's own fields), what it costs and how
 * much there is, who may redeem it and when, the code it issues, and other languages. Fields
 * post under the names rewardFormSchema (app/domain/rewards/form.ts) reads; errors show
 * inline under their field, and what was typed stays as typed.
 */
import { BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { CODE_KINDS, type RewardKind } from "../../domain/rewards/catalogue";
import { REWARD_KIND_HELP, REWARD_KIND_LABELS } from "../../domain/rewards/admin-summary";
import { ProductPicker } from "./ProductPicker";

export type Fields = Record<string, string>;
export type Errors = Record<string, string | undefined>;

export interface SectionProps {
  fields: Fields;
  errors: Errors;
  currencyCode: string;
  onChange: (name: string, value: string) => void;
}

/** A text field bound to one posted name. */
function useField({ fields, errors, onChange }: SectionProps) {
  return (name: string) => ({
    name,
    value: fields[name] ?? "",
    error: errors[name],
    autoComplete: "off",
    onChange: (value: string) => onChange(name, value),
  });
}

export function AboutSection(props: SectionProps & { isNew: boolean; kinds: readonly RewardKind[] }) {
  const field = useField(props);
  const kind = props.fields.kind as RewardKind;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Reward
        </Text>
        <FormLayout>
          <Select
            name="kind"
            label="Kind"
            options={props.kinds.map((k) => ({ label: REWARD_KIND_LABELS[k], value: k }))}
            value={kind}
            error={props.errors.kind}
            disabled={!props.isNew}
            onChange={(value) => props.onChange("kind", value)}
            helpText={
              props.isNew
                ? REWARD_KIND_HELP[kind]
                : `${REWARD_KIND_HELP[kind]} A reward keeps the kind it was made with.`
            }
          />
          {!props.isNew && <input type="hidden" name="kind" value={kind} />}
          <TextField
            {...field("title")}
            label="Title"
            maxLength={80}
            helpText="What shoppers see on the reward card."
          />
          <TextField {...field("description")} label="Description" multiline={2} maxLength={500} />
          <TextField
            {...field("imageUrl")}
            label="Image URL"
            type="url"
            helpText="Optional. An https:// image shown on the card, for example from Shopify Files."
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

export function GivesSection(props: SectionProps & { pickerAvailable: boolean }) {
  const field = useField(props);
  const { currencyCode } = props;
  const kind = props.fields.kind as RewardKind;
  const money = (name: string, label: string, helpText?: string) => (
    <TextField {...field(name)} label={label} inputMode="decimal" suffix={currencyCode} helpText={helpText} />
  );
  const minimum = money("minimumOrder", "Minimum order", "Optional. The order subtotal the code needs.");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What it gives
        </Text>
        <FormLayout>
          {kind === "amount_off" && (
            <FormLayout.Group>
              {money("value", "Amount off")}
              {minimum}
            </FormLayout.Group>
          )}
          {kind === "percent_off" && (
            <FormLayout.Group>
              <TextField {...field("percentOff")} label="Percent off" inputMode="numeric" suffix="%" />
              {minimum}
            </FormLayout.Group>
          )}
          {kind === "free_shipping" && (
            <FormLayout.Group>
              {money("maxShipping", "Highest shipping price covered", "Optional. Rates above it are not free.")}
              {minimum}
            </FormLayout.Group>
          )}
          {kind === "free_product" && (
            <>
              <ProductPicker
                available={props.pickerAvailable}
                onPick={(picked) => {
                  props.onChange("productId", picked.productId);
                  props.onChange("variantId", picked.variantId ?? "");
                  if (picked.price) props.onChange("value", picked.price);
                  if (!props.fields.title && picked.title) props.onChange("title", `Free ${picked.title}`);
                }}
              />
              <FormLayout.Group>
                <TextField
                  {...field("productId")}
                  label="Product ID"
                  inputMode="numeric"
                  helpText="Shopify’s number for the product (in its admin URL)."
                />
                <TextField
                  {...field("variantId")}
                  label="Variant ID"
                  inputMode="numeric"
                  helpText="Optional: one variant only. Empty: any variant of the product."
                />
              </FormLayout.Group>
              {money("value", "Product price", "Taken off once at checkout, so the product is free.")}
            </>
          )}
          {kind === "store_credit" &&
            money("value", "Store credit", "Added to the customer’s Shopify store-credit account.")}
          {kind === "custom" &&
            money(
              "value",
              "What one costs you",
              "Optional. Not shown to shoppers; it prices the reward’s cost to you on the Rewards page.",
            )}
          {kind === "points_to_discount" && (
            <>
              <FormLayout.Group>
                {money("value", "Value of one step", "What each step of points takes off the order.")}
                {minimum}
              </FormLayout.Group>
              <TextField
                {...field("maxPoints")}
                label="Most points per redemption"
                inputMode="numeric"
                suffix="points"
                helpText="A multiple of the step, e.g. 2,000 with steps of 100."
              />
            </>
          )}
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

export function CostSection(props: SectionProps) {
  const field = useField(props);
  const steps = props.fields.kind === "points_to_discount";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Cost and stock
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <TextField
              {...field("costPoints")}
              label={steps ? "Points per step" : "Cost"}
              inputMode="numeric"
              suffix="points"
              helpText={steps ? "Shoppers spend points in multiples of this." : undefined}
            />
            <TextField
              {...field("stock")}
              label="Stock"
              inputMode="numeric"
              helpText="Optional. How many can be redeemed; empty: unlimited. Never oversold."
            />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

export function WhoAndWhenSection(props: SectionProps & { tiers: { id: string; name: string }[]; timeZone: string }) {
  const field = useField(props);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Who can redeem it, and when
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <TextField
              {...field("limitPerCustomer")}
              label="Limit per customer"
              inputMode="numeric"
              helpText="Optional. Times one customer may redeem it in total."
            />
            <TextField
              {...field("limitPerPeriod")}
              label="Limit per period"
              inputMode="numeric"
              helpText="Optional, with the period: e.g. 1 every 30 days."
            />
            <TextField {...field("limitPeriodDays")} label="Period" inputMode="numeric" suffix="days" />
          </FormLayout.Group>
          {props.tiers.length > 0 && (
            <Select
              name="minTierId"
              label="Minimum tier"
              options={[
                { label: "Any member", value: "" },
                ...props.tiers.map((t) => ({ label: t.name, value: t.id })),
              ]}
              value={props.fields.minTierId ?? ""}
              error={props.errors.minTierId}
              onChange={(value) => props.onChange("minTierId", value)}
              helpText="Members below it see the reward locked, with “Unlocks at” the tier."
            />
          )}
          {props.tiers.length === 0 && <input type="hidden" name="minTierId" value="" />}
          <FormLayout.Group>
            <TextField {...field("redeemFrom")} label="Redeemable from" placeholder="YYYY-MM-DD" />
            <TextField
              {...field("redeemUntil")}
              label="Redeemable until"
              placeholder="YYYY-MM-DD"
              helpText={`Optional, your shop's time (${props.timeZone}); the end is not included.`}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField {...field("showFrom")} label="Shown from" placeholder="YYYY-MM-DD" />
            <TextField
              {...field("showUntil")}
              label="Shown until"
              placeholder="YYYY-MM-DD"
              helpText={`Optional, your shop's time (${props.timeZone}). Empty dates: always.`}
            />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

const COMBINES = [
  { name: "combinesWithOrder", label: "Other order discounts" },
  { name: "combinesWithProduct", label: "Product discounts" },
  { name: "combinesWithShipping", label: "Shipping discounts" },
] as const;

export function CodeSection(props: SectionProps) {
  const field = useField(props);
  if (!(CODE_KINDS as readonly string[]).includes(props.fields.kind ?? "")) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          The discount code
        </Text>
        <Text as="p" tone="subdued">
          Each redemption creates a single-use code for that customer only.
        </Text>
        <FormLayout>
          <TextField
            {...field("codeExpiryDays")}
            label="Code expires after"
            inputMode="numeric"
            suffix="days"
            helpText="Optional. Empty: the code does not expire."
          />
          <BlockStack gap="100">
            <Text as="p">Combines at checkout with</Text>
            {COMBINES.map(({ name, label }) => (
              <div key={name}>
                <input type="hidden" name={name} value={props.fields[name] === "true" ? "true" : "false"} />
                <Checkbox
                  label={label}
                  checked={props.fields[name] === "true"}
                  error={props.errors[name]}
                  onChange={(checked) => props.onChange(name, String(checked))}
                />
              </div>
            ))}
          </BlockStack>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

/** Other languages: a row per locale, the default language's text used where one is empty. */
export function TranslationsSection(props: SectionProps & { rows: number; onAddRow: () => void }) {
  const field = useField(props);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Other languages
        </Text>
        <Text as="p" tone="subdued">
          Shoppers browsing your store in a language listed here see these words; elsewhere they see the title and
          description above.
        </Text>
        {Array.from({ length: props.rows }, (_, index) => (
          <FormLayout key={index}>
            <FormLayout.Group condensed>
              <TextField
                {...field(`translations.${index}.locale`)}
                label="Language"
                helpText={index === 0 ? "A language code: fr, de, pt-BR." : undefined}
              />
              <TextField {...field(`translations.${index}.title`)} label="Title in this language" />
              <TextField {...field(`translations.${index}.description`)} label="Description in this language" />
            </FormLayout.Group>
          </FormLayout>
        ))}
        <InlineStack>
          <Button onClick={props.onAddRow}>Add a language</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
