/**
 * The challenge editor's sections for each kind (what counts and the goal, the window or
 * streak period, what completing gives, dates), each control writing one flat field of
 * app/domain/challenges/form.ts.
 */
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  FormLayout,
  InlineGrid,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { MAX_STEPS, stepIndexes, type ChallengeFields } from "../../domain/challenges/form";
import { PROFILE_FIELDS } from "../../domain/rules/rule";
import { currencyExponent } from "../../domain/money";

interface Props {
  fields: ChallengeFields;
  errors: Record<string, string>;
  rewards: { id: string; name: string }[];
  currencyCode: string;
  timeZone: string;
  onChange: (name: string, value: string) => void;
}

const CHALLENGE_MEASURES = [
  { label: "Visits (one a day)", value: "visits" },
  { label: "Orders", value: "orders" },
  { label: "Spend", value: "spend" },
  { label: "Pages of your choice", value: "pages" },
  { label: "Shares", value: "shares" },
  { label: "A custom action", value: "custom_actions" },
  { label: "Profile details filled", value: "profile_fields" },
];
const MILESTONE_MEASURES = [
  { label: "Orders in all", value: "orders" },
  { label: "Spend in all", value: "spend" },
  { label: "Points earned in all", value: "points_earned" },
  { label: "Days as a member", value: "membership_days" },
];
const PROFILE_LABELS: Record<string, string> = {
  name: "Name",
  birthday: "Birthday",
  phone: "Phone",
  address: "Address",
  marketing_consent: "Email marketing consent",
};

export function ChallengeFormSections({ fields, errors, rewards, currencyCode, timeZone, onChange }: Props) {
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
  const select = (name: string, label: string, options: { label: string; value: string }[]) => (
    <Select
      label={label}
      options={options}
      value={fields[name] ?? ""}
      onChange={(value) => onChange(name, value)}
      error={errors[name]}
    />
  );
  const rewardOptions = [
    { label: "Choose a reward", value: "" },
    ...rewards.map((r) => ({ label: r.name, value: r.id })),
  ];
  const reward = (type: string, points: string, rewardId: string, label = "Completing gives") => (
    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
      {select(type, label, [
        { label: "Points", value: "points" },
        { label: "A reward from the catalogue", value: "reward" },
      ])}
      {fields[type] === "reward"
        ? select(rewardId, "Reward", rewardOptions)
        : text(points, "Points", { type: "number", suffix: "points" })}
    </InlineGrid>
  );
  const kind = fields.kind;
  const measure = fields.measure;
  const money = currencyExponent(currencyCode) === 0 ? "100" : "100.00";

  const goalLabel =
    measure === "spend"
      ? `Amount to spend (${currencyCode})`
      : measure === "points_earned"
        ? "Points to earn"
        : measure === "membership_days"
          ? "Days as a member"
          : kind === "milestone"
            ? "Number of orders"
            : "How many";

  return (
    <BlockStack gap="400">
      <Card>
        <FormLayout>
          {text("title", "Name", {
            helpText: "Shoppers see it with its progress bar, for example “Visit 5 times this month”.",
          })}
          {text("description", "Description (optional)", { multiline: 2 })}
        </FormLayout>
      </Card>
      {kind !== "streak" ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              The goal
            </Text>
            <FormLayout>
              {select("measure", "What counts", kind === "milestone" ? MILESTONE_MEASURES : CHALLENGE_MEASURES)}
              {text("goal", goalLabel, {
                inputMode: measure === "spend" ? "decimal" : "numeric",
                placeholder: measure === "spend" ? money : undefined,
              })}
              {measure === "pages" &&
                text("pages", "Pages", { helpText: "Comma-separated, such as /pages/lookbook, /blogs/news/*" })}
              {measure === "custom_actions" &&
                text("actionKey", "Action key", { helpText: "As your app sends it, such as app_launched." })}
              {measure === "profile_fields" && (
                <ChoiceList
                  allowMultiple
                  title="Profile details"
                  choices={PROFILE_FIELDS.map((f) => ({ label: PROFILE_LABELS[f] ?? f, value: f }))}
                  selected={(fields.profileFields ?? "").split(",").filter(Boolean)}
                  onChange={(selected) => onChange("profileFields", selected.join(","))}
                  error={errors.profileFields}
                />
              )}
              {kind === "challenge" && (
                <>
                  {select("window", "Counted over", [
                    { label: "Each calendar month", value: "month" },
                    { label: "Each week (from Monday)", value: "week" },
                    { label: "Between two dates", value: "range" },
                  ])}
                  {fields.window === "range" ? (
                    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                      {text("windowStartsOn", "First day", { type: "date" })}
                      {text("windowEndsOn", "Last day", { type: "date" })}
                    </InlineGrid>
                  ) : (
                    <Checkbox
                      label="A new goal every window"
                      helpText="Off: only the window it starts in counts."
                      checked={fields.repeat === "true"}
                      onChange={(checked) => onChange("repeat", String(checked))}
                    />
                  )}
                </>
              )}
              {reward("rewardType", "rewardPoints", "rewardId")}
            </FormLayout>
          </BlockStack>
        </Card>
      ) : (
        <StreakSection {...{ fields, errors, onChange, text, select, reward }} />
      )}
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            When it is on
          </Text>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            {text("startsOn", "First day (optional)", { type: "date", helpText: "Empty: from now." })}
            {text("endsOn", "Last day (optional)", { type: "date", helpText: "Empty: no end." })}
          </InlineGrid>
          {kind !== "milestone" || measure === "orders" || measure === "spend" ? (
            <Checkbox
              label="Keep the bonus if the order behind it is refunded or cancelled"
              checked={fields.keepOnRefund === "true"}
              onChange={(checked) => onChange("keepOnRefund", String(checked))}
            />
          ) : null}
          <Text as="p" tone="subdued">
            Days are your shop&apos;s, {timeZone}.
          </Text>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

function StreakSection({
  fields,
  errors,
  onChange,
  text,
  select,
  reward,
}: Pick<Props, "fields" | "errors" | "onChange"> & {
  text: (name: string, label: string, extra?: Partial<Parameters<typeof TextField>[0]>) => JSX.Element;
  select: (name: string, label: string, options: { label: string; value: string }[]) => JSX.Element;
  reward: (type: string, points: string, rewardId: string, label?: string) => JSX.Element;
}) {
  const rows = stepIndexes(fields);
  const next = (rows[rows.length - 1] ?? -1) + 1;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          The streak
        </Text>
        <FormLayout>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            {select("action", "What keeps it going", [
              { label: "An order", value: "orders" },
              { label: "A visit", value: "visits" },
              { label: "A custom action", value: "custom_actions" },
            ])}
            {select("period", "In a row, every", [
              { label: "Week (from Monday)", value: "week" },
              { label: "Day", value: "day" },
            ])}
          </InlineGrid>
          {fields.action === "custom_actions" && text("actionKey", "Action key")}
          {text("graceMissed", "Missed periods forgiven", {
            type: "number",
            helpText: "0 to 3: how many missed days or weeks a streak survives.",
          })}
        </FormLayout>
        <Text as="h3" variant="headingSm">
          Rewards at lengths
        </Text>
        {errors.steps && (
          <Text as="p" tone="critical">
            {errors.steps}
          </Text>
        )}
        {rows.map((i) => (
          <InlineGrid key={i} columns={{ xs: 1, sm: ["oneThird", "twoThirds"] }} gap="300">
            {text(`steps.${i}.length`, "Length in a row", { type: "number" })}
            {reward(`steps.${i}.rewardType`, `steps.${i}.points`, `steps.${i}.rewardId`, "Gives")}
          </InlineGrid>
        ))}
        {rows.length < MAX_STEPS && (
          <div>
            <Button
              onClick={() => {
                onChange(`steps.${next}.length`, "");
                onChange(`steps.${next}.rewardType`, "points");
              }}
            >
              Add a length
            </Button>
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
