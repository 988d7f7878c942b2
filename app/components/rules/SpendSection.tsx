/** Purchases: the rate, what counts as spend, and the sales channels that earn. */
import { BlockStack, Card, Checkbox, FormLayout, InlineError, Select, Text, TextField } from "@shopify/polaris";
import { formatOneUnit } from "../../domain/money";
import { bind, bindFlag, type SectionProps } from "./section";

const ROUNDING_CHOICES = [
  { label: "Round down: never more than the rate promises", value: "down" },
  { label: "Round to the nearest point", value: "nearest" },
];

export function SpendSection(props: SectionProps & { currencyCode: string }) {
  const unit = formatOneUnit(props.currencyCode);
  return (
    <>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Points on purchases
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField
                {...bind(props, "pointsPerUnit")}
                label="Points per unit spent"
                inputMode="decimal"
                suffix={`points per ${unit}`}
                helpText="Up to two decimals, for example 1.5. Spend is after discounts, without shipping and tax."
              />
              <Select {...bind(props, "rounding")} label="Rounding" options={ROUNDING_CHOICES} />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                {...bind(props, "minimumOrder")}
                label="Minimum order"
                inputMode="decimal"
                suffix={props.currencyCode}
                placeholder="No minimum"
                helpText="Smaller orders earn nothing."
              />
              <TextField
                {...bind(props, "firstOrderBonusPoints")}
                label="Bonus on a shopper’s first order"
                inputMode="numeric"
                suffix="points"
              />
            </FormLayout.Group>
            <TextField
              {...bind(props, "excludedProductTags")}
              label="Products that earn nothing"
              placeholder="gift-card, clearance"
              helpText="Product tags, separated by commas. Spend on products with any of these tags earns no points."
            />
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Sales channels
          </Text>
          <FormLayout>
            <Checkbox {...bindFlag(props, "channel.online_store")} label="Online store" />
            <Checkbox {...bindFlag(props, "channel.pos")} label="Point of sale (POS)" />
            {props.fields["channel.pos"] === "true" && (
              <TextField
                {...bind(props, "posLocationIds")}
                label="POS locations"
                placeholder="Every location"
                helpText="Location ids, separated by commas, to limit points to some stores."
              />
            )}
            <Checkbox {...bindFlag(props, "channel.draft_order")} label="Draft orders" />
            <TextField
              {...bind(props, "otherSources")}
              label="Other sales channels"
              placeholder="None"
              helpText="The source names Shopify gives their orders, separated by commas, for example a marketplace app’s or your mobile app’s."
            />
          </FormLayout>
          {props.errors.channels && <InlineError message={props.errors.channels} fieldID="channels" />}
        </BlockStack>
      </Card>
    </>
  );
}
