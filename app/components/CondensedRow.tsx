/**
 * A table row as Polaris lays it out on a narrow screen (IndexTable's `condensed` list):
 * the row's name and its key figure on one line, the rest below, everything wrapping inside
 * the screen instead of a table wider than it.
 */
import { BlockStack, Box, InlineStack } from "@shopify/polaris";
import type { ReactNode } from "react";

export function CondensedRow({
  title,
  aside,
  children,
}: {
  title: ReactNode;
  aside?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div
      style={{ padding: "var(--p-space-300) var(--p-space-400)", width: "100%", minWidth: 0, overflowWrap: "anywhere" }}
    >
      <BlockStack gap="100">
        <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
          <Box minWidth="0">{title}</Box>
          {aside}
        </InlineStack>
        {children}
      </BlockStack>
    </div>
  );
}
