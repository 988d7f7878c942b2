/**
 * The members search box and tier filter. It is a GET form (`?q=&tier=`), so a search is a
 * link the merchant can share or bookmark; typing submits after a short pause, Enter and
 * choosing a tier submit at once.
 */
import { Form, useSubmit } from "@remix-run/react";
import { Box, InlineStack, Select, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

export const MAX_SEARCH_LENGTH = 100;
const TYPING_PAUSE_MS = 300;

/** "" for every member, "none" for members without a tier, else a tier's id. */
export interface TierChoice {
  label: string;
  value: string;
}

export function MemberSearch({
  initialQuery,
  error,
  tier = "",
  tierChoices = [],
}: {
  initialQuery: string;
  error?: string;
  tier?: string;
  /** The shop's tiers; no filter is shown for a shop without tiers. */
  tierChoices?: readonly TierChoice[];
}) {
  const submit = useSubmit();
  const [query, setQuery] = useState(initialQuery);
  const pending = useRef<ReturnType<typeof setTimeout>>();

  // Back/forward changes the search in the URL: show that search in the box.
  useEffect(() => setQuery(initialQuery), [initialQuery]);
  useEffect(() => () => clearTimeout(pending.current), []);

  function search(value: string, tierValue = tier) {
    clearTimeout(pending.current);
    // A new search starts at page 1, and an empty one leaves no `?q=` (or `?tier=`) behind.
    const params: Record<string, string> = value.trim() ? { q: value.trim() } : {};
    if (tierValue) params.tier = tierValue;
    submit(params, { method: "get", action: "/app/members", replace: true });
  }

  return (
    <Form
      method="get"
      action="/app/members"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        search(query);
      }}
    >
      <InlineStack gap="200" wrap={false} blockAlign="start">
        <Box width="100%">
          <TextField
            label="Search members"
            labelHidden
            name="q"
            type="search"
            placeholder="Search by name or e-mail"
            autoComplete="off"
            maxLength={MAX_SEARCH_LENGTH}
            value={query}
            error={error}
            clearButton
            onClearButtonClick={() => {
              setQuery("");
              search("");
            }}
            onChange={(value) => {
              setQuery(value);
              clearTimeout(pending.current);
              pending.current = setTimeout(() => search(value), TYPING_PAUSE_MS);
            }}
          />
        </Box>
        {tierChoices.length > 0 && (
          <Select
            label="Tier"
            labelHidden
            name="tier"
            value={tier}
            options={[{ label: "All tiers", value: "" }, ...tierChoices, { label: "No tier", value: "none" }]}
            onChange={(value) => search(query, value)}
          />
        )}
      </InlineStack>
    </Form>
  );
}
