/**
 * Shopify webhooks the app acknowledged but could not use (dead letters): how many, and the
 * newest few with their topic and reason, so the merchant knows points may be missing and
 * can ask for a replay. Shows nothing when there are none. Loads its own data so that any
 * page can include it with one line.
 */
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, List, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { DeadLettersData } from "../routes/app.webhooks.dead-letters";

export const DEAD_LETTERS_PATH = "/app/webhooks/dead-letters";

export function DeadLettersBanner() {
  const fetcher = useFetcher<DeadLettersData>();
  useEffect(() => {
    if (fetcher.state === "idle" && !fetcher.data) fetcher.load(DEAD_LETTERS_PATH);
  }, [fetcher]);

  const data = fetcher.data;
  if (!data || data.count === 0) return null;
  return <DeadLettersNotice {...data} />;
}

export function DeadLettersNotice({ shopDomain, count, newest }: DeadLettersData) {
  const [them, were] = count === 1 ? ["it", "it was"] : ["them", "they were"];
  return (
    <Banner
      tone="warning"
      title={`${count} Shopify ${count === 1 ? "notification" : "notifications"} could not be used`}
    >
      <BlockStack gap="200">
        <p>
          Shopify sent {them} and the app kept {them}, but {were} not applied, so some points may be missing. Ask your
          developer to check the reasons and replay {them} with{" "}
          <code>npm run webhooks:replay -- --shop {shopDomain}</code>.
        </p>
        <List>
          {newest.map((letter) => (
            <List.Item key={letter.id}>
              <Text as="span" fontWeight="semibold">
                {letter.topic}
              </Text>{" "}
              ({new Date(letter.receivedAt).toLocaleString()}): {letter.reason}
            </List.Item>
          ))}
        </List>
      </BlockStack>
    </Banner>
  );
}
