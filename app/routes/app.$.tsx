/**
 * Any /app/* address the app does not have (a stale bookmark, a mistyped link): a 404 that
 * is still the admin, with its menu and a way back, rather than a bare error page.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => [{ title: "Page not found · Loyalty Bazaar" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return data({ path: new URL(request.url).pathname }, { status: 404 });
};

export default function NotFoundPage() {
  const { path } = useLoaderData<typeof loader>();
  return (
    <Page title="Page not found" backAction={{ content: "Dashboard", url: "/app" }}>
      <Card>
        <BlockStack gap="300">
          <Text as="p">
            There is no page at <code style={{ overflowWrap: "anywhere" }}>{path}</code> in Loyalty Bazaar. The link may
            be out of date, or mistyped.
          </Text>
          <InlineStack gap="200">
            <Button url="/app/members" variant="primary">
              Go to members
            </Button>
            <Button url="/app/rules">Earning rules</Button>
            <Button url="/app/settings">Settings</Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Page>
  );
}
