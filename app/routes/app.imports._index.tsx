/**
 * The Import page: upload another programme's CSV export (Smile, LoyaltyLion, Yotpo or a
 * generic layout) for a dry run, and the shop's imports so far. The file streams into the
 * import (app/imports/upload-request.server.ts); the dry run and Apply are on
 * /app/imports/:importId. The same file twice opens the import it already is.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Layout,
  Page,
  ResourceItem,
  ResourceList,
  Select,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { adminUrl } from "../admin/admin-url";
import { db } from "../db.server";
import { IMPORT_PRESETS, PRESET_LAYOUTS } from "../domain/imports/presets";
import { IMPORT_STATUS_LABELS } from "../components/imports/import-status";
import { listImports } from "../imports/imports.server";
import { receiveImportUpload } from "../imports/upload-request.server";
import { authenticate } from "../shopify.server";
import { requireShop } from "../shops/shops.server";

export const meta: MetaFunction = () => [{ title: "Import · Loyalty Bazaar" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await requireShop(db, session.shop);
  const imports = await listImports(db, shop.id);
  return {
    imports: imports.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })),
    presets: IMPORT_PRESETS.map((preset) => ({ value: preset, label: PRESET_LAYOUTS[preset].label })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const auth = await authenticate.admin(request);
  const shop = await requireShop(db, auth.session.shop);
  // Token exchange sessions carry no staff e-mail; the session token names the user (`sub`).
  const sub = "sessionToken" in auth ? auth.sessionToken?.sub : undefined;
  const uploaded = await receiveImportUpload(db, shop.id, request, sub ? String(sub) : null);
  if (!uploaded.ok) return data({ error: uploaded.message }, { status: 400 });
  return redirect(adminUrl(request, `/app/imports/${uploaded.importId}`, uploaded.reused ? { again: "1" } : {}));
};

export default function ImportsPage() {
  const { imports, presets } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [preset, setPreset] = useState<string>(presets[0]!.value);
  const uploading = navigation.state === "submitting";

  return (
    <Page
      title="Import"
      subtitle="Bring members' points from your previous rewards programme. Nothing is posted until you apply."
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {answer && "error" in answer && (
              <Banner tone="critical" title="The file was not imported">
                <p>{answer.error}</p>
              </Banner>
            )}
            <Card>
              <Form method="post" encType="multipart/form-data">
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Upload a CSV export
                  </Text>
                  {/* The preset comes before the file in the form: the server reads it first. */}
                  <Select label="Exported from" name="preset" options={presets} value={preset} onChange={setPreset} />
                  <label htmlFor="import-file">
                    <Text as="span">CSV file</Text>
                  </label>
                  <input id="import-file" type="file" name="file" accept=".csv,text/csv" required />
                  <Text as="p" tone="subdued">
                    Each row needs a Shopify customer id or an e-mail, and the points. A customer id that is not a
                    member yet becomes one when you apply; an e-mail must be a member&apos;s already. Tier (by name),
                    birthday and referral code columns are read when present.
                  </Text>
                  <div>
                    <Button submit variant="primary" loading={uploading}>
                      Upload for a dry run
                    </Button>
                  </div>
                </BlockStack>
              </Form>
            </Card>
            <Card padding="0">
              <ResourceList
                resourceName={{ singular: "import", plural: "imports" }}
                items={imports}
                emptyState={
                  <div style={{ padding: "16px" }}>
                    <Text as="p" tone="subdued">
                      No imports yet.
                    </Text>
                  </div>
                }
                renderItem={(item) => (
                  <ResourceItem
                    id={item.id}
                    url={`/app/imports/${item.id}`}
                    accessibilityLabel={`Open ${item.fileName}`}
                  >
                    <Text as="h3" variant="bodyMd" fontWeight="semibold">
                      {item.fileName}
                    </Text>
                    <Text as="p" tone="subdued">
                      {PRESET_LAYOUTS[item.preset as keyof typeof PRESET_LAYOUTS]?.label ?? item.preset} ·{" "}
                      {IMPORT_STATUS_LABELS[item.status] ?? item.status} · {item.matchedRows} of {item.totalRows} rows
                      matched · {item.totalPoints} points · {new Date(item.createdAt).toLocaleString()}
                    </Text>
                  </ResourceItem>
                )}
              />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
