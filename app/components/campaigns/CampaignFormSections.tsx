/**
 * The campaign editor's sections (name, effect, who it applies to, schedule), each control
 * writing one flat field of app/domain/campaigns/form.ts; lists are kept comma-separated.
 */
import { BlockStack, Card, ChoiceList, FormLayout, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import { CHANNEL_LABELS, MONTH_CHOICES, WEEKDAY_CHOICES } from "../../domain/campaigns/admin-summary";
import { CAMPAIGN_CHANNELS, type CampaignFields } from "../../domain/campaigns/form";

interface Props {
  fields: CampaignFields;
  errors: Record<string, string>;
  choices: { rules: Choice[]; tiers: Choice[]; rewards: Choice[] };
  timeZone: string;
  onChange: (name: string, value: string) => void;
}
interface Choice {
  id: string;
  name: string;
}

const listOf = (value: string | undefined) => (value ?? "").split(",").filter(Boolean);

export function CampaignFormSections({ fields, errors, choices, timeZone, onChange }: Props) {
  const text = (name: string, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      label={label}
      autoComplete="off"
      value={fields[name] ?? ""}
      onChange={(value) => onChange(name, value)}
      error={errors[name]}
      {...extra}
    />
  );
  const many = (name: string, title: string, options: { label: string; value: string }[]) => (
    <ChoiceList
      allowMultiple
      title={title}
      choices={options}
      selected={listOf(fields[name])}
      onChange={(selected) => onChange(name, selected.join(","))}
      error={errors[name]}
    />
  );
  const ids = (items: Choice[]) => items.map((i) => ({ label: i.name, value: i.id }));
  const effect = fields.effect;
  const schedule = fields.scheduleType;

  return (
    <BlockStack gap="400">
      <Card>
        <FormLayout>
          {text("title", "Name", { helpText: "Shoppers see it in the widget, for example “Double points weekend”." })}
          <Select
            label="What it does"
            options={[
              { label: "Multiply the points earned", value: "multiplier" },
              { label: "Add bonus points to each award", value: "bonus" },
              { label: "Change reward prices", value: "reward_price" },
            ]}
            value={effect}
            onChange={(value) => onChange("effect", value)}
            error={errors.effect}
          />
          {effect === "multiplier" &&
            text("multiplier", "Multiplier", { prefix: "×", helpText: "2 doubles the points; 1.5 adds half again." })}
          {effect === "bonus" && text("bonusPoints", "Bonus points per award", { type: "number", suffix: "points" })}
          {effect === "reward_price" && (
            <>
              <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                {text("costPercentOff", "Fewer points", { type: "number", suffix: "%", helpText: "Up to 90%." })}
                {text("valuePercentUp", "More value", { type: "number", suffix: "%", helpText: "Up to 500%." })}
              </InlineGrid>
              {many("rewardIds", "Rewards (none chosen: every reward)", ids(choices.rewards))}
            </>
          )}
        </FormLayout>
      </Card>
      {effect !== "reward_price" && (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Who and what it applies to
            </Text>
            <Text as="p" tone="subdued">
              Leave everything empty to boost every award of every member. Each choice narrows it.
            </Text>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              {many("ruleIds", "Earning rules", ids(choices.rules))}
              {many(
                "channels",
                "Sales channels (orders only)",
                CAMPAIGN_CHANNELS.map((c) => ({ label: CHANNEL_LABELS[c]!, value: c })),
              )}
              {choices.tiers.length > 0 && many("tierIds", "VIP tiers", ids(choices.tiers))}
            </InlineGrid>
            <FormLayout>
              {text("productTags", "Product tags", { helpText: "Comma-separated: only the spend on these products." })}
              {text("customerTags", "Customer tags", { helpText: "Comma-separated: only customers with one of them." })}
            </FormLayout>
          </BlockStack>
        </Card>
      )}
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            When it runs
          </Text>
          <Select
            label="Runs"
            options={[
              { label: "Once, between two dates", value: "once" },
              { label: "Every week, on chosen days", value: "weekly" },
              { label: "Every month, on chosen days", value: "monthly" },
              { label: "Every year, in chosen months", value: "yearly" },
            ]}
            value={schedule}
            onChange={(value) => onChange("scheduleType", value)}
            error={errors.scheduleType}
          />
          {schedule === "once" && (
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              {text("startDate", "Start date", { type: "date" })}
              {text("startTime", "Start time", { type: "time", helpText: "Empty: from midnight." })}
              {text("endDate", "End date", { type: "date" })}
              {text("endTime", "End time", { type: "time", helpText: "Empty: to the end of the day." })}
            </InlineGrid>
          )}
          {schedule === "weekly" && many("weekdays", "Days of the week", WEEKDAY_CHOICES)}
          {schedule === "monthly" && (
            <InlineGrid columns={2} gap="300">
              {text("fromDay", "From day", { type: "number", helpText: "1 to 31" })}
              {text("toDay", "To day", { type: "number", helpText: "31: to the month's last day" })}
            </InlineGrid>
          )}
          {schedule === "yearly" && many("months", "Months", MONTH_CHOICES)}
          {schedule !== "once" && (
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              {text("startsOn", "First day (optional)", { type: "date" })}
              {text("endsOn", "Last day (optional)", { type: "date" })}
            </InlineGrid>
          )}
          <Text as="p" tone="subdued">
            Dates and times are your shop&apos;s, {timeZone}.
          </Text>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
