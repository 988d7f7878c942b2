/**
 * The Events API page: what a developer needs to post events for this shop (endpoint, the
 * shop's secret, the custom actions the rules reward, a request to try), and creating or
 * rotating the secret. The API itself is app/routes/api.v1.events.tsx.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Card, Layout, Link, Page, Text } from "@shopify/polaris";
import { ActionsCard } from "../components/events-api/ActionsCard";
import { CopyField } from "../components/events-api/CopyField";
import { SecretCard } from "../components/events-api/SecretCard";
import { readAdminForm } from "../admin/form-body.server";
import { db } from "../db.server";
import { EVENTS_API_PATH, HEADERS } from "../domain/events-api";
import { sampleCurl } from "../domain/events-api-curl";
import { env } from "../env.server";
import { eventsSecretStatus, rotateEventsSecret } from "../events/secrets.server";
import { listRules } from "../rules/rules.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Events API · Loyalty Bazaar" }];

const endpoint = () => new URL(EVENTS_API_PATH, env.SHOPIFY_APP_URL).toString();

/** The custom rules' keys: the `action` values the API accepts for this shop. */
async function customActions(shopId: string) {
  return (await listRules(db, shopId)).flatMap(({ rule }) =>
    rule?.kind === "custom" ? [{ key: rule.key, name: rule.name, points: rule.points, active: rule.active }] : [],
  );
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const actions = await customActions(shop.id);
  return {
    endpoint: endpoint(),
    headers: HEADERS,
    referenceUrl: new URL("/api/v1/openapi.json", env.SHOPIFY_APP_URL).toString(),
    shopDomain: shop.domain,
    secret: eventsSecretStatus(shop.eventsSecret),
    engagementPaused: shop.engagementPaused,
    actions,
    curl: sampleCurl({ endpoint: endpoint(), shopDomain: shop.domain, action: actions[0]?.key ?? null }),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const form = await readAdminForm(request);
  if (form.get("intent") !== "rotate")
    return data({ error: "Unknown request.", secret: null, curl: null }, { status: 400 });
  const secret = await rotateEventsSecret(db, shop.id);
  const actions = await customActions(shop.id);
  // The sample with the new secret in it: shown this once, like the secret.
  return {
    error: null,
    secret,
    curl: sampleCurl({ endpoint: endpoint(), shopDomain: shop.domain, action: actions[0]?.key ?? null, secret }),
  };
};

export default function EventsApiPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const newSecret = result?.secret ?? null;
  const { headers } = page;

  return (
    <Page
      title="Events API"
      subtitle="Award points for what customers do in your mobile app or your other systems."
      backAction={{ content: "Members", url: "/app/members" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Endpoint
                </Text>
                <CopyField label="POST requests to" value={page.endpoint} />
                <CopyField label={`${headers.shop} header`} value={page.shopDomain} />
                <Text as="p" tone="subdued">
                  Each request carries the customer’s Shopify id and an action, is signed with the events secret, and
                  has its own {headers.idempotencyKey} so that a retry never awards twice. The{" "}
                  <Link url={page.referenceUrl} target="_blank">
                    API reference (OpenAPI)
                  </Link>{" "}
                  lists every field and error.
                </Text>
              </BlockStack>
            </Card>
            <SecretCard
              configured={page.secret.configured}
              hint={page.secret.hint}
              newSecret={newSecret}
              submitting={submitting}
            />
            <ActionsCard actions={page.actions} engagementPaused={page.engagementPaused} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Try it
                </Text>
                <Text as="p">
                  Paste this in a terminal (it needs openssl and curl)
                  {newSecret ? ", with your new secret already in it" : ", after putting your secret in the first line"}
                  .
                </Text>
                <Text as="p" tone="subdued">
                  As it is, it awards nothing: once the signature is checked, the API refuses its placeholder customer
                  with <code>invalid_body</code>. Put one of your customers’ ids in its place to see points awarded.
                </Text>
                <CopyField label="Sample request" value={result?.curl ?? page.curl} multiline={11} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
