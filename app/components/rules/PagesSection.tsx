/** The pages a page-visit rule rewards: a pattern each, and the name shoppers see. */
import { BlockStack, Button, Card, FormLayout, InlineError, InlineStack, Text, TextField } from "@shopify/polaris";
import { MAX_PAGES, pageRows, withPageRows, type RuleFields } from "../../domain/rules/form";
import type { SectionProps } from "./section";

export function PagesSection(props: SectionProps & { onReplace: (fields: RuleFields) => void }) {
  const { fields, errors, onChange, onReplace } = props;
  const rows = pageRows(fields);
  const setRows = (next: { pattern: string; label: string }[]) => onReplace(withPageRows(fields, next));
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Pages
          </Text>
          <Text as="p" tone="subdued">
            A page’s address in your store, such as /pages/lookbook. A * matches anything: /blogs/news/* is every news
            article.
          </Text>
        </BlockStack>
        {rows.map((row, i) => (
          <FormLayout key={i}>
            <FormLayout.Group>
              <TextField
                label={`Page ${i + 1}`}
                value={row.pattern}
                error={errors[`pages.${i}.pattern`]}
                autoComplete="off"
                placeholder="/pages/lookbook"
                onChange={(value) => onChange(`pages.${i}.pattern`, value)}
              />
              <TextField
                label={`Name shown to shoppers (page ${i + 1})`}
                value={row.label}
                error={errors[`pages.${i}.label`]}
                autoComplete="off"
                placeholder="Optional, for example “the Lookbook”"
                maxLength={80}
                onChange={(value) => onChange(`pages.${i}.label`, value)}
                connectedRight={
                  <Button
                    accessibilityLabel={`Remove page ${i + 1}`}
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                    disabled={rows.length === 1}
                  >
                    Remove
                  </Button>
                }
              />
            </FormLayout.Group>
          </FormLayout>
        ))}
        {errors.pages && <InlineError message={errors.pages} fieldID="pages" />}
        <InlineStack>
          <Button onClick={() => setRows([...rows, { pattern: "", label: "" }])} disabled={rows.length >= MAX_PAGES}>
            Add a page
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
