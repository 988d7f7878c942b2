import { Badge, BlockStack, Card, DataTable, Link, Text } from "@shopify/polaris";

export interface CustomAction {
  key: string;
  name: string;
  points: number;
  active: boolean;
}

/** The custom actions the shop's rules reward: the `action` values the API accepts. */
export function ActionsCard({ actions, engagementPaused }: { actions: CustomAction[]; engagementPaused: boolean }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Custom actions
        </Text>
        {actions.length === 0 ? (
          <Text as="p">
            No custom earning rule yet. Create one on the <Link url="/app/rules">Earning rules</Link> page (a custom
            action, with a key such as <code>app_launched</code>); its key is what your systems send as{" "}
            <code>action</code>.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text"]}
            headings={["Action key", "Rule", "Points", "Status"]}
            rows={actions.map((a) => [
              <code key="key">{a.key}</code>,
              a.name,
              a.points,
              a.active ? <Badge tone="success">Active</Badge> : <Badge>Paused</Badge>,
            ])}
          />
        )}
        {engagementPaused && (
          <Text as="p" tone="caution">
            Engagement points are paused for the shop: events are accepted and answered, but award nothing until you
            resume them.
          </Text>
        )}
        <Text as="p" tone="subdued">
          The API also takes the built-in events <code>visit</code>, <code>store_search</code>,{" "}
          <code>offer_viewed</code>, <code>share</code> and <code>follow</code>, awarded by your rules of those kinds.
        </Text>
      </BlockStack>
    </Card>
  );
}
